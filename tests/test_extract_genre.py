"""Written business/markets-news sentences -> expected claims: the backbone table, widened.

Four invented stories in the genre (earnings, an AI hosting deal, a takeover, an
analyst round-up), five short articles written for this table, none copied from any
outlet. Each row is read as in tests/test_extract.py: source id, a fragment of one
sentence, and the claim a careful reader takes from it (subject, measure, value in
base units, unit, and optionally hedge, previous, low/high, time, scope tags and
deal counterparties). Expected values were written before the extractor was run.

Groups:
- EARNINGS: revenue, EPS (a profit and a loss), net and operating income, guidance
  ranges, year-on-year and sequential growth, consensus figures, session moves.
- DEAL: a hosting deal filed under the story's main company whichever side is the
  grammatical subject, with the partner in ``scope["parties"]``; term, GPUs, MW,
  warrants, prepayment and the dates of the deal (announced, start, rent, delivery,
  power-on), relative dates ("earlier this month", "13 days ago").
- TAKEOVER: per-share offer, equity and enterprise value, share count, closing and
  founding dates.
- ANALYSTS: initiations, upgrades, downgrades, reiterations, target changes by
  several brokers, with target horizons and trading sessions.
Known failures stay in the table as strict xfail, with the reason.
"""

from __future__ import annotations

import pytest
from test_extract import _assert_claim, _describe, _matches, row

from factcheck.pipeline import analyse


def gap(reason: str):
    """A known extractor gap: the row stays, strict, so a fix turns it red."""
    return pytest.mark.xfail(strict=True, reason=reason)


# --- the articles --------------------------------------------------------------------------

GLOBEX_WIRE = """outlet: Ledger Markets Wire
published: 2026-02-12
---
Globex Industries beats estimates as industrial demand holds up

Globex Industries (GBX) reported fourth-quarter revenue of $3.42 billion on Wednesday, ahead of the $3.30 billion analysts had expected.
Revenue rose 14% year over year, driven by its automation division.
Adjusted earnings per share came in at $1.27, compared with $0.98 a year earlier.
Net income rose to $412 million from $301 million in the same quarter last year.
Operating income climbed 22% from a year ago to $640 million.
Sequentially, revenue grew 3.5% from the third quarter.
For the first quarter, Globex expects revenue between $3.45 billion and $3.55 billion and adjusted EPS of $1.30 to $1.36.
For the full year, the company guided to revenue of about $14.5 billion, above the consensus estimate of $14.1 billion.
Globex shares rose 6.8% to $88.40 in after-hours trading on Wednesday.
The stock had closed at $82.77 before the report.
By Thursday morning, the shares were up about 7% in pre-market trading.
Following the results, Contoso Capital raised its price target on Globex to $105 from $92 and reiterated its Outperform rating.
Fabrikam Partners upgraded the stock to Buy from Hold.

Smaller rival Soylent Energy (NYSE:SOYL) reported a net loss of $0.08 per share for the quarter on revenue of $212 million.
Soylent's quarterly net loss narrowed to $9.6 million from $15.2 million a year ago.
"""

ACME_DAILY = """outlet: Data Center Daily
published: 2026-03-17
---
Acme Cloud lands $4.2 billion AI hosting deal with Initech

Acme Cloud Inc. (ACME) has signed a 10-year, $4.2 billion agreement to host AI workloads for Initech Corp. (NASDAQ:INIT) at its Red Rock campus in Texas, the company announced on Monday.
Under the contract, Acme will provide 200 MW of critical IT capacity, with deliveries beginning in July 2026 and full delivery by Q4 2026.
Rent commences in August 2026, once the first data hall is handed over.
The agreement covers roughly 48,000 GPUs, according to a regulatory filing.
Initech will prepay 15% of the contract value, Acme said.
A second 100 MW phase at the campus is expected to come online in 2028.
The contract also gives Initech options to expand to up to 300 MW.
As part of the deal, Acme granted Initech warrants to buy up to 5.2 million Acme shares.
Acme shares jumped 12% on Monday to close at $27.35.
The agreement comes after Acme raised $1.1 billion in convertible notes earlier this month.
Acme disclosed 13 days ago that it had secured 350 MW of additional grid power at the site.
Acme, founded in 2012, operates four data-center campuses in Texas and Oklahoma.
"""

