"""The command line: `error-monitor <command>` (or `python main.py <command>`)."""
