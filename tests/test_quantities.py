"""Tests for factcheck.quantities: real sentences -> the quantities they state.

Each row is a sentence and every quantity expected in it, as
(text, value, unit, hedge, low, high, previous, change). The broader value+unit benchmark is
tests/test_quantity_benchmark.py.
"""

from __future__ import annotations

import json
import random
import string
import time
from pathlib import Path

import pytest

from factcheck.quantities import find_quantities, parse_number

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FLAGSHIP = "jpm-miners-2025-11"


def Q(text, value, unit, hedge="exact", low=None, high=None, previous=None, change=None):
    """An expected quantity; bounds follow from the hedge unless given."""
    if hedge == "more_than" and low is None:
        low = value
    if hedge in ("up_to", "less_than") and high is None:
        high = value
    return (text, value, unit, hedge, low, high, previous, change)


def _r(x):
    return None if x is None else float(f"{x:.10g}")


def _found(sentence: str) -> list[tuple]:
    return [
        (q.text, _r(q.value), q.unit, q.hedge, _r(q.low), _r(q.high), _r(q.previous), q.change)
        for q in find_quantities(sentence)
    ]


def _expected(rows) -> list[tuple]:
    return [(t, _r(v), u, h, _r(lo), _r(hi), _r(p), c) for t, v, u, h, lo, hi, p, c in rows]


def case(sentence, *quantities, id=None, marks=()):
    return pytest.param(sentence, list(quantities), id=id or sentence[:50], marks=marks)


