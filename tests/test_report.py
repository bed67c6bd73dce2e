"""The report document's schema and the markdown renderer.

The fixture tests/data/report_doc.json is hand-written: claims and findings modelled on
the flagship story (jpm-miners-2025-11) with hostile text planted in outlets, quotes,
labels and explanations (pipes, backticks, HTML, links, newlines, mermaid syntax).
"""

from __future__ import annotations

import copy
import html
import json
import random
import re

import pytest
from markdown_it import MarkdownIt

from factcheck.lexicon import validation_errors
from factcheck.report import (
    check_document,
    format_claim,
    md_escape,
    mermaid_label,
    render,
    render_json,
    render_markdown,
    summary_line,
)

MD = MarkdownIt("commonmark").enable("table")


def text_of(fragment: str) -> str:
    """Visible text of rendered HTML: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


def squash(text: str) -> str:
    return " ".join(text.split())


# --- schema --------------------------------------------------------------------------------


def test_fixture_validates(report_doc):
    assert validation_errors(report_doc, "report") == []
    assert check_document(report_doc) == []


def _drop(key):
    return lambda d: d.pop(key)


def _set(path, value):
    def mutate(d):
        target = d
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


# Malformed documents, one mutation each: (name, mutation, expected error prefix).
MALFORMED = [
    ("no story", _drop("story"), "(top level): 'story' is a required property"),
    ("extra top-level key", _set(["extra"], 1), "(top level): Additional properties"),
    ("bad generated_by", _set(["generated_by"], "0.1.0"), "generated_by:"),
    ("claim without quote", lambda d: d["claims"][0].pop("quote"), "claims[0]: 'quote' is a required property"),
    ("claim extra key", _set(["claims", 0, "confidence"], 0.5), "claims[0]: Additional properties"),
    ("bad hedge", _set(["claims", 0, "hedge"], "roughly"), "claims[0].hedge:"),
    ("list value", _set(["claims", 0, "value"], [600]), "claims[0].value:"),
    ("boolean value", _set(["claims", 0, "value"], True), "claims[0].value:"),
    ("span of three", _set(["claims", 0, "span"], [1, 2, 3]), "claims[0].span:"),
    ("negative span", _set(["claims", 0, "span"], [-1, 2]), "claims[0].span[0]:"),
    ("string span", _set(["claims", 0, "span"], ["1", "2"]), "claims[0].span[0]:"),
    ("time value number", _set(["claims", 0, "time"], {"date": 2025}), "claims[0].time.date:"),
    ("scope list of numbers", _set(["claims", 0, "scope"], {"entities": [1]}), "claims[0].scope.entities:"),
    ("bad kind", _set(["findings", 0, "kind"], "contradiction"), "findings[0].kind:"),
    ("finding without claims", _set(["findings", 0, "claims"], []), "findings[0].claims:"),
    ("blank explanation", _set(["findings", 0, "explanation"], "  "), "findings[0].explanation:"),
    ("value without label", lambda d: d["findings"][0]["values"][0].pop("label"), "findings[0].values[0]:"),
    ("severity as text", _set(["findings", 0, "severity"], "high"), "findings[0].severity:"),
    ("source without file", lambda d: d["sources"][0].pop("file"), "sources[0]: 'file' is a required property"),
    ("claims count negative", _set(["sources", 0, "claims"], -1), "sources[0].claims:"),
    ("measure label not text", _set(["measures", "rating"], 1), "measures.rating:"),
]


@pytest.mark.parametrize("mutate, expected", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_document_fails(report_doc, mutate, expected):
    mutate(report_doc)
    problems = check_document(report_doc)
    assert problems and problems[0].startswith(expected), problems


# Documents that pass the schema but point at things that do not exist.
DANGLING = [
    ("claim from unknown source", _set(["claims", 0, "source"], "reuters"), "claims[0].source: unknown source 'reuters'"),
    ("finding cites unknown claim", _set(["findings", 0, "claims"], ["c1", "c99"]), "findings[0].claims: unknown claim 'c99'"),
    ("derived from unknown source", _set(["sources", 0, "derived_from"], ["x"]), "sources[0].derived_from: unknown source 'x'"),
    ("repeated claim id", _set(["claims", 1, "id"], "c1"), "claims[1].id: 'c1' is used twice"),
]


@pytest.mark.parametrize("mutate, expected", [m[1:] for m in DANGLING], ids=[m[0] for m in DANGLING])
def test_dangling_references_fail(report_doc, mutate, expected):
    mutate(report_doc)
    assert expected in check_document(report_doc)


# --- value formatting ------------------------------------------------------------------------

# Claims as the flagship articles state them -> the value column (formatting is factcheck.display's).
FORMATS = [
    ({"value": 18, "unit": "USD", "previous": 12}, "$18 (from $12)"),
    ({"value": 600, "unit": "MW", "hedge": "about"}, "about 600 MW"),
    ({"value": 1700, "unit": "MW"}, "1,700 MW"),
    ({"value": 4.42, "unit": "%"}, "4.42%"),
    ({"value": 14.8, "unit": "USD"}, "$14.80"),
    ({"value": 1.3e9, "unit": "USD", "previous": 2.5e9}, "$1.3 billion (from $2.5 billion)"),
    ({"value": 19e9, "unit": "USD", "hedge": "more_than"}, "more than $19 billion"),
    ({"value": "overweight", "unit": "rating", "previous": "neutral"}, "overweight (from neutral)"),
]


@pytest.mark.parametrize("claim, expected", FORMATS, ids=[f[1] for f in FORMATS])
def test_format_claim(claim, expected):
    assert format_claim({"hedge": "exact", "previous": None, "low": None, "high": None, **claim}) == expected


# --- escaping --------------------------------------------------------------------------------

# Hostile strings -> what a reader must see after markdown rendering (exactly the input, on one line).
HOSTILE = [
    "a | b",
    "`code` and ``more``",
    "<script>alert(1)</script>",
    "[link](http://x) ![img](http://y)",
    "line one\nline two",
    "*bold* _it_ **x** __y__ ~~z~~",
    "# heading",
    "- item",
    "1. item",
    "AT&T &amp; &#x3C;",
    "back\\slash \\| \\*",
    "A-->B; click A callback",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_renders_literally(text):
    rendered = MD.render(md_escape(text))
    assert text_of(rendered) == squash(text)
    assert "<script" not in rendered and "<a " not in rendered and "<em>" not in rendered


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_in_table_cell_keeps_columns(text):
    table = f"| a | b | c |\n|---|---|---|\n| {md_escape(text)} | x | y |\n"
    rendered = MD.render(table)
    cells = re.findall(r"<td>(.*?)</td>", rendered, flags=re.S)
    assert [text_of(c) for c in cells] == [squash(text), "x", "y"]


@pytest.mark.parametrize("text", HOSTILE + ['say "hi" [x] {y} (z) #1; |w|', "%%{init: x}%%"])
def test_mermaid_label_is_plain(text):
    label = mermaid_label(text)
    assert re.fullmatch(r"[\w .,%$+\-/:'()’‘–—]*", label), label
    assert "%%" not in label and len(label) <= 60


# --- the rendered report ---------------------------------------------------------------------


@pytest.fixture
def rendered(report_doc):
    markdown = render_markdown(report_doc)
    return markdown, MD.render(markdown)


def test_header_and_sections(rendered):
    markdown, _ = rendered
    assert markdown.startswith("# factcheck report: jpm-miners-2025-11\n")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Sources",
        "## Summary",
        "## Conflicts",
        "## Scope differences",
        "## Timing differences",
        "## Self-contradictions",
        "## Corroborated figures",
        "## Single-source figures",
        "## Disagreement map",
    ]
    assert "### CIFR — contracted HPC capacity" in markdown


def test_every_explanation_appears(report_doc, rendered):
    _, page = rendered
    visible = text_of(page)
    for finding in report_doc["findings"]:
        if finding["kind"] in ("conflict", "scope", "timing", "self_contradiction"):
            assert squash(finding["explanation"]) in visible, finding["id"]


def test_quotes_and_outlets_survive_as_cells(report_doc, rendered):
    """Each disagreement's quotes land whole in one table cell, whatever they contain."""
    _, page = rendered
    cells = {text_of(c) for c in re.findall(r"<td>(.*?)</td>", page, flags=re.S)}
    by_id = {c["id"]: c for c in report_doc["claims"]}
    for finding in report_doc["findings"]:
        if finding["kind"] in ("conflict", "scope", "timing", "self_contradiction"):
            for claim_id in finding["claims"]:
                assert squash(by_id[claim_id]["quote"]) in cells, claim_id
    for source in report_doc["sources"]:
        assert squash(source["outlet"]) in cells