ACME_BRIEF = """outlet: Compute Brief
published: 2026-03-18
---
Initech turns to Acme Cloud for AI capacity

Initech Corp. signed a 10-year deal worth $4.2 billion with Acme Cloud for 200 megawatts of hosting capacity, the companies said.
The pact lifts Acme's contracted revenue to more than $7 billion.
Initech announced on March 3 that it would double its spending on AI infrastructure this year.
Initech will pay 15% of the contract value upfront.
Acme expects the GPU clusters to be fully delivered through 2027.
Acme stock rose another 3.4% in pre-market trading on Tuesday to $28.28.
Northwind Securities initiated coverage of Acme with an Overweight rating and a $36 price target.
"""

VANDELAY_WIRE = """outlet: Merger Monitor
published: 2026-05-04
---
Umbrella Holdings to buy Vandelay Industries in $4.8 billion deal

Umbrella Holdings plc (LSE:UMBR) agreed to acquire Vandelay Industries Inc. (NYSE:VDLY) for $52 per share in cash, the companies announced on Monday.
The offer is a 31% premium to Vandelay's closing price on Friday.
The deal values Vandelay's equity at about $4.8 billion and its enterprise value at roughly $6.1 billion, including debt.
Vandelay has about 92 million shares outstanding.
The transaction is expected to close in the first half of 2027, subject to regulatory approval.
Vandelay, founded in 1989, makes industrial latex and specialty coatings.
Vandelay generated revenue of $2.9 billion last year.
Vandelay shares soared 27% to $50.10 in early trading.
Umbrella's London-listed shares fell 4.1% at the close.
Northwind Securities downgraded Vandelay to Neutral from Outperform and cut its price target to $52 from $58, saying the offer caps further upside.
Woodgrove Bank also lowered its rating on Vandelay to Market Perform from Outperform.
"""

HOOLI_NOTES = """outlet: Street Calls
published: 2026-06-09
---
Analyst moves: Litware turns bullish on Hooli, Pied Piper cut to Underweight

Litware Securities upgraded Hooli Semiconductor (NASDAQ:HOOL) to Overweight from Equal-Weight on Tuesday and raised its December 2026 price target to $240 from $185.
Litware expects Hooli's data-center revenue to reach roughly $9 billion by late 2026.
Hooli shares were up 5.3% at $201.50 in intraday trading.
Contoso Capital raised its price target on Hooli to $230 from $200 but kept a Neutral rating.
Tailspin Research initiated coverage of Pied Piper Networks (PIPR) with a Sell rating and a $14 price target, citing slowing subscriber growth.
Separately, Contoso Capital downgraded Pied Piper to Underweight from Neutral and lowered its target to $15 from $21.
Pied Piper's stock fell 8.2% to $16.05 at the close on Monday.
Northwind Securities reiterated its Buy rating on Massive Dynamic (MSDY) and its $64 price target.
Fabrikam Partners maintained a Hold rating on Massive Dynamic but trimmed its price target to $50 from $55.
Woodgrove Bank started coverage of Massive Dynamic at Outperform with a $70 price target.
Woodgrove expects the data-center operator to have about 1.2 gigawatts of contracted capacity by early 2027.
Massive Dynamic shares added 2% after hours.
"""

DESK_NOTES = """outlet: Desk Notes
published: 2026-07-14
---
Analyst calls, Tuesday

Initech Systems (NYSE:INIT): upgraded to Buy from Hold at Contoso Capital, target $64 (from $48).
Globex Foods (GLBX): Fabrikam Partners cut its target to $31 from $35 and kept a Neutral rating.
Umbrella Logistics (UMBL): shares fell 3.1% to $22.40 in early trading.
Globex: Northwind Securities raised its target to $40 from $33, citing lower grain costs.
"""

