"""Comparison rules: when two claims of one cluster agree, whether they can disagree at all, and how they differ.

Rules (DESIGN.md "Comparison rules"): two values agree when their intervals overlap
(stated precision widened by the hedge). Disagreeing claims differ by **timing** when
their time qualifiers differ, by **scope** when their scope qualifiers differ, and
otherwise **conflict**. Market readings (share prices and moves) taken at unpinned
moments are timing: they are snapshots of a moving price.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from . import lexicon
from .extract import measure_info
from .model import Claim
from .timeexpr import value_range

_ABOUT = 0.02  # "about/roughly" widens a value by 2% of itself, or by its precision if that is more
MAX_RATIO = 20  # values further apart than this are not compared (see comparable_pair)


def interval(c: Claim) -> tuple[float, float]:
    """The values a claim allows, from its stated precision and hedge.

    >>> interval(Claim("a", "s", "X", "m", 1.3e9, "USD", "", (0, 0), precision=5e7))
    (1250000000.0, 1350000000.0)
    >>> interval(Claim("a", "s", "X", "m", 600.0, "MW", "", (0, 0), hedge="more_than", precision=0.5))
    (599.5, inf)
    """
    v = float(c.value)
    p = c.precision or 0.0
    if c.hedge == "range" and c.low is not None and c.high is not None:
        return (c.low - p, c.high + p)
    if c.hedge == "about":
        w = p + max(p, _ABOUT * abs(v))
        return (v - w, v + w)
    if c.hedge == "more_than":
        return (v - p, math.inf)
    if c.hedge in ("less_than", "up_to"):
        return (-math.inf if v < 0 else 0.0, v + p)
    return (v - p, v + p)


def agree(a: Claim, b: Claim) -> bool:
    """True when two claims can both be right about the value."""
    if a.unit == "date" and b.unit == "date":
        return _dates_overlap(a, b)
    if isinstance(a.value, str) or isinstance(b.value, str):
        return label_key(a) == label_key(b)
    if a.hedge == b.hedge and a.hedge in ONE_SIDED:  # "up to $19 million" and "up to $21 million" name different caps
        (lo1, hi1), (lo2, hi2) = exact_interval(a), exact_interval(b)
    else:
        (lo1, hi1), (lo2, hi2) = interval(a), interval(b)
    if lo1 == hi1 or lo2 == hi2:  # a value stated with no precision: inside the other, ends included
        return lo1 <= hi2 and lo2 <= hi1
    return lo1 < hi2 and lo2 < hi1  # "$18" (17.5-18.5) and "$19" (18.5-19.5) only touch: they differ


@lru_cache(maxsize=4096)
def calendar_range(value: str) -> tuple[date, date] | None:
    """value_range(value), remembered: a story's dates repeat."""
    return value_range(value)


def _dates_overlap(a: Claim, b: Claim) -> bool:
    """Two dates agree when the periods they name overlap ("2026" and "2026-Q4"); "up to" a day
    (news that came no later than a session) agrees with any earlier day."""
    ra, rb = calendar_range(str(a.value)), calendar_range(str(b.value))
    if ra is None or rb is None:
        return True  # a date with no calendar position cannot be told apart
    (lo1, hi1), (lo2, hi2) = ra, rb
    if a.hedge == "up_to":
        lo1 = date.min
    if b.hedge == "up_to":
        lo2 = date.min
    return lo1 <= hi2 and lo2 <= hi1


def _days_apart(a: Claim, b: Claim) -> int:
    ra, rb = calendar_range(str(a.value)), calendar_range(str(b.value))
    if ra is None or rb is None:
        return 0
    return max(0, (max(ra[0], rb[0]) - min(ra[1], rb[1])).days)


def label_key(c: Claim):
    if c.measure == "rating":
        return lexicon.load("ratings")["labels"].get(str(c.value), str(c.value))
    return str(c.value).lower()


def time_key(value: str | None) -> str | None:
    """A time qualifier without its year when the year may be unknown: "since:late-2025-09" -> "since:late-09".

    >>> time_key("since:late-2025-09") == time_key("since:late--09")
    True
    """
    if value is None:
        return None
    return re.sub(r"-+", "-", re.sub(r"\d{4}", "", value))


