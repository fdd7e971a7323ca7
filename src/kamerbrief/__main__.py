"""The ``kamerbrief`` script and ``python -m kamerbrief``: the command line, Ctrl-C included.

The import of the command line (typer, rich: a tenth of a second) happens inside the guard,
so a Ctrl-C that arrives while it loads ends as quietly as one during a command.
"""

import sys


def main() -> None:
    try:
        from kamerbrief.cli import run
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
