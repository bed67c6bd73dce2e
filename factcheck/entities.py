"""Entities stage: learn a story's companies, aliases and brokers from its text, then find mentions.

Nothing here knows any company: names come from patterns such as ``Acme Mining
Inc. (ACME)``, ``Northwind Limited (NASDAQ:NWND)`` or ``analysts at X``, and the general
word lists in ``data/entities.json`` (corporate suffixes, references, sector nouns).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from . import lexicon
from .model import Mention, Sentence
from .regextrie import literal_trie

_CAP_WORD = r"[A-Z][\w&.\-’']*"
# A capitalised name run (1-6 words), optionally starting with "$" as on social posts.
_NAME_RUN = re.compile(rf"(?:{_CAP_WORD})(?:[ ](?:{_CAP_WORD}|of|and|&|de|la))*")
_TICKER_PAREN = re.compile(r"\((?:([A-Za-z]{2,12}):\s?)?([A-Z][A-Z0-9]{0,5})(?:\.[A-Z]{1,3})?\)")


@dataclass
class EntityTable:
    """What a story's text taught us: alias -> entity id, the brokers, and the sector noun."""

    aliases: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # id -> longest name seen
    brokers: set[str] = field(default_factory=set)
    sector: str = "sector"
    principal: str | None = None  # the company the story is mostly about
    partners: set[str] = field(default_factory=set)  # companies known as the other party of the principal's deals
    _pattern: re.Pattern | None = None
    # the aliases dict indexed, lower-cased alias -> the first alias so spelled, how many that covers, the newest
    _folded: tuple = field(default_factory=lambda: (None, {}, 0, None), init=False, repr=False, compare=False)

    def resolve(self, name: str) -> str | None:
        """The entity id for a name or alias, or None.

        >>> t = EntityTable(aliases={"Acme Mining": "ACME", "Acme": "ACME", "ACME": "ACME"})
        >>> t.resolve("Acme Mining Inc."), t.resolve("Acme’s"), t.resolve("Globex (GLBX)")
        ('ACME', 'ACME', 'GLBX')
        """
        name = name.strip()
        paren = _TICKER_PAREN.search(name)
        if paren:
            return paren.group(2)
        name = re.sub(r"['’]s$", "", name)
        if name in self.aliases:
            return self.aliases[name]
        stripped = _strip_suffix(name)
        if stripped in self.aliases:
            return self.aliases[stripped]
        alias = self._alias_any_case(name)
        return None if alias is None else self.aliases[alias]

    def _alias_any_case(self, name: str) -> str | None:
        """The first alias (in insertion order) that is ``name`` in any case, from an index that takes in the
        aliases added since the last call (it is rebuilt when the aliases changed otherwise)."""
        aliases = self.aliases
        indexed, folded, count, newest = self._folded
        current = next(reversed(aliases), None)
        if indexed is not aliases or (len(aliases), current) != (count, newest):
            back = reversed(aliases)
            added = list(islice(back, len(aliases) - count)) if indexed is aliases and len(aliases) > count else None
            if added is None or (count and next(back, None) != newest):
                folded, added = {}, list(reversed(aliases))  # not just appended to: index them all again
            for alias in reversed(added):
                folded.setdefault(alias.lower(), alias)
            self._folded = (aliases, folded, len(aliases), current)
        return folded.get(name.lower())

    def pattern(self) -> re.Pattern | None:
        """Every alias, longest first, matched on word boundaries (written as a trie: see :func:`literal_trie`)."""
        if self._pattern is None and self.aliases:
            self._pattern = re.compile(rf"(?<![\w$])(?:{literal_trie(self.aliases)})(?:['’]s)?(?![\w])")
        return self._pattern


def _words() -> dict:
    return lexicon.load("entities")


def _strip_suffix(name: str) -> str:
    suffixes = set(_words()["corporate_suffixes"])
    parts = name.replace(",", " ").split()
    while len(parts) > 1 and parts[-1] in suffixes:
        parts.pop()
    return " ".join(parts)


