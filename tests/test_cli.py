"""The ``factcheck`` command through click's CliRunner.

Most tests stand in for ``factcheck.pipeline.run_reports`` and ``factcheck.score`` (fixtures
in conftest.py) so they test the command layer alone; the tests at the end run the real
pipeline on the flagship story.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import cli
from factcheck.errors import SourceError
from factcheck.report import check_document

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = REPO / "claims" / "jpm-miners-2025-11"
CORPUS = REPO.parent / "shared" / "corpus"


SUMMARY = "(22 claims, 6 findings: 1 conflict, 2 scope, 2 timing, 1 self-contradiction)"


@pytest.fixture
def stories(tmp_path, monkeypatch):
    """A working folder with claims/<two stories>/sources/*.txt, as the current directory."""
    for name in ("beta", "alpha"):
        folder = tmp_path / "claims" / name / "sources"
        folder.mkdir(parents=True)
        (folder / "one.txt").write_text("outlet: X\n---\nText.\n")
        (folder / "two.txt").write_text("outlet: Y\n---\nText.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    doc = cli.commands[name].help
    assert doc and doc.strip().splitlines()[0] in " ".join(result.output.split())
    assert "Example:" in result.output and f"factcheck {name}" in result.output


def test_group_help_lists_commands(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "0.1.0" in result.output


# --- run ------------------------------------------------------------------------------------


def test_run_all_stories(runner, stories, fake_pipeline):
    result = runner.invoke(cli, ["run"])
    assert result.exit_code == 0, result.output
    assert fake_pipeline == [["claims/alpha"], ["claims/beta"]]
    assert result.stderr.splitlines() == [f"wrote reports/alpha.md {SUMMARY}", f"wrote reports/beta.md {SUMMARY}"]
    assert result.stdout == ""
    text = (stories / "reports" / "alpha.md").read_text(encoding="utf-8")
    assert text.startswith("# factcheck report: alpha\n")


def test_run_all_stories_json(runner, stories, fake_pipeline):
    result = runner.invoke(cli, ["run", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads((stories / "reports" / "beta.json").read_text(encoding="utf-8"))
    assert doc["story"] == "beta"
    assert check_document(doc) == []


def test_run_one_folder_to_stdout(runner, stories, fake_pipeline):
    result = runner.invoke(cli, ["run", "claims/beta", "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["story"] == "beta"
    assert result.stderr == f"wrote <stdout> {SUMMARY}\n"
    assert not (stories / "reports").exists()


def test_run_article_files_are_one_story(runner, stories, fake_pipeline):
    files = ["claims/alpha/sources/two.txt", "claims/alpha/sources/one.txt"]
    result = runner.invoke(cli, ["run", *files])
    assert result.exit_code == 0, result.output
    assert fake_pipeline == [files]
    assert result.stderr == f"wrote reports/alpha.md {SUMMARY}\n"


def test_run_out_file(runner, stories, fake_pipeline):
    result = runner.invoke(cli, ["run", "claims/alpha", "--out", "elsewhere/r.md"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote elsewhere/r.md {SUMMARY}\n"
    assert (stories / "elsewhere" / "r.md").read_text(encoding="utf-8").startswith("# factcheck report: alpha\n")
    assert not (stories / "reports").exists()


# Command lines that are the user's mistake -> (exit code, exact last line of output).
USAGE_ERRORS = [
    (["run", "missing-folder"], 2, "Error: missing-folder: no such file or directory"),
    (["run", "claims/alpha", "claims/beta"], 2,
     "Error: claims/alpha: a story folder must be given alone; pass one story folder or the article files of one story"),
    (["run", "-o", "x.md"], 2, "Error: --out x.md: 2 stories found under claims/; --out takes one story"),
    (["run", "--format", "html"], 2, "Error: Invalid value for '--format': 'html' is not one of 'md', 'json'."),
    (["score"], 2, "Error: Missing argument 'STORIES...'."),
]


@pytest.mark.parametrize("args, code, message", USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_usage_errors(runner, stories, fake_pipeline, args, code, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == code
    assert result.output.strip().splitlines()[-1] == message
    assert fake_pipeline == []


def test_run_without_claims_folder(runner, tmp_path, monkeypatch, fake_pipeline):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["run"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "Error: claims/: no such folder; pass a story folder or article files"


def test_pipeline_error_is_one_line(runner, stories, monkeypatch, fake_pipeline):
    import factcheck

    def broken(stories, *args, **options):
        raise SourceError("claims/alpha/sources/one.txt: empty file; remove it or add the article text")
        yield

    monkeypatch.setattr(factcheck.pipeline, "run_reports", broken)
    result = runner.invoke(cli, ["run", "claims/alpha"])
    assert result.exit_code == 2
    assert result.output == "Error: claims/alpha/sources/one.txt: empty file; remove it or add the article text\n"
    assert not (stories / "reports").exists()


def test_unwritable_out_is_one_line(runner, stories, fake_pipeline):
    (stories / "reports").write_text("a file, not a folder")
    result = runner.invoke(cli, ["run", "claims/alpha"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: reports/alpha.md: cannot write there (")
    assert len(result.output.splitlines()) == 1


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "--help"], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: factcheck [OPTIONS] COMMAND" in result.stdout


# --- score ----------------------------------------------------------------------------------


def test_score_passes(runner, stories, fake_scores):
    result = runner.invoke(cli, ["score", "claims/alpha", "claims/beta", "--min-recall", "0.9"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "alpha: recall 0.95\nbeta: recall 0.95\n"
    assert result.stderr == ""


# Scores that miss a threshold -> (options, exact stderr line).
SCORE_FAILURES = [
    ({"recall": 0.85}, ["--min-recall", "0.9"], "alpha: fact recall 0.850 is below --min-recall 0.900 (short by 0.050)"),
    ({"detected": 3}, ["--min-detected", "0.5"],
     "alpha: detected 3 of 8 disagreements (0.375), below --min-detected 0.500 (short by 0.125)"),
    ({"trap_conflicts": 2}, ["--max-trap-conflicts", "0"],
     "alpha: 2 traps flagged as conflicts, above --max-trap-conflicts 0 (over by 2)"),
    ({"unmatched_conflicts": 1}, ["--max-unmatched-conflicts", "0"],
     "alpha: 1 conflicts matching no annotation, above --max-unmatched-conflicts 0 (over by 1)"),
]


@pytest.mark.parametrize("scores, options, line", SCORE_FAILURES, ids=[s[1][0] for s in SCORE_FAILURES])
def test_score_below_threshold(runner, stories, fake_scores, scores, options, line):
    fake_scores["alpha"] = scores
    result = runner.invoke(cli, ["score", "claims/alpha", "claims/beta", *options])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [line]
    assert "alpha: recall" in result.stdout and "beta: recall" in result.stdout


def test_score_without_thresholds_never_fails(runner, stories, fake_scores):
    fake_scores["alpha"] = {"recall": 0.0, "detected": 0, "trap_conflicts": 9, "unmatched_conflicts": 9}
    result = runner.invoke(cli, ["score", "claims/alpha"])
    assert result.exit_code == 0


def test_score_no_disagreements_annotated(runner, stories, fake_scores):
    fake_scores["alpha"] = {"disagreements": 0, "detected": 0}
    result = runner.invoke(cli, ["score", "claims/alpha", "--min-detected", "1"])
    assert result.exit_code == 0


# --- the real pipeline on the bundled story and the shared corpus ---------------------------

def test_real_run_json_validates(runner):
    result = runner.invoke(cli, ["run", str(FLAGSHIP), "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert check_document(doc) == []
    assert doc["claims"] and doc["findings"]


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_real_run_is_deterministic(runner, fmt):
    articles = sorted(str(p) for p in (FLAGSHIP / "sources").glob("*.txt"))
    first = runner.invoke(cli, ["run", *articles, "--format", fmt, "-o", "-"])
    again = runner.invoke(cli, ["run", *reversed(articles), "--format", fmt, "-o", "-"])
    assert first.exit_code == again.exit_code == 0
    assert first.stdout == again.stdout


def test_real_run_all_bundled_stories(runner, tmp_path, monkeypatch):
    shutil.copytree(FLAGSHIP.parent, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["run"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "jpm-miners-2025-11.md").is_file()
    assert "wrote reports/jpm-miners-2025-11.md (" in result.stderr


def test_real_score_flagship_acceptance(runner):
    result = runner.invoke(
        cli,
        ["score", str(FLAGSHIP), "--min-recall", "0.9", "--max-trap-conflicts", "0", "--max-unmatched-conflicts", "0"],
    )
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize(
    "story", sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file()) if CORPUS.is_dir() else []
)
def test_real_score_corpus(runner, story):
    result = runner.invoke(cli, ["score", str(CORPUS / story), "--min-detected", "0.5", "--max-trap-conflicts", "0"])
    assert result.exit_code == 0, result.output
