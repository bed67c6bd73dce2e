"""The synthetic claim sets of the check benchmark: deterministic, well formed, and shaped like a large corpus."""

from __future__ import annotations

from collections import Counter

from factcheck.check import check
from factcheck.graph import block_key, build_graph
from factcheck.synthclaims import synthetic_claims


def test_the_same_seed_gives_the_same_claims_and_another_seed_others():
    first, outlets = synthetic_claims(500, seed=4)
    again, outlets_again = synthetic_claims(500, seed=4)
    assert [c.to_json() for c in first] == [c.to_json() for c in again] and outlets == outlets_again
    assert [c.to_json() for c in first] != [c.to_json() for c in synthetic_claims(500, seed=5)[0]]


def test_claims_are_well_formed():
    claims, outlets = synthetic_claims(2000, seed=1)
    assert len(claims) == 2000 and len({c.id for c in claims}) == 2000
    assert {c.source for c in claims} == set(outlets) and 2000 / 50 < len(outlets) < 2000 / 20  # about 30 claims an article
    for c in claims:
        assert c.quote[c.value_span[0] - c.span[0] : c.value_span[1] - c.span[0]] == c.value_text
        assert isinstance(c.value, str) == (c.unit in ("rating", "date"))
        if c.hedge == "range":
            assert c.low is not None and c.high is not None and c.low <= c.high


def test_a_few_subjects_are_quoted_everywhere():
    claims, _ = synthetic_claims(20000, seed=2)
    sizes = sorted(Counter(block_key(c) for c in claims).values(), reverse=True)
    assert sizes[0] > 200 and sizes[len(sizes) // 2] <= 3  # heavy-tailed: big clusters, and a long tail of small ones


def test_checking_finds_every_kind_of_difference():
    claims, outlets = synthetic_claims(3000, seed=3)
    kinds = Counter(f.kind for f in check(claims, build_graph(claims), outlets))
    assert {"conflict", "scope", "timing", "agreement", "single_source"} <= set(kinds)


def test_indexed_pairs_give_the_findings_of_judging_every_pair(monkeypatch):
    """The check's indexes (value groups, pairs of large clusters) against plain scans, on every cluster."""
    from factcheck import check as checking, pairs, valueindex

    claims, outlets = synthetic_claims(4000, seed=6)

    def findings(tiny, indexed, scanned):
        monkeypatch.setattr(pairs, "TINY", tiny)
        monkeypatch.setattr(pairs, "_INDEXED", indexed)
        monkeypatch.setattr(valueindex, "_SCANNED", scanned)
        return [f.to_json() for f in check(claims, build_graph(claims), outlets, {s: "src00000" for s in list(outlets)[1:9]})]

    scanned = findings(10**9, 10**9, 10**9)  # every pair of claims judged, groups by first fit
    assert findings(0, 0, 0) == scanned
    assert findings(0, 10**9, 0) == scanned  # classes of alike claims, pair by pair