# story folder -> {source id: article text}
STORIES = {
    "globex-earnings": {"globex_wire": GLOBEX_WIRE},
    "acme-deal": {"acme_daily": ACME_DAILY, "acme_brief": ACME_BRIEF},
    "vandelay-takeover": {"vandelay_wire": VANDELAY_WIRE},
    "hooli-analysts": {"hooli_notes": HOOLI_NOTES},
    "desk-calls": {"desk_notes": DESK_NOTES},
}


# --- the table -----------------------------------------------------------------------------

EARNINGS_ROWS = [
    row("globex_wire", "fourth-quarter revenue of $3.42 billion", "GBX", "revenue", 3.42e9, "USD"),
    row("globex_wire", "ahead of the $3.30 billion analysts had expected", "GBX", "revenue", 3.3e9, "USD", tags=["estimate"],
        marks=gap("'analysts had expected' not read as a consensus estimate (tagged expected)")),
    row("globex_wire", "Revenue rose 14% year over year", "GBX", "revenue_growth", 14, "%", tags=["year on year"]),
    row("globex_wire", "Adjusted earnings per share came in at $1.27", "GBX", "eps", 1.27, "USD/share", tags=["adjusted"],
        marks=gap("sentence-initial 'Adjusted' not carried to the EPS claim as a scope tag")),
    row("globex_wire", "Net income rose to $412 million from $301 million", "GBX", "earnings", 412e6, "USD", previous=301e6),
    row("globex_wire", "Operating income climbed 22% from a year ago to $640 million", "GBX", "earnings", 640e6, "USD"),
    row("globex_wire", "Operating income climbed 22% from a year ago to $640 million", "GBX", "earnings_growth", 22, "%",
        tags=["year on year"],
        marks=gap("growth of operating income read as a share-price move ('climbed' outranks 'income')")),
    row("globex_wire", "Sequentially, revenue grew 3.5% from the third quarter", "GBX", "revenue_growth", 3.5, "%",
        tags=["quarter on quarter"],
        marks=gap("sentence-initial 'Sequentially,' not carried to the growth claim as quarter on quarter")),
    row("globex_wire", "revenue between $3.45 billion and $3.55 billion", "GBX", "revenue", 3.45e9, "USD", hedge="range",
        low=3.45e9, high=3.55e9, tags=["expected"]),
    row("globex_wire", "adjusted EPS of $1.30 to $1.36", "GBX", "eps", 1.30, "USD/share", hedge="range", low=1.30, high=1.36),
    row("globex_wire", "guided to revenue of about $14.5 billion", "GBX", "revenue", 14.5e9, "USD", hedge="about"),
    row("globex_wire", "the consensus estimate of $14.1 billion", "GBX", "revenue", 14.1e9, "USD", tags=["estimate"],
        marks=gap("'consensus estimate' of revenue read as a price target ('estimate' is a target cue)")),
    row("globex_wire", "Globex shares rose 6.8% to $88.40 in after-hours trading", "GBX", "share_price", 88.4, "USD",
        time={"session": "after-hours"}),
    row("globex_wire", "Globex shares rose 6.8% to $88.40 in after-hours trading", "GBX", "share_price_change", 6.8, "%",
        time={"session": "after-hours"}),
    row("globex_wire", "Globex shares rose 6.8% to $88.40 in after-hours trading", "GBX", "session_date", "2026-02-11", "date"),
    row("globex_wire", "The stock had closed at $82.77 before the report", "GBX", "share_price", 82.77, "USD",
        time={"session": "close"}),
    row("globex_wire", "the shares were up about 7% in pre-market trading", "GBX", "share_price_change", 7, "%", hedge="about",
        time={"session": "pre-market"}),
    row("globex_wire", "raised its price target on Globex to $105 from $92", "GBX", "price_target", 105, "USD", previous=92),
    row("globex_wire", "reiterated its Outperform rating", "GBX", "rating", "outperform", "rating"),
    row("globex_wire", "reiterated its Outperform rating", "GBX", "rating_action", "maintain", "rating"),
    row("globex_wire", "Fabrikam Partners upgraded the stock to Buy from Hold", "GBX", "rating", "buy", "rating", previous="hold"),
    row("globex_wire", "Fabrikam Partners upgraded the stock to Buy from Hold", "GBX", "rating_action", "upgrade", "rating"),
    row("globex_wire", "reported a net loss of $0.08 per share", "SOYL", "eps", -0.08, "USD/share"),
    row("globex_wire", "for the quarter on revenue of $212 million", "SOYL", "revenue", 212e6, "USD"),
    row("globex_wire", "net loss narrowed to $9.6 million from $15.2 million", "SOYL", "earnings", -9.6e6, "USD", previous=-15.2e6),
]

