"""Tests for factcheck.copying: which sources copy (or lightly paraphrase) another.

Three groups: the flagship story (jpm-miners-2025-11, bundled, may be quoted), the
corpus stories (read at run time, skipped when ../shared/corpus is absent; their text
is not quoted here), and short articles written for these tests with invented names.

Expected links are a reader's judgment from reading the articles side by side:
- flagship: AInvest re-words The Block sentence by sentence; the unattributed brief
  condenses CoinDesk (its $19 billion, $8-17 million per megawatt and "cash-flow
  visibility" appear in CoinDesk alone); MarketDash rewrites The Block at length, in
  the same order, with one sentence repeated word for word. CoinDesk is independent.
- iren-microsoft-9-7b-contract: WION re-words the Reuters text (and says
  "according to Reuters"); the other outlets write from the press release.
- cipher-aws-5-5b-lease: six independent write-ups of one press release.
"""

from __future__ import annotations

import json
import random
from importlib import resources

import pytest

from factcheck import copying, lexicon
from factcheck.clean import clean
from factcheck.copying import CopyLink, compare_sources, detect_copies, root_origins, words
from factcheck.load import load_story
from factcheck.model import Source
from factcheck.segment import segment

from corpus import CORPUS, FLAGSHIP, STORIES, needs_corpus, needs_flagship


def read(path) -> tuple[list[Source], dict]:
    _, sources = load_story([str(path)])
    return sources, {s.id: segment(clean(s)) for s in sources}


def written(*articles: tuple[str, str, str | None, str]) -> tuple[list[Source], dict]:
    """Sources from (id, outlet, published, text) tuples, cleaned and segmented like real ones."""
    sources = [Source(id=i, path=f"{i}.txt", text=t, body_start=0, outlet=o, published=p) for i, o, p, t in articles]
    return sources, {s.id: segment(clean(s)) for s in sources}


def independent(links: dict[str, CopyLink], ids) -> int:
    """How the check stage counts independent sources."""
    roots = root_origins(links)
    return len({roots.get(i, i) for i in ids})


def quoted(sources, sid: str, span: tuple[int, int]) -> str:
    return next(s for s in sources if s.id == sid).text[span[0]:span[1]]


# --------------------------------------------------------------------------- flagship

@pytest.fixture(scope="module")
def flagship():
    return read(FLAGSHIP)


@needs_flagship
def test_flagship_summaries_point_to_what_they_condense(flagship):
    links = detect_copies(*flagship)
    assert links["ainvest"].origin == "theblock"
    assert links["newsbrief"].origin == "coindesk"


@needs_flagship
def test_flagship_rewrite_and_its_original_are_one_source(flagship):
    links = detect_copies(*flagship)
    roots = root_origins(links)
    assert "coindesk" not in links
    assert roots.get("theblock", "theblock") == roots.get("marketdash", "marketdash")
    assert independent(links, [s.id for s in flagship[0]]) == 2  # The Block's line and CoinDesk's line


@needs_flagship
@pytest.mark.xfail(strict=True, reason="known gap: without dates, the longer rewrite (MarketDash) reads as the more complete origin")
def test_flagship_rewrite_with_additions_points_to_the_original(flagship):
    assert detect_copies(*flagship)["marketdash"].origin == "theblock"


@needs_flagship
def test_flagship_evidence_quotes_the_paraphrase(flagship):
    sources, _ = flagship
    link = detect_copies(*flagship)["ainvest"]
    pairs = [(quoted(sources, "ainvest", e.derived), quoted(sources, "theblock", e.origin)) for e in link.evidence]
    assert ("Cipher Mining's rating was lifted from Neutral to Overweight, with a December 2026 price target raised to $18 from $12.",
            "Cipher Mining was raised to Overweight from Neutral, with its December 2026 price target lifted to $18 from $12.") in pairs
    assert 1 <= len(link.evidence) <= lexicon.load("copying")["evidence_pairs"]


@needs_flagship
def test_flagship_independent_pair_shares_little(flagship):
    """CoinDesk and The Block report the same note: same figures, own words."""
    matches = compare_sources(*flagship)
    assert matches["coindesk", "theblock"].share < 0.2
    assert matches["theblock", "coindesk"].share < 0.2


@needs_flagship
def test_flagship_links_do_not_depend_on_input_order(flagship):
    sources, sentences = flagship
    expected = detect_copies(sources, sentences)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = sources[:]
        rng.shuffle(shuffled)
        keys = list(sentences)
        rng.shuffle(keys)
        assert detect_copies(shuffled, {k: sentences[k] for k in keys}) == expected


@needs_flagship
def test_join_finds_every_similar_pair(flagship):
    """The prefix-filtered join returns exactly the pairs an all-pairs comparison finds."""
    sources, sentences = flagship
    units = [u for s in sorted(sources, key=lambda s: s.id) for u in copying._units(s.id, [words(x.text) for x in sentences[s.id]])]
    threshold = lexicon.load("copying")["sentence_similarity"]

    def key(u, v):
        return tuple(sorted([(u.source, u.first, u.last), (v.source, v.first, v.last)]))

    joined = {key(u, v) for u, v, _ in copying._similar_pairs(units, threshold)}
    brute = {key(u, v) for i, u in enumerate(units) for v in units[i + 1:]
             if u.source != v.source and copying._dice(u.words, v.words) >= threshold}
    assert joined == brute and len(brute) > 20


