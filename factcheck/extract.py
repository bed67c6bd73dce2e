"""Extract stage: turn each sentence's quantities and rating statements into atomic claims.

A claim gets its subject from the nearest mention (references such as "the company"
or "its" resolved to the current company, brokers never a subject), its measure from
the cue words of ``data/measures.json``, time qualifiers from :mod:`factcheck.timeexpr`
within the same clause, and scope tags from the measure lexicon's scope terms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter

from . import lexicon
from .entities import EntityTable, find_mentions
from .model import Claim, Mention, Quantity, Sentence, Source
from .quantities import find_quantities
from .phrases import PhraseIndex, text_words
from .timeexpr import TimeExpr, find_time_expressions, value_range

_COORD = re.compile(r"^(?:\s*(?:,|and|&|, and|,\s*and)\s*)$")
_SAME_ENTITY_GAP = re.compile(r"^[\s(]*(?:[A-Za-z]{2,12}:\s?)?$")
_PRONOUNS = {"it", "its", "their"}
_WINDOW = 90  # characters after a quantity searched for scope terms
_PREMODIFIER = 20  # characters before it
_DATE_CUE = 45  # a date is a claim only with a date cue this close ("rent commencing in August 2026")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD_CHAR = re.compile(r"\w")


def _cuts_word(text: str, pos: int, start: int, end: int) -> bool:
    """True when a search window of the sentence ``text[start:end]`` ending at ``pos`` cuts a word in two:
    a pattern may then match a phrase whose last word is only the start of a word of the sentence."""
    return start < pos < end and _WORD_CHAR.match(text, pos - 1) is not None and _WORD_CHAR.match(text, pos) is not None


def unit_kind(unit: str) -> str:
    """The family a unit belongs to, used to pick candidate measures.

    >>> [unit_kind(u) for u in ["USD", "%", "MW", "USD/MW", "GPUs", "years", "x", "rating", "date"]]
    ['money', 'percent', 'power', 'money_per_power', 'count', 'duration', 'multiple', 'label', 'date']
    """
    if unit == "%":
        return "percent"
    if unit == "MW":
        return "power"
    if unit == "MWh":
        return "energy"
    if unit == "years":
        return "duration"
    if unit == "x":
        return "multiple"
    if unit == "rating":
        return "label"
    if unit == "date":
        return "date"
    if "/" in unit:
        base, per = unit.split("/", 1)
        if _is_currency(base):
            return {"MW": "money_per_power", "share": "money_per_share", "year": "money_per_year"}.get(per, "other")
        return "other"
    if _is_currency(unit):
        return "money"
    return "count"


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


@lru_cache(maxsize=None)
def _measures() -> dict:
    data = lexicon.load("measures")
    by_name = {m["name"]: m for m in data["measures"]}
    cue_res, cue_phrases, by_kind = {}, {}, {}
    for m in data["measures"]:
        if m["cues"]:
            body = "|".join(re.escape(c) for c in sorted(m["cues"], key=len, reverse=True))
            flags = 0 if any(c.isupper() and len(c) <= 4 for c in m["cues"]) else re.I
            cue_res[m["name"]] = re.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)
            cue_phrases[m["name"]] = m["cues"]
    for name in cue_res:
        for kind in by_name[name]["kinds"]:
            by_kind.setdefault(kind, []).append(name)  # lexicon order
    scope = []
    for tag, terms in data["scope_terms"].items():
        body = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        scope.append((tag, re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.I)))
    bounds = "|".join(re.escape(b) for b in sorted(data["clause_boundaries"], key=len, reverse=True))
    direction = {way: re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)
                 for way, words in data["direction_words"].items()}
    loss = re.compile(r"\b(?:" + "|".join(map(re.escape, data["loss_words"])) + r")\b", re.I)
    nouns = "|".join(re.escape(n) for n in sorted(data["deal_nouns"], key=len, reverse=True))
    deal_noun = re.compile(rf"(?:\s+(?:[A-Z]{{2,5}}|[a-z]+-[a-z]+)){{0,2}}\s+(?:{nouns})s?\b")
    deal_word = re.compile(rf"\b(?:{nouns})s?\b", re.I)
    links = "|".join(re.escape(w) for w in sorted(data["reaction"]["links"], key=len, reverse=True))
    events = "|".join(re.escape(w) for w in sorted(data["reaction"]["events"], key=len, reverse=True))
    reaction = re.compile(rf"\b(?:{links})\s+(?:[\w’'-]+\s+){{0,4}}?(?:{events})\b", re.I)
    # a cue farther than limit + reach from a figure scores above the limit whatever its priority
    reach = 10 * max([m.get("priority", 0) for m in data["measures"]] + [0])
    return {"by_name": by_name, "cues": cue_res, "scope": scope, "defaults": data["defaults"], "reach": reach,
            "by_kind": by_kind, "cue_phrases": cue_phrases, "scope_terms": data["scope_terms"],
            "clauses": re.compile(bounds), "direction": direction, "loss": loss, "deal_noun": deal_noun, "deal_word": deal_word,
            "reaction": reaction}


def measure_info(name: str) -> dict:
    """The lexicon entry of a measure (label, kinds, snapshot, comparable)."""
    return _measures()["by_name"].get(name, {"name": name, "label": name.replace("_", " "), "kinds": ["other"], "cues": []})


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into clause spans at the lexicon's clause boundaries."""
    out, cur = [], start
    for m in _measures()["clauses"].finditer(text, start, end):
        if m.start() > cur:
            out.append((cur, m.start()))
        cur = m.start()
    out.append((cur, end))
    return out


def _clause_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The clause holding ``pos``, else the last one (``spans`` as :func:`clauses` gives them: ordered, contiguous)."""
    i = bisect_right(spans, pos, key=itemgetter(0)) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return spans[-1]


@dataclass
class _Ref:
    mention: Mention
    entity: str | None  # resolved id, "@broker", or None


def _merge_same_entity(text: str, mentions: list[Mention]) -> list[Mention]:
    """Fold "Acme Mining (ACME)" (two mentions of one entity) into one mention."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.entity and out[-1].entity == m.entity and _SAME_ENTITY_GAP.match(text[out[-1].end : m.start]):
            prev = out.pop()
            end = m.end + (1 if text[m.end : m.end + 1] == ")" else 0)
            out.append(Mention(m.entity, prev.start, end, prev.kind))
        else:
            out.append(m)
    return out


