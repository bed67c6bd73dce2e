"""Stage 3b, copying: find sources that copy (or lightly paraphrase) another source of the story.

A source is *derived* when a large share of its sentences are near-duplicates of
sentences of one other source; a derived source is no independent corroboration.
Sentences are compared as sets of content words (:func:`words`) with the Dice
coefficient; a sentence may also match two adjacent sentences taken together, so a
sentence split in two or two merged into one still match. Sentences with few
content words count neither way; a sentence that several sources repeat counts only
for the one it is closest to; and a handful of shared sentences, such as the figures
every report of an event repeats, is not enough: a share of the source's sentences
must match (thresholds in ``factcheck/data/copying.json``).

Of two sources that share text, the origin is the one published earlier (when both
dates are known), else the one that does not name the other's outlet ("..., according
to Globex Wire"), else the more complete one (the smaller share of its sentences found
in the other), else the longer one, else the smaller id. Each derived source
gets one origin, the one it shares most with; links that would close a cycle are
dropped, so the links form a forest. :attr:`CopyLink.origin` is the direct origin
(in a chain A <- B <- C, C's link names B); :func:`root_origins` maps every derived
source to the root of its chain, which is what counting independent sources needs.

The work is a prefix-filtered similarity join: sentences are indexed by their rarest
words, and only pairs that share enough of them are compared (see :func:`_similar_pairs`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, groupby, pairwise

from . import lexicon
from .model import Sentence, Source

__all__ = ["CopyEvidence", "CopyLink", "PairMatch", "compare_sources", "detect_copies", "root_origins", "words"]

_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_POSSESSIVE = re.compile(r"'s\b")


@dataclass(frozen=True)
class CopyEvidence:
    """A sentence of the derived source and the origin's sentence it repeats (spans into each ``Source.text``)."""

    derived: tuple[int, int]
    origin: tuple[int, int]
    similarity: float


@dataclass(frozen=True)
class CopyLink:
    """A derived source, the source it copies, how much, and a few sentence pairs to quote."""

    source: str  # the derived source's id
    origin: str  # the source it copies (the direct origin, which may itself be derived)
    share: float  # share of the source's counted sentences that match the origin
    origin_share: float  # share of the origin's counted sentences that match the source
    matched: int  # how many of the source's sentences match
    sentences: int  # how many of the source's sentences were counted (long enough)
    evidence: tuple[CopyEvidence, ...]


@dataclass(frozen=True)
class PairMatch:
    """How much of one source (``source``) is found in another (``other``)."""

    source: str
    other: str
    sentences: int  # the source's counted sentences (long enough)
    matched: int  # of those, how many have a near-duplicate in the other source
    closest: int  # of those, how many match no third source better (by more than best_margin)
    evidence: tuple[CopyEvidence, ...]  # every matching sentence's best pair, strongest first

    @property
    def share(self) -> float:
        """Matched sentences over counted sentences (0 when none counted)."""
        return self.matched / self.sentences if self.sentences else 0.0

    @property
    def closest_share(self) -> float:
        """Sentences for which the other source is the closest, over counted sentences."""
        return self.closest / self.sentences if self.sentences else 0.0


@dataclass(frozen=True)
class _Unit:
    """One sentence, or two adjacent sentences taken together, of one source."""

    source: str
    first: int  # index of the first sentence in the source's list
    last: int  # index of the last sentence (== first for a single sentence)
    words: frozenset[str]


@lru_cache(maxsize=None)
def _config() -> dict:
    data = lexicon.load("copying")
    return {**data, "stop_words": frozenset(data["stop_words"])}


def _stem(word: str) -> str:
    """``word`` without its first listed suffix that leaves ``min_stem`` letters; numbers and words in -ss stay whole."""
    cfg = _config()
    if not word.isalpha() or word.endswith("ss"):
        return word
    for suffix in cfg["suffixes"]:
        if word.endswith(suffix) and len(word) - len(suffix) >= cfg["min_stem"]:
            return word[: -len(suffix)]
    return word


def words(text: str) -> frozenset[str]:
    """The content words of ``text``: lower-cased words and numbers, stop words and single letters
    dropped, abbreviations replaced by their equivalents, one suffix stripped.

    >>> sorted(words("Globex's target was raised to $18 from $12, with 300 MW."))
    ['12', '18', '300', 'globex', 'megawatt', 'rais', 'target']
    >>> words("Initech raises targets") == words("Initech raised its target")
    True
    """
    found = set(map(_content_word, _TOKEN.findall(_POSSESSIVE.sub("", text.lower().replace("\u2019", "'")))))
    found.discard(None)
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _content_word(token: str) -> str | None:
    """What one token of :func:`words` adds: its equivalent without commas, stemmed; None for a stop word or a single letter."""
    cfg = _config()
    token = cfg["equivalents"].get(token, token)
    if token in cfg["stop_words"] or (len(token) == 1 and token.isalpha()):
        return None
    return _stem(token.replace(",", ""))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _units(source: str, sentence_words: list[frozenset[str]]) -> list[_Unit]:
    """Each sentence alone, then each pair of adjacent sentences, skipping empty ones."""
    out = [_Unit(source, k, k, w) for k, w in enumerate(sentence_words) if w]
    out += [_Unit(source, k, k + 1, a | b) for k, (a, b) in enumerate(pairwise(sentence_words)) if a and b]
    return out


