"""``python -m kamerbrief`` runs the command line, like the ``kamerbrief`` script."""

from kamerbrief.cli import run

run()
