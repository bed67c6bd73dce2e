"""Evidence-based explanations, pinned on every story where they apply.

The flagship story is bundled; the corpus stories are read from ../shared/corpus (skipped
when absent). Written two-source stories cover the rules the real stories lack.
"""

from __future__ import annotations

import pytest

from factcheck.pipeline import analyse

from corpus import CORPUS, FLAGSHIP, needs_corpus


def _findings(analysis, **match):
    return [f for f in analysis.findings if all(getattr(f, k) == v for k, v in match.items())]


@pytest.fixture(scope="module")
def flagship():
    return analyse([FLAGSHIP])


@pytest.fixture(scope="module")
def cipher():
    return analyse([CORPUS / "cipher-aws-5-5b-lease"])


@pytest.fixture(scope="module")
def iren():
    return analyse([CORPUS / "iren-microsoft-9-7b-contract"])


# --- flagship ------------------------------------------------------------------------------

def test_flagship_600_mw_is_named_a_likely_misattribution(flagship):
    [f] = _findings(flagship, subject="CIFR", measure="capacity", kind="conflict")
    misattributed = f.evidence["misattribution"]
    [(claim_id, others)] = misattributed.items()
    assert claim_id.startswith("coindesk@")
    assert "CIFR+IREN" in others
    assert "likely misattribution" in f.explanation and "CoinDesk's 600 MW" in f.explanation


def test_flagship_ainvest_contradicts_itself_on_cleanspark(flagship):
    [f] = _findings(flagship, subject="CLSK", measure="rating_action", kind="conflict")
    assert f.evidence["self_contradiction"] == ["ainvest"]
    assert "AInvest contradicts itself." in f.explanation


def test_flagship_share_and_figure_imply_the_same_total(flagship):
    """480 MW at 64% of approved capacity implies 750 MW, in three sources that agree."""
    [f] = _findings(flagship, subject="CIFR", measure="implied_total_capacity", kind="agreement")
    assert f.evidence["sources"] == 3
    assert "about 750 MW (" in f.explanation and "/ 64%" in f.explanation
    claims = [c for c in flagship.claims if c.id in f.claims]
    assert all(c.low <= 750 <= c.high for c in claims)


# --- corpus stories ----------------------------------------------------------------------------

@needs_corpus
def test_cipher_move_dated_to_two_sessions_is_a_conflict(cipher):
    [f] = _findings(cipher, subject="CIFR", measure="session_date", kind="conflict")
    assert "Oct 31, 2025 (TTMGoal" in f.explanation and "Nov 3, 2025 (MEXC News)" in f.explanation
    assert "different sessions" in f.explanation


@needs_corpus
def test_cipher_combined_contract_value_is_explained_as_a_sum(cipher):
    [f] = [f for f in _findings(cipher, subject="CIFR", measure="deal_value", kind="scope") if "sum_of" in f.evidence]
    [(total, parts)] = f.evidence["sum_of"].items()
    assert "8.5 billion" in total and sorted(parts) == ["$5.5 billion", "about $3 billion"]


@needs_corpus
def test_iren_announcement_after_the_move_that_reacted_to_it_is_a_conflict(iren):
    """Benzinga: shares jumped on Monday (Nov 3) after the company announced -> news no later than Nov 3;
    AInvest: announced November 6."""
    [f] = _findings(iren, subject="IREN", measure="announcement_date", kind="conflict")
    assert {v["label"] for v in f.values} == {"no later than Nov 3, 2025", "Nov 6, 2025"}
    assert "after the company announced" in f.explanation


@needs_corpus
def test_iren_prices_with_different_implied_closes_are_different_sessions(iren):
    [f] = _findings(iren, subject="IREN", measure="share_price", kind="timing")
    assert "different sessions" in f.explanation


# --- written stories for the rules the real ones lack -------------------------------------------

def _story(tmp_path, articles: dict[str, str]):
    folder = tmp_path / "story" / "sources"
    folder.mkdir(parents=True)
    for name, body in articles.items():
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    return analyse([folder.parent])


def test_implied_totals_that_disagree_are_reported(tmp_path):
    a = _story(tmp_path, {
        "wire": "outlet: Wire\npublished: 2026-03-02\n---\nAcme Power (ACME) expects to energize 300 MW by 2027, "
                "or 40% of its approved capacity, the company said.\n",
        "daily": "outlet: Daily\npublished: 2026-03-02\n---\nAcme Power (ACME) expects to energize 300 MW by 2027, "
                 "about 60% of its approved capacity.\n",
    })
    [f] = _findings(a, subject="ACME", measure="implied_total_capacity", kind="conflict")
    assert "about 750 MW (300 MW / 40%)" in f.explanation and "about 500 MW (300 MW / about 60%)" in f.explanation


def test_different_dates_for_one_event_conflict_but_agreeing_periods_do_not(tmp_path):
    a = _story(tmp_path, {
        "wire": "outlet: Wire\npublished: 2026-03-02\n---\nAcme Power (ACME) said rent under its lease with Globex "
                "commences in August 2026 and full delivery is due by Q4 2026.\n",
        "daily": "outlet: Daily\npublished: 2026-03-03\n---\nAcme Power (ACME) said rent under its lease with Globex "
                 "commences in October 2026, with full delivery in 2026.\n",
    })
    [rent] = _findings(a, subject="ACME", unit="date", kind="conflict")
    assert "Aug 2026 (Wire)" in rent.explanation and "Oct 2026 (Daily)" in rent.explanation
    [done] = _findings(a, subject="ACME", measure="completion_date")
    assert done.kind == "agreement"  # Q4 2026 lies within 2026


def test_flagship_copies_are_derived_and_counted_once(flagship):
    """AInvest rewrites The Block and the news brief rewrites CoinDesk: corroboration counts them once."""
    assert flagship.copies["ainvest"].origin == "theblock"
    assert flagship.copies["newsbrief"].origin == "coindesk"
    assert "coindesk" not in flagship.copies
    [f] = _findings(flagship, subject="IREN", measure="price_target", kind="agreement")
    assert f.evidence == {"sources": 4, "independent": 2}


def test_flagship_report_says_how_many_sources_are_independent(flagship):
    from factcheck.pipeline import to_document
    from factcheck.report import render_markdown
    doc = to_document(flagship)
    report = render_markdown(doc)
    assert "| 4 sources (2 independent) |" in report
    ainvest = next(s for s in doc["sources"] if s["id"] == "ainvest")
    assert ainvest["derived_from"] == ["theblock"] and ainvest["copy"]["share"] >= 0.5