def test_tables_keep_their_column_count(rendered):
    markdown, _ = rendered
    tables, widths = 0, []
    for tok in MD.parse(markdown):
        if tok.type == "table_open":
            tables += 1
            widths.append([])
        elif tok.type == "tr_open":
            widths[-1].append(0)
        elif tok.type in ("th_open", "td_open"):
            widths[-1][-1] += 1
    assert tables == 10
    for rows in widths:
        assert len(set(rows)) == 1, rows
    # markdown-it pads or cuts rows to the header's width, so also count unescaped pipes in the source.
    for block in markdown.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
            assert len(counts) == 1, rows


def test_no_live_html_or_links(rendered):
    _, page = rendered
    assert "<script" not in page.lower()
    assert "<a " not in page and "<em>" not in page and "<strong>" not in page and "<code>" not in page
    assert "<s>" not in page and "<del>" not in page


def test_value_column_shows_unit_and_hedge(rendered):
    markdown, _ = rendered
    for shown in ("$18 (from $12)", "about 600 MW", "4.42%", "more than $19 billion", "overweight (from neutral)", "$14.80"):
        assert shown in markdown
    assert "4 sources (3 independent)" in markdown


def test_derived_source_is_marked(rendered):
    markdown, _ = rendered
    assert "derived from CoinDesk" in markdown


