"""Issue 6, injection: article text renders as inert text in every markdown output.

End to end, through the real commands: a story folder of hostile articles (outlet names,
quotes, company names, a file name and the story folder's own name carrying pipes,
backticks, HTML, links, mermaid syntax, block markers and line breaks) goes through
``factcheck run``, ``factcheck review`` (with a hostile draft) and ``factcheck extract``
then ``factcheck diff`` (after an article is edited). Each markdown output is parsed with
markdown-it (commonmark plus tables) and checked for:

1. no raw HTML: no ``html_inline``/``html_block`` token, no tag, link or image from the text;
2. tables intact: every row has the header's width, in the parsed tokens and in the
   unescaped pipes of the source lines (markdown-it pads or cuts rows, so both);
3. the hostile text still reads as text: outlets, quotes and draft sentences come back,
   character for character, as the plain text of their cells and paragraphs;
4. the mermaid diagram: one fence, every line a well-formed node or edge, labels free of
   quotes, brackets, pipes, arrows, backticks and ``%%``;
5. no block opened by the text: headings, lists, block quotes, rules and code blocks are
   only the report's own.

Each output is first checked to carry the hostile text at all (conflict findings with their
quotes, the copy note, the diagram, draft claims of every status, changed claims), so the
checks cannot pass on an empty report. Every expected string below is written by hand from
the articles.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from factcheck.cli import cli

MD = MarkdownIt("commonmark").enable("table")


def squash(text: str) -> str:
    """``text`` with every run of whitespace made one space: how a quote reads once rendered."""
    return " ".join(text.split())


# --- the hostile story ------------------------------------------------------------------------
#
# File and folder names avoid <>:"|?* so the story can be written on any file system.
STORY = "## Acme [story](evil) `x` &amp;"
ODD_FILE = "initech `x` [i](y) &lt;i&gt; ~~z~~"  # an article with no header: its file name is its outlet

OUTLETS = {  # source id -> outlet, as the header gives it
    "alpha": "Acme | News <script>alert(1)</script>",
    "beta": "`Globex` [click](javascript:alert(1))",
    "gamma": 'A --> B; click X "y"',
    "delta": "<img src=x onerror=alert(1)>",
    "epsilon": '<!-- x --> %%{init: {"theme":"dark"}}%% ```end',
    "zeta": "## Breaking",
    "eta": "1. list",
    "theta": "> quote",
    "iota": "***",
    "kappa": "&lt;b&gt; &amp; co",
    "lam": "# heading",
    "mu": "---",
    ODD_FILE: ODD_FILE,
}

# Sentences with figures, so that claims are extracted and quoted. The hostile company names
# ("Acme|Corp Inc. (ACME)", "Globex <b>Holdings</b> (GLBX)") are learned by their tickers, the
# only form a subject takes (factcheck/entities.py), so they reach the outputs inside quotes.
ALPHA_CAPACITY = (
    "Acme|Corp Inc. (ACME) said it has 600 MW of contracted capacity | with `tenants` <script>alert(1)</script> "
    "[link](http://evil) under\ncontract, the company said."  # a quote over two lines
)
ALPHA_REVENUE = (
    "Globex <b>Holdings</b> (GLBX) reported revenue of $120 million for the quarter ![img](x) <!-- hidden --> "
    "and *emph* _x_ ~~del~~ [^1] <http://x>."
)
ALPHA_FILLER = "Shipments across the region were steady through the autumn, dealers reported."
BETA_CAPACITY = (
    "Acme|Corp Inc. (ACME) has 410 MW of contracted capacity <img src=x onerror=alert(1)> \\\n"  # trailing backslash
    "under contract, according to its filing."
)
BETA_REVENUE = "Quarterly sales at Globex <b>Holdings</b> (GLBX) came to $95 million, a filing showed."
BETA_NORTHWIND = "Northwind Traders Ltd (NWND) booked revenue of $80 million in the quarter."
GAMMA_CAPACITY = (
    'Acme|Corp Inc. (ACME) now has 600 MW of contracted capacity, %%{init: {"theme":"dark"}}%% '
    'graph TD; A-->B; click A "javascript:alert(1)".'
)
GAMMA_NORTHWIND = "Revenue at Northwind Traders Ltd (NWND) reached $80 million `ok` | <u>u</u>, its filing showed."
EPSILON_CAPACITY = "Acme|Corp Inc. (ACME) told investors that 600 MW of capacity was under contract &lt;b&gt; &amp; &#60;i&#62;."
ODD_REVENUE = "Initech Systems Inc. (INIT) said revenue rose to $42 million <script>x</script> in 2025."

BODIES = {
    "alpha": f"{ALPHA_CAPACITY}\n\n{ALPHA_REVENUE}\n\n{ALPHA_FILLER}\n",
    "beta": f"{BETA_CAPACITY}\n\n{BETA_REVENUE}\n\n{BETA_NORTHWIND}\n",
    "gamma": f"{GAMMA_CAPACITY}\n\n{GAMMA_NORTHWIND}\n",
    "delta": "In a note, brokers counted 410 MW of contracted capacity at Acme|Corp Inc. (ACME)\n```\n"
    "<b>bold</b> and <i>italic</i>.\n",
    "epsilon": EPSILON_CAPACITY + "\n",
    "zeta": f"{ALPHA_CAPACITY}\n\n{ALPHA_REVENUE}\n\n{ALPHA_FILLER}\n",  # a later copy of alpha
    "eta": "> Acme|Corp Inc. (ACME) holds 410 MW of capacity under contract, # not a heading, 1. not a list.\n",
    "theta": "- Contracted capacity at Acme|Corp Inc. (ACME) stood at 600 MW *** --- === at the end of the quarter.\n",
    "iota": "Acme|Corp Inc. (ACME) reports 410 MW of contracted capacity\\\n",
    "kappa": '1. Acme|Corp Inc. (ACME) lists 600 MW of contracted capacity [x]: http://evil "t"\n',
    "lam": "## Acme|Corp Inc. (ACME) runs 410 MW of contracted capacity ~~~ <div>block</div>\n",
    "mu": "Acme|Corp Inc. (ACME) says 600 MW of its capacity is contracted, with a [^1] footnote.\n",
}
PUBLISHED = {"alpha": "2025-11-20", "zeta": "2025-11-22"}  # zeta copies alpha two days later

DRAFT_LINES = [
    "## Acme|Corp has 500 MW of contracted capacity <script>alert(1)</script>",  # 1: contradicted
    "",
    "---",
    "",
    "1. Globex <b>Holdings</b> (GLBX) reported revenue of $120 million [link](http://evil) `code` <!-- x -->",  # 5
    "",
    "Northwind Traders Ltd (NWND) booked revenue of $80 million | *emph* _x_ ~~del~~",  # 7: supported
    "in the quarter.",
    "",
    "> Initech said revenue rose to $42 million <http://x> \\",  # 10: supported
    "",
    "Acme|Corp Inc. (ACME) plans 9,999 MW of new capacity by 2030 ![img](x) [^1] %%{init}%%",  # 12: unsupported
]

# The edit made after `factcheck extract`, before `factcheck diff`.
BETA_CAPACITY_EDITED = BETA_CAPACITY.replace("410 MW", "450 MW")
BETA_ADDED = "Acme|Corp Inc. (ACME) now expects `1,000 MW` <script>x</script> | of capacity by 2026 [a](b)."
ODD_REVENUE_EDITED = ODD_REVENUE.replace("$42 million", "$44 million")


def write_story(folder: Path) -> Path:
    sources = folder / "sources"
    sources.mkdir(parents=True)
    for sid, body in BODIES.items():
        header = f"outlet: {OUTLETS[sid]}\nurl: unknown\npublished: {PUBLISHED.get(sid, '2025-11-21')}\nauthor: Jane Doe\n---\n"
        (sources / f"{sid}.txt").write_text(header + body, encoding="utf-8")
    (sources / f"{ODD_FILE}.txt").write_text(ODD_REVENUE + "\n", encoding="utf-8")
    return folder


def invoke(*args: str, code: int = 0) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output


# --- parsed pages --------------------------------------------------------------------------


def walk(tokens):
    for tok in tokens:
        yield tok
        if tok.children:
            yield from walk(tok.children)


def visible(inline) -> str:
    """The text a reader sees in an inline token (escapes and entities resolved)."""
    return "".join(" " if c.type in ("softbreak", "hardbreak") else c.content for c in inline.children
                   if c.type in ("text", "softbreak", "hardbreak"))


class Page:
    """One markdown output, parsed: its tokens, HTML, headings, tables and paragraphs."""

    def __init__(self, name: str, markdown: str):
        self.name, self.markdown = name, markdown
        self.tokens = MD.parse(markdown)
        self.html = MD.render(markdown)
        self.headings: list[tuple[str, str]] = []  # (tag, text)
        self.tables: list[dict] = []  # {"section": h2, "heading": h3, "rows": [[cell text]]}, rows[0] the header
        self.paragraphs: list[tuple[tuple[str, ...], str]] = []  # (enclosing block types, text)
        section = heading = ""
        table = None
        stack: list[str] = []
        for i, tok in enumerate(self.tokens):
            if tok.nesting == 1:
                stack.append(tok.type)
            elif tok.nesting == -1:
                stack.pop()
            if tok.type == "heading_open":
                text = visible(self.tokens[i + 1])
                self.headings.append((tok.tag, text))
                if tok.tag == "h2":
                    section, heading = text, ""
                elif tok.tag == "h3":
                    heading = text
            elif tok.type == "table_open":
                table = {"section": section, "heading": heading, "rows": []}
                self.tables.append(table)
            elif tok.type == "tr_open":
                table["rows"].append([])
            elif tok.type == "inline" and stack and stack[-1] in ("th_open", "td_open"):
                table["rows"][-1].append(visible(tok))
            elif tok.type == "inline" and stack and stack[-1] == "paragraph_open":
                self.paragraphs.append((tuple(stack[:-1]), visible(tok)))

    def table(self, title: str, section: str | None = None) -> list[dict]:
        """The one table whose heading (its h3, else its h2) starts with ``title``, as rows of {header: cell}."""
        found = [t for t in self.tables if (t["heading"] or t["section"]).startswith(title)
                 and section in (None, t["section"])]
        assert len(found) == 1, (title, section, [(t["section"], t["heading"]) for t in self.tables])
        header, *rows = found[0]["rows"]
        return [dict(zip(header, row)) for row in rows]


# --- the three outputs ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Page]:
    root = tmp_path_factory.mktemp("injection")
    story = write_story(root / STORY)
    pages = {}

    invoke("run", story, "-o", root / "report.md")
    pages["run"] = (root / "report.md").read_text(encoding="utf-8")

    draft = root / "draft.md"
    draft.write_text("\n".join(DRAFT_LINES) + "\n", encoding="utf-8")
    invoke("review", draft, "--against", story, "-o", root / "review.md", code=1)  # a contradicted claim: exit 1
    pages["review"] = (root / "review.md").read_text(encoding="utf-8")

    edited = root / "edited" / STORY
    shutil.copytree(story, edited)
    invoke("extract", edited)
    beta = edited / "sources" / "beta.txt"
    text = beta.read_text(encoding="utf-8")
    assert BETA_CAPACITY in text
    beta.write_text(text.replace(BETA_CAPACITY, BETA_CAPACITY_EDITED) + "\n" + BETA_ADDED + "\n", encoding="utf-8")
    (edited / "sources" / f"{ODD_FILE}.txt").write_text(ODD_REVENUE_EDITED + "\n", encoding="utf-8")
    invoke("diff", edited, "-o", root / "diff.md", code=1)  # findings changed: exit 1
    pages["diff"] = (root / "diff.md").read_text(encoding="utf-8")
    return {name: Page(name, markdown) for name, markdown in pages.items()}


OUTPUTS = ("run", "review", "diff")


@pytest.fixture(params=OUTPUTS)
def page(request, outputs) -> Page:
    return outputs[request.param]


# --- the fixtures really carry the hostile text ----------------------------------------------


def test_run_report_lists_every_hostile_outlet(outputs):
    rows = outputs["run"].table("Sources")
    assert {row["outlet"] for row in rows} == set(OUTLETS.values())
    assert {row["file"] for row in rows} == {f"{sid}.txt" for sid in OUTLETS}
    assert outputs["run"].headings[0] == ("h1", f"factcheck report: {STORY}")


def test_run_report_quotes_the_hostile_sentences_in_conflicts(outputs):
    page = outputs["run"]
    capacity = {(r["source"], r["value"], r["quote"]) for r in page.table("ACME — capacity", "Conflicts")}
    for sid, value, sentence in [("alpha", "600 MW", ALPHA_CAPACITY), ("beta", "410 MW", BETA_CAPACITY),
                                 ("gamma", "600 MW", GAMMA_CAPACITY), ("epsilon", "600 MW", EPSILON_CAPACITY),
                                 ("zeta", "600 MW", ALPHA_CAPACITY)]:
        assert (OUTLETS[sid], value, squash(sentence)) in capacity
    assert {r["source"] for r in page.table("ACME — capacity", "Conflicts")} >= {OUTLETS[s] for s in ("delta", "iota")}
    revenue = {(r["source"], r["value"], r["quote"]) for r in page.table("GLBX — revenue", "Conflicts")}
    assert (OUTLETS["alpha"], "$120 million", squash(ALPHA_REVENUE)) in revenue
    assert (OUTLETS["beta"], "$95 million", squash(BETA_REVENUE)) in revenue
    explanations = [text for _, text in page.paragraphs if text.startswith("Sources disagree on ACME capacity")]
    assert len(explanations) == 1 and OUTLETS["alpha"] in explanations[0] and OUTLETS["epsilon"] in explanations[0]
    single = {(r["subject"], r["source"], r["quote"]) for r in page.table("Single-source figures")}
    assert ("INIT", ODD_FILE, squash(ODD_REVENUE)) in single


def test_run_report_notes_the_copy_with_its_outlets(outputs):
    page = outputs["run"]
    note = f"{OUTLETS['zeta']} repeats {OUTLETS['alpha']}, for example:"
    assert ((), note) in page.paragraphs  # a paragraph at top level, not a heading
    examples = [text for blocks, text in page.paragraphs if "bullet_list_open" in blocks]
    quoted = f"“{squash(ALPHA_CAPACITY)}”"
    assert f"{quoted} / {OUTLETS['alpha']}: {quoted}" in examples


def test_review_quotes_the_hostile_draft_and_sources(outputs):
    page = outputs["review"]
    h3 = [text for tag, text in page.headings if tag == "h3"]
    assert "Line 1: ACME capacity, 500 MW (conflict)" in h3
    assert any(text.startswith("Line 5: GLBX revenue, $120 million") for text in h3)
    quoted = [text for blocks, text in page.paragraphs if "blockquote_open" in blocks]
    assert squash(DRAFT_LINES[0]) in quoted
    assert any(text.endswith("(GLBX) reported revenue of $120 million [link](http://evil) `code` <!-- x -->")
               for text in quoted)
    evidence = {(r["source"], r["quote"]) for r in page.table("Line 1: ACME capacity, 500 MW (conflict)", "Contradicted")}
    assert (OUTLETS["alpha"], squash(ALPHA_CAPACITY)) in evidence
    assert (OUTLETS["beta"], squash(BETA_CAPACITY)) in evidence
    supported = {(r["source"], r["quote"]) for r in page.table("Supported")}
    assert {(OUTLETS["beta"], squash(BETA_NORTHWIND)), (OUTLETS["gamma"], squash(GAMMA_NORTHWIND)),
            (ODD_FILE, squash(ODD_REVENUE))} <= supported
    unsupported = {(r["line"], r["draft sentence"]) for r in page.table("Unsupported")}
    assert ("12", squash(DRAFT_LINES[11])) in unsupported
    assert page.headings[0][0] == "h1" and page.headings[0][1].endswith(f"draft.md against {STORY}")


def test_diff_shows_the_edited_hostile_claims(outputs):
    page = outputs["diff"]
    assert page.headings[0] == ("h2", f"factcheck diff: {STORY}")
    assert page.paragraphs[0][1].startswith("Baseline: ") and f"{STORY}/claims.json" in page.paragraphs[0][1].replace("\\", "/")
    claims = page.table("Claims: 1 added, 0 removed, 2 changed")
    changed = [r for r in claims if r["change"] == "changed" and r["claim"].startswith("beta@")
               and r["before"].startswith(squash(BETA_CAPACITY) + ";")]
    assert len(changed) == 1 and changed[0]["after"].startswith(squash(BETA_CAPACITY_EDITED) + ";")
    assert {(r["change"], r["after"]) for r in claims} >= {("added", squash(BETA_ADDED))}
    odd = [r for r in claims if r["claim"].startswith(f"{ODD_FILE}@")]
    assert len(odd) == 1 and odd[0]["before"].startswith(squash(ODD_REVENUE) + ";")
    findings = {r["finding"]: r for r in page.table("Findings: 0 added, 0 removed, ")}
    assert findings["INIT revenue (USD)"]["before"] == f"single_source: $42 million ({ODD_FILE})"
    assert findings["INIT revenue (USD)"]["after"] == f"single_source: $44 million ({ODD_FILE})"


# --- 1. no raw HTML, no link, no markup -----------------------------------------------------


def test_no_raw_html_survives(page):
    kinds = {tok.type for tok in walk(page.tokens)}
    assert not kinds & {"html_inline", "html_block"}, page.name
    html = page.html.lower()
    for tag in ("<script", "<img", "<b>", "<i>", "<u>", "<div", "<a ", "<em>", "<del>", "<s>", "<!--", "<br", "<hr"):
        assert tag not in html, (page.name, tag)
    assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html)
    # The only code element is the mermaid diagram's block; no inline code span.
    assert re.findall(r"<code[^>]*>", html) == (['<code class="language-mermaid">'] if page.name == "run" else [])


def test_inline_text_is_plain_text(page):
    """No emphasis, link, image, code span or footnote: every inline is text (and the review's bold suggestion)."""
    allowed = {"text"} | ({"strong_open", "strong_close"} if page.name == "review" else set())
    kinds = {c.type for tok in page.tokens if tok.type == "inline" for c in tok.children}
    assert kinds <= allowed, (page.name, kinds - allowed)
    strong = [tok for tok in walk(page.tokens) if tok.type == "strong_open"]
    assert len(strong) == page.markdown.count("\nSuggested: **")


def test_hostile_text_is_shown_as_characters(outputs):
    """What a reader sees is the article's text: the tags are visible as '<' and '>' (entities in the HTML)."""
    run = outputs["run"].html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run
    assert "&lt;img src=x onerror=alert(1)&gt;" in run
    assert "&lt;b&gt;Holdings&lt;/b&gt;" in run
    assert "`Globex` [click](javascript:alert(1))" in run
    assert "&amp;lt;b&amp;gt; &amp;amp; co" in run  # an entity in the text stays an entity's spelling
    assert "&lt;!-- hidden --&gt;" in run and "~~del~~" in run and "*emph* _x_" in run
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outputs["review"].html
    assert "&lt;script&gt;x&lt;/script&gt;" in outputs["diff"].html


# --- 2. tables keep their structure --------------------------------------------------------

HEADERS = {
    "run": [
        ["outlet", "file", "published", "claims found", "notes"],
        ["finding", "count"],
        ["source", "value", "quote"],
        ["subject", "measure", "value", "backed by", "sources"],
        ["subject", "measure", "value", "source", "quote"],
    ],
    "review": [
        ["status", "claims"],
        ["source", "relation", "value", "quote"],
        ["line", "figure", "draft says", "draft sentence", "note"],
        ["line", "figure", "draft says", "sources", "source", "quote"],
    ],
    "diff": [
        ["change", "finding", "what", "before", "after"],
        ["change", "claim", "what", "before", "after"],
    ],
}


def test_tables_keep_their_columns(page):
    assert page.tables
    for table in page.tables:
        header = table["rows"][0]
        assert header in HEADERS[page.name], header
        assert len(table["rows"]) > 1
        for row in table["rows"]:
            assert len(row) == len(header), (table["section"], table["heading"], row)
    # markdown-it pads or cuts a row to the header's width, so count the cell separators in the
    # source too: a pipe separates cells unless a backslash comes right before it.
    blocks = re.findall(r"(?m)(?:^\|.*\n?)+", page.markdown)
    assert len(blocks) == len(page.tables)
    for block, table in zip(blocks, page.tables):
        lines = block.splitlines()
        assert len(lines) == len(table["rows"]) + 1  # the delimiter row
        for line in lines:
            assert line.endswith("|") and len(re.findall(r"(?<!\\)\|", line)) == len(table["rows"][0]) + 1, line


# --- 4. the mermaid diagram ----------------------------------------------------------------

_LABEL = r'"[^"\[\]{}|;#`<>&]+"'
MERMAID_LINE = re.compile(rf"graph LR|    F\d+\[{_LABEL}\]|    S\d+\(\[{_LABEL}\]\)|    F\d+ -->\|{_LABEL}\| S\d+")


def test_mermaid_diagram_stays_one_well_formed_fence(outputs):
    page = outputs["run"]
    fences = [tok for tok in page.tokens if tok.type == "fence"]
    assert [tok.info for tok in fences] == ["mermaid"]
    assert page.markdown.count("```") == 2  # article backticks never open or close a fence
    raw = re.findall(r"(?s)\n```mermaid\n(.*?\n)```\n", page.markdown)
    assert raw == [fences[0].content]
    lines = fences[0].content.splitlines()
    for line in lines:
        assert MERMAID_LINE.fullmatch(line), line
        assert "%%" not in line and "-->" not in line.replace(" -->|", "")
    labels = {m.group(1) for m in re.finditer(r'S\d+\(\["(.*)"\]\)', fences[0].content)}
    # Each outlet reduced by hand to the characters a quoted mermaid label may hold.
    assert {
        "Acme News script alert(1) /script",
        "Globex click (javascript:alert(1))",
        "A -- B click X y",
        "img src x onerror alert(1)",
        "-- x -- % init: theme : dark % end",
        "Breaking",
        "iota",  # "***" leaves nothing: the node is named by its source id
    } <= labels
    assert '    F1["conflict: ACME capacity"]' in lines


# --- 5. no block opened by the text ---------------------------------------------------------

HEADING_RULES = {
    "run": {
        "h1": re.compile(r"factcheck report: .+"),
        "h2": re.compile("Sources|Summary|Conflicts|Scope differences|Timing differences|Self-contradictions"
                         "|Corroborated figures|Single-source figures|Disagreement map"),
        "h3": re.compile(r"[A-Za-z0-9+]+ — [a-z][a-z ()-]*"),
    },
    "review": {
        "h1": re.compile(r"Draft review: .+ against .+"),
        "h2": re.compile("Contradicted|Disputed among sources|Unsupported|Supported"),
        "h3": re.compile(r"Line \d+: [A-Za-z0-9+]+ [a-z ()-]+, [$\w.,% ]+( \((conflict|scope|timing)\))?"),
    },
    "diff": {
        "h2": re.compile(r"factcheck diff: .+"),
        "h3": re.compile(r"(Findings|Claims): \d+ added, \d+ removed, \d+ changed|Against expected\.json"),
    },
}


def test_headings_are_the_reports_own(page):
    rules = HEADING_RULES[page.name]
    tags = [tag for tag, _ in page.headings]
    assert tags.count("h1") == (1 if "h1" in rules else 0)
    for tag, text in page.headings:
        assert tag in rules and rules[tag].fullmatch(text), (page.name, tag, text)
    h2 = [text for tag, text in page.headings if tag == "h2"]
    assert len(h2) == len(set(h2))
    # The raw lines that open a heading are exactly the renderer's own.
    assert len(re.findall(r"(?m)^#{1,6} ", page.markdown)) == len(page.headings)


def test_text_opens_no_list_quote_rule_or_code(page):
    kinds = [tok.type for tok in page.tokens]
    for kind in ("hr", "code_block", "ordered_list_open", "html_block"):
        assert kind not in kinds, (page.name, kind)
    assert all(set(tok.markup) == {"#"} for tok in page.tokens if tok.type == "heading_open")  # no setext heading
    assert kinds.count("fence") == (1 if page.name == "run" else 0)
    # Bullets: the run report's copy examples only; block quotes: the review's draft sentences only.
    assert kinds.count("bullet_list_open") == (1 if page.name == "run" else 0)
    h3 = sum(1 for tag, _ in page.headings if tag == "h3")
    assert kinds.count("blockquote_open") == (h3 if page.name == "review" else 0)
    for i, tok in enumerate(page.tokens):
        if tok.type in ("blockquote_open", "list_item_open"):
            assert [t.type for t in page.tokens[i + 1 : i + 4]] == ["paragraph_open", "inline", "paragraph_close"]
            assert page.tokens[i + 4].type in ("blockquote_close", "list_item_close")
    if page.name == "run":
        items = [text for blocks, text in page.paragraphs if "bullet_list_open" in blocks]
        assert len(items) == 2 and all(text.startswith("“") for text in items)
