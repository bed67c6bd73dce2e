"""Check stage: compare claims inside each cluster and classify their differences.

Rules (DESIGN.md "Comparison rules"): two values agree when their intervals overlap
(stated precision widened by the hedge). Disagreeing claims differ by **timing** when
their time qualifiers differ, by **scope** when their scope qualifiers differ, and
otherwise **conflict**. Market readings (share prices and moves) taken at unpinned
moments are timing: they are snapshots of a moving price. The same figure given to
a group by one source and to a sector by another is a scope finding.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import replace
from datetime import date
from itertools import combinations

from . import lexicon
from .display import money, number, possessive, time_text, value_text
from .extract import measure_info, unit_kind
from .graph import clusters
from .model import Claim, Finding
from .timeexpr import value_range

KIND_ORDER = {"conflict": 0, "scope": 1, "timing": 2, "agreement": 3, "single_source": 4}
_ABOUT = 0.02  # "about/roughly" widens a value by 2% of itself, or by its precision if that is more
_CLOSE_TOLERANCE = 0.005
MAX_RATIO = 20  # values further apart than this are not compared (see comparable_pair)  # implied previous closes within 0.5% are the same close


def interval(c: Claim) -> tuple[float, float]:
    """The values a claim allows, from its stated precision and hedge.

    >>> interval(Claim("a", "s", "X", "m", 1.3e9, "USD", "", (0, 0), precision=5e7))
    (1250000000.0, 1350000000.0)
    >>> interval(Claim("a", "s", "X", "m", 600.0, "MW", "", (0, 0), hedge="more_than", precision=0.5))
    (599.5, inf)
    """
    v = float(c.value)
    p = c.precision or 0.0
    if c.hedge == "range" and c.low is not None and c.high is not None:
        return (c.low - p, c.high + p)
    if c.hedge == "about":
        w = p + max(p, _ABOUT * abs(v))
        return (v - w, v + w)
    if c.hedge == "more_than":
        return (v - p, math.inf)
    if c.hedge in ("less_than", "up_to"):
        return (-math.inf if v < 0 else 0.0, v + p)
    return (v - p, v + p)


def agree(a: Claim, b: Claim) -> bool:
    """True when two claims can both be right about the value."""
    if a.unit == "date" and b.unit == "date":
        return _dates_overlap(a, b)
    if isinstance(a.value, str) or isinstance(b.value, str):
        return _label_key(a) == _label_key(b)
    if a.hedge == b.hedge and a.hedge in ("up_to", "less_than", "more_than"):
        a, b = (replace(x, hedge="exact") for x in (a, b))  # "up to $19 million" and "up to $21 million" name different caps
    lo1, hi1 = interval(a)
    lo2, hi2 = interval(b)
    if lo1 == hi1 or lo2 == hi2:  # a value stated with no precision: inside the other, ends included
        return lo1 <= hi2 and lo2 <= hi1
    return lo1 < hi2 and lo2 < hi1  # "$18" (17.5-18.5) and "$19" (18.5-19.5) only touch: they differ


def _dates_overlap(a: Claim, b: Claim) -> bool:
    """Two dates agree when the periods they name overlap ("2026" and "2026-Q4"); "up to" a day
    (news that came no later than a session) agrees with any earlier day."""
    ra, rb = value_range(str(a.value)), value_range(str(b.value))
    if ra is None or rb is None:
        return True  # a date with no calendar position cannot be told apart
    (lo1, hi1), (lo2, hi2) = ra, rb
    if a.hedge == "up_to":
        lo1 = date.min
    if b.hedge == "up_to":
        lo2 = date.min
    return lo1 <= hi2 and lo2 <= hi1


def _close_sum(total: float, stated: float) -> bool:
    """A stated figure equals a sum within rounding (1%)."""
    return stated != 0 and abs(total - stated) <= 0.01 * abs(stated)


def _sum_pairs(xs: list[float]) -> list[tuple[int, int] | None]:
    """For each position t, the first pair (i, j) in combinations() order of the other positions
    whose values add up to xs[t] (_close_sum); None when no pair does."""
    if not all(math.isfinite(x) for x in xs):
        return [next(((i, j) for i, j in combinations([k for k in range(len(xs)) if k != t], 2)
                      if _close_sum(xs[i] + xs[j], xs[t])), None) for t in range(len(xs))]
    sums = _PairSums(xs)
    return [sums.first_pair(t) for t in range(len(xs))]


class _PairSums:
    """Values, sorted once, to find quickly which pairs of them add up to one of them."""

    def __init__(self, xs: list[float]) -> None:
        self.xs = xs
        self.by_value = sorted(range(len(xs)), key=lambda k: xs[k])  # positions, by value
        self.values = [xs[k] for k in self.by_value]
        self.rank = {k: r for r, k in enumerate(self.by_value)}
        self.latest = _RangeMax(self.by_value)

    def first_pair(self, t: int) -> tuple[int, int] | None:
        """The first pair (i, j), i < j, of positions other than t with _close_sum(xs[i] + xs[j], xs[t]).

        For each i in turn, the positions j that complete the sum are a window of ``by_value`` (a sum
        only grows with its parts), found by bisection; ``latest`` says at once whether the window
        holds a position after i.
        """
        xs, stated = self.xs, self.xs[t]
        if stated == 0:
            return None
        tolerance = 0.01 * abs(stated)  # exactly as _close_sum computes it
        low = [xs[k] for k in self.by_value[:3] if k != t][:2]
        high = [xs[k] for k in self.by_value[-3:] if k != t][-2:]
        if len(low) < 2 or (low[0] + low[1]) - stated > tolerance or (high[0] + high[1]) - stated < -tolerance:
            return None  # the two smallest values add up to too much, or the two largest to too little
        at = self.rank[t]
        for i in range(len(xs) - 1):
            if i == t:
                continue
            lo = bisect_left(self.values, True, key=lambda v: (xs[i] + v) - stated >= -tolerance)
            hi = bisect_left(self.values, True, key=lambda v: (xs[i] + v) - stated > tolerance)
            if max(self.latest.max(lo, min(hi, at)), self.latest.max(max(lo, at + 1), hi)) > i:
                return i, min(j for j in self.by_value[lo:hi] if j > i and j != t)
        return None


class _RangeMax:
    """The maximum of a list of integers over any slice, in constant time (a sparse table)."""

    def __init__(self, values: list[int]) -> None:
        self.rows = [list(values)]  # rows[r][k] = max(values[k : k + 2**r])
        width = 1
        while 2 * width <= len(values):
            prev = self.rows[-1]
            self.rows.append([max(prev[k], prev[k + width]) for k in range(len(prev) - width)])
            width *= 2

    def max(self, lo: int, hi: int) -> int:
        """max(values[lo:hi]), or -1 for an empty slice."""
        if lo >= hi:
            return -1
        r = (hi - lo).bit_length() - 1
        return max(self.rows[r][lo], self.rows[r][hi - (1 << r)])


def _days_apart(a: Claim, b: Claim) -> int:
    ra, rb = value_range(str(a.value)), value_range(str(b.value))
    if ra is None or rb is None:
        return 0
    return max(0, (max(ra[0], rb[0]) - min(ra[1], rb[1])).days)


def _label_key(c: Claim):
    if c.measure == "rating":
        return lexicon.load("ratings")["labels"].get(str(c.value), str(c.value))
    return str(c.value).lower()


def time_key(value: str | None) -> str | None:
    """A time qualifier without its year when the year may be unknown: "since:late-2025-09" -> "since:late-09".

    >>> time_key("since:late-2025-09") == time_key("since:late--09")
    True
    """
    if value is None:
        return None
    return re.sub(r"-+", "-", re.sub(r"\d{4}", "", value))


def same_time(a: str, b: str) -> bool:
    """Equal, or equal once an unresolved value ("monday", "--11-06") is compared without its year."""
    if a == b:
        return True
    unresolved = not re.search(r"\d{4}", a) or not re.search(r"\d{4}", b)
    return unresolved and time_key(a) == time_key(b)


def _time_differs(a: Claim, b: Claim) -> list[str]:
    """The time qualifiers on which two claims differ (a missing horizon differs from a stated one)."""
    out = []
    ha, hb = a.time.get("horizon"), b.time.get("horizon")
    if (ha or hb) and not (ha and hb and same_time(ha, hb)):
        out.append("horizon")
    for key in ("date", "session", "period"):
        if a.time.get(key) and b.time.get(key) and not same_time(a.time[key], b.time[key]):
            if key == "date" and (not re.search(r"\d{4}", a.time[key]) or not re.search(r"\d{4}", b.time[key])):
                continue  # an unresolved weekday cannot be told apart from a dated day
            out.append(key)
    return out


def _scope_differs(a: Claim, b: Claim) -> list[str]:
    out = sorted(set(a.scope.get("tags", [])) ^ set(b.scope.get("tags", [])))
    for key in ("broker", "parties"):
        if a.scope.get(key) and b.scope.get(key) and a.scope[key] != b.scope[key]:
            out.append(key)
    return out


def comparable_pair(a: Claim, b: Claim) -> bool:
    """Whether two claims of one cluster can disagree at all.

    A source's own figures are only compared for labels (a rating said two ways): two
    numbers in one article are nearly always two different things (Q2 and Q3 revenue).
    Numbers two orders of magnitude apart are not readings of one quantity either; the
    gap points at a mis-read measure, not at a disagreement worth an editor's time.
    """
    if a.source == b.source and (a.unit == "date" or b.unit == "date"):
        return False
    if isinstance(a.value, str) or isinstance(b.value, str):
        return True
    if a.source == b.source:
        return False
    x, y = abs(float(a.value)), abs(float(b.value))
    if min(x, y) == 0:
        return max(x, y) == 0
    return max(x, y) / min(x, y) < MAX_RATIO


def _pinned(c: Claim) -> bool:
    """A market reading pinned to a fixed moment (a dated close or open)."""
    return c.time.get("session") in ("close", "open") and bool(c.time.get("date"))


def classify(a: Claim, b: Claim) -> str:
    """The kind of a disagreement between two claims of one cluster: timing, scope or conflict."""
    window = measure_info(a.measure).get("same_event_days")
    if window is not None and _days_apart(a, b) > window:
        return "timing"  # sessions weeks apart are two moves, not one misdated move
    if measure_info(a.measure).get("snapshot"):
        if not (_pinned(a) and _pinned(b) and a.time == b.time):
            return "timing"
    if _time_differs(a, b):
        return "timing"
    if _scope_differs(a, b):
        return "scope"
    if measure_info(a.measure).get("generic") and not _same_stated_scope(a, b):
        return "scope"  # "300 MW" and "1 GW" of one company, not both saying which part: not a conflict
    return "conflict"


def _same_stated_scope(a: Claim, b: Claim) -> bool:
    """Both claims name the same part (scope tags) or the same counterparties."""
    for key in ("tags", "parties"):
        if a.scope.get(key) and a.scope.get(key) == b.scope.get(key):
            return True
    return False


def _value_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Claims grouped by agreeing value; each group keyed by its most precise member.

    First fit: a claim joins the first group created whose key agrees with it. An index of
    the keys finds the groups that may agree, so the work does not grow with the square.
    """
    groups: list[list[Claim]] = []
    index = _AgreeIndex()  # the groups' keys, by group number
    ordered = sorted(claims, key=lambda c: (c.hedge != "exact", c.precision or 0, str(c.value), c.id))
    for c in ordered:
        for k in index.candidates(c):
            if agree(groups[k][0], c):
                groups[k].append(c)
                break
        else:
            index.add(len(groups), c)
            groups.append([c])
    for g in groups:
        g.sort(key=lambda c: c.id)
    groups.sort(key=lambda g: (str(type(g[0].value)), g[0].value if not isinstance(g[0].value, str) else 0, str(g[0].value)))
    return groups


