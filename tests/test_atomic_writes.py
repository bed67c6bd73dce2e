"""Interrupted writes leave the previous file intact: reports and claim sets are written to a
temporary file in the same folder and renamed over the old one.

A child process runs the real ``factcheck`` entry point with ``os.fsync`` made to announce
itself and hang: at that moment the new text is fully written to the temporary file but not
yet renamed. The test then interrupts the child (SIGINT, SIGTERM or SIGKILL) and checks the
old file, the exit status, the message and what is left in the folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factcheck import cli as cli_module

from corpus import FLAGSHIP, needs_flagship

pytestmark = [needs_flagship, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

HANG_IN_FSYNC = textwrap.dedent(
    """
    import os, sys, time

    def hang(fd):
        sys.stderr.write("WRITING\\n")
        sys.stderr.flush()
        time.sleep(120)

    os.fsync = hang
    from factcheck.cli import main
    main(sys.argv[1:])
    """
)

OLD = "previous report, reviewed by an editor\n"


@pytest.fixture
def story(tmp_path):
    folder = tmp_path / "story"
    shutil.copytree(FLAGSHIP / "sources", folder / "sources")
    return folder


def interrupted(args: list[str], cwd: Path, signum: int) -> subprocess.CompletedProcess:
    """Run factcheck ARGS in a child that hangs mid-write, send it ``signum``, and return what it did."""
    child = subprocess.Popen([sys.executable, "-c", HANG_IN_FSYNC, *args], cwd=cwd, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stderr.readline() == "WRITING\n"  # the new text is in the temporary file now
        child.send_signal(signum)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("signum, code, name", [(signal.SIGINT, 130, "SIGINT"), (signal.SIGTERM, 143, "SIGTERM")])
def test_signal_mid_write_keeps_the_old_report(tmp_path, story, signum, code, name):
    out = tmp_path / "reports" / "story.md"
    out.parent.mkdir()
    out.write_text(OLD, encoding="utf-8")
    result = interrupted(["run", str(story), "-o", str(out)], tmp_path, signum)
    assert result.returncode == code
    assert result.stderr.splitlines()[-1] == f"Error: interrupted ({name}); no file was left half-written"
    assert out.read_text(encoding="utf-8") == OLD
    assert leftovers(out.parent, {"story.md"}) == []  # the temporary file was removed


def test_sigkill_mid_write_keeps_the_old_report(tmp_path, story):
    """SIGKILL cannot be handled: the temporary file stays behind, but the report is still the old one."""
    out = tmp_path / "story.md"
    out.write_text(OLD, encoding="utf-8")
    result = interrupted(["run", str(story), "-o", str(out)], tmp_path, signal.SIGKILL)
    assert result.returncode == -signal.SIGKILL
    assert out.read_text(encoding="utf-8") == OLD
    [temp] = [p for p in tmp_path.iterdir() if p.name.startswith(".story.md.")]
    assert temp.name.endswith(".tmp") and temp.read_text(encoding="utf-8").startswith("# factcheck report: story")


def test_first_report_interrupted_leaves_nothing(tmp_path, story):
    result = interrupted(["run", str(story)], tmp_path, signal.SIGTERM)
    assert result.returncode == 143
    assert leftovers(tmp_path / "reports", set()) == []


def test_sigterm_mid_write_keeps_the_reviewed_claim_set(tmp_path, story):
    env = {**os.environ}
    subprocess.run([sys.executable, "-m", "factcheck", "extract", str(story)], check=True, capture_output=True, env=env)
    reviewed = (story / "claims.json").read_bytes()
    (story / "sources" / "coindesk.txt").write_text("Acme Corp. (ACME) revenue was $5 million.\n", encoding="utf-8")
    result = interrupted(["extract", str(story), "--force"], tmp_path, signal.SIGTERM)
    assert result.returncode == 143
    assert (story / "claims.json").read_bytes() == reviewed
    assert leftovers(story, {"claims.json", "sources"}) == []


def test_exception_mid_render_keeps_the_old_report(tmp_path, story, monkeypatch, capsys):
    """A bug while rendering: one line, exit 70, and the old report untouched."""
    from factcheck import report

    calls = []
    real = report.md_table

    def fail_on_third_table(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("cannot render this table")
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "md_table", fail_on_third_table)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    out = tmp_path / "story.md"
    out.write_text(OLD, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        cli_module.main(["run", str(story), "-o", str(out)])
    assert exit_.value.code == 70
    assert len(calls) == 3
    err = capsys.readouterr().err
    assert err.startswith("Error: internal error at test_atomic_writes.py:") and "(ValueError: cannot render this table)" in err
    assert out.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path, {"story.md", "story"}) == []


def test_disk_full_mid_write_keeps_the_old_report(tmp_path, story, monkeypatch):
    import errno

    from click.testing import CliRunner

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "story.md"
    out.write_text(OLD, encoding="utf-8")
    result = CliRunner().invoke(cli_module.cli, ["run", str(story), "-o", str(out)])
    assert (result.exit_code, result.stderr) == (2, f"Error: {out}: cannot write there (No space left on device)\n")
    assert out.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path, {"story.md", "story"}) == []
