"""``python -m factcheck``: the same as the ``factcheck`` command."""

from .cli import main

if __name__ == "__main__":
    main()
