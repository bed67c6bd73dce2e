"""Find time qualifiers in article text: dates, trading sessions, forecast horizons, periods.

``find_time_expressions(text, start, end, published)`` returns non-overlapping
``TimeExpr`` records, in text order, with spans into ``text``. The vocabulary lives in
``factcheck/data/time.json``; this module holds only the grammar.

Normalised values (``TimeExpr.value``), by kind:

- date: ``YYYY-MM-DD``; ``YYYY-MM`` (a month); ``YYYY-Www`` (ISO week: "last week");
  ``YYYY-Qn`` / ``YYYY`` ("two quarters ago", "a year ago").
- session: ``pre-market``, ``open``, ``early trading``, ``morning``, ``midday``,
  ``afternoon``, ``intraday``, ``late trading``, ``close``, ``after-hours``,
  ``publication time``.
- horizon: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Qn``, ``YYYY-Hn``, ``FYYYYY``,
  ``YYYY-YYYY`` (a range of years); a year or month may carry ``early-`` / ``mid-`` /
  ``late-`` ("late-2026", "mid-2027").
- period: ``YYYY-Qn``, ``YYYY-Hn``, ``YYYY``, ``FYYYYY``, ``YYYY-YYYY``; ``since:<v>``
  where <v> is any date, month or year value ("since:late-2025-09", "since:2025-10-10");
  ``ytd``; ``past:<n><unit>`` ("past:1y", "past:12m").
- moment: ``recent`` or ``current`` (weak qualifiers; never tied to a date).

Without a reference date (``resolved=False``): ``--MM-DD``, ``--MM``, ``--Qn``,
``--Hn``, ``FY--Qn``, a weekday name (``monday``), ``today`` / ``yesterday`` /
``tomorrow``, ``<unit>:this|last|next`` (``week``, ``month``, ``quarter``, ``year``:
"quarter:last", "year:next"), ``ago:<n><unit>`` ("ago:13d"); after "since" these get
the same ``since:`` prefix ("since:late--09"). A vagueness word joins its base with
``-`` unless the base starts with ``-`` (``late-2026``, ``late--09``). Units in
``ago:`` and ``past:`` are min, h, d, w, m, q, y.

``resolved`` is False only when the value would change if a reference date were known.
Spans relative by nature but complete as stated ("ytd", "past:1y", moments, sessions)
are always resolved.

Kinds: "since" makes a period; a horizon preposition ("by", "through", "until") or a
following forecast noun ("December 2026 price target") makes a horizon. Otherwise a day
is a date; a month is a date unless it has a year and starts after ``published``; a
year, half or quarter is a period if it has started by ``published``, else a horizon,
and with no ``published`` a stated year reads as a horizon and a bare quarter as a period.

Years missing from a month, day, quarter or half are inferred from ``published``: after
"since" the latest occurrence on or before it; after a horizon preposition the first on
or after it; a bare quarter or half the latest that has started by then; a bare month
or day the year of ``published`` (as a reader would). Weekdays resolve to the latest
such day on or before ``published`` ("last Monday": strictly before; "next": after).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from collections.abc import Callable

from . import lexicon
from .phrases import PhraseIndex, text_words
from .regextrie import trie_regex

_LETTERS = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class TimeExpr:
    """One time qualifier: its kind, normalised value, raw text and span."""

    kind: str  # "date" | "session" | "horizon" | "period" | "moment"
    value: str  # normalised, see the module docstring
    text: str  # raw matched text == text[span[0]:span[1]]
    span: tuple[int, int]  # offsets into the text passed in
    resolved: bool = True  # False when relative and no reference date was available


@dataclass(frozen=True)
class _Point:
    """A calendar reference before its context decides the kind.

    ``grain`` is day | week | month | quarter | half | year | years;
    ``first`` is the first day it covers when the year is known (for past/future tests).
    """

    grain: str
    value: str
    first: date | None
    resolved: bool = True
    explicit_year: bool = False


# ---------------------------------------------------------------- small helpers


def _reference(published: str | None) -> datetime | None:
    """The reference datetime from an ISO date or datetime; None when missing or unreadable.

    >>> _reference("2025-11-24")
    datetime.datetime(2025, 11, 24, 0, 0)
    >>> _reference("2025-11-24T13:15:00Z").hour
    13
    >>> _reference("unknown") is None
    True
    """
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.strip())
    except ValueError:
        try:
            return datetime.fromisoformat(published.strip()[:10])
        except ValueError:
            return None


def _normal(phrase: str) -> str:
    """Lexicon key for matched text: lower case, one space, straight apostrophes.

    >>> _normal("In  Pre-Market\\ntrading")
    'in pre-market trading'
    """
    return " ".join(phrase.lower().replace("\u2019", "'").split())


def _variants(phrase: str, names: bool) -> set[str]:
    """The spellings a phrase matches in: as given, Capitalised, Title Case, CAPITALS (names: no lower case).

    >>> sorted(_variants("pre-market", False))
    ['PRE-MARKET', 'Pre-Market', 'Pre-market', 'pre-market']
    """
    if names:
        return {phrase.capitalize(), phrase.upper()}
    return {phrase, phrase[:1].upper() + phrase[1:], phrase.title(), phrase.upper()}


def _words(phrases, names: bool = False) -> str:
    """A regex matching any of ``phrases`` (longest first), built as a trie; spaces match any whitespace run.

    Matching is case-sensitive over the spellings of ``_variants`` so that ``re`` can skip
    quickly over text that cannot start a phrase (``re.IGNORECASE`` disables that).

    >>> _words(["by", "by the end of"], names=True)
    'B(?:Y(?:\\\\s++THE\\\\s++END\\\\s++OF)?|y(?:\\\\s++the\\\\s++end\\\\s++of)?)'
    >>> bool(re.fullmatch(_words(["year-to-date"]), "Year-To-Date"))
    True
    """
    trie: dict = {}
    for phrase in phrases:
        for variant in _variants(phrase, names):
            node = trie
            for token in re.findall(r"\s+|.", variant):
                node = node.setdefault(r"\s++" if token.isspace() else re.escape(token), {})
            node[""] = {}
    return trie_regex(trie)


def _first_words(phrases) -> list[str]:
    """The first word of each phrase.

    >>> _first_words(["by the end of", "since", "by"])
    ['by', 'since']
    """
    return sorted({p.split()[0] for p in phrases if p.split()})


def _calendar_lead(d: dict) -> str:
    """A lookahead for how a calendar reference can begin: a digit, "Q1"/"H1", or the start of a word that
    opens one (a preposition, "the", a fiscal, ordinal, vagueness or weekday-modifier word, a relative
    phrase, a month or weekday name). The engine then leaves other words after a letter or two."""
    plain = _first_words([*d["prepositions"], "the", *d["fiscal"], *d["ordinals"], *d["vagueness"],
                          *d["weekday_modifiers"], *d["relative"]])
    names = _first_words([*d["months"], *d["weekdays"]])
    return rf"(?=\d|[QH][1-4]|{_words(plain)}|{_words(names, names=True)})"


def _with_vagueness(vague: str | None, base: str) -> str:
    """Join a vagueness prefix to a value.

    >>> _with_vagueness("late", "2026"), _with_vagueness("late", "--09"), _with_vagueness(None, "2026")
    ('late-2026', 'late--09', '2026')
    """
    if not vague:
        return base
    return vague + ("" if base.startswith("-") else "-") + base


def _infer_year(ref_year: int, index: tuple, ref_index: tuple, role: str, latest_started: bool = False) -> int:
    """The year for a month/day/quarter given without one.

    ``index`` orders the unit inside a year ((month, day), (quarter,) ...). After "since"
    (or when ``latest_started``) the latest occurrence on or before the reference; after a
    horizon preposition the first on or after it; otherwise the reference year.

    >>> _infer_year(2025, (9,), (11,), "since"), _infer_year(2025, (12,), (11,), "since")
    (2025, 2024)
    >>> _infer_year(2025, (3,), (11,), "horizon"), _infer_year(2025, (12,), (11,), "point")
    (2026, 2025)
    """
    if role == "horizon":
        return ref_year if index >= ref_index else ref_year + 1
    if role == "since" or latest_started:
        return ref_year if index <= ref_index else ref_year - 1
    return ref_year


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months.

    >>> _shift_months(2025, 1, -1), _shift_months(2025, 11, 3)
    ((2024, 12), (2026, 2))
    """
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def _two_digit_year(text: str, century_of: int = 2000) -> int:
    """A year from 2 or 4 digits.

    >>> _two_digit_year("26"), _two_digit_year("2026"), _two_digit_year("29", 2028)
    (2026, 2026, 2029)
    """
    value = int(text)
    return value if len(text) == 4 else century_of // 100 * 100 + value