# Group 1: sentences copied verbatim from the flagship story's articles,
# /work/shared/corpus/jpm-miners-2025-11/sources/{coindesk,marketdash,newsbrief,theblock,ainvest}.txt
FLAGSHIP_CASES = [
    # coindesk.txt
    case("The bank upgraded Cipher Mining (CIFR) to overweight from neutral and raised its price target on the stock to $18 from $12.",
         Q("to $18 from $12", 18, "USD", previous=12, change="from-to")),
    case("The shares were 4.2% higher in early trading, at $14.74.",
         Q("4.2% higher", 4.2, "%", change="up"), Q("$14.74", 14.74, "USD")),
    case("The stock rose 4.6% in pre-market trading to $10.18.",
         Q("4.6%", 4.6, "%"), Q("$10.18", 10.18, "USD")),
    case("IREN’s price objective was lifted to $39 from $28.",
         Q("to $39 from $28", 39, "USD", previous=28, change="from-to")),
    case("The shares were 2.2% higher at $43.20.",
         Q("2.2% higher", 2.2, "%", change="up"), Q("$43.20", 43.2, "USD")),
    case("MARA’s was trimmed to $13 from $20, Riot to $17 from $19.",
         Q("to $13 from $20", 13, "USD", previous=20, change="from-to"),
         Q("to $17 from $19", 17, "USD", previous=19, change="from-to")),
    case("MARA rose 2.8% to $10.35, RIOT gained 1.8% to $12.94 at publication time.",
         Q("2.8%", 2.8, "%"), Q("$10.35", 10.35, "USD"), Q("1.8%", 1.8, "%"), Q("$12.94", 12.94, "USD")),
    case("The bank pointed to the more than $19 billion in contracted revenue across 600 megawatts (MW) of critical IT "
         "capacity signed by IREN and Cipher since late Sept., evidence, it says, of miners’ accelerating pivot from "
         "bitcoin-only exposure to hybrid HPC operators.",
         Q("more than $19 billion", 19e9, "USD", "more_than"), Q("600 megawatts (MW)", 600, "MW")),
    case("JPMorgan now expects roughly 1.7 gigawatts (GW) of critical IT capacity across its coverage by late 2026, led by IREN and Cipher.",
         Q("roughly 1.7 gigawatts (GW)", 1700, "MW", "about")),
    case("Cipher’s 45% pullback from recent highs offers a compelling entry, the report argued, given its roughly 600 MW of "
         "contracted capacity with major tenants like AWS and Fluidstack.",
         Q("45%", 45, "%"), Q("roughly 600 MW", 600, "MW", "about")),
    case("CleanSpark’s upgrade reflects about 200 MW of potential HPC capacity at its new Texas site.",
         Q("about 200 MW", 200, "MW", "about")),
    case("The bank’s analysts now assign higher equity value per megawatt, $8M to $17M for colocation and up to $19M for "
         "integrated cloud, driven by lower discount rates and stronger cash-flow visibility.",
         Q("$8M to $17M", 8e6, "USD", "range", 8e6, 17e6), Q("up to $19M", 19e6, "USD", "up_to")),
    case("Without renewed ETF inflows, the bank sees bitcoin drifting toward its $82K year-end bear case.",
         Q("$82K", 82000, "USD")),
    case("Citi said bitcoin exchange-traded fund outflows have reached nearly $4 billion since Oct. 10.",
         Q("nearly $4 billion", 4e9, "USD", "about")),
    case("GoPlus Intelligence’s Token Security API averaged 717 million monthly calls year-to-date in 2025 , with a peak of "
         "nearly 1 billion calls in February 2025.",
         Q("717 million monthly calls", 717e6, "calls"), Q("nearly 1 billion calls", 1e9, "calls", "about")),
    case("The GoPlus App is the primary revenue driver, contributing $2.5M (approx. 53%), followed by the SafeToken Protocol at $1.7M.",
         Q("$2.5M", 2.5e6, "USD"), Q("approx. 53%", 53, "%", "about"), Q("$1.7M", 1.7e6, "USD")),
    case("Since its January 2025 launch , the $GPS token has registered over $5B in total spot volume and $10B in derivatives volume in 2025.",
         Q("over $5B", 5e9, "USD", "more_than"), Q("$10B", 10e9, "USD")),
    case("Nov 24, 2025, 1:15 p.m.", id="date and time are not quantities"),
    case("Consensus 2026", id="a year in a name is not a quantity"),
    # marketdash.txt
    case("The investment bank refreshed its coverage of the crypto mining sector on Monday, upgrading two companies while "
         "cutting price targets across several legacy operators who are still betting primarily on bitcoin extraction.",
         Q("two companies", 2, "companies")),
    case("Since late September, miners have signed more than 600 megawatts worth of AI-related deals.",
         Q("more than 600 megawatts", 600, "MW", "more_than")),
    case("JPMorgan expects the sector to announce roughly 1.7 gigawatts of additional critical-IT capacity by late 2026—that's "
         "equal to about 35% of their total approved power footprint.",
         Q("roughly 1.7 gigawatts", 1700, "MW", "about"), Q("about 35%", 35, "%", "about")),
    case("The firm upgraded the stock to Overweight from Neutral and lifted its December 2026 price target to $18 from $12.",
         Q("to $18 from $12", 18, "USD", previous=12, change="from-to")),
    case("The catalyst? Cipher recently locked in 410 megawatts of HPC contracts, and the stock has pulled back about 45% from recent highs.",
         Q("410 megawatts", 410, "MW"), Q("about 45%", 45, "%", "about")),
    case("The bank expects Cipher to secure roughly 480 megawatts of critical-IT capacity by 2026, representing about 64% of "
         "its approved power footprint.",
         Q("roughly 480 megawatts", 480, "MW", "about"), Q("about 64%", 64, "%", "about")),
    case("On Monday, CIFR traded near $16.77, up about 18.6% after bouncing from its rising trendline near $14.",
         Q("near $16.77", 16.77, "USD", "about"), Q("up about 18.6%", 18.6, "%", "about", change="up"),
         Q("near $14", 14, "USD", "about")),
    case("Price has reclaimed the 20-day exponential moving average at $15.89, with the 50-day EMA near $16.91 as the next resistance level.",
         Q("$15.89", 15.89, "USD"), Q("near $16.91", 16.91, "USD", "about")),
    case("A breakout above that area could open a run toward the upper Bollinger Band near $24.62, with support holding in the $14 to $15 range.",
         Q("near $24.62", 24.62, "USD", "about"), Q("$14 to $15", 14, "USD", "range", 14, 15)),
    case("The firm assigned roughly 200 megawatts of critical-IT potential to CleanSpark's new 285-megawatt Texas site, "
         "valuing that capacity at about $13 million per megawatt.",
         Q("roughly 200 megawatts", 200, "MW", "about"), Q("285-megawatt", 285, "MW"),
         Q("about $13 million per megawatt", 13e6, "USD/MW", "about")),
    case("Price remains below the 20-, 50-, 100-, and 200-day EMAs clustered between $12.42 and $14.32, so a sustained close "
         "above that zone is needed to reverse short-term momentum.",
         Q("between $12.42 and $14.32", 12.42, "USD", "range", 12.42, 14.32)),
    case("Immediate resistance sits at $12.40, followed by $14 to $15.",
         Q("$12.40", 12.4, "USD"), Q("$14 to $15", 14, "USD", "range", 14, 15)),
    case("JPMorgan now models 660 megawatts of contracted critical-IT load by 2026, equal to about 250,000 GPUs and roughly "
         "$6 billion in annualized cloud-services revenue.",
         Q("660 megawatts", 660, "MW"), Q("about 250,000 GPUs", 250000, "GPUs", "about"),
         Q("roughly $6 billion", 6e9, "USD", "about")),
    case("IREN traded around $48.16 on Monday morning, up 13.8%, well above JPMorgan's new price target.",
         Q("around $48.16", 48.16, "USD", "about"), Q("up 13.8%", 13.8, "%", change="up")),
    case("JPMorgan cut the valuation of MARA's mining business from roughly $2.5 billion to $1.3 billion.",
         Q("from roughly $2.5 billion to $1.3 billion", 1.3e9, "USD", previous=2.5e9, change="from-to")),
    case("Analysts expect Riot's Corsicana site to include a 600-megawatt colocation deal, representing roughly one-third of "
         "its approved power capacity.",
         Q("600-megawatt", 600, "MW"), Q("roughly one-third", 100 / 3, "%", "about")),
    case("That trendline has served as reliable support for more than a year, and Monday's bounce confirmed strong buyer interest at that level.",
         id="'a year' is no number"),
    # newsbrief.txt
    case("Since late September, miners have secured over $19 billion in contracted revenue across 600 megawatts of critical "
         "IT capacity, driven by partnerships with AWS, Fluidstack and others.",
         Q("over $19 billion", 19e9, "USD", "more_than"), Q("600 megawatts", 600, "MW")),
    case("JPMorgan raised its ratings on two US bitcoin miners—Cipher Mining (CIFR) and CleanSpark (CLSK)—to overweight from neutral",
         Q("two US bitcoin miners", 2, "miners")),
    case("With Cipher down 45% from recent highs and CleanSpark poised to add 200 MW at its new Texas site, traders see compelling entry points.",
         Q("down 45%", 45, "%", change="down"), Q("200 MW", 200, "MW")),
    # theblock.txt
    case("Analysts highlighted the company’s recent 410 MW of HPC contracts and a share-price pullback of roughly 45% from "
         "recent highs, calling it \"a nice entry point.\"",
         Q("410 MW", 410, "MW"), Q("roughly 45%", 45, "%", "about")),
    case("The bank now expects Cipher to secure approximately 480 MW of critical IT by 2026 — roughly 64% of its approved "
         "capacity — and stated that long-duration sites slated for 2028–2029 could support valuations far higher under a "
         "full HPC transition.",
         Q("approximately 480 MW", 480, "MW", "about"), Q("roughly 64%", 64, "%", "about")),
    case("Analysts credit the company with roughly 200 MW of critical-IT potential at its newly acquired 285-MW Texas site, "
         "valuing that capacity at about $13 million per megawatt.",
         Q("roughly 200 MW", 200, "MW", "about"), Q("285-MW", 285, "MW"),
         Q("about $13 million per megawatt", 13e6, "USD/MW", "about")),
    case("Despite the higher target, the new $39 estimate sits below IREN’s current share price, which traded around $46.70 "
         "on Monday morning, according to The Block's price page.",
         Q("$39", 39, "USD"), Q("around $46.70", 46.7, "USD", "about")),
    case("Riot’s target was lowered to $17 from $19. Analysts now expect a 600-MW colocation deal at its Corsicana "
         "development — about one-third of its approved power portfolio — and marked down the value of its mining "
         "operations to roughly $1 billion.",
         Q("to $17 from $19", 17, "USD", previous=19, change="from-to"), Q("600-MW", 600, "MW"),
         Q("about one-third", 100 / 3, "%", "about"), Q("roughly $1 billion", 1e9, "USD", "about")),
    case("Gold is strutting its way into record territory, smashing through $3,700 an ounce Wednesday morning",
         Q("$3,700 an ounce", 3700, "USD/oz")),
    case("As of September 17, 2025, Bitcoin (BTC) stands at $115,748.72 with a market cap of $2.31 trillion, showing a 0.97%…",
         Q("$115,748.72", 115748.72, "USD"), Q("$2.31 trillion", 2.31e12, "USD"), Q("0.97%", 0.97, "%")),
    case("Zero Knowledge Proof Stage 2 Coin Burns Signal a Possible 7000x Explosion!", Q("7000x", 7000, "x")),
    case("+0.02%", Q("+0.02%", 0.02, "%", change="up")),
    # ainvest.txt
    case("Cipher Mining's rating was lifted from Neutral to Overweight, with a December 2026 price target raised to $18 from $12.",
         Q("to $18 from $12", 18, "USD", previous=12, change="from-to")),
    case("JPMorgan now expects miners to allocate 1.7 gigawatts of critical IT capacity to HPC by late 2026, equivalent to "
         "35% of their approved power footprints.",
         Q("1.7 gigawatts", 1700, "MW"), Q("35%", 35, "%")),
    case("Analysts forecast Cipher could secure 480 MW of critical IT capacity by 2026, or 64% of its approved capacity, "
         "with long-term sites in 2028–2029 potentially driving higher valuations .",
         Q("480 MW", 480, "MW"), Q("64%", 64, "%")),
    case("Cipher's shares rose 4.59% to $14.80, while CleanSpark climbed 4.42% pre-market",
         Q("4.59%", 4.59, "%"), Q("$14.80", 14.8, "USD"), Q("4.42%", 4.42, "%")),
    case("JPMorgan noted that HPC capacity valuations had increased, with critical IT colocation now priced at $8 million "
         "to $17 million per megawatt and integrated cloud capacity reaching up to $19 million .",
         Q("$8 million to $17 million per megawatt", 8e6, "USD/MW", "range", 8e6, 17e6),
         Q("up to $19 million", 19e6, "USD", "up_to")),
    case(", with over 600 megawatts of deals signed since late September, including partnerships with AWS, Microsoft, and "
         "Google-backed Fluidstack.",
         Q("over 600 megawatts", 600, "MW", "more_than")),
    case("to $1.3 billion from $2.5 billion.",
         Q("to $1.3 billion from $2.5 billion", 1.3e9, "USD", previous=2.5e9, change="from-to")),
    case("and a 45% share-price pullback as a \"nice entry point\".", Q("45%", 45, "%")),
    case("The report also raised IREN's price target to $39 from $28, reflecting its $9.7 billion Microsoft deal and "
         "integrated cloud capacity valuations.",
         Q("to $39 from $28", 39, "USD", previous=28, change="from-to"), Q("$9.7 billion", 9.7e9, "USD")),
    case("Analysts assign $8–17 million equity value per megawatt for colocation and up to $19 million for integrated cloud, "
         "reflecting stronger cash-flow visibility.",
         Q("$8–17 million equity value per megawatt", 8e6, "USD/MW", "range", 8e6, 17e6),
         Q("up to $19 million", 19e6, "USD", "up_to"),
         marks=pytest.mark.xfail(strict=True, reason="'per megawatt' after two intervening words is not attached; unit comes out USD")),
]


