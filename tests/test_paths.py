"""factcheck writes only where it is asked to: reports/<story>.<ext>, the file given to -o,
or STORY/claims.json for ``extract``. Story names, file names and source ids come from
the user's folders, so none of them can steer a write out of the output folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli

A = "outlet: Acme Wire\npublished: 2025-11-24\n---\nAcme Corp. (ACME) said revenue was $5 million in the third quarter.\n"
B = "outlet: Globex Wire\npublished: 2025-11-24\n---\nAcme Corp. (ACME) reported revenue of $6 million for the quarter.\n"


@pytest.fixture
def here(tmp_path, monkeypatch):
    """tmp_path/work as the current folder; tmp_path around it shows any write outside."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative path -> bytes), symlinks as their target."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            out[str(path.relative_to(root))] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return out


def write_story(folder: Path, files: dict[str, str]) -> None:
    (folder / "sources").mkdir(parents=True)
    for name, text in files.items():
        (folder / "sources" / name).write_text(text, encoding="utf-8")


def invoke(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_run_writes_only_its_report(here, tmp_path):
    write_story(here / "story", {"a.txt": A, "b.txt": B})
    before = tree(tmp_path)
    invoke("run", "story")
    after = tree(tmp_path)
    assert sorted(set(after) - set(before)) == ["work/reports/story.md"]
    assert {k: v for k, v in after.items() if k in before} == before  # nothing else touched


@pytest.mark.parametrize("args, written", [
    (["-o", "-"], []),
    (["-o", "out/r.json", "--format", "json"], ["work/out/r.json"]),
    (["--format", "json"], ["work/reports/story.json"]),
])
def test_output_goes_only_where_asked(here, tmp_path, args, written):
    write_story(here / "story", {"a.txt": A, "b.txt": B})
    before = tree(tmp_path)
    invoke("run", "story", *args)
    assert sorted(set(tree(tmp_path)) - set(before)) == written


def test_extract_writes_only_the_claim_set(here, tmp_path):
    write_story(here / "story", {"a.txt": A, "b.txt": B})
    before = tree(tmp_path)
    invoke("extract", "story")
    assert sorted(set(tree(tmp_path)) - set(before)) == ["work/story/claims.json"]
    invoke("extract", "story", "--dry-run")
    invoke("diff", "story")
    invoke("validate", "story")
    assert sorted(set(tree(tmp_path)) - set(before)) == ["work/story/claims.json"]


# Folder names a user (or a downloaded archive) may hold: each report lands in reports/ under that name.
STORY_NAMES = ["x..y", "-rf", "a b", "%2e%2e%2fescape", "story.md", "\u00e9v\u00e9nement", "x;touch pwned", "$(touch pwned)"]


def test_story_names_cannot_leave_the_reports_folder(here, tmp_path):
    for name in STORY_NAMES:
        write_story(here / "claims" / name, {"a.txt": A, "b.txt": B})
    before = tree(tmp_path)
    invoke("run")
    written = sorted(set(tree(tmp_path)) - set(before))
    assert written == sorted(f"work/reports/{name}.md" for name in STORY_NAMES)
    assert not any(Path(tmp_path, p).name == "pwned" for p in tree(tmp_path))


def test_dot_dot_in_a_story_path_names_the_real_folder(here, tmp_path):
    write_story(here / "story", {"a.txt": A, "b.txt": B})
    (here / "story" / "sub").mkdir()
    invoke("run", "story/sub/..")
    assert (here / "reports" / "story.md").is_file()
    assert not (here / "reports" / "...md").exists() and not (tmp_path / "story.md").exists()


def test_source_ids_are_not_paths(here, tmp_path):
    """Source ids come from file names; they appear in the report but never name a file."""
    write_story(here / "story", {"%2e%2e%2f%2e%2e%2fescape.txt": A, "--out=x.txt": B})
    before = tree(tmp_path)
    doc = json.loads(invoke("run", "story", "--format", "json", "-o", "-").stdout)
    assert sorted(s["id"] for s in doc["sources"]) == ["%2e%2e%2f%2e%2e%2fescape", "--out=x"]
    assert set(tree(tmp_path)) == set(before)


def test_a_symlinked_report_is_replaced_not_followed(here, tmp_path):
    """The report path is a link to a file elsewhere: the link is replaced, the file it pointed to is kept."""
    write_story(here / "story", {"a.txt": A, "b.txt": B})
    outside = tmp_path / "outside.md"
    outside.write_text("someone else's file\n", encoding="utf-8")
    (here / "reports").mkdir()
    (here / "reports" / "story.md").symlink_to(outside)
    invoke("run", "story")
    assert outside.read_text(encoding="utf-8") == "someone else's file\n"
    assert not (here / "reports" / "story.md").is_symlink()
    assert (here / "reports" / "story.md").read_text(encoding="utf-8").startswith("# factcheck report: story")


@pytest.mark.parametrize("file", ["../../outside.txt", "/etc/hostname", "sources/../../outside.txt", "C:\\x.txt"])
def test_claim_set_cannot_point_outside_its_story(here, tmp_path, file):
    """A hand-edited claims.json naming a file outside the story folder is refused, and nothing is read there."""
    write_story(here / "story", {"a.txt": A, "b.txt": B})
    invoke("extract", "story")
    path = here / "story" / "claims.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["sources"][0]["file"] = file
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "story/claims.json"])
    assert result.exit_code == 1
    problem = f"sources[0].file: {file!r} is not a path inside the story folder (relative, no .. or drive)"
    assert result.stdout.splitlines()[0] == f"story/claims.json: {problem}"
    run = CliRunner().invoke(cli, ["run", "story", "-o", "-"])
    assert (run.exit_code, run.stderr) == (2, f"Error: {here / 'story' / 'claims.json'}: {problem}\n")
