"""Extract stage: turn each sentence's quantities and rating statements into atomic claims.

A claim gets its subject from the nearest mention (references such as "the company"
or "its" resolved to the current company, brokers never a subject), its measure from
the cue words of ``data/measures.json``, time qualifiers from :mod:`factcheck.timeexpr`
within the same clause, and scope tags from the measure lexicon's scope terms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .entities import EntityTable, find_mentions
from .model import Claim, Mention, Quantity, Sentence, Source
from .quantities import find_quantities
from .timeexpr import TimeExpr, find_time_expressions, value_range

_COORD = re.compile(r"^(?:\s*(?:,|and|&|, and|,\s*and)\s*)$")
_SAME_ENTITY_GAP = re.compile(r"^[\s(]*(?:[A-Za-z]{2,12}:\s?)?$")
_PRONOUNS = {"it", "its", "their"}
_WINDOW = 90  # characters after a quantity searched for scope terms
_PREMODIFIER = 20  # characters before it
_DATE_CUE = 45  # a date is a claim only with a date cue this close ("rent commencing in August 2026")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    cue_res = {}
    for m in data["measures"]:
        if m["cues"]:
            body = "|".join(re.escape(c) for c in sorted(m["cues"], key=len, reverse=True))
            flags = 0 if any(c.isupper() and len(c) <= 4 for c in m["cues"]) else re.I
            cue_res[m["name"]] = re.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)
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
    return {"by_name": by_name, "cues": cue_res, "scope": scope, "defaults": data["defaults"],
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
    for a, b in spans:
        if a <= pos < b:
            return a, b
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
_COUNTERPARTY = re.compile(rf"\b(?:with|from)\s+{_LOWER}(?:[A-Z][\w.&’'-]*\s*(?:(?:[A-Z][\w.&’'-]*|and|,|/|-backed)\s*)*)?$")
_PARTIES = re.compile(rf"\b(?:with|from)\s+{_LOWER}({_NAME}(?:\s*(?:,|and|&|/)\s*{_NAME})*)")
_LABEL = re.compile(rf"\s*(?:[•*-]\s*)?({_NAME}(?:\s*/\s*{_NAME})*)(?:\s*\([^)]*\))?:\s")


def _is_counterparty(text: str, m: Mention, sentence_start: int, partners: set[str]) -> bool:
    """A company named as the other party: "agreement with Northwind", "an order from Globex",
    or the label of a line listing deals ("Initech/Globex (Lake Site): 168 MW lease ..."): a
    label joining two names, naming one of the source's ``partners``, or heading a line with
    a deal word and nothing about ratings or targets. "Acme: upgraded to buy" and "Acme:
    shares fell 3%" are about their label."""
    if _COUNTERPARTY.search(text, max(sentence_start, m.start - 60), m.start):
        return True
    if _measures()["deal_noun"].match(text, m.end) and not re.search(r"['’]s$", text[m.start : m.end]):
        return True  # "the Globex deal", "its Globex AI lease"; "Globex's order backlog" is Globex's own
    label = _LABEL.match(text, sentence_start)
    if not label or not label.start(1) <= m.start < label.end(1):
        return False
    if "/" in label.group(1) or m.entity in partners:
        return True
    line_end = text.find("\n", label.end())
    line = text[label.end() : line_end if line_end >= 0 else len(text)]
    _, labels, verbs, _, rating_words, targets = _rating_patterns()
    if any(p.search(line) for p in (labels, verbs, rating_words, targets)):
        return False
    return _measures()["deal_word"].search(line) is not None


def _parties(text: str, clause: tuple[int, int], sentence_start: int, table: EntityTable, subject: str) -> list[str]:
    """Names of the other parties in a clause, as entity ids where the story knows them."""
    found = []
    spans = [m.span(1) for m in _PARTIES.finditer(text, clause[0], clause[1])]
    label = _LABEL.match(text, sentence_start)
    if label:
        spans.append(label.span(1))  # a line's label names the party of every clause on it
    for a, b in spans:
        for name in re.split(r"\s*(?:,|\band\b|&|/)\s*", text[a:b]):
            name = name.strip().rstrip(".")
            if name and not re.search(r"['’]s\b", name) and not find_time_expressions(name, 0, len(name)) \
                    and name.lower() not in _rating_patterns()[0]["labels"]:
                ident = table.resolve(name) or name
                if ident != subject and ident not in table.brokers:
                    found.append(ident)
    return sorted(set(found))


