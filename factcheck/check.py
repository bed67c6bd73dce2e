"""Check stage: compare claims inside each cluster and classify their differences.

Rules (DESIGN.md "Comparison rules"): two values agree when their intervals overlap
(stated precision widened by the hedge). Disagreeing claims differ by **timing** when
their time qualifiers differ, by **scope** when their scope qualifiers differ, and
otherwise **conflict**. Market readings (share prices and moves) taken at unpinned
moments are timing: they are snapshots of a moving price. The same figure given to
a group by one source and to a sector by another is a scope finding.

The work grows with the claims, not with their square: value groups are found through an
interval index; the pairs of a small cluster are judged one by one, those of a large one are
found through indexes of its claims by value, in buckets of equal time and scope (_Partners).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import cached_property, lru_cache, partial
from datetime import date
from itertools import combinations, compress
from operator import attrgetter

from . import lexicon
from .display import money, number, possessive, time_text, value_text
from .extract import measure_info, unit_kind
from .graph import clusters, collector_paused
from .model import Claim, Finding
from .timeexpr import value_range

KIND_ORDER = {"conflict": 0, "scope": 1, "timing": 2, "agreement": 3, "single_source": 4}
_ABOUT = 0.02  # "about/roughly" widens a value by 2% of itself, or by its precision if that is more
_CLOSE_TOLERANCE = 0.005  # implied previous closes within 0.5% are the same close
MAX_RATIO = 20  # values further apart than this are not compared (see comparable_pair)
_SOURCE, _ID = attrgetter("source"), attrgetter("id")


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
    if a.hedge == b.hedge and a.hedge in _ONE_SIDED:  # "up to $19 million" and "up to $21 million" name different caps
        (lo1, hi1), (lo2, hi2) = _exact_interval(a), _exact_interval(b)
    else:
        (lo1, hi1), (lo2, hi2) = interval(a), interval(b)
    if lo1 == hi1 or lo2 == hi2:  # a value stated with no precision: inside the other, ends included
        return lo1 <= hi2 and lo2 <= hi1
    return lo1 < hi2 and lo2 < hi1  # "$18" (17.5-18.5) and "$19" (18.5-19.5) only touch: they differ


@lru_cache(maxsize=4096)
def _calendar(value: str) -> tuple[date, date] | None:
    """value_range(value), remembered: a story's dates repeat."""
    return value_range(value)


def _dates_overlap(a: Claim, b: Claim) -> bool:
    """Two dates agree when the periods they name overlap ("2026" and "2026-Q4"); "up to" a day
    (news that came no later than a session) agrees with any earlier day."""
    ra, rb = _calendar(str(a.value)), _calendar(str(b.value))
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
    ra, rb = _calendar(str(a.value)), _calendar(str(b.value))
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
    if _timing_part(a, b):
        return "timing"
    if _scope_part(a, b):
        return "scope"
    return "conflict"


def _timing_part(a: Claim, b: Claim) -> bool:
    """Whether two claims of one cluster differ by timing (reads their times, and their dates for a measure with a window)."""
    info = measure_info(a.measure)
    window = info.get("same_event_days")
    if window is not None and _days_apart(a, b) > window:
        return True  # sessions weeks apart are two moves, not one misdated move
    if info.get("snapshot") and not (_pinned(a) and _pinned(b) and a.time == b.time):
        return True
    return bool(_time_differs(a, b))


def _scope_part(a: Claim, b: Claim) -> bool:
    """Whether two claims of one cluster, not differing by timing, differ by scope (reads their scopes only)."""
    if _scope_differs(a, b):
        return True
    # "300 MW" and "1 GW" of one company, not both saying which part: not a conflict
    return bool(measure_info(a.measure).get("generic")) and not _same_stated_scope(a, b)


def _same_stated_scope(a: Claim, b: Claim) -> bool:
    """Both claims name the same part (scope tags) or the same counterparties."""
    for key in ("tags", "parties"):
        if a.scope.get(key) and a.scope.get(key) == b.scope.get(key):
            return True
    return False


_SCANNED = 12  # up to this many claims, value groups are found by trying every group (cheaper than indexing them)


def _value_groups(claims: list[Claim], texts: dict[int, str] | None = None) -> list[list[Claim]]:
    """Claims grouped by agreeing value; each group keyed by its most precise member.

    First fit: a claim joins the first group created whose key agrees with it. Past a few claims, an
    index of the keys finds the groups that may agree, so the work does not grow with the square, and
    a claim stating the same value as an earlier one (see _value_signature) joins that one's group at once:
    it agrees with the same keys, and with that claim if it became a key. ``texts``: see _value_texts.
    """
    if len(claims) == 1:
        return [list(claims)]
    groups: list[list[Claim]] = []
    index = _AgreeIndex() if len(claims) > _SCANNED else None  # the groups' keys, by group number
    joined: dict[tuple, int | None] = {}  # value signature -> the group its first claim joined (None: look again)
    ordered = sorted(claims, key=lambda c: (c.hedge != "exact", c.precision or 0, str(c.value), c.id))
    for c in ordered:
        same = _value_signature(c, texts) if index is not None else None
        if joined.get(same) is not None:
            groups[joined[same]].append(c)
            continue
        for k in index.candidates(c) if index is not None else range(len(groups)):
            if agree(groups[k][0], c):
                groups[k].append(c)
                break
        else:
            if index is not None:
                index.add(len(groups), c)
            k = len(groups)
            groups.append([c])
        if same is not None and same not in joined:
            joined[same] = k if agree(c, c) else None  # a claim that disagrees with itself (reversed range) is judged each time
    for g in groups:
        g.sort(key=lambda c: c.id)
    groups.sort(key=lambda g: (str(type(g[0].value)), g[0].value if not isinstance(g[0].value, str) else 0, str(g[0].value)))
    return groups


def _reach(c: Claim) -> tuple[float, float] | None:
    """The least and greatest end of a number's intervals (what agree() may read of it against another number);
    None for a date or label, or an interval with a NaN end."""
    if c.unit == "date" or isinstance(c.value, str):
        return None
    ends = (*interval(c), *_exact_interval(c))
    return None if any(math.isnan(x) for x in ends) else (min(ends), max(ends))


def _hull(claims: list[Claim]) -> tuple[float, float] | None:
    """The least and greatest end of the claims' intervals (see _reach); None when one has no reach."""
    reaches = [_reach(c) for c in claims]
    if any(r is None for r in reaches):
        return None
    return (min(r[0] for r in reaches), max(r[1] for r in reaches))


def _apart(reach: tuple[float, float] | None, hull: tuple[float, float] | None) -> bool:
    """A number with intervals within ``reach`` agrees with none of the numbers within ``hull``: agreeing intervals meet."""
    return reach is not None and hull is not None and (reach[0] > hull[1] or reach[1] < hull[0])


def _value_signature(c: Claim, texts: dict[int, str] | None = None) -> tuple | None:
    """What agree() reads of a claim, as text only equal values share; None when the text could hide a NaN."""
    text = _value_text(c, texts)
    return None if "nan" in text else (c.unit, c.measure, c.hedge, text)


def _value_text(c: Claim, texts: dict[int, str] | None = None) -> str:
    """The claim's value, precision and bounds as text (from ``texts`` when it has the claim, see _value_texts)."""
    text = texts.get(id(c)) if texts is not None else None
    return repr((c.value, c.precision, c.low, c.high)) if text is None else text


def _value_texts(claims: list[Claim]) -> dict[int, str]:
    """id(claim) -> _value_text(claim): made once for a cluster whose value groups, classes and totals all read it."""
    return {id(c): repr((c.value, c.precision, c.low, c.high)) for c in claims}


