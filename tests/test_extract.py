"""Real sentences -> expected claims: the extractor's backbone table.

Each row names a source, a fragment of the sentence (a plain substring of the
article), and the claim a careful reader takes from it: subject, measure, value,
unit, and optionally hedge, previous value, time and scope qualifiers.

Groups:
- FLAGSHIP: sentences of the bundled story claims/jpm-miners-2025-11, read in their
  articles (so "the company" and "its" resolve as they do for a reader).
- WRITTEN: short articles written for this table, in the same genre, for cases the
  flagship lacks (other brokers, downgrades, euros, ranges, sectors).
Known failures stay in the table as strict xfail.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from factcheck.pipeline import analyse

FLAGSHIP = Path(__file__).resolve().parents[1] / "claims" / "jpm-miners-2025-11"

X = pytest.mark.xfail


def row(source, fragment, subject, measure, value, unit, *, marks=(), **extra):
    return pytest.param(source, fragment, subject, measure, value, unit, extra, marks=marks,
                        id=f"{source}:{fragment[:40]}:{measure}")


FLAGSHIP_ROWS = [
    # coindesk
    row("coindesk", "The bank upgraded Cipher Mining (CIFR) to overweight", "CIFR", "rating", "overweight", "rating", previous="neutral"),
    row("coindesk", "The bank upgraded Cipher Mining (CIFR) to overweight", "CIFR", "rating_action", "upgrade", "rating"),
    row("coindesk", "raised its price target on the stock to $18 from $12", "CIFR", "price_target", 18, "USD", previous=12),
    row("coindesk", "The shares were 4.2% higher in early trading, at $14.74", "CIFR", "share_price", 14.74, "USD", time={"session": "early trading"}),
    row("coindesk", "The shares were 4.2% higher in early trading, at $14.74", "CIFR", "share_price_change", 4.2, "%", time={"session": "early trading"}),
    row("coindesk", "CleanSpark (CLSK) was also raised to overweight from neutral", "CLSK", "rating", "overweight", "rating", previous="neutral"),
    row("coindesk", "CleanSpark (CLSK) was also raised to overweight from neutral", "CLSK", "rating_action", "upgrade", "rating"),
    row("coindesk", "The stock rose 4.6% in pre-market trading to $10.18", "CLSK", "share_price", 10.18, "USD", time={"session": "pre-market"}),
    row("coindesk", "The stock rose 4.6% in pre-market trading to $10.18", "CLSK", "share_price_change", 4.6, "%", time={"session": "pre-market"}),
    row("coindesk", "IREN’s price objective was lifted to $39 from $28", "IREN", "price_target", 39, "USD", previous=28),
    row("coindesk", "The bank maintained its underweight rating on the bitcoin miner", "IREN", "rating", "underweight", "rating"),
    row("coindesk", "The bank maintained its underweight rating on the bitcoin miner", "IREN", "rating_action", "maintain", "rating"),
    row("coindesk", "The shares were 2.2% higher at $43.20", "IREN", "share_price", 43.2, "USD"),
    row("coindesk", "The shares were 2.2% higher at $43.20", "IREN", "share_price_change", 2.2, "%"),
    row("coindesk", "MARA’s was trimmed to $13 from $20", "MARA", "price_target", 13, "USD", previous=20),
    row("coindesk", "Riot to $17 from $19", "RIOT", "price_target", 17, "USD", previous=19),
    row("coindesk", "MARA rose 2.8% to $10.35", "MARA", "share_price", 10.35, "USD"),
    row("coindesk", "RIOT gained 1.8% to $12.94", "RIOT", "share_price", 12.94, "USD", time={"session": "publication time"}),
    row("coindesk", "RIOT gained 1.8% to $12.94", "RIOT", "share_price_change", 1.8, "%"),
    row("coindesk", "more than $19 billion in contracted revenue", "CIFR+IREN", "revenue", 19e9, "USD", hedge="more_than"),
    row("coindesk", "600 megawatts (MW) of critical IT capacity signed by IREN and Cipher", "CIFR+IREN", "capacity", 600, "MW"),
    row("coindesk", "roughly 1.7 gigawatts (GW) of critical IT capacity across its coverage", "miners", "capacity", 1700, "MW", hedge="about", time={"horizon": "late-2026"}),
    row("coindesk", "Cipher’s 45% pullback from recent highs", "CIFR", "drawdown", 45, "%"),
    row("coindesk", "its roughly 600 MW of contracted capacity", "CIFR", "capacity", 600, "MW", hedge="about", tags=["contracted"]),
    row("coindesk", "about 200 MW of potential HPC capacity at its new Texas site", "CLSK", "capacity", 200, "MW", hedge="about"),
    row("coindesk", "$8M to $17M for colocation", None, "value_per_mw", 8e6, "USD/MW", hedge="range", high=17e6),
    # theblock
    row("theblock", "after more than 600 megawatts of long-term AI-related deals", "miners", "capacity", 600, "MW", hedge="more_than"),
    row("theblock", "They now expect miners to announce roughly 1.7 gigawatts", "miners", "capacity", 1700, "MW", hedge="about"),
    row("theblock", "equal to about 35% of their approved power footprint", "miners", "share_of_capacity", 35, "%", hedge="about"),
    row("theblock", "Cipher Mining was raised to Overweight from Neutral", "CIFR", "rating", "overweight", "rating", previous="neutral"),
    row("theblock", "price target lifted to $18 from $12", "CIFR", "price_target", 18, "USD", previous=12, time={"horizon": "2026-12"}),
    row("theblock", "the company’s recent 410 MW of HPC contracts", "CIFR", "capacity", 410, "MW", tags=["contracted"]),
    row("theblock", "a share-price pullback of roughly 45% from recent highs", "CIFR", "drawdown", 45, "%", hedge="about"),
    row("theblock", "approximately 480 MW of critical IT by 2026", "CIFR", "capacity", 480, "MW", hedge="about", time={"horizon": "2026"}),
    row("theblock", "roughly 64% of its approved capacity", "CIFR", "share_of_capacity", 64, "%", hedge="about"),
    row("theblock", "CleanSpark was also upgraded to Overweight", "CLSK", "rating_action", "upgrade", "rating"),
    row("theblock", "with JPMorgan reiterating its $14 target", "CLSK", "price_target", 14, "USD"),
    row("theblock", "roughly 200 MW of critical-IT potential", "CLSK", "capacity", 200, "MW", hedge="about"),
    row("theblock", "newly acquired 285-MW Texas site", "CLSK", "capacity", 285, "MW", tags=["site"]),
    row("theblock", "valuing that capacity at about $13 million per megawatt", "CLSK", "value_per_mw", 13e6, "USD/MW", hedge="about"),
    row("theblock", "boosted its price target for IREN to $39 from $28", "IREN", "price_target", 39, "USD", previous=28),
    row("theblock", "company’s $9.7 billion Microsoft deal", "IREN", "deal_value", 9.7e9, "USD"),
    row("theblock", "Still, it maintained an Underweight rating", "IREN", "rating", "underweight", "rating"),
    row("theblock", "660 MW of contracted critical-IT load by 2026", "IREN", "capacity", 660, "MW", time={"horizon": "2026"}),
    row("theblock", "about 250,000 GPUs", "IREN", "count", 250000, "GPUs", hedge="about"),
    row("theblock", "roughly $6 billion in annualized cloud-services revenue", "IREN", "annualized_revenue", 6e9, "USD", hedge="about"),
    row("theblock", "which traded around $46.70 on Monday morning", "IREN", "share_price", 46.7, "USD", hedge="about", time={"session": "morning"}),
    row("theblock", "MARA Holdings' target was reduced to $13 from $20", "MARA", "price_target", 13, "USD", previous=20),
    row("theblock", "from roughly $2.5 billion to $1.3 billion", "MARA", "valuation", 1.3e9, "USD", previous=2.5e9),
    row("theblock", "Riot’s target was lowered to $17 from $19", "RIOT", "price_target", 17, "USD", previous=19),
    row("theblock", "a 600-MW colocation deal at its Corsicana development", "RIOT", "capacity", 600, "MW"),
    row("theblock", "marked down the value of its mining operations to roughly $1 billion", "RIOT", "valuation", 1e9, "USD", hedge="about"),
    # marketdash
    row("marketdash", "lifted its December 2026 price target to $18 from $12", "CIFR", "price_target", 18, "USD", previous=12, time={"horizon": "2026-12"}),
    row("marketdash", "Cipher recently locked in 410 megawatts of HPC contracts", "CIFR", "capacity", 410, "MW", tags=["contracted"]),
    row("marketdash", "On Monday, CIFR traded near $16.77, up about 18.6%", "CIFR", "share_price", 16.77, "USD", hedge="about"),
    row("marketdash", "On Monday, CIFR traded near $16.77, up about 18.6%", "CIFR", "share_price_change", 18.6, "%", hedge="about"),
    row("marketdash", "CleanSpark Inc. (CLSK) also earned an upgrade to Overweight", "CLSK", "rating_action", "upgrade", "rating"),
    row("marketdash", "The stock traded near $11.15 on Monday, up about 14.6%", "CLSK", "share_price", 11.15, "USD", hedge="about"),
    row("marketdash", "IREN traded around $48.16 on Monday morning, up 13.8%", "IREN", "share_price", 48.16, "USD", hedge="about", time={"session": "morning"}),
    row("marketdash", "JPMorgan kept its Underweight rating on the stock", "IREN", "rating_action", "maintain", "rating"),
    row("marketdash", "660 megawatts of contracted critical-IT load by 2026", "IREN", "capacity", 660, "MW"),
    row("marketdash", "price target for MARA Holdings Inc. (MARA) to $13 from $20", "MARA", "price_target", 13, "USD", previous=20),
    row("marketdash", "Since late September, miners have signed more than 600 megawatts", "miners", "capacity", 600, "MW", hedge="more_than"),
    row("marketdash", "reduced the valuation of Riot's mining business to about $1 billion", "RIOT", "valuation", 1e9, "USD", hedge="about"),
    row("marketdash", "representing roughly one-third of its approved power capacity", "RIOT", "share_of_capacity", 100 / 3, "%", hedge="about"),
    # ainvest
    row("ainvest", "upgrading (CIFR) and (CLSK) to Overweight", "CLSK", "rating_action", "upgrade", "rating"),
    row("ainvest", "Cipher Mining's rating was lifted from Neutral to Overweight", "CIFR", "rating", "overweight", "rating", previous="neutral"),
    row("ainvest", "December 2026 price target raised to $18 from $12", "CIFR", "price_target", 18, "USD", previous=12),
    row("ainvest", "CleanSpark, meanwhile, retained its Overweight rating", "CLSK", "rating_action", "maintain", "rating"),
    row("ainvest", "Cipher's shares rose 4.59% to $14.80", "CIFR", "share_price", 14.8, "USD"),
    row("ainvest", "CleanSpark climbed 4.42% pre-market", "CLSK", "share_price_change", 4.42, "%", time={"session": "pre-market"}),
    row("ainvest", "with over 600 megawatts of deals signed since late September", "miners", "capacity", 600, "MW", hedge="more_than"),
    row("ainvest", "trimmed MARA's price target to $13 from $20", "MARA", "price_target", 13, "USD", previous=20),
    # newsbrief
    row("newsbrief", "Cipher Mining (CIFR) and CleanSpark (CLSK)—to overweight from neutral", "CLSK", "rating", "overweight", "rating", previous="neutral"),
    row("newsbrief", "miners have secured over $19 billion in contracted revenue", "miners", "revenue", 19e9, "USD", hedge="more_than"),
    row("newsbrief", "across 600 megawatts of critical IT capacity", "miners", "capacity", 600, "MW"),
    row("newsbrief", "With Cipher down 45% from recent highs", "CIFR", "drawdown", 45, "%"),
    row("newsbrief", "CleanSpark poised to add 200 MW at its new Texas site", "CLSK", "capacity", 200, "MW"),
]


@pytest.fixture(scope="module")
def flagship():
    """The extractor's own claims: the story's reviewed claims.json is not read."""
    return analyse([FLAGSHIP], claims="fresh")


def _close(a, b):
    if isinstance(b, str) or isinstance(a, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _matches(claim, subject, measure, value, unit, extra) -> bool:
    if claim.measure != measure or claim.unit != unit or not _close(claim.value, value):
        return False
    if subject is not None and claim.subject != subject:
        return False
    for key in ("hedge", "previous", "high", "low"):
        if key in extra and not _close(getattr(claim, key), extra[key]):
            return False
    for key, want in extra.get("time", {}).items():
        if claim.time.get(key) != want:
            return False
    if "tags" in extra and not set(extra["tags"]) <= set(claim.scope.get("tags", [])):
        return False
    if "broker" in extra and claim.scope.get("broker") != extra["broker"]:
        return False
    return True


def _describe(claims):
    return "\n".join(f"  {c.subject} {c.measure} {c.value!r} {c.unit} hedge={c.hedge} prev={c.previous} time={c.time} scope={c.scope}" for c in claims)


def _assert_claim(analysis, source, fragment, subject, measure, value, unit, extra):
    """Some claim from the sentence holding ``fragment`` is the expected one."""
    from_sentence = [c for c in analysis.claims if c.source == source and fragment in c.quote]
    assert from_sentence, f"no claim from a sentence containing {fragment!r}"
    assert any(_matches(c, subject, measure, value, unit, extra) for c in from_sentence), (
        f"expected {subject} {measure} {value} {unit} {extra}; got:\n{_describe(from_sentence)}")


@pytest.mark.parametrize("source,fragment,subject,measure,value,unit,extra", FLAGSHIP_ROWS)
def test_flagship_sentence(flagship, source, fragment, subject, measure, value, unit, extra):
    _assert_claim(flagship, source, fragment, subject, measure, value, unit, extra)


# --- WRITTEN: a short article in the genre, for cases the flagship lacks ----------------------

WRITTEN_ARTICLE = """outlet: Test Wire
published: 2026-03-02
---
Northwind Bank downgrades Globex Industries (GBX) to Underweight