_ONE_SIDED = ("up_to", "less_than", "more_than")  # hedges agree() compares as exact when both claims share them


def _exact_interval(c: Claim) -> tuple[float, float]:
    """The interval of a numeric claim read without its hedge (what agree() uses for two equal one-sided hedges)."""
    v, p = float(c.value), c.precision or 0.0
    return (v - p, v + p)


def _day_span(c: Claim) -> tuple[float, float]:
    """The days (as ordinals) a date claim may fall on, as _dates_overlap() reads it; all days when it has no calendar position."""
    span = value_range(str(c.value))
    if span is None:
        return (-math.inf, math.inf)
    lo, hi = span
    return ((date.min if c.hedge == "up_to" else lo).toordinal(), hi.toordinal())


class _Intervals:
    """Keys filed under closed intervals; ``overlapping`` returns at least every key whose interval meets the query's.

    Finite intervals are kept in bands of similar width (below 2**band), each sorted by its low
    end, so a query looks only at the low ends that can reach it. Intervals open on one side are
    kept sorted by their finite end; anything else (NaN, reversed, both ends infinite) is always returned.
    """

    def __init__(self) -> None:
        self._bands: dict[int, tuple[list[float], list[int]]] = {}
        self._rising: tuple[list[float], list[int]] = ([], [])  # [lo, inf), by lo
        self._falling: tuple[list[float], list[int]] = ([], [])  # (-inf, hi], by hi
        self._always: list[int] = []

    def __bool__(self) -> bool:
        return bool(self._bands or self._rising[0] or self._falling[0] or self._always)

    def add(self, key: int, lo: float, hi: float) -> None:
        """File ``key`` under [lo, hi]."""
        width = hi - lo
        if math.isfinite(lo) and math.isfinite(width) and width >= 0 and math.frexp(width)[1] < 1000:
            _insert(self._bands.setdefault(math.frexp(width)[1], ([], [])), lo, key)
        elif math.isfinite(lo) and hi == math.inf:
            _insert(self._rising, lo, key)
        elif math.isfinite(hi) and lo == -math.inf:
            _insert(self._falling, hi, key)
        else:
            self._always.append(key)

    def overlapping(self, lo: float, hi: float) -> list[int]:
        """Every key whose interval [a, b] has a <= hi and lo <= b (and maybe a few more)."""
        if math.isnan(lo) or math.isnan(hi):  # no order to search by
            return self._always + [k for _, keys in [*self._bands.values(), self._rising, self._falling] for k in keys]
        out = list(self._always)
        for band, (lows, keys) in self._bands.items():
            # an interval narrower than 2**band that reaches lo starts after lo - 2**band (one more power spares rounding)
            out += keys[bisect_left(lows, lo - math.ldexp(1.0, band + 1)) : bisect_right(lows, hi)]
        lows, keys = self._rising
        out += keys[: bisect_right(lows, hi)]
        highs, keys = self._falling
        out += keys[bisect_left(highs, lo) :]
        return out


