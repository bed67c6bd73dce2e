"""Stage 2, clean: split an article body into kept blocks and record what was dropped.

A block is a paragraph (a run of non-blank lines); a heading or list item is a
block of its own. Navigation and widget lines, subscription prompts, teasers,
disclaimers, bylines, datelines and repeated paragraphs are dropped, each with a
:class:`~factcheck.model.Dropped` reason. Nothing is rewritten: blocks are spans of
``Source.text``. Boilerplate markers and thresholds live in
``factcheck/data/boilerplate.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from . import lexicon
from .load import find_labelled_date, is_credit_line, match_byline, match_dateline
from .model import Block, CleanText, Dropped, Source

__all__ = ["clean", "is_heading", "normalise", "continues_line", "bullet_body"]

_KIND_ORDER = {"cut_rest": 0, "drop_block": 1, "drop_line": 2}
_YEAR = re.compile(r"(?:19|20)\d\d")
_TITLE_SEPARATORS = (" - ", " | ", " \u2013 ", " \u2014 ")  # "Headline - Site Name"


@dataclass(frozen=True)
class _Marker:
    id: str
    kind: str
    pattern: re.Pattern


@lru_cache(maxsize=None)
def _config() -> tuple[dict, tuple[_Marker, ...]]:
    data = lexicon.load("boilerplate")
    markers = [_Marker(m["id"], m["kind"], re.compile(m["pattern"], re.IGNORECASE)) for m in data["markers"]]
    markers.sort(key=lambda m: _KIND_ORDER[m.kind])  # stable: file order within a kind
    return data, tuple(markers)


@lru_cache(maxsize=None)
def _marker_scan() -> tuple[re.Pattern | None, tuple[_Marker, ...]]:
    """The markers split for a quick first look at a line: one pattern joining those that may match
    anywhere in it (None when there are none), and the others, in order, to try one by one.

    A line matching none of the joined markers can only match one of the others; those anchored at
    the line start ("^...") are cheap, while each unanchored one would scan the whole line."""
    _, markers = _config()
    joined: list[str] = []
    others: list[_Marker] = []
    for m in markers:
        piece = _joinable(m.pattern)
        if piece is not None and not m.pattern.pattern.startswith("^"):
            joined.append(piece)
        else:
            others.append(m)
    if not joined:
        return None, markers
    return re.compile("|".join(joined), re.IGNORECASE), tuple(others)


def _joinable(pattern: re.Pattern) -> str | None:
    """``pattern`` as a group that can be joined with others into one alternation, or None: a pattern with
    groups (a back-reference would point elsewhere) or whose wrapping changes its flags stays alone."""
    if pattern.groups:
        return None
    try:
        wrapped = re.compile(f"(?:{pattern.pattern})", re.IGNORECASE)
    except re.error:
        return None
    return wrapped.pattern if wrapped.flags == pattern.flags else None


def normalise(text: str) -> str:
    """Whitespace-normalised text, the key for spotting repeats.

    >>> normalise("  The  bank\\n raised it. ")
    'The bank raised it.'
    """
    return " ".join(text.split())


def _title_ratio(words: list[str]) -> float:
    """Share of the words holding a letter that start with a capital (or a digit)."""
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if not lettered:
        return 0.0
    caps = sum(1 for w in lettered if next(c for c in w if c.isalnum()).isupper() or w[0].isdigit())
    return caps / len(lettered)


def is_heading(text: str, standalone: bool = True) -> bool:
    """True for a title-like line: short, no final sentence punctuation, capitalised.

    ``standalone`` lines (a paragraph of their own) may be in sentence case when short.

    >>> is_heading("Acme Mining Gets the Upgrade Treatment")
    True
    >>> is_heading("Acme and Globex targets cut")
    True
    >>> is_heading("Acme and Globex targets cut", standalone=False)
    False
    >>> is_heading("The bank kept its rating on the stock.")
    False
    >>> is_heading("Acme Soars 13% on $9.7B Globex Contract: Is This the AI Infrastructure Breakout?")
    False
    """
    data, _ = _config()
    t = text.strip()
    if not t or "\n" in t:
        return False
    first = next((c for c in t if c.isalnum()), "")
    if not first or first.islower() or t[0].islower():
        return False
    last = t.rstrip("\"'\u201d\u2019)]")[-1:]
    if last in ".!?,;\u2026":
        return False
    words = t.split()
    if len(words) > data["heading_max_words"]:
        return False
    if _title_ratio(words) >= data["title_case_ratio"]:
        return True
    return standalone and len(words) <= data["short_heading_words"]


@dataclass
class _Line:
    start: int  # content start (after any dropped dateline prefix), stripped
    end: int  # content end, stripped
    text: str
    run: int  # paragraph run number
    prefix: tuple[int, int] | None = None  # a dropped dateline prefix


def _lines(source: Source) -> list[_Line]:
    text = source.text
    out: list[_Line] = []
    run, pos, n, blank = 0, source.body_start, len(text), True
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            if blank:
                run += 1
            s = pos + (len(raw) - len(raw.lstrip()))
            out.append(_Line(s, s + len(stripped), stripped, run))
            blank = False
        else:
            blank = True
        pos = end + 1
    return out


def continues_line(text: str) -> bool:
    """True when a line carries on the previous one (opens lower case or with closing punctuation).

    >>> continues_line("mining sector, upgrading"), continues_line(". Globex noted"), continues_line("Acme rose")
    (True, True, False)
    """
    data, _ = _config()
    return bool(text) and (text[0].islower() or text[0] in data["continuation_openers"])


def bullet_body(text: str) -> str | None:
    """The item text when ``text`` is a list item ("• News"), else None.

    >>> bullet_body("• News"), bullet_body("-5% on the day")
    ('News', None)
    """
    data, _ = _config()
    if len(text) > 1 and text[0] in data["bullets"] and text[1].isspace():
        return text[1:].strip()
    return None


def _is_nav(text: str) -> bool:
    """A very short line with no sentence and no figure: menu entries, tags, labels.

    >>> [_is_nav(t) for t in ["Logo", "Data & Indices", "Consensus 2026", "Q3 revenue", "Fell 5%", "Sign in."]]
    [True, True, True, False, False, False]
    """
    data, _ = _config()
    limit = data["nav_max_words"]
    words = list(islice((w for w in text.split() if any(c.isalnum() for c in w)), limit + 1))  # enough to pass the limit
    if not words or len(words) > limit or text[-1] in ".!?\"\u201d":
        return False
    return all(not any(c.isdigit() for c in w) or _YEAR.fullmatch(w) for w in words)


def _marker(text: str) -> _Marker | None:
    """The first boilerplate marker (in kind order) found in the line ``text``, or None."""
    _, markers = _config()
    joined, others = _marker_scan()
    for m in markers if joined is not None and joined.search(text) else others:
        if m.pattern.search(text):
            return m
    return None


def _is_byline(source: Source, text: str) -> bool:
    if source.author and normalise(text).lower() == normalise(source.author).lower():
        return True
    if not (match_byline(text) or is_credit_line(text)):
        return False
    words = len(text.split())
    return words <= 15 and (text[-1] not in ".!?" or words <= 6)


def _classify(source: Source, line: _Line, prev: _Line | None, nxt: _Line | None) -> tuple[str, str]:
    """(action, detail): ("keep", text|heading|bullet), ("drop", reason), ("block"|"cut", marker id)."""
    text = line.text
    dated = match_dateline(text)
    if dated:
        stripped = text[dated[1]:].lstrip()
        if not stripped:
            return "drop", "dateline"
        line.prefix = (line.start + dated[0], line.start + dated[1])
        line.start += len(text) - len(stripped)
        line.text = text = stripped
    if _is_byline(source, text):
        return "drop", "byline"
    marker = _marker(text)
    if marker:
        return {"cut_rest": "cut", "drop_block": "block", "drop_line": "drop"}[marker.kind], marker.id
    labelled = find_labelled_date(text)
    if labelled and not text[: labelled[0]].strip() and not text[labelled[1]:].strip():
        return "drop", "dateline"
    same_run_next = nxt is not None and nxt.run == line.run
    same_run_prev = prev is not None and prev.run == line.run
    joined = continues_line(text) or (same_run_next and continues_line(nxt.text))
    item = bullet_body(text)
    wraps = same_run_next and (nxt.text[0].isdigit() or nxt.text[0] in "$\u20ac\u00a3\u00a5")
    if not (joined or wraps) and _is_nav(item if item is not None else text):
        return "drop", "nav"
    if item is not None:
        return "keep", "bullet"
    if not joined and is_heading(text, standalone=not (same_run_prev or same_run_next)):
        return "keep", "heading"
    return "keep", "text"


def clean(source: Source) -> CleanText:
    """Split ``source``'s body into kept blocks, dropping boilerplate and repeated paragraphs."""
    data, _ = _config()
    lines = _lines(source)
    blocks: list[tuple[int, int, str]] = []  # (start, end, kind)
    dropped: list[Dropped] = []
    current: list[int] | None = None  # [start, end] of the text block being built
    block_drop: tuple[int, str] | None = None  # (run, reason) of a drop_block in force
    prose_seen = False

    def flush() -> None:
        nonlocal current, prose_seen
        if current:
            blocks.append((current[0], current[1], "text"))
            if len(source.text[current[0]:current[1]].split()) >= data["prose_min_words"]:
                prose_seen = True
        current = None

    for i, line in enumerate(lines):
        if current and i and lines[i - 1].run != line.run:
            flush()
        if block_drop and block_drop[0] == line.run:
            dropped.append(Dropped(line.start, line.end, block_drop[1]))
            continue
        block_drop = None
        action, detail = _classify(source, line, lines[i - 1] if i else None, lines[i + 1] if i + 1 < len(lines) else None)
        if line.prefix:
            dropped.append(Dropped(*line.prefix, "dateline"))
        if action == "keep" and detail == "text":
            if current is None:
                current = [line.start, line.end]
            else:
                current[1] = line.end
            continue
        flush()
        if action == "keep":
            blocks.append((line.start, line.end, detail))
            if detail == "bullet" and len(line.text.split()) > data["prose_min_words"]:
                prose_seen = True
        elif action == "cut" and prose_seen:
            end = len(source.text.rstrip())
            dropped.append(Dropped(line.start, max(end, line.end), f"boilerplate:{detail}"))
            break
        elif action in ("cut", "block"):
            dropped.append(Dropped(line.start, line.end, f"boilerplate:{detail}"))
            if action == "block":
                block_drop = (line.run, f"boilerplate:{detail}")
        else:
            reason = detail if detail in ("dateline", "byline", "nav") else f"boilerplate:{detail}"
            dropped.append(Dropped(line.start, line.end, reason))
    flush()
    kept, more = _dedupe(source, blocks)
    dropped.extend(more)
    return CleanText(source, tuple(kept), tuple(sorted(dropped, key=lambda d: (d.start, d.end))))


def _dedupe(source: Source, blocks: list[tuple[int, int, str]]) -> tuple[list[Block], list[Dropped]]:
    """Keep the first occurrence of each paragraph; a heading repeated with a site suffix is a repeat too."""
    seen: set[str] = set()
    headings: set[str] = set()
    kept: list[Block] = []
    dropped: list[Dropped] = []
    for start, end, kind in blocks:
        key = normalise(source.text[start:end])
        repeat = key in seen
        if not repeat and kind == "heading":
            repeat = any(key[: key.rfind(sep)] in headings for sep in _TITLE_SEPARATORS if sep in key)
        if repeat:
            dropped.append(Dropped(start, end, "duplicate"))
            continue
        seen.add(key)
        if kind == "heading":
            headings.add(key)
        kept.append(Block(start, end))
    return kept, dropped
