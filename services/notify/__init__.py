"""What to say to whom: domain events turned into letters in each recipient's language
(`notifier`), the buttons and footers of living alerts (`alerts`), edits in place (`live`) and
outages merged into one message per chat (`incidents`).

May import: everything below it (core … accounts), models."""
