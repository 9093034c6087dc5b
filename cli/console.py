"""The one entry to the command line: `error-monitor <command>` (the console command that
pyproject.toml's [project.scripts] installs) and `python main.py <command>` both call main()."""

import sys
from pathlib import Path

from cli import commands
from services.core.settings import Settings


async def _serve(settings: Settings) -> None:
    """The bot, the API and the workers are imported for `run` only, so the other commands
    start without them (docs/BENCHMARKS.md, "Command line start-up")."""
    from cli.serve import run

    await run(settings)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments (sys.argv's by default), run the command, return the exit code.
    Usage lines name the command as it was typed: `error-monitor` or `python main.py`."""
    name = Path(sys.argv[0]).name
    prog = f"python {name}" if name.endswith(".py") else name
    return commands.main(sys.argv[1:] if argv is None else argv, _serve, prog)
