"""Tests for factcheck.load: headers, raw articles, encodings, story folders, errors.

Flagship articles (jpm-miners-2025-11) are read from the shared corpus at run time;
other inputs are small files written to tmp_path by the tests themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import SourceError, StoryError
from factcheck.load import find_labelled_date, load_source, load_story, match_byline, match_dateline

from corpus import FLAGSHIP, needs_flagship


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- headers

# Flagship files: header values as written in the corpus; "unknown" becomes None,
# and a date/byline in the article fills an unknown header field.
FLAGSHIP_HEADERS = [
    # id, outlet, published, author, first body text
    ("ainvest", "AInvest", None, None, "AInvest Newsletter"),
    ("coindesk", "CoinDesk", "2025-11-24", "Will Canny", "Bitcoin Miners Cipher and CleanSpark"),
    ("marketdash", "MarketDash", None, "MarketDash Editorial Team", "JPMorgan Says Bitcoin Miners"),
    ("newsbrief", "Unattributed news brief with sentiment tag", None, None, "Major Bitcoin Miners Pivot"),
    ("theblock", "The Block (reposted by MEXC)", None, None, "JPM's update leans on miners"),
]


@needs_flagship
@pytest.mark.parametrize("sid, outlet, published, author, body", FLAGSHIP_HEADERS)
def test_flagship_header(sid, outlet, published, author, body):
    src = load_source(FLAGSHIP / "sources" / f"{sid}.txt")
    assert (src.id, src.outlet, src.url, src.published, src.author) == (sid, outlet, None, published, author)
    assert src.text[: src.body_start].endswith("---\n")
    assert src.text[src.body_start:].startswith(body)


@needs_flagship
def test_raw_flagship_article_infers_date_and_byline(tmp_path):
    """The coindesk article without its header: the dateline and byline give the metadata."""
    text = (FLAGSHIP / "sources" / "coindesk.txt").read_text(encoding="utf-8")
    raw = write(tmp_path, "coindesk-raw.txt", text.split("---\n", 1)[1])
    src = load_source(raw)
    assert (src.body_start, src.outlet, src.published, src.author) == (0, "coindesk-raw", "2025-11-24", "Will Canny")


@needs_flagship
def test_raw_flagship_article_without_top_date(tmp_path):
    """ainvest's "Dec.02 2025" stamps sit below the article, not near the top: no date."""
    text = (FLAGSHIP / "sources" / "ainvest.txt").read_text(encoding="utf-8")
    src = load_source(write(tmp_path, "ainvest.txt", text.split("---\n", 1)[1]))
    assert (src.published, src.author) == (None, None)


# Written examples in the shapes seen in the corpus (raw files, no header).
RAW_INFERENCE = [
    ("Monday, Nov 24, 2025 12:11 pm ET2min read\n\nShares rose 13% on Monday after the deal.\n", "2025-11-24", None),
    ("Some Headline\n\nauthor:Jane Roe Published on:2025-11-04\n\nThe company said revenue rose.\n", "2025-11-04", "Jane Roe"),
    (" date 2025-11-03 Shares of the company jumped in premarket trading on Monday after the deal.\n", "2025-11-03", None),
    ("By Maria de Souza | Reuters\nNov. 3, 2025\n\nThe deal was signed.\n", "2025-11-03", "Maria de Souza"),
    ("13 days ago\n\nThe firm raised its target.\n", None, None),
    ("The firm raised its target on November 3, 2025, citing demand.\n", None, None),
    ("By Monday, the stock had doubled.\n", None, None),
]


@pytest.mark.parametrize("text, published, author", RAW_INFERENCE)
def test_raw_inference(tmp_path, text, published, author):
    src = load_source(write(tmp_path, "raw.txt", text))
    assert (src.body_start, src.published, src.author) == (0, published, author)


def test_header_unknown_date_filled_from_dateline(tmp_path):
    src = load_source(write(tmp_path, "a.txt", "outlet: X News\npublished: unknown\n---\nNov 24, 2025, 1:15 p.m.\n\nText here.\n"))
    assert (src.outlet, src.published, src.author) == ("X News", "2025-11-24", None)


def test_header_values_kept_as_written(tmp_path):
    text = "outlet: Wire\nurl: https://example.org/a?b=1\npublished: 2025-11-03T14:21:00-05:00\nauthor: Jane Roe\n---\nBody.\n"
    src = load_source(write(tmp_path, "wire.txt", text))
    assert (src.outlet, src.url, src.published, src.author) == ("Wire", "https://example.org/a?b=1", "2025-11-03T14:21:00-05:00", "Jane Roe")
    assert src.text == text and src.body_start == text.index("Body.")


def test_header_without_outlet_defaults_to_stem(tmp_path):
    assert load_source(write(tmp_path, "wion.txt", "outlet: unknown\n---\nBody.\n")).outlet == "wion"


def test_dashes_inside_article_are_not_a_header(tmp_path):
    text = "Cipher rose 5%.\n---\nMore text.\n"
    src = load_source(write(tmp_path, "raw.txt", text))
    assert src.body_start == 0


# --------------------------------------------------------------------------- encodings


def test_cp1252_fallback(tmp_path):
    src = load_source(write(tmp_path, "old.txt", b"The caf\xe9 chain said \x93record\x94 sales rose 5%.\n"))
    assert src.text == "The caf\u00e9 chain said \u201crecord\u201d sales rose 5%.\n"


def test_utf8_bom_is_not_text(tmp_path):
    src = load_source(write(tmp_path, "bom.txt", "\ufeffoutlet: X\n---\nBody.\n".encode("utf-8")))
    assert src.text.startswith("outlet") and src.outlet == "X"


