"""Classification rules of DESIGN.md, one test each, on claims built from real figures."""

from __future__ import annotations

import random

import pytest

from factcheck.check import check
from factcheck.rules import agree, classify, interval
from factcheck.graph import build_graph
from factcheck.model import Claim


def claim(id, source, subject, measure, value, unit, **kw):
    kw.setdefault("precision", 0.5 if isinstance(value, (int, float)) and float(value).is_integer() else 0.005)
    return Claim(id=id, source=source, subject=subject, measure=measure, value=value, unit=unit,
                 quote="q", span=(0, 1), **kw)


@pytest.mark.parametrize("a,b,expected", [
    # 1.7 GW and 1,700 MW are one value (after the quantities stage both are MW).
    (dict(value=1700.0, hedge="about", precision=50), dict(value=1700.0, precision=0.5), True),
    # "$1.3 billion" covers 1.25-1.35 billion.
    (dict(value=1.3e9, precision=5e7), dict(value=1.34e9, precision=5e6), True),
    # Rounding: 4.4% and 4.42% agree; 4.6% and 4.42% do not.
    (dict(value=4.4, precision=0.05), dict(value=4.42, precision=0.005), True),
    (dict(value=4.6, precision=0.05), dict(value=4.42, precision=0.005), False),
    # "more than 600 MW" agrees with 600 MW and with 650 MW, not with 500 MW.
    (dict(value=600.0, hedge="more_than"), dict(value=600.0), True),
    (dict(value=600.0, hedge="more_than"), dict(value=650.0), True),
    (dict(value=600.0, hedge="more_than"), dict(value=500.0), False),
    # A value inside another source's range agrees with it ($13M/MW in $8M-$17M).
    (dict(value=8e6, low=8e6, high=17e6, hedge="range", precision=5e5), dict(value=13e6, precision=5e5), True),
    # "up to $19M" allows $13M.
    (dict(value=19e6, hedge="up_to", precision=5e5), dict(value=13e6, precision=5e5), True),
    # A genuinely different figure: 410 MW vs roughly 600 MW.
    (dict(value=410.0), dict(value=600.0, hedge="about"), False),
])
def test_agreement_under_tolerance(a, b, expected):
    ca = claim("a", "s1", "X", "capacity", a.pop("value"), "MW", **a)
    cb = claim("b", "s2", "X", "capacity", b.pop("value"), "MW", **b)
    assert agree(ca, cb) is expected


def test_interval_of_about_widens_by_two_percent_or_its_precision():
    lo, hi = interval(claim("a", "s", "X", "capacity", 600.0, "MW", hedge="about", precision=0.5))
    assert (lo, hi) == (587.5, 612.5)
    # "nearly 18%" (whole percent) widens by its precision: 17-19, so 20% is a different reading
    assert interval(claim("b", "s", "X", "share_price_change", 18.0, "%", hedge="about", precision=0.5)) == (17.0, 19.0)


def test_different_horizon_is_timing():
    now = claim("a", "theblock", "CIFR", "capacity", 410.0, "MW", scope={"tags": ["contracted"]})
    later = claim("b", "marketdash", "CIFR", "capacity", 480.0, "MW", hedge="about", time={"horizon": "2026"}, scope={"tags": ["contracted"]})
    assert classify(now, later) == "timing"


def test_same_time_different_scope_is_scope():
    site = claim("a", "theblock", "CLSK", "capacity", 285.0, "MW", scope={"tags": ["site"]})
    it = claim("b", "marketdash", "CLSK", "capacity", 200.0, "MW", scope={"tags": ["critical IT", "potential", "site"]})
    assert classify(site, it) == "scope"


def test_generic_measure_without_stated_scope_is_scope_not_conflict():
    site = claim("a", "longbridge", "CIFR", "capacity", 1000.0, "MW", scope={"parties": ["AEP"]})
    lease = claim("b", "mexc-news", "CIFR", "capacity", 300.0, "MW")
    assert classify(site, lease) == "scope"


def test_same_time_same_scope_is_conflict():
    a = claim("a", "theblock", "CIFR", "capacity", 410.0, "MW", scope={"tags": ["contracted"]})
    b = claim("b", "coindesk", "CIFR", "capacity", 600.0, "MW", hedge="about", scope={"tags": ["contracted"]})
    assert classify(a, b) == "conflict"


def test_unpinned_share_prices_are_timing_even_at_the_same_coarse_time():
    a = claim("a", "theblock", "IREN", "share_price", 46.7, "USD", time={"session": "morning"})
    b = claim("b", "marketdash", "IREN", "share_price", 48.16, "USD", time={"session": "morning"})
    assert classify(a, b) == "timing"


def test_two_different_closes_on_one_date_conflict():
    a = claim("a", "x", "ACME", "share_price", 22.76, "USD", time={"session": "close", "date": "2025-11-03"})
    b = claim("b", "y", "ACME", "share_price", 21.10, "USD", time={"session": "close", "date": "2025-11-03"})
    assert classify(a, b) == "conflict"


def _findings(claims):
    return check(claims, build_graph(claims), {c.source: c.source for c in claims})