_ONE_SIDED = ("up_to", "less_than", "more_than")  # hedges agree() compares as exact when both claims share them


def _exact_interval(c: Claim) -> tuple[float, float]:
    """The interval of a numeric claim read without its hedge (what agree() uses for two equal one-sided hedges)."""
    v, p = float(c.value), c.precision or 0.0
    return (v - p, v + p)


def _day_span(c: Claim) -> tuple[float, float]:
    """The days (as ordinals) a date claim may fall on, as _dates_overlap() reads it; all days when it has no calendar position."""
    span = _calendar(str(c.value))
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


    def reaching(self, lo: float, hi: float):
        """The keys ``overlapping`` returns, one at a time (to stop at the first that will do)."""
        if math.isnan(lo) or math.isnan(hi):
            yield from self.overlapping(lo, hi)
            return
        yield from self._always
        for band, (lows, keys) in self._bands.items():
            for i in range(bisect_left(lows, lo - math.ldexp(1.0, band + 1)), bisect_right(lows, hi)):
                yield keys[i]
        lows, keys = self._rising
        for i in range(bisect_right(lows, hi)):
            yield keys[i]
        highs, keys = self._falling
        for i in range(bisect_left(highs, lo), len(keys)):
            yield keys[i]


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
    A set of intervals is made when a claim is first filed in it.
    """

    def __init__(self) -> None:
        self._labels: dict[object, list[int]] = defaultdict(list)  # every claim, by _label_key
        self._strings = False  # whether a claim with a string value was filed (only those agree with a number by label)
        self._dates: _Intervals | None = None  # date claims, by _day_span
        self._numbers: _Intervals | None = None  # numbers without a one-sided hedge, by interval()
        self._hedged: dict[str, _Intervals] = {}  # one-sided numbers, by hedge, by interval()
        self._exact: dict[str, _Intervals] = {}  # one-sided numbers, by hedge, by _exact_interval

    def add(self, key: int, c: Claim) -> None:
        """File claim ``c`` under ``key``."""
        self._labels[_label_key(c)].append(key)
        self._strings = self._strings or isinstance(c.value, str)
        if c.unit == "date":
            if self._dates is None:
                self._dates = _Intervals()
            self._dates.add(key, *_day_span(c))
        if isinstance(c.value, str):
            return
        if c.hedge in _ONE_SIDED:
            self._hedged.setdefault(c.hedge, _Intervals()).add(key, *interval(c))
            self._exact.setdefault(c.hedge, _Intervals()).add(key, *_exact_interval(c))
        else:
            if self._numbers is None:
                self._numbers = _Intervals()
            self._numbers.add(key, *interval(c))

    def any_agrees(self, c: Claim, filed: list[Claim]) -> bool:
        """Whether a filed claim (``filed[key]``) agrees with ``c``: the candidates are tried as they are found."""
        return any(agree(filed[k], c) for k in self._maybe(c))

    def _maybe(self, c: Claim):
        """The keys ``candidates`` lists, one at a time, unsorted, maybe twice."""
        if self._strings or isinstance(c.value, str):
            yield from self._labels.get(_label_key(c), ())
        if c.unit == "date" and self._dates:
            yield from self._dates.reaching(*_day_span(c))
        if not isinstance(c.value, str):
            lo, hi = interval(c)
            if self._numbers:
                yield from self._numbers.reaching(lo, hi)
            for h, filed in self._hedged.items():
                if h != c.hedge:
                    yield from filed.reaching(lo, hi)
            if c.hedge in self._exact:
                yield from self._exact[c.hedge].reaching(*_exact_interval(c))

    def candidates(self, c: Claim) -> list[int]:
        """Keys of the filed claims that may agree with ``c``, ascending, each once."""
        out = set(self._labels.get(_label_key(c), ())) if self._strings or isinstance(c.value, str) else set()
        if c.unit == "date" and self._dates:
            out.update(self._dates.overlapping(*_day_span(c)))
        if not isinstance(c.value, str):
            lo, hi = interval(c)
            if self._numbers:
                out.update(self._numbers.overlapping(lo, hi))
            for h, filed in self._hedged.items():
                if h != c.hedge:
                    out.update(filed.overlapping(lo, hi))
            if c.hedge in self._exact:
                out.update(self._exact[c.hedge].overlapping(*_exact_interval(c)))
        return sorted(out)


def _shown(c: Claim) -> str:
    """The claim's value as an editor reads it: value_text() of the fields of its JSON record that it reads."""
    return value_text({"value": c.value, "unit": c.unit, "low": c.low, "high": c.high, "hedge": c.hedge,
                       "previous": c.previous, "evidence": c.evidence})


def _alike(cluster: list[Claim], group_of: dict[str, int], texts: dict[int, str] | None = None) -> dict[tuple, list[Claim]]:
    """The cluster's claims in classes that every pairwise rule treats alike, in cluster order, by signature.

    Claims of one class share value group, source, unit, measure, value, hedge, precision, bounds,
    time and scope: agree(), comparable_pair(), classify() and the aggregate rule cannot tell
    them apart, so a pair of classes is judged once for all its pairs of claims.
    """
    classes: dict[tuple, list[Claim]] = {}
    for c in cluster:
        classes.setdefault(_pair_signature(c, group_of[c.id], texts), []).append(c)
    return classes


def _pair_signature(c: Claim, group: int, texts: dict[int, str] | None = None) -> tuple:
    """Everything the pairwise rules read of a claim (plus its value group), as text that only equal values
    share, ending with the texts of its time and scope; a claim whose text could hide a NaN (never equal to
    itself) stands alone: ("alone", id)."""
    try:
        value = _value_text(c, texts)
        time, scope = repr(sorted(c.time.items())), repr(sorted(c.scope.items()))
    except TypeError:  # keys that cannot be sorted
        return ("alone", id(c))
    if "nan" in value or "nan" in time or "nan" in scope:
        return ("alone", id(c))
    return (group, c.source, c.unit, c.measure, c.hedge, value, time, scope)


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

    def __init__(self, cluster: list[Claim], texts: dict[int, str] | None = None) -> None:
        self.cluster, self.texts = cluster, texts
        self.claims = [o for o in cluster if "total" in o.scope.get("tags", [])]
        self.index = _AgreeIndex()
        for k, o in enumerate(self.claims):
            self.index.add(k, o)
        self.found: dict[int, Claim | None] = {}  # id(claim) -> its answer
        self.by_value: dict[tuple, tuple] = {}  # value signature -> what _agreeing found

    @cached_property
    def position(self) -> dict[int, int]:
        """id(claim) -> its place in the cluster (the aggregate rule notes the earlier of two claims)."""
        return {id(c): i for i, c in enumerate(self.cluster)}

    def gives(self, x: Claim) -> bool:
        """``x`` is not itself a total, and another source gives its value as one."""
        return "total" not in x.scope.get("tags", []) and self.first_agreeing(x) is not None

    def first_agreeing(self, x: Claim) -> Claim | None:
        """The first total (in cluster order) of another source than ``x``'s whose value agrees with ``x``'s, if any."""
        if not self.claims:
            return None
        if id(x) not in self.found:
            first, other = self._agreeing(x)
            self.found[id(x)] = first if first is None or first.source != x.source else other
        return self.found[id(x)]

    def _agreeing(self, x: Claim) -> tuple[Claim | None, Claim | None]:
        """The first total that agrees with ``x``, and the first of another source than that one's (claims stating
        the same value share the answer)."""
        same = _value_signature(x, self.texts)
        if same is None or same not in self.by_value:
            agreeing = (o for o in (self.claims[k] for k in self.index.candidates(x)) if agree(o, x))
            first = next(agreeing, None)
            answer = (first, next((o for o in agreeing if o.source != first.source), None) if first else None)
            if same is None:
                return answer
            self.by_value[same] = answer
        return self.by_value[same]


