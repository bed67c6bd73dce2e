"""Review stage: every claim of a draft compared with a story's source claims and given a status.

The draft goes through the same stages as a source (load, clean, segment, extract); its
entities are learned together with the story's, so "Acme" in the draft is the ``ACME``
of the sources. Each draft claim is compared with the source claims of its block (same
subject, measure and unit family; ``factcheck.graph.block_key``) and gets one status:

- **supported**: a source gives an agreeing value, and neither side's time or scope
  qualifiers say they are different figures;
- **disputed**: it is supported, but its supporters are one side of a conflict the
  sources themselves have (``factcheck.check``);
- **contradicted**, with a kind: ``conflict`` when a source gives another value for the
  same figure (same time and scope, or a unit slip); ``scope`` when the draft's value is
  what sources give for another scope (a group the subject belongs to, the sector, a
  contracted figure given as expected); ``timing`` when it is what sources give for
  another time, or a market reading given without its moment while sources give
  different readings at different moments;
- **unsupported**: no source states it.

The comparison vocabulary (scope tags that exclude each other, unit-slip factors) is
``data/review.json``.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__, lexicon
from .rules import MAX_RATIO, agree, classify, same_time
from .clean import clean
from .copying import root_origins
from .display import possessive, time_text, value_text
from .entities import learn_entities
from .errors import SourceError
from .extract import counterparties, extract_claims, measure_info, unit_kind
from .graph import block_key
from .load import load_source
from .model import Claim, Source
from .pipeline import Analysis, analyse, source_records
from .segment import segment

STATUSES = ("contradicted", "disputed", "unsupported", "supported")


@dataclass
class Comparison:
    """How one source claim relates to a draft claim."""

    claim: Claim
    relation: str  # agrees | conflict | scope | timing | differs
    detail: str = ""  # what makes it so: "previous", a unit-slip hint, the clashing qualifier
    elsewhere: bool = False  # found outside the draft claim's block: under another measure or subject


@dataclass
class ReviewItem:
    """One draft claim with its status, the source claims behind it, and what to do."""

    claim: Claim
    line: int
    status: str = "unsupported"
    kind: str | None = None  # conflict | scope | timing, for contradicted claims
    compared: list[Comparison] = field(default_factory=list)
    supported_by: list[Claim] = field(default_factory=list)
    differing: list[Claim] = field(default_factory=list)  # the source claims behind the status
    suggestion: dict | None = None
    explanation: str = ""
    independent: int = 0


@dataclass
class Review:
    """A draft reviewed against a story."""

    draft: Source
    draft_path: str
    analysis: Analysis
    items: list[ReviewItem]


# --------------------------------------------------------------------------- loading


def load_draft(path: str, analysis: Analysis, encoding: str | None = None) -> Source:
    """The draft as a Source whose id no story source uses; a draft that is a source is refused."""
    draft = load_source(path, encoding)
    resolved = Path(path).resolve()
    for s in analysis.sources:
        if Path(s.path).resolve() == resolved:
            raise SourceError(f"{path}: the draft is one of the story's sources; review it against the other articles")
    ids = {s.id for s in analysis.sources}
    ident, n = "draft", 1
    while ident in ids:
        n += 1
        ident = f"draft-{n}"
    return replace(draft, id=ident)


def draft_claims(draft: Source, analysis: Analysis) -> list[Claim]:
    """The draft's claims, extracted with entities learned from the story and the draft together.

    The story decides who it is mostly about (the principal company), its sector noun and
    the partners of its deals; the draft only adds names the sources never introduce.
    """
    sentences = segment(clean(draft))
    texts = [(s.text, analysis.sentences[s.id]) for s in analysis.sources] + [(draft.text, sentences)]
    table = learn_entities(texts)
    table.principal = analysis.entities.principal
    table.sector = analysis.entities.sector
    for s in analysis.sources:  # a partner of the story's deals stays a partner in a draft that names it bare
        table.partners |= counterparties(s.text, analysis.sentences[s.id], analysis.entities)
    return extract_claims(draft, sentences, table)


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of ``offset`` in ``text``.

    >>> line_of("a\\nb\\nc", 2), line_of("abc", 0)
    (2, 1)
    """
    return text.count("\n", 0, offset) + 1


# --------------------------------------------------------------------------- relations


def _rules() -> dict:
    return lexicon.load("review")


