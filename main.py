"""Error Monitor from a checkout: `python main.py <command>` is `error-monitor <command>` (the
installed console command); both run cli/console.py's main(). `run` is wired in cli/serve.py."""

import sys

from cli.console import main

if __name__ == "__main__":
    sys.exit(main())