DEAL_ROWS = [
    # acme_daily, published Tuesday 2026-03-17
    row("acme_daily", "has signed a 10-year, $4.2 billion agreement", "ACME", "deal_value", 4.2e9, "USD", parties=["INIT"]),
    row("acme_daily", "has signed a 10-year, $4.2 billion agreement", "ACME", "term", 10, "years"),
    row("acme_daily", "has signed a 10-year, $4.2 billion agreement", "ACME", "announcement_date", "2026-03-16", "date"),
    row("acme_daily", "Acme will provide 200 MW of critical IT capacity", "ACME", "capacity", 200, "MW", tags=["critical IT"]),
    row("acme_daily", "with deliveries beginning in July 2026", "ACME", "start_date", "2026-07", "date"),
    row("acme_daily", "full delivery by Q4 2026", "ACME", "completion_date", "2026-Q4", "date"),
    row("acme_daily", "Rent commences in August 2026", "ACME", "lease_start_date", "2026-08", "date"),
    row("acme_daily", "The agreement covers roughly 48,000 GPUs", "ACME", "count", 48000, "GPUs", hedge="about"),
    row("acme_daily", "Initech will prepay 15% of the contract value", "ACME", "prepayment", 15, "%", parties=["INIT"]),
    row("acme_daily", "A second 100 MW phase at the campus", "ACME", "capacity", 100, "MW",
        marks=gap("deal figure filed under the partner named in the previous sentence, not the story's main company")),
    row("acme_daily", "is expected to come online in 2028", "ACME", "online_date", "2028", "date"),
    row("acme_daily", "options to expand to up to 300 MW", "ACME", "capacity", 300, "MW", hedge="up_to", tags=["options"],
        marks=gap("deal figure filed under the partner (grammatical object 'Initech'), not the main company; 'options' tag missed")),
    row("acme_daily", "warrants to buy up to 5.2 million Acme shares", "ACME", "count", 5.2e6, "shares", hedge="up_to",
        marks=gap("share count filed under the warrant holder, though 'Acme shares' names the issuer")),
    row("acme_daily", "Acme shares jumped 12% on Monday", "ACME", "share_price_change", 12, "%"),
    row("acme_daily", "Acme shares jumped 12% on Monday", "ACME", "session_date", "2026-03-16", "date"),
    row("acme_daily", "Acme shares jumped 12% on Monday to close at $27.35", "ACME", "share_price", 27.35, "USD",
        time={"session": "close"}),
    row("acme_daily", "raised $1.1 billion in convertible notes earlier this month", "ACME", "financing", 1.1e9, "USD",
        time={"date": "2026-03"}),
    row("acme_daily", "Acme disclosed 13 days ago", "ACME", "capacity", 350, "MW", time={"date": "2026-03-04"}),
    row("acme_daily", "Acme, founded in 2012", "ACME", "founding_date", "2012", "date"),
    # acme_brief, published Wednesday 2026-03-18: Initech is the grammatical subject, Acme the story's company
    row("acme_brief", "signed a 10-year deal worth $4.2 billion with Acme Cloud", "ACME", "deal_value", 4.2e9, "USD",
        parties=["INIT"],
        marks=gap("deal with the main company as object filed under the grammatical subject, and 'deal worth' read as valuation")),
    row("acme_brief", "signed a 10-year deal worth $4.2 billion with Acme Cloud", "ACME", "term", 10, "years", parties=["INIT"]),
    row("acme_brief", "for 200 megawatts of hosting capacity", "ACME", "capacity", 200, "MW",
        marks=gap("deal capacity filed under the grammatical subject (partner), not the story's main company")),
    row("acme_brief", "contracted revenue to more than $7 billion", "ACME", "revenue", 7e9, "USD", hedge="more_than",
        tags=["contracted"],
        marks=gap("'contracted' in the cue 'contracted revenue' not kept as a scope tag")),
    row("acme_brief", "Initech announced on March 3", "INIT", "announcement_date", "2026-03-03", "date"),
    row("acme_brief", "Initech will pay 15% of the contract value upfront", "ACME", "prepayment", 15, "%",
        marks=gap("'pay ... upfront' not a prepayment cue (generic percentage) and filed under the partner")),
    row("acme_brief", "fully delivered through 2027", "ACME", "completion_date", "2027", "date"),
    row("acme_brief", "Acme stock rose another 3.4% in pre-market trading", "ACME", "share_price", 28.28, "USD",
        time={"session": "pre-market"}),
    row("acme_brief", "Acme stock rose another 3.4% in pre-market trading", "ACME", "share_price_change", 3.4, "%",
        time={"session": "pre-market"}),
    row("acme_brief", "Acme stock rose another 3.4% in pre-market trading on Tuesday", "ACME", "session_date", "2026-03-17", "date"),
    row("acme_brief", "initiated coverage of Acme with an Overweight rating", "ACME", "rating", "overweight", "rating"),
    row("acme_brief", "initiated coverage of Acme with an Overweight rating", "ACME", "rating_action", "initiate", "rating"),
    row("acme_brief", "initiated coverage of Acme with an Overweight rating and a $36 price target", "ACME", "price_target",
        36, "USD"),
]

