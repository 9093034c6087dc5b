"""Connections and raw statements: the ORM and its migrations per dialect (`db`), our SQLite
client with transactions that lock when they begin (`sqlite_backend`), the hot paths' statements
(`sql`) and whether Redis answers (`redis_state`).

May import: core, models."""