def _quarter(d: date) -> int:
    """The calendar quarter of a date.

    >>> _quarter(date(2025, 11, 24))
    4
    """
    return (d.month - 1) // 3 + 1


def _iso_week(d: date) -> str:
    """ISO week label.

    >>> _iso_week(date(2025, 11, 17))
    '2025-W47'
    """
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


_VAGUE_MONTH_DAY = {"early": 1, "mid": 11, "late": 21}
_VAGUE_YEAR_MONTH = {"early": 1, "mid": 5, "late": 9}
_OFFSET_WORD = {-1: "last", 0: "this", 1: "next"}
_DAY_WORD = {-1: "yesterday", 0: "today", 1: "tomorrow"}


# ---------------------------------------------------------------- the grammar


@dataclass(frozen=True)
class _Grammar:
    """Lexicon tables and the compiled rule patterns."""

    data: dict
    preps: dict  # normalised phrase -> role
    session_of: dict  # normalised phrase -> session value
    moment_of: dict
    numbers: dict
    patterns: dict  # rule name -> compiled pattern
    target: re.Pattern
    blocker: re.Pattern
    words: PhraseIndex  # the phrase lists some rules need a word of
    needs: dict  # rule name -> the groups of ``words`` it needs, each somewhere in the text
    calendar_words: PhraseIndex  # what a calendar reference without digits needs (see _ruled_out)


