"""Tests for factcheck.segment: sentence breaks with exact offsets.

The hard-break table is grouped by origin: sentences of the flagship story
(jpm-miners-2025-11, quoted verbatim), breaks written for these tests, and known
failures kept as strict xfails. Corpus-wide properties read /work/shared/corpus at
run time and skip when it is absent.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from factcheck import lexicon
from factcheck.clean import clean
from factcheck.load import load_source
from factcheck.model import Block, CleanText, Source
from factcheck.segment import segment, split_spans

from corpus import CORPUS, FLAGSHIP, STORIES, needs_flagship


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_spans(text)]


# --------------------------------------------------------------------------- hard breaks

# Flagship sentences (jpm-miners-2025-11), verbatim from the articles.
FLAGSHIP_BREAKS = [
    pytest.param(
        "Cipher Mining Inc. (CIFR) caught JPMorgan's attention in the best way possible. The firm upgraded the stock to Overweight from Neutral.",
        ["Cipher Mining Inc. (CIFR) caught JPMorgan's attention in the best way possible.", "The firm upgraded the stock to Overweight from Neutral."],
        id="Inc. mid-sentence (marketdash)",
    ),
    pytest.param(
        "Wall Street bank JPMorgan is sharpening its view on U.S.-listed bitcoin miners as a wave of high-performance computing (HPC) deals reshape business models and add long-term revenue clarity.",
        ["Wall Street bank JPMorgan is sharpening its view on U.S.-listed bitcoin miners as a wave of high-performance computing (HPC) deals reshape business models and add long-term revenue clarity."],
        id="U.S.-listed (coindesk)",
    ),
    pytest.param(
        "The bank pointed to the more than $19 billion in contracted revenue across 600 megawatts (MW) of critical IT capacity signed by IREN and Cipher since late Sept., evidence, it says, of miners\u2019 accelerating pivot.",
        ["The bank pointed to the more than $19 billion in contracted revenue across 600 megawatts (MW) of critical IT capacity signed by IREN and Cipher since late Sept., evidence, it says, of miners\u2019 accelerating pivot."],
        id="late Sept., evidence (coindesk)",
    ),
    pytest.param(
        "The bank at its Texas site, valued at $13 million per megawatt.In contrast, JPMorgan trimmed MARA's price target to $13 from $20.",
        ["The bank at its Texas site, valued at $13 million per megawatt.", "In contrast, JPMorgan trimmed MARA's price target to $13 from $20."],
        id="megawatt.In (ainvest)",
    ),
    pytest.param(
        "with analysts projecting a \"higher-conviction\" phase for miners transitioning to data-center operators.The firm's Reginald Smith and Charles Pearce",
        ["with analysts projecting a \"higher-conviction\" phase for miners transitioning to data-center operators.", "The firm's Reginald Smith and Charles Pearce"],
        id="operators.The (ainvest)",
    ),
    pytest.param(
        "a revised mining operation valuation of $1 billion.The report also raised IREN's price target to $39 from $28.",
        ["a revised mining operation valuation of $1 billion.", "The report also raised IREN's price target to $39 from $28."],
        id="billion.The (ainvest)",
    ),
    pytest.param(
        "JPM's update leans on miners\u2019 ability to convert power assets into long-term HPC revenue, with several expected to flip capacity by 2026.JPM's update leans",
        ["JPM's update leans on miners\u2019 ability to convert power assets into long-term HPC revenue, with several expected to flip capacity by 2026.", "JPM's update leans"],
        id="2026.JPM (theblock)",
    ),
    pytest.param(
        "JPMorgan Chase has reshaped its outlook for the\nmining sector, upgrading (CIFR) and (CLSK) to Overweight.",
        ["JPMorgan Chase has reshaped its outlook for the\nmining sector, upgrading (CIFR) and (CLSK) to Overweight."],
        id="line wrap before lower case (ainvest)",
    ),
    pytest.param(
        "The firm's Reginald Smith and Charles Pearce\n, with over 600 megawatts of deals signed since late September.",
        ["The firm's Reginald Smith and Charles Pearce\n, with over 600 megawatts of deals signed since late September."],
        id="line wrap before comma (ainvest)",
    ),
    pytest.param(
        "Cipher's shares rose 4.59% to $14.80, while CleanSpark climbed 4.42% pre-market\n. JPMorgan noted that HPC capacity valuations had increased.",
        ["Cipher's shares rose 4.59% to $14.80, while CleanSpark climbed 4.42% pre-market\n.", "JPMorgan noted that HPC capacity valuations had increased."],
        id="line wrap before full stop (ainvest)",
    ),
    pytest.param(
        "with long-term sites in 2028\u20132029 potentially driving higher valuations . CleanSpark, meanwhile, retained its Overweight rating.",
        ["with long-term sites in 2028\u20132029 potentially driving higher valuations .", "CleanSpark, meanwhile, retained its Overweight rating."],
        id="space before full stop (ainvest)",
    ),
    pytest.param(
        "Analysts highlighted a share-price pullback of roughly 45% from recent highs, calling it \"a nice entry point.\" The bank now expects Cipher to secure approximately 480 MW.",
        ["Analysts highlighted a share-price pullback of roughly 45% from recent highs, calling it \"a nice entry point.\"", "The bank now expects Cipher to secure approximately 480 MW."],
        id="closing quote after stop (theblock)",
    ),
    pytest.param(
        "The catalyst? Cipher recently locked in 410 megawatts of HPC contracts.",
        ["The catalyst?", "Cipher recently locked in 410 megawatts of HPC contracts."],
        id="question mark (marketdash)",
    ),
    pytest.param(
        "The shares were 4.2% higher in early trading, at $14.74.\n\nCleanSpark (CLSK) was also raised to overweight from neutral.",
        ["The shares were 4.2% higher in early trading, at $14.74.", "CleanSpark (CLSK) was also raised to overweight from neutral."],
        id="decimal price then stop (coindesk)",
    ),
    pytest.param(
        "  \u2022 JPMorgan upgraded Cipher Mining and CleanSpark to overweight, citing stronger HPC conversion momentum.",
        ["JPMorgan upgraded Cipher Mining and CleanSpark to overweight, citing stronger HPC conversion momentum."],
        id="bullet (coindesk)",
    ),
    pytest.param(
        "Major Bitcoin Miners Pivot to HPC Spurs JPMorgan Upgrades\nJPMorgan raised its ratings on two US bitcoin miners.",
        ["Major Bitcoin Miners Pivot to HPC Spurs JPMorgan Upgrades", "JPMorgan raised its ratings on two US bitcoin miners."],
        id="line break before capital (newsbrief)",
    ),
    pytest.param(
        "The post appeared on BitcoinEthereumNews.com. Gold is strutting its way into record territory.",
        ["The post appeared on BitcoinEthereumNews.com.", "Gold is strutting its way into record territory."],
        id="domain then stop (theblock teaser)",
    ),
]

# Breaks written for these tests: abbreviation and punctuation cases the corpus
# shows only in passing.
WRITTEN_BREAKS = [
    pytest.param("Trading closed at 4 p.m. ET on Monday. Shares rose.", ["Trading closed at 4 p.m. ET on Monday.", "Shares rose."], id="p.m. mid-sentence"),
    pytest.param("The deal closed at 4 p.m. The stock then rose 5%.", ["The deal closed at 4 p.m.", "The stock then rose 5%."], id="p.m. ends sentence"),
    pytest.param("It was signed in the U.S. The bank said so.", ["It was signed in the U.S.", "The bank said so."], id="U.S. ends sentence"),
    pytest.param("The U.S. Securities and Exchange Commission approved it.", ["The U.S. Securities and Exchange Commission approved it."], id="U.S. before proper noun"),
    pytest.param("Dell Technologies Inc. (NYSE:DELL) will supply the GPUs.", ["Dell Technologies Inc. (NYSE:DELL) will supply the GPUs."], id="Inc. before ticker"),
    pytest.param("Mr. Page and Dr. Smith met on Sept. 30 at St. Louis.", ["Mr. Page and Dr. Smith met on Sept. 30 at St. Louis."], id="titles and month"),
    pytest.param("It ranks No. 1 in the U.K. market, e.g. by revenue.", ["It ranks No. 1 in the U.K. market, e.g. by revenue."], id="No. U.K. e.g."),
    pytest.param("The App contributed $2.5M (approx. 53%), followed by $1.7M.", ["The App contributed $2.5M (approx. 53%), followed by $1.7M."], id="approx. in brackets"),
    pytest.param("Analysts at J.P. Morgan Securities raised it.", ["Analysts at J.P. Morgan Securities raised it."], id="initials"),
    pytest.param("Is this the breakout? Analysts think so! Shares rose...", ["Is this the breakout?", "Analysts think so!", "Shares rose..."], id="? ! and trailing ellipsis"),
    pytest.param("Shares rose... and then fell. It ended lower\u2026 Traders sold.", ["Shares rose... and then fell.", "It ended lower\u2026", "Traders sold."], id="ellipses"),
    pytest.param("\u201cWe are pleased,\u201d he said. \u201cIt is big.\u201d The stock rose.", ["\u201cWe are pleased,\u201d he said.", "\u201cIt is big.\u201d", "The stock rose."], id="curly quotes"),
    pytest.param("Revenue rose 5%. 2026 guidance was raised.", ["Revenue rose 5%.", "2026 guidance was raised."], id="digit opens sentence"),
    pytest.param("Visit www.Example.com for more.", ["Visit www.Example.com for more."], id="domain with capital"),
    pytest.param("  Cipher rose.   \n\n  ", ["Cipher rose."], id="surrounding whitespace"),
    pytest.param("\u2022 Revenue: $72M\n\u2022 EPS: loss of $0.01", ["Revenue: $72M", "EPS: loss of $0.01"], id="bullet lines"),
    pytest.param("The firm\nand a 45% pullback was cited.", ["The firm\nand a 45% pullback was cited."], id="wrap mid-sentence"),
    pytest.param("Gold rose 1.7 percent. Bitcoin fell 0.5 percent.", ["Gold rose 1.7 percent.", "Bitcoin fell 0.5 percent."], id="decimals"),
]

# Known failures: ambiguous without a parser. A fix turns these red; then promote them.
KNOWN_FAILURES = [
    pytest.param(
        "The deal closed in the U.S. Cipher then rose 5%.",
        ["The deal closed in the U.S.", "Cipher then rose 5%."],
        marks=pytest.mark.xfail(strict=True, reason="a may-end abbreviation breaks only before a common sentence opener, not a name"),
        id="U.S. before a name",
    ),
    pytest.param(
        "Yahoo! Finance reported the move.",
        ["Yahoo! Finance reported the move."],
        marks=pytest.mark.xfail(strict=True, reason="'!' inside a brand name is read as a sentence end"),
        id="exclamation in a name",
    ),
    pytest.param(
        "diversified data-center revenue streams .Quickly understand the history of coins",
        ["diversified data-center revenue streams ."],
        marks=pytest.mark.xfail(strict=True, reason="a site teaser glued to the last sentence (ainvest) is split off but kept; clean cannot drop part of a line"),
        id="glued teaser (ainvest)",
    ),
]


@pytest.mark.parametrize("text, expected", FLAGSHIP_BREAKS + WRITTEN_BREAKS + KNOWN_FAILURES)
def test_hard_breaks(text, expected):
    assert split(text) == expected


def test_table_size():
    assert len(FLAGSHIP_BREAKS) + len(WRITTEN_BREAKS) >= 20


# --------------------------------------------------------------------------- segment()


def make_clean(text: str, blocks: list[tuple[int, int]]) -> CleanText:
    return CleanText(Source(id="t", path="t.txt", text=text, body_start=0), tuple(Block(a, b) for a, b in blocks))


def test_segment_offsets_and_blocks():
    text = "Title Case Heading\n\nFirst one. Second one.\nThird one."
    sentences = segment(make_clean(text, [(0, 18), (20, len(text))]))
    assert [(s.index, s.block, s.heading, s.text) for s in sentences] == [
        (0, 0, True, "Title Case Heading"),
        (1, 1, False, "First one."),
        (2, 1, False, "Second one."),
        (3, 1, False, "Third one."),
    ]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_repeated_sentence_is_dropped():
    text = "Cipher rose 5%.Cipher rose 5%.\n\nIt fell. Cipher  rose 5%."
    sentences = segment(make_clean(text, [(0, 30), (32, len(text))]))
    assert [s.text for s in sentences] == ["Cipher rose 5%.", "It fell."]
    assert [s.index for s in sentences] == [0, 1]


@needs_flagship
def test_theblock_first_sentence_once():
    c = clean(load_source(FLAGSHIP / "sources" / "theblock.txt"))
    texts = [s.text for s in segment(c)]
    first = "JPM's update leans on miners\u2019 ability to convert power assets into long-term HPC revenue, with several expected to flip capacity by 2026."
    assert texts[0] == first and texts.count(first) == 1


# Heading flags on flagship lines: (source, sentence text, heading?).
FLAGSHIP_HEADINGS = [
    ("marketdash", "Cipher Mining Gets the Upgrade Treatment", True),
    ("marketdash", "JPMorgan Says Bitcoin Miners Are Pivoting to AI\u2014And Names Its Winners", True),
    ("theblock", "Marathon and Riot targets cut", True),
    ("theblock", "IREN target raised, rating stays Underweight", True),
    ("newsbrief", "Major Bitcoin Miners Pivot to HPC Spurs JPMorgan Upgrades", True),
    ("coindesk", "Racks of mining machines.", False),
    ("marketdash", "The catalyst?", False),
    ("ainvest", "The firm's Reginald Smith and Charles Pearce\n, with over 600 megawatts of deals signed since late September, including partnerships with AWS, Microsoft, and Google-backed Fluidstack.", False),
]


@needs_flagship
@pytest.mark.parametrize("sid, text, heading", FLAGSHIP_HEADINGS)
def test_flagship_headings(sid, text, heading):
    sentences = segment(clean(load_source(FLAGSHIP / "sources" / f"{sid}.txt")))
    assert [s.heading for s in sentences if s.text == text] == [heading]


@pytest.mark.skipif(not STORIES, reason="shared corpus not found")
@pytest.mark.parametrize("story", STORIES)
def test_corpus_sentences_exact(story):
    """Every sentence is its exact source slice, trimmed, inside its block, in order."""
    for path in sorted((CORPUS / story / "sources").glob("*.txt")):
        c = clean(load_source(path))
        sentences = segment(c)
        assert sentences, path.name
        text = c.source.text
        for i, s in enumerate(sentences):
            block = c.blocks[s.block]
            assert s.text == text[s.start:s.end] and s.text == s.text.strip() and s.index == i
            assert block.start <= s.start < s.end <= block.end
        assert [s.start for s in sentences] == sorted(s.start for s in sentences)
        keys = [" ".join(s.text.split()) for s in sentences]
        assert len(keys) == len(set(keys))


@pytest.mark.skipif(not STORIES, reason="shared corpus not found")
@pytest.mark.parametrize("story", STORIES)
def test_corpus_fact_quotes_within_one_sentence(story):
    expected = json.loads((CORPUS / story / "expected.json").read_text(encoding="utf-8"))
    sentences = {p.stem: segment(clean(load_source(p))) for p in (CORPUS / story / "sources").glob("*.txt")}
    quotes = [(f.get("id"), sid, q) for f in expected["facts"] for sid, q in (f.get("quote") or {}).items()]
    missing = [(fid, sid, q) for fid, sid, q in quotes if not any(q in s.text for s in sentences[sid])]
    assert missing == [], f"{len(missing)} of {len(quotes)} quotes split across sentences: {missing}"


def test_abbreviation_data():
    data = lexicon.load("abbreviations")
    assert not set(data["never_end"]) & set(data["may_end"])
    for word in ["Inc.", "Corp.", "Ltd.", "Co.", "U.S.", "U.K.", "Sept.", "p.m.", "a.m.", "etc."]:
        assert word in data["may_end"]
    for word in ["Mr.", "Dr.", "St.", "No.", "vs.", "e.g.", "i.e."]:
        assert word in data["never_end"]


def test_linear_time_on_one_megabyte():
    chunks = ["Cipher Mining Inc. (CIFR) rose 4.2% to $14.74.", "U.S.-listed miners fell.", "megawatt.In", "a\n", "Sept., ", "x" * 50, "... "]
    text = " ".join(chunks * (1_000_000 // 120)) + "." * 100_000 + "a." * 100_000
    started = time.perf_counter()
    spans = split_spans(text)
    assert time.perf_counter() - started < 10
    assert len(spans) > 10_000 and re.search(r"\S", text[spans[-1][0]:spans[-1][1]])
