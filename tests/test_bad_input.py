"""Bad input through the ``factcheck`` command: one line naming the file and the problem, exit 2,
and no report written; or a warning and a skip where that is what a user wants.

Each case writes a small story in a temporary folder (the current directory), runs the
real command, and compares stderr with the message a user should read, written by hand.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from factcheck import cli as cli_module
from factcheck.cli import cli
from factcheck.load import MAX_ARTICLE_BYTES, load_source

ARTICLE = "Acme Corp. (ACME) said revenue was $5 million in the third quarter.\n"
OTHER = "outlet: Globex Wire\npublished: 2025-11-24\n---\nAcme Corp. (ACME) reported revenue of $5 million for the quarter.\n"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def story(files: dict[str, str | bytes], name: str = "story") -> str:
    """Write ``files`` (name -> text or bytes) under NAME/sources/ and return NAME."""
    folder = Path(name) / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for file, data in files.items():
        path = folder / file
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return name


def run(runner, *args):
    return runner.invoke(cli, ["run", *args])


# Inputs a user gets wrong -> the exact one-line error; the report is never written.
ERRORS = [
    ("missing path", {}, ["nope.txt"], "Error: nope.txt: no such file or directory"),
    ("empty file", {"a.txt": "", "b.txt": OTHER}, ["story"], "Error: story/sources/a.txt: empty file"),
    ("blank file", {"a.txt": " \n\t\n", "b.txt": OTHER}, ["story"], "Error: story/sources/a.txt: empty file"),
    ("header and no text", {"a.txt": "outlet: Acme Wire\n---\n\n", "b.txt": OTHER}, ["story"],
     "Error: story/sources/a.txt: no article text after the '---' header line"),
    ("no articles in the folder", {"notes.md": "# notes\n", "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00"}, ["story"],
     "Error: story: no articles (*.txt, *.html, *.htm) found"),
    ("binary file", {"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "b.txt": OTHER}, ["story"],
     "Error: story/sources/a.txt: binary file, not an article"),
    ("neither UTF-8 nor cp1252", {"a.txt": "outlet: Acme\n---\nAcme rose \u00e9 5%.\n".encode("latin-1") + b"\x81\n", "b.txt": OTHER},
     ["story"], "Error: story/sources/a.txt: not UTF-8 or cp1252 text (byte 33: 0x81); give its encoding with --encoding"),
    ("not in the encoding given", {"a.txt": "Acme \u00e9 rose.\n".encode("cp1252"), "b.txt": OTHER}, ["story", "--encoding", "utf-8"],
     "Error: story/sources/a.txt: not utf-8 text (byte 5: 0xe9); give its encoding with --encoding"),
    ("unknown encoding", {"a.txt": ARTICLE, "b.txt": OTHER}, ["story", "--encoding", "klingon"],
     "Error: --encoding klingon: unknown encoding; try utf-8, cp1252 or latin-1"),
    ("header without its --- line", {"a.txt": "outlet: Acme Wire\npublished: 2025-11-24\n" + ARTICLE, "b.txt": OTHER}, ["story"],
     "Error: story/sources/a.txt: header lines (outlet, published) are not closed by a '---' line; add one after the last header line"),
    ("malformed date", {"a.txt": "outlet: Acme Wire\npublished: 24/11/2025\n---\n" + ARTICLE, "b.txt": OTHER}, ["story"],
     "Error: story/sources/a.txt: published date '24/11/2025' is not YYYY-MM-DD or an ISO datetime"),
    ("impossible date", {"a.txt": "published: 2025-02-30\n---\n" + ARTICLE, "b.txt": OTHER}, ["story"],
     "Error: story/sources/a.txt: published date '2025-02-30' is not YYYY-MM-DD or an ISO datetime"),
    ("HTML page with no article", {"a.html": "<html><head><title>Acme</title></head><body><script>x = 1</script></body></html>", "b.txt": OTHER},
     ["story"], "Error: story/sources/a.html: an HTML page with no article text found in it; save the article as plain text"),
    ("two sources with one id", {"a.txt": ARTICLE, "a.html": "<html><body><p>" + ARTICLE + "</p></body></html>", "b.txt": OTHER},
     ["story"], "Error: story/sources/a.txt: source id 'a' is already used by story/sources/a.html; rename one file"),
    ("a folder and a file", {"a.txt": ARTICLE, "b.txt": OTHER}, ["story", "story/sources/a.txt"],
     "Error: story: a story folder must be given alone; pass one story folder or the article files of one story"),
]


@pytest.mark.parametrize("files, args, message", [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_bad_input_is_one_line_and_exit_2(runner, here, files, args, message):
    if files:
        story(files)
    result = run(runner, *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert result.stdout == ""
    assert not (here / "reports").exists()


def test_same_id_from_two_folders(runner, here):
    """Two article files given by path that share a name: the message names both, whatever their order."""
    story({"a.txt": ARTICLE}, "one")
    story({"a.txt": OTHER}, "two")
    for args in (["one/sources/a.txt", "two/sources/a.txt"], ["two/sources/a.txt", "one/sources/a.txt"]):
        result = run(runner, *args, "-o", "-")
        assert (result.exit_code, result.stderr) == (
            2, "Error: two/sources/a.txt: source id 'a' is already used by one/sources/a.txt; rename one file\n")


def test_50_mb_article_is_refused_before_it_is_read(runner, here):
    story({"b.txt": OTHER})
    with open("story/sources/a.txt", "wb") as big:
        big.truncate(50 * 1024 * 1024)  # sparse: the size is what is checked, before any reading
    result = run(runner, "story")
    assert (result.exit_code, result.stderr) == (
        2, "Error: story/sources/a.txt: 52.4 MB is too large for one article (the limit is 5 MB); split it into its articles\n")


def test_article_at_the_size_limit_is_read(here):
    """Just under the limit is an article: read in full (a long text, not refused)."""
    line = "Acme Corp. (ACME) said revenue was $5 million.\n"
    body = line * ((MAX_ARTICLE_BYTES - 100) // len(line))
    Path("long.txt").write_text("outlet: Acme Wire\n---\n" + body, encoding="utf-8")
    assert len(load_source("long.txt").text) == len("outlet: Acme Wire\n---\n" + body)


def test_missing_draft_and_story_for_review(runner, here):
    story({"a.txt": ARTICLE, "b.txt": OTHER})
    result = runner.invoke(cli, ["review", "draft.md", "--against", "story"])
    assert (result.exit_code, result.stderr) == (2, "Error: draft.md: no such file or directory\n")
    Path("draft.md").write_text("Acme revenue was $6 million.\n", encoding="utf-8")
    result = runner.invoke(cli, ["review", "draft.md", "--against", "nostory"])
    assert (result.exit_code, result.stderr) == (2, "Error: nostory: no such file or directory\n")


@pytest.mark.parametrize("command", [["extract"], ["diff"], ["score"]])
def test_missing_story_folder_for_other_commands(runner, here, command):
    result = runner.invoke(cli, [*command, "nostory"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: nostory") and len(result.stderr.splitlines()) == 1


# --------------------------------------------------------------------------- read, with a warning or none


def claims_of(result) -> list[dict]:
    return json.loads(result.stdout)["claims"]


def test_cp1252_article_is_detected(runner, here):
    cp1252 = ("outlet: Caf\u00e9 Wire\npublished: 2025-11-24\n---\n"
              "Acme Corp. (ACME) said revenue was \u20ac5 million, \u201ca record\u201d for the caf\u00e9 chain.\n").encode("cp1252")
    story({"a.txt": cp1252, "b.txt": OTHER})
    result = run(runner, "story", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["sources"][0]["outlet"] == "Caf\u00e9 Wire"
    [claim] = [c for c in doc["claims"] if c["source"] == "a"]
    assert claim["quote"] == "Acme Corp. (ACME) said revenue was \u20ac5 million, \u201ca record\u201d for the caf\u00e9 chain."
    assert (claim["value"], claim["unit"]) == (5e6, "EUR")


def test_latin1_article_is_detected(runner, here):
    """Latin-1 text is cp1252 text wherever latin-1 has printable characters."""
    latin1 = "outlet: Le Caf\u00e9\n---\nAcme Corp. (ACME), na\u00efve caf\u00e9 owner, said revenue was $5 million \u00b1 2%.\n"
    story({"a.txt": latin1.encode("latin-1"), "b.txt": OTHER})
    result = run(runner, "story", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["sources"][0]["outlet"] == "Le Caf\u00e9"
    assert {c["quote"] for c in doc["claims"] if c["source"] == "a"} == {latin1.split("---\n")[1].strip()}


def test_latin1_with_a_control_byte_is_read_with_encoding(runner, here):
    story({"a.txt": "Acme Corp. (ACME) revenue was $5 million.\x85\n".encode("latin-1"), "b.txt": OTHER})
    result = run(runner, "story", "--encoding", "latin-1", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert [c["value"] for c in claims_of(result) if c["source"] == "a"] == [5e6]


def test_utf16_with_bom_is_detected(runner, here):
    story({"a.txt": ("outlet: Acme Wire\n---\n" + ARTICLE).encode("utf-16"), "b.txt": OTHER})
    result = run(runner, "story", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert [c["quote"] for c in claims_of(result) if c["source"] == "a"] == [ARTICLE.strip()]


def test_cyrillic_article_with_encoding(runner, here):
    text = "outlet: \u0412\u0435\u0434\u043e\u043c\u043e\u0441\u0442\u0438\n---\nAcme Corp. (ACME) revenue was $5 million.\n"
    story({"a.txt": text.encode("cp1251"), "b.txt": OTHER})
    result = run(runner, "story", "--encoding", "cp1251", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sources"][0]["outlet"] == "\u0412\u0435\u0434\u043e\u043c\u043e\u0441\u0442\u0438"


PAGE = """<!DOCTYPE html>
<html><head><title>Acme posts a record quarter | Globex News</title>
<meta property="og:site_name" content="Globex News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2025-11-24T09:30:00Z">
<script>var tracking = "revenue was $999 million";</script></head>
<body><nav><a href="/">Home</a> | <a href="/markets">Markets</a></nav>
<article><h1>Acme posts a record quarter</h1>
<p>Acme Corp. (ACME) said revenue was <b>$5 million</b> in the third quarter, up from $4 million a year earlier.</p>
<p>Shares of Acme rose 4.2% to $14.74 on Monday.</p></article>
<footer>Copyright 2025 Globex News. Subscribe to our newsletter.</footer></body></html>
"""


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.txt"])
def test_html_page_becomes_its_article_text(runner, here, name):
    story({name: PAGE, "b.txt": OTHER})
    result = run(runner, "story", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    source = doc["sources"][0]
    assert (source["id"], source["outlet"], source["published"], source["author"]) == ("a", "Globex News", "2025-11-24", "Jane Roe")
    quotes = [c["quote"] for c in doc["claims"] if c["source"] == "a"]
    assert "Acme Corp. (ACME) said revenue was $5 million in the third quarter, up from $4 million a year earlier." in quotes
    assert not any("999" in q or "<" in q or "Subscribe" in q for q in quotes)  # no script, markup or footer
    text = load_source(f"story/sources/{name}").text
    assert all(c["quote"] in text for c in doc["claims"] if c["source"] == "a")


def test_html_without_trafilatura_is_refused_clearly(runner, here, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as when the extra is not installed
    story({"a.html": PAGE, "b.txt": OTHER})
    result = run(runner, "story")
    assert (result.exit_code, result.stderr) == (
        2, "Error: story/sources/a.html: an HTML page; reading HTML needs trafilatura: pip install 'factcheck[html]', "
           "or save the article as plain text\n")


def test_other_files_in_sources_are_skipped_with_a_warning(runner, here):
    story({"a.txt": ARTICLE, "b.txt": OTHER, "notes.docx": b"PK\x03\x04", ".DS_Store": b"\x00\x01"})
    result = run(runner, "story", "-o", "-")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "warning: story/sources/notes.docx: skipped, not an article (.txt, .html, .htm)"
    assert ".DS_Store" not in result.stderr


def test_story_with_one_source_says_nothing_can_be_compared(runner, here):
    story({"a.txt": "outlet: Acme Wire\n---\n" + ARTICLE})
    result = run(runner, "story", "-o", "-")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "warning: story/sources/a.txt: the story has one source, so no figure can be compared with another source; "
        "only contradictions inside the article are reported")
    assert "Only one source" in result.stdout


# --------------------------------------------------------------------------- the entry point


def test_unexpected_error_is_one_line_exit_70(here, monkeypatch, capsys):
    story({"a.txt": ARTICLE, "b.txt": OTHER})

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("factcheck.pipeline.run_reports", broken)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli_module.main(["run", "story"])
    assert exit_.value.code == 70
    err = capsys.readouterr().err
    assert err == (f"Error: internal error at test_bad_input.py:{broken.__code__.co_firstlineno + 1} "
                   "(RuntimeError: boom second line); please report it (FACTCHECK_DEBUG=1 shows the traceback)\n")
    monkeypatch.setenv("FACTCHECK_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli_module.main(["run", "story"])


def test_entry_point_exit_codes(here, capsys):
    story({"a.txt": ARTICLE, "b.txt": OTHER})
    for argv, code in ((["run", "story", "-o", os.devnull], 0), (["run", "nope"], 2), (["--version"], 0)):
        with pytest.raises(SystemExit) as exit_:
            cli_module.main(argv)
        assert exit_.value.code == code, argv
    assert capsys.readouterr().err.splitlines()[-1] == "Error: nope: no such file or directory"


def test_score_skips_files_among_story_folders(runner, here, fake_scores):
    """`factcheck score corpus/*` meets the corpus README: skipped with a warning."""
    Path("alpha").mkdir()
    Path("README.md").write_text("# corpus\n", encoding="utf-8")
    result = runner.invoke(cli, ["score", "alpha", "README.md"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "warning: README.md: skipped, not a story folder"
    result = runner.invoke(cli, ["score", "README.md"])
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2, "Error: no story folder given; pass the folders that hold sources/ and expected.json")


# --------------------------------------------------------------------------- text that once crashed a run


def test_a_span_of_years_in_a_conflict(here, runner):
    """"by 2026-2027" is a horizon of two years, not year 2026, month 2027: the run used to stop with an
    internal error (IndexError in display.time_text) when such a claim was listed in a conflict."""
    story({"a.txt": "outlet: Globex Wire\npublished: 2025-11-24\n---\n"
                    "Acme Mining (ACME) expects 2 GW of capacity by 2026-2027, the company said on Monday.\n",
           "b.txt": "outlet: Initech News\npublished: 2025-11-24\n---\n"
                    "Acme Mining (ACME) expects 3 GW of capacity by 2026-2027, the company said on Monday.\n"})
    result = run(runner, "story", "--jobs", "1", "-o", "-")
    assert result.exit_code == 0, result.output
    assert ("Sources disagree on ACME capacity for the same moment and scope: 2,000 MW \\[Nov 24, 2025, by 2026-2027, "
            "expected\\] (Globex Wire); 3,000 MW \\[Nov 24, 2025, by 2026-2027, expected\\] (Initech News).") in result.output