def _name_before(text: str, end: int) -> str | None:
    """The capitalised name run that ends right before ``end`` (a "(" of a ticker)."""
    window = text[max(0, end - 80) : end].rstrip()
    window = window.lstrip("$")
    lower_suffixes = [x for x in _words()["corporate_suffixes"] if x[0].islower()]
    for suffix in lower_suffixes:  # "Umbrella Holdings plc (UMBR)"
        if window.endswith(" " + suffix):
            window = window[: -len(suffix) - 1].rstrip(" ,")
    lines = window.splitlines()
    if not lines:
        return None
    candidate = None
    for m in _NAME_RUN.finditer(lines[-1]):
        if m.end() == len(lines[-1]):
            candidate = m.group(0)
    if not candidate:
        return None
    generic = set(_words()["generic_name_words"])
    words = candidate.split()
    # Drop leading generic words ("Wall Street bank Globex" is already cut by the
    # lower-case "bank"; "The Acme" -> "Acme").
    while words and (words[0] in {"The", "A", "An"} or re.search(r"-[a-z]", words[0])):
        words.pop(0)  # "The Acme", "Overweight-rated Acme Holdings"

    while words and words[-1] in {"and", "of", "&"}:
        words.pop()
    if not words:
        return None
    name = " ".join(words).lstrip("$")
    if all(w in generic for w in words):
        return None
    return name


def learn_entities(texts: list[tuple[str, list[Sentence]]]) -> EntityTable:
    """Learn companies, aliases and brokers from every sentence of a story.

    ``texts`` is a list of (source text, its sentences). Aliases are story-wide, so a
    ticker introduced by one outlet resolves a short name used by another.
    """
    words = _words()
    not_tickers = set(words["not_tickers"])
    generic = set(words["generic_name_words"])
    table = EntityTable()
    names: dict[str, set[str]] = {}
    for text, sentences in texts:
        for s in sentences:
            for m in _TICKER_PAREN.finditer(s.text):
                ticker = m.group(2)
                if ticker in not_tickers or (m.group(1) and m.group(1).upper() not in {p.upper() for p in words["exchange_prefixes"]}):
                    continue
                name = _name_before(s.text, m.start())
                names.setdefault(ticker, set())
                if name and name != ticker:
                    names[ticker].add(name)
    story_text = "\n".join(s.text for _, sentences in texts for s in sentences)
    found = _occurrences(story_text, _first_words(names, generic) | _lexicon_names())
    for ticker in sorted(names):
        table.aliases[ticker] = ticker
        if len(ticker) >= 3 and any(_strip_suffix(n) == ticker for n in names[ticker]):
            table.aliases[ticker.title()] = ticker  # a company named by its ticker ("NWND Limited") written "Nwnd"
        longest = ticker
        for name in sorted(names[ticker]):
            if name.lower() == ticker.lower():
                continue
            table.aliases[name] = ticker
            short = _strip_suffix(name)
            table.aliases[short] = ticker
            first = short.split()[0]
            if first not in generic and first != short and _used_alone(story_text, found[first], first, short.split()[1]):
                table.aliases.setdefault(first, ticker)
            if len(name) > len(longest):
                longest = name
        table.names[ticker] = longest
    _add_known_aliases(table, found)
    _learn_brokers(table, texts)
    table.sector = _main_sector(story_text)
    table.principal = _principal(table, texts)
    return table


def _first_words(names: dict[str, set[str]], generic: set[str]) -> set[str]:
    """The first words of the names of more than one word (suffixes aside) that may stand for the name alone."""
    out = set()
    for ticker, spelled in names.items():
        for name in spelled:
            parts = _strip_suffix(name).split()
            if name.lower() != ticker.lower() and len(parts) > 1 and parts[0] not in generic:
                out.add(parts[0])
    return out