def test_implied_previous_close_explains_snapshots():
    early = claim("c1", "coindesk", "CIFR", "share_price", 14.74, "USD", time={"session": "early trading"},
                  evidence={"implied_previous_close": 14.15, "move": 4.2})
    late = claim("c2", "marketdash", "CIFR", "share_price", 16.77, "USD", evidence={"implied_previous_close": 14.14, "move": 18.6})
    [f] = [f for f in _findings([early, late]) if f.kind == "timing"]
    assert f.evidence["implied_previous_close"] == 14.14
    assert "previous close of about $14.14" in f.explanation


def test_previous_and_value_of_one_change_are_one_claim():
    change = claim("c1", "coindesk", "CIFR", "price_target", 18.0, "USD", previous=12.0)
    other = claim("c2", "theblock", "CIFR", "price_target", 18.0, "USD", previous=12.0)
    kinds = {f.kind for f in _findings([change, other])}
    assert kinds == {"agreement"}


def test_same_figure_for_group_and_sector_is_scope():
    group = claim("c1", "coindesk", "CIFR+IREN", "capacity", 600.0, "MW", time={"period": "since:late-09"})
    sector = claim("c2", "theblock", "miners", "capacity", 600.0, "MW", hedge="more_than", time={"period": "since:late-09"})
    [f] = [f for f in _findings([group, sector]) if f.kind == "scope"]
    assert set(f.claims) == {"c1", "c2"}
    assert "CIFR+IREN" in f.explanation and "miners" in f.explanation


def test_misattribution_is_named_in_a_conflict():
    a = claim("c1", "theblock", "CIFR", "capacity", 410.0, "MW", scope={"tags": ["contracted"]})
    b = claim("c2", "marketdash", "CIFR", "capacity", 410.0, "MW", scope={"tags": ["contracted"]})
    c = claim("c3", "coindesk", "CIFR", "capacity", 600.0, "MW", hedge="about", scope={"tags": ["contracted"]})
    d = claim("c4", "theblock", "miners", "capacity", 600.0, "MW", hedge="more_than")
    [f] = [f for f in _findings([a, b, c, d]) if f.kind == "conflict"]
    assert "misattribution" in f.explanation
    assert f.evidence["misattribution"] == {"c3": ["miners"]}


def test_self_contradiction_is_reported():
    up = claim("a1", "ainvest", "CLSK", "rating_action", "upgrade", "rating")
    kept = claim("a2", "ainvest", "CLSK", "rating_action", "maintain", "rating")
    other = claim("c1", "coindesk", "CLSK", "rating_action", "upgrade", "rating")
    [f] = [f for f in _findings([up, kept, other]) if f.kind == "conflict"]
    assert f.evidence["self_contradiction"] == ["ainvest"]
    assert "contradicts itself" in f.explanation


def test_finding_order_does_not_depend_on_claim_order():
    claims = [
        claim("c1", "theblock", "CIFR", "capacity", 410.0, "MW", scope={"tags": ["contracted"]}),
        claim("c2", "coindesk", "CIFR", "capacity", 600.0, "MW", scope={"tags": ["contracted"]}),
        claim("c3", "coindesk", "IREN", "share_price", 43.2, "USD"),
        claim("c4", "theblock", "IREN", "share_price", 46.7, "USD"),
        claim("c5", "theblock", "CLSK", "price_target", 14.0, "USD"),
        claim("c6", "marketdash", "CLSK", "price_target", 14.0, "USD"),
    ]
    first = [f.to_json() for f in _findings(claims)]
    shuffled = claims[:]
    random.Random(7).shuffle(shuffled)
    assert [f.to_json() for f in _findings(shuffled)] == first
    assert [f["kind"] for f in first][:2] == ["conflict", "timing"]


def test_conflicts_first_then_by_spread_and_independent_sources():
    """Plain conflicts, then scope, then timing; within conflicts the wider gap comes first,
    and a copy does not add weight (derived sources count once)."""
    claims = [
        claim("a1", "wire", "ACME", "price_target", 20.0, "USD"),
        claim("a2", "daily", "ACME", "price_target", 22.0, "USD"),  # 10% apart
        claim("b1", "wire", "GLBX", "price_target", 20.0, "USD"),
        claim("b2", "daily", "GLBX", "price_target", 40.0, "USD"),  # 50% apart
        claim("c1", "wire", "INIT", "share_price", 10.0, "USD"),
        claim("c2", "daily", "INIT", "share_price", 30.0, "USD"),  # a timing finding, even far apart
        claim("d1", "wire", "NWND", "capacity", 100.0, "MW", scope={"tags": ["contracted"]}),
        claim("d2", "daily", "NWND", "capacity", 900.0, "MW", scope={"tags": ["potential"]}),
    ]
    order = [(f.kind, f.subject) for f in _findings(claims) if f.kind in ("conflict", "scope", "timing")]
    assert order == [("conflict", "GLBX"), ("conflict", "ACME"), ("scope", "NWND"), ("timing", "INIT")]
    copied = check(claims, build_graph(claims), {}, derived={"daily": "wire"})
    [glbx] = [f for f in copied if f.subject == "GLBX" and f.kind == "conflict"]
    [before] = [f for f in _findings(claims) if f.subject == "GLBX" and f.kind == "conflict"]
    assert glbx.severity < before.severity
