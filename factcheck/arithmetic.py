"""Arithmetic stage: figures implied by what a sentence states.

A figure and its stated share of a whole ("480 MW, about 64% of approved capacity")
imply the whole (750 MW). Implied totals become claims of their own, so totals that
disagree across sources are found like any other figure, with the arithmetic kept
in ``evidence``.
"""

from __future__ import annotations

import math

from .check import interval
from .extract import measure_info
from .model import Claim


def implied_totals(claims: list[Claim]) -> list[Claim]:
    """One derived claim per (figure, share) pair stated in one sentence about one subject.

    The share follows the figure it qualifies; the derived value is figure / share with
    the range that the stated precision and hedges of both allow.

    >>> fig = Claim("s-001", "s", "ACME", "capacity", 480.0, "MW", "q", (0, 40), "480 MW", (0, 6), precision=0.5)
    >>> pct = Claim("s-002", "s", "ACME", "share_of_capacity", 64.0, "%", "q", (0, 40), "64%", (20, 23), precision=0.5)
    >>> [(c.measure, c.value, c.value_span) for c in implied_totals([fig, pct])]
    [('implied_total_capacity', 750.0, (0, 23))]
    """
    out = []
    by_sentence: dict[tuple, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault((c.source, c.span), []).append(c)
    for group in by_sentence.values():
        for share in group:
            info = measure_info(share.measure)
            if not info.get("share_of") or isinstance(share.value, str) or not share.value_span:
                continue
            figures = [c for c in group if c.measure == info["share_of"] and c.subject == share.subject
                       and c.value_span and c.value_span[1] <= share.value_span[0] and not isinstance(c.value, str)]
            if not figures or float(share.value) <= 0:
                continue
            fig = max(figures, key=lambda c: c.value_span[0])
            out.append(_total(fig, share, info["implies"]))
    return out


def _total(fig: Claim, share: Claim, measure: str) -> Claim:
    f_lo, f_hi = interval(fig)
    s_lo, s_hi = interval(share)
    value = float(fig.value) / float(share.value) * 100
    low = f_lo / s_hi * 100 if math.isfinite(s_hi) and s_hi > 0 else 0.0
    high = f_hi / s_lo * 100 if s_lo > 0 and math.isfinite(f_hi) else math.inf
    start, end = fig.value_span[0], share.value_span[1]
    offset = start - fig.span[0]
    text = fig.quote[offset : offset + end - start]
    return Claim(
        id=f"{share.id}-total", source=share.source, subject=share.subject, measure=measure, value=round(value, 6),
        unit=fig.unit, quote=share.quote, span=share.span, value_text=text, value_span=(start, end),
        low=round(low, 6), high=round(high, 6) if math.isfinite(high) else None, hedge="range",
        time=dict(fig.time), scope=dict(fig.scope),
        evidence={"implied_from": {"figure": fig.id, "share": share.id,
                                   "arithmetic": f"{fig.value_text} / {share.value_text}"}},
    )