TAKEOVER_ROWS = [
    # vandelay_wire, published Monday 2026-05-04
    row("vandelay_wire", "for $52 per share in cash", "VDLY", "offer_price", 52, "USD/share", parties=["UMBR"]),
    row("vandelay_wire", "the companies announced on Monday", "VDLY", "announcement_date", "2026-05-04", "date"),
    row("vandelay_wire", "The offer is a 31% premium", "VDLY", "premium", 31, "%"),
    row("vandelay_wire", "values Vandelay's equity at about $4.8 billion", "VDLY", "equity_value", 4.8e9, "USD", hedge="about",
        marks=gap("'including debt' later in the sentence makes both values enterprise_value")),
    row("vandelay_wire", "its enterprise value at roughly $6.1 billion", "VDLY", "enterprise_value", 6.1e9, "USD", hedge="about"),
    row("vandelay_wire", "Vandelay has about 92 million shares outstanding", "VDLY", "count", 92e6, "shares", hedge="about"),
    row("vandelay_wire", "expected to close in the first half of 2027", "VDLY", "closing_date", "2027-H1", "date"),
    row("vandelay_wire", "Vandelay, founded in 1989", "VDLY", "founding_date", "1989", "date"),
    row("vandelay_wire", "Vandelay generated revenue of $2.9 billion last year", "VDLY", "revenue", 2.9e9, "USD",
        time={"period": "2025"}),
    row("vandelay_wire", "Vandelay shares soared 27% to $50.10 in early trading", "VDLY", "share_price", 50.1, "USD",
        time={"session": "early trading"}),
    row("vandelay_wire", "Vandelay shares soared 27% to $50.10 in early trading", "VDLY", "share_price_change", 27, "%",
        time={"session": "early trading"}),
    row("vandelay_wire", "Umbrella's London-listed shares fell 4.1% at the close", "UMBR", "share_price_change", 4.1, "%",
        time={"session": "close"}),
    row("vandelay_wire", "downgraded Vandelay to Neutral from Outperform", "VDLY", "rating", "neutral", "rating",
        previous="outperform"),
    row("vandelay_wire", "downgraded Vandelay to Neutral from Outperform", "VDLY", "rating_action", "downgrade", "rating"),
    row("vandelay_wire", "cut its price target to $52 from $58", "VDLY", "price_target", 52, "USD", previous=58),
    row("vandelay_wire", "lowered its rating on Vandelay to Market Perform from Outperform", "VDLY", "rating", "market perform",
        "rating", previous="outperform"),
    row("vandelay_wire", "lowered its rating on Vandelay to Market Perform from Outperform", "VDLY", "rating_action", "downgrade",
        "rating"),
]