@cache
def _grammar() -> _Grammar:
    d = lexicon.load("time")
    ws = r"\s++"  # possessive: no pattern starts with a space, so never give one back
    year = r"(?:19|20)\d\d(?!\d)"
    the, of = _words(["the"]), _words(["of"])
    prefix = rf"(?:(?<![\w-])(?P<prep>{_words(d['prepositions'])})(?:{ws}|(?<=-)))?"
    vague = rf"(?:(?<![\w-])(?P<vague>{_words(d['vagueness'])})(?:{ws}|-))?"
    months = _words(d["months"], names=True)
    month = rf"(?<![A-Za-z])(?P<mon>{months})(?![A-Za-z])"
    weekday = rf"(?<![A-Za-z])(?P<wd>{_words(d['weekdays'], names=True)})(?![A-Za-z])"
    ordinals = _words(d["ordinals"])
    fiscal = _words(d["fiscal"])
    numbers = _words(d["numbers"])
    units = _words(d["units"])
    suffix = r"(?:st|nd|rd|th)?"
    sessions = [p for phrases in d["sessions"].values() for p in phrases]
    moments = [p for phrases in d["moments"].values() for p in phrases]
    # One pattern for every calendar reference: an optional preposition, then exactly one
    # core (months and years may take a vagueness word); the named group c_<core> says
    # which matched (see _CORES for the handlers). One pass over the text, not eight.
    cores = {
        "numeric": (
            rf"(?<![\d.,/-])(?P<iy>{year})(?P<sep>[-/])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d/-])"
            rf"|(?<![\d.,/-])(?P<um>\d{{1,2}})/(?P<ud>\d{{1,2}})/(?P<uy>{year})(?![\d/])"
        ),
        "quarter": (
            rf"(?:{the}\s++)?(?:(?P<qf1>{fiscal})\s++)?(?<![\w-])(?P<qord>{ordinals})[\s-]++{_words(['quarter'])}(?![\w-])"
            rf"(?:\s++{of}\s++(?:(?P<qf2>{fiscal})\s*+)?(?P<qy1>{year}|\d\d(?!\d))|,?\s++(?P<qy2>{year}))?"
            rf"|(?<![\w-])Q(?P<qn>[1-4])(?:\s++(?:(?P<qf3>{fiscal})\s*+)?(?P<qy3>{year})|\s*+['\u2019](?P<qy4>\d\d)"
            rf"|\s++(?P<qf4>{fiscal})\s*+(?P<qy5>\d\d))?(?!\w)"
            rf"|(?<![\w-])(?P<qn2>[1-4])Q\s?(?P<qy6>{year}|\d\d)(?!\w)"
        ),
        "half": (
            rf"(?:{the}\s++)?(?<![\w-])(?P<hord>{ordinals})[\s-]++{_words(['half'])}(?![\w-])"
            rf"(?:\s++{of}\s++(?:(?:(?P<hf>{fiscal})\s*+)?(?P<hy1>{year})|{_words(['the year'])})"
            rf"|,?\s++(?P<hy2>{year}))?"
            rf"|(?<![\w-])H(?P<hn>[12])(?:\s++(?P<hy3>{year})|\s*+['\u2019](?P<hy4>\d\d))(?!\w)"
            rf"|(?<![\w-])(?P<hn2>[12])H\s?(?P<hy5>{year}|\d\d)(?!\w)"
        ),
        "month": (
            rf"{month}"
            rf"(?:(?:\.\s*+|\s++)(?P<day>\d{{1,2}}){suffix}(?![\d%])(?!,\d{{3}})(?:,?\s++(?P<dy>{year}))?"
            rf"|\.?,?\s++(?P<my>{year}))?"
        ),
        "daymonth": (
            rf"(?<![\d.,$])(?P<dday>\d{{1,2}}){suffix}\s++(?:{of}\s++)?"
            rf"(?<![A-Za-z])(?P<dmon>{months})(?![A-Za-z])(?:,?\s++(?P<ddy>{year}))?"
        ),
        "weekday": (
            rf"(?:(?<![\w-])(?P<mod>{_words(d['weekday_modifiers'])})\s++)?{weekday}"
            rf"(?:['\u2019]s)?(?:\s++(?P<part>{_words(d['weekday_parts'])})(?!\w))?"
        ),
        "year": (
            rf"(?<![\w$\u20ac\u00a3\u00a5.,/])"
            rf"(?:(?P<fy>{fiscal})\s?(?P<fyy>{year}|\d\d(?!\d))"
            rf"|(?P<y1>{year})(?:(?:\s*+[-\u2013\u2014]\s*+|\s++{_words(['and', 'to', 'through', 'until'])}\s++)"
            rf"(?P<y2>{year}|\d\d(?!\d)))?)(?!\w)"
        ),
        "relative": rf"(?<![\w-])(?P<rel>{_words(d['relative'])})(?![\w-])",
    }
    patterns = {
        "calendar": (
            # a match starts at a word start, or at digits glued to letters ("News2025/09/18");
            # this cheap gate lets the engine skip every other position quickly
            r"(?:\b(?=\w)|(?<=[A-Za-z])(?=\d))"
            + _calendar_lead(d)
            + prefix
            + "(?:"
            + "|".join(f"(?P<c_{name}>{cores[name]})" for name in ("numeric", "quarter", "half"))
            + f"|{vague}(?:(?P<c_month>{cores['month']})|(?P<c_year>{cores['year']}))|"
            + "|".join(f"(?P<c_{name}>{cores[name]})" for name in ("daymonth", "weekday", "relative"))
            + ")"
        ),
        "past": (
            rf"(?<![\w-])(?:(?P<pp>{_words(d['past_prepositions'])})\s++)?(?:(?P<the>{the})\s++)?"
            rf"(?P<pw>{_words(d['past_words'])})\s++(?:(?P<n>\d{{1,3}}|{numbers})\s++)?(?P<unit>{units})(?![\w-])"
        ),
        "ago": rf"(?<![\w.,-])(?P<n>\d{{1,4}}|{numbers})\s++(?P<unit>{units})\s++{_words(d['ago_words'])}(?!\w)",
        "phrase": rf"(?<![\w-])(?P<ph>{_words(sessions + moments)})(?![\w-])",
    }
    blockers = [b for b in d["year_blockers"] if b != "%"]
    return _Grammar(
        data=d,
        preps={_normal(p): role for p, role in d["prepositions"].items()},
        session_of={_normal(p): value for value, phrases in d["sessions"].items() for p in phrases},
        moment_of={_normal(p): value for value, phrases in d["moments"].items() for p in phrases},
        numbers=d["numbers"],
        patterns={name: re.compile(p) for name, p in patterns.items()},
        # used only with .match() at one position, so ignoring case costs nothing here
        target=re.compile(rf"(?:['\u2019]s)?\s++(?:{_words(d['target_nouns'])})(?!\w)", re.IGNORECASE),
        blocker=re.compile(rf"\s*+%|\s++(?:{_words(blockers)})(?!\w)", re.IGNORECASE),
        words=PhraseIndex({"past": list(d["past_words"]), "unit": list(d["units"]), "ago": d["ago_words"],
                           "phrase": sessions + moments}),
        needs={"past": ("past", "unit"), "ago": ("unit", "ago"), "phrase": ("phrase",)},
        calendar_words=PhraseIndex({"calendar": [*d["months"], *d["weekdays"], *d["relative"],
                                                 *(f"{o} {part}" for o in d["ordinals"] for part in ("quarter", "half"))]}),
    )


