"""Every story bundled in ``claims/`` stays as its editors reviewed it.

For each story: its files validate; its scores against ``expected.json`` stay at or above
the ``thresholds`` recorded in its ``claims.json``; every claim the editor left as
``extracted`` still comes out of the extractor exactly as reviewed. Claims the editor
edited, rejected or added are the extractor's known gaps: each is a strict xfail whose
reason is the editor's note, so a fix turns it red until ``factcheck extract --force``
records it.
"""

from __future__ import annotations

import json

import pytest

from factcheck import claimset
from factcheck.pipeline import analyse
from factcheck.score import score_story, threshold_failures
from factcheck.validate import validate_paths

from corpus import FLAGSHIP

CLAIMS = FLAGSHIP.parent
SETS = sorted(p.parent for p in CLAIMS.glob("*/claims.json"))


def _records(folder) -> list[dict]:
    return json.loads((folder / "claims.json").read_text(encoding="utf-8"))["claims"]


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.name)
def story(request):
    return request.param


_fresh_cache: dict = {}


def fresh_claims(folder) -> dict:
    """The extractor's claims for a story, by id, ignoring its claims.json."""
    if folder not in _fresh_cache:
        analysis = analyse([folder], claims="fresh")
        _fresh_cache[folder] = {c.id: c for c in analysis.claims}
    return _fresh_cache[folder]


def test_every_bundled_story_has_a_reviewed_claim_set():
    stories = sorted(p for p in CLAIMS.iterdir() if (p / "sources").is_dir())
    assert stories and stories == SETS


def test_the_claim_set_and_annotations_validate(story):
    checked, problems = validate_paths([str(story)])
    assert checked >= 2 and [str(p) for p in problems] == []


def test_scores_stay_above_the_story_thresholds(story):
    result = score_story(str(story))
    assert result["thresholds"], "claims.json sets no thresholds"
    assert threshold_failures([result], {}) == []


def test_reviewed_claims_still_come_out_of_the_extractor(story):
    fresh = fresh_claims(story)
    lost, changed = [], []
    for record in _records(story):
        if record["status"] != "extracted":
            continue
        reviewed = claimset.claim_from_record(record)
        if reviewed.id not in fresh:
            lost.append(reviewed.id)
        elif fresh[reviewed.id] != reviewed:
            changed.append(reviewed.id)
    assert (lost, changed) == ([], []), "run `factcheck diff` to see how, then fix the extractor or review the claims"


def _known_gaps():
    rows = []
    for folder in SETS:
        for record in _records(folder):
            if record["status"] == "extracted":
                continue
            reason = f"{record['status']}: {record.get('note', '(no note)')}"
            rows.append(pytest.param(folder, record, id=f"{folder.name}:{record['id']}",
                                     marks=pytest.mark.xfail(strict=True, reason=reason)))
    return rows


@pytest.mark.parametrize("folder,record", _known_gaps())
def test_known_gap_is_fixed_in_the_extractor(folder, record):
    """Edited: the extractor gives the correction. Rejected: it no longer finds the claim. Added: it finds it."""
    found = fresh_claims(folder).get(record["id"])
    reviewed = claimset.reviewed_from_record(record)
    if record["status"] == "edited":
        assert found is not None and claimset.corrected_by(found, reviewed.correction)
    elif record["status"] == "rejected":
        assert found is None or found != reviewed.claim
    else:
        assert found is not None and found == reviewed.claim