def _similar_pairs(units: list[_Unit], threshold: float) -> Iterator[tuple[_Unit, _Unit, float]]:
    """Every pair of units of different sources whose Dice coefficient reaches ``threshold``, as
    (earlier unit, later unit, similarity), by later unit, then by the place in its ranked words of
    the first word it shares with the earlier unit's prefix, then by earlier unit.

    A prefix-filtered join. Words are ranked rarest first. Dice >= t means Jaccard >= t / (2 - t),
    so two such units of n and m words share at least ``o = ceil(jaccard * n)`` words; their two
    rarest shared words then lie among the first ``n - o + 2`` words of each (the *prefix*), and
    their rarest among the first ``n - o + 1``. Two units sharing a single word reach t only when
    both are small (see :func:`_small`). So each unit counts, in an index of the prefixes of the
    units before it, the prefix words it shares with each of them, and is compared only with those
    sharing two (or, both small, one among the first ``n - o + 1``) and not ruled out by
    :func:`_may_reach`.
    """
    jaccard = threshold / (2 - threshold)
    rank = _rarest_first(units)
    ranked = [sorted(u.words, key=rank.__getitem__) for u in units]
    first = [len(r) - math.ceil(jaccard * len(r) - 1e-9) + 1 for r in ranked]  # holds the rarest shared word
    prefixes = [r[: k + 1] for r, k in zip(ranked, first)]
    ends = [(rank[p[-1]], len(r) - len(p), len(r)) for r, p in zip(ranked, prefixes)]  # see _may_reach
    small = [_small(len(r), threshold) for r in ranked]
    index: dict[str, list[int]] = defaultdict(list)  # word -> earlier units with the word in their prefix
    small_index: dict[str, list[int]] = defaultdict(list)  # word -> earlier small units with it in their first words
    found: list[tuple[int, int, int, float]] = []  # (later unit, place of the first shared word, earlier unit, Dice)
    for _, run in groupby(range(len(units)), key=lambda k: units[k].source):
        run = list(run)  # a source's units are compared with those of the sources before, then indexed
        for i in run:
            shared = Counter(chain.from_iterable(index.get(w, ()) for w in prefixes[i]))
            candidates = {j for j, count in shared.items() if count >= 2 and _may_reach(count, ends[i], ends[j], threshold)}
            if small[i]:
                candidates.update(chain.from_iterable(small_index.get(w, ()) for w in ranked[i][: first[i]]))
            for j in candidates:
                if units[j].source != units[i].source and (similarity := _dice(units[i].words, units[j].words)) >= threshold:
                    place = _first_shared(ranked[i][: first[i]], ranked[j][: first[j]])
                    if place is not None:  # always, by the bound above
                        found.append((i, place, j, similarity))
        for i in run:
            for w in prefixes[i]:
                index[w].append(i)
            for w in ranked[i][: first[i]] if small[i] else ():
                small_index[w].append(i)
    found.sort()
    for i, _, j, similarity in found:
        yield units[j], units[i], similarity


def _may_reach(count: int, end: tuple[int, int, int], other_end: tuple[int, int, int], threshold: float) -> bool:
    """False when two units sharing ``count`` words of their prefixes cannot reach Dice ``threshold``.

    Each end is (rank of the prefix's last word, words after the prefix, size). Every shared word
    of the prefix that ends on the rarer word is in the other prefix too, so the words shared beyond
    the count are among the words after that prefix. Computed as :func:`_dice` computes, so no pair
    that reaches the threshold is ruled out.
    """
    after = end[1] if end[0] <= other_end[0] else other_end[1]
    return 2 * (count + after) / (end[2] + other_end[2]) >= threshold


def _rarest_first(units: list[_Unit]) -> dict[str, int]:
    """Each word of the units -> its place when they are ranked rarest first (ties by the word)."""
    frequency = Counter(chain.from_iterable(u.words for u in units))
    return {w: place for place, w in enumerate(sorted(sorted(frequency), key=frequency.__getitem__))}  # stable sort


def _small(size: int, threshold: float) -> bool:
    """True when a unit of ``size`` words can reach Dice ``threshold`` with another unit sharing one word
    (computed as :func:`_dice` computes, with the smallest other unit)."""
    return 2 / (size + 1) >= threshold


