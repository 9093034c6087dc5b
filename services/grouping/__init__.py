"""Error groups: fingerprints, exact counts per hour, whether a report is worth a message
(the verdict), reopening and pruning (`groups`).

May import: core, storage, formats, text, letters, monitors, models."""