_NAME = r"[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*"
_LOWER = r"(?:(?!(?:and|or|but|to|of|in|on|at)\b)[a-z][\w-]*\s+){0,3}"  # "with data-center operator Acme"
# Capitalised words are possessive (*+): glued words ("ACMEGLOBEX") have one reading, not one per capital.
_COUNTERPARTY = re.compile(rf"\b(?:with|from)\s+{_LOWER}(?:[A-Z][\w.&’'-]*+\s*(?:(?:[A-Z][\w.&’'-]*+|and|,|/|-backed)\s*)*)?$")
_PARTIES = re.compile(rf"\b(?:with|from)\s+{_LOWER}({_NAME}(?:\s*(?:,|and|&|/)\s*{_NAME})*)")
_LABEL = re.compile(rf"\s*(?:[•*-]\s*)?({_NAME}(?:\s*/\s*{_NAME})*)(?:\s*\([^)]*+\))?:\s")
# Between party names; the blanks around it stay with the names, which are stripped (a pattern taking them,
# \s*(?:...)\s*, would read a run of blanks once from each of its characters).
_PARTY_SEPARATOR = re.compile(r",|\band\b|&|/")


class _Label:
    """The label opening a sentence's line ("Initech/Globex (Lake Site): 168 MW lease ..."), matched once per sentence."""

    def __init__(self, text: str, start: int):
        self.text, self.start = text, start
        self._match: re.Match | None | bool = False
        self._deal_line: bool | None = None
        self._parties: list[str] | None = None

    @property
    def match(self) -> re.Match | None:
        """The label match at the sentence start, or None."""
        if self._match is False:
            self._match = _LABEL.match(self.text, self.start)
        return self._match

    def deal_line(self) -> bool:
        """True when the rest of the label's line names a deal and nothing about ratings or targets."""
        if self._deal_line is None:
            text, label = self.text, self.match
            line_end = text.find("\n", label.end())
            line = text[label.end() : line_end if line_end >= 0 else len(text)]
            _, labels, verbs, _, rating_words, targets = _rating_patterns()
            self._deal_line = not any(p.search(line) for p in (labels, verbs, rating_words, targets)) \
                and _measures()["deal_word"].search(line) is not None
        return self._deal_line

    def parties(self, table: EntityTable) -> list[str]:
        """The parties the label names (a line's label names the party of every clause on it)."""
        if self._parties is None:
            self._parties = _party_ids(self.text, [self.match.span(1)], table) if self.match else []
        return self._parties


def _is_counterparty(text: str, m: Mention, label: _Label, partners: set[str]) -> bool:
    """A company named as the other party: "agreement with Northwind", "an order from Globex",
    or the label of a line listing deals ("Initech/Globex (Lake Site): 168 MW lease ..."): a
    label joining two names, naming one of the source's ``partners``, or heading a line with
    a deal word and nothing about ratings or targets. "Acme: upgraded to buy" and "Acme:
    shares fell 3%" are about their label."""
    if _COUNTERPARTY.search(text, max(label.start, m.start - 60), m.start):
        return True
    if _measures()["deal_noun"].match(text, m.end) and not re.search(r"['’]s$", text[m.start : m.end]):
        return True  # "the Globex deal", "its Globex AI lease"; "Globex's order backlog" is Globex's own
    match = label.match
    if not match or not match.start(1) <= m.start < match.end(1):
        return False
    if "/" in match.group(1) or m.entity in partners:
        return True
    return label.deal_line()


def _party_ids(text: str, spans: list[tuple[int, int]], table: EntityTable) -> list[str]:
    """The entity ids (or names) of the parties named in ``spans``, brokers left out."""
    found = []
    for a, b in spans:
        for name in _PARTY_SEPARATOR.split(text[a:b]):
            name = name.strip().rstrip(".")
            if name and not re.search(r"['’]s\b", name) and not _names_time(name) \
                    and name.lower() not in _rating_patterns()[0]["labels"]:
                ident = table.resolve(name) or name
                if ident not in table.brokers:
                    found.append(ident)
    return sorted(set(found))


@lru_cache(maxsize=4096)
def _names_time(name: str) -> bool:
    """True when a would-be party name holds a time expression ("Q3", "Monday"); names recur, so each is read once."""
    return bool(find_time_expressions(name, 0, len(name)))


def _resolve(text: str, mentions: list[Mention], topic: str | None, label: _Label,
             partners: set[str] = frozenset()) -> list[_Ref]:
    """Each mention with the entity it stands for: references take the last entity (pronouns) or company before them."""
    refs: list[_Ref] = []
    last_entity = None  # entity of the last ref that has one
    last_company = None  # entity of the last company ref
    for m in mentions:
        if m.kind == "company" and _is_counterparty(text, m, label, partners):
            ref = _Ref(Mention(m.entity, m.start, m.end, "counterparty"), m.entity)
        elif m.kind == "company":
            ref = _Ref(m, m.entity)
        elif m.kind == "broker":
            ref = _Ref(m, "@broker")
        elif m.kind == "sector":
            ref = _Ref(m, m.entity)
        else:  # reference
            word = re.sub(r"['’]s?$", "", text[m.start : m.end].lower())
            if word in _PRONOUNS or word.startswith("it"):
                target = last_entity
            else:
                target = last_company
            ref = _Ref(m, target or topic)
        refs.append(ref)
        if ref.entity:
            last_entity = ref.entity
        if ref.mention.kind == "company":
            last_company = ref.entity
    return refs