# ---------------------------------------------------------------- classification


class _Ctx:
    """Per-call state: the text window and the reference date."""

    def __init__(self, grammar: _Grammar, text: str, end: int, ref: datetime | None, has_clock: bool):
        self.g = grammar
        self.text = text
        self.end = end
        self.ref_dt = ref
        self.ref = ref.date() if ref else None
        self.has_clock = has_clock

    def role(self, m: re.Match) -> str:
        prep = m.group("prep")
        return self.g.preps.get(_normal(prep), "point") if prep else "point"

    def targeted(self, pos: int) -> bool:
        """True when a forecast noun ('price target') follows ``pos``."""
        return self.g.target.match(self.text, pos, self.end) is not None

    def classify(self, point: _Point, role: str, target: bool) -> tuple[str, str]:
        """Kind and value of a calendar reference given its preposition role."""
        if role == "since":
            return "period", "since:" + point.value
        if role == "horizon" or target:
            return "horizon", point.value
        future = self.ref is not None and point.first is not None and point.first > self.ref
        if point.grain in ("day", "week"):
            return "date", point.value
        if point.grain == "month":
            return ("horizon" if future and point.explicit_year else "date"), point.value
        if self.ref is None:  # tense unknown: a stated year reads as a horizon, a bare quarter as a period
            return ("horizon" if point.explicit_year else "period"), point.value
        return ("horizon" if future else "period"), point.value


