"""The progress bar: drawn on a terminal for runs over many articles, never in logs, pipes or with --quiet."""

from __future__ import annotations

import io

import pytest

from factcheck.progress import MIN_ARTICLES, Progress

from corpus import FLAGSHIP, needs_flagship


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def drawn(articles: int, quiet: bool = False, stream=None) -> str:
    stream = stream if stream is not None else Terminal()
    with Progress(articles, quiet, stream) as progress:
        for _ in range(2 * articles):
            progress(1)
    return stream.getvalue()


def test_a_terminal_sees_the_bar_to_the_end():
    out = drawn(40)
    assert "checking 40 articles" in out
    assert "100%" in out


@pytest.mark.parametrize("articles, quiet, stream", [
    (40, True, None),  # --quiet
    (40, False, io.StringIO()),  # not a terminal: a log file or a pipe
    (MIN_ARTICLES - 1, False, None),  # too few articles to be worth a bar
])
def test_no_bar(articles, quiet, stream):
    assert drawn(articles, quiet, stream) == ""


@needs_flagship
def test_cli_run_under_a_pipe_has_no_bar(runner, tmp_path, monkeypatch):
    """CliRunner's stderr is not a terminal: the run prints its 'wrote' line and nothing else."""
    from factcheck.cli import cli

    monkeypatch.setattr("factcheck.progress.MIN_ARTICLES", 1)  # the story is long enough for a bar
    result = runner.invoke(cli, ["run", str(FLAGSHIP), "--jobs", "1", "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1 and "%" not in result.output
