"""The only Telegram transport for outbox rows: the sender (`sender`), in order per chat,
within Telegram's limits (`pacing`).

May import: everything below it (core … ingest), models."""
