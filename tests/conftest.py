"""Shared fixtures: the hand-written report document, and stand-ins for the pipeline and scorer."""

from __future__ import annotations

import copy
import importlib
import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import factcheck

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner for ``factcheck.cli.cli`` (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture(scope="session")
def _report_doc() -> dict:
    return json.loads((DATA / "report_doc.json").read_text(encoding="utf-8"))


@pytest.fixture
def report_doc(_report_doc) -> dict:
    """A fresh copy of tests/data/report_doc.json (flagship claims plus hostile text)."""
    return copy.deepcopy(_report_doc)


def _stub(monkeypatch, module: str, name: str, func) -> None:
    """Replace ``factcheck.<module>.<name>``, creating a stand-in module when the real one is not written yet."""
    full = f"factcheck.{module}"
    try:
        target = importlib.import_module(full)
    except ImportError:
        target = types.ModuleType(full)
        monkeypatch.setitem(sys.modules, full, target)
        monkeypatch.setattr(factcheck, module, target, raising=False)
    monkeypatch.setattr(target, name, func, raising=False)


@pytest.fixture
def fake_pipeline(monkeypatch, _report_doc):
    """``factcheck.pipeline.run_reports`` replaced: records the stories it is given, and reports the fixture
    document named after each story."""
    calls: list[list[str]] = []

    def run_reports(stories, fmt="md", **options):
        from factcheck.pipeline import StoryReport
        from factcheck.report import render, summary_line

        for paths in stories:
            calls.append(list(paths))
            doc = copy.deepcopy(_report_doc)
            doc["story"] = Path(paths[0]).name
            yield StoryReport(render(doc, fmt), summary_line(doc), [])

    _stub(monkeypatch, "pipeline", "run_reports", run_reports)
    return calls


@pytest.fixture
def fake_scores(monkeypatch):
    """``factcheck.score.score_story``/``format_scores`` replaced; set ``results[story_name]`` to shape the scores."""
    results: dict[str, dict] = {}

    def score_story(story_dir):
        name = Path(story_dir).name
        base = {
            "story": name, "fact_pairs": 40, "facts_found": 38, "recall": 0.95, "disagreements": 8, "detected": 8,
            "right_category": 8, "required": 7, "required_detected": 7, "required_right_category": 7,
            "trap_conflicts": 0, "unmatched_conflicts": 0,
        }
        base.update(results.get(name, {}))
        return base

    def format_scores(rows):
        return "\n".join(f"{r['story']}: recall {r['recall']:.2f}" for r in rows)

    _stub(monkeypatch, "score", "score_story", score_story)
    _stub(monkeypatch, "score", "format_scores", format_scores)
    return results