class _Refs:
    """A sentence's resolved mentions, indexed once so that each figure finds its subject, parties and
    broker without scanning the sentence (a sentence may be a whole article when nothing ends it).

    Mentions never overlap and come in text order, so their starts (and ends) are sorted."""

    def __init__(self, text: str, refs: list[_Ref], table: EntityTable, label: _Label):
        self.text, self.refs, self.table, self.label = text, refs, table, label
        self.usable = [i for i, r in enumerate(refs) if r.entity and r.entity != "@broker" and r.entity not in table.brokers
                       and r.mention.kind != "counterparty"]
        self.usable_starts = [refs[i].mention.start for i in self.usable]
        self.usable_ends = [refs[i].mention.end for i in self.usable]
        self.ends_sorted = all(a <= b for a, b in pairwise(self.usable_ends))
        self.counterparties = {r.entity for r in refs if r.mention.kind == "counterparty"}
        self.parties = [r for r in refs if r.mention.kind in ("company", "counterparty")]
        self.party_entities = {r.entity for r in self.parties}
        self.party_starts = [r.mention.start for r in self.parties]
        self.companies = [r for r in refs if r.mention.kind == "company" and r.entity not in table.brokers]
        self.company_starts = [r.mention.start for r in self.companies]
        self.company_ids = sorted({r.entity for r in self.companies if r.entity})
        self.references = [r.mention.start for r in refs if r.mention.kind == "reference"]
        self.brokers = [r.mention for r in refs if r.mention.kind == "broker" and r.mention.entity]
        self.broker_starts = [m.start for m in self.brokers]
        self.named_company = bool(self.parties)
        self._groups: dict[int, str] = {}
        self._clause_parties: dict[tuple[int, int], list[str]] = {}
        self._clause_companies: dict[tuple[int, int], set[str]] = {}

    def group(self, i: int) -> str:
        """The subject id for ref ``i``: a '+'-joined group when it is coordinated ("Acme and Northwind")."""
        if i not in self._groups:
            refs, text = self.refs, self.text
            members = {refs[i].entity}
            j = i
            while j > 0 and refs[j - 1].mention.kind == "company" \
                    and _COORD.match(text[refs[j - 1].mention.end : refs[j].mention.start]):
                members.add(refs[j - 1].entity)
                j -= 1
            j = i
            while j + 1 < len(refs) and refs[j + 1].mention.kind == "company" \
                    and _COORD.match(text[refs[j].mention.end : refs[j + 1].mention.start]):
                members.add(refs[j + 1].entity)
                j += 1
            self._groups[i] = "+".join(sorted(m for m in members if m))
        return self._groups[i]

    def _last_usable_before(self, pos: int) -> int | None:
        """The last usable ref (in order) that ends by ``pos``."""
        if self.ends_sorted:
            k = bisect_right(self.usable_ends, pos) - 1
            return self.usable[k] if k >= 0 else None
        before = [i for i in self.usable if self.refs[i].mention.end <= pos]
        return before[-1] if before else None

    def subject(self, span: tuple[int, int], clause: tuple[int, int], topic: str | None) -> str | None:
        """Nearest preceding subject in the sentence, else the nearest following one in the clause, else the topic.

        A ref that overlaps ``span`` is neither before nor after it, so it is never chosen."""
        i = self._last_usable_before(span[0])
        if i is None:
            k = bisect_left(self.usable_starts, span[1])
            if k < len(self.usable) and self.usable_starts[k] < clause[1]:
                i = self.usable[k]
        if i is not None:
            return self.group(i) if self.refs[i].mention.kind == "company" else self.refs[i].entity
        principal = self.table.principal
        if self.counterparties and principal and principal not in self.counterparties:
            return principal  # "Globex: 300 MW ..." in a list of the principal's deals
        return topic

    def deal_subject(self, subject: str | None) -> str | None:
        """A deal term is filed under the story's principal company when the sentence names it as a
        party, whichever side is the grammatical subject ("Globex signed a deal with Acme")."""
        p = self.table.principal
        if p and p != subject and p in self.party_entities:
            return p
        if p and subject in self.table.partners:
            return p  # "Globex starts paying rent in August": a known partner's side of the principal's deal
        return subject

    def other_companies(self, clause: tuple[int, int], subject: str | None) -> set[str]:
        """The other companies named in a deal's clause: its parties."""
        if clause not in self._clause_companies:
            a, b = bisect_left(self.party_starts, clause[0]), bisect_left(self.party_starts, clause[1])
            self._clause_companies[clause] = {r.entity for r in self.parties[a:b] if r.entity and r.entity not in self.table.brokers}
        return self._clause_companies[clause] - {subject}

    def clause_parties(self, clause: tuple[int, int], subject: str | None) -> list[str]:
        """Names of the other parties in a clause ("with Globex") or in the line's label, as entity ids where known."""
        if clause not in self._clause_parties:
            spans = [m.span(1) for m in _PARTIES.finditer(self.text, clause[0], clause[1])]
            self._clause_parties[clause] = _party_ids(self.text, spans, self.table)
        found = set(self._clause_parties[clause]) | set(self.label.parties(self.table))
        found.discard(subject)
        return sorted(found)

    def broker(self, clause: tuple[int, int]) -> str | None:
        """The named broker behind a clause's rating or target: in the clause, else the last one before it, else any."""
        k = bisect_left(self.broker_starts, clause[0])
        if k < len(self.brokers) and self.broker_starts[k] < clause[1]:
            return self.brokers[k].entity
        if k > 0:
            return self.brokers[k - 1].entity
        return self.brokers[0].entity if self.brokers else None

    def rating_subjects(self, clause: tuple[int, int], topic: str | None) -> list[str]:
        """Whom a clause's rating is about: the companies in the clause, else in the sentence, else the
        topic when a reference ("the company", "its") stands in the clause."""
        a, b = bisect_left(self.company_starts, clause[0]), bisect_left(self.company_starts, clause[1])
        subjects = sorted({x.entity for x in self.companies[a:b] if x.entity}) if a < b else self.company_ids
        if not subjects:
            k = bisect_left(self.references, clause[0])
            if k < len(self.references) and self.references[k] < clause[1] and topic and topic not in self.table.brokers:
                subjects = [topic]
        return subjects