def _lexicon_names() -> set[str]:
    """Every id and name of the entity lexicon's ``aliases``."""
    return {n for ident, others in _words().get("aliases", {}).items() for n in (ident, *others)}


_WORD_CHAR = re.compile(r"\w")


def _occurrences(text: str, words: set[str]) -> dict[str, list[int]]:
    """Each of ``words`` -> where ``text`` writes it as a whole word (not after a letter, digit or "$", not
    before a letter or digit), in order; one pass over the text for all of them.

    At each place the pass finds the longest word written there; any other word written there is a
    beginning of it.

    >>> _occurrences("Acme Mining rose; $Acme fell; Acme Min", {"Acme", "Acme Mining", "Mining", "Min"})
    {'Acme': [0, 30], 'Acme Mining': [0], 'Min': [35], 'Mining': [5]}
    """
    out: dict[str, list[int]] = {w: [] for w in sorted(words)}
    if not words:
        return out
    pattern = re.compile(rf"(?<![\w$])(?=({literal_trie(words)})(?!\w))")
    lengths = sorted({len(w) for w in words})
    for m in pattern.finditer(text):
        longest = m.group(1)
        for end in lengths:
            if end > len(longest):
                break
            word = longest[:end]
            if word in out and (end == len(longest) or not _WORD_CHAR.match(text, m.start() + end)):
                out[word].append(m.start())
    return out


def _used_alone(story_text: str, places: list[int], first: str, second: str) -> bool:
    """True when the story writes ``first`` on its own, not followed by ``second`` ("Acme" rose, not "Acme Mining");
    ``places`` are where it writes ``first`` as a whole word."""
    followed = re.compile(rf"\s+{re.escape(second)}")
    return any(followed.match(story_text, place + len(first)) is None for place in places)


def _add_known_aliases(table: EntityTable, found: dict[str, list[int]]) -> None:
    """Names the user listed in the entity lexicon (``aliases``: id -> names), when the story uses one of them
    (``found``: each of them -> where the story writes it)."""
    for ident, others in sorted(_words().get("aliases", {}).items()):
        spelled = [ident, *others]
        if not any(found[n] for n in spelled):
            continue
        table.aliases.setdefault(ident, ident)
        for name in others:
            table.aliases[name] = ident
        table.names.setdefault(ident, max(spelled, key=len))


def _principal(table: EntityTable, texts: list[tuple[str, list[Sentence]]]) -> str | None:
    """The company named most often across the story (brokers excluded), ties broken by id."""
    counts: Counter[str] = Counter()
    for text, sentences in texts:
        for s in sentences:
            for m in _alias_mentions(table, text, s.start, s.end):
                if m.kind == "company":
                    counts[m.entity] += 1
    if not counts:
        return None
    return min(counts, key=lambda e: (-counts[e], e))


def _action_verbs() -> list[str]:
    """Finite verb forms of rating actions (bare "upgrade" is usually the noun: "Acme's upgrade")."""
    actions = lexicon.load("ratings")["actions"]
    return sorted({v for family, forms in actions.items() for v in forms if " " not in v and v != family}, key=len, reverse=True)


def _learn_brokers(table: EntityTable, texts: list[tuple[str, list[Sentence]]]) -> None:
    """Mark as brokers the names that act on ratings or targets ("Globex upgraded", "analysts at X")."""
    ratings = lexicon.load("ratings")
    rating_context, agent, analysts_at, name_analysts, hinted = _broker_patterns()
    generic = set(_words()["generic_name_words"])
    found: set[str] = set()
    label_words = {w for label in ratings["labels"] for w in label.split()}
    passive = set(ratings["passive_markers"])
    for _, sentences in texts:
        for s in sentences:
            if s.heading or not rating_context.search(s.text):
                continue
            for matches in (_name_matches(agent, s.text), analysts_at.finditer(s.text), _name_matches(name_analysts, s.text),
                            hinted.finditer(s.text)):
                for m in matches:
                    name = m.group(1).strip()
                    words = [w for w in name.split() if w not in {"The", "A", "An"}]
                    if not words or all(w in generic for w in words) or re.search(r"['’]s$", name):
                        continue
                    if " and " in f" {name} " or any(w.lower() in label_words for w in words):
                        continue
                    before = _last_word(s.text, m.start())
                    if before and before[0].lower() in passive:
                        continue
                    found.add(" ".join(words))
    for name in sorted(found):
        ident = table.resolve(name)
        if ident is None:
            ident = _strip_suffix(name)
            table.aliases.setdefault(name, ident)
            table.aliases.setdefault(ident, ident)
            table.names.setdefault(ident, name)
        # A name is only a broker if it is never also the object of a rating action.
        table.brokers.add(ident)
    table._pattern = None


