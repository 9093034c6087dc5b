"""What watches a project, and its state: monitor kinds, their pure status (`health`) and
the one writer of state. Nothing else changes a monitor's state columns.

May import: core, storage, formats, text, letters, models."""