# Each rule turns one match into candidates: (start, end, kind, value, resolved).
_Found = list[tuple[int, int, str, str, bool]]


def _emit_point(ctx: _Ctx, m: re.Match, point: _Point, end: int | None = None) -> _Found:
    end = m.end() if end is None else end
    kind, value = ctx.classify(point, ctx.role(m), ctx.targeted(end))
    return [(m.start(), end, kind, value, point.resolved)]


def _numeric_date(ctx: _Ctx, m: re.Match) -> _Found:
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        y, mo, d = int(m.group("uy")), int(m.group("um")), int(m.group("ud"))
    try:
        day = date(y, mo, d)
    except ValueError:
        return []
    return _emit_point(ctx, m, _Point("day", day.isoformat(), day, explicit_year=True))


def _month_point(
    ctx: _Ctx, month_text: str, day_text: str | None, year_text: str | None, role: str, vague: str | None
) -> _Point | None:
    """A day or month reference; the year comes from ``year_text`` or is inferred from the reference date."""
    month = ctx.g.data["months"][month_text.lower()]
    if day_text:
        day = int(day_text)
        if year_text:
            year = int(year_text)
        elif ctx.ref:
            year = _infer_year(ctx.ref.year, (month, day), (ctx.ref.month, ctx.ref.day), role)
        else:
            if not 1 <= day <= 31:
                return None
            return _Point("day", f"--{month:02d}-{day:02d}", None, resolved=False)
        try:
            first = date(year, month, day)
        except ValueError:
            return None
        return _Point("day", first.isoformat(), first, explicit_year=bool(year_text))
    if year_text:
        year = int(year_text)
    elif ctx.ref:
        year = _infer_year(ctx.ref.year, (month,), (ctx.ref.month,), role)
    else:
        return _Point("month", _with_vagueness(vague, f"--{month:02d}"), None, resolved=False)
    first = date(year, month, _VAGUE_MONTH_DAY.get(vague or "early", 1))
    return _Point("month", _with_vagueness(vague, f"{year}-{month:02d}"), first, explicit_year=bool(year_text))


def _vagueness(ctx: _Ctx, m: re.Match) -> str | None:
    return ctx.g.data["vagueness"][m.group("vague").lower()] if m.group("vague") else None


def _month(ctx: _Ctx, m: re.Match) -> _Found:
    vague = _vagueness(ctx, m)
    day, year = m.group("day"), m.group("dy") or m.group("my")
    if not (m.group("prep") or vague or day or year):
        return []  # a bare month name ("May") is too ambiguous
    point = _month_point(ctx, m.group("mon"), day, year, ctx.role(m), None if day else vague)
    return _emit_point(ctx, m, point) if point else []


def _day_month(ctx: _Ctx, m: re.Match) -> _Found:
    point = _month_point(ctx, m.group("dmon"), m.group("dday"), m.group("ddy"), ctx.role(m), None)
    return _emit_point(ctx, m, point) if point else []


