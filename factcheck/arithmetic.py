"""Arithmetic stage: figures implied by what a sentence states.

A figure and its stated share of a whole ("480 MW, about 64% of approved capacity")
imply the whole (750 MW). Implied totals become claims of their own, so totals that
disagree across sources are found like any other figure, with the arithmetic kept
in ``evidence``.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from .rules import interval
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
        figures: dict[tuple[str, str], _Figures] = {}
        for share in group:
            info = measure_info(share.measure)
            if not info.get("share_of") or isinstance(share.value, str) or not share.value_span:
                continue
            key = (info["share_of"], share.subject)
            if key not in figures:
                figures[key] = _Figures([c for c in group if c.measure == key[0] and c.subject == key[1]
                                         and c.value_span and not isinstance(c.value, str)])
            fig = figures[key].last_before(share.value_span[0])
            if fig is None or float(share.value) <= 0:
                continue
            out.append(_total(fig, share, info["implies"]))
    return out


class _Figures:
    """One sentence's figures of one measure and subject, to find the one a share qualifies without a scan."""

    def __init__(self, figures: list[Claim]):
        ranked = sorted(enumerate(figures), key=lambda f: (f[1].value_span[1], f[0]))  # by end, then sentence order
        self.ends = [c.value_span[1] for _, c in ranked]
        self.best: list[Claim | None] = [None]  # best[k]: the latest-starting of the first k by end (first on a tie)
        top = None
        for order, c in ranked:
            if top is None or (c.value_span[0], -order) > top[0]:
                top = ((c.value_span[0], -order), c)
            self.best.append(top[1])

    def last_before(self, pos: int) -> Claim | None:
        """The figure ending by ``pos`` that starts last (the first such in sentence order), or None."""
        return self.best[bisect_right(self.ends, pos)]


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
