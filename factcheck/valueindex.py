"""Claims indexed by value: the claims that may agree with one (AgreeIndex), and groups of agreeing values.

Both follow agree() (factcheck.rules) and look up intervals in sorted lists instead of trying
every pair, so the work grows with the claims, not with their square.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict

from .model import Claim
from .rules import ONE_SIDED, agree, day_span, exact_interval, interval, label_key

_SCANNED = 12  # up to this many claims, value groups are found by trying every group (cheaper than indexing them)


def value_groups(claims: list[Claim], texts: dict[int, str] | None = None) -> list[list[Claim]]:
    """Claims grouped by agreeing value; each group keyed by its most precise member.

    First fit: a claim joins the first group created whose key agrees with it. Past a few claims, an
    index of the keys finds the groups that may agree, so the work does not grow with the square, and
    a claim stating the same value as an earlier one (see value_signature) joins that one's group at once:
    it agrees with the same keys, and with that claim if it became a key. ``texts``: see value_reprs.
    """
    if len(claims) == 1:
        return [list(claims)]
    groups: list[list[Claim]] = []
    index = AgreeIndex() if len(claims) > _SCANNED else None  # the groups' keys, by group number
    joined: dict[tuple, int | None] = {}  # value signature -> the group its first claim joined (None: look again)
    ordered = sorted(claims, key=lambda c: (c.hedge != "exact", c.precision or 0, str(c.value), c.id))
    for c in ordered:
        same = value_signature(c, texts) if index is not None else None
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


def reach_of(c: Claim) -> tuple[float, float] | None:
    """The least and greatest end of a number's intervals (what agree() may read of it against another number);
    None for a date or label, or an interval with a NaN end."""
    if c.unit == "date" or isinstance(c.value, str):
        return None
    ends = (*interval(c), *exact_interval(c))
    return None if any(math.isnan(x) for x in ends) else (min(ends), max(ends))


def hull_of(claims: list[Claim]) -> tuple[float, float] | None:
    """The least and greatest end of the claims' intervals (see reach_of); None when one has no reach."""
    reaches = [reach_of(c) for c in claims]
    if any(r is None for r in reaches):
        return None
    return (min(r[0] for r in reaches), max(r[1] for r in reaches))


def apart(reach: tuple[float, float] | None, hull: tuple[float, float] | None) -> bool:
    """A number with intervals within ``reach`` agrees with none of the numbers within ``hull``: agreeing intervals meet."""
    return reach is not None and hull is not None and (reach[0] > hull[1] or reach[1] < hull[0])


def value_signature(c: Claim, texts: dict[int, str] | None = None) -> tuple | None:
    """What agree() reads of a claim, as text only equal values share; None when the text could hide a NaN."""
    text = value_repr(c, texts)
    return None if "nan" in text else (c.unit, c.measure, c.hedge, text)


def value_repr(c: Claim, texts: dict[int, str] | None = None) -> str:
    """The claim's value, precision and bounds as text (from ``texts`` when it has the claim, see value_reprs)."""
    text = texts.get(id(c)) if texts is not None else None
    return repr((c.value, c.precision, c.low, c.high)) if text is None else text


def value_reprs(claims: list[Claim]) -> dict[int, str]:
    """id(claim) -> value_repr(claim): made once for a cluster whose value groups, classes and totals all read it."""
    return {id(c): repr((c.value, c.precision, c.low, c.high)) for c in claims}


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


class AgreeIndex:
    """Claims filed under integer keys; ``candidates(c)`` lists, in key order, a superset of the keys of
    the claims that agree() with ``c`` (confirm each with agree()).

    It follows agree()'s branches: two dates compare the days they cover, a string on either side
    compares label keys, and numbers compare intervals, exact ones for two equal one-sided hedges.
    A set of intervals is made when a claim is first filed in it.
    """

    def __init__(self) -> None:
        self._labels: dict[object, list[int]] = defaultdict(list)  # every claim, by label_key
        self._strings = False  # whether a claim with a string value was filed (only those agree with a number by label)
        self._dates: _Intervals | None = None  # date claims, by day_span
        self._numbers: _Intervals | None = None  # numbers without a one-sided hedge, by interval()
        self._hedged: dict[str, _Intervals] = {}  # one-sided numbers, by hedge, by interval()
        self._exact: dict[str, _Intervals] = {}  # one-sided numbers, by hedge, by exact_interval

    def add(self, key: int, c: Claim) -> None:
        """File claim ``c`` under ``key``."""
        self._labels[label_key(c)].append(key)
        self._strings = self._strings or isinstance(c.value, str)
        if c.unit == "date":
            if self._dates is None:
                self._dates = _Intervals()
            self._dates.add(key, *day_span(c))
        if isinstance(c.value, str):
            return
        if c.hedge in ONE_SIDED:
            self._hedged.setdefault(c.hedge, _Intervals()).add(key, *interval(c))
            self._exact.setdefault(c.hedge, _Intervals()).add(key, *exact_interval(c))
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
            yield from self._labels.get(label_key(c), ())
        if c.unit == "date" and self._dates:
            yield from self._dates.reaching(*day_span(c))
        if not isinstance(c.value, str):
            lo, hi = interval(c)
            if self._numbers:
                yield from self._numbers.reaching(lo, hi)
            for h, filed in self._hedged.items():
                if h != c.hedge:
                    yield from filed.reaching(lo, hi)
            if c.hedge in self._exact:
                yield from self._exact[c.hedge].reaching(*exact_interval(c))

    def candidates(self, c: Claim) -> list[int]:
        """Keys of the filed claims that may agree with ``c``, ascending, each once."""
        out = set(self._labels.get(label_key(c), ())) if self._strings or isinstance(c.value, str) else set()
        if c.unit == "date" and self._dates:
            out.update(self._dates.overlapping(*day_span(c)))
        if not isinstance(c.value, str):
            lo, hi = interval(c)
            if self._numbers:
                out.update(self._numbers.overlapping(lo, hi))
            for h, filed in self._hedged.items():
                if h != c.hedge:
                    out.update(filed.overlapping(lo, hi))
            if c.hedge in self._exact:
                out.update(self._exact[c.hedge].overlapping(*exact_interval(c)))
        return sorted(out)


class SparseTable:
    """Any slice of a list folded with ``merge`` (max, or another merge that may see an element twice), in constant
    time: rows[r][k] is the merge of leaves[k : k + 2**r], and a slice is the merge of two rows that cover it."""

    def __init__(self, leaves: list, merge) -> None:
        self.merge = merge
        self.rows = [list(leaves)]
        width = 1
        while 2 * width <= len(leaves):
            prev = self.rows[-1]
            self.rows.append([merge(a, b) for a, b in zip(prev, prev[width:])])
            width *= 2

    def query(self, lo: int, hi: int):
        """The merge of leaves[lo:hi], for lo < hi."""
        r = (hi - lo).bit_length() - 1
        return self.merge(self.rows[r][lo], self.rows[r][hi - (1 << r)])