def same_time(a: str, b: str) -> bool:
    """Equal, or equal once an unresolved value ("monday", "--11-06") is compared without its year."""
    if a == b:
        return True
    unresolved = not re.search(r"\d{4}", a) or not re.search(r"\d{4}", b)
    return unresolved and time_key(a) == time_key(b)


def time_differs(a: Claim, b: Claim) -> list[str]:
    """The time qualifiers on which two claims differ (a missing horizon differs from a stated one)."""
    out = []
    ha, hb = a.time.get("horizon"), b.time.get("horizon")
    if (ha or hb) and not (ha and hb and same_time(ha, hb)):
        out.append("horizon")
    for key in ("date", "session", "period"):
        if a.time.get(key) and b.time.get(key) and not same_time(a.time[key], b.time[key]):
            if key == "date" and (not re.search(r"\d{4}", a.time[key]) or not re.search(r"\d{4}", b.time[key])):
                continue  # an unresolved weekday cannot be told apart from a dated day
            out.append(key)
    return out


def scope_differs(a: Claim, b: Claim) -> list[str]:
    out = sorted(set(a.scope.get("tags", [])) ^ set(b.scope.get("tags", [])))
    for key in ("broker", "parties"):
        if a.scope.get(key) and b.scope.get(key) and a.scope[key] != b.scope[key]:
            out.append(key)
    return out


def comparable_pair(a: Claim, b: Claim) -> bool:
    """Whether two claims of one cluster can disagree at all.

    A source's own figures are only compared for labels (a rating said two ways): two
    numbers in one article are nearly always two different things (Q2 and Q3 revenue).
    Numbers two orders of magnitude apart are not readings of one quantity either; the
    gap points at a mis-read measure, not at a disagreement worth an editor's time.
    """
    if a.source == b.source and (a.unit == "date" or b.unit == "date"):
        return False
    if isinstance(a.value, str) or isinstance(b.value, str):
        return True
    if a.source == b.source:
        return False
    x, y = abs(float(a.value)), abs(float(b.value))
    if min(x, y) == 0:
        return max(x, y) == 0
    return max(x, y) / min(x, y) < MAX_RATIO


def _pinned(c: Claim) -> bool:
    """A market reading pinned to a fixed moment (a dated close or open)."""
    return c.time.get("session") in ("close", "open") and bool(c.time.get("date"))


def classify(a: Claim, b: Claim) -> str:
    """The kind of a disagreement between two claims of one cluster: timing, scope or conflict."""
    if timing_part(a, b):
        return "timing"
    if scope_part(a, b):
        return "scope"
    return "conflict"


def timing_part(a: Claim, b: Claim) -> bool:
    """Whether two claims of one cluster differ by timing (reads their times, and their dates for a measure with a window)."""
    info = measure_info(a.measure)
    window = info.get("same_event_days")
    if window is not None and _days_apart(a, b) > window:
        return True  # sessions weeks apart are two moves, not one misdated move
    if info.get("snapshot") and not (_pinned(a) and _pinned(b) and a.time == b.time):
        return True
    return bool(time_differs(a, b))


def scope_part(a: Claim, b: Claim) -> bool:
    """Whether two claims of one cluster, not differing by timing, differ by scope (reads their scopes only)."""
    if scope_differs(a, b):
        return True
    # "300 MW" and "1 GW" of one company, not both saying which part: not a conflict
    return bool(measure_info(a.measure).get("generic")) and not _same_stated_scope(a, b)


def _same_stated_scope(a: Claim, b: Claim) -> bool:
    """Both claims name the same part (scope tags) or the same counterparties."""
    for key in ("tags", "parties"):
        if a.scope.get(key) and a.scope.get(key) == b.scope.get(key):
            return True
    return False


ONE_SIDED = ("up_to", "less_than", "more_than")  # hedges agree() compares as exact when both claims share them


def exact_interval(c: Claim) -> tuple[float, float]:
    """The interval of a numeric claim read without its hedge (what agree() uses for two equal one-sided hedges)."""
    v, p = float(c.value), c.precision or 0.0
    return (v - p, v + p)


def day_span(c: Claim) -> tuple[float, float]:
    """The days (as ordinals) a date claim may fall on, as _dates_overlap() reads it; all days when it has no calendar position."""
    span = calendar_range(str(c.value))
    if span is None:
        return (-math.inf, math.inf)
    lo, hi = span
    return ((date.min if c.hedge == "up_to" else lo).toordinal(), hi.toordinal())