def _weekday(ctx: _Ctx, m: re.Match) -> _Found:
    wd = ctx.g.data["weekdays"][m.group("wd").lower()]
    which = ctx.g.data["weekday_modifiers"][m.group("mod").lower()] if m.group("mod") else 0
    date_end = m.end("wd")
    if ctx.ref is None:
        point = _Point("day", m.group("wd").lower(), None, resolved=False)
    elif which <= 0:
        back = (ctx.ref.weekday() - wd) % 7 or (7 if which else 0)
        day = ctx.ref - timedelta(days=back)
        point = _Point("day", day.isoformat(), day)
    else:
        day = ctx.ref + timedelta(days=(wd - ctx.ref.weekday()) % 7 or 7)
        point = _Point("day", day.isoformat(), day)
    kind, value = ctx.classify(point, ctx.role(m), ctx.targeted(date_end))
    out = [(m.start(), date_end, kind, value, point.resolved)]
    if m.group("part"):
        session = ctx.g.data["weekday_parts"][m.group("part").lower()]
        out.append((m.start("part"), m.end("part"), "session", session, True))
    return out


def _quarter_or_half(ctx: _Ctx, m: re.Match, grain: str, number: int, year_text: str | None, fiscal: bool) -> _Found:
    label = "Q" if grain == "quarter" else "H"
    size = 3 if grain == "quarter" else 6
    if year_text:
        year = _two_digit_year(year_text)
    elif ctx.ref and not fiscal:
        ref_index = _quarter(ctx.ref) if grain == "quarter" else (ctx.ref.month - 1) // 6 + 1
        year = _infer_year(ctx.ref.year, (number,), (ref_index,), ctx.role(m), latest_started=True)
    else:
        value = ("FY" if fiscal else "") + f"--{label}{number}"
        return _emit_point(ctx, m, _Point(grain, value, None, resolved=False))
    first = date(year, (number - 1) * size + 1, 1)
    value = ("FY" if fiscal else "") + f"{year}-{label}{number}"
    return _emit_point(ctx, m, _Point(grain, value, first, explicit_year=bool(year_text)))


def _quarter_rule(ctx: _Ctx, m: re.Match) -> _Found:
    g = m.group
    if g("qord"):
        number = ctx.g.data["ordinals"][g("qord").lower()]
        year_text = g("qy1") or g("qy2")
        fiscal = bool(g("qf1") or g("qf2"))
    elif g("qn"):
        number = int(g("qn"))
        year_text = g("qy3") or g("qy4") or g("qy5")
        fiscal = bool(g("qf3") or g("qf4"))
    else:
        number, year_text, fiscal = int(g("qn2")), g("qy6"), False
    return _quarter_or_half(ctx, m, "quarter", number, year_text, fiscal)


def _half_rule(ctx: _Ctx, m: re.Match) -> _Found:
    g = m.group
    if g("hord"):
        number = ctx.g.data["ordinals"][g("hord").lower()]
        if number > 2:
            return []
        year_text, fiscal = g("hy1") or g("hy2"), bool(g("hf"))
    elif g("hn"):
        number, year_text, fiscal = int(g("hn")), g("hy3") or g("hy4"), False
    else:
        number, year_text, fiscal = int(g("hn2")), g("hy5"), False
    return _quarter_or_half(ctx, m, "half", number, year_text, fiscal)


def _year(ctx: _Ctx, m: re.Match) -> _Found:
    vague = _vagueness(ctx, m)
    end = m.end()
    if m.group("fy"):
        digits = m.group("fyy")
        if len(digits) == 2 and _normal(m.group("fy")) != "fy":
            return []  # "fiscal 26" is a count, "FY26" a year
        year = _two_digit_year(digits)
        point = _Point("year", _with_vagueness(vague, f"FY{year}"), date(year, 1, 1), explicit_year=True)
        return _emit_point(ctx, m, point)
    y1 = int(m.group("y1"))
    is_range = False
    if m.group("y2"):
        y2 = _two_digit_year(m.group("y2"), y1)
        is_range = y1 < y2 <= y1 + 10
        if not is_range:
            end = m.end("y1")
    if ctx.g.blocker.match(ctx.text, end, ctx.end):
        return []  # "by 2000 MW" is a quantity
    if not (m.group("prep") or vague or is_range or ctx.targeted(end)):
        return []  # a bare four-digit number is not a time qualifier
    if is_range:
        point = _Point("years", f"{y1}-{y2}", date(y1, 1, 1), explicit_year=True)
    else:
        first = date(y1, _VAGUE_YEAR_MONTH.get(vague or "early", 1), 1)
        point = _Point("year", _with_vagueness(vague, str(y1)), first, explicit_year=True)
    return _emit_point(ctx, m, point, end)