@lru_cache(maxsize=None)
def _broker_patterns() -> tuple[re.Pattern, ...]:
    """The patterns of :func:`_learn_brokers`, compiled once: a rating context (any rating label, target or rating
    word), then a name that acts on a rating, "analysts at" a name, a name's analysts, and a name after a hint word."""
    ratings = lexicon.load("ratings")
    targets = [w for w in ratings["target_words"] + ratings["rating_words"] if not w.startswith("-")]
    rating_context = re.compile(rf"\b(?:{literal_trie([*ratings['labels'], *targets, 'upgrade', 'downgrade'])})", re.I)
    verbs = "|".join(re.escape(v) for v in _action_verbs())
    agent = re.compile(rf"({_NAME_RUN.pattern})\s+(?:(?:also|now|has|have|had|just)\s+)*(?:{verbs})\b")
    analysts_at = re.compile(rf"\banalysts?\s+(?:at|from)\s+({_NAME_RUN.pattern})")
    name_analysts = re.compile(rf"({_NAME_RUN.pattern})(?:['’]s)?\s+analysts?\b")
    hint = "|".join(re.escape(w) for w in _words()["broker_hint_words"])
    hinted = re.compile(rf"\b(?:{hint})\s+({_NAME_RUN.pattern})")
    return rating_context, agent, analysts_at, name_analysts, hinted


_CAPITAL = re.compile(r"[A-Z]")


def _name_matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that is a name run (``_NAME_RUN``) in group 1 and then a suffix.

    A start inside the run of an earlier start that failed fails too (any run from it is
    the tail of a run from the earlier start, so the suffix would have matched there), so
    those starts are skipped: a long run of capitalised words is read once, not once per word.
    """
    pos = 0
    while (c := _CAPITAL.search(text, pos)) is not None:
        m = pattern.match(text, c.start())
        if m is not None:
            yield m
            pos = m.end()
        else:
            pos = _NAME_RUN.match(text, c.start()).end()


def _last_word(text: str, end: int) -> list[str]:
    """``text[:end].split()[-1:]`` without copying the text before ``end``."""
    j = end
    while j > 0 and text[j - 1].isspace():
        j -= 1
    i = j
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return [text[i:j]] if j > i else []


def _main_sector(text: str) -> str:
    """The sector noun the story uses most ("miners"), or "sector" when it names none."""
    nouns = {canon: phrases for canon, phrases in _words()["sector_nouns"].items() if not canon.startswith("@")}
    found = _phrase_counts(text, {p for phrases in nouns.values() for p in phrases})
    counts: Counter[str] = Counter()
    for canon, phrases in nouns.items():
        for p in phrases:
            counts[canon] += found[p]
    if not counts or counts.most_common(1)[0][1] == 0:
        return "sector"
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return best[0]


def _phrase_counts(text: str, phrases: set[str]) -> dict[str, int]:
    r"""Each phrase -> ``len(re.findall(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.I))``, in one pass over the text
    that stops where any of them is written; each phrase is tried there, and counted where its last counted
    occurrence has ended (findall's matches do not overlap).

    >>> _phrase_counts("Acme miners, bitcoin Miners; minerss", {"miners", "bitcoin miners", "carriers"})
    {'bitcoin miners': 1, 'carriers': 0, 'miners': 2}
    """
    counts = dict.fromkeys(sorted(phrases), 0)
    if not phrases:
        return counts
    anywhere, patterns = _phrase_patterns(frozenset(phrases))
    free = dict.fromkeys(counts, 0)  # where each phrase's next counted occurrence may start
    for m in anywhere.finditer(text):
        start = m.start()
        for p, pattern in patterns.items():
            if start >= free[p] and (match := pattern.match(text, start)):
                counts[p] += 1
                free[p] = match.end()
    return counts


@lru_cache(maxsize=8)
def _phrase_patterns(phrases: frozenset[str]) -> tuple[re.Pattern, dict[str, re.Pattern]]:
    """For :func:`_phrase_counts`: a pattern that stops where any phrase is written, and each phrase's pattern."""
    anywhere = re.compile(rf"(?<!\w)(?=(?:{literal_trie(phrases)})(?!\w))", re.I)
    return anywhere, {p: re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.I) for p in sorted(phrases)}