Northwind Bank downgraded Globex Industries (GBX) to underweight from neutral on Monday and cut its price target to €42 from €55.
The shares fell 3.1% to €40.10 in early trading.
Globex reported first-quarter revenue of €1.2 billion, up 8% from a year earlier.
Analysts at Northwind Bank also initiated coverage of Initech Corp. (INTC2) with a Buy rating and a $30 price target.
Initech expects to spend between $2 billion and $2.5 billion on new plants by 2027.
"""

WRITTEN_ROWS = [
    row("wire", "downgraded Globex Industries (GBX) to underweight", "GBX", "rating", "underweight", "rating", previous="neutral"),
    row("wire", "downgraded Globex Industries (GBX) to underweight", "GBX", "rating_action", "downgrade", "rating"),
    row("wire", "cut its price target to €42 from €55", "GBX", "price_target", 42, "EUR", previous=55),
    row("wire", "The shares fell 3.1% to €40.10", "GBX", "share_price", 40.1, "EUR", time={"session": "early trading"}),
    row("wire", "The shares fell 3.1% to €40.10", "GBX", "share_price_change", 3.1, "%"),
    row("wire", "first-quarter revenue of €1.2 billion", "GBX", "revenue", 1.2e9, "EUR"),
    row("wire", "up 8% from a year earlier", "GBX", "revenue_growth", 8, "%", tags=["year on year"]),
    row("wire", "initiated coverage of Initech Corp. (INTC2) with a Buy rating", "INTC2", "rating", "buy", "rating"),
    row("wire", "initiated coverage of Initech Corp. (INTC2) with a Buy rating", "INTC2", "price_target", 30, "USD"),
    row("wire", "between $2 billion and $2.5 billion on new plants", "INTC2", "purchase", 2e9, "USD", hedge="range", high=2.5e9,
        time={"horizon": "2027"}),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("written") / "sources"
    folder.mkdir()
    (folder / "wire.txt").write_text(WRITTEN_ARTICLE, encoding="utf-8")
    return analyse([folder.parent])


@pytest.mark.parametrize("source,fragment,subject,measure,value,unit,extra", WRITTEN_ROWS)
def test_written_sentence(written, source, fragment, subject, measure, value, unit, extra):
    _assert_claim(written, source, fragment, subject, measure, value, unit, extra)
