"""Connections and raw statements: the ORM and its migrations per dialect (`db`), transactions
that lock when they begin (`transaction`), our own SQLite connection for batches (`one_trip`),
the hot paths' statements (`sql`), whether Redis answers (`redis_state`), and every table
to a file and back, backups and restores (`moving`).

May import: core, models."""