ANALYST_ROWS = [
    # hooli_notes, published Tuesday 2026-06-09
    row("hooli_notes", "upgraded Hooli Semiconductor (NASDAQ:HOOL) to Overweight from Equal-Weight", "HOOL", "rating",
        "overweight", "rating", previous="equal-weight"),
    row("hooli_notes", "upgraded Hooli Semiconductor (NASDAQ:HOOL) to Overweight from Equal-Weight", "HOOL", "rating_action",
        "upgrade", "rating"),
    row("hooli_notes", "raised its December 2026 price target to $240 from $185", "HOOL", "price_target", 240, "USD", previous=185,
        time={"horizon": "2026-12"}),
    row("hooli_notes", "data-center revenue to reach roughly $9 billion by late 2026", "HOOL", "revenue", 9e9, "USD",
        hedge="about", time={"horizon": "late-2026"}),
    row("hooli_notes", "Hooli shares were up 5.3% at $201.50 in intraday trading", "HOOL", "share_price", 201.5, "USD",
        time={"session": "intraday"}),
    row("hooli_notes", "Hooli shares were up 5.3% at $201.50 in intraday trading", "HOOL", "share_price_change", 5.3, "%",
        time={"session": "intraday"}),
    row("hooli_notes", "raised its price target on Hooli to $230 from $200", "HOOL", "price_target", 230, "USD", previous=200),
    row("hooli_notes", "raised its price target on Hooli to $230 from $200 but kept a Neutral rating", "HOOL", "rating", "neutral",
        "rating"),
    row("hooli_notes", "raised its price target on Hooli to $230 from $200 but kept a Neutral rating", "HOOL", "rating_action",
        "maintain", "rating"),
    row("hooli_notes", "initiated coverage of Pied Piper Networks (PIPR) with a Sell rating", "PIPR", "rating", "sell", "rating"),
    row("hooli_notes", "initiated coverage of Pied Piper Networks (PIPR) with a Sell rating", "PIPR", "rating_action", "initiate",
        "rating"),
    row("hooli_notes", "with a Sell rating and a $14 price target", "PIPR", "price_target", 14, "USD"),
    row("hooli_notes", "downgraded Pied Piper to Underweight from Neutral", "PIPR", "rating", "underweight", "rating",
        previous="neutral"),
    row("hooli_notes", "downgraded Pied Piper to Underweight from Neutral", "PIPR", "rating_action", "downgrade", "rating"),
    row("hooli_notes", "lowered its target to $15 from $21", "PIPR", "price_target", 15, "USD", previous=21),
    row("hooli_notes", "Pied Piper's stock fell 8.2% to $16.05 at the close", "PIPR", "share_price", 16.05, "USD",
        time={"session": "close"}),
    row("hooli_notes", "Pied Piper's stock fell 8.2% to $16.05 at the close", "PIPR", "share_price_change", 8.2, "%"),
    row("hooli_notes", "Pied Piper's stock fell 8.2% to $16.05 at the close on Monday", "PIPR", "session_date", "2026-06-08", "date",
        marks=gap('no session_date from "Pied Piper\'s stock fell ... on Monday"; the date is only a time qualifier')),
    row("hooli_notes", "reiterated its Buy rating on Massive Dynamic (MSDY)", "MSDY", "rating", "buy", "rating"),
    row("hooli_notes", "reiterated its Buy rating on Massive Dynamic (MSDY)", "MSDY", "rating_action", "maintain", "rating"),
    row("hooli_notes", "reiterated its Buy rating on Massive Dynamic (MSDY) and its $64 price target", "MSDY", "price_target",
        64, "USD"),
    row("hooli_notes", "maintained a Hold rating on Massive Dynamic", "MSDY", "rating", "hold", "rating"),
    row("hooli_notes", "maintained a Hold rating on Massive Dynamic", "MSDY", "rating_action", "maintain", "rating"),
    row("hooli_notes", "trimmed its price target to $50 from $55", "MSDY", "price_target", 50, "USD", previous=55),
    row("hooli_notes", "started coverage of Massive Dynamic at Outperform", "MSDY", "rating", "outperform", "rating"),
    row("hooli_notes", "started coverage of Massive Dynamic at Outperform", "MSDY", "rating_action", "initiate", "rating"),
    row("hooli_notes", "at Outperform with a $70 price target", "MSDY", "price_target", 70, "USD"),
    row("hooli_notes", "about 1.2 gigawatts of contracted capacity by early 2027", "MSDY", "capacity", 1200, "MW", hedge="about",
        tags=["contracted"], time={"horizon": "early-2027"}),
    row("hooli_notes", "Massive Dynamic shares added 2% after hours", "MSDY", "share_price_change", 2, "%",
        time={"session": "after-hours"},
        marks=gap("'after hours' at the end of the sentence not attached as a session")),
]

