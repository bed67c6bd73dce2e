"""The disagreeing pairs of one cluster: which claims are in pairs of each kind, and enough pairs to explain them.

The pairs of a small cluster are judged one by one (by factcheck.rules); those of a large one are
found through indexes of its claims by value, in buckets of equal time and scope (_Partners),
so the work grows with the claims and the buckets, not with the pairs of claims.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import cached_property, partial
from itertools import combinations
from operator import attrgetter

from .extract import measure_info
from .model import Claim
from .rules import (
    MAX_RATIO,
    ONE_SIDED,
    agree,
    calendar_range,
    classify,
    comparable_pair,
    day_span,
    exact_interval,
    interval,
    label_key,
    scope_differs,
    scope_part,
    time_differs,
    timing_part,
)
from .valueindex import AgreeIndex, SparseTable, value_repr, value_signature

_ID = attrgetter("id")
Disputes = dict[str, tuple[set[str], set[tuple[str, str]]]]  # kind -> ids of the claims in such pairs, pairs of ids
TINY = 8  # a cluster of at most this many claims is judged claim by claim (cheaper than finding classes)
_INDEXED = 24  # a cluster with more classes of claims than this finds its pairs through _Partners, not pair by pair
_ABSENT = object()  # not a key of a dict (see _Partners._involve)


def disputes(cluster: list[Claim], group_of: dict[str, int], aggregate_of: dict[str, str], texts: dict[int, str] | None = None,
             unique_ids: bool = True) -> Disputes:
    """Each kind of disagreement in a cluster: the ids of the claims in such pairs, and one pair of ids per pair of classes.

    Claims of two sources are compared, and within one source only labels (comparable_pair);
    claims alike (see _alike) are compared once per class. _explain reads only the sources,
    times and scopes of the pairs, which a class's first claim stands for, so any division into
    classes of alike claims gives the same findings: a tiny cluster is judged claim by claim, a larger
    one by classes, through _Partners. Notes in ``aggregate_of`` the claims that give another source's
    total (see _note_totals); ``texts``: see value_reprs; ``unique_ids``: no two claims of the story share an id
    (else the classes are judged pair by pair).
    """
    if len(cluster) < 2 or len(set(group_of.values())) < 2:  # pairs of one value group agree: none counts
        return {}
    totals = _Totals(cluster, texts)
    if len(cluster) <= TINY and unique_ids:
        return _judge_pairs([[c] for c in cluster], group_of, totals, aggregate_of)
    alike = _alike(cluster, group_of, texts)
    if len(alike) < 2:
        return {}
    if unique_ids:
        partners = _Partners.build(alike, group_of, totals)
        if partners is not None:
            return partners.disputes(aggregate_of)
    return _judge_pairs(list(alike.values()), group_of, totals, aggregate_of)


def _judge_pairs(classes: list[list[Claim]], group_of: dict[str, int], totals: _Totals, aggregate_of: dict[str, str]) -> Disputes:
    """What disputes returns, from every pair of classes that comparable_pair() may accept."""
    found: Disputes = {}
    for one, other in _candidate_pairs(classes):
        a, b = one[0], other[0]
        if group_of[a.id] == group_of[b.id] or agree(a, b) or not comparable_pair(a, b):
            continue
        kind = classify(a, b)
        if kind == "conflict" and _is_aggregate_figure(one, other, totals, aggregate_of):
            kind = "scope"
        involved, pairs = found.setdefault(kind, (set(), set()))
        involved.update(c.id for c in one + other)
        pairs.add((a.id, b.id))
    return found


def _is_aggregate_figure(one: list[Claim], other: list[Claim], totals: _Totals, aggregate_of: dict[str, str]) -> bool:
    """One side's value is what other sources give as a total: a figure for a different aggregate (see _note_totals)."""
    gives_one, gives_other = totals.gives(one[0]), totals.gives(other[0])
    _note_totals(one, gives_one, other, gives_other, totals, aggregate_of)
    return gives_one or gives_other


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
        value = value_repr(c, texts)
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
        self.index = AgreeIndex()
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
        same = value_signature(x, self.texts)
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