# Group 2: sentences written for these tests in the same business-news genre, for cases the flagship
# lacks: other currencies, revenue and EPS, guidance ranges, "per cent", counts, negatives, units, words.
GENRE_CASES = [
    case("The utility said revenue rose 5.1% to €7.6 billion, ahead of guidance of 4% to 5%.",
         Q("5.1%", 5.1, "%"), Q("€7.6 billion", 7.6e9, "EUR"), Q("4% to 5%", 4, "%", "range", 4, 5)),
    case("Underlying profit fell to $2.2bn from $2.7bn a year earlier.",
         Q("to $2.2bn from $2.7bn", 2.2e9, "USD", previous=2.7e9, change="from-to")),
    case("Initech Systems: upgraded to Buy, target $64 (from $48).",
         Q("$64 (from $48", 64, "USD", previous=48, change="from-to")),
    case("The engine maker expects free cash flow of £2.7bn to £2.9bn this year.",
         Q("£2.7bn to £2.9bn", 2.7e9, "GBP", "range", 2.7e9, 2.9e9)),
    case("The company guided to earnings of $1.10 to $1.20 per share for the fourth quarter.",
         Q("$1.10 to $1.20 per share", 1.1, "USD/share", "range", 1.1, 1.2)),
    case("The group expects full-year revenue of between $4.1 billion and $4.3 billion.",
         Q("between $4.1 billion and $4.3 billion", 4.1e9, "USD", "range", 4.1e9, 4.3e9)),
    case("Adjusted EPS of $2.15 beat the consensus of $2.01, while revenue of $12.3 billion was in line.",
         Q("$2.15", 2.15, "USD"), Q("$2.01", 2.01, "USD"), Q("$12.3 billion", 12.3e9, "USD")),
    case("The lender posted a loss of -$0.45 per share and its margin narrowed by 150 basis points.",
         Q("-$0.45 per share", -0.45, "USD/share"), Q("150 basis points", 150, "bp")),
    case("The bank reported a net loss of $0.12 per share, compared with a profit of 8 cents a share a year earlier.",
         Q("$0.12 per share", 0.12, "USD/share"), Q("8 cents a share", 0.08, "USD/share"),
         id="loss sign is the extract stage's business"),
    case("Shares closed 3.4% lower at 412 pence.",
         Q("3.4% lower", 3.4, "%", change="down"), Q("412 pence", 4.12, "GBP")),
    case("Shares fell as much as 12% before closing down 8.4%.",
         Q("as much as 12%", 12, "%", "up_to"), Q("down 8.4%", 8.4, "%", change="down")),
    case("The peer index slipped (-1.25%) while the stock gained +3.5% on the day.",
         Q("-1.25%", -1.25, "%", change="down"), Q("+3.5%", 3.5, "%", change="up")),
    case("Revenue grew 20 per cent to A$1.2 billion, while US$5.8 billion of debt was refinanced.",
         Q("20 per cent", 20, "%"), Q("A$1.2 billion", 1.2e9, "AUD"), Q("US$5.8 billion", 5.8e9, "USD")),
    case("The retailer will open 12 new stores and hire about 2,000 employees.",
         Q("12 new stores", 12, "stores"), Q("about 2,000 employees", 2000, "employees", "about")),
    case("Analysts expect growth of between 3% and 5% next year, or 3-5% on a constant-currency basis.",
         Q("between 3% and 5%", 3, "%", "range", 3, 5), Q("3-5%", 3, "%", "range", 3, 5)),
    case("The firm will shut 10 or more sites, with as many as 5,000 jobs at risk and fewer than 100 employees kept.",
         Q("10 or more sites", 10, "sites", "more_than"), Q("as many as 5,000 jobs", 5000, "jobs", "up_to"),
         Q("fewer than 100 employees", 100, "employees", "less_than")),
    case("Capex will be in excess of $1 billion, under 2% of sales, spread over 10 years, for at least 15 years of service.",
         Q("in excess of $1 billion", 1e9, "USD", "more_than"), Q("under 2%", 2, "%", "less_than"),
         Q("10 years", 10, "years"), Q("at least 15 years", 15, "years", "more_than")),
    case("The plant produced 1.2 GWh from 500 kW of panels next to a 1-gigawatt campus rated at 1,700 MW.",
         Q("1.2 GWh", 1200, "MWh"), Q("500 kW", 0.5, "MW"), Q("1-gigawatt", 1000, "MW"), Q("1,700 MW", 1700, "MW")),
    case("A dozen analysts cover the chain, which runs twenty-five stores and will open in two phases.",
         Q("A dozen analysts", 12, "analysts"), Q("twenty-five stores", 25, "stores"), Q("two phases", 2, "phases")),
    case("Almost half of revenue now comes from data centres, up from a quarter of sales two years ago.",
         Q("Almost half", 50, "%", "about"), Q("a quarter", 25, "%"), Q("two years", 2, "years")),
    case("The deal values the startup at roughly two-thirds of its peak.",
         Q("roughly two-thirds", 200 / 3, "%", "about")),
    case("Output should recover in the second half of 2026.", id="'second half of' is a period"),
    case("The S&P 500 rose 1.2% and the FTSE 100 fell 0.4%.", Q("1.2%", 1.2, "%"), Q("0.4%", 0.4, "%")),
    case("The 10-K for Q3 2025 put the firm 24th, with COVID-19 cases and a 3rd site at 1:15 p.m. on Nov 24, 2025.",
         id="filings, quarters, ordinals, names, times, dates"),
    case("It plans to cut 2025 employees in 2026.", id="year-like numbers never count"),
    case("The GB300 racks and B200 chips arrive in 2026.", id="model numbers"),
    case("The dividend is 50 cents a share, against $5 million a year ago.",
         Q("50 cents a share", 0.5, "USD/share"), Q("$5 million", 5e6, "USD")),
    case("It raised USD 5 million and 3 billion euros, plus £2.1bn and ¥500 billion.",
         Q("USD 5 million", 5e6, "USD"), Q("3 billion euros", 3e9, "EUR"), Q("£2.1bn", 2.1e9, "GBP"),
         Q("¥500 billion", 500e9, "JPY")),
    case("Revenue was $5 billion a year, about 10x earnings, on a 1.5x multiple.",
         Q("$5 billion a year", 5e9, "USD/year"), Q("about 10x", 10, "x", "about"), Q("1.5x", 1.5, "x")),
    case("The lease is worth $367 million per year over its term.", Q("$367 million per year", 367e6, "USD/year")),
    case("Miners run at 16.8 J/TH and the network hashrate topped 1,000 EH/s.",
         Q("16.8 J/TH", 16.8, "J/TH"), Q("1,000 EH/s", 1000, "EH/s")),
    case("The margin rose from 12% to 15%, then to 20% from 18%.",
         Q("from 12% to 15%", 15, "%", previous=12, change="from-to"),
         Q("to 20% from 18%", 20, "%", previous=18, change="from-to")),
    case("Net income rose to 2 billion yen from 1.5 billion yen.",
         Q("to 2 billion yen from 1.5 billion yen", 2e9, "JPY", previous=1.5e9, change="from-to")),
    case("Leased capacity went from 0 megawatts in June to 120 megawatts in September.",
         Q("0 megawatts", 0, "MW"), Q("120 megawatts", 120, "MW"), id="words between from and to keep two quantities"),
    case("It sold $1.2bn-$1.5bn of notes, €3 million to €4 million of bonds and 2.5–3.0 GW of capacity at $5 - $6.",
         Q("$1.2bn-$1.5bn", 1.2e9, "USD", "range", 1.2e9, 1.5e9),
         Q("€3 million to €4 million", 3e6, "EUR", "range", 3e6, 4e6),
         Q("2.5–3.0 GW", 2500, "MW", "range", 2500, 3000), Q("$5 - $6", 5, "USD", "range", 5, 6)),
    case("The carmaker delivered 1.8 million vehicles and plans three new plants.",
         Q("1.8 million vehicles", 1.8e6, "vehicles"), Q("three new plants", 3, "plants")),
    case("The bank set aside $1.1bn for bad loans, up from $800m, and its capital ratio was 14.8 per cent.",
         Q("$1.1bn", 1.1e9, "USD"), Q("$800m", 800e6, "USD"), Q("14.8 per cent", 14.8, "%")),
    case("The utility will invest £40bn over five years and add 2.5GW of offshore wind.",
         Q("£40bn", 40e9, "GBP"), Q("five years", 5, "years"), Q("2.5GW", 2500, "MW")),
    case("Brent rose 1.2% to $82.40 a barrel, while gold slipped 0.3% to $2,310 an ounce.",
         Q("1.2%", 1.2, "%"), Q("$82.40 a barrel", 82.4, "USD/bbl"), Q("0.3%", 0.3, "%"),
         Q("$2,310 an ounce", 2310, "USD/oz")),
    case("The insurer raised its dividend by 10 per cent to 34 pence a share.",
         Q("10 per cent", 10, "%"), Q("34 pence a share", 0.34, "GBP/share")),
    case("Net debt fell to €3.2bn from €4.5bn, or 1.9x EBITDA.",
         Q("to €3.2bn from €4.5bn", 3.2e9, "EUR", previous=4.5e9, change="from-to"), Q("1.9x", 1.9, "x")),
    case("The company bought back 12 million shares for $540 million in the quarter.",
         Q("12 million shares", 12e6, "shares"), Q("$540 million", 540e6, "USD")),
    case("It employs just under 10,000 people in 14 countries.",
         Q("just under 10,000 people", 10000, "people", "less_than"), Q("14 countries", 14, "countries")),
    case("The bank lifted its target to 1,250 pence from 1,100 pence.",
         Q("to 1,250 pence from 1,100 pence", 12.5, "GBP", previous=11, change="from-to")),
    case("The yield rose 15 basis points to 4.35%, and margins may expand by 50 to 100 basis points.",
         Q("15 basis points", 15, "bp"), Q("4.35%", 4.35, "%"), Q("50 to 100 basis points", 50, "bp", "range", 50, 100)),
    case("Operating margin widened by 2 percentage points to 18%.",
         Q("2 percentage points", 2, "pp"), Q("18%", 18, "%")),
    case("The campus will draw up to 1 GW by 2028, starting with a 200-megawatt phase.",
         Q("up to 1 GW", 1000, "MW", "up_to"), Q("200-megawatt", 200, "MW")),
    case("The lender's net interest margin narrowed to 1.52% from 1.61%.",
         Q("to 1.52% from 1.61%", 1.52, "%", previous=1.61, change="from-to")),
    case("The chipmaker shipped more than 2 million GPUs at about $25,000 each and hired 300 to 400 engineers.",
         Q("more than 2 million GPUs", 2e6, "GPUs", "more_than"), Q("about $25,000", 25000, "USD", "about"),
         Q("300 to 400 engineers", 300, "engineers", "range", 300, 400)),
    case("The miner raised A$750 million, or US$490 million, in a placement priced at A$2.10 a share.",
         Q("A$750 million", 750e6, "AUD"), Q("US$490 million", 490e6, "USD"), Q("A$2.10 a share", 2.1, "AUD/share")),
    case("Power prices reached €120 per MWh, and the group sold C$300 million of notes.",
         Q("€120 per MWh", 120, "EUR/MWh"), Q("C$300 million", 300e6, "CAD")),
    case("Volume topped 40M+ shares as the stock rose more than six-fold over a 10-year stretch.",
         Q("40M+ shares", 40e6, "shares", "more_than"), Q("more than six-fold", 6, "x", "more_than"),
         Q("10-year", 10, "years")),
    case("The ratio was about 3× the sector average, with 95%+ of sites owned.",
         Q("about 3×", 3, "x", "about"), Q("95%+", 95, "%", "more_than")),
    case("Sales were flat at roughly ~$2B.", Q("~$2B", 2e9, "USD", "about")),
    case("The program runs for some 20 years and costs close to $4 billion, or $200 million or so a year.",
         Q("some 20 years", 20, "years", "about"), Q("close to $4 billion", 4e9, "USD", "about"),
         Q("$200 million or so", 200e6, "USD", "about")),
    case("The stock traded higher by 3.1% before ending the session up about 2%.",
         Q("higher by 3.1%", 3.1, "%", change="up"), Q("up about 2%", 2, "%", "about", change="up")),
    # known failures
    case("The company expects EPS of -0.45 this quarter.", Q("-0.45", -0.45, "USD/share"),
         marks=pytest.mark.xfail(strict=True, reason="a bare number takes no unit; EPS context is the extract stage's")),
    case("The shares rose $2 to $14.80.", Q("$2", 2, "USD"), Q("$14.80", 14.8, "USD")),
    case("The stock has risen sevenfold this year.", Q("sevenfold", 7, "x")),
    case("Shares closed at 245p.", Q("245p", 2.45, "GBP")),
    case("Windows 11 users can update.", id="a product name ending in -s",
         marks=pytest.mark.xfail(strict=True, reason="a capitalised word ending in -s may be a possessive without its "
                                                     "apostrophe ('Acmes 300 stores'), so it makes no label")),
]