def _first_shared(prefix: list[str], other: list[str]) -> int | None:
    """The place in ``prefix`` of its first word that is in ``other``, or None."""
    others = set(other)
    return next((place for place, w in enumerate(prefix) if w in others), None)


def _span(sentences: list[Sentence], unit: _Unit) -> tuple[int, int]:
    return sentences[unit.first].start, sentences[unit.last].end


def _credited(unit: _Unit, sentence_words: list[frozenset[str]], other: frozenset[str], threshold: float) -> list[int]:
    """The sentences of a matching unit that the match speaks for: a single sentence, or each
    sentence of a pair whose own words lie at least ``threshold`` inside the other unit."""
    if unit.first == unit.last:
        return [unit.first]
    return [k for k in range(unit.first, unit.last + 1)
            if len(sentence_words[k] & other) >= threshold * len(sentence_words[k])]


def _best_matches(units: list[_Unit], sentence_words: Mapping[str, list[frozenset[str]]], counted: Mapping[str, set[int]],
                  sentences_by_source: Mapping[str, list[Sentence]]) -> dict[tuple[str, str], dict[int, tuple[tuple, CopyEvidence]]]:
    """(a, b) -> counted sentence k of a -> (rank key, evidence) of its closest match in b."""
    threshold = _config()["sentence_similarity"]
    best: dict[tuple[str, str], dict[int, tuple[tuple, CopyEvidence]]] = defaultdict(dict)
    for u, v, similarity in _similar_pairs(units, threshold):
        for mine, theirs in ((u, v), (v, u)):
            key = (
                -similarity,  # the closest match first
                mine.last - mine.first + theirs.last - theirs.first,  # then single sentences over pairs
                mine.first, theirs.first,  # then the earliest, so the choice never depends on input order
            )
            table = best[mine.source, theirs.source]
            closer = [k for k in _credited(mine, sentence_words[mine.source], theirs.words, threshold)
                      if k in counted[mine.source] and (k not in table or key < table[k][0])]
            if closer:
                evidence = CopyEvidence(_span(sentences_by_source[mine.source], mine),
                                        _span(sentences_by_source[theirs.source], theirs), round(similarity, 4))
                for k in closer:
                    table[k] = (key, evidence)
    return best


def compare_sources(sources: Iterable[Source], sentences_by_source: Mapping[str, list[Sentence]]) -> dict[tuple[str, str], PairMatch]:
    """For every ordered pair of sources (a, b), how many of a's counted sentences have a near-duplicate in b.

    A sentence is counted when it has ``min_words`` content words; it matches b when it
    (alone or with a neighbour) reaches ``sentence_similarity`` with a sentence of b (alone
    or with a neighbour). It is *closest* to b when no third source matches it better by
    more than ``best_margin``: a sentence that several sources repeat speaks for the
    closest of them only.
    """
    ids = sorted(s.id for s in sources)
    found, counted = _shared_sentences(ids, sentences_by_source)
    return {(a, b): _match(found, counted, a, b) for a in ids for b in ids if a != b}


def _shared_sentences(ids: list[str], sentences_by_source: Mapping[str, list[Sentence]]) -> tuple[dict[tuple[str, str], PairMatch], dict[str, int]]:
    """:func:`compare_sources` for the pairs where a sentence matches, and each source's number of counted sentences
    (a pair left out has no match: see _match)."""
    cfg = _config()
    sentence_words = {i: [words(s.text) for s in sentences_by_source.get(i, [])] for i in ids}
    counted = {i: {k for k, w in enumerate(ws) if len(w) >= cfg["min_words"]} for i, ws in sentence_words.items()}
    units = [u for i in ids for u in _units(i, sentence_words[i])]
    best = _best_matches(units, sentence_words, counted, sentences_by_source)
    top: dict[tuple[str, int], float] = defaultdict(float)  # (a, k): sentence k of a's best similarity to any source
    for (a, _), table in best.items():
        for k, (key, _) in table.items():
            top[a, k] = max(top[a, k], -key[0])
    out = {}
    for (a, b), table in best.items():
        found = sorted((key, k, e) for k, (key, e) in table.items())
        closest = sum(1 for key, k, _ in found if -key[0] >= top[a, k] - cfg["best_margin"])
        out[a, b] = PairMatch(a, b, len(counted[a]), len(found), closest, tuple(e for _, _, e in found))
    return out, {i: len(c) for i, c in counted.items()}


def _outlet_name(source: Source) -> str:
    """The outlet's name without a parenthesised note ("Globex Wire (syndicated)" -> "Globex Wire")."""
    return _without_note(source.outlet or "").strip()