MERMAID_LINE = re.compile(
    r'graph LR'
    r'|    F\d+\["[^"\[\]|;#`<>]*"\]'
    r'|    S\d+\(\["[^"\[\]|;#`<>]*"\]\)'
    r'|    F\d+ -->\|"[^"\[\]|;#`<>]*"\| S\d+'
)


def test_mermaid_diagram_is_well_formed(report_doc, rendered):
    markdown, _ = rendered
    blocks = re.findall(r"```mermaid\n(.*?)```", markdown, flags=re.S)
    assert len(blocks) == 1
    lines = blocks[0].splitlines()
    for line in lines:
        assert MERMAID_LINE.fullmatch(line), line
    disagreements = [f for f in report_doc["findings"] if f["kind"] in ("conflict", "scope", "timing", "self_contradiction")]
    assert sum(1 for line in lines if re.match(r"    F\d+\[", line)) == len(disagreements)
    assert sum(1 for line in lines if re.match(r"    S\d+\(", line)) == 5
    assert '    F4 -->|"about $16.77"| S3' in lines


def test_no_mermaid_without_disagreements(report_doc):
    report_doc["findings"] = [f for f in report_doc["findings"] if f["kind"] in ("agreement", "single_source")]
    markdown = render_markdown(report_doc)
    assert "```mermaid" not in markdown
    assert "No conflicts found." in markdown


def test_rendering_twice_is_identical(report_doc):
    assert render_markdown(report_doc) == render_markdown(copy.deepcopy(report_doc))
    assert render_json(report_doc) == render_json(copy.deepcopy(report_doc))


@pytest.mark.parametrize("seed", range(5))
def test_input_order_does_not_matter(report_doc, seed):
    expected = render_markdown(report_doc)
    rng = random.Random(seed)
    shuffled = copy.deepcopy(report_doc)
    for key in ("sources", "claims", "findings"):
        rng.shuffle(shuffled[key])
    for finding in shuffled["findings"]:
        rng.shuffle(finding["claims"])
        rng.shuffle(finding["values"])
    items = list(shuffled["measures"].items())
    rng.shuffle(items)
    shuffled["measures"] = dict(items)
    assert render_markdown(shuffled) == expected


def test_render_json_round_trips(report_doc):
    text = render_json(report_doc)
    assert text.endswith("}\n")
    assert json.loads(text) == report_doc
    assert "’" in text  # ensure_ascii=False keeps article characters as they are


def test_render_dispatch(report_doc):
    assert render(report_doc, "md") == render_markdown(report_doc)
    assert render(report_doc, "json") == render_json(report_doc)


def test_summary_line(report_doc):
    assert summary_line(report_doc) == "22 claims, 6 findings: 1 conflict, 2 scope, 2 timing, 1 self-contradiction"


def test_empty_document_renders():
    doc = {"story": "empty", "generated_by": "factcheck 0.1.0", "sources": [], "claims": [], "findings": [], "measures": {}}
    assert check_document(doc) == []
    markdown = render_markdown(doc)
    assert "No sources." in markdown and "None." in markdown
