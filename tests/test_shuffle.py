"""Determinism under shuffles: sources in any order, claims in any order, give the same
findings and byte-identical reports.

Orders come from fixed seeds (and hypothesis, derandomized), so a failure names the order
that broke it.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import pipeline, report
from factcheck.check import check
from factcheck.entities import learn_entities
from factcheck.graph import build_graph

from corpus import CORPUS, FLAGSHIP, STORIES, needs_flagship

SEEDS = [1, 2, 3]


def rendered(paths, claims="reviewed") -> tuple[str, str]:
    """(JSON, markdown) reports of a run on ``paths``."""
    doc = pipeline.run_story([str(p) for p in paths], claims=claims)
    return report.render(doc, "json"), report.render(doc, "md")


def shuffled(items, seed):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


@pytest.fixture(scope="module")
def flagship_reports():
    return rendered([FLAGSHIP])


@needs_flagship
@pytest.mark.parametrize("seed", SEEDS)
def test_article_files_in_any_order(flagship_reports, seed):
    files = shuffled(sorted((FLAGSHIP / "sources").glob("*.txt")), seed)
    assert rendered(files) == flagship_reports


@pytest.mark.parametrize("story", STORIES)
def test_corpus_article_files_reversed(story):
    folder = CORPUS / story
    files = sorted((folder / "sources").glob("*.txt"))
    assert rendered(files[::-1], claims="fresh") == rendered([folder], claims="fresh")


@needs_flagship
def test_folder_listing_order_does_not_matter(flagship_reports, monkeypatch):
    """The file system may list a folder in any order."""
    listing = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(listing(self), reverse=True)))
    assert rendered([FLAGSHIP]) == flagship_reports


@needs_flagship
@pytest.mark.parametrize("seed", SEEDS)
def test_claim_set_in_any_order(tmp_path, flagship_reports, seed):
    """An editor's tool may rewrite claims.json with claims and sources in another order."""
    story = tmp_path / FLAGSHIP.name
    shutil.copytree(FLAGSHIP, story)
    path = story / "claims.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["claims"] = shuffled(doc["claims"], seed)
    doc["sources"] = shuffled(doc["sources"], seed)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    assert rendered([story]) == flagship_reports


# --------------------------------------------------------------------------- stage by stage


@pytest.fixture(scope="module")
def flagship():
    return pipeline.analyse([str(FLAGSHIP)])


def findings_json(claims, analysis) -> list[dict]:
    outlets = {s.id: s.outlet for s in analysis.sources}
    return [f.to_json() for f in check(claims, build_graph(claims), outlets)]


@needs_flagship
@settings(max_examples=15, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.randoms(use_true_random=False))
def test_check_ignores_claim_order(flagship, order):
    claims = list(flagship.claims)
    expected = findings_json(claims, flagship)
    order.shuffle(claims)
    assert findings_json(claims, flagship) == expected


@needs_flagship
@pytest.mark.parametrize("seed", SEEDS)
def test_entities_ignore_source_order(flagship, seed):
    items = [(s.text, flagship.sentences[s.id]) for s in flagship.sources]
    expected = learn_entities(items)
    again = learn_entities(shuffled(items, seed))
    assert again.__dict__ == expected.__dict__
