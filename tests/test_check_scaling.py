"""The check stage grows with the claims, not with their square: counted calls, not timings.

A long article makes clusters of thousands of claims from one source; those are never
compared with each other (only labels are), and value groups, totals and misattributions
are looked up through indexes. The indexes must give exactly what a plain scan gives.
"""

from __future__ import annotations

import random
from itertools import combinations

import pytest

from factcheck import check, pairs, rules, valueindex
from factcheck.check import _close_sum, _sum_pairs
from factcheck.rules import agree
from factcheck.valueindex import value_groups
from factcheck.graph import build_graph
from factcheck.model import Claim


def claim(n, source, value, unit="USD", measure="revenue", subject="ACME", **kw):
    kw.setdefault("precision", 0.0 if isinstance(value, str) else 0.5)
    return Claim(id=f"c{n:05d}", source=source, subject=subject, measure=measure, value=value, unit=unit,
                 quote="q", span=(n, n + 1), **kw)


@pytest.fixture
def counted(monkeypatch):
    """Counts calls of the rules agree() and classify() made by the check stage, in every module that calls them."""
    calls = {"agree": 0, "classify": 0}
    for name in calls:
        real = getattr(rules, name)

        def counting(*args, _real=real, _name=name):
            calls[_name] += 1
            return _real(*args)

        for module in (pairs, valueindex):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, counting)
    return calls


def test_a_one_source_cluster_is_not_compared_pairwise(counted):
    n = 2000
    claims = [claim(i, "acme-wire", 10.0 + 2 * i, hedge=("about" if i % 5 == 0 else "exact")) for i in range(n)]
    claims += [claim(n + i, "globex-daily", 11.0 + 4 * i) for i in range(3)]
    findings = check.check(claims, build_graph(claims), {})
    assert any(f.kind == "conflict" for f in findings)
    assert counted["agree"] < 20 * n  # a pairwise scan makes n * n / 2 = 2,000,000 calls
    assert counted["classify"] < 20 * n


def test_labels_of_one_source_are_judged_once_per_kind_of_claim(counted):
    n = 1000
    claims = [claim(i, "acme-wire", ["overweight", "underweight"][i % 2], unit="rating", measure="rating",
                    scope={"broker": "Initech"} if i % 3 == 0 else {}) for i in range(n)]
    findings = check.check(claims, build_graph(claims), {})
    conflict = next(f for f in findings if f.kind == "conflict")
    assert len(conflict.claims) == n and conflict.evidence["self_contradiction"] == ["acme-wire"]
    assert counted["classify"] < 50  # 500 * 500 pairs of claims, a handful of pairs of classes


def test_a_total_and_misattribution_are_looked_up_not_scanned(counted):
    n = 1500
    claims = [claim(i, "acme-wire", 10.0 + 2 * i) for i in range(n)]
    claims += [claim(n + i, "acme-wire", 10.0 + 2 * i, subject="ACME+GLOBEX") for i in range(n)]
    claims += [claim(2 * n, "globex-daily", 600.0, scope={"tags": ["total"]}), claim(2 * n + 1, "globex-daily", 410.0)]
    findings = check.check(claims, build_graph(claims), {})
    assert any("misattribution" in f.evidence for f in findings)
    assert counted["agree"] < 30 * n


def _first_fit(claims):
    """value_groups as a plain scan of every group, for comparison."""
    groups = []
    for c in sorted(claims, key=lambda c: (c.hedge != "exact", c.precision or 0, str(c.value), c.id)):
        for g in groups:
            if agree(g[0], c):
                g.append(c)
                break
        else:
            groups.append([c])
    for g in groups:
        g.sort(key=lambda c: c.id)
    groups.sort(key=lambda g: (str(type(g[0].value)), g[0].value if not isinstance(g[0].value, str) else 0, str(g[0].value)))
    return groups


def _random_claim(r, n):
    pick = r.random()
    if pick < 0.15:
        return claim(n, r.choice("ab"), r.choice(["2025-11-03", "2025-11", "2025-Q4", "late-2026", "monday", "2026"]),
                     unit="date", measure="start_date", hedge=r.choice(["exact", "up_to"]))
    if pick < 0.25:
        return claim(n, r.choice("ab"), r.choice(["overweight", "buy", "neutral", "Buy"]), unit="rating", measure="rating")
    value = r.choice([0.0, 1.0, 2.0, 5.0, 600.0, 410.0, 1.3e9, -3.0]) * r.choice([1, 1, 1.01, 0.5, 2])
    hedge = r.choice(["exact", "exact", "about", "more_than", "less_than", "up_to", "range"])
    extra = {"low": value, "high": value * 1.5} if hedge == "range" else {}
    return claim(n, r.choice("ab"), value, hedge=hedge, precision=r.choice([0.0, 0.5, 0.005, 5e7]), **extra)


@pytest.mark.parametrize("seed", range(40))
def test_value_groups_are_the_first_fit_groups(seed):
    r = random.Random(seed)
    claims = [_random_claim(r, n) for n in range(r.randint(1, 80))]
    assert value_groups(claims) == _first_fit(claims)


@pytest.mark.parametrize("seed", range(40))
def test_sum_pairs_are_the_first_pairs_of_combinations(seed):
    r = random.Random(seed)
    xs = [r.choice([1.0, 2.0, 3.0, 0.5, 99.0, 100.0, 200.0, -1.0, 0.0, 1.3e9, 0.7e9]) * r.choice([1, 1.005, 0.99, 1.0101])
          for _ in range(r.randint(0, 16))]
    expected = [next(((i, j) for i, j in combinations([k for k in range(len(xs)) if k != t], 2)
                      if _close_sum(xs[i] + xs[j], xs[t])), None) for t in range(len(xs))]
    assert _sum_pairs(xs) == expected


@pytest.mark.parametrize("seed", range(10))
def test_findings_do_not_depend_on_the_order_of_claims(seed):
    r = random.Random(seed)
    claims = [_random_claim(r, n) for n in range(60)]
    shuffled = claims[:]
    r.shuffle(shuffled)
    first = [f.to_json() for f in check.check(claims, build_graph(claims), {})]
    assert first == [f.to_json() for f in check.check(shuffled, build_graph(shuffled), {})]
