"""Connections and raw statements: the ORM and its migrations per dialect (`db`), transactions
that lock when they begin (`transaction`), our own SQLite connection for batches (`one_trip`),
the hot paths' statements (`sql`) and whether Redis answers (`redis_state`).

May import: core, models."""