def _subject_and_parties(refs: _Refs, span: tuple[int, int], clause: tuple[int, int], topic: str | None,
                         measure: str) -> tuple[str, list[str]]:
    """Whose figure a value is and the other parties named with it; a deal term goes to the principal."""
    subject = refs.subject(span, clause, topic) or refs.table.sector
    deal = measure_info(measure).get("deal")
    if deal:
        subject = refs.deal_subject(subject) or subject
    parties = refs.clause_parties(clause, subject)
    if deal:
        parties = sorted(set(parties) | refs.other_companies(clause, subject))
    return subject, parties


def _loss(text: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """A loss word right before the figure: "a net loss of $0.12 per share"."""
    before = text[max(clause[0], q.span[0] - 25) : q.span[0]]
    return _measures()["loss"].search(before) is not None


class _Cues:
    """Every cue of every measure in one sentence, found once (one pass per measure), to look up those near a figure.

    Only the measures some cue of which may occur in the sentence (``possible``, see :func:`_lexicon_words`) are searched."""

    def __init__(self, text: str, sentence: Sentence, possible: set[tuple[str, str]]):
        self.text, self.sentence = text, sentence
        self.possible = {name for pattern, name in possible if pattern == "cue"}
        self._found: dict[str, tuple[list[int], list[int], list[tuple[int, int]]]] = {}
        self._candidates: dict[str, list[str]] = {}

    def candidates(self, kind: str) -> list[str]:
        """The measures for figures of ``kind`` (in lexicon order) whose cues may occur in the sentence."""
        if kind not in self._candidates:
            self._candidates[kind] = [n for n in _measures()["by_kind"].get(kind, ()) if n in self.possible]
        return self._candidates[kind]

    def near(self, name: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of the cues of measure ``name`` that end at ``lo`` or later and start at ``hi`` or earlier."""
        if name not in self._found:
            spans = [c.span() for c in _measures()["cues"][name].finditer(self.text, self.sentence.start, self.sentence.end)]
            self._found[name] = ([a for a, _ in spans], [b for _, b in spans], spans)
        starts, ends, spans = self._found[name]  # one pattern's matches never overlap: starts and ends both sorted
        return spans[bisect_left(ends, lo) : bisect_right(starts, hi)]


class _Figures:
    """Where a sentence's figures of each unit kind start and end, sorted, to count or find neighbours by bisection."""

    def __init__(self, figures: list[Quantity]):
        by_kind: dict[str, list[Quantity]] = {}
        for f in figures:
            by_kind.setdefault(unit_kind(f.unit), []).append(f)
        self.starts = {k: sorted(f.span[0] for f in fs) for k, fs in by_kind.items()}
        self.ends = {k: sorted(f.span[1] for f in fs) for k, fs in by_kind.items()}

    def count(self, kind: str, lo: int, hi: int) -> int:
        """How many figures of ``kind`` start in [lo, hi)."""
        starts = self.starts.get(kind, [])
        return max(0, bisect_left(starts, hi) - bisect_left(starts, lo))

    def next_start(self, kind: str, pos: int) -> int | None:
        """The first start of a figure of ``kind`` at ``pos`` or after, or None."""
        starts = self.starts.get(kind, [])
        k = bisect_left(starts, pos)
        return starts[k] if k < len(starts) else None

    def last_end(self, kind: str, pos: int) -> int | None:
        """The last end of a figure of ``kind`` at ``pos`` or before, or None."""
        ends = self.ends.get(kind, [])
        k = bisect_right(ends, pos)
        return ends[k - 1] if k else None


def _pick_measure(q: Quantity, kind: str, clause: tuple[int, int], cues: _Cues, figures: _Figures,
                  limit: int = 120) -> str | None:
    """The measure whose cue lies nearest the quantity (strong cues win ties), or None.

    A cue inside a longer cue of another measure does not count: "equity value per
    megawatt" is a value per MW, not an equity value. Only cues within ``limit`` plus the
    strongest priority's bonus can win, and a cue containing one of them is at least as
    near, so only those are looked at. ``figures`` holds the sentence's figures (``q`` among them).
    """
    info = _measures()
    reach = limit + info["reach"]
    found = []
    for name in cues.candidates(kind):
        m = info["by_name"][name]
        for start, end in cues.near(name, q.span[0] - reach, q.span[1] + reach):
            if start < q.span[1] and q.span[0] < end:
                continue
            if end <= q.span[0]:
                dist, lo, hi = q.span[0] - end, end, q.span[0]
            else:
                dist, lo, hi = start - q.span[1], q.span[1], start
            between = figures.count(kind, lo, hi)  # q itself never starts in [lo, hi)
            outside = 0 if clause[0] <= start < clause[1] else 60
            score = dist + 50 * between + outside - 10 * m.get("priority", 0)
            found.append((score, name, start, end))
    kept = [f for f in found if not any(o[1] != f[1] and o[2] <= f[2] and f[3] <= o[3] and o[3] - o[2] > f[3] - f[2]
                                        for o in found)]
    best = min(((score, name) for score, name, _, _ in kept), default=None)
    if best is None or best[0] > limit:
        return None
    return best[1]


class _Scope:
    """The scope terms that may occur in one sentence, judged from its words, so that only their patterns
    are searched near each figure."""

    def __init__(self, text: str, sentence: Sentence, possible: set[tuple[str, str]]):
        self.text, self.start, self.end = text, sentence.start, sentence.end
        self.likely = [(tag, pat) for tag, pat in _measures()["scope"] if ("scope", tag) in possible]

    def patterns(self, *ends: int) -> list[tuple[str, re.Pattern]]:
        """The (tag, pattern) pairs worth searching in windows of the sentence that end at ``ends``."""
        if any(_cuts_word(self.text, end, self.start, self.end) for end in ends):
            return _measures()["scope"]
        return self.likely


def _scope_tags(text: str, q: Quantity, clause: tuple[int, int], figures: _Figures, scope: _Scope) -> list[str]:
    """Scope terms of the quantity's own noun phrase: what follows it up to the next figure of
    the same kind ("410 MW of HPC contracts"), and its immediate premodifiers ("recent")."""
    kind = unit_kind(q.unit)
    nxt, prev = figures.next_start(kind, q.span[1]), figures.last_end(kind, q.span[0])  # never q itself
    hi = min([clause[1], q.span[1] + _WINDOW] + ([nxt] if nxt is not None else []))
    lo = max([clause[0], q.span[0] - _PREMODIFIER] + ([prev] if prev is not None else []))
    tags = []
    for tag, pat in scope.patterns(hi, q.span[0]):
        if pat.search(text, q.span[1], hi) or pat.search(text, lo, q.span[0]):
            tags.append(tag)
    return sorted(tags)


class _Times:
    """A sentence's time expressions (in text order, never overlapping), indexed by clause and kind."""

    def __init__(self, times: list[TimeExpr]):
        self.times = times
        self.starts = [t.span[0] for t in times]
        self.ends = [t.span[1] for t in times]
        self._by_clause: dict[tuple[int, int], dict[str, tuple[list[int], list[int], list[int]]]] = {}

    def covers(self, span: tuple[int, int]) -> bool:
        """True when one time expression contains ``span`` (only the last one starting by span[0] can)."""
        k = bisect_right(self.starts, span[0]) - 1
        return k >= 0 and span[1] <= self.ends[k]

    def _kinds(self, clause: tuple[int, int]) -> dict[str, tuple[list[int], list[int], list[int]]]:
        """Kind -> (starts, ends, indices) of the times starting in ``clause``."""
        if clause not in self._by_clause:
            kinds: dict[str, tuple[list[int], list[int], list[int]]] = {}
            for k in range(bisect_left(self.starts, clause[0]), bisect_left(self.starts, clause[1])):
                starts, ends, idx = kinds.setdefault(self.times[k].kind, ([], [], []))
                starts.append(self.starts[k])
                ends.append(self.ends[k])
                idx.append(k)
            self._by_clause[clause] = kinds
        return self._by_clause[clause]

    def qualifiers(self, clause: tuple[int, int], q_span: tuple[int, int]) -> dict:
        """Kind -> value of the nearest time of each kind in the clause (ties: the earlier), nearest kinds first.

        Times ending by q_span[0] are nearer the later they end, times starting at q_span[1] or
        later the earlier they start, so besides the overlapping ones only two per kind can be nearest."""
        def distance(k: int) -> int:
            return min(abs(self.starts[k] - q_span[1]), abs(q_span[0] - self.ends[k]))

        best = []
        for starts, ends, idx in self._kinds(clause).values():
            i, j = bisect_right(ends, q_span[0]), bisect_left(starts, q_span[1])
            candidates = idx[max(0, i - 1) : j + 1]
            best.append(min((distance(k), k) for k in candidates))
        return {self.times[k].kind: self.times[k].value for _, k in sorted(best)}


def extract_claims(source: Source, sentences: list[Sentence], table: EntityTable) -> list[Claim]:
    """Every atomic claim of one source, in text order, with ids ``<source>-001``, ``-002``, ...

    Each claim's quote is its sentence, an exact substring of ``source.text`` at ``span``.
    """
    text = source.text
    topic: str | None = None
    claims: list[Claim] = []
    recent = _Recent()
    seen: set[tuple] = set()
    labels = [_Label(text, s.start) for s in sentences]
    found = [find_mentions(table, text, s.start, s.end) for s in sentences]
    partners = _counterparties(text, labels, found, table) | table.partners
    for s, label, mentions in zip(sentences, labels, found):
        refs = _resolve(text, _merge_same_entity(text, mentions), topic, label, partners)
        sentence_claims = _sentence_claims(source, s, refs, label, table, topic, recent)
        quote_key = " ".join(s.text.split()) if sentence_claims else ""  # every claim of the sentence quotes it
        for c in sentence_claims:
            key = (c.subject, c.measure, c.value, c.unit, c.previous, quote_key if c.quote is s.text else " ".join(c.quote.split()))
            if key in seen:
                continue
            seen.add(key)
            claims.append(c)
        topic = _next_topic(refs, topic, table, partners)
    claims.sort(key=lambda c: (c.value_span or c.span, c.measure, c.subject))
    assign_ids(source.id, claims)
    return claims


@dataclass
class _Recent:
    """What a source's earlier figures tell later ones: the measure of the last change, and of the last
    cued figure of each unit kind (measure, value)."""

    change: tuple[str, float] | None = None
    of_kind: dict[str, tuple[str, float]] = field(default_factory=dict)


def _sentence_claims(source: Source, s: Sentence, resolved: list[_Ref], label: _Label, table: EntityTable,
                     topic: str | None, recent: _Recent) -> list[Claim]:
    """The claims of one sentence: its figures, event dates and rating statements (before removing repeats).

    A sentence with no figure, no time and no rating phrase is left before its ``resolved`` mentions are indexed."""
    text = source.text
    quantities = find_quantities(text, s.start, s.end)
    times = find_time_expressions(text, s.start, s.end, published=source.published)
    possible = _lexicon_words().possible(text_words(text, s.start, s.end))
    spans = clauses(text, s.start, s.end)
    roles = _rating_roles(text, s, spans, possible)
    if not quantities and not times and "label" not in roles and "rating_only" not in roles:
        return []
    refs, cues = _Refs(text, resolved, table, label), _Cues(text, s, possible)
    claims = _figure_claims(source, s, refs, spans, topic, quantities, _Times(times), cues, _Scope(text, s, possible), recent)
    _pair_price_moves(claims, spans)
    claims += _date_claims(source, s, refs, spans, topic, cues, times)
    claims += _rating_claims(source, s, refs, spans, topic, roles)
    return claims


def _figure_claims(source: Source, s: Sentence, refs: _Refs, spans: list[tuple[int, int]], topic: str | None,
                   quantities: list[Quantity], times: _Times, cues: _Cues, scope: _Scope, recent: _Recent) -> list[Claim]:
    """A claim for each quantity of the sentence that is no part of a time expression."""
    text = source.text
    figures = _Figures(quantities)
    out: list[Claim] = []
    for q in quantities:
        if times.covers(q.span):
            continue
        kind = unit_kind(q.unit)
        clause = _clause_of(spans, q.span[0])
        measure = _pick_measure(q, kind, clause, cues, figures)
        if measure is None and q.previous is not None and recent.change and _same_order(q.value, recent.change[1]):
            measure = recent.change[0]  # "Acme's was trimmed to $13 from $20": the measure is elided
        if measure is None and kind in recent.of_kind and _same_order(q.value, recent.of_kind[kind][1]):
            measure = recent.of_kind[kind][0]  # a list of like figures: "approx $3B over 10 years"
        if measure is None:
            measure = _measures()["defaults"].get(kind, "amount")
        subject, parties = _subject_and_parties(refs, q.span, clause, topic, measure)
        info = measure_info(measure)
        value, low, high, previous = q.value, q.low, q.high, q.previous
        if info.get("signed") and _loss(text, q, clause):
            value, low, high, previous = (None if v is None else -abs(v) for v in (value, low, high, previous))
        unit = q.unit
        forced = info.get("unit")
        if forced and kind == "money":
            unit = q.unit + "/" + forced.split("/", 1)[1]
        claim = Claim(
            id="", source=source.id, subject=subject, measure=measure, value=value, unit=unit,
            quote=s.text, span=(s.start, s.end), value_text=q.text, value_span=q.span,
            previous=previous, low=low, high=high, hedge=q.hedge, precision=q.precision,
            time=times.qualifiers(clause, q.span), scope={},
        )
        tags = _scope_tags(text, q, clause, figures, scope)
        if tags:
            claim.scope["tags"] = tags
        if parties:
            claim.scope["parties"] = parties
        if info.get("by_broker") and (broker := refs.broker(clause)):
            claim.scope["broker"] = broker
        if q.change:
            claim.scope["change"] = q.change
        if q.previous is not None:
            recent.change = (measure, q.value)
        if info.get("cues"):
            recent.of_kind[kind] = (measure, q.value)
        out.append(claim)
    return out


def assign_ids(source_id: str, claims: list[Claim]) -> None:
    """Give each claim an id that survives changes elsewhere in the text: ``source@offset`` of its value.

    Claims sharing a value offset add their subject, then their measure, then a number.

    >>> cs = [Claim("", "s", "ACME", "rating", "buy", "rating", "", (0, 9), value_span=(4, 7)),
    ...       Claim("", "s", "GLBX", "rating", "buy", "rating", "", (0, 9), value_span=(4, 7)),
    ...       Claim("", "s", "ACME", "price_target", 9.0, "USD", "", (0, 9), value_span=(8, 9))]
    >>> assign_ids("news", cs); [c.id for c in cs]
    ['news@4:ACME', 'news@4:GLBX', 'news@8']
    """
    def key(c: Claim, depth: int) -> str:
        parts = [f"{source_id}@{(c.value_span or c.span)[0]}", c.subject, c.measure][: depth + 1]
        return ":".join(parts)

    for c in claims:
        c.id = key(c, 0)
    for depth in (1, 2):
        counts = Counter(c.id for c in claims)
        for c in claims:
            if counts[c.id] > 1:
                c.id = key(c, depth)
    seen: Counter = Counter()
    counts = Counter(c.id for c in claims)
    for c in claims:
        if counts[c.id] > 1:
            seen[c.id] += 1
            c.id = f"{c.id}:{seen[c.id]}"


def _same_order(a: float, b: float) -> bool:
    a, b = abs(a), abs(b)
    return a > 0 and b > 0 and max(a, b) / min(a, b) < 10


def _nearest(moves: list[tuple[int, int, Claim]], positions: list[int], lo: int, hi: int, pos: int) -> Claim:
    """The claim of ``moves[lo:hi]`` ((position, order, claim), sorted) nearest ``pos``, the first in order on a tie."""
    k = bisect_left(positions, pos, lo, hi)
    candidates = []
    if k < hi:
        candidates.append(moves[k])  # the first at the nearest position at or after pos
    if k > lo:
        candidates.append(moves[bisect_left(positions, positions[k - 1], lo, hi)])  # the first at the nearest before
    return min(candidates, key=lambda m: (abs(m[0] - pos), m[1]))[2]


def _pair_price_moves(claims: list[Claim], spans: list[tuple[int, int]]) -> None:
    """A price and a % move of the same subject in one clause imply the previous close."""
    by_subject: dict[str, list[tuple[int, int, Claim]]] = {}
    for n, c in enumerate(claims):
        if c.measure == "share_price_change":
            by_subject.setdefault(c.subject, []).append((c.value_span[0], n, c))
    positions = {}
    for subject, moves in by_subject.items():
        moves.sort(key=itemgetter(0, 1))
        positions[subject] = [m[0] for m in moves]
    direction = _measures()["direction"]
    worded_down: dict[str, bool] = {}  # quote -> a down word and no up word in it (one search per sentence)
    for price in claims:
        if price.measure != "share_price" or not isinstance(price.value, float | int) or price.subject not in by_subject:
            continue
        moves, at = by_subject[price.subject], positions[price.subject]
        clause = _clause_of(spans, price.value_span[0])
        lo, hi = bisect_left(at, clause[0]), bisect_left(at, clause[1])
        if lo == hi:  # no move in the clause: the nearest in the sentence
            lo, hi = 0, len(moves)
        move = _nearest(moves, at, lo, hi, price.value_span[0])
        pct = float(move.value)
        down = move.scope.get("change") == "down" or pct < 0
        if not down:
            if price.quote not in worded_down:
                worded_down[price.quote] = direction["down"].search(price.quote) is not None \
                    and direction["up"].search(price.quote) is None
            down = worded_down[price.quote]
        factor = 1 - abs(pct) / 100 if down else 1 + abs(pct) / 100
        if factor <= 0:
            continue
        implied = float(price.value) / factor
        price.evidence["implied_previous_close"] = round(implied, 2)
        price.evidence["move"] = round(-abs(pct) if down else abs(pct), 4)
        move.evidence["implied_previous_close"] = round(implied, 2)
        move.evidence["price"] = price.value


# --- dates ------------------------------------------------------------------------------

def _date_claim(source: Source, s: Sentence, subject: str, measure: str, t: TimeExpr, parties: list[str]) -> Claim:
    scope = {"parties": parties} if parties else {}
    return Claim(id="", source=source.id, subject=subject, measure=measure, value=t.value, unit="date",
                 quote=s.text, span=(s.start, s.end), value_text=t.text, value_span=t.span, scope=scope)


def _date_claims(source: Source, s: Sentence, refs: _Refs, spans, topic, cues: _Cues, times: list[TimeExpr]) -> list[Claim]:
    """Event dates: a calendar date, month, quarter or year next to a date cue ("rent commencing
    August 2026", "founded in 2018", "announced November 6"). Other dates stay time qualifiers."""
    points = [Quantity(0.0, "date", t.text, t.span) if t.kind in ("date", "horizon", "period") else None for t in times]
    out = []
    figures = _Figures([q for q in points if q is not None])
    news = _Reaction(source.text, s.end)
    for t, q in zip(times, points):
        if q is None or value_range(t.value) is None:
            continue
        clause = _clause_of(spans, t.span[0])
        limit = _DATE_CUE if t.kind != "period" else _DATE_CUE // 2  # a past quarter is rarely an event date
        measure = _pick_measure(q, "date", clause, cues, figures, limit=limit)
        if measure and measure_info(measure).get("day_only") and not _DAY.fullmatch(t.value):
            measure = None
        if measure is None:
            continue
        subject, parties = _subject_and_parties(refs, t.span, clause, topic if refs.named_company else refs.table.principal or topic,
                                                measure)
        claim = _date_claim(source, s, subject, measure, t, parties)
        out.append(claim)
        if measure == "session_date":
            bound = _news_bound(source, s, spans, refs, claim, news)
            out += [bound] if bound else []
    return out


class _Reaction:
    """The first reaction phrase ("after the company announced") from a position to a sentence's end, searching
    each stretch of the sentence once: a search from a later position finds the same match while it lies ahead."""

    def __init__(self, text: str, end: int):
        self.text, self.end = text, end
        self._last: tuple[int, re.Match | None] | None = None  # (searched from, found)

    def after(self, pos: int) -> re.Match | None:
        """``reaction.search(text, pos, end)``."""
        if self._last is not None:
            since, found = self._last
            if since <= pos and (found is None or found.start() >= pos):
                return found
        found = _measures()["reaction"].search(self.text, pos, self.end)
        self._last = (pos, found)
        return found


def _news_bound(source: Source, s: Sentence, spans, refs: _Refs, session: Claim, reaction: _Reaction) -> Claim | None:
    """A move "on Monday after the company announced ...": the news came no later than that session."""
    text = source.text
    news = reaction.after(session.value_span[1])
    if news is None:
        return None
    clause = _clause_of(spans, news.end() - 1)
    t = TimeExpr("date", str(session.value), session.value_text, session.value_span)
    claim = _date_claim(source, s, session.subject, "announcement_date", t, refs.clause_parties(clause, session.subject))
    claim.hedge = "up_to"
    claim.evidence["reaction"] = text[news.start() : news.end()]
    return claim


def counterparties(text: str, sentences: list[Sentence], table: EntityTable) -> set[str]:
    """Companies a source names mostly as the other party of a deal ("with Globex"): never its topic."""
    labels = [_Label(text, s.start) for s in sentences]
    return _counterparties(text, labels, [find_mentions(table, text, s.start, s.end) for s in sentences], table)


def _counterparties(text: str, labels: list[_Label], mentions: list[list[Mention]], table: EntityTable) -> set[str]:
    """:func:`counterparties` from each sentence's label and mentions, found once for the whole extraction."""
    seen: dict[str, list[int]] = {}
    for label, found in zip(labels, mentions):
        for m in found:
            if m.kind == "company":
                seen.setdefault(m.entity, [0, 0])[_is_counterparty(text, m, label, set())] += 1
    return {e for e, (own, party) in seen.items() if party > own and e != table.principal}


def _next_topic(refs: list[_Ref], topic: str | None, table: EntityTable, partners: set[str] = frozenset()) -> str | None:
    for r in refs:
        if r.mention.kind == "company" and r.entity not in table.brokers and r.entity not in partners:
            return r.entity
    for r in refs:
        if r.mention.kind == "sector":
            return r.entity
    return topic


# --- rating statements -------------------------------------------------------------------

@lru_cache(maxsize=None)
def _rating_patterns():
    r = lexicon.load("ratings")
    labels = sorted(r["labels"], key=len, reverse=True)
    label_re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(x) for x in labels) + r")(?![\w])", re.I)
    verb_family = {}
    for family, forms in r["actions"].items():
        for f in forms:
            verb_family[f.lower()] = family
    verb_re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(v) for v in sorted(verb_family, key=len, reverse=True)) + r")(?![\w])", re.I)
    rating_word_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w.lstrip("-")) for w in r["rating_words"]) + r")(?![\w])", re.I)
    target_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in r["target_words"]) + r")(?![\w])", re.I)
    return r, label_re, verb_re, verb_family, rating_word_re, target_re