def _without_note(text: str) -> str:
    r"""``text`` less a final parenthesised note and the blanks before it: what ``re.sub(r"\s*\([^)]*\)\s*$", "", text)``
    gives, in linear time (that regex tries every "(" and every blank); the note opens at the first "(" after
    the ")" before the final one.

    >>> _without_note("Globex Wire (syndicated) "), _without_note("A (b (c) d)"), _without_note("A (b (c")
    ('Globex Wire', 'A (b (c) d)', 'A (b (c')
    """
    close = len(text.rstrip()) - 1
    if close < 0 or text[close] != ")":
        return text
    opening = text.find("(", text.rfind(")", 0, close) + 1, close)
    if opening < 0:
        return text
    start = opening
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return text[:start]


def _cites(source: Source, other: Source) -> bool:
    """True when ``source``'s article names ``other``'s outlet (and the two outlets differ)."""
    name = _outlet_name(other)
    if len(name) < 3 or name == _outlet_name(source) or source.text.find(name, source.body_start) < 0:
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", source.text[source.body_start:]) is not None


def _orient(a: Source, b: Source, matches: Mapping[tuple[str, str], PairMatch]) -> tuple[str, str]:
    """(derived, origin) for two sources that share text."""

    def key(x: Source, y: Source) -> tuple:  # the smaller key is the origin
        match = matches[x.id, y.id]
        dated = bool(x.published and y.published)
        return (
            x.published[:10] if dated else "",  # published earlier (only when both dates are known)
            _cites(x, y),  # not the one that names the other's outlet ("..., according to Globex Wire")
            match.share,  # more complete: a smaller share of it is found in the other
            -match.sentences,  # longer
            x.id,  # stable last resort
        )

    return (b.id, a.id) if key(a, b) < key(b, a) else (a.id, b.id)


def _evidence(match: PairMatch, limit: int) -> tuple[CopyEvidence, ...]:
    """The ``limit`` strongest pairs whose derived spans do not overlap, in reading order."""
    chosen: list[CopyEvidence] = []
    for e in match.evidence:
        if all(e.derived[1] <= c.derived[0] or c.derived[1] <= e.derived[0] for c in chosen):
            chosen.append(e)
        if len(chosen) == limit:
            break
    return tuple(sorted(chosen, key=lambda e: e.derived))


def _root(origin: Mapping[str, str], source: str) -> str:
    while source in origin:
        source = origin[source]
    return source


def detect_copies(sources: Iterable[Source], sentences_by_source: Mapping[str, list[Sentence]]) -> dict[str, CopyLink]:
    """Derived source id -> its :class:`CopyLink`; sources absent from the result are independent.

    The same sources and sentences give the same links in any order.
    """
    cfg = _config()
    by_id = {s.id: s for s in sources}
    found, counted = _shared_sentences(sorted(by_id), sentences_by_source)

    def copies(m: PairMatch) -> bool:
        return m.closest_share >= cfg["derived_share"] and m.closest >= cfg["min_matched"]

    candidates = []
    for a, b in sorted({(min(pair), max(pair)) for pair in found}):  # a pair with no matching sentence copies nothing
        matches = {(a, b): _match(found, counted, a, b), (b, a): _match(found, counted, b, a)}
        if copies(matches[a, b]) or copies(matches[b, a]):
            derived, origin = _orient(by_id[a], by_id[b], matches)
            strength = max(matches[a, b].closest_share, matches[b, a].closest_share)
            candidates.append((-strength, derived, origin))  # strongest pair first, then by ids
    origin_of: dict[str, str] = {}
    for _, derived, origin in sorted(candidates):
        if derived not in origin_of and _root(origin_of, origin) != derived:
            origin_of[derived] = origin
    links = {}
    for d, o in sorted(origin_of.items()):
        m = _match(found, counted, d, o)
        links[d] = CopyLink(d, o, round(m.share, 4), round(_match(found, counted, o, d).share, 4), m.matched, m.sentences,
                            _evidence(m, cfg["evidence_pairs"]))
    return links


def _match(found: Mapping[tuple[str, str], PairMatch], counted: Mapping[str, int], a: str, b: str) -> PairMatch:
    """What a's sentences have of b's (see _shared_sentences): the pair found, else a match of nothing."""
    return found.get((a, b)) or PairMatch(a, b, counted[a], 0, 0, ())


def root_origins(links: Mapping[str, CopyLink]) -> dict[str, str]:
    """Derived source id -> the first source of its chain, the mapping ``check(..., derived=...)`` takes.

    >>> link = lambda d, o: CopyLink(d, o, 0.9, 0.9, 9, 10, ())
    >>> root_origins({"b": link("b", "a"), "c": link("c", "b")})
    {'b': 'a', 'c': 'a'}
    """
    origin = {d: link.origin for d, link in links.items()}
    return {d: _root(origin, d) for d in sorted(origin)}