def _clashing_times(d: Claim, c: Claim) -> list[str]:
    """Time qualifiers both claims state with different values (one side's silence is no clash)."""
    out = []
    for key in _rules()["time_keys"]:
        a, b = d.time.get(key), c.time.get(key)
        if not a or not b or same_time(a, b):
            continue
        if not (re.search(r"\d{4}", a) and re.search(r"\d{4}", b)):
            continue  # an unresolved value ("monday", "quarter:last") cannot be told apart from a dated one
        out.append(key)
    return out


def _clashing_scopes(d: Claim, c: Claim) -> list[str]:
    """Scope tags that make two figures different things: exclusive tags, or a distinct tag on one side."""
    rules = _rules()
    a, b = set(d.scope.get("tags", [])), set(c.scope.get("tags", []))
    out = []
    for group in rules["exclusive_scopes"]:
        ga, gb = a & set(group), b & set(group)
        if ga and gb and not ga & gb:
            out.append("/".join(sorted(ga | gb)))
    out += sorted((a ^ b) & set(rules["distinct_scopes"]))
    pa, pb = set(d.scope.get("parties", [])), set(c.scope.get("parties", []))
    if pa and pb and not pa & pb:
        out.append("parties")
    if d.scope.get("broker") and c.scope.get("broker") and d.scope["broker"] != c.scope["broker"]:
        out.append("broker")  # one broker's rating or target is not another's
    return out


def _unit_slip(d: Claim, c: Claim) -> str:
    """The hint for a value that is a source's value times a unit-slip factor (within rounding), else ""."""
    if isinstance(d.value, str) or isinstance(c.value, str) or d.unit == "date" or c.hedge not in ("exact", "about"):
        return ""
    x, y = abs(float(d.value)), abs(float(c.value))
    if not x or not y:
        return ""
    for slip in _rules()["unit_slips"]:
        for scaled in (x * slip["factor"], x / slip["factor"]):
            if agree(replace(d, value=scaled, low=None, high=None, precision=d.precision * scaled / x, hedge="exact"), c):
                return slip["hint"]
    return ""


def _starting_value(c: Claim) -> Claim:
    """The "from" value of a change as a claim of its own, exact."""
    return replace(c, value=c.previous, previous=None, hedge="exact", low=None, high=None)


def _previous_clash(d: Claim, c: Claim) -> bool:
    """Both give a "from" value and the two disagree."""
    if d.previous is None or c.previous is None:
        return False
    return not agree(_starting_value(d), _starting_value(c))


def _is_earlier_value(d: Claim, c: Claim) -> bool:
    """The draft's figure is the "from" value of a source's change ("$2.5 billion" of "to $1.3 billion from $2.5 billion")."""
    if d.previous is not None or c.previous is None or isinstance(c.previous, str) != isinstance(d.value, str):
        return False
    return agree(d, _starting_value(c))


def _has_moment(c: Claim) -> bool:
    """A stated moment (session, date) or a reading that is its own moment (the session's peak)."""
    return any(c.time.get(k) for k in _rules()["moment_keys"]) or bool(set(c.scope.get("tags", [])) & set(_rules()["moment_tags"]))


def relate(d: Claim, c: Claim, siblings: list[Claim] = ()) -> Comparison | None:
    """How source claim ``c`` bears on draft claim ``d`` (same block), or None if not comparable.

    Values that agree support the draft unless a stated time or scope tells them apart or
    their "from" values differ. A figure that is the "from" value of a source's change
    agrees when a sibling (a claim of the same draft sentence) gives the new value:
    "$1.3 billion, down from $2.5 billion". Values that disagree conflict when they are the same
    figure: same stated moment for a market reading, the same stated part for a generic
    measure (capacity, deal value), and no clashing qualifier.
    """
    slip = _unit_slip(d, c)
    if not slip and not isinstance(d.value, str) and not isinstance(c.value, str) and d.unit != "date":
        x, y = abs(float(d.value)), abs(float(c.value))
        if min(x, y) == 0 and max(x, y) != 0 or min(x, y) and max(x, y) / min(x, y) >= MAX_RATIO:
            return None
    times, scopes, same = _clashing_times(d, c), _clashing_scopes(d, c), agree(d, c)
    if same:
        scopes = [x for x in scopes if x != "parties"]  # "Globex Cloud" and "Globex": one deal named two ways
    elif _is_earlier_value(d, c) and not times and not scopes and any(
            s.measure == d.measure and s is not d and agree(s, c) for s in siblings):
        return Comparison(c, "agrees", "as the earlier value")
    if same:
        if times:
            return Comparison(c, "timing", ", ".join(times))
        if scopes:
            return Comparison(c, "scope", ", ".join(scopes))
        if _previous_clash(d, c):
            return Comparison(c, "conflict", "previous")
        return Comparison(c, "agrees")
    if slip and not scopes:
        return Comparison(c, "conflict", slip)
    if times:
        return Comparison(c, "timing", ", ".join(times))
    if scopes:
        return Comparison(c, "scope", ", ".join(scopes))
    info = measure_info(d.measure)
    if info.get("snapshot"):
        same_moment = _has_moment(d) and _has_moment(c) and classify(d, c) == "conflict"
        return Comparison(c, "conflict" if same_moment else "timing", "" if same_moment else "moment")
    if info.get("generic") and not _same_stated_part(d, c):
        return Comparison(c, "differs")
    return Comparison(c, "conflict")


