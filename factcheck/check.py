"""Check stage: the findings of each cluster of comparable claims, and why they were made.

A cluster's claims are grouped by agreeing value (factcheck.valueindex); its disagreeing pairs
(factcheck.pairs) are classified by the comparison rules (factcheck.rules) as timing, scope or
conflict. Each kind of disagreement becomes one finding with an explanation that quotes the
values, outlets and qualifiers; each value group one agreement or single-source finding. The
same figure given to a group by one source and to a sector by another is a scope finding.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from functools import cached_property, lru_cache
from itertools import combinations, compress
from operator import attrgetter

from . import pairs
from .display import money, number, possessive, time_text, value_text
from .extract import measure_info, unit_kind
from .graph import clusters, collector_paused
from .model import Claim, Finding
from .rules import scope_differs, time_differs, time_key
from .valueindex import (
    AgreeIndex,
    SparseTable,
    apart,
    hull_of,
    reach_of,
    value_groups,
    value_reprs,
)

KIND_ORDER = {"conflict": 0, "scope": 1, "timing": 2, "agreement": 3, "single_source": 4}
_CLOSE_TOLERANCE = 0.005  # implied previous closes within 0.5% are the same close
_SOURCE, _ID = attrgetter("source"), attrgetter("id")


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
        self.latest = SparseTable(self.by_value, max)

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
            if max(_range_max(self.latest, lo, min(hi, at)), _range_max(self.latest, max(lo, at + 1), hi)) > i:
                return i, min(j for j in self.by_value[lo:hi] if j > i and j != t)
        return None


def _range_max(table: SparseTable, lo: int, hi: int) -> int:
    """max(values[lo:hi]) from a SparseTable of them, or -1 for an empty slice."""
    return table.query(lo, hi) if lo < hi else -1


def _shown(c: Claim) -> str:
    """The claim's value as an editor reads it: value_text() of the fields of its JSON record that it reads."""
    return value_text({"value": c.value, "unit": c.unit, "low": c.low, "high": c.high, "hedge": c.hedge,
                       "previous": c.previous, "evidence": c.evidence})


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
        texts = value_reprs(cluster) if len(cluster) > pairs.TINY else None  # read by the value groups, classes and totals
        groups = value_groups(cluster, texts)
        group_of: dict[str, int] = {}
        for i, g in enumerate(groups):
            group_of.update(dict.fromkeys(map(_ID, g), i))
        out = []
        for kind, (involved, kind_pairs) in pairs.disputes(cluster, group_of, self.aggregate_of, texts, self.unique_ids).items():
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
        bits = _time_bits(c)
        if "move" in c.evidence:
            bits.append(f"{c.evidence['move']:+g}%")
        tags = c.scope.get("tags")
        if tags:
            bits.append("/".join(tags))
        extra = f" ({', '.join(bits)})" if bits else ""
        return f"{self.name(c.source)} {self.shown(c)}{extra}"

    def _explain(self, f: Finding, members: list[Claim], kind_pairs: set[tuple[str, str]], parts: list[list[Claim]]) -> None:
        """The finding's explanation; ``parts`` are the claims of each of its values (see _values)."""
        label = self.label(f.measure)
        snapshot = f.kind == "timing" and measure_info(f.measure).get("snapshot")
        listing = self._listing(f, members, parts, per_claim=snapshot)
        self_contra = sorted({self.by_id[a].source for a, b in kind_pairs if self.by_id[a].source == self.by_id[b].source})
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
            keys = sorted({k for a, b in kind_pairs for k in time_differs(self.by_id[a], self.by_id[b])})
            text = f"{f.subject} {label} differs by {' and '.join(keys) or 'time'}: {listing}. The figures refer to different moments or horizons."
        elif f.kind == "scope":
            keys = sorted({k for a, b in kind_pairs for k in scope_differs(self.by_id[a], self.by_id[b])})
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
                found = frozenset(_time_bits(c) + list(c.scope.get("tags", [])))
                if read is not None:
                    self._qualifier_kinds[read] = found
            self._qualifier_sets[id(c)] = found
        return found

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
            reach = reach_of(c)
            self._agreeing[key] = [subject for subject, filed, index, hull in self._aggregates_of(c)
                                   if not apart(reach, hull) and index.any_agrees(c, filed)]
        return list(self._agreeing[key])

    def _aggregates_of(self, c: Claim) -> list[tuple[str, list[Claim], AgreeIndex, tuple | None]]:
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

    def _aggregate_index(self) -> dict[tuple[str, str], list[tuple[str, tuple[list[Claim], AgreeIndex, tuple | None]]]]:
        """The story's numeric claims about groups and sectors, by (measure, unit family), then by subject (sorted),
        indexed by value, with the hull of their intervals (see hull_of); built once."""
        if self._aggregates is None:
            by_key: dict[tuple[str, str], dict[str, tuple[list[Claim], AgreeIndex]]] = {}
            for o in self._aggregate_claims:
                if isinstance(o.value, str):
                    continue
                filed, index = by_key.setdefault((o.measure, unit_kind(o.unit)), {}).setdefault(o.subject, ([], AgreeIndex()))
                index.add(len(filed), o)
                filed.append(o)
            self._aggregates = {key: [(subject, (filed, index, hull_of(filed))) for subject, (filed, index) in sorted(subjects.items())]
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
            for g in value_groups(items):
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