def _insert(column: tuple[list[float], list[int]], at: float, key: int) -> None:
    """Insert ``key`` into a (sorted positions, keys) pair at position ``at``."""
    positions, keys = column
    i = bisect_right(positions, at)
    positions.insert(i, at)
    keys.insert(i, key)


class _AgreeIndex:
    """Claims filed under integer keys; ``candidates(c)`` lists, in key order, a superset of the keys of
    the claims that agree() with ``c`` (confirm each with agree()).

    It follows agree()'s branches: two dates compare the days they cover, a string on either side
    compares label keys, and numbers compare intervals, exact ones for two equal one-sided hedges.
    """

    def __init__(self) -> None:
        self._labels: dict[object, list[int]] = defaultdict(list)  # every claim, by _label_key
        self._dates = _Intervals()  # date claims, by _day_span
        self._numbers = _Intervals()  # numbers without a one-sided hedge, by interval()
        self._hedged = {h: _Intervals() for h in _ONE_SIDED}  # one-sided numbers, by interval()
        self._exact = {h: _Intervals() for h in _ONE_SIDED}  # one-sided numbers, by _exact_interval

    def add(self, key: int, c: Claim) -> None:
        """File claim ``c`` under ``key``."""
        self._labels[_label_key(c)].append(key)
        if c.unit == "date":
            self._dates.add(key, *_day_span(c))
        if isinstance(c.value, str):
            return
        if c.hedge in _ONE_SIDED:
            self._hedged[c.hedge].add(key, *interval(c))
            self._exact[c.hedge].add(key, *_exact_interval(c))
        else:
            self._numbers.add(key, *interval(c))

    def candidates(self, c: Claim) -> list[int]:
        """Keys of the filed claims that may agree with ``c``, ascending, each once."""
        out = set(self._labels.get(_label_key(c), ()))
        if c.unit == "date" and self._dates:
            out.update(self._dates.overlapping(*_day_span(c)))
        if not isinstance(c.value, str):
            lo, hi = interval(c)
            out.update(self._numbers.overlapping(lo, hi))
            for h, filed in self._hedged.items():
                if h != c.hedge and filed:
                    out.update(filed.overlapping(lo, hi))
            if c.hedge in _ONE_SIDED and self._exact[c.hedge]:
                out.update(self._exact[c.hedge].overlapping(*_exact_interval(c)))
        return sorted(out)