def _resolve(text: str, mentions: list[Mention], topic: str | None, sentence_start: int,
             partners: set[str] = frozenset()) -> list[_Ref]:
    refs: list[_Ref] = []
    for m in mentions:
        if m.kind == "company" and _is_counterparty(text, m, sentence_start, partners):
            refs.append(_Ref(Mention(m.entity, m.start, m.end, "counterparty"), m.entity))
        elif m.kind == "company":
            refs.append(_Ref(m, m.entity))
        elif m.kind == "broker":
            refs.append(_Ref(m, "@broker"))
        elif m.kind == "sector":
            refs.append(_Ref(m, m.entity))
        else:  # reference
            word = re.sub(r"['’]s?$", "", text[m.start : m.end].lower())
            target = None
            if word in _PRONOUNS or word.startswith("it"):
                for r in reversed(refs):
                    if r.entity:
                        target = r.entity
                        break
            else:
                for r in reversed(refs):
                    if r.mention.kind == "company":
                        target = r.entity
                        break
            refs.append(_Ref(m, target or topic))
    return refs


def _group(text: str, refs: list[_Ref], i: int) -> str:
    """The subject id for ref ``i``: a '+'-joined group when it is coordinated ("Acme and Northwind")."""
    members = {refs[i].entity}
    j = i
    while j > 0 and refs[j - 1].mention.kind == "company" and _COORD.match(text[refs[j - 1].mention.end : refs[j].mention.start]):
        members.add(refs[j - 1].entity)
        j -= 1
    j = i
    while j + 1 < len(refs) and refs[j + 1].mention.kind == "company" and _COORD.match(text[refs[j].mention.end : refs[j + 1].mention.start]):
        members.add(refs[j + 1].entity)
        j += 1
    return "+".join(sorted(m for m in members if m))


def _subject(text: str, refs: list[_Ref], span: tuple[int, int], clause: tuple[int, int], topic: str | None, table: EntityTable) -> str | None:
    """Nearest preceding subject in the sentence, else the nearest following one in the clause, else the topic."""
    usable = [i for i, r in enumerate(refs) if r.entity and r.entity != "@broker" and r.entity not in table.brokers
              and r.mention.kind != "counterparty"
              and not (r.mention.start < span[1] and span[0] < r.mention.end)]
    before = [i for i in usable if refs[i].mention.end <= span[0]]
    if before:
        i = before[-1]
        return _group(text, refs, i) if refs[i].mention.kind == "company" else refs[i].entity
    after = [i for i in usable if refs[i].mention.start >= span[1] and refs[i].mention.start < clause[1]]
    if after:
        i = after[0]
        return _group(text, refs, i) if refs[i].mention.kind == "company" else refs[i].entity
    counterparties = {r.entity for r in refs if r.mention.kind == "counterparty"}
    if counterparties and table.principal and table.principal not in counterparties:
        return table.principal  # "Globex: 300 MW ..." in a list of the principal's deals
    return topic


def _deal_subject(subject: str | None, refs: list[_Ref], table: EntityTable) -> str | None:
    """A deal term is filed under the story's principal company when the sentence names it as a
    party, whichever side is the grammatical subject ("Globex signed a deal with Acme")."""
    p = table.principal
    if p and p != subject and any(r.entity == p and r.mention.kind in ("company", "counterparty") for r in refs):
        return p
    if p and subject in table.partners:
        return p  # "Globex starts paying rent in August": a known partner's side of the principal's deal
    return subject


def _subject_and_parties(text: str, refs: list[_Ref], span: tuple[int, int], clause: tuple[int, int], topic: str | None,
                         s: Sentence, table: EntityTable, measure: str) -> tuple[str, list[str]]:
    """Whose figure a value is and the other parties named with it; a deal term goes to the principal."""
    subject = _subject(text, refs, span, clause, topic, table) or table.sector
    deal = measure_info(measure).get("deal")
    if deal:
        subject = _deal_subject(subject, refs, table) or subject
    parties = _parties(text, clause, s.start, table, subject)
    if deal:
        parties = sorted(set(parties) | _other_companies(refs, clause, subject, table))
    return subject, parties