def _note_totals(one: list[Claim], gives_one: bool, other: list[Claim], gives_other: bool, totals: _Totals,
                 aggregate_of: dict[str, str]) -> None:
    """Note in ``aggregate_of`` the claims of two conflicting classes that give a total another source gives.

    Of each pair of claims from the two classes, the earlier (in cluster order) is noted when it
    gives such a total, else the later when it does.
    """
    for k, k_gives, rest, rest_gives in ((one, gives_one, other, gives_other), (other, gives_other, one, gives_one)):
        if not k_gives:
            continue
        # when both classes give a total, a claim of k is noted only if some claim of rest comes later
        position = totals.position
        before = max(position[id(c)] for c in rest) if rest_gives else math.inf
        for x in k:
            if position[id(x)] < before:
                aggregate_of[x.id] = totals.first_agreeing(x).id


_Disputes = dict[str, tuple[set[str], set[tuple[str, str]]]]  # kind -> ids of the claims in such pairs, pairs of ids
_TINY = 8  # a cluster of at most this many claims is judged claim by claim (cheaper than finding classes)
_INDEXED = 24  # a cluster with more classes of claims than this finds its pairs through _Partners, not pair by pair


class _LeastOfOthers:
    """Over any slice of a list of values, each from a source: the position of the least value whose source is not a
    given one, in constant time (a sparse table keeping, per span, its least value and the least of other sources)."""

    def __init__(self, values: list[float], sources: list[str]) -> None:
        self.values, self.sources = values, sources
        self.rows = [[(k, -1) for k in range(len(values))]]  # rows[r][k]: the pair for values[k : k + 2**r]
        width = 1
        while 2 * width <= len(values):
            prev = self.rows[-1]
            self.rows.append([self._merge(a, b) for a, b in zip(prev, prev[width:])])
            width *= 2

    def _merge(self, a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        """The pair for the union of two spans: the least position, and the least of another source than its (-1 for none)."""
        values, sources = self.values, self.sources
        first = a[0] if values[a[0]] <= values[b[0]] else b[0]
        second = -1
        for k in (*a, *b):
            if k >= 0 and sources[k] != sources[first] and (second < 0 or values[k] < values[second]):
                second = k
        return first, second

    def least(self, lo: int, hi: int, source: str) -> int:
        """The position of the least of values[lo:hi] whose source is not ``source`` (-1 for none), for lo < hi."""
        r = (hi - lo).bit_length() - 1
        first, second = self._merge(self.rows[r][lo], self.rows[r][hi - (1 << r)])
        return first if self.sources[first] != source else second

    def first(self, lo: int, hi: int, bound: float, source: str, accept) -> int | None:
        """The position of some value <= ``bound`` in values[lo:hi], of another source than ``source``, that ``accept``
        takes (least values tried first), or None."""
        stack = [(lo, hi)]
        while stack:
            lo, hi = stack.pop()
            if lo >= hi:
                continue
            m = self.least(lo, hi, source)
            if m < 0 or self.values[m] > bound:
                continue
            if accept(m):
                return m
            stack += [(m + 1, hi), (lo, m)]
        return None


class _Side:
    """Units or classes of one bucket (see _Partners), the items, read through one kind of interval and sorted by a
    number (the size of their value, or their place in the cluster): finds, within a window of those numbers, one
    of another source whose interval ends at or below a query's start or starts at or after its end (two claims of
    one source are not compared, except labels: see comparable_pair). A side of a few items is scanned; a larger
    one is searched through sparse tables."""

    SCANNED = 8

    def __init__(self, entries: list[tuple[float, float, float, int]], sources: list[str]) -> None:
        entries.sort(key=lambda e: e[0])  # (number, low, high, item)
        self.sizes = [e[0] for e in entries]
        self.lows = [e[1] for e in entries]
        self.highs = [e[2] for e in entries]
        self.items = [e[3] for e in entries]
        self.sources = [sources[e[3]] for e in entries]
        self.least_high, self.greatest_low = min(self.highs), max(self.lows)
        self.by_high = self.by_low = None
        if len(entries) > self.SCANNED:
            self.by_high = _LeastOfOthers(self.highs, self.sources)
            self.by_low = _LeastOfOthers([-x for x in self.lows], self.sources)  # the greatest low is the least negation

    def find(self, lo: float, hi: float, smallest: float, largest: float, source: str, accept) -> int | None:
        """An item of another source than ``source``, with its number in [smallest, largest], lying wholly at or
        below ``lo`` or at or above ``hi``, that ``accept`` takes."""
        left, right = bisect_left(self.sizes, smallest), bisect_right(self.sizes, largest)
        if self.by_high is None:
            return next((self.items[m] for m in range(left, right) if self.sources[m] != source
                         and (self.highs[m] <= lo or self.lows[m] >= hi) and accept(self.items[m])), None)
        if left >= right:
            return None
        m = self.by_high.first(left, right, lo, source, lambda m: accept(self.items[m]))
        if m is None:
            m = self.by_low.first(left, right, -hi, source, lambda m: accept(self.items[m]))
        return None if m is None else self.items[m]


class _Bucket:
    """Units (see _Partners) with equal time and scope qualifiers and equal "gives a total": classify() and the
    aggregate rule give one kind to every pair of units of two buckets. Numbers and dates are indexed by interval
    (one _Side per hedge, and per hedge read as exact), labels by label key."""

    def __init__(self, rep: Claim, time: int, scope: int, gives: bool) -> None:
        self.rep, self.time, self.scope, self.gives = rep, time, scope, gives  # time and scope: numbers of distinct qualifiers
        self.units: list[int] = []
        self.wide: dict[str, _Side] = {}  # hedge ("" for two-sided) -> units by interval()
        self.exact: dict[str, _Side] = {}  # one-sided hedge -> units by _exact_interval()
        self.labels: dict[object, list[int]] = {}  # label key -> units
        self.by_place: tuple | dict | None = None  # its classes by their last claim in the cluster (see _Partners._later_partner)
        self.least_high, self.greatest_low = math.inf, -math.inf


class _Partners:
    """The counted pairs of a large cluster, found through indexes instead of judging every pair of classes.

    A pair of classes (see _alike) counts when they are in different value groups, do not agree() and are
    comparable_pair(). Classes alike but for their source form a unit: the rules read the same of them, but
    for the source. Units are filed in buckets of equal time and scope qualifiers and equal "gives a total":
    classify() and the aggregate rule give one kind to every pair of units of two buckets. A unit that does
    not agree with another lies wholly below or above it (numbers, dates) or has another label key, so a
    bucket answers "a unit that counts with this one" from an index, and the pair is then confirmed with
    the rules themselves. The work grows with the units and the pairs of buckets, not the pairs of classes.
    """

    KINDS = ("conflict", "scope", "timing")

    def __init__(self, family: str, group_of: dict[str, int], totals: _Totals) -> None:
        self.family = family
        self.group_of, self.totals = group_of, totals
        self.members: list[dict[str, list[Claim]]] = []  # unit -> source -> the claims of its class of that source
        self.signature: list[tuple] = []  # unit -> the signature of its first class (see _alike)
        self.reps: list[Claim] = []  # unit -> its first claim
        self.heads: list[list[Claim]] = []  # unit -> the first claims of its first two classes
        self.source: list[object] = []  # unit -> its source, or ("several", unit) when its classes have several
        self.group: list[int] = []
        self.gives: list[bool] = []
        # what agree() and comparable_pair() read of each unit: see _read
        self.hedge: list[str] = []
        self.size: list[float] = []
        self.wide: list[tuple[float, float]] = []
        self.exact: list[tuple[float, float]] = []
        self.buckets: list[_Bucket] = []
        self.bucket_of: list[int] = []
        self._rules: dict[tuple, object] = {}  # (rule, qualifier number, qualifier number) -> the rule's answer

    @classmethod
    def build(cls, alike: dict[tuple, list[Claim]], group_of: dict[str, int], totals: _Totals) -> _Partners | None:
        """The units of a cluster's classes (``alike``: by signature, see _alike), or None when a value or qualifier
        is of a sort _Partners cannot order or file."""
        family = _family([k[0] for k in alike.values()])
        if family is None:
            return None
        partners = cls(family, group_of, totals)
        partners._unite(alike)
        return partners if partners._read() and partners._file() else None

    def _unite(self, alike: dict[tuple, list[Claim]]) -> None:
        """Gather the classes into units: same signature but for the source, and the same "gives a total"."""
        units: dict[tuple, int] = {}
        for signature, claims in alike.items():
            gives = bool(self.totals.claims) and self.totals.gives(claims[0])
            key = (signature if signature[0] == "alone" else signature[:1] + signature[2:]) + (gives,)
            if key not in units:
                units[key] = len(self.members)
                self.members.append({})
                self.signature.append(signature)
                self.reps.append(claims[0])
                self.heads.append([])
                self.source.append(claims[0].source)
                self.group.append(self.group_of[claims[0].id])
                self.gives.append(gives)
            k = units[key]
            self.members[k][claims[0].source] = claims
            if len(self.heads[k]) < 2:
                self.heads[k].append(claims[0])
            if len(self.members[k]) == 2:
                self.source[k] = ("several", k)  # equal to no source: a unit of several sources is compared with any

    def _read(self) -> bool:
        """Note each unit's hedge, size of value and intervals; False when an interval has a NaN end (it has no order)."""
        for c in self.reps:
            if self.family == "labels":
                self.hedge.append("")
                self.size.append(0.0)
                continue
            if self.family == "dates":
                self.hedge.append("")
                self.size.append(0.0)
                self.wide.append(_day_span(c))
                self.exact.append(self.wide[-1])
                continue
            self.hedge.append(c.hedge if c.hedge in _ONE_SIDED else "")  # two equal one-sided hedges compare exact intervals
            self.size.append(abs(float(c.value)))  # comparable_pair() compares sizes
            self.wide.append(interval(c))
            self.exact.append(_exact_interval(c))
            if any(math.isnan(x) for x in (*self.wide[-1], *self.exact[-1])):
                return False
        return True

    def _file(self) -> bool:
        """File every unit in its bucket; False when a qualifier cannot be filed."""
        dated = measure_info(self.reps[0].measure).get("same_event_days") is not None
        times: dict[tuple, int] = {}
        scopes: dict[str, int] = {}
        keys: dict[tuple, int] = {}
        for k, c in enumerate(self.reps):
            qualifiers = _qualifier_keys(c, dated, self.signature[k])
            if qualifiers is None:
                return False
            key = (times.setdefault(qualifiers[0], len(times)), scopes.setdefault(qualifiers[1], len(scopes)), self.gives[k])
            if key not in keys:
                keys[key] = len(self.buckets)
                self.buckets.append(_Bucket(c, *key))
            self.bucket_of.append(keys[key])
            self.buckets[keys[key]].units.append(k)
        return True

    def _index(self, bucket: _Bucket) -> None:
        """Index a bucket's units by label key, or by interval per hedge."""
        if self.family == "labels":
            for k in bucket.units:
                bucket.labels.setdefault(_label_key(self.reps[k]), []).append(k)
            return
        bucket.wide, bucket.exact = self._sides(bucket.units, self._units, self.size, self.source)
        sides = [*bucket.wide.values(), *bucket.exact.values()]
        bucket.least_high = min(s.least_high for s in sides)
        bucket.greatest_low = max(s.greatest_low for s in sides)

    @cached_property
    def _units(self) -> list[int]:
        """unit -> itself (the units of ``_sides`` when it indexes units)."""
        return list(range(len(self.members)))

    def _sides(self, items: list[int], units: list[int], order: list[float], sources: list) -> tuple[dict[str, _Side], dict[str, _Side]]:
        """The items (units, or classes) by interval, sorted by ``order`` (item -> number): one _Side per hedge, and
        one per one-sided hedge with exact intervals (two equal one-sided hedges compare those). ``units``:
        item -> its unit; ``sources``: item -> its source (or ("several", unit))."""
        wide: dict[str, dict[tuple, list[int]]] = defaultdict(dict)
        exact: dict[str, dict[tuple, list[int]]] = defaultdict(dict)
        for i in items:
            k = units[i]
            _enter(wide[self.hedge[k]], (self.group[k], order[i], *self.wide[k]), i, sources)
            if self.hedge[k]:
                _enter(exact[self.hedge[k]], (self.group[k], order[i], *self.exact[k]), i, sources)
        return ({h: _Side(_entries(cells), sources) for h, cells in wide.items()},
                {h: _Side(_entries(cells), sources) for h, cells in exact.items()})

    # -- kinds of pairs of buckets ---------------------------------------------------------
    def kind(self, q1: int, q2: int) -> str:
        """The kind of every counted pair between buckets q1 and q2 (classify(), then the aggregate rule)."""
        if self.rule(_timing_part, q1, q2):
            return "timing"
        if self.rule(_scope_part, q1, q2):
            return "scope"
        return "scope" if self.buckets[q1].gives or self.buckets[q2].gives else "conflict"

    def rule(self, rule, q1: int, q2: int):
        """``rule`` (_timing_part, _time_differs: read times; _scope_part, _scope_differs: read scopes) on the
        buckets' first claims, remembered per pair of qualifiers (the rules are symmetric)."""
        b1, b2 = self.buckets[q1], self.buckets[q2]
        n1, n2 = (b1.time, b2.time) if rule in (_timing_part, _time_differs) else (b1.scope, b2.scope)
        key = (rule, n1, n2) if n1 <= n2 else (rule, n2, n1)
        if key not in self._rules:
            self._rules[key] = rule(b1.rep, b2.rep)
        return self._rules[key]

    def _partner_lists(self) -> list[dict[str, list[int]]]:
        """For each bucket, the buckets whose pairs with it are of each kind (as ``kind`` says), larger ones first."""
        by_time: dict[int, list[int]] = defaultdict(list)  # time number -> its buckets, largest first
        for q in sorted(range(len(self.buckets)), key=lambda q: -len(self.buckets[q].units)):
            by_time[self.buckets[q].time].append(q)
        timing, scope = self._matrix(_timing_part, "time"), self._matrix(_scope_part, "scope")
        lists = []
        for b1 in self.buckets:
            by_kind: dict[str, list[int]] = {k: [] for k in self.KINDS}
            times, scopes = timing[b1.time], scope[b1.scope]
            for time, buckets in by_time.items():
                if times[time]:
                    by_kind["timing"] += buckets
                    continue
                for q2 in buckets:
                    b2 = self.buckets[q2]
                    by_kind["scope" if scopes[b2.scope] or b1.gives or b2.gives else "conflict"].append(q2)
            lists.append(by_kind)
        return lists

    def _matrix(self, rule, qualifier: str) -> list[list]:
        """``rule`` (see ``rule``) for every pair of the buckets' distinct times (qualifier "time") or scopes ("scope")."""
        first: dict[int, Claim] = {}  # qualifier number -> the first claim of a bucket with it
        for bucket in self.buckets:
            first.setdefault(getattr(bucket, qualifier), bucket.rep)
        reps = [first[n] for n in range(len(first))]
        matrix: list[list] = [[None] * len(reps) for _ in reps]
        for i, a in enumerate(reps):
            for j in range(i, len(reps)):
                matrix[i][j] = matrix[j][i] = rule(a, reps[j])  # the rules are symmetric
        return matrix

    # -- pairs of units ----------------------------------------------------------------------
    def pair(self, k: int, m: int, source: str | None = None, other: str | None = None) -> tuple[Claim, Claim] | None:
        """A pair of claims that _disagreements counts, of a class of unit k (of ``source`` if given) and one of
        unit m (of ``other`` if given), or None."""
        if self.group[k] == self.group[m] or agree(self.reps[k], self.reps[m]):
            return None
        mine = [self.members[k][source][0]] if source is not None else self.heads[k]
        theirs = [self.members[m][other][0]] if other is not None else self.heads[m]
        for a in mine:
            for b in theirs:
                if a.source != b.source or self.family == "labels":  # comparable_pair() compares labels of one source too
                    return (a, b) if comparable_pair(a, b) else None  # the rest of it reads what units share
        return None

    def witness(self, k: int, q: int, source: str | None = None) -> int | None:
        """A unit of bucket q that makes a counted pair with unit k (with its class of ``source`` if given), if any."""
        bucket, c = self.buckets[q], self.reps[k]
        accept = partial(self._counts, k, source)
        if self.family == "labels":  # labels with the same key agree: only the other keys' units may count
            key = _label_key(c)
            return next((m for other, members in bucket.labels.items() if other != key for m in members if accept(m)), None)
        size = self.size[k]
        smallest, largest = (size / 21, size * 21) if size else (0.0, 0.0)  # comparable_pair(): sizes less than 20 times apart
        exclude = source if source is not None else self.source[k]
        return self._find(k, bucket.wide, bucket.exact, smallest, largest, exclude, accept)

    def _counts(self, k: int, source: str | None, m: int) -> bool:
        """Whether unit k (its class of ``source`` if given) and unit m make a counted pair."""
        return self.pair(k, m, source) is not None

    def _find(self, k: int, wide: dict[str, _Side], exact: dict[str, _Side], smallest: float, largest: float,
              exclude: object, accept) -> int | None:
        """An item of the sides (see _sides) ordered between ``smallest`` and ``largest`` whose interval lies wholly
        below or above unit k's, of another source than ``exclude``, that ``accept`` takes."""
        for h, side in wide.items():
            if h and h == self.hedge[k]:
                found = exact[h].find(*self.exact[k], smallest, largest, exclude, accept)
            else:
                found = side.find(*self.wide[k], smallest, largest, exclude, accept)
            if found is not None:
                return found
        return None

    def _may_have_partner(self, k: int, q: int) -> bool:
        """False when no unit of bucket q can make a counted pair with unit k (a quick test before ``witness``)."""
        bucket, c = self.buckets[q], self.reps[k]
        if self.family == "labels":
            return len(bucket.labels) > 1 or _label_key(c) not in bucket.labels
        lo, hi = self.wide[k]
        if self.hedge[k]:  # either interval may be read: a candidate lies beyond the start or end of one of them
            lo, hi = max(lo, self.exact[k][0]), min(hi, self.exact[k][1])
        return bucket.least_high <= lo or bucket.greatest_low >= hi

    def _search(self, k: int, buckets: list[int], source: str | None = None) -> int | None:
        """A unit of the buckets that makes a counted pair with unit k (its class of ``source`` if given)."""
        for q in buckets:
            if self._may_have_partner(k, q):
                m = self.witness(k, q, source)
                if m is not None:
                    return m
        return None

    def disputes(self, aggregate_of: dict[str, str]) -> _Disputes:
        """What _disagreements returns: per kind, the ids of the claims in counted pairs and enough of the pairs
        for _explain (every source contradicting itself, every time and scope key the pairs differ in)."""
        if sum(map(len, self.members)) <= _INDEXED:  # few classes
            return self._pairwise(aggregate_of)
        for bucket in self.buckets:
            self._index(bucket)
        lists = self._partner_lists()
        pairs: dict[str, dict[tuple[str, str], tuple[int, int]]] = {k: {} for k in self.KINDS}  # claim ids -> units
        found: _Disputes = {}
        for kind in self.KINDS:
            covered = self._involve(kind, lists, pairs[kind])
            if covered:
                ids: set[str] = set()
                for k, left in covered.items():
                    for source, claims in self.members[k].items():
                        if source != left:
                            ids.update(map(_ID, claims))
                found[kind] = (ids, set())
        if self.family == "labels":
            self._own_pairs(pairs)
        if not measure_info(self.reps[0].measure).get("snapshot"):  # _explain names timing keys, but not for market readings
            self._key_pairs("timing", _time_differs, lists, pairs["timing"])
        self._key_pairs("scope", _scope_differs, lists, pairs["scope"])
        self._note_aggregates(lists, aggregate_of)
        for kind, (_, kind_pairs) in found.items():
            kind_pairs.update(pairs[kind])
        return found

    def _involve(self, kind: str, lists, pairs: dict[tuple[str, str], tuple[int, int]]) -> dict[int, object]:
        """The units with a counted pair of ``kind``: unit -> None when all its classes have one, else the source of
        the one class that has none. Adds one counted pair per partner found to ``pairs``."""
        covered: dict[int, object] = {}
        for k in range(len(self.members)):
            while covered.get(k, _ABSENT) is not None:
                source = covered.get(k)  # a source: only that class of k still needs a partner
                m = self._search(k, lists[self.bucket_of[k]][kind], source)
                if m is None:
                    break
                a, b = self.pair(k, m, source)
                pairs[(a.id, b.id)] = (k, m)
                self._cover(covered, k, b.source if source is None and self.source[m] == b.source else None)
                self._cover(covered, m, a.source if source is not None or self.source[k] == a.source else None)
        return covered

    def _cover(self, covered: dict[int, object], k: int, partner: str | None) -> None:
        """Note that unit k has a counted partner whose classes all have source ``partner`` (None: several sources,
        or one compared with all of k: every class of k has a partner of another source)."""
        if partner is None or partner not in self.members[k] or self.family == "labels":
            covered[k] = None
        elif covered.get(k, partner) != partner:  # two partners of different sources cover every class
            covered[k] = None
        else:
            covered[k] = partner

    def _pairwise(self, aggregate_of: dict[str, str]) -> _Disputes:
        """What ``disputes`` returns, from every pair of classes (for a few units, cheaper than the indexes);
        of the pairs, one per kind, pair of buckets and source contradicting itself (all _explain needs)."""
        classes = [(k, source, claims) for k in range(len(self.members)) for source, claims in self.members[k].items()]
        found: _Disputes = {}
        kept = set()
        for (k, s1, one), (m, s2, other) in combinations(classes, 2):
            if k == m or self.pair(k, m, s1, s2) is None:
                continue
            q1, q2 = self.bucket_of[k], self.bucket_of[m]
            kind = self.kind(q1, q2)
            if kind != "timing" and (self.gives[k] or self.gives[m]) and not self.rule(_scope_part, q1, q2):
                _note_totals(one, self.gives[k], other, self.gives[m], self.totals, aggregate_of)  # a conflict made scope
            involved, pairs = found.setdefault(kind, (set(), set()))
            involved.update(c.id for c in one + other)
            like = (kind, min(q1, q2), max(q1, q2), s1 if s1 == s2 else None)
            if like not in kept:
                kept.add(like)
                pairs.add((one[0].id, other[0].id))
        return found

    def _own_pairs(self, pairs: dict[str, dict[tuple[str, str], tuple[int, int]]]) -> None:
        """A counted pair for each kind in which a source contradicts itself (labels only: numbers of one source are not compared)."""
        by_source: dict[str, dict[tuple, int]] = defaultdict(dict)
        for k, members in enumerate(self.members):
            for source in members:
                by_source[source].setdefault((self.bucket_of[k], _label_key(self.reps[k])), k)
        for source, own in by_source.items():
            for k, m in combinations(own.values(), 2):
                found = self.pair(k, m, source, source)
                if found is not None:
                    pairs[self.kind(self.bucket_of[k], self.bucket_of[m])][(found[0].id, found[1].id)] = (k, m)

    def _key_pairs(self, kind: str, differs, lists, pairs: dict[tuple[str, str], tuple[int, int]]) -> None:
        """Add a counted pair of ``kind`` for each key (of ``differs``: the qualifiers two claims differ in)
        that some pair of that kind differs in."""
        qualifier = "time" if differs is _time_differs else "scope"
        matrix = self._matrix(differs, qualifier)
        number = [getattr(b, qualifier) for b in self.buckets]
        covered = set()
        for k, m in pairs.values():
            covered.update(matrix[number[self.bucket_of[k]]][number[self.bucket_of[m]]])
        for q1, by_kind in enumerate(lists):
            row = matrix[number[q1]]
            for q2 in by_kind[kind]:
                if q2 < q1 or covered.issuperset(row[number[q2]]):
                    continue
                found = self._any_pair(q1, q2)
                if found is not None:
                    covered.update(row[number[q2]])
                    pairs[found[0]] = found[1]

    def _any_pair(self, q1: int, q2: int) -> tuple[tuple[str, str], tuple[int, int]] | None:
        """The ids of a counted pair of claims of units of buckets q1 and q2, and the units, if any."""
        if len(self.buckets[q1].units) > len(self.buckets[q2].units):
            q1, q2 = q2, q1
        for k in self.buckets[q1].units:
            m = self._search(k, [q2])
            if m is not None:
                a, b = self.pair(k, m)
                return (a.id, b.id), (k, m)
        return None

    def _note_aggregates(self, lists, aggregate_of: dict[str, str]) -> None:
        """Note in ``aggregate_of`` what _note_totals notes for the conflicts of classes that give a total: all of
        the class when a partner gives none, else its claims before the last claim of a partner."""
        if not any(self.gives):
            return
        position = self.totals.position
        conflicts: dict[int, list[int]] = {}  # bucket -> the buckets whose pairs with it are conflicts made scope
        for k in range(len(self.members)):
            if not self.gives[k]:
                continue
            q1 = self.bucket_of[k]
            if q1 not in conflicts:
                conflicts[q1] = [q for q in lists[q1]["scope"] if not self.rule(_scope_part, q1, q)]
            plain = [q for q in conflicts[q1] if not self.buckets[q].gives]
            giving = [q for q in conflicts[q1] if self.buckets[q].gives]
            for source, claims in self.members[k].items():
                everything = self._search(k, plain, source) is not None
                for x in sorted(claims, key=lambda x: position[id(x)]):
                    if not everything and not any(self._later_partner(k, source, q, position[id(x)]) for q in giving):
                        break
                    aggregate_of[x.id] = self.totals.first_agreeing(x).id

    @cached_property
    def _classes(self) -> tuple[list[int], list[str], list[int], dict[int, list[int]]]:
        """Every class as (unit, source, place in the cluster of its last claim), in three lists, and the classes of each bucket."""
        position = self.totals.position
        units, sources, last = [], [], []
        by_bucket: dict[int, list[int]] = defaultdict(list)
        for k, members in enumerate(self.members):
            for source, claims in members.items():
                by_bucket[self.bucket_of[k]].append(len(units))
                units.append(k)
                sources.append(source)
                last.append(max(position[id(c)] for c in claims))
        return units, sources, last, by_bucket

    def _later_partner(self, k: int, source: str, q: int, after: int) -> bool:
        """Whether a class of a unit of bucket q whose last claim comes after place ``after`` in the cluster makes
        a counted pair with the class of ``source`` of unit k."""
        bucket = self.buckets[q]
        units, sources, last, by_bucket = self._classes
        accept = lambda i: self.pair(k, units[i], source, sources[i]) is not None  # noqa: E731
        if bucket.by_place is None:
            mine = by_bucket[q]
            if self.family == "labels":  # label key -> its classes, latest first
                by_key: dict[object, list[int]] = defaultdict(list)
                for i in sorted(mine, key=lambda i: -last[i]):
                    by_key[_label_key(self.reps[units[i]])].append(i)
                bucket.by_place = by_key
            else:
                bucket.by_place = self._sides(mine, units, last, sources)
        if self.family == "labels":
            key = _label_key(self.reps[k])
            return any(i is not None and last[i] > after for other, items in bucket.by_place.items() if other != key
                       for i in [next((i for i in items if accept(i)), None)])
        return self._find(k, *bucket.by_place, after + 1, math.inf, source, accept) is not None


_ABSENT = object()  # not a key of a dict (see _Partners._involve)


def _enter(cells: dict[tuple, list[int]], cell: tuple, item: int, sources: list) -> None:
    """Add an item to its cell (value group, order, interval) unless the cell already has two, or one of the item's
    source: the pair rules read nothing else of an item, so an item of another source than any given one is in
    the cell if and only if it is among those two."""
    kept = cells.setdefault(cell, [])
    if len(kept) < 2 and all(sources[i] != sources[item] for i in kept):
        kept.append(item)


def _entries(cells: dict[tuple, list[int]]) -> list[tuple[float, float, float, int]]:
    """(order, low, high, item) of the items kept per cell."""
    return [(order, lo, hi, i) for (_, order, lo, hi), kept in cells.items() for i in kept]


def _family(reps: list[Claim]) -> str | None:
    """"numbers", "dates" or "labels" when every class is of that sort, else None."""
    if all(isinstance(c.value, str) and c.unit != "date" for c in reps):
        return "labels"
    if all(isinstance(c.value, str) and c.unit == "date" for c in reps):
        return "dates"
    if all(isinstance(c.value, (int, float)) and c.unit != "date" and math.isfinite(c.value) for c in reps):
        return "numbers"
    return None


def _qualifier_keys(c: Claim, dated: bool, signature: tuple) -> tuple | None:
    """(time key, scope key): what _timing_part and _scope_part read of a claim, as comparable text (from its
    ``signature`` when it has them), with the days its value covers when ``dated``; None when a qualifier is not plain text."""
    if not all(isinstance(v, str) for v in c.time.values()):
        return None
    if not all(isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v)) for v in c.scope.values()):
        return None
    if signature[0] == "alone":
        try:
            signature = (repr(sorted(c.time.items())), repr(sorted(c.scope.items())))
        except TypeError:
            return None
    time, scope = signature[-2:]
    return ((time, _calendar(str(c.value)) if dated else None), scope)