def _same_stated_part(d: Claim, c: Claim) -> bool:
    """Two generic figures (capacities, deal terms) that both say which part or period they are."""
    for key in ("tags", "parties"):
        if set(d.scope.get(key, [])) & set(c.scope.get(key, [])):
            return True
    return any(d.time.get(k) and c.time.get(k) for k in ("horizon", "period", "date"))


# --------------------------------------------------------------------------- the review


class Reviewer:
    """Compares draft claims with an analysed story."""

    def __init__(self, analysis: Analysis):
        self.a = analysis
        self.outlets = {s.id: s.outlet or s.id for s in analysis.sources}
        self.origin = root_origins(analysis.copies)  # derived source -> the independent source it copies
        self.by_block: dict[tuple, list[Claim]] = defaultdict(list)
        for c in analysis.claims:
            if measure_info(c.measure).get("comparable", True) and not measure_info(c.measure).get("derived"):
                self.by_block[block_key(c)].append(c)
        self.by_id = {c.id: c for c in analysis.claims}
        self.conflicts: dict[str, list] = defaultdict(list)  # source claim id -> conflict findings it is in
        for f in analysis.findings:
            if f.kind == "conflict":
                for cid in f.claims:
                    self.conflicts[cid].append(f)

    def name(self, source: str) -> str:
        return self.outlets.get(source, source)

    def independent(self, claims: list[Claim]) -> int:
        return len({self.origin.get(c.source, c.source) for c in claims})

    def outlets_of(self, claims: list[Claim]) -> str:
        return ", ".join(dict.fromkeys(self.name(c.source) for c in sorted(claims, key=lambda c: c.id)))

    def review(self, d: Claim, line: int, siblings: list[Claim] = ()) -> ReviewItem:
        """The status of draft claim ``d``; ``siblings`` are the other claims of its sentence."""
        item = ReviewItem(d, line)
        comparable = measure_info(d.measure).get("comparable", True)
        if comparable:
            for c in self.by_block.get(block_key(d), []):
                rel = relate(d, c, siblings)
                if rel is not None:
                    item.compared.append(rel)
        if not any(r.relation == "agrees" for r in item.compared):
            item.compared += self._same_value_elsewhere(d, item.compared)
        self._decide(item)
        return item

    def _same_value_elsewhere(self, d: Claim, compared: list[Comparison]) -> list[Comparison]:
        """Source claims giving the draft's value to a group or sector the subject belongs to
        (same measure), or to the same subject under another measure: measures are the
        weakest part of extraction, and the same subject with the same figure is strong evidence.
        Comparisons found here carry the detail "group" or "as <measure label>"."""
        if isinstance(d.value, str) or d.unit == "date":
            return []
        out = []
        seen = {r.claim.id for r in compared}
        cross = set(_rules()["cross_measure_kinds"])
        for c in self.a.claims:
            if c.id in seen or isinstance(c.value, str) or c.unit == "date" or not agree(d, c):
                continue
            if unit_kind(d.unit) == "count" and c.unit != d.unit or measure_info(c.measure).get("derived"):
                continue
            if c.measure == d.measure and c.subject != d.subject and _contains(c.subject, d.subject):
                if unit_kind(c.unit) == unit_kind(d.unit):
                    out.append(Comparison(c, "scope", "group", elsewhere=True))
            elif c.subject == d.subject and c.measure != d.measure and unit_kind(d.unit) in cross:
                if unit_kind(c.unit) != unit_kind(d.unit) and {unit_kind(c.unit), unit_kind(d.unit)} != {"money", "money_per_year"}:
                    continue
                rel = relate(d, c)
                if rel is not None and rel.relation in ("agrees", "scope", "timing"):
                    rel.detail = "as " + measure_info(c.measure)["label"] + (f"; {rel.detail}" if rel.detail else "")
                    rel.elsewhere = True
                    out.append(rel)
        return out

    def _decide(self, item: ReviewItem) -> None:
        d = item.claim
        by = defaultdict(list)
        for r in item.compared:
            by[r.relation].append(r)
        label = measure_info(d.measure)["label"]
        mine = value_text(d.to_json())
        strong = [r for r in by["conflict"] if r.detail]  # a wrong "from" value, a unit slip
        same_measure = [r.claim for r in by["agrees"] if not r.elsewhere]
        if strong and d.previous is not None:  # a source that gives the change outranks one that gives only its end
            same_measure = [c for c in same_measure if c.previous is not None]
        supporters = same_measure or ([] if strong else [r.claim for r in by["agrees"]])
        if supporters:
            item.supported_by = supporters
            item.independent = self.independent(supporters)
            others = [r.claim for r in by["timing"] + by["conflict"] if r.detail in ("moment", "")]
            if measure_info(d.measure).get("snapshot") and not _has_moment(d) and _differs(others, d):
                self._timing_reading(item, others)
                return
            opposed = self._opposed(d, supporters)
            if opposed:
                item.status, item.differing = "disputed", opposed
                finding_notes = " ".join(dict.fromkeys(f.explanation for s in supporters for f in self.conflicts.get(s.id, ())))
                item.explanation = (f"The sources disagree on {possessive(d.subject)} {label}. The draft's {mine} follows "
                                    f"{self._backing(supporters)}; {self._listing(opposed)} otherwise. {finding_notes}").strip()
                return
            item.status = "supported"
            how = sorted({r.detail for r in by["agrees"] if r.detail and r.claim in supporters})
            item.explanation = f"{mine} is backed by {self._backing(supporters)}" + (f" (stated {how[0]})" if how else "") + "."
            return
        conflicts = by["conflict"]
        elsewhere = [r for r in by["scope"] + by["timing"] if agree(d, r.claim)]
        if elsewhere and not strong:  # the draft's figure is real, but belongs to another part or time
            kind = "scope" if any(r.relation == "scope" for r in elsewhere) else "timing"
            chosen = [r for r in elsewhere if r.relation == kind]
            item.status, item.kind, item.differing = "contradicted", kind, [r.claim for r in chosen]
            item.explanation = self._elsewhere_text(item, chosen, kind, label, mine)
            groups = _value_groups([r.claim for r in conflicts])
            if len(groups) == 1 and not item.suggestion:
                item.suggestion = _suggestion(groups[0][0], value_text(groups[0][0].to_json()))
                item.explanation += f" For the draft's {label}, the sources give {item.suggestion['text']}."
            return
        if conflicts:
            item.status, item.kind = "contradicted", "conflict"
            item.differing = [r.claim for r in conflicts]
            item.explanation = self._conflict_text(item, conflicts, label, mine)
            return
        readings = [r.claim for r in by["timing"] if r.detail == "moment"]
        if measure_info(d.measure).get("snapshot") and not _has_moment(d) and readings:
            self._timing_reading(item, readings)
            return
        item.status = "unsupported"
        related = [r.claim for r in item.compared]
        item.differing = related
        if related:
            item.explanation = (f"No source gives {possessive(d.subject)} {label} as {mine}. Sources give {self._listing(related, qualified=True)}, "
                                "which may be other figures: check which one the draft means.")
        else:
            item.explanation = f"No source gives {possessive(d.subject)} {label}."

    # -- statuses in words ---------------------------------------------------------------

    def _opposed(self, d: Claim, supporters: list[Claim]) -> list[Claim]:
        """Source claims on the other side of a source conflict that a supporter is in, which
        conflict with the draft too and are close enough to it to be readings of one figure."""
        out: dict[str, Claim] = {}
        for s in supporters:
            for f in self.conflicts.get(s.id, ()):
                for cid in f.claims:
                    c = self.by_id[cid]
                    rel = relate(d, c)
                    if rel is not None and rel.relation == "conflict" and _close(d, c):
                        out[cid] = c
        return [out[k] for k in sorted(out)]

    def _timing_reading(self, item: ReviewItem, readings: list[Claim]) -> None:
        """A market reading without its moment while sources give different readings at different moments."""
        d = item.claim
        label = measure_info(d.measure)["label"]
        item.status, item.kind = "contradicted", "timing"
        item.differing = sorted(readings + item.supported_by, key=lambda c: c.id)
        listing = "; ".join(self._describe(c) for c in sorted(item.differing, key=lambda c: (str(c.value), c.id)))
        item.explanation = (f"{possessive(d.subject)} {label} moved during the day and the draft does not say when {value_text(d.to_json())} "
                            f"was true. Sources give {listing}.")
        timed = [c for c in item.supported_by if _time_words(c)]
        if timed:
            c = min(timed, key=lambda c: c.id)
            item.suggestion = _suggestion(c, f"{value_text(c.to_json())}, {', '.join(_time_words(c))} ({self.name(c.source)})")
        item.explanation += " Say when the reading was taken."

    def _conflict_text(self, item: ReviewItem, conflicts: list[Comparison], label: str, mine: str) -> str:
        d = item.claim
        claims = [r.claim for r in conflicts]
        text = f"Sources give {possessive(d.subject)} {label} as {self._listing(claims)}; the draft says {mine}."
        slips = sorted({r.detail for r in conflicts if r.detail not in ("", "previous")})
        if slips:
            text += f" The draft's figure is off by a round factor: {slips[0]}?"
        if any(r.detail == "previous" for r in conflicts):
            text += " The sources agree on the new value but not on where it came from."
        groups = _value_groups(claims)
        if len(groups) == 1:
            best = groups[0][0]
            item.suggestion = _suggestion(best, value_text(best.to_json()))
            text += f" The sources agree on {item.suggestion['text']}: {self._backing(groups[0])}."
        else:
            text += " The sources do not agree among themselves, so no single correction is suggested."
        return text

    def _elsewhere_text(self, item: ReviewItem, chosen: list[Comparison], kind: str, label: str, mine: str) -> str:
        d = item.claim
        parts = []
        for r in sorted(chosen, key=lambda r: r.claim.id):
            c = r.claim
            what = f"for {c.subject}" if c.subject != d.subject else _qualifier_text(c)
            parts.append(f"{self.name(c.source)} gives {value_text(c.to_json())} {what}".rstrip())
        text = f"The draft gives {possessive(d.subject)} {label} as {mine}, but " + "; ".join(dict.fromkeys(parts)) + "."
        if kind == "scope" and any(r.detail == "group" for r in chosen):
            group = min((r.claim for r in chosen if r.detail == "group"), key=lambda c: c.id)
            text += f" It is a figure for {group.subject}, not for {d.subject} alone."
            item.suggestion = {"value": group.value, "previous": group.previous, "unit": group.unit,
                               "text": f"{value_text(group.to_json())} for {group.subject}"}
        elif kind == "scope":
            text += " It is the figure for another part or kind of the measure."
        else:
            text += " It is the figure for another time."
        return text

    def _backing(self, claims: list[Claim]) -> str:
        n = len({c.source for c in claims})
        return f"{self.outlets_of(claims)} ({n} source{'s' if n != 1 else ''}, {self.independent(claims)} independent)"

    def _listing(self, claims: list[Claim], qualified: bool = False) -> str:
        items = []
        for g in _value_groups(claims):
            words = sorted({w for c in g for w in _qualifiers(c)}) if qualified else []
            extra = f" [{', '.join(words)}]" if words else ""
            items.append(f"{value_text(g[0].to_json())}{extra} ({self.outlets_of(g)})")
        return "; ".join(items)

    def _describe(self, c: Claim) -> str:
        words = _time_words(c)
        return f"{value_text(c.to_json())}" + (f" ({', '.join(words)})" if words else "") + f" ({self.name(c.source)})"