def _new_and_previous(text: str, labels: list[re.Match], clause: tuple[int, int]):
    """The new rating ("to Overweight", or the only label) and the previous one ("from Neutral")."""
    new = prev = None
    new_after_to = False  # the first "to X" wins: "raised it to overweight ... a chance to buy"
    for lab in labels:
        before = text[max(clause[0], lab.start() - 6) : lab.start()].lower()
        after_to = re.search(r"\bto\s*['‘\"]?$", before) is not None
        if re.search(r"\bfrom\s*['‘\"]?$", before):
            prev = lab
        elif new is None or (after_to and not new_after_to):
            new, new_after_to = lab, after_to
    if new is None and prev is not None and len(labels) == 1:
        new, prev = prev, None
    return new, prev


def _action(text, new, prev, verbs, verb_family, r, has_rating_word) -> str | None:
    """upgrade / downgrade / maintain / initiate: from the scale when both ratings are given, else from
    the verb nearest the new rating. "raised" or "cut" without a rating label act on a target, not a rating."""
    if new is not None and prev is not None:
        a, b = r["labels"][new.group(0).lower()], r["labels"][prev.group(0).lower()]
        return "upgrade" if a > b else "downgrade" if a < b else "maintain"
    ranked = sorted(verbs, key=lambda v: abs(v.start() - new.start()) if new is not None else v.start())
    families = [verb_family[v.group(0).lower()] for v in ranked
                if verb_family[v.group(0).lower()] in r["rating_only_actions"] or new is not None or has_rating_word]
    action = families[0] if families else None
    if action in ("upgrade", "downgrade") and new is None and not any(
            v.group(0).lower().startswith(("upgrad", "downgrad")) for v in verbs):
        return None
    return action