# Group 3: general-news sentences written for these tests (politics, sport, weather, health, technology):
# counts of any noun, physical units, other currencies, ages, shares, vague numbers, elided units, names.
NEWS_CASES = [
    case("The firm employs 3,000 people and will hire 500 more engineers over two years.",
         Q("3,000 people", 3000, "people"), Q("500 more engineers", 500, "engineers"), Q("two years", 2, "years")),
    case("The striker has scored 14 goals in 20 appearances, and the club's 62,000 fans noticed.",
         Q("14 goals", 14, "goals"), Q("20 appearances", 20, "appearances"), Q("62,000 fans", 62000, "fans")),
    case("The outage hit 8.5 million Windows devices and 20,000 police officers' radios.",
         Q("8.5 million Windows devices", 8.5e6, "devices"), Q("20,000 police officers", 20000, "officers")),
    case("One of the senators said two of the five proposals were dead.",
         Q("One of the senators", 1, "senators"), Q("two", 2, "proposals"), Q("five proposals", 5, "proposals")),
    case("No one was hurt, and at one point one man was missing.", Q("one man", 1, "men")),
    case("Tens of thousands of people marched, and hundreds of millions of dollars were lost.",
         Q("Tens of thousands of people", 10000, "people", "more_than"),
         Q("hundreds of millions of dollars", 1e8, "USD", "more_than")),
    case("Nearly 3 in 4 voters backed the plan; one in five adults smokes.",
         Q("Nearly 3 in 4 voters", 75, "%", "about"), Q("one in five adults", 20, "%")),
    case("Children aged between 5 and 11 can get the jab; patients aged 50 or over are first.",
         Q("between 5 and 11", 5, "years", "range", 5, 11), Q("50 or over", 50, "years", "more_than")),
    case("The 19.5 million viewers were down from 23.6 million, and the airline ordered 150 jets with options for another 50.",
         Q("19.5 million viewers", 19.5e6, "viewers"), Q("23.6 million", 23.6e6, "viewers"), Q("150 jets", 150, "jets"),
         Q("50", 50, "jets")),
    case("The Dow fell 412 points, or 1.2%, to 33,800, and the bill passed by 52 votes to 48.",
         Q("412 points", 412, "points"), Q("1.2%", 1.2, "%"), Q("33,800", 33800, "points"), Q("52 votes", 52, "votes"),
         Q("48", 48, "votes")),
    case("The team has won 11 of its last 12 games and grew from 5 employees to 50.",
         Q("11", 11, "games"), Q("12 games", 12, "games"), Q("from 5 employees to 50", 50, "employees", previous=5, change="from-to")),
    case("Temperatures hit 41.5C, could fall to minus 12 degrees Celsius and reached 95 degrees Fahrenheit.",
         Q("41.5C", 41.5, "°C"), Q("minus 12 degrees Celsius", -12, "°C"), Q("95 degrees Fahrenheit", 95, "°F")),
    case("The EV has a 520 km range, a 6.7-inch screen, 12GB of memory and tops 135 mph, or 217 km/h.",
         Q("520 km", 520, "km"), Q("6.7-inch", 6.7, "inches"), Q("12GB", 12, "GB"), Q("135 mph", 135, "mph"),
         Q("217 km/h", 217, "km/h")),
    case("The storm dumped 30 centimetres of snow, 120mm of rain and burned 45,000 acres.",
         Q("30 centimetres", 30, "cm"), Q("120mm", 120, "mm"), Q("45,000 acres", 45000, "acres")),
    case("Output will rise to 220,000 barrels per day and the plant uses 45 watts.",
         Q("220,000 barrels per day", 220000, "barrels/day"), Q("45 watts", 45e-6, "MW")),
    case("It spent Rs 2,300 crore, 31.2 billion yuan, NT$2.9 trillion and 4.1 trillion won.",
         Q("Rs 2,300 crore", 2.3e10, "INR"), Q("31.2 billion yuan", 31.2e9, "CNY"), Q("NT$2.9 trillion", 2.9e12, "TWD"),
         Q("4.1 trillion won", 4.1e12, "KRW")),
    case("He lost 50 pounds; she was awarded 9,250 pounds a year and 5 million pounds in damages.",
         Q("50 pounds", 50, "lb"), Q("9,250 pounds a year", 9250, "GBP/year"), Q("5 million pounds", 5e6, "GBP")),
    case("The fine was half a million pounds, and two hundred thousand people signed.",
         Q("half a million pounds", 500000, "GBP"), Q("two hundred thousand people", 200000, "people")),
    case("Rivals grew three times as fast, and he was arrested three times.",
         Q("three times", 3, "x"), Q("three times", 3, "times")),
    case("The drug cut the risk by a fifth, and half the country agrees.",
         Q("a fifth", 20, "%"), Q("half", 50, "%")),
    case("The marathon took 2 hours 1 minute and 41 seconds, and 1 person was hurt.",
         Q("2 hours", 2, "hours"), Q("1 minute", 1, "minutes"), Q("41 seconds", 41, "seconds"), Q("1 person", 1, "people")),
    case("Fuel hit 191.5p a litre and Brent rose to $2.85 per mmBtu.",
         Q("191.5p a litre", 1.915, "GBP/L"), Q("$2.85 per mmBtu", 2.85, "USD/MMBtu")),
    case("The Boeing 737 jets, Office 365 users, Apollo 11 astronauts, Formula 1 teams and the No. 10 shirt.",
         id="a number after a capitalised word is a name"),
    case("Acme's 3,000 staff and, with the apostrophe stripped, Globexs 1,200 engineers.",
         Q("3,000 staff", 3000, "staff"), Q("1,200 engineers", 1200, "engineers")),
    case("Filed 2025-11-03: the line is open 24/7 and the 9/11 attacks, 1:15 p.m., 1080p video and the 1990s.",
         id="dates, times, resolutions and decades"),
    case("The Top 10 includes three US companies and the RSI around 67 flags strength.",
         Q("three US companies", 3, "companies")),
]


