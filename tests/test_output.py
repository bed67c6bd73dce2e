"""Atomic report writing and the planning of ``factcheck run`` jobs (hand-made folders in tmp_path)."""

from __future__ import annotations

import os

import pytest

from factcheck.errors import OutputError, StoryError
from factcheck.output import Run, find_stories, plan_runs, story_name, write_atomic, write_output


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_creates_parent_folders(tmp_path):
    target = tmp_path / "reports" / "deep" / "x.md"
    write_atomic(target, "héllo ’quote’\n")
    assert target.read_text(encoding="utf-8") == "héllo ’quote’\n"
    assert leftovers(target.parent) == []


def test_write_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "x.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(str(target), "new")
    assert target.read_text() == "new"
    assert os.stat(target).st_mode & 0o777 == 0o640


def test_new_file_is_not_private(tmp_path):
    target = tmp_path / "x.md"
    write_atomic(target, "x")
    assert os.stat(target).st_mode & 0o044  # group/other may read it, as with open()


def test_failed_write_leaves_old_file(tmp_path):
    target = tmp_path / "x.md"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \ud800 surrogate")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_failed_replace_leaves_old_file(tmp_path, monkeypatch):
    target = tmp_path / "x.md"
    target.write_text("old")

    def broken_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as info:
        write_atomic(target, "new")
    assert str(info.value) == f"{target}: cannot write there (Permission denied)"
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_interrupted_write_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "x.md"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_folder_as_target(tmp_path):
    with pytest.raises(OutputError, match=r"is a folder; give a file name for the report$"):
        write_atomic(tmp_path, "x")


def test_parent_is_a_file(tmp_path):
    (tmp_path / "reports").write_text("not a folder")
    with pytest.raises(OutputError, match=r"reports/x\.md: cannot write there"):
        write_atomic(tmp_path / "reports" / "x.md", "x")


def test_write_output_stdout(capsys, tmp_path):
    write_output("to stdout\n", "-")
    assert capsys.readouterr().out == "to stdout\n"
    write_output("to file\n", str(tmp_path / "f.md"))
    assert (tmp_path / "f.md").read_text() == "to file\n"


# --- planning runs ----------------------------------------------------------------------------


@pytest.fixture
def claims_tree(tmp_path):
    """claims/ with two stories (one with sources/, one with loose .txt), a non-story folder and a file."""
    root = tmp_path / "claims"
    (root / "b-story" / "sources").mkdir(parents=True)
    (root / "b-story" / "sources" / "x.txt").write_text("text")
    (root / "a-story").mkdir()
    (root / "a-story" / "y.txt").write_text("text")
    (root / "notes").mkdir()
    (root / ".hidden" / "sources").mkdir(parents=True)
    (root / "README.md").write_text("readme")
    return root


def test_find_stories(claims_tree):
    assert find_stories(str(claims_tree)) == [str(claims_tree / "a-story"), str(claims_tree / "b-story")]


def test_find_stories_missing(tmp_path):
    with pytest.raises(StoryError, match=r"nope/: no such folder; pass a story folder or article files$"):
        find_stories(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoryError, match=r"empty/: no story folders found; pass a story folder or article files$"):
        find_stories(str(tmp_path / "empty"))


def test_plan_all_stories(claims_tree):
    runs = plan_runs([], "md", None, claims_dir=str(claims_tree), reports_dir="reports")
    assert runs == [
        Run("a-story", [str(claims_tree / "a-story")], os.path.join("reports", "a-story.md")),
        Run("b-story", [str(claims_tree / "b-story")], os.path.join("reports", "b-story.md")),
    ]


def test_plan_files_of_one_story(claims_tree):
    article = str(claims_tree / "b-story" / "sources" / "x.txt")
    assert plan_runs([article], "json", None) == [Run("b-story", [article], os.path.join("reports", "b-story.json"))]
    assert plan_runs([article], "json", "-") == [Run("b-story", [article], "-")]


def test_plan_refuses_folder_with_other_paths(claims_tree):
    with pytest.raises(StoryError, match="a story folder must be given alone"):
        plan_runs([str(claims_tree / "a-story"), str(claims_tree / "b-story")], "md", None)


def test_plan_refuses_out_for_several_stories(claims_tree):
    with pytest.raises(StoryError, match=r"^--out x\.md: 2 stories found under .*claims/; --out takes one story$"):
        plan_runs([], "md", "x.md", claims_dir=str(claims_tree))


@pytest.mark.parametrize(
    "paths, expected",
    [
        (["claims/jpm-miners-2025-11/sources/coindesk.txt"], "jpm-miners-2025-11"),
        (["x/story/a.txt", "x/story/b.txt"], "story"),
        (["a.txt"], os.path.basename(os.getcwd())),
    ],
)
def test_story_name(paths, expected):
    assert story_name(paths) == expected
