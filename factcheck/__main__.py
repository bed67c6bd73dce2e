"""``python -m factcheck``: the same as the ``factcheck`` command."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="factcheck")