@pytest.mark.parametrize("sentence, expected", FLAGSHIP_CASES + GENRE_CASES + NEWS_CASES)
def test_sentences(sentence, expected):
    assert _found(sentence) == _expected(expected)


def test_table_is_large_enough():
    assert len(FLAGSHIP_CASES) + len(GENRE_CASES) >= 80


@pytest.mark.parametrize(
    "text, precision",
    [
        ("$1.3 billion", 5e7),
        ("$18", 0.5),
        ("$14.74", 0.005),
        ("4.2%", 0.05),
        ("600 MW", 0.5),
        ("1.7 gigawatts", 50),
        ("$82K", 500),
        ("two phases", 0.5),
        ("one-third of it", 0.0),
    ],
)
def test_precision_is_half_the_last_stated_digit(text, precision):
    (q,) = find_quantities(text)
    assert q.precision == pytest.approx(precision)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,700", 1700.0),
        ("-0.45", -0.45),
        ("+22.04", 22.04),
        ("9.7 billion", 9.7e9),
        ("9.7B", 9.7e9),
        ("$82K", 82000.0),
        ("US$5.8 billion", 5.8e9),
        ("two", 2.0),
        ("Twenty-five", 25.0),
        ("a dozen", 12.0),
        ("half", 0.5),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "24th", "$", "1 2"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