def test_crlf_header(tmp_path):
    src = load_source(write(tmp_path, "crlf.txt", b"outlet: X\r\npublished: 2025-11-03\r\n---\r\nBody.\r\n"))
    assert (src.outlet, src.published, src.text[src.body_start:]) == ("X", "2025-11-03", "Body.\r\n")


# --------------------------------------------------------------------------- errors

SOURCE_ERRORS = [
    # name, content, message after "<path>: "
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary file, not an article"),
    ("bad-date.txt", b"published: Nov 3\n---\nBody.\n", "published date 'Nov 3' is not YYYY-MM-DD or an ISO datetime"),
    ("bad-day.txt", b"published: 2025-13-01\n---\nBody.\n", "published date '2025-13-01' is not YYYY-MM-DD or an ISO datetime"),
    ("header-only.txt", b"outlet: X\n---\n\n", "no article text after the '---' header line"),
]


@pytest.mark.parametrize("name, content, message", SOURCE_ERRORS)
def test_source_errors(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(SourceError) as exc:
        load_source(path)
    assert str(exc.value) == f"{path}: {message}"


def test_missing_source(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(SourceError, match=r"nope\.txt: no such file or directory$"):
        load_source(path)


# --------------------------------------------------------------------------- stories


@needs_flagship
@pytest.mark.parametrize(
    "paths",
    [
        ["{f}"],
        ["{f}/sources"],
        ["{f}/sources/theblock.txt", "{f}/sources/ainvest.txt"],
    ],
)
def test_flagship_story(paths):
    story, sources = load_story([p.format(f=FLAGSHIP) for p in paths])
    assert story == "jpm-miners-2025-11"
    ids = [s.id for s in sources]
    assert ids == sorted(ids)
    if len(paths) == 1:
        assert ids == ["ainvest", "coindesk", "marketdash", "newsbrief", "theblock"]


def test_story_folder_without_sources_dir(tmp_path):
    write(tmp_path / "deal", "b.txt", "B body.\n")
    write(tmp_path / "deal", "a.txt", "A body.\n")
    write(tmp_path / "deal", "notes.md", "not an article\n")
    story, sources = load_story([str(tmp_path / "deal")])
    assert (story, [s.id for s in sources]) == ("deal", ["a", "b"])


def test_story_from_loose_files_and_duplicate_path(tmp_path):
    a = write(tmp_path / "deal", "a.txt", "A body.\n")
    story, sources = load_story([str(a), str(a), str(tmp_path / "deal")])
    assert (story, [s.id for s in sources]) == ("deal", ["a"])


def test_story_missing_path(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(StoryError) as exc:
        load_story([missing])
    assert str(exc.value) == f"{missing}: no such file or directory"


def test_story_without_articles(tmp_path):
    (tmp_path / "empty" / "sources").mkdir(parents=True)
    folder = str(tmp_path / "empty")
    with pytest.raises(StoryError) as exc:
        load_story([folder])
    assert str(exc.value) == f"{folder}: no articles (*.txt, *.html, *.htm) found"


def test_story_duplicate_ids(tmp_path):
    first = write(tmp_path / "one", "wire.txt", "A.\n")
    second = write(tmp_path / "two", "wire.txt", "B.\n")
    with pytest.raises(StoryError) as exc:
        load_story([str(tmp_path / "one"), str(tmp_path / "two")])
    assert str(exc.value) == f"{second}: source id 'wire' is already used by {first}; rename one file"


def test_story_source_error_propagates(tmp_path):
    write(tmp_path / "s", "bad.txt", b"")
    with pytest.raises(SourceError, match="empty file"):
        load_story([str(tmp_path / "s")])


# --------------------------------------------------------------------------- helpers

# Datelines seen near the top of corpus articles (coindesk, ainvest, mexc-news,
# adaradar) plus relative stamps and prose that must not count.
DATELINES = [
    ("Nov 24, 2025, 1:15\u202fp.m.", "2025-11-24"),
    ("Monday, Nov 24, 2025 12:11 pm ET2min read", "2025-11-24"),
    ("Monday, Nov 3, 2025 2:21 pm ET4min read", "2025-11-03"),
    (" date 2025-11-03 TLDR", "2025-11-03"),
    ("Dec.02 2025", "2025-12-02"),
    ("Nov 14, 2025", "2025-11-14"),
    ("24 November 2025 - Markets", "2025-11-24"),
    ("Sept. 30, 2026", "2026-09-30"),
    ("Published: 2025-11-04T08:00:00Z", "2025-11-04"),
    ("15 minutes ago", None),
]


@pytest.mark.parametrize("line, iso", DATELINES)
def test_match_dateline(line, iso):
    found = match_dateline(line)
    assert found is not None and found[2] == iso


@pytest.mark.parametrize(
    "line",
    ["November 3, 2025 marks a turning point.", "Date of Call: November 3, 2025", "2025 was a record year.", "Feb 30, 2025"],
)
def test_not_a_dateline(line):
    found = match_dateline(line)
    assert found is None or found[2] is None


def test_labelled_date():
    assert find_labelled_date("author:Adaradar Published on:2025-11-04")[2] == "2025-11-04"


@pytest.mark.parametrize(
    "line, name",
    [
        ("By Will Canny, AI Boost|Edited by Stephen Alpher", "Will Canny"),
        ("By CoinDesk Research", "CoinDesk Research"),
        ("author:Adaradar Published on:2025-11-04", "Adaradar"),
        ("Written by Ana María López and John Smith", "Ana María López"),
        ("By securing long-term contracts, miners gain.", None),
        ("By October 2025, GoPlus had revenue of $4.7M.", None),
        ("By Monday, the stock had doubled.", None),
    ],
)
def test_match_byline(line, name):
    assert match_byline(line) == name
