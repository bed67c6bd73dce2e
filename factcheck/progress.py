"""A progress bar on standard error for runs over many articles.

Shown only when standard error is a terminal, the run is not ``--quiet`` and it has at
least ``MIN_ARTICLES`` articles; otherwise every call does nothing, so logs and pipes
stay clean.
"""

from __future__ import annotations

import sys

import click

MIN_ARTICLES = 20  # fewer articles finish before a bar would be worth drawing


class Progress:
    """Counts pipeline steps (two per article: read, then extracted) on a click progress bar."""

    def __init__(self, articles: int, quiet: bool = False, stream=None):
        stream = stream or sys.stderr
        shown = not quiet and articles >= MIN_ARTICLES and stream.isatty()
        self._bar = click.progressbar(length=2 * articles, label=f"checking {articles} articles", file=stream,
                                      show_eta=True) if shown else None

    def __call__(self, steps: int) -> None:
        if self._bar is not None:
            self._bar.update(steps)

    def __enter__(self):
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