def _is_rating_label(text: str, lab: re.Match, r: dict) -> bool:
    """A rating label, not the common word: "add", "hold" or "neutral" count only when they read as a rating."""
    word = lab.group(0)
    if word.lower() not in r["ambiguous_labels"] or word[0].isupper():
        return True
    before = text[max(0, lab.start() - 6) : lab.start()].lower()
    after = text[lab.end() : lab.end() + 8].lower()
    return bool(re.search(r"(\bto|\bfrom|\bat|['‘\"])\s*['‘\"]?$", before) or re.match(r"['’\"]|\s+rating|-rated", after))


def _plural_noun(text: str, verb: re.Match, r: dict) -> bool:
    """"a wave of analyst upgrades": action words as a plural noun name no rating of anyone."""
    word = verb.group(0).lower()
    before = text[max(0, verb.start() - 12) : verb.start()].split()[-1:]
    return word.endswith("s") and bool(before) and before[0].lower() in r["noun_markers"]


def _about_target(text: str, verb: re.Match, target_re: re.Pattern, clause: tuple[int, int]) -> bool:
    """A verb such as "raised" that acts on a price target rather than on a rating."""
    lo, hi = max(clause[0], verb.start() - 25), min(clause[1], verb.end() + 25)
    return bool(target_re.search(text, lo, hi)) and verb.group(0).lower() not in ("upgraded", "downgraded", "upgrades", "downgrades")