def _values(groups: list[list[Claim]], involved: set[str]) -> list[dict]:
    out = []
    for g in groups:
        members = [c for c in g if c.id in involved]
        if not members:
            continue
        out.append({
            "value": members[0].value,
            "label": value_text(members[0].to_json()),
            "sources": sorted({c.source for c in members}),
            "claims": [c.id for c in members],
        })
    return out


def _alike(cluster: list[Claim], group_of: dict[str, int]) -> list[list[Claim]]:
    """The cluster's claims in classes that every pairwise rule treats alike, in cluster order.

    Claims of one class share value group, source, unit, measure, value, hedge, precision, bounds,
    time and scope: agree(), comparable_pair(), classify() and the aggregate rule cannot tell
    them apart, so a pair of classes is judged once for all its pairs of claims.
    """
    classes: dict[tuple, list[Claim]] = {}
    for c in cluster:
        classes.setdefault(_pair_signature(c, group_of[c.id]), []).append(c)
    return list(classes.values())


def _pair_signature(c: Claim, group: int) -> tuple:
    """Everything the pairwise rules read of a claim (plus its value group), as text that only equal
    values share; a claim whose text could hide a NaN (never equal to itself) stands alone."""
    try:
        text = repr((c.value, c.precision, c.low, c.high, sorted(c.time.items()), sorted(c.scope.items())))
    except TypeError:  # keys that cannot be sorted
        return ("alone", id(c))
    if "nan" in text:
        return ("alone", id(c))
    return (group, c.source, c.unit, c.measure, c.hedge, text)