class _LeastOfOthers:
    """Over any slice of a list of values, each from a source: the position of the least value whose source is not a
    given one, in constant time (a sparse table keeping, per span, its least value and the least of other sources)."""

    def __init__(self, values: list[float], sources: list[str]) -> None:
        self.values, self.sources = values, sources
        self.table = SparseTable([(k, -1) for k in range(len(values))], self._merge)  # per span: its pair

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
        first, second = self.table.query(lo, hi)
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
        self.exact: dict[str, _Side] = {}  # one-sided hedge -> units by exact_interval()
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
                self.wide.append(day_span(c))
                self.exact.append(self.wide[-1])
                continue
            self.hedge.append(c.hedge if c.hedge in ONE_SIDED else "")  # two equal one-sided hedges compare exact intervals
            self.size.append(abs(float(c.value)))  # comparable_pair() compares sizes
            self.wide.append(interval(c))
            self.exact.append(exact_interval(c))
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
                bucket.labels.setdefault(label_key(self.reps[k]), []).append(k)
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
        if self.rule(timing_part, q1, q2):
            return "timing"
        if self.rule(scope_part, q1, q2):
            return "scope"
        return "scope" if self.buckets[q1].gives or self.buckets[q2].gives else "conflict"

    def rule(self, rule, q1: int, q2: int):
        """``rule`` (timing_part, time_differs: read times; scope_part, scope_differs: read scopes) on the
        buckets' first claims, remembered per pair of qualifiers (the rules are symmetric)."""
        b1, b2 = self.buckets[q1], self.buckets[q2]
        n1, n2 = (b1.time, b2.time) if rule in (timing_part, time_differs) else (b1.scope, b2.scope)
        key = (rule, n1, n2) if n1 <= n2 else (rule, n2, n1)
        if key not in self._rules:
            self._rules[key] = rule(b1.rep, b2.rep)
        return self._rules[key]

    def _partner_lists(self) -> list[dict[str, list[int]]]:
        """For each bucket, the buckets whose pairs with it are of each kind (as ``kind`` says), larger ones first."""
        by_time: dict[int, list[int]] = defaultdict(list)  # time number -> its buckets, largest first
        for q in sorted(range(len(self.buckets)), key=lambda q: -len(self.buckets[q].units)):
            by_time[self.buckets[q].time].append(q)
        timing, scope = self._matrix(timing_part, "time"), self._matrix(scope_part, "scope")
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
        """A pair of claims that ``disputes`` counts, of a class of unit k (of ``source`` if given) and one of
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
            key = label_key(c)
            return next((m for other, members in bucket.labels.items() if other != key for m in members if accept(m)), None)
        size = self.size[k]
        smallest, largest = (size / (MAX_RATIO + 1), size * (MAX_RATIO + 1)) if size else (0.0, 0.0)  # see comparable_pair()
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
            return len(bucket.labels) > 1 or label_key(c) not in bucket.labels
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

    def disputes(self, aggregate_of: dict[str, str]) -> Disputes:
        """What ``disputes`` returns: per kind, the ids of the claims in counted pairs and enough of the pairs
        for _explain (every source contradicting itself, every time and scope key the pairs differ in)."""
        if sum(map(len, self.members)) <= _INDEXED:  # few classes
            return self._pairwise(aggregate_of)
        for bucket in self.buckets:
            self._index(bucket)
        lists = self._partner_lists()
        pairs: dict[str, dict[tuple[str, str], tuple[int, int]]] = {k: {} for k in self.KINDS}  # claim ids -> units
        found: Disputes = {}
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
            self._key_pairs("timing", time_differs, lists, pairs["timing"])
        self._key_pairs("scope", scope_differs, lists, pairs["scope"])
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

    def _pairwise(self, aggregate_of: dict[str, str]) -> Disputes:
        """What ``disputes`` returns, from every pair of classes (for a few units, cheaper than the indexes);
        of the pairs, one per kind, pair of buckets and source contradicting itself (all _explain needs)."""
        classes = [(k, source, claims) for k in range(len(self.members)) for source, claims in self.members[k].items()]
        found: Disputes = {}
        kept = set()
        for (k, s1, one), (m, s2, other) in combinations(classes, 2):
            if k == m or self.pair(k, m, s1, s2) is None:
                continue
            q1, q2 = self.bucket_of[k], self.bucket_of[m]
            kind = self.kind(q1, q2)
            if kind != "timing" and (self.gives[k] or self.gives[m]) and not self.rule(scope_part, q1, q2):
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
                by_source[source].setdefault((self.bucket_of[k], label_key(self.reps[k])), k)
        for source, own in by_source.items():
            for k, m in combinations(own.values(), 2):
                found = self.pair(k, m, source, source)
                if found is not None:
                    pairs[self.kind(self.bucket_of[k], self.bucket_of[m])][(found[0].id, found[1].id)] = (k, m)

    def _key_pairs(self, kind: str, differs, lists, pairs: dict[tuple[str, str], tuple[int, int]]) -> None:
        """Add a counted pair of ``kind`` for each key (of ``differs``: the qualifiers two claims differ in)
        that some pair of that kind differs in."""
        qualifier = "time" if differs is time_differs else "scope"
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
                conflicts[q1] = [q for q in lists[q1]["scope"] if not self.rule(scope_part, q1, q)]
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
                    by_key[label_key(self.reps[units[i]])].append(i)
                bucket.by_place = by_key
            else:
                bucket.by_place = self._sides(mine, units, last, sources)
        if self.family == "labels":
            key = label_key(self.reps[k])
            return any(i is not None and last[i] > after for other, items in bucket.by_place.items() if other != key
                       for i in [next((i for i in items if accept(i)), None)])
        return self._find(k, *bucket.by_place, after + 1, math.inf, source, accept) is not None


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
    """(time key, scope key): what timing_part and scope_part read of a claim, as comparable text (from its
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
    return ((time, calendar_range(str(c.value)) if dated else None), scope)