_RATING_ROLES = ("label", "verb", "rating_only", "rating_word")


@lru_cache(maxsize=None)
def _lexicon_words() -> PhraseIndex:
    """The phrases of the lexicon patterns run on each sentence, grouped by pattern: ("cue", measure),
    ("scope", tag) and ("rating", role) for the roles of :data:`_RATING_ROLES`, so that one look at a
    sentence's words tells which of the patterns may match in it."""
    m = _measures()
    r, _, _, verb_family, _, _ = _rating_patterns()
    groups = {("cue", name): cues for name, cues in m["cue_phrases"].items()}
    groups |= {("scope", tag): terms for tag, terms in m["scope_terms"].items()}
    groups |= {("rating", "label"): list(r["labels"]), ("rating", "verb"): list(verb_family),
               ("rating", "rating_only"): [v for v, family in verb_family.items() if family in r["rating_only_actions"]],
               ("rating", "rating_word"): [w.lstrip("-") for w in r["rating_words"]]}
    return PhraseIndex(groups)


def _rating_roles(text: str, s: Sentence, spans: list[tuple[int, int]], possible: set[tuple[str, str]]) -> set[str]:
    """The roles of rating phrases (:data:`_RATING_ROLES`) that may occur in the clauses ``spans`` of sentence
    ``s``, given the ``possible`` patterns of :func:`_lexicon_words`; a statement needs a label or a
    rating-only action ("upgraded")."""
    if any(_cuts_word(text, end, s.start, s.end) for _, end in spans):
        return set(_RATING_ROLES)
    return {role for role in _RATING_ROLES if ("rating", role) in possible}