def _candidate_pairs(classes: list[list[Claim]]) -> list[tuple[list[Claim], list[Claim]]]:
    """The pairs of classes (see _alike) whose claims comparable_pair() may accept, in combinations() order:
    two sources, or within one source a label (a string value, not a date) with another non-date class."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(classes):
        by_source[k[0].source].append(i)
    pairs = [(min(i, j), max(i, j)) for one, other in combinations(by_source.values(), 2) for i in one for j in other]
    for own in by_source.values():
        labels = {i for i in own if isinstance(classes[i][0].value, str) and classes[i][0].unit != "date"}
        others = [i for i in own if classes[i][0].unit != "date"]
        pairs += [(min(i, j), max(i, j)) for i in sorted(labels) for j in others if j not in labels or i < j]
    pairs.sort()
    return [(classes[i], classes[j]) for i, j in pairs]


class _Totals:
    """The claims of a cluster tagged "total", to find the one another source gives with a claim's value."""

    def __init__(self, cluster: list[Claim]) -> None:
        self.claims = [o for o in cluster if "total" in o.scope.get("tags", [])]
        self.index = _AgreeIndex()
        for k, o in enumerate(self.claims):
            self.index.add(k, o)
        self.found: dict[int, Claim | None] = {}  # id(claim) -> its answer

    def gives(self, x: Claim) -> bool:
        """``x`` is not itself a total, and another source gives its value as one."""
        return "total" not in x.scope.get("tags", []) and self.first_agreeing(x) is not None

    def first_agreeing(self, x: Claim) -> Claim | None:
        """The first total (in cluster order) of another source than ``x``'s whose value agrees with ``x``'s, if any."""
        if id(x) not in self.found:
            self.found[id(x)] = next((o for o in (self.claims[k] for k in self.index.candidates(x))
                                      if o.source != x.source and agree(o, x)), None)
        return self.found[id(x)]