class Checker:
    """Compares claims and writes findings; ``outlets`` maps source ids to display names."""

    def __init__(self, claims: list[Claim], outlets: dict[str, str], independent: dict[str, str] | None = None):
        self.claims = claims
        self.by_id = dict(zip(map(_ID, claims), claims))
        self.unique_ids = len(self.by_id) == len(claims)  # else a claim id may stand for another claim than the pair's
        self.outlets = outlets
        self.origin = independent or {}  # source -> the source it copies (derived sources)
        self.aggregate_of: dict[str, str] = {}  # claim id -> a claim giving the same value as a total
        self._aggregates: dict | None = None  # see _aggregate_index
        self._labels: dict[str, str] = {}  # measure -> label
        self._labels_of: dict[int, str] = {}  # id(claim) -> what ``shown`` makes of it
        self._label_texts: dict[tuple, str] = {}  # what _shown reads of a claim -> what it makes of it
        self._qualifier_sets: dict[int, frozenset] = {}  # id(claim) -> its qualifiers (see _qualifiers)
        self._qualifier_kinds: dict[tuple, frozenset] = {}  # what _qualifiers reads of a claim -> its qualifiers
        self._times_of: dict[int, list[str]] = {}  # id(claim) -> its time in words (see time_bits)
        self._agreeing: dict[tuple, list[str]] = {}  # what _aggregates_agreeing found, by what it reads of a claim
        self._aggregate_lists: dict[tuple, list] = {}  # what _aggregates_of found, by subject, measure and unit family

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
        """A cluster's disagreements (one finding per kind), then one agreement or single-source finding per value group."""
        first = cluster[0]
        about = f"{possessive(first.subject)} {self.label(first.measure)}"
        if len(cluster) == 1:
            return [self._group_finding(first, cluster, about)]
        texts = _value_texts(cluster) if len(cluster) > _TINY else None  # read by the value groups, classes and totals
        groups = _value_groups(cluster, texts)
        group_of: dict[str, int] = {}
        for i, g in enumerate(groups):
            group_of.update(dict.fromkeys(map(_ID, g), i))
        out = []
        for kind, (involved, kind_pairs) in self._disagreements(cluster, group_of, texts).items():
            ids = sorted(involved)
            members = list(map(self.by_id.__getitem__, ids))
            if kind != "conflict" and len(set(map(_SOURCE, members))) < 2:
                continue
            values, parts = self._values(groups, involved)
            f = Finding(id="", kind=kind, subject=first.subject, measure=first.measure, unit=first.unit,
                        claims=ids, explanation="", values=values)
            self._explain(f, members, kind_pairs, parts)
            f.severity = self._severity(f, members)
            out.append(f)
        out += [self._group_finding(first, g, about) for g in groups]
        return out

    def _values(self, groups: list[list[Claim]], involved: set[str]) -> tuple[list[dict], list[list[Claim]]]:
        """The ``values`` of a finding: per value group with claims in ``involved``, its value, label, sources and those
        claims; and the lists of those claims, in the same order."""
        out, parts = [], []
        for g in groups:
            members = list(compress(g, map(involved.__contains__, map(_ID, g))))
            if not members:
                continue
            out.append({
                "value": members[0].value,
                "label": self.shown(members[0]),
                "sources": sorted(set(map(_SOURCE, members))),
                "claims": list(map(_ID, members)),
            })
            parts.append(members)
        return out, parts

    def shown(self, c: Claim) -> str:
        """The claim's value as an editor reads it (see _shown), made once per claim and once per value read."""
        text = self._labels_of.get(id(c))
        if text is None:
            implied = (c.evidence or {}).get("implied_from")
            read = (c.unit, c.hedge, type(c.value), c.value, c.low, c.high, c.previous, implied and implied["arithmetic"])
            try:
                text = self._label_texts.get(read)
            except TypeError:  # a field that cannot be a key
                read = None
            if text is None:
                text = _shown(c)
                if read is not None:
                    self._label_texts[read] = text
            self._labels_of[id(c)] = text
        return text

    def _group_finding(self, first: Claim, g: list[Claim], about: str) -> Finding:
        """The agreement (two sources or more) or single-source finding of one value group; ``about``: "Acme's revenue"."""
        sources = sorted(set(map(_SOURCE, g))) if len(g) > 1 else [g[0].source]
        kind = "agreement" if len(sources) > 1 else "single_source"
        independent = len({self.origin.get(s, s) for s in sources}) if len(sources) > 1 else 1
        label = self.shown(g[0])
        ids = list(map(_ID, g))
        f = Finding(id="", kind=kind, subject=first.subject, measure=first.measure, unit=first.unit, claims=ids,
                    explanation="", values=[{"value": g[0].value, "label": label, "sources": sources, "claims": list(ids)}],
                    evidence={"sources": len(sources), "independent": independent})
        if kind == "agreement":
            f.explanation = f"{len(sources)} sources ({independent} independent) give {about} as {label}."
        else:
            f.explanation = f"Only {self.name(sources[0])} gives {about} as {label}."
        f.severity = len(sources) / 10
        return f

    def _disagreements(self, cluster: list[Claim], group_of: dict[str, int], texts: dict[int, str] | None = None) -> _Disputes:
        """Each kind of disagreement in a cluster: the ids of the claims in such pairs, and one pair of ids per pair of classes.

        Claims of two sources are compared, and within one source only labels (comparable_pair);
        claims alike (see _alike) are compared once per class. _explain reads only the sources,
        times and scopes of the pairs, which a class's first claim stands for, so any division into
        classes of alike claims gives the same findings: a tiny cluster is judged claim by claim, a larger
        one by classes, through _Partners. ``texts``: see _value_texts.
        """
        if len(cluster) < 2 or len(set(group_of.values())) < 2:  # pairs of one value group agree: none counts
            return {}
        totals = _Totals(cluster, texts)
        if len(cluster) <= _TINY and self.unique_ids:
            return self._judge_pairs([[c] for c in cluster], group_of, totals)
        alike = _alike(cluster, group_of, texts)
        if len(alike) < 2:
            return {}
        if self.unique_ids:
            partners = _Partners.build(alike, group_of, totals)
            if partners is not None:
                return partners.disputes(self.aggregate_of)
        return self._judge_pairs(list(alike.values()), group_of, totals)

    def _judge_pairs(self, classes: list[list[Claim]], group_of: dict[str, int], totals: _Totals) -> _Disputes:
        """What _disagreements returns, from every pair of classes that comparable_pair() may accept."""
        found: _Disputes = {}
        for one, other in _candidate_pairs(classes):
            a, b = one[0], other[0]
            if group_of[a.id] == group_of[b.id] or agree(a, b) or not comparable_pair(a, b):
                continue
            kind = classify(a, b)
            if kind == "conflict" and self._is_aggregate_figure(one, other, totals):
                kind = "scope"
            involved, pairs = found.setdefault(kind, (set(), set()))
            involved.update(c.id for c in one + other)
            pairs.add((a.id, b.id))
        return found

    def _is_aggregate_figure(self, one: list[Claim], other: list[Claim], totals: _Totals) -> bool:
        """One side's value is what other sources give as a total: a figure for a different aggregate (see _note_totals)."""
        gives_one, gives_other = totals.gives(one[0]), totals.gives(other[0])
        _note_totals(one, gives_one, other, gives_other, totals, self.aggregate_of)
        return gives_one or gives_other

    def label(self, measure: str) -> str:
        """A measure's label ("price target"), looked up once per measure."""
        if measure not in self._labels:
            self._labels[measure] = measure_info(measure)["label"]
        return self._labels[measure]

    def _severity(self, f: Finding, members: list[Claim]) -> float:
        base = {"conflict": 3.0, "scope": 2.0, "timing": 1.0}[f.kind]
        nums = [float(c.value) for c in members if not isinstance(c.value, str)]
        spread = 1.0
        if nums:
            hi, lo = max(nums), min(nums)
            spread = (hi - lo) / max(abs(hi), abs(lo), 1e-9) if hi != lo else 0.0
        sources = set(map(_SOURCE, members))
        return base + min(spread, 1.0) * 0.5 + len(set(map(self.origin.get, sources, sources))) * 0.05

    def _describe(self, c: Claim) -> str:
        """One claim of a market reading's finding: outlet, value, and its time, move and scope tags."""
        bits = list(self.time_bits(c))
        if "move" in c.evidence:
            bits.append(f"{c.evidence['move']:+g}%")
        tags = c.scope.get("tags")
        if tags:
            bits.append("/".join(tags))
        extra = f" ({', '.join(bits)})" if bits else ""
        return f"{self.name(c.source)} {self.shown(c)}{extra}"

    def _explain(self, f: Finding, members: list[Claim], pairs: set[tuple[str, str]], parts: list[list[Claim]]) -> None:
        """The finding's explanation; ``parts`` are the claims of each of its values (see _values)."""
        label = self.label(f.measure)
        snapshot = f.kind == "timing" and measure_info(f.measure).get("snapshot")
        listing = self._listing(f, members, parts, per_claim=snapshot)
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
                text += (f" {self.name(c.source)}'s {self.shown(c)} equals the total {self.name(o.source)} gives "
                         f"({self.shown(o)}): it describes the combined figure, not this one.")
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

    def _listing(self, f: Finding, members: list[Claim], parts: list[list[Claim]], per_claim: bool) -> str:
        """Values in a finding: one item per claim for market readings, else one per value with its sources."""
        if per_claim:
            return "; ".join(self._describe(c) for c in sorted(members, key=lambda c: (float(c.value), c.id)))
        items = []
        for v, group in zip(f.values, parts):
            sources = list(dict.fromkeys(map(_SOURCE, group)))
            outlets = ", ".join(dict.fromkeys(map(self.outlets.get, sources, sources)))  # their names (see name)
            qualifiers = sorted(frozenset().union(*set(map(self._qualifiers, group))))
            extra = f" [{', '.join(qualifiers)}]" if qualifiers else ""
            items.append(f"{v['label']}{extra} ({outlets})")
        return "; ".join(items)

    def _qualifiers(self, c: Claim) -> frozenset[str]:
        """A claim's time in words and its scope tags, made once per claim; claims with the same ones share the set."""
        found = self._qualifier_sets.get(id(c))
        if found is None:
            try:
                read = (tuple(c.time.items()), tuple(c.scope.get("tags", ())))  # all that is read of c
                found = self._qualifier_kinds.get(read)
            except TypeError:  # a qualifier that cannot be a key
                read = None
            if found is None:
                found = frozenset(self.time_bits(c) + list(c.scope.get("tags", [])))
                if read is not None:
                    self._qualifier_kinds[read] = found
            self._qualifier_sets[id(c)] = found
        return found

    def time_bits(self, c: Claim) -> list[str]:
        """_time_bits(c), made once per claim (a claim is listed in each finding it is part of); do not change it."""
        key = id(c)
        if key not in self._times_of:
            self._times_of[key] = _time_bits(c)
        return self._times_of[key]

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
        if isinstance(c.value, str) or (c.measure, unit_kind(c.unit)) not in self._aggregate_index():
            return []
        key = (c.subject, c.measure, c.unit, c.value, c.hedge, c.precision, c.low, c.high)  # all that is read of c
        if key not in self._agreeing:
            reach = _reach(c)
            self._agreeing[key] = [subject for subject, filed, index, hull in self._aggregates_of(c)
                                   if not _apart(reach, hull) and index.any_agrees(c, filed)]
        return list(self._agreeing[key])

    def _aggregates_of(self, c: Claim) -> list[tuple[str, list[Claim], _AgreeIndex, tuple | None]]:
        """The groups that include ``c``'s subject and the sectors, in ``c``'s measure and unit family (see
        _aggregate_index), with their claims, index and hull; found once per subject, measure and unit family."""
        family = (c.measure, unit_kind(c.unit))
        key = (c.subject, *family)
        if key not in self._aggregate_lists:
            self._aggregate_lists[key] = [
                (subject, filed, index, hull) for subject, (filed, index, hull) in self._aggregate_index()[family]
                if subject != c.subject and (subject.islower() or c.subject in subject.split("+"))]
        return self._aggregate_lists[key]

    @cached_property
    def _aggregate_claims(self) -> list[Claim]:
        """The claims about groups and sectors (see _is_aggregate), in story order."""
        subjects = {s for s in set(map(attrgetter("subject"), self.claims)) if _is_aggregate(s)}
        return [c for c in self.claims if c.subject in subjects]

    def _aggregate_index(self) -> dict[tuple[str, str], list[tuple[str, tuple[list[Claim], _AgreeIndex, tuple | None]]]]:
        """The story's numeric claims about groups and sectors, by (measure, unit family), then by subject (sorted),
        indexed by value, with the hull of their intervals (see _hull); built once."""
        if self._aggregates is None:
            by_key: dict[tuple[str, str], dict[str, tuple[list[Claim], _AgreeIndex]]] = {}
            for o in self._aggregate_claims:
                if isinstance(o.value, str):
                    continue
                filed, index = by_key.setdefault((o.measure, unit_kind(o.unit)), {}).setdefault(o.subject, ([], _AgreeIndex()))
                index.add(len(filed), o)
                filed.append(o)
            self._aggregates = {key: [(subject, (filed, index, _hull(filed))) for subject, (filed, index) in sorted(subjects.items())]
                                for key, subjects in by_key.items()}
        return self._aggregates

    # -- the same figure given to different aggregates ------------------------------------
    def _aggregate_scope_findings(self) -> list[Finding]:
        """Same measure, same value, same period, but a group in one source and a sector in another."""
        by_key: dict[tuple, list[Claim]] = defaultdict(list)
        for c in self._aggregate_claims:
            if isinstance(c.value, str) or unit_kind(c.unit) == "count":
                continue
            if measure_info(c.measure).get("comparable", True):
                by_key[(c.measure, unit_kind(c.unit), time_key(c.time.get("period")), time_key(c.time.get("horizon")))].append(c)
        out = []
        for key, items in sorted(by_key.items(), key=lambda kv: (str(kv[0]), kv[1][0].id)):
            for g in _value_groups(items):
                subjects = sorted({c.subject for c in g})
                if len(subjects) < 2 or len({c.source for c in g}) < 2:
                    continue
                f = Finding(id="", kind="scope", subject=" vs ".join(subjects), measure=g[0].measure, unit=g[0].unit,
                            claims=[c.id for c in g], explanation="",
                            values=[{"value": c.value, "label": f"{self.shown(c)} for {c.subject}",
                                     "sources": [c.source], "claims": [c.id]} for c in g])
                per_subject = "; ".join(
                    f"{s}: " + ", ".join(sorted({self.name(c.source) for c in g if c.subject == s})) for s in subjects)
                f.explanation = (f"The same {self.label(g[0].measure)} ({self.shown(g[0])}) is attributed to different "
                                 f"subjects ({per_subject}). The sources disagree on whose figure it is, not on the number.")
                f.evidence["subjects"] = subjects
                f.severity = 2.0 + 0.05 * len({c.source for c in g})
                out.append(f)
        return out


def _time_bits(c: Claim) -> list[str]:
    """The claim's session, date, horizon and period, in words."""
    t = c.time
    bits = [t.get("session"), t.get("date"), t.get("horizon") and "by " + t["horizon"], t.get("period")]
    return [_time_words(b) if not b.startswith("by ") else "by " + _time_words(b[3:]) for b in bits if b]


@lru_cache(maxsize=4096)
def _time_words(value: str) -> str:
    """time_text(value), remembered: a story's times repeat."""
    return time_text(value)


def _is_aggregate(subject: str) -> bool:
    """A group ("ACME+NWND") or a sector noun (lower case) rather than one company."""
    return "+" in subject or subject.islower()


def check(claims: list[Claim], graph, outlets: dict[str, str], derived: dict[str, str] | None = None) -> list[Finding]:
    """All findings for a story's claims, ordered conflict, scope, timing, agreement, single-source."""
    with collector_paused():  # the check makes many objects that live until it ends, and no reference cycles
        return Checker(claims, outlets, derived).run(graph)
