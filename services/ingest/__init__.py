"""The doors' way into storage, batched: the ingestor (`ingestor`), group commit (`commit`),
the heartbeat hot path (`steady_beats`), error reports in batches (`error_batches`) and what a
door tells its client it stored (`receipts`).

May import: everything below it (core … watch), models."""