class Checker:
    """Compares claims and writes findings; ``outlets`` maps source ids to display names."""

    def __init__(self, claims: list[Claim], outlets: dict[str, str], independent: dict[str, str] | None = None):
        self.claims = claims
        self.by_id = {c.id: c for c in claims}
        self.outlets = outlets
        self.origin = independent or {}  # source -> the source it copies (derived sources)
        self.aggregate_of: dict[str, str] = {}  # claim id -> a claim giving the same value as a total
        self._aggregates: dict | None = None  # see _aggregate_index

    def name(self, source: str) -> str:
        return self.outlets.get(source, source)

    def run(self, graph) -> list[Finding]:
        findings: list[Finding] = []
        for cluster in clusters(graph):
            findings += self._cluster_findings(cluster)
        findings += self._aggregate_scope_findings()
        findings.sort(key=lambda f: (KIND_ORDER.get(f.kind, 9), -f.severity, f.subject, f.measure, f.claims[0]))
        for n, f in enumerate(findings, 1):
            f.id = f"F{n:03d}"
        return findings

    # -- one cluster ---------------------------------------------------------------------
    def _cluster_findings(self, cluster: list[Claim]) -> list[Finding]:
        groups = _value_groups(cluster)
        group_of = {c.id: i for i, g in enumerate(groups) for c in g}
        pairs = self._disagreements(cluster, group_of)
        out = []
        first = cluster[0]
        disputed: set[str] = set()
        for kind, (involved, kind_pairs) in pairs.items():
            members = [self.by_id[i] for i in sorted(involved)]
            if len({c.source for c in members}) < 2 and kind != "conflict":
                continue
            disputed |= involved
            values = _values(groups, involved)
            f = Finding(id="", kind=kind, subject=first.subject, measure=first.measure, unit=first.unit,
                        claims=sorted(involved), explanation="", values=values)
            self._explain(f, members, kind_pairs)
            f.severity = self._severity(f, members)
            out.append(f)
        for g in groups:
            sources = sorted({c.source for c in g})
            kind = "agreement" if len(sources) > 1 else "single_source"
            independent = len({self.origin.get(s, s) for s in sources})
            f = Finding(id="", kind=kind, subject=first.subject, measure=first.measure, unit=first.unit,
                        claims=[c.id for c in g], explanation="", values=_values([g], {c.id for c in g}),
                        evidence={"sources": len(sources), "independent": independent})
            label = value_text(g[0].to_json())
            if kind == "agreement":
                f.explanation = (f"{len(sources)} sources ({independent} independent) give {possessive(first.subject)} "
                                 f"{self.label(first.measure)} as {label}.")
            else:
                f.explanation = f"Only {self.name(sources[0])} gives {possessive(first.subject)} {self.label(first.measure)} as {label}."
            f.severity = len(sources) / 10
            out.append(f)
        return out

    def _disagreements(self, cluster: list[Claim], group_of: dict[str, int]) -> dict[str, tuple[set[str], set[tuple[str, str]]]]:
        """Each kind of disagreement in a cluster: the ids of the claims in such pairs, and one pair of ids per pair of classes.

        Claims of two sources are compared, and within one source only labels (comparable_pair);
        claims alike (see _alike) are compared once per class. _explain reads only the sources,
        times and scopes of the pairs, which a class's first claim stands for.
        """
        totals = _Totals(cluster)
        position = {id(c): i for i, c in enumerate(cluster)}
        found: dict[str, tuple[set[str], set[tuple[str, str]]]] = {}
        for one, other in _candidate_pairs(_alike(cluster, group_of)):
            a, b = one[0], other[0]
            if group_of[a.id] == group_of[b.id] or agree(a, b) or not comparable_pair(a, b):
                continue
            kind = classify(a, b)
            if kind == "conflict" and self._is_aggregate_figure(one, other, totals, position):
                kind = "scope"
            involved, pairs = found.setdefault(kind, (set(), set()))
            involved.update(c.id for c in one + other)
            pairs.add((a.id, b.id))
        return found

    def _is_aggregate_figure(self, one: list[Claim], other: list[Claim], totals: _Totals, position: dict[int, int]) -> bool:
        """One side's value is what other sources give as a total: a figure for a different aggregate.

        Of each pair of claims from the two classes, the earlier (in cluster order) is noted in
        ``aggregate_of`` when it gives such a total, else the later when it does.
        """
        gives_one, gives_other = totals.gives(one[0]), totals.gives(other[0])
        for k, k_gives, rest, rest_gives in ((one, gives_one, other, gives_other), (other, gives_other, one, gives_one)):
            if not k_gives:
                continue
            # when both classes give a total, a claim of k is noted only if some claim of rest comes later
            before = max(position[id(c)] for c in rest) if rest_gives else math.inf
            for x in k:
                if position[id(x)] < before:
                    self.aggregate_of[x.id] = totals.first_agreeing(x).id
        return gives_one or gives_other

    def label(self, measure: str) -> str:
        return measure_info(measure)["label"]

    def _severity(self, f: Finding, members: list[Claim]) -> float:
        base = {"conflict": 3.0, "scope": 2.0, "timing": 1.0}[f.kind]
        nums = [float(c.value) for c in members if not isinstance(c.value, str)]
        spread = 1.0
        if nums:
            hi, lo = max(nums), min(nums)
            spread = (hi - lo) / max(abs(hi), abs(lo), 1e-9) if hi != lo else 0.0
        return base + min(spread, 1.0) * 0.5 + len({self.origin.get(c.source, c.source) for c in members}) * 0.05

    def _describe(self, c: Claim) -> str:
        bits = _time_bits(c)
        if "move" in c.evidence:
            bits.append(f"{c.evidence['move']:+g}%")
        tags = c.scope.get("tags")
        if tags:
            bits.append("/".join(tags))
        extra = f" ({', '.join(bits)})" if bits else ""
        return f"{self.name(c.source)} {value_text(c.to_json())}{extra}"

    def _explain(self, f: Finding, members: list[Claim], pairs: set[tuple[str, str]]) -> None:
        label = self.label(f.measure)
        snapshot = f.kind == "timing" and measure_info(f.measure).get("snapshot")
        listing = self._listing(f, members, per_claim=snapshot)
        self_contra = sorted({self.by_id[a].source for a, b in pairs if self.by_id[a].source == self.by_id[b].source})
        if snapshot:
            implied = [c.evidence["implied_previous_close"] for c in members if "implied_previous_close" in c.evidence]
            closes = sorted(set(implied))
            if len(implied) >= 2 and closes[-1] <= closes[0] * (1 + _CLOSE_TOLERANCE):
                f.evidence["implied_previous_close"] = closes[0]
                text = (f"{f.subject} {label} quoted at different moments of one session: {listing}. "
                        f"The price and move pairs all imply a previous close of about {money(closes[0])}, so these are snapshots of the same session.")
            elif len(implied) >= 2:
                f.evidence["implied_previous_close"] = closes
                text = (f"{f.subject} {label} quoted at different times: {listing}. "
                        f"They imply different previous closes ({', '.join(money(x) for x in closes)}), so they come from different sessions.")
            else:
                text = f"{f.subject} {label} is a moving market reading, quoted at different moments: {listing}."
        elif f.kind == "timing":
            keys = sorted({k for a, b in pairs for k in _time_differs(self.by_id[a], self.by_id[b])})
            text = f"{f.subject} {label} differs by {' and '.join(keys) or 'time'}: {listing}. The figures refer to different moments or horizons."
        elif f.kind == "scope":
            keys = sorted({k for a, b in pairs for k in _scope_differs(self.by_id[a], self.by_id[b])})
            text = f"{f.subject} {label} differs in scope ({', '.join(keys) or 'aggregate'}): {listing}. The figures describe different parts or aggregates."
            text += self._sums(f, members)
            totals = sorted(cid for cid in f.claims if cid in self.aggregate_of)
            for cid in totals:
                c, o = self.by_id[cid], self.by_id[self.aggregate_of[cid]]
                f.evidence.setdefault("aggregate_of", {})[cid] = o.id
                text += (f" {self.name(c.source)}'s {value_text(c.to_json())} equals the total {self.name(o.source)} gives "
                         f"({value_text(o.to_json())}): it describes the combined figure, not this one.")
        elif f.unit == "date":
            text = self._date_conflict(f, members, listing)
        else:
            text = f"Sources disagree on {f.subject} {label} for the same moment and scope: {listing}."
            hint = self._misattribution(f, members)
            if hint:
                text += " " + hint
        if self_contra:
            f.evidence["self_contradiction"] = self_contra
            text += " " + " ".join(f"{self.name(s)} contradicts itself." for s in self_contra)
        f.explanation = text

    def _sums(self, f: Finding, members: list[Claim]) -> str:
        """A value that is the sum of two other values of the finding: the combined figure."""
        nums = [v for v in f.values if not isinstance(v["value"], str)]
        notes = []
        for total, pair in zip(nums, _sum_pairs([float(v["value"]) for v in nums])):
            if pair:
                a, b = nums[pair[0]], nums[pair[1]]
                f.evidence.setdefault("sum_of", {})[total["label"]] = [a["label"], b["label"]]
                outlets = ", ".join(self.name(s) for s in total["sources"])
                notes.append(f" Sum: {total['label']} ({outlets}) = {a['label']} + {b['label']}, the combined figure, not one part.")
        return "".join(notes)

    def _date_conflict(self, f: Finding, members: list[Claim], listing: str) -> str:
        """Dates of one event that cannot both be right; a session of a move bounds its news."""
        if f.measure == "session_date":
            return (f"Sources date {possessive(f.subject)} move to different sessions: {listing}. "
                    "The same move cannot have happened on both days.")
        text = f"Sources give different dates for {f.subject} {self.label(f.measure)}: {listing}."
        bounds = [c for c in members if "reaction" in c.evidence]
        for c in bounds:
            text += (f" {self.name(c.source)} reports the share move on {time_text(str(c.value))} "
                     f"\"{c.evidence['reaction']}\", so the news came no later than that day.")
        return text

    def _listing(self, f: Finding, members: list[Claim], per_claim: bool) -> str:
        """Values in a finding: one item per claim for market readings, else one per value with its sources."""
        if per_claim:
            return "; ".join(self._describe(c) for c in sorted(members, key=lambda c: (float(c.value), c.id)))
        items = []
        for v in f.values:
            group = [self.by_id[cid] for cid in v["claims"]]
            outlets = ", ".join(dict.fromkeys(self.name(c.source) for c in group))
            qualifiers = sorted({q for c in group for q in self._qualifiers(c)})
            extra = f" [{', '.join(qualifiers)}]" if qualifiers else ""
            items.append(f"{v['label']}{extra} ({outlets})")
        return "; ".join(items)

    def _qualifiers(self, c: Claim) -> list[str]:
        return _time_bits(c) + list(c.scope.get("tags", []))

    def _misattribution(self, f: Finding, members: list[Claim]) -> str:
        """Say so when a minority value equals a figure other claims give to another subject."""
        counts: dict[str, int] = defaultdict(int)
        for c in members:
            counts[str(c.value)] += 1
        fewest = min(counts.values())
        minority = [c for c in members if counts[str(c.value)] == fewest]
        notes = []
        for c in minority:
            others = self._aggregates_agreeing(c)
            if others:
                f.evidence.setdefault("misattribution", {})[c.id] = others
                notes.append(f"{self.name(c.source)}'s {number(c.value, c.unit)} equals the figure given for {', '.join(others)}: a likely misattribution.")
        return " ".join(notes)

    def _aggregates_agreeing(self, c: Claim) -> list[str]:
        """The groups and sectors (sorted) that other claims give ``c``'s numeric value for, in its measure and unit family,
        when the group includes ``c``'s subject or is a sector: "Acme+Globex" or "utilities" for Acme."""
        if isinstance(c.value, str):
            return []
        found = []
        for subject, (filed, index) in sorted(self._aggregate_index().get((c.measure, unit_kind(c.unit)), {}).items()):
            if subject == c.subject or not (subject.islower() or c.subject in subject.split("+")):
                continue
            if any(agree(filed[k], c) for k in index.candidates(c)):
                found.append(subject)
        return found

    def _aggregate_index(self) -> dict[tuple[str, str], dict[str, tuple[list[Claim], _AgreeIndex]]]:
        """The story's numeric claims about groups and sectors, by (measure, unit family) and subject, indexed by value (built once)."""
        if self._aggregates is None:
            self._aggregates = {}
            for o in self.claims:
                if isinstance(o.value, str) or not _is_aggregate(o.subject):
                    continue
                filed, index = self._aggregates.setdefault((o.measure, unit_kind(o.unit)), {}).setdefault(o.subject, ([], _AgreeIndex()))
                index.add(len(filed), o)
                filed.append(o)
        return self._aggregates

    # -- the same figure given to different aggregates ------------------------------------
    def _aggregate_scope_findings(self) -> list[Finding]:
        """Same measure, same value, same period, but a group in one source and a sector in another."""
        by_key: dict[tuple, list[Claim]] = defaultdict(list)
        for c in self.claims:
            if isinstance(c.value, str) or not measure_info(c.measure).get("comparable", True) or unit_kind(c.unit) == "count":
                continue
            if _is_aggregate(c.subject):
                by_key[(c.measure, unit_kind(c.unit), time_key(c.time.get("period")), time_key(c.time.get("horizon")))].append(c)
        out = []
        for key, items in sorted(by_key.items(), key=lambda kv: (str(kv[0]), kv[1][0].id)):
            for g in _value_groups(items):
                subjects = sorted({c.subject for c in g})
                if len(subjects) < 2 or len({c.source for c in g}) < 2:
                    continue
                f = Finding(id="", kind="scope", subject=" vs ".join(subjects), measure=g[0].measure, unit=g[0].unit,
                            claims=[c.id for c in g], explanation="",
                            values=[{"value": c.value, "label": f"{value_text(c.to_json())} for {c.subject}",
                                     "sources": [c.source], "claims": [c.id]} for c in g])
                per_subject = "; ".join(
                    f"{s}: " + ", ".join(sorted({self.name(c.source) for c in g if c.subject == s})) for s in subjects)
                f.explanation = (f"The same {self.label(g[0].measure)} ({value_text(g[0].to_json())}) is attributed to different "
                                 f"subjects ({per_subject}). The sources disagree on whose figure it is, not on the number.")
                f.evidence["subjects"] = subjects
                f.severity = 2.0 + 0.05 * len({c.source for c in g})
                out.append(f)
        return out


def _time_bits(c: Claim) -> list[str]:
    """The claim's session, date, horizon and period, in words."""
    t = c.time
    bits = [t.get("session"), t.get("date"), t.get("horizon") and "by " + t["horizon"], t.get("period")]
    return [time_text(b) if not b.startswith("by ") else "by " + time_text(b[3:]) for b in bits if b]


def _is_aggregate(subject: str) -> bool:
    """A group ("ACME+NWND") or a sector noun (lower case) rather than one company."""
    return "+" in subject or subject.islower()


def check(claims: list[Claim], graph, outlets: dict[str, str], derived: dict[str, str] | None = None) -> list[Finding]:
    """All findings for a story's claims, ordered conflict, scope, timing, agreement, single-source."""
    return Checker(claims, outlets, derived).run(graph)
