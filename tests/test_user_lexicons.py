"""A user teaches factcheck a measure and a company alias with data files, not code.

The story is invented for this test (two wire items on one company), so the only thing
that can make "order backlog" a measure, or "the Hank Scorpio outfit" Globex, is the
user's lexicon folder named by ``$FACTCHECK_LEXICONS``. The pipeline runs in a
subprocess because lexicons are read once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

WIRE_A = """outlet: Wire A
published: 2026-03-02
---
Globex Corporation (GLBX) said on Monday its order backlog rose to $4.2 billion at the end of February.

The Hank Scorpio outfit also reported quarterly revenue of $900 million.
"""
WIRE_B = """outlet: Wire B
published: 2026-03-02
---
The Hank Scorpio outfit reported quarterly revenue of $900 million, in line with estimates.

Globex's order backlog stood at $4.5 billion at the end of February, the company said on Monday.
"""
BACKLOG = {"measures": [{"name": "backlog", "label": "order backlog", "kinds": ["money"], "priority": 3,
                         "cues": ["backlog", "order backlog", "orders on hand"]}]}
ALIASES = {"aliases": {"GLBX": ["the Hank Scorpio outfit", "Hank Scorpio outfit"]}}


@pytest.fixture
def story(tmp_path):
    sources = tmp_path / "story" / "sources"
    sources.mkdir(parents=True)
    (sources / "a.txt").write_text(WIRE_A, encoding="utf-8")
    (sources / "b.txt").write_text(WIRE_B, encoding="utf-8")
    return tmp_path / "story"


def run(story, lexicons=None):
    env = {k: v for k, v in os.environ.items() if k != "FACTCHECK_LEXICONS"}
    if lexicons:
        env["FACTCHECK_LEXICONS"] = str(lexicons)
    return subprocess.run([sys.executable, "-m", "factcheck", "run", str(story), "--format", "json", "-o", "-"],
                          capture_output=True, text=True, env=env)


def lexicon_folder(tmp_path, **files):
    folder = tmp_path / "my-lexicons"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / f"{name}.json").write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return folder


def test_without_the_users_lexicon_neither_is_known(story):
    doc = json.loads(run(story).stdout)
    assert not [c for c in doc["claims"] if c["measure"] == "backlog"]
    assert [c["subject"] for c in doc["claims"] if c["measure"] == "revenue" and c["source"] == "b"] != ["GLBX"]


def test_a_measure_and_an_alias_added_as_data(story, tmp_path):
    result = run(story, lexicon_folder(tmp_path, measures=BACKLOG, entities=ALIASES))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    backlog = sorted((c["source"], c["subject"], c["value"]) for c in doc["claims"] if c["measure"] == "backlog")
    assert backlog == [("a", "GLBX", 4.2e9), ("b", "GLBX", 4.5e9)]
    assert [(f["kind"], f["subject"]) for f in doc["findings"] if f["measure"] == "backlog"][0] == ("conflict", "GLBX")
    revenue = [f for f in doc["findings"] if f["measure"] == "revenue"]
    assert [(f["kind"], f["subject"], f["values"][0]["sources"]) for f in revenue] == [("agreement", "GLBX", ["a", "b"])]
    assert doc["measures"]["backlog"] == "order backlog"


def test_a_broken_user_lexicon_is_one_line_naming_both_files(story, tmp_path):
    folder = lexicon_folder(tmp_path, measures={"measures": [{"name": "backlog", "cues": "backlog"}]})
    result = run(story, folder)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {folder / 'measures.json'} (merged over factcheck/data/measures.json): measures[")
    unreadable = lexicon_folder(tmp_path / "x", units="{not json")
    result = run(story, unreadable)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {unreadable / 'units.json'}: cannot read this lexicon (")