def _other_companies(refs: list[_Ref], clause: tuple[int, int], subject: str | None, table: EntityTable) -> set[str]:
    """The other companies named in a deal's clause: its parties."""
    return {r.entity for r in refs if r.mention.kind in ("company", "counterparty") and r.entity and r.entity != subject
            and r.entity not in table.brokers and clause[0] <= r.mention.start < clause[1]}


def _loss(text: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """A loss word right before the figure: "a net loss of $0.12 per share"."""
    before = text[max(clause[0], q.span[0] - 25) : q.span[0]]
    return _measures()["loss"].search(before) is not None


def _pick_measure(text: str, q: Quantity, kind: str, clause: tuple[int, int], sentence: Sentence, others: list[Quantity],
                  limit: int = 120) -> str | None:
    """The measure whose cue lies nearest the quantity (strong cues win ties), or None.

    A cue inside a longer cue of another measure does not count: "equity value per
    megawatt" is a value per MW, not an equity value.
    """
    info = _measures()
    found = []
    for name, pat in info["cues"].items():
        m = info["by_name"][name]
        if kind not in m["kinds"]:
            continue
        for c in pat.finditer(text, sentence.start, sentence.end):
            if c.start() < q.span[1] and q.span[0] < c.end():
                continue
            if c.end() <= q.span[0]:
                dist, lo, hi = q.span[0] - c.end(), c.end(), q.span[0]
            else:
                dist, lo, hi = c.start() - q.span[1], q.span[1], c.start()
            between = sum(1 for o in others if o is not q and unit_kind(o.unit) == kind and lo <= o.span[0] < hi)
            outside = 0 if clause[0] <= c.start() < clause[1] else 60
            score = dist + 50 * between + outside - 10 * m.get("priority", 0)
            found.append((score, name, c.start(), c.end()))
    kept = [f for f in found if not any(o[1] != f[1] and o[2] <= f[2] and f[3] <= o[3] and o[3] - o[2] > f[3] - f[2]
                                        for o in found)]
    best = min(((score, name) for score, name, _, _ in kept), default=None)
    if best is None or best[0] > limit:
        return None
    return best[1]


def _scope_tags(text: str, q: Quantity, clause: tuple[int, int], quantities: list[Quantity]) -> list[str]:
    """Scope terms of the quantity's own noun phrase: what follows it up to the next figure of
    the same kind ("410 MW of HPC contracts"), and its immediate premodifiers ("recent")."""
    kind = unit_kind(q.unit)
    same = [o for o in quantities if o is not q and unit_kind(o.unit) == kind]
    hi = min([clause[1], q.span[1] + _WINDOW] + [o.span[0] for o in same if o.span[0] >= q.span[1]])
    lo = max([clause[0], q.span[0] - _PREMODIFIER] + [o.span[1] for o in same if o.span[1] <= q.span[0]])
    tags = []
    for tag, pat in _measures()["scope"]:
        if pat.search(text, q.span[1], hi) or pat.search(text, lo, q.span[0]):
            tags.append(tag)
    return sorted(tags)


def _time_qualifiers(times, clause: tuple[int, int], q_span: tuple[int, int]) -> dict:
    out: dict[str, str] = {}
    inside = [t for t in times if clause[0] <= t.span[0] < clause[1]]
    inside.sort(key=lambda t: min(abs(t.span[0] - q_span[1]), abs(q_span[0] - t.span[1])))
    for t in inside:
        out.setdefault(t.kind, t.value)
    return out


def extract_claims(source: Source, sentences: list[Sentence], table: EntityTable) -> list[Claim]:
    """Every atomic claim of one source, in text order, with ids ``<source>-001``, ``-002``, ...

    Each claim's quote is its sentence, an exact substring of ``source.text`` at ``span``.
    """
    text = source.text
    topic: str | None = None
    claims: list[Claim] = []
    last_change: tuple[str, float] | None = None
    last_of_kind: dict[str, tuple[str, float]] = {}
    seen: set[tuple] = set()
    partners = counterparties(text, sentences, table) | table.partners
    for s in sentences:
        mentions = _merge_same_entity(text, find_mentions(table, text, s.start, s.end))
        refs = _resolve(text, mentions, topic, s.start, partners)
        spans = clauses(text, s.start, s.end)
        quantities = find_quantities(text, s.start, s.end)
        times = find_time_expressions(text, s.start, s.end, published=source.published)
        time_spans = [t.span for t in times]
        sentence_claims: list[Claim] = []
        for q in quantities:
            if any(a <= q.span[0] and q.span[1] <= b for a, b in time_spans):
                continue
            kind = unit_kind(q.unit)
            clause = _clause_of(spans, q.span[0])
            measure = _pick_measure(text, q, kind, clause, s, quantities)
            if measure is None and q.previous is not None and last_change and _same_order(q.value, last_change[1]):
                measure = last_change[0]  # "Acme's was trimmed to $13 from $20": the measure is elided
            if measure is None and kind in last_of_kind and _same_order(q.value, last_of_kind[kind][1]):
                measure = last_of_kind[kind][0]  # a list of like figures: "approx $3B over 10 years"
            if measure is None:
                measure = _measures()["defaults"].get(kind, "amount")
            subject, parties = _subject_and_parties(text, refs, q.span, clause, topic, s, table, measure)
            value, low, high, previous = q.value, q.low, q.high, q.previous
            if measure_info(measure).get("signed") and _loss(text, q, clause):
                value, low, high, previous = (None if v is None else -abs(v) for v in (value, low, high, previous))
            unit = q.unit
            forced = measure_info(measure).get("unit")
            if forced and kind == "money":
                unit = q.unit + "/" + forced.split("/", 1)[1]
            claim = Claim(
                id="", source=source.id, subject=subject, measure=measure, value=value, unit=unit,
                quote=s.text, span=(s.start, s.end), value_text=q.text, value_span=q.span,
                previous=previous, low=low, high=high, hedge=q.hedge, precision=q.precision,
                time=_time_qualifiers(times, clause, q.span), scope={},
            )
            tags = _scope_tags(text, q, clause, quantities)
            if tags:
                claim.scope["tags"] = tags
            if parties:
                claim.scope["parties"] = parties
            if measure_info(measure).get("by_broker") and (broker := _broker(refs, clause)):
                claim.scope["broker"] = broker
            if q.change:
                claim.scope["change"] = q.change
            if q.previous is not None:
                last_change = (measure, q.value)
            if measure_info(measure).get("cues"):
                last_of_kind[kind] = (measure, q.value)
            sentence_claims.append(claim)
        _pair_price_moves(sentence_claims, spans)
        sentence_claims += _date_claims(source, s, refs, spans, topic, table, times)
        sentence_claims += _rating_claims(source, s, refs, spans, topic, table)
        for c in sentence_claims:
            key = (c.subject, c.measure, c.value, c.unit, c.previous, " ".join(c.quote.split()))
            if key in seen:
                continue
            seen.add(key)
            claims.append(c)
        topic = _next_topic(refs, topic, table, partners)
    claims.sort(key=lambda c: (c.value_span or c.span, c.measure, c.subject))
    assign_ids(source.id, claims)
    return claims


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


def _pair_price_moves(claims: list[Claim], spans: list[tuple[int, int]]) -> None:
    """A price and a % move of the same subject in one clause imply the previous close."""
    for price in claims:
        if price.measure != "share_price" or not isinstance(price.value, float | int):
            continue
        clause = _clause_of(spans, price.value_span[0])
        moves = [c for c in claims if c.measure == "share_price_change" and c.subject == price.subject
                 and clause[0] <= c.value_span[0] < clause[1]]
        if not moves:
            moves = [c for c in claims if c.measure == "share_price_change" and c.subject == price.subject]
        if not moves:
            continue
        move = min(moves, key=lambda c: abs(c.value_span[0] - price.value_span[0]))
        pct = float(move.value)
        direction = _measures()["direction"]
        down = move.scope.get("change") == "down" or pct < 0 or (
            direction["down"].search(price.quote) is not None and direction["up"].search(price.quote) is None)
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


def _date_claims(source: Source, s: Sentence, refs: list[_Ref], spans, topic, table: EntityTable, times: list[TimeExpr]) -> list[Claim]:
    """Event dates: a calendar date, month, quarter or year next to a date cue ("rent commencing
    August 2026", "founded in 2018", "announced November 6"). Other dates stay time qualifiers."""
    text = source.text
    points = [Quantity(0.0, "date", t.text, t.span) if t.kind in ("date", "horizon", "period") else None for t in times]
    out = []
    others = [q for q in points if q is not None]
    for t, q in zip(times, points):
        if q is None or value_range(t.value) is None:
            continue
        clause = _clause_of(spans, t.span[0])
        limit = _DATE_CUE if t.kind != "period" else _DATE_CUE // 2  # a past quarter is rarely an event date
        measure = _pick_measure(text, q, "date", clause, s, others, limit=limit)
        if measure and measure_info(measure).get("day_only") and not _DAY.fullmatch(t.value):
            measure = None
        if measure is None:
            continue
        named = any(r.mention.kind in ("company", "counterparty") for r in refs)
        subject, parties = _subject_and_parties(text, refs, t.span, clause, topic if named else table.principal or topic,
                                                s, table, measure)
        claim = _date_claim(source, s, subject, measure, t, parties)
        out.append(claim)
        if measure == "session_date":
            bound = _news_bound(source, s, spans, table, claim)
            out += [bound] if bound else []
    return out


def _news_bound(source: Source, s: Sentence, spans, table: EntityTable, session: Claim) -> Claim | None:
    """A move "on Monday after the company announced ...": the news came no later than that session."""
    text = source.text
    news = _measures()["reaction"].search(text, session.value_span[1], s.end)
    if news is None:
        return None
    clause = _clause_of(spans, news.end() - 1)
    t = TimeExpr("date", str(session.value), session.value_text, session.value_span)
    claim = _date_claim(source, s, session.subject, "announcement_date", t, _parties(text, clause, s.start, table, session.subject))
    claim.hedge = "up_to"
    claim.evidence["reaction"] = text[news.start() : news.end()]
    return claim


def counterparties(text: str, sentences: list[Sentence], table: EntityTable) -> set[str]:
    """Companies a source names mostly as the other party of a deal ("with Globex"): never its topic."""
    seen: dict[str, list[int]] = {}
    for s in sentences:
        for m in find_mentions(table, text, s.start, s.end):
            if m.kind == "company":
                seen.setdefault(m.entity, [0, 0])[_is_counterparty(text, m, s.start, set())] += 1
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

def _broker(refs: list[_Ref], clause: tuple[int, int]) -> str | None:
    """The named broker behind a clause's rating or target: in the clause, else the last one before it, else any."""
    named = [x.mention for x in refs if x.mention.kind == "broker" and x.mention.entity]
    in_clause = [m.entity for m in named if clause[0] <= m.start < clause[1]]
    before = [m.entity for m in named if m.start < clause[0]]
    return (in_clause or before[-1:] or [m.entity for m in named] or [None])[0]


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


def _rating_claims(source: Source, s: Sentence, refs: list[_Ref], spans, topic, table: EntityTable) -> list[Claim]:
    """Rating and rating-action claims: "upgraded X to overweight from neutral", "kept its Underweight rating"."""
    r, label_re, verb_re, verb_family, rating_word_re, target_re = _rating_patterns()
    text = source.text
    out: list[Claim] = []
    for clause in spans:
        labels = [lab for lab in label_re.finditer(text, *clause) if _is_rating_label(text, lab, r)]
        verbs = [v for v in verb_re.finditer(text, *clause) if not _about_target(text, v, target_re, clause)
                 and not _plural_noun(text, v, r)]
        has_rating_word = rating_word_re.search(text, *clause) is not None
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
        objects = [x for x in refs if x.mention.kind == "company" and x.entity not in table.brokers and clause[0] <= x.mention.start < clause[1]]
        if not objects:
            objects = [x for x in refs if x.mention.kind == "company" and x.entity not in table.brokers]
        subjects = sorted({x.entity for x in objects if x.entity})
        if not subjects:
            pronoun = [x for x in refs if x.mention.kind == "reference" and clause[0] <= x.mention.start < clause[1]]
            if pronoun and topic and topic not in table.brokers:
                subjects = [topic]
        if not subjects:
            continue
        broker = _broker(refs, clause)
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