# --------------------------------------------------------------------------- corpus

EXPECTED = {
    "cipher-aws-5-5b-lease": {},
    "iren-microsoft-9-7b-contract": {"wion": "reuters-localnewswave"},
    "jpm-miners-2025-11": {"ainvest": "theblock", "newsbrief": "coindesk", "theblock": "marketdash"},
}
INDEPENDENT = {"cipher-aws-5-5b-lease": 6, "iren-microsoft-9-7b-contract": 5, "jpm-miners-2025-11": 2}


@needs_corpus
@pytest.mark.parametrize("story", sorted(EXPECTED))
def test_corpus_links(story):
    if story not in STORIES:
        pytest.skip(f"{story} is not in the corpus")
    sources, sentences = read(CORPUS / story)
    links = detect_copies(sources, sentences)
    assert {d: link.origin for d, link in links.items()} == EXPECTED[story]
    assert independent(links, [s.id for s in sources]) == INDEPENDENT[story]


@needs_corpus
@pytest.mark.parametrize("story", STORIES)
def test_corpus_evidence_spans_are_sentences_of_each_side(story):
    sources, sentences = read(CORPUS / story)
    for link in detect_copies(sources, sentences).values():
        for e in link.evidence:
            for sid, span in ((link.source, e.derived), (link.origin, e.origin)):
                starts = {s.start for s in sentences[sid]}
                ends = {s.end for s in sentences[sid]}
                assert span[0] in starts and span[1] in ends
            assert e.similarity >= lexicon.load("copying")["sentence_similarity"]


# --------------------------------------------------------------------------- written examples

WIRE = """Acme Mining agreed a 12-year lease with Globex Cloud worth about $4.2 billion, the company said on Tuesday.

Under the deal, Acme will deliver 250 megawatts of capacity at its Red Rock campus in two phases starting in March 2027.

Globex will prepay 15% of the contract value, and Acme plans to fund the remaining construction with project debt.

Chief executive Dana Wells said the agreement marks the company's shift from bitcoin mining to hosting artificial intelligence workloads.

Acme shares rose 18% in premarket trading after the announcement, while Globex was little changed.

Analysts at Initech Securities raised their price target on Acme to $21 from $15, citing the long contract term and the creditworthy tenant.

The company also reported third-quarter revenue of $61 million, up 40% from a year earlier, though it missed analyst estimates.

Acme expects to announce further hosting contracts at its other sites before the end of next year.
"""

REWRITE = """Acme Mining has signed a 12-year lease with Globex Cloud valued at roughly $4.2 billion, the company announced Tuesday.

The agreement calls for Acme to deliver 250 megawatts of capacity at its Red Rock campus in two phases beginning in March 2027.

Globex is to prepay 15% of the contract value, with Acme planning to fund the rest of the construction through project debt.

CEO Dana Wells said the deal marks the company's move from bitcoin mining to hosting artificial intelligence workloads.

Shares of Acme jumped 18% in premarket trading following the announcement, while Globex was little changed.

Initech Securities analysts lifted their price target on Acme to $21 from $15, pointing to the long contract term and the creditworthy tenant.

Investors will watch whether the company can deliver the first phase on schedule.
"""

OWN_WORDS = """Globex Cloud is renting 250 megawatts from bitcoin miner Acme Mining in a $4.2 billion agreement that runs for 12 years.

The hyperscaler has been scrambling for power, and miners such as Acme already hold grid connections that take years to secure.

Acme's stock climbed 18% before the opening bell on Tuesday.

Initech Securities now sees the shares reaching $21, up from its earlier $15 call.

The first half of the Red Rock capacity is due in March 2027, with the remainder later that year.

Globex will pay 15% up front, a structure that lowers Acme's financing needs.

Rival miners have signed similar deals this autumn as demand for data-center space outstrips supply.

Not every analyst is convinced: some warn that hosting margins depend on construction costs that are still rising.
"""

QUOTING = """Northwind Power is weighing a sale of its West Texas sites, people familiar with the matter said.

The utility has held talks with at least three bidders, including two bitcoin miners looking for grid capacity.

The approach follows Acme Mining's recent hosting agreement, which showed how much data-center tenants will pay for power.

Under the deal, Acme will deliver 250 megawatts of capacity at its Red Rock campus in two phases starting in March 2027.

Globex will prepay 15% of the contract value, and Acme plans to fund the remaining construction with project debt.

Northwind declined to comment on the talks, and no decision has been made.

Any sale would need approval from the state regulator, a process that usually takes several months.

Shares of Northwind were unchanged in morning trading.
"""

BOILERPLATE = """Disclaimer: This article is provided for informational purposes only and does not constitute investment advice.

Subscribe to our newsletter for the latest mining and data-center news delivered every morning.

All rights reserved. Reproduction of this article without written permission from the publisher is prohibited.
"""