NEWSLETTER_ROWS = [
    # desk_notes, published Tuesday 2026-07-14: a list of "Company: what happened" lines, each about its label
    row("desk_notes", "Initech Systems (NYSE:INIT): upgraded to Buy from Hold", "INIT", "rating", "buy", "rating", previous="hold"),
    row("desk_notes", "Initech Systems (NYSE:INIT): upgraded to Buy from Hold", "INIT", "rating_action", "upgrade", "rating"),
    row("desk_notes", "target $64 (from $48)", "INIT", "price_target", 64, "USD", previous=48),
    row("desk_notes", "Fabrikam Partners cut its target to $31 from $35", "GLBX", "price_target", 31, "USD", previous=35,
        broker="Fabrikam Partners"),
    row("desk_notes", "Fabrikam Partners cut its target to $31 from $35 and kept a Neutral rating", "GLBX", "rating", "neutral",
        "rating"),
    row("desk_notes", "Umbrella Logistics (UMBL): shares fell 3.1% to $22.40 in early trading", "UMBL", "share_price", 22.4, "USD",
        time={"session": "early trading"}),
    row("desk_notes", "Globex: Northwind Securities raised its target to $40 from $33", "GLBX", "price_target", 40, "USD",
        previous=33, broker="Northwind Securities"),
]

ROWS = EARNINGS_ROWS + DEAL_ROWS + TAKEOVER_ROWS + ANALYST_ROWS + NEWSLETTER_ROWS


@pytest.fixture(scope="module")
def analyses(tmp_path_factory) -> dict:
    """Each story analysed on its own; source id -> that story's Analysis."""
    by_source = {}
    for story, articles in STORIES.items():
        folder = tmp_path_factory.mktemp(story) / "sources"
        folder.mkdir()
        for source_id, text in articles.items():
            (folder / f"{source_id}.txt").write_text(text, encoding="utf-8")
        analysis = analyse([folder.parent])
        by_source.update(dict.fromkeys(articles, analysis))
    return by_source


def _assert_parties(analysis, source, fragment, subject, measure, value, unit, extra):
    """A claim matching the row also names every expected counterparty in ``scope["parties"]``."""
    hits = [c for c in analysis.claims if c.source == source and fragment in c.quote
            and _matches(c, subject, measure, value, unit, extra)]
    assert any(set(extra["parties"]) <= set(c.scope.get("parties", [])) for c in hits), (
        f"expected parties {extra['parties']}; got:\n{_describe(hits)}")


@pytest.mark.parametrize("source,fragment,subject,measure,value,unit,extra", ROWS)
def test_genre_sentence(analyses, source, fragment, subject, measure, value, unit, extra):
    analysis = analyses[source]
    _assert_claim(analysis, source, fragment, subject, measure, value, unit, extra)
    if "parties" in extra:
        _assert_parties(analysis, source, fragment, subject, measure, value, unit, extra)


def test_every_fragment_is_in_one_article():
    """A row's fragment is a plain substring of its own article (guards typos in the table)."""
    texts = {sid: text for articles in STORIES.values() for sid, text in articles.items()}
    for param in ROWS:
        source, fragment = param.values[:2]
        assert fragment in texts[source], (source, fragment)
