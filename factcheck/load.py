"""Stage 1, load: read article files into :class:`~factcheck.model.Source` records.

A file may start with a header of ``key: value`` lines closed by a line ``---``
(keys ``outlet``, ``url``, ``published``, ``author``; ``unknown`` means not known).
A file without one is a raw article. Where the header leaves the date or author
unknown, they are read from a dateline or byline near the top of the article.
The date and byline vocabulary lives in ``factcheck/data/datelines.json``.

Text is UTF-8, else cp1252 (which reads every latin-1 article too), unless an
encoding is given. An HTML page (``.html``, or a file that opens like one) is turned
into its article text by :mod:`factcheck.htmltext`.
"""

from __future__ import annotations

import codecs
import os
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .errors import SourceError, StoryError
from .model import Source

__all__ = ["load_source", "load_story", "match_dateline", "find_labelled_date", "match_byline", "is_credit_line"]

HEADER_KEYS = ("outlet", "url", "published", "author")
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
MAX_ARTICLE_BYTES = 5_000_000  # a long-read is ~100 kB; anything this large is a dump, not one article
_HEADER_LINE = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)")
_ISO_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------- patterns


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first so a prefix never wins.

    >>> _alternation(["sep", "sept", "september"])
    '(?:september|sept|sep)'
    """
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def _phrases(phrases) -> str:
    """An alternation of multi-word phrases whose spaces match any run of blanks."""
    return "(?:" + "|".join(
        r"[ \t]+".join(re.escape(part) for part in p.split()) for p in sorted(phrases, key=lambda p: (-len(p), p))
    ) + ")"


@lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern]:
    data = lexicon.load("datelines")
    month = _alternation(data["months"])
    weekday = _alternation(data["weekdays"])
    zone = _alternation(data["time_zones"])
    units = _alternation(data["relative_units"])
    date_label = _phrases(data["date_labels"])
    date_ = (
        rf"(?:(?P<m1>{month})\.?[ \t]*(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(?P<y1>\d{{4}})"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?P<m2>{month})\.?,?[ \t]+(?P<y2>\d{{4}})"
        r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
        r"|(?P<y4>\d{4})/(?P<m4>\d{1,2})/(?P<d4>\d{1,2})"
        rf"|(?P<rel>\d+[ \t]+{units}s?[ \t]+ago))"
    )
    clock = r"(?:\d{1,2}:\d{2}(?:[ \t\u202f\xa0]*[ap]\.?[ \t]?m\.?)?|\d{1,2}[ \t\u202f\xa0]*[ap]\.?[ \t]?m\.?)"
    time_ = rf"(?P<time>,?[ \t\u202f\xa0]*(?:at[ \t]+)?{clock}(?:[ \t]*{zone}(?![A-Za-z]))?)"
    lead = (
        rf"[ \t]*(?:(?P<label>{date_label})[ \t]*+(?:[:\uff1a][ \t]*+)?)?"
        rf"(?:(?P<weekday>{weekday})\.?,?[ \t]+)?{date_}{time_}?"
    )
    name_word = r"[A-Z@](?:[^\W_]|['\u2019.\-])*"
    particle = _alternation(data["name_particles"])
    name = rf"(?P<name>{name_word}(?:[ \t]+(?:{name_word}|{particle}(?=[ \t]+[A-Z]))){{0,4}})"
    after_name = rf"(?=[ \t]*$|[ \t]*[,|;/]|[ \t]+(?:and|&)[ \t]|[ \t]+[-\u2013\u2014][ \t]|[ \t]*(?i:{date_label})\b)"
    return {
        "lead": re.compile(lead, re.IGNORECASE),
        "labelled": re.compile(rf"\b{date_label}[ \t]*+(?:[:\uff1a][ \t]*+)?{date_}", re.IGNORECASE),
        "byline": re.compile(
            rf"[ \t]*(?i:{_phrases(data['author_labels'])})(?:[ \t]*[:\uff1a][ \t]*|[ \t]+){name}{after_name}"
        ),
        "credit": re.compile(rf"[ \t]*{_phrases(data['credit_labels'])}\b", re.IGNORECASE),
    }


def _iso(m: re.Match) -> str | None:
    """The ISO date of a date match, or None for a relative stamp or an impossible date."""
    if m.group("rel"):
        return None
    months = lexicon.load("datelines")["months"]
    for i in "1234":
        year = m.group(f"y{i}")
        if year:
            month = m.group(f"m{i}")
            month = int(month) if month.isdigit() else months[month.lower()]
            try:
                return date(int(year), month, int(m.group(f"d{i}"))).isoformat()
            except ValueError:
                return None
    return None  # pragma: no cover - every alternative sets a year or rel


def match_dateline(line: str) -> tuple[int, int, str | None] | None:
    """A dateline at the start of ``line``: (start, end, ISO date or None if relative).

    A date opening a line counts when it stands alone, carries a label, weekday or
    clock time, or is followed by a separator; "November 3 ..." prose does not.

    >>> match_dateline("Nov 24, 2025, 1:15\u202fp.m.")
    (0, 23, '2025-11-24')
    >>> match_dateline("Monday, Nov 24, 2025 12:11 pm ET2min read")
    (0, 32, '2025-11-24')
    >>> match_dateline(" date 2025-11-03 TLDR")
    (1, 16, '2025-11-03')
    >>> match_dateline("Dec.02 2025")
    (0, 11, '2025-12-02')
    >>> match_dateline("13 days ago")
    (0, 11, None)
    >>> match_dateline("November 3, 2025 marks a turning point.") is None
    True
    """
    m = _patterns()["lead"].match(line)
    if not m:
        return None
    rest = line[m.end():].strip()
    if not (m.group("label") or m.group("weekday") or m.group("time") or not rest or rest[0] in "-\u2013\u2014|\u00b7\u2022:"):
        return None
    start = len(line) - len(line.lstrip())
    return start, m.end(), _iso(m)


def find_labelled_date(line: str) -> tuple[int, int, str | None] | None:
    """A labelled date anywhere in ``line`` ("Published on:2025-11-04").

    >>> find_labelled_date("author:Adaradar Published on:2025-11-04")
    (16, 39, '2025-11-04')
    >>> find_labelled_date("Date of Call: November 3, 2025") is None
    True
    """
    m = _patterns()["labelled"].search(line)
    return (m.start(), m.end(), _iso(m)) if m else None


def match_byline(line: str) -> str | None:
    """The author's name when ``line`` opens with a byline ("By Jane Doe, Agency").

    >>> match_byline("By Will Canny, AI Boost|Edited by Stephen Alpher")
    'Will Canny'
    >>> match_byline("author:Adaradar Published on:2025-11-04")
    'Adaradar'
    >>> match_byline("By Monday, the stock had doubled.") is None
    True
    >>> match_byline("By securing long-term contracts, miners gain.") is None
    True
    """
    m = _patterns()["byline"].match(line)
    if not m:
        return None
    data = lexicon.load("datelines")
    first = m.group("name").split()[0].rstrip(".").lower()
    if first in data["months"] or first in data["weekdays"]:
        return None
    return m.group("name")


def is_credit_line(line: str) -> bool:
    """True when ``line`` opens with a credit label that names no author ("Edited by ...").

    >>> is_credit_line("Generated by AI AgentTickerSnipeReviewed byAInvest News Editorial Team")
    True
    """
    return bool(_patterns()["credit"].match(line))


# --------------------------------------------------------------------------- files


def _decode(path: str, raw: bytes, encoding: str | None = None) -> str:
    """The text of ``raw``: in ``encoding`` when given, else UTF-8 (BOM allowed), UTF-16 with its BOM, else cp1252."""
    if not encoding and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    if b"\x00" in raw and not encoding:
        raise SourceError(f"{path}: binary file, not an article")
    if encoding:
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise SourceError(f"{path}: unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None
        except UnicodeDecodeError as exc:
            raise SourceError(f"{path}: not {encoding} text (byte {exc.start}: {raw[exc.start]:#04x}); give its encoding with --encoding") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 or cp1252 text (byte {exc.start}: {raw[exc.start]:#04x}); give its encoding with --encoding"
        ) from None


def _lines(text: str, start: int = 0):
    """(start, end, line) for each line of ``text`` from ``start``; ``end`` excludes the newline."""
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        yield pos, end, text[pos:end]
        pos = end + 1


def _header(text: str) -> tuple[dict[str, str], int] | None:
    """The header fields and the body offset, or None when the file has no header."""
    fields: dict[str, str] = {}
    for _, end, line in _lines(text):
        line = line.rstrip("\r")
        if line.rstrip() == "---":
            return fields, min(end + 1, len(text))
        if not line.strip():
            continue
        m = _HEADER_LINE.fullmatch(line.strip())
        if not m:
            return None
        fields[m.group(1).lower()] = m.group(2).strip()
    return None


def _unclosed_header(text: str) -> list[str]:
    """The header keys that open ``text`` without a closing ``---`` line, or [] when it opens like prose.

    Two or more ``key: value`` lines of known keys count, when one is ``outlet`` or ``url``
    or gives an ISO date; "Author: Jane Roe / Published: Nov 3, 2025" is a web byline.

    >>> _unclosed_header("outlet: Acme Wire\\npublished: 2025-11-24\\nAcme said revenue rose.\\n")
    ['outlet', 'published']
    >>> _unclosed_header("Author: Jane Roe\\nPublished: Nov 3, 2025\\n\\nAcme said revenue rose.\\n")
    []
    """
    keys, iso = [], False
    for _, _, line in _lines(text):
        m = _HEADER_LINE.fullmatch(line.strip())
        if not m or m.group(1).lower() not in HEADER_KEYS:
            break
        keys.append(m.group(1).lower())
        iso = iso or bool(_ISO_PREFIX.match(m.group(2).strip()))
    if len(keys) >= 2 and ({"outlet", "url"} & set(keys) or iso):
        return keys
    return []


def _check_published(path: str, value: str) -> str:
    ok = False
    if _ISO_PREFIX.match(value):
        try:
            date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
            ok = True
        except ValueError:
            pass
    if not ok:
        raise SourceError(f"{path}: published date {value!r} is not YYYY-MM-DD or an ISO datetime")
    return value


def _infer(text: str, body_start: int) -> tuple[str | None, str | None]:
    """(published ISO date, author) read from datelines and bylines at the top of the body."""
    data = lexicon.load("datelines")
    published = author = None
    seen = 0
    for _, _, line in _lines(text, body_start):
        if not line.strip():
            continue
        seen += 1
        if published is None:
            found = match_dateline(line) or find_labelled_date(line)
            if found and found[2]:
                published = found[2]
        if author is None:
            author = match_byline(line)
        if (published and author) or seen >= data["search_lines"] or len(line.split()) >= data["prose_words"]:
            break
    return published, author


def _read(p: Path, name: str) -> bytes:
    """The bytes of an article file, refused when missing, a folder or too large for an article."""
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise SourceError(f"{name}: no such file or directory") from None
    except OSError as exc:
        raise SourceError(f"{name}: cannot read ({exc.strerror})") from None
    if p.is_dir():
        raise SourceError(f"{name}: is a directory, not an article file")
    if size > MAX_ARTICLE_BYTES:
        raise SourceError(
            f"{name}: {size / 1e6:.1f} MB is too large for one article (the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB); "
            "split it into its articles"
        )
    try:
        return p.read_bytes()
    except OSError as exc:
        raise SourceError(f"{name}: cannot read ({exc.strerror})") from None


def is_html(path: str | os.PathLike, text: str) -> bool:
    """An HTML page: named .html/.htm, or opening with a doctype or <html> tag.

    >>> is_html("a.txt", "  <!DOCTYPE html><html>..."), is_html("a.txt", "Acme <b>rose</b>")
    (True, False)
    """
    head = text.lstrip()[:200].lower()
    return Path(path).suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype html", "<html"))


def load_source(path: str | os.PathLike, encoding: str | None = None) -> Source:
    """Read one article file (UTF-8, else cp1252, or ``encoding``) into a Source with its header metadata.

    An HTML page becomes its article text, with the page's outlet, date and author.
    Raises SourceError for a missing, binary, empty or oversized file, a header without
    its ``---`` line or a malformed published date.
    """
    name = str(path)
    p = Path(path)
    text = _decode(name, _read(p, name), encoding)
    if not text.strip():
        raise SourceError(f"{name}: empty file")
    if is_html(p, text):
        from . import htmltext

        page = htmltext.article(name, text)
        return Source(id=p.stem, path=name, text=page.text, body_start=0, outlet=page.outlet or p.stem,
                      url=page.url, published=page.published, author=page.author)
    header = _header(text)
    if header is None and (keys := _unclosed_header(text)):
        raise SourceError(
            f"{name}: header lines ({', '.join(keys)}) are not closed by a '---' line; add one after the last header line"
        )
    fields, body_start = header if header else ({}, 0)
    if not text[body_start:].strip():
        raise SourceError(f"{name}: no article text after the '---' header line")
    meta = {k: (None if fields.get(k, "").lower() in ("", "unknown") else fields[k]) for k in HEADER_KEYS}
    if meta["published"] is not None:
        meta["published"] = _check_published(name, meta["published"])
    if meta["published"] is None or meta["author"] is None:
        published, author = _infer(text, body_start)
        meta["published"] = meta["published"] or published
        meta["author"] = meta["author"] or author
    return Source(
        id=p.stem,
        path=name,
        text=text,
        body_start=body_start,
        outlet=meta["outlet"] or p.stem,
        url=meta["url"],
        published=meta["published"],
        author=meta["author"],
    )


def is_article(path: Path) -> bool:
    """A file a story folder contributes: an article suffix, not hidden."""
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def _story_files(path: str, warn=None) -> list[Path]:
    p = Path(path)
    if not p.exists():
        raise StoryError(f"{path}: no such file or directory")
    if p.is_file():
        return [p]
    folder = p / "sources" if (p / "sources").is_dir() else p
    files, others = [], []
    for f in sorted(folder.iterdir()):
        if f.is_file() and is_article(f):
            files.append(f)
        elif f.is_file() and not f.name.startswith("."):
            others.append(f)
    if not files:
        raise StoryError(f"{path}: no articles ({', '.join('*' + x for x in ARTICLE_SUFFIXES)}) found")
    if warn and folder != p:
        for f in others:
            warn(f"{f}: skipped, not an article ({', '.join(ARTICLE_SUFFIXES)})")
    return files


def story_folder(paths: list[str]) -> Path:
    """The folder a story lives in: the common folder of the story folders and article files given.

    A ``sources`` folder stands for its parent, which holds ``claims.json`` and ``expected.json``.
    """
    folders = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths]
    folder = Path(os.path.commonpath([str(f) for f in folders]))
    return folder.parent if folder.name == "sources" else folder


def story_files(paths: list[str], warn=None) -> tuple[str, list[Path]]:
    """The article files of story folders and/or article files: (story id, files sorted by source id).

    A folder contributes ``sources/*.txt`` and ``*.html`` (or the folder's own when it has
    no sources/ folder); ``warn`` hears of other files in sources/, which are skipped.
    Raises StoryError for a missing path, a folder without articles, or a repeated id.
    """
    if not paths:
        raise StoryError("no story folder or article file given")
    files: list[Path] = []
    for path in paths:
        files.extend(_story_files(str(path), warn))
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    by_id: dict[str, Path] = {}
    for f in sorted(unique.values(), key=lambda f: (f.stem, str(f))):
        if f.stem in by_id:
            raise StoryError(f"{f}: source id {f.stem!r} is already used by {by_id[f.stem]}; rename one file")
        by_id[f.stem] = f
    return story_folder([str(p) for p in paths]).name or "story", [by_id[k] for k in sorted(by_id)]


def load_story(paths: list[str], encoding: str | None = None, warn=None) -> tuple[str, list[Source]]:
    """Load story folders and/or article files: (story id, sources sorted by id); see ``story_files``."""
    story, files = story_files(paths, warn)
    return story, [load_source(f, encoding) for f in files]