def _reference_pattern() -> re.Pattern:
    w = _words()
    entries = [(p, "reference") for p in w["company_references"]]
    entries += [(p, "broker") for p in w["broker_references"]]
    for canon, phrases in w["sector_nouns"].items():
        entries += [(p, "sector:" + canon) for p in phrases]
    # As written or capitalised at a sentence start, never in capitals: "IT" is not "it".
    entries += [(p[0].upper() + p[1:], k) for p, k in entries if p[0].islower()]
    entries.sort(key=lambda e: (-len(e[0]), e[0]))
    _REF_KIND.clear()
    _REF_KIND.update({p.lower(): k for p, k in entries})
    return re.compile(rf"(?<![\w-])(?:{literal_trie(p for p, _ in entries)})(?:['’]s?)?(?![\w-])")


_REF_KIND: dict[str, str] = {}
_REF_RE: list[re.Pattern] = []


def find_mentions(table: EntityTable, text: str, start: int, end: int) -> list[Mention]:
    """Every company, broker, sector and reference mention in ``text[start:end]``, in order.

    Company mentions carry the entity id; a reference ("the company", "its") carries
    ``""`` and is resolved by the extract stage; a sector carries its canonical noun.
    """
    if not _REF_RE:
        _REF_RE.append(_reference_pattern())
    out = _alias_mentions(table, text, start, end)
    taken = [(m.start, m.end) for m in out]
    k = 0  # taken spans (in order, never overlapping) that end by the current match's start are behind us
    for m in _REF_RE[0].finditer(text, start, end):
        while k < len(taken) and taken[k][1] <= m.start():
            k += 1
        if k < len(taken) and taken[k][0] < m.end():
            continue  # overlaps a company mention
        phrase = _REF_ENDING.sub("", m.group(0)).lower()
        kind = _REF_KIND.get(phrase)
        if kind is None:
            continue
        if kind.startswith("sector:"):
            canon = kind.split(":", 1)[1]
            out.append(Mention(table.sector if canon == "@sector" else canon, m.start(), m.end(), "sector"))
        else:
            out.append(Mention("", m.start(), m.end(), kind))
    out.sort(key=lambda x: (x.start, x.end))
    return out


_POSSESSIVE_END = re.compile(r"['’]s$")
_REF_ENDING = re.compile(r"['’]s?$")


def _alias_mentions(table: EntityTable, text: str, start: int, end: int) -> list[Mention]:
    """The company and broker mentions in ``text[start:end]`` (the table's aliases), in order."""
    out: list[Mention] = []
    pat = table.pattern()
    if pat is not None:
        for m in pat.finditer(text, start, end):
            ident = table.aliases.get(_POSSESSIVE_END.sub("", m.group(0)))
            if ident is None:
                continue
            kind = "broker" if ident in table.brokers else "company"
            out.append(Mention(ident, m.start(), m.end(), kind))
    return out