def test_light_paraphrase_is_derived():
    links = detect_copies(*written(("wire", "Northwind Wire", None, WIRE), ("rewrite", "Initech Daily", None, REWRITE)))
    assert set(links) == {"rewrite"}
    assert links["rewrite"].origin == "wire"
    assert (links["rewrite"].matched, links["rewrite"].sentences) == (6, 7)  # six re-worded sentences, one of its own


def test_same_figures_in_own_words_are_independent():
    """Every key figure (12 years, $4.2 billion, 250 MW, 15%, 18%, $21 from $15, March 2027) is shared; no wording is."""
    sources, sentences = written(("wire", "Northwind Wire", None, WIRE), ("own", "Globex Times", None, OWN_WORDS))
    assert detect_copies(sources, sentences) == {}
    matches = compare_sources(sources, sentences)
    assert matches["own", "wire"].share < 0.2 and matches["wire", "own"].share < 0.2


def test_quoting_two_sentences_is_not_copying():
    sources, sentences = written(("wire", "Northwind Wire", None, WIRE), ("quoting", "Initech Daily", None, QUOTING))
    assert compare_sources(sources, sentences)["quoting", "wire"].matched == 2
    assert detect_copies(sources, sentences) == {}


def test_shared_boilerplate_does_not_make_a_copy():
    sources, sentences = written(("wire", "Northwind Wire", None, WIRE + "\n" + BOILERPLATE),
                                 ("own", "Globex Times", None, OWN_WORDS + "\n" + BOILERPLATE))
    assert detect_copies(sources, sentences) == {}


def test_short_sentences_are_not_counted():
    sources, sentences = written(("wire", "Northwind Wire", None, WIRE), ("ticker", "Globex Ticker", None,
                                 "Acme rises 18%.\n\nGlobex little changed.\n\nAcme target $21.\n"))
    matches = compare_sources(sources, sentences)
    assert matches["ticker", "wire"].sentences == 0
    assert detect_copies(sources, sentences) == {}


def test_earlier_publication_is_the_origin_even_when_shorter():
    links = detect_copies(*written(("wire", "Northwind Wire", "2025-03-05", WIRE), ("rewrite", "Initech Daily", "2025-03-04", REWRITE)))
    assert {d: link.origin for d, link in links.items()} == {"wire": "rewrite"}


def test_the_source_that_names_the_other_outlet_is_derived():
    credited = REWRITE.replace("the company announced Tuesday.", "according to Northwind Wire.")
    links = detect_copies(*written(("b-wire", "Northwind Wire (syndicated)", None, REWRITE), ("a-site", "Initech Daily", None, credited)))
    assert {d: link.origin for d, link in links.items()} == {"a-site": "b-wire"}  # by id alone, a-site would be the origin


def test_identical_texts_give_one_link_by_id():
    links = detect_copies(*written(("globex", "Globex Times", None, WIRE), ("acme", "Acme News", None, WIRE)))
    assert {d: link.origin for d, link in links.items()} == {"globex": "acme"}
    assert links["globex"].share == 1.0 and links["globex"].origin_share == 1.0


def test_chain_keeps_direct_origin_and_counts_one_source():
    repost = REWRITE.replace("Investors will watch", "Traders will watch")
    sources, sentences = written(("wire", "Northwind Wire", "2025-03-04", WIRE), ("rewrite", "Initech Daily", "2025-03-04", REWRITE),
                                 ("repost", "Globex Aggregator", "2025-03-06", repost))
    links = detect_copies(sources, sentences)
    assert {d: link.origin for d, link in links.items()} == {"rewrite": "wire", "repost": "rewrite"}
    assert root_origins(links) == {"repost": "wire", "rewrite": "wire"}
    assert independent(links, ["wire", "rewrite", "repost"]) == 1


def test_written_links_do_not_depend_on_input_order():
    articles = [("wire", "Northwind Wire", None, WIRE), ("rewrite", "Initech Daily", None, REWRITE),
                ("own", "Globex Times", None, OWN_WORDS), ("quoting", "Acme Herald", None, QUOTING)]
    expected = detect_copies(*written(*articles))
    assert set(expected) == {"rewrite"}
    for order in (articles[::-1], articles[2:] + articles[:2]):
        assert detect_copies(*written(*order)) == expected


def test_root_origins_of_no_links_is_empty():
    assert root_origins({}) == {}


# --------------------------------------------------------------------------- data file

def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys: {sorted(k for k in keys if keys.count(k) > 1)}"
    return dict(pairs)


def test_copying_data_validates_without_duplicate_keys():
    assert lexicon.validation_errors(lexicon.load("copying"), "copying") == []
    text = resources.files("factcheck.data").joinpath("copying.json").read_text(encoding="utf-8")
    json.loads(text, object_pairs_hook=_no_duplicate_keys)


def test_copying_data_is_consistent():
    data = lexicon.load("copying")
    stop = set(data["stop_words"])
    assert not stop & set(data["equivalents"].values()), "an equivalent that is a stop word would vanish"
    lengths = [len(s) for s in data["suffixes"]]
    assert lengths == sorted(lengths, reverse=True), "suffixes are tried in order, so longer ones come first"
