"""Stage 3, segment: split the kept blocks of a cleaned source into sentences with offsets.

A regex splitter: a break follows ``. ! ? …`` (and closing quotes) before a blank,
a full stop glued to a capital ("megawatt.In"), or a line break, unless the next
text continues the sentence (lower case, closing punctuation) or the stop ends an
abbreviation from ``factcheck/data/abbreviations.json``. Offsets index ``Source.text``;
sentences carry no leading or trailing blanks or list bullets. A sentence repeated
earlier in the same source is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .clean import bullet_body, continues_line, is_heading, normalise
from .model import CleanText, Sentence

__all__ = ["segment", "split_spans"]

_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.")
_DOMAIN = re.compile(r"[A-Za-z]\.[A-Za-z]")  # "example.com", "U.S"
_LOOKBACK = 40  # longest word examined before a full stop
_STOPS = ".!?\u2026"  # characters that end a sentence


@lru_cache(maxsize=None)
def _config() -> dict:
    data = lexicon.load("abbreviations")

    def forms(words):
        return frozenset(words) | frozenset(w[0].upper() + w[1:] for w in words)

    closers = re.escape(data["closers"])
    return {
        "never": forms(data["never_end"]),
        "may": forms(data["may_end"]),
        "starters": frozenset(data["sentence_starters"]),
        "openers": data["openers"],
        "longest": data["longest_sentence"],
        # a line break; a run of stops (not after a stop) with closing quotes before a blank; a full stop
        # glued to a capital. Each stop has its own alternative opening with that character (the check
        # on the character before comes after it), so that the engine skips quickly to the next candidate.
        "breaks": re.compile(
            r"(?P<nl>\n\s*+)"
            + "".join(rf"|{re.escape(c)}(?<![{_STOPS}]{re.escape(c)})[{_STOPS}]*+[{closers}]*+(?=\s|$)" for c in _STOPS)
            + r"|(?P<glued>\.)(?<=[a-z0-9%)\s]\.)(?=[A-Z])"
        ),
    }


def _word_before(text: str, end: int) -> str:
    """The word ending at ``end`` (at most 40 characters back), without opening quotes or brackets."""
    start = end
    floor = max(0, end - _LOOKBACK)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_config()["openers"])


_WORD = re.compile(r"[A-Za-z']+")


def _word_after(text: str, start: int) -> str:
    m = _WORD.match(text, start)
    return m.group() if m else ""


def _next_visible(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _stop_breaks(text: str, m: re.Match) -> bool:
    """Whether a stop followed by a blank ends the sentence."""
    cfg = _config()
    nxt = _next_visible(text, m.end())
    if nxt >= len(text):
        return True
    if text[nxt].islower():
        return False
    if m.group() != ".":
        return True
    word = _word_before(text, m.start()) + "."
    if word in cfg["never"]:
        return False
    if word in cfg["may"] or _INITIALS.fullmatch(word):
        return _word_after(text, nxt) in cfg["starters"]
    return True


def _glued_breaks(text: str, m: re.Match) -> bool:
    """Whether a full stop glued to a capital ("megawatt.In contrast") ends the sentence."""
    word = _word_before(text, m.start())
    if _DOMAIN.search(word) or any(c in word for c in "/@:") or word.lower().startswith(("www", "http")):
        return False  # a domain, a path or dotted initials
    return word + "." not in _config()["never"]


def split_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, trimmed of blanks and list bullets.

    >>> t = "Acme Mining Inc. (ACME) rose. It hit $14.74.In contrast, Globex fell"
    >>> [t[a:b] for a, b in split_spans(t)]
    ['Acme Mining Inc. (ACME) rose.', 'It hit $14.74.', 'In contrast, Globex fell']
    >>> t = "reshaped its outlook for the\\nmining sector.\\nAcme rose"
    >>> [t[a:b] for a, b in split_spans(t)]
    ['reshaped its outlook for the\\nmining sector.', 'Acme rose']
    """
    cfg = _config()
    cuts: list[int] = []
    for m in cfg["breaks"].finditer(text):
        if m.group("nl") is not None:
            nxt = m.end()
            if nxt < len(text) and not continues_line(text[nxt:nxt + 1]):
                cuts.append(m.start())
        elif m.group("glued") is not None:
            if _glued_breaks(text, m):
                cuts.append(m.end())
        elif _stop_breaks(text, m):
            cuts.append(m.end())
    cuts.append(len(text))
    spans = []
    start = 0
    for cut in cuts:
        a, b = start, cut
        start = cut
        while a < b and text[a].isspace():
            a += 1
        if bullet_body(text[a:b]) is not None:
            a += 1
            while a < b and text[a].isspace():
                a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if any(c.isalnum() for c in text[a:b]):
            spans += _cut_long(text, a, b, cfg["longest"])
    return spans


def _cut_long(text: str, a: int, b: int, longest: int) -> list[tuple[int, int]]:
    """``text[a:b]`` as one span, or cut at the last blank before every ``longest`` characters.

    >>> t = "Acme rose 5% and Globex fell 3% and Initech was flat"
    >>> [t[x:y] for x, y in _cut_long(t, 0, len(t), 20)]
    ['Acme rose 5% and', 'Globex fell 3% and', 'Initech was flat']
    """
    out = []
    while b - a > longest:
        cut = max(text.rfind(" ", a + longest // 2, a + longest), text.rfind("\n", a + longest // 2, a + longest))
        if cut < 0:
            cut = a + longest  # no blank in reach: a cut inside a very long token
        end = cut
        while end > a and text[end - 1].isspace():
            end -= 1
        out.append((a, end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        out.append((a, b))
    return out


def _is_heading_line(text: str, a: int, b: int, standalone: bool) -> bool:
    """True when ``text[a:b]`` fills a whole line (not a list item) and reads as a title."""
    before = a
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    after = b
    while after < len(text) and text[after] in " \t\r":
        after += 1
    if (before and text[before - 1] != "\n") or (after < len(text) and text[after] != "\n"):
        return False
    return is_heading(text[a:b], standalone=standalone)


def segment(clean: CleanText) -> list[Sentence]:
    """The sentences of ``clean``'s kept blocks, in order, each sentence text once per source."""
    source = clean.source
    seen: set[str] = set()
    out: list[Sentence] = []
    for bi, block in enumerate(clean.blocks):
        text = source.text[block.start:block.end]
        spans = split_spans(text)
        for a, b in spans:
            sentence = text[a:b]
            key = normalise(sentence)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Sentence(
                    source=source.id,
                    index=len(out),
                    start=block.start + a,
                    end=block.start + b,
                    text=sentence,
                    block=bi,
                    heading=_is_heading_line(text, a, b, standalone=len(spans) == 1),
                )
            )
    return out