def _relative(ctx: _Ctx, m: re.Match) -> _Found:
    entry = ctx.g.data["relative"][_normal(m.group("rel"))]
    unit, offset = entry["unit"], entry["offset"]
    if unit == "ytd":
        return [(m.start(), m.end(), "period", "ytd", True)]
    ref = ctx.ref
    if ref is None:
        value = _DAY_WORD[offset] if unit == "day" else f"{unit}:{_OFFSET_WORD[offset]}"
        first = None
    elif unit == "day":
        first = ref + timedelta(days=offset)
        value = first.isoformat()
    elif unit == "week":
        first = ref + timedelta(days=7 * offset - ref.weekday())
        value = _iso_week(first)
    elif unit == "month":
        y, mo = _shift_months(ref.year, ref.month, offset)
        first, value = date(y, mo, 1), f"{y}-{mo:02d}"
    elif unit == "quarter":
        y, mo = _shift_months(ref.year, (_quarter(ref) - 1) * 3 + 1, 3 * offset)
        first, value = date(y, mo, 1), f"{y}-Q{(mo - 1) // 3 + 1}"
    else:
        first, value = date(ref.year + offset, 1, 1), str(ref.year + offset)
    default = ("date" if unit in ("day", "week", "month") else "period") if offset <= 0 else "horizon"
    point = _Point(unit, value, first, resolved=ref is not None)
    role = ctx.role(m)
    if role == "since" or role == "horizon" or ctx.targeted(m.end()):
        kind, value = ctx.classify(point, role, True)
    else:
        kind = entry.get("kind", default)
    return [(m.start(), m.end(), kind, value, point.resolved)]


def _count(ctx: _Ctx, text: str) -> int:
    return int(text) if text.isdigit() else ctx.g.numbers[text.lower()]


def _past(ctx: _Ctx, m: re.Match) -> _Found:
    word = ctx.g.data["past_words"][m.group("pw").lower()]
    if word == "last" and not (m.group("the") or m.group("n")):
        return []  # bare "last year" is the previous calendar year: a relative rule
    n = _count(ctx, m.group("n")) if m.group("n") else 1
    unit = ctx.g.data["units"][m.group("unit").lower()]
    return [(m.start(), m.end(), "period", f"past:{n}{unit}", True)]


def _ago(ctx: _Ctx, m: re.Match) -> _Found:
    n = _count(ctx, m.group("n"))
    unit = ctx.g.data["units"][m.group("unit").lower()]
    if ctx.ref_dt is None:
        return [(m.start(), m.end(), "date", f"ago:{n}{unit}", False)]
    if unit in ("min", "h") and not ctx.has_clock:
        value = ctx.ref.isoformat()  # a bare date cannot be moved by minutes or hours
    elif unit in ("min", "h", "d", "w"):
        minutes = {"min": 1, "h": 60, "d": 1440, "w": 10080}[unit]
        value = (ctx.ref_dt - timedelta(minutes=n * minutes)).date().isoformat()
    elif unit in ("m", "q"):
        y, mo = _shift_months(ctx.ref.year, ctx.ref.month, -n * (3 if unit == "q" else 1))
        value = f"{y}-{mo:02d}" if unit == "m" else f"{y}-Q{(mo - 1) // 3 + 1}"
    else:
        value = str(ctx.ref.year - n)
    return [(m.start(), m.end(), "date", value, True)]


def _phrase(ctx: _Ctx, m: re.Match) -> _Found:
    key = _normal(m.group("ph"))
    if key in ctx.g.session_of:
        return [(m.start(), m.end(), "session", ctx.g.session_of[key], True)]
    return [(m.start(), m.end(), "moment", ctx.g.moment_of[key], True)]


# Core name -> handler for the "calendar" pattern (group c_<name> tells which core matched).
_CORES: dict[str, Callable[[_Ctx, re.Match], _Found]] = {
    "numeric": _numeric_date,
    "quarter": _quarter_rule,
    "half": _half_rule,
    "month": _month,
    "daymonth": _day_month,
    "weekday": _weekday,
    "year": _year,
    "relative": _relative,
}


def _calendar(ctx: _Ctx, m: re.Match) -> _Found:
    # the c_<core> group is the outermost group that closes last
    return _CORES[m.lastgroup[2:]](ctx, m)