def _contains(group: str, subject: str) -> bool:
    """A group ("ACME+NWND") that includes the subject, or a sector noun (lower case)."""
    return subject in group.split("+") or (group.islower() and not subject.islower())


def _close(d: Claim, c: Claim) -> bool:
    """Labels, dates, or numbers within ``dispute_ratio`` of each other."""
    if isinstance(d.value, str) or isinstance(c.value, str):
        return True
    x, y = abs(float(d.value)), abs(float(c.value))
    return min(x, y) > 0 and max(x, y) / min(x, y) <= _rules()["dispute_ratio"]


def _differs(claims: list[Claim], d: Claim) -> bool:
    return any(not agree(c, d) for c in claims)


def _time_words(c: Claim) -> list[str]:
    t = c.time
    words = [t.get("date"), t.get("session"), t.get("period")]
    out = [time_text(w) for w in words if w]
    if t.get("horizon"):
        out.append("by " + time_text(t["horizon"]))
    return out


def _qualifiers(c: Claim) -> list[str]:
    """A claim's time words, then its scope tags."""
    return _time_words(c) + list(c.scope.get("tags", []))


def _qualifier_text(c: Claim) -> str:
    words = _qualifiers(c)
    return f"({', '.join(words)})" if words else ""


def _suggestion(c: Claim, text: str) -> dict:
    return {"value": c.value, "previous": c.previous, "unit": c.unit, "text": text}


