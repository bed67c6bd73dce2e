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
words, and only pairs that share one of them are compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

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
    cfg = _config()
    out = set()
    for token in _TOKEN.findall(_POSSESSIVE.sub("", text.lower().replace("\u2019", "'"))):
        token = cfg["equivalents"].get(token, token)
        if token in cfg["stop_words"] or (len(token) == 1 and token.isalpha()):
            continue
        out.add(_stem(token.replace(",", "")))
    return frozenset(out)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _units(source: str, sentence_words: list[frozenset[str]]) -> list[_Unit]:
    """Each sentence alone, then each pair of adjacent sentences, skipping empty ones."""
    out = [_Unit(source, k, k, w) for k, w in enumerate(sentence_words) if w]
    out += [_Unit(source, k, k + 1, a | b) for k, (a, b) in enumerate(pairwise(sentence_words)) if a and b]
    return out


def _similar_pairs(units: list[_Unit], threshold: float) -> Iterator[tuple[_Unit, _Unit, float]]:
    """Every pair of units of different sources whose Dice coefficient reaches ``threshold``.

    A prefix-filtered join: Dice >= t means Jaccard >= t / (2 - t), and two sets that
    similar share a word among the first ``n - ceil(jaccard * n) + 1`` of each when words
    are ranked rarest first; only those prefixes are indexed and probed. A word's index
    entries are kept in runs of one source, so a unit skips its own source's run at once
    instead of entry by entry (a long article shares many words with itself).
    """
    jaccard = threshold / (2 - threshold)
    frequency = Counter(w for u in units for w in u.words)
    index: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)  # word -> runs of (source, unit indices)
    for i, unit in enumerate(units):
        ranked = sorted(unit.words, key=lambda w: (frequency[w], w))
        prefix = ranked[: len(ranked) - math.ceil(jaccard * len(ranked) - 1e-9) + 1]
        seen: set[int] = set()
        for w in prefix:
            runs = index[w]
            for source, run in runs:
                if source == unit.source:
                    continue
                for j in run:
                    if j in seen:
                        continue
                    seen.add(j)
                    other = units[j]
                    similarity = _dice(unit.words, other.words)
                    if similarity >= threshold:
                        yield other, unit, similarity
            if runs and runs[-1][0] == unit.source:
                runs[-1][1].append(i)
            else:
                runs.append((unit.source, [i]))


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
            evidence = CopyEvidence(_span(sentences_by_source[mine.source], mine),
                                    _span(sentences_by_source[theirs.source], theirs), round(similarity, 4))
            key = (
                -similarity,  # the closest match first
                mine.last - mine.first + theirs.last - theirs.first,  # then single sentences over pairs
                mine.first, theirs.first,  # then the earliest, so the choice never depends on input order
            )
            table = best[mine.source, theirs.source]
            for k in _credited(mine, sentence_words[mine.source], theirs.words, threshold):
                if k in counted[mine.source] and (k not in table or key < table[k][0]):
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
    cfg = _config()
    ids = sorted(s.id for s in sources)
    sentence_words = {i: [words(s.text) for s in sentences_by_source.get(i, [])] for i in ids}
    counted = {i: {k for k, w in enumerate(ws) if len(w) >= cfg["min_words"]} for i, ws in sentence_words.items()}
    units = [u for i in ids for u in _units(i, sentence_words[i])]
    best = _best_matches(units, sentence_words, counted, sentences_by_source)
    top: dict[tuple[str, int], float] = defaultdict(float)  # (a, k): sentence k of a's best similarity to any source
    for (a, _), table in best.items():
        for k, (key, _) in table.items():
            top[a, k] = max(top[a, k], -key[0])
    out = {}
    for a in ids:
        for b in ids:
            if a != b:
                found = sorted((key, k, e) for k, (key, e) in best.get((a, b), {}).items())
                closest = sum(1 for key, k, _ in found if -key[0] >= top[a, k] - cfg["best_margin"])
                out[a, b] = PairMatch(a, b, len(counted[a]), len(found), closest, tuple(e for _, _, e in found))
    return out


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
    if len(name) < 3 or name == _outlet_name(source):
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
    matches = compare_sources(by_id.values(), sentences_by_source)

    def copies(m: PairMatch) -> bool:
        return m.closest_share >= cfg["derived_share"] and m.closest >= cfg["min_matched"]

    candidates = []
    for a, b in sorted(matches):
        if a < b and (copies(matches[a, b]) or copies(matches[b, a])):
            derived, origin = _orient(by_id[a], by_id[b], matches)
            strength = max(matches[a, b].closest_share, matches[b, a].closest_share)
            candidates.append((-strength, derived, origin))  # strongest pair first, then by ids
    origin_of: dict[str, str] = {}
    for _, derived, origin in sorted(candidates):
        if derived not in origin_of and _root(origin_of, origin) != derived:
            origin_of[derived] = origin
    return {
        d: CopyLink(d, o, round(matches[d, o].share, 4), round(matches[o, d].share, 4), matches[d, o].matched,
                    matches[d, o].sentences, _evidence(matches[d, o], cfg["evidence_pairs"]))
        for d, o in sorted(origin_of.items())
    }


def root_origins(links: Mapping[str, CopyLink]) -> dict[str, str]:
    """Derived source id -> the first source of its chain, the mapping ``check(..., derived=...)`` takes.

    >>> link = lambda d, o: CopyLink(d, o, 0.9, 0.9, 9, 10, ())
    >>> root_origins({"b": link("b", "a"), "c": link("c", "b")})
    {'b': 'a', 'c': 'a'}
    """
    origin = {d: link.origin for d, link in links.items()}
    return {d: _root(origin, d) for d in sorted(origin)}