# Rule name -> handler; the dict order breaks ties between candidates with the same span.
_RULES: dict[str, Callable[[_Ctx, re.Match], _Found]] = {
    "calendar": _calendar,
    "past": _past,
    "ago": _ago,
    "phrase": _phrase,
}


def find_time_expressions(
    text: str, start: int = 0, end: int | None = None, published: str | None = None
) -> list[TimeExpr]:
    """Time qualifiers in ``text[start:end]``, in text order, never overlapping.

    Spans are offsets into ``text``. ``published`` (ISO date or datetime) anchors
    relative expressions; without it they come back with ``resolved=False``.

    >>> found = find_time_expressions("up 4% in early trading on Monday", published="2025-11-24")
    >>> [(t.kind, t.value, t.text) for t in found]
    [('session', 'early trading', 'in early trading'), ('date', '2025-11-24', 'on Monday')]
    """
    end = len(text) if end is None else min(end, len(text))
    grammar = _grammar()
    ref = _reference(published)
    ctx = _Ctx(grammar, text, end, ref, ref is not None and len(published.strip()) > 10)
    found = []
    ruled_out = _ruled_out(grammar, text, start, end)
    for rank, (name, handler) in enumerate(_RULES.items()):
        if name in ruled_out:
            continue
        for m in grammar.patterns[name].finditer(text, start, end):
            for s, e, kind, value, resolved in handler(ctx, m):
                found.append((s, -e, rank, kind, value, resolved))
    # leftmost first (start), then longest (-end), then rule order (rank)
    found.sort()
    out: list[TimeExpr] = []
    last_end = start
    for s, neg_e, _rank, kind, value, resolved in found:
        if s >= last_end:
            out.append(TimeExpr(kind, value, text[s:-neg_e], (s, -neg_e), resolved))
            last_end = -neg_e
    return out


def _ruled_out(grammar: _Grammar, text: str, start: int, end: int) -> set[str]:
    """The rules that cannot match in ``text[start:end]``, judged from its words: "past", "ago" and "phrase"
    need words of their lists; a calendar reference needs a digit, or a month or weekday name, an ordinal
    quarter or half, or a relative phrase ("last week")."""
    possible = grammar.words.possible(text_words(text, start, end))
    out = {rule for rule, groups in grammar.needs.items() if not all(g in possible for g in groups)}
    if _DIGIT.search(text, start, end) is None and not grammar.calendar_words.possible(_letter_words(text, start, end)):
        out.add("calendar")
    return out


def _letter_words(text: str, start: int, end: int) -> frozenset[str]:
    """The runs of ASCII letters in ``text[start:end]``, in lower case: the calendar words are matched case by
    case (no case folding) and end where letters end ("Nov24", "by Nov_"), so each is one of these runs."""
    return frozenset(map(str.lower, _LETTERS.findall(text, start, end)))


_VAGUE_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def value_range(value: str) -> tuple[date, date] | None:
    """The first and last day a normalised date, month, quarter, half or year value covers.

    ``None`` for values with no calendar position (unresolved weekdays, sessions, ``since:``).
    "early-", "mid-" and "late-" narrow a year to its thirds and a month to its thirds.

    >>> value_range("2026-Q4")
    (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    >>> value_range("late-2026"), value_range("2025-11-03")[0], value_range("monday")
    ((datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)), datetime.date(2025, 11, 3), None)
    """
    vague = None
    for word in _VAGUE_THIRDS:
        if value.startswith(word + "-"):
            vague, value = word, value[len(word) + 1 :]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = date.fromisoformat(value)
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = int(value[:4]), int(value[5:])
            last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
            if vague:
                lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[vague]
                return date(y, m, lo), date(y, m, hi)
            return date(y, m, 1), date(y, m, last)
        m = re.fullmatch(r"(\d{4})-([QH])([1-4])", value)
        if m:
            y, n = int(m.group(1)), int(m.group(3))
            months = 3 if m.group(2) == "Q" else 6
            first = (n - 1) * months + 1
            return date(y, first, 1), date(y + (first + months > 12), (first + months - 1) % 12 + 1, 1) - timedelta(days=1)
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + timedelta(days=6)
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            lo, hi = _VAGUE_THIRDS.get(vague, (1, 12))
            return date(y, lo, 1), date(y + (hi == 12), hi % 12 + 1, 1) - timedelta(days=1)
    except ValueError:
        return None
    return None