def _value_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Claims grouped by agreeing value and "from" value, most precise first within a group."""
    groups: list[list[Claim]] = []
    for c in sorted(claims, key=lambda c: (c.hedge != "exact", c.precision or 0, c.id)):
        for g in groups:
            if agree(g[0], c) and not _previous_clash(g[0], c):
                g.append(c)
                break
        else:
            groups.append([c])
    return groups


def review_draft(draft_path: str, story_paths: list[str], claims: str = "reviewed", encoding: str | None = None) -> Review:
    """Analyse the story (``claims`` and ``encoding`` as in ``pipeline.analyse``), extract the draft's claims, and give each one a status."""
    analysis = analyse([os.fspath(p) for p in story_paths], claims, encoding)
    draft = load_draft(os.fspath(draft_path), analysis, encoding)
    reviewer = Reviewer(analysis)
    items = []
    claims = draft_claims(draft, analysis)
    for d in claims:
        offset = (d.value_span or d.span)[0]
        siblings = [s for s in claims if s.span == d.span and s is not d]
        items.append(reviewer.review(d, line_of(draft.text, offset), siblings))
    return Review(draft, os.fspath(draft_path), analysis, items)


# --------------------------------------------------------------------------- output


def to_document(r: Review) -> dict:
    """The review's JSON document: draft, story, sources, claims (with status) and findings."""
    claims = []
    findings = []
    for n, item in enumerate(r.items, 1):
        record = item.claim.to_json()
        record.update({
            "line": item.line,
            "status": item.status,
            "kind": item.kind,
            "compared": [x.claim.id for x in item.compared],
            "supported_by": [c.id for c in item.supported_by],
            "differing": [c.id for c in item.differing],
            "suggestion": item.suggestion,
        })
        claims.append(record)
        evidence = sorted({c.id: c for c in item.supported_by + item.differing}.values(), key=lambda c: c.id)
        findings.append({
            "id": f"R{n:03d}",
            "claim": item.claim.id,
            "line": item.line,
            "status": item.status,
            "kind": item.kind,
            "subject": item.claim.subject,
            "measure": item.claim.measure,
            "explanation": item.explanation,
            "independent": item.independent,
            "evidence": [{"claim": c.id, "source": c.source, "value": c.value, "label": value_text(c.to_json()),
                          "relation": "supports" if c in item.supported_by else "differs", "quote": c.quote}
                         for c in evidence],
        })
    counts = {s: sum(1 for i in r.items if i.status == s) for s in STATUSES}
    return {
        "draft": r.draft_path,
        "story": r.analysis.story,
        "generated_by": f"factcheck {__version__}",
        "summary": counts,
        "sources": source_records(r.analysis),
        "claims": claims,
        "findings": findings,
        "measures": {m: measure_info(m)["label"] for m in sorted({i.claim.measure for i in r.items})},
    }


def failing(doc: dict, fail_on: str) -> list[dict]:
    """The draft claims whose status is ``fail_on`` or more severe (``data/review.json`` fail_order)."""
    order = _rules()["fail_order"]
    worst = set(order[: order.index(fail_on) + 1])
    return [c for c in doc["claims"] if c["status"] in worst]