def _rating_claims(source: Source, s: Sentence, refs: _Refs, spans, topic, roles: set[str]) -> list[Claim]:
    """Rating and rating-action claims: "upgraded X to overweight from neutral", "kept its Underweight rating".

    ``roles`` (:func:`_rating_roles`) tells which of the rating patterns may match in the sentence."""
    r, label_re, verb_re, verb_family, rating_word_re, target_re = _rating_patterns()
    text = source.text
    out: list[Claim] = []
    if "label" not in roles and "rating_only" not in roles:
        return out  # every clause would lack both a label and a rating-only action
    for clause in spans:
        labels = [lab for lab in label_re.finditer(text, *clause) if _is_rating_label(text, lab, r)] if "label" in roles else []
        verbs = [v for v in verb_re.finditer(text, *clause) if not _about_target(text, v, target_re, clause)
                 and not _plural_noun(text, v, r)] if "verb" in roles else []
        has_rating_word = "rating_word" in roles and rating_word_re.search(text, *clause) is not None
        if s.heading and not labels:
            continue
        if not labels and not any(verb_family[v.group(0).lower()] in r["rating_only_actions"] for v in verbs):
            continue
        if labels and not verbs and not has_rating_word:
            continue
        new, prev = _new_and_previous(text, labels, clause)
        action = _action(text, new, prev, verbs, verb_family, r, has_rating_word)
        if new is None and action is None:
            continue
        if action is None and new is not None and not has_rating_word:
            continue
        subjects = refs.rating_subjects(clause, topic)
        if not subjects:
            continue
        broker = refs.broker(clause)
        anchor = new if new is not None else verbs[0]
        for subj in subjects:
            scope = {"broker": broker} if broker else {}
            if new is not None:
                out.append(Claim(id="", source=source.id, subject=subj, measure="rating", value=new.group(0).lower(), unit="rating",
                                 quote=s.text, span=(s.start, s.end), value_text=new.group(0), value_span=new.span(),
                                 previous=prev.group(0).lower() if prev is not None else None, scope=dict(scope)))
            if action is not None:
                verb = next((v for v in verbs if verb_family[v.group(0).lower()] == action), anchor)
                out.append(Claim(id="", source=source.id, subject=subj, measure="rating_action", value=action, unit="rating",
                                 quote=s.text, span=(s.start, s.end), value_text=verb.group(0), value_span=verb.span(), scope=dict(scope)))
    return out