# ---------------------------------------------------------------- spans, bounds, order


def _corpus_texts() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/sources/*.txt"))]


def test_every_span_is_its_text():
    texts = [p.values[0] for p in FLAGSHIP_CASES + GENRE_CASES + NEWS_CASES] + _corpus_texts()
    for text in texts:
        quantities = find_quantities(text)
        for q in quantities:
            assert text[q.span[0] : q.span[1]] == q.text
        starts = [q.span[0] for q in quantities]
        assert starts == sorted(starts)
        for before, after in zip(quantities, quantities[1:]):
            assert before.span[1] <= after.span[0], (before, after)


def test_bounds_are_respected_and_spans_are_offsets_into_the_whole_text():
    text = "Header: 2025\n---\nRevenue was $72M. The stock rose 4.2% to $14.74. Costs were $5M."
    start = text.index("The stock")
    end = text.index(" Costs")
    quantities = find_quantities(text, start, end)
    assert [q.text for q in quantities] == ["4.2%", "$14.74"]
    assert all(start <= q.span[0] and q.span[1] <= end for q in quantities)
    assert [q.span for q in quantities] == [(text.index("4.2%"), text.index("4.2%") + 4), (text.index("$14.74"), text.index("$14.74") + 6)]


def test_number_cut_by_the_start_bound_is_not_read_from_its_tail():
    text = "model GB300 has 72 GPUs"
    assert [q.text for q in find_quantities(text, text.index("300"))] == ["72 GPUs"]


def test_same_input_same_output():
    text = FLAGSHIP_CASES[7].values[0]
    assert find_quantities(text) == find_quantities(text)


# ---------------------------------------------------------------- other corpus stories, read at run time

RECALL_UNITS = {"USD": "USD", "percent": "%", "MW": "MW", "GPUs": "GPUs", "shares": "shares"}


def _body(path: Path) -> tuple[str, int]:
    text = path.read_text(encoding="utf-8")
    marker = text.find("\n---\n")
    return text, (marker + 5 if marker >= 0 else 0)


def _recall(story_dir: Path) -> tuple[int, list[str]]:
    expected = json.loads((story_dir / "expected.json").read_text(encoding="utf-8"))
    total, misses = 0, []
    for fact in expected["facts"]:
        unit = RECALL_UNITS.get(fact["unit"])
        if unit is None or not isinstance(fact["value"], (int, float)):
            continue
        for source, quote in fact["quote"].items():
            path = story_dir / "sources" / f"{source}.txt"
            if not path.exists():
                continue
            text, body = _body(path)
            at = text.find(quote, body)
            if at < 0:
                continue
            total += 1
            found = find_quantities(text, at, at + len(quote))
            values = [v for q in found if q.unit.split("/")[0] == unit for v in (q.value, q.low, q.high, q.previous) if v is not None]
            if not any(v == pytest.approx(fact["value"], rel=1e-9, abs=1e-9) for v in values):
                misses.append(f"{story_dir.name}/{source} {fact['id']} {fact['value']} {unit}: {quote!r} -> {[q.text for q in found]}")
    return total, misses


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
@pytest.mark.parametrize("story", sorted(p.name for p in CORPUS.glob("*") if (p / "expected.json").is_file()) if CORPUS.is_dir() else [])
def test_recall_of_annotated_figures(story):
    """Every USD / % / MW / GPUs / shares fact of a story is found in its quote (recall >= 0.9)."""
    total, misses = _recall(CORPUS / story)
    assert total > 0
    recall = 1 - len(misses) / total
    print(f"{story}: recall {recall:.3f} ({total - len(misses)}/{total})")
    assert recall >= 0.9, "\n".join(misses)


# ---------------------------------------------------------------- pathological input

_rng = random.Random(20251124)
PATHOLOGICAL = {
    "digits": "1" * 10**6,
    "dollars": "$" * 10**6,
    "commas": "1," * 500_000,
    "punctuation": "".join(_rng.choice(string.punctuation + " 0123456789") for _ in range(10**6)),
    "letters": "ab" * 500_000,
    "thousands": "1,000" * 200_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_megabyte_of_pathological_input_is_fast(name):
    text = PATHOLOGICAL[name]
    t0 = time.perf_counter()
    find_quantities(text)
    assert time.perf_counter() - t0 < 5.0


def test_time_grows_linearly():
    """Dense numbers: four times the text takes well under sixteen times as long."""
    small = "about $1.3 billion to $2 from 3-5% of 10 GPUs, 20-day, 2026; " * 2_000
    t0 = time.perf_counter()
    find_quantities(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_quantities(small * 4)
    t_large = time.perf_counter() - t0
    assert t_large < 8 * t_small + 0.5
