"""Quantities stage: every number in a stretch of text, with unit, scale, hedge, range or change.

``find_quantities(text, start, end)`` reads ``text[start:end]`` and returns
:class:`~factcheck.model.Quantity` records whose spans are offsets into ``text``.
The vocabulary lives in ``data/units.json``, ``data/numbers.json`` and
``data/hedges.json``; this module holds only the grammar.

The rules, in the order they apply:

1. A number is written in digits ("1,700", "9.7", "-0.45") or words ("two",
   "twenty-five", "a dozen"), or is a fraction word followed by "of" ("one-third of"
   is 33.33 %). Digits glued to letters on the left ("GB300", "Q3") are no number,
   nor is one glued to letters on the right that are no scale or unit ("24th", "5G").
2. A number may carry a currency before it ("$", "US$", "A$", "€", "USD ") and after
   it a scale ("billion", "bn", "M"), a unit ("MW", "%", "-year", "x") or a currency
   word ("euros", "cents"), a repeat of the unit in brackets ("1.7 gigawatts (GW)"),
   and, for money, a denominator ("per megawatt", "/share", "a year").
3. A number with no currency or unit is a quantity only when a counted noun from
   ``units.json`` follows within ``count_gap_words`` modifier words ("250,000 GPUs",
   "two landmark HPC transactions"). Calendar years (1900-2100 written without a comma)
   are never counts, and a number after an index name ("S&P 500") is skipped. So
   "20-day", "RSI around 67", "Nov 24, 2025", "1:15 p.m.", "Q3" and "GB300" yield nothing.
4. Hedge words before the number ("roughly", "more than", "up to") or after it ("+",
   "or more"); direction words ("up 13.8%", "4.2% higher") and signs ("-0.53%") next to
   percentages, and direction words next to money, set ``change``. "over" before a
   number of years means "during" and is no hedge.
5. Two neighbouring numbers join into one quantity: "from A to B" and "to B from A" are a
   change (value B, previous A); "A to B", "A-B" and "between A and B" are a range. The
   first number takes scale, currency and unit from the second when it has none
   ("$8-17 million", "3-5%"). Any other words between the numbers keep them apart
   ("from 0 megawatts last quarter to 544 megawatts" is two quantities).
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .lexicon import load
from .model import Quantity

__all__ = ["find_quantities", "parse_number"]

_SP = "[ \\t\\u00a0]"  # a space inside a line
_MAX_DIGITS = 24  # longer digit runs are identifiers, not quantities
_WINDOW = 48  # characters looked at before a number for hedge and connector words
_SIGNS = {"-": "-", "\u2212": "-", "+": "+"}


# ---------------------------------------------------------------- building the tables


def _folds(alias: str) -> bool:
    """True when ``alias`` also matches in other cases: three or more characters, not all capitals.

    >>> _folds("megawatts"), _folds("MW"), _folds("x"), _folds("MWh")
    (True, False, False, True)
    """
    return len(alias) >= 3 and alias != alias.upper()


def _alias_re(alias: str, hyphen_is_space: bool = False) -> str:
    """Regex for one alias: spaces match runs of spaces, a final letter needs a word end.

    >>> re.fullmatch(_alias_re("per cent"), "Per  cent") is not None
    True
    >>> re.match(_alias_re("MW"), "MWh") is None
    True
    """
    splitter = r"[ -]+" if hyphen_is_space else r" +"
    glue = "[- \\t\\u00a0]+" if hyphen_is_space else _SP + "+"
    body = glue.join(re.escape(part) for part in re.split(splitter, alias))
    if _folds(alias):
        body = f"(?i:{body})"
    if alias[-1].isalnum():
        body += "(?![A-Za-z0-9])"
    return body


def _alternation(aliases, hyphen_is_space: bool = False) -> str:
    """Non-capturing alternation of ``aliases``, longest first so "MWh" wins over "MW"."""
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    return "(?:" + "|".join(_alias_re(a, hyphen_is_space) for a in ordered) + ")"


def _key(text: str, hyphen_is_space: bool = False) -> str:
    """The lookup key of matched alias text: spaces collapsed (and hyphens, for number words)."""
    return re.sub(r"[- \t\u00a0]+" if hyphen_is_space else r"[ \t\u00a0]+", " ", text.strip())


class _Lookup:
    """Alias -> value, matching exact spelling first, then any case for aliases that fold."""

    def __init__(self, table: dict, hyphen_is_space: bool = False):
        self.hyphen_is_space = hyphen_is_space
        self.exact = {_key(k, hyphen_is_space): v for k, v in table.items()}
        self.folded = {_key(k, hyphen_is_space).lower(): v for k, v in table.items() if _folds(k) or hyphen_is_space}

    def __getitem__(self, text: str):
        key = _key(text, self.hyphen_is_space)
        if key in self.exact:
            return self.exact[key]
        return self.folded[key.lower()]


def _ending(phrases) -> re.Pattern:
    """Pattern that finds one of ``phrases``, in any case, at the very end of a string (before a number).

    >>> _ending(["up to", "~"]).search("reaching Up to ").group()
    'Up to '
    """
    words = [p for p in phrases if p[-1].isalnum()]
    symbols = [p for p in phrases if not p[-1].isalnum()]
    parts = []
    if words:
        parts.append(f"(?<![\\w]){_alternation(words)}{_SP}+")
    if symbols:
        parts.append(f"(?<![\\w]){_alternation(symbols)}{_SP}*")
    return re.compile("(?i:" + "|".join(parts) + r")\Z")


@dataclass(frozen=True)
class _Tables:
    """Compiled patterns and lookups built once from the three data files."""

    atom: re.Pattern
    scale: re.Pattern
    unit: re.Pattern
    bracket: re.Pattern
    per: re.Pattern
    word: re.Pattern
    plus: re.Pattern
    after_hedge: re.Pattern
    after_direction: re.Pattern
    fraction_follower: re.Pattern
    fraction_blocker: re.Pattern
    index_name: re.Pattern
    hedge_before: re.Pattern
    hedge_tails: frozenset  # last characters of hedge symbols written without a space ("~$8.5B")
    direction_before: re.Pattern
    to_before: re.Pattern
    from_before: re.Pattern
    between_before: re.Pattern
    gap_range_word: re.Pattern
    gap_dash: re.Pattern
    gap_and: re.Pattern
    gap_from: re.Pattern
    gap_to: re.Pattern
    prefixes: _Lookup
    codes: _Lookup
    scales: _Lookup
    measures: _Lookup
    currency_words: _Lookup
    subunits: _Lookup
    per_units: _Lookup
    number_words: _Lookup
    fractions: _Lookup
    count_nouns: dict
    stopwords: frozenset
    gap_words: int
    hedges: dict  # phrase key (lower case) -> hedge kind, before the number
    hedges_after: dict
    not_before_units: dict
    directions_before: dict
    directions_after: dict
    relative_units: frozenset
    years: tuple


@lru_cache(maxsize=None)
def _tables() -> _Tables:
    units, numbers, hedges = load("units"), load("numbers"), load("hedges")

    prefixes = units["currency_prefixes"]
    codes = units["currency_codes"]
    scales = numbers["scales"]
    word_scales = [s for s in scales if len(s) > 1]
    letter_scales = [s for s in scales if len(s) == 1]
    measures = units["measures"]
    attached = [m for m in measures if len(m) == 1 and m.isalpha()]  # "32x": no space allowed
    symbols = [m for m in measures if len(m) == 1 and not m.isalpha()]  # "4.2%", "4.2 %"
    spaced = [m for m in measures if len(m) > 1]  # "410 MW", "750MW", "285-MW"

    number_words = dict(numbers["number_words"])
    tens = [w for w, v in number_words.items() if 20 <= v <= 90 and v % 10 == 0]
    ones = [w for w, v in number_words.items() if 1 <= v <= 9 and " " not in w]
    for t in tens:  # "twenty-five" from "twenty" and "five"
        for o in ones:
            number_words[f"{t}-{o}"] = number_words[t] + number_words[o]
    fractions = numbers["fractions"]

    num = (
        "(?<![\\w.,])(?<![A-Za-z][-\u2013])"
        "(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?|[0-9]+(?:\\.[0-9]+)?)"
    )
    atom = (
        "(?:(?P<sign1>(?<![\\w.,])[-+\u2212])?"
        f"(?:(?P<cur>(?<![\\w]){_alternation(prefixes)}){_SP}?(?P<sign2>[-+\u2212])?"
        f"|(?P<code>(?<![\\w]){_alternation(codes)}){_SP})?"
        f"(?P<num>{num})"
        f"|(?=[A-Za-z])(?<![\\w-])(?:(?P<fraction>{_alternation(fractions, True)})"
        f"|(?P<word>{_alternation(number_words, True)}))(?![\\w]))"
    )
    scale = (
        f"(?:(?P<wscale>(?:-|{_SP})?{_alternation(word_scales)})"
        f"|(?P<lscale>{'|'.join(re.escape(s) for s in sorted(letter_scales))})(?![A-Za-z0-9]))"
    )
    unit = (
        f"(?:(?P<attached>{_alternation(attached)})"
        f"|{_SP}?(?P<symbol>{_alternation(symbols)})"
        f"|(?:-|{_SP})?(?P<measure>{_alternation(spaced)})"
        f"|{_SP}(?P<ccode>{_alternation(codes)})"
        f"|{_SP}(?P<cword>{_alternation(units['currency_words'])})"
        f"|{_SP}(?P<sub>{_alternation(units['currency_subunits'])}))"
    )
    per = (
        f"(?:{_SP}*/{_SP}*|{_SP}+{_alternation(units['per_words'])}{_SP}+)"
        f"(?P<per>{_alternation(units['per_units'])})"
        f"(?!{_SP}+{_alternation(units['per_blockers'])})"
    )
    hedge_kind = {_key(p).lower(): kind for kind, ps in hedges["before"].items() for p in ps}
    after_kind = {_key(p).lower(): kind for kind, ps in hedges["after"].items() for p in ps}
    after_words = [p for p in after_kind if p[-1].isalnum()]
    after_symbols = [p for p in after_kind if not p[-1].isalnum()]
    conn = numbers["connectors"]
    range_words = [c for c in conn["range"] if c.isalpha()]
    dashes = [c for c in conn["range"] if not c.isalpha()]

    def gap(words):
        return re.compile(f"\\A{_SP}+{_alternation(words)}{_SP}+\\Z")

    return _Tables(
        atom=re.compile(atom),
        scale=re.compile(scale),
        unit=re.compile(unit),
        bracket=re.compile(f"{_SP}?\\((?P<abbr>{_alternation(measures)})\\)"),
        per=re.compile(per),
        word=re.compile(f"{_SP}+(?P<w>[A-Za-z][\\w-]{{0,40}})(?![\\w])"),
        plus=re.compile(_alternation(after_symbols)) if after_symbols else re.compile("(?!)"),
        after_hedge=re.compile(f"{_SP}+(?P<h>{_alternation(after_words)})") if after_words else re.compile("(?!)"),
        after_direction=re.compile(f"{_SP}+(?P<d>{_alternation(hedges['directions']['after'])})"),
        fraction_follower=re.compile(f"{_SP}+{_alternation(numbers['fraction_followers'])}"),
        fraction_blocker=_ending(numbers["fraction_blockers"]),
        index_name=re.compile(f"(?<![\\w])(?:{'|'.join(re.escape(n) for n in numbers['index_names'])}){_SP}+\\Z"),
        hedge_before=_ending(hedge_kind),
        hedge_tails=frozenset(p[-1] for p in hedge_kind if not p[-1].isalnum()),
        direction_before=_ending(hedges["directions"]["before"]),
        to_before=_ending(conn["change_to"]),
        from_before=_ending(conn["change_from"]),
        between_before=_ending(conn["between"]),
        gap_range_word=gap(range_words),
        gap_dash=re.compile(f"\\A{_SP}?(?:{'|'.join(re.escape(d) for d in dashes)}){_SP}?\\Z"),
        gap_and=gap(conn["between_and"]),
        gap_from=gap(conn["change_from"]),
        gap_to=gap(conn["change_to"]),
        prefixes=_Lookup(prefixes),
        codes=_Lookup(codes),
        scales=_Lookup(scales),
        measures=_Lookup(measures),
        currency_words=_Lookup(units["currency_words"]),
        subunits=_Lookup(units["currency_subunits"]),
        per_units=_Lookup(units["per_units"]),
        number_words=_Lookup(number_words, True),
        fractions=_Lookup(fractions, True),
        count_nouns={k.lower(): v for k, v in units["count_nouns"].items()},
        stopwords=frozenset(numbers["count_gap_stopwords"]),
        gap_words=numbers["count_gap_words"],
        hedges=hedge_kind,
        hedges_after=after_kind,
        not_before_units={_key(k).lower(): set(v) for k, v in hedges["not_before_units"].items()},
        directions_before={_key(k).lower(): v for k, v in hedges["directions"]["before"].items()},
        directions_after={_key(k).lower(): v for k, v in hedges["directions"]["after"].items()},
        relative_units=frozenset(units["relative_units"]),
        years=(numbers["years"]["min"], numbers["years"]["max"]),
    )


# ---------------------------------------------------------------- one number and its suffixes


@dataclass(slots=True)
class _Atom:
    """One number with what is attached to it, before hedges and joining."""

    start: int
    end: int
    number: Decimal  # as written, sign applied, before scale and unit factors
    decimals: int | None  # digits after the point; None for words (precision 0.5) and fractions (0)
    sign: str | None = None  # "+" or "-" when written
    currency: str | None = None
    currency_factor: Decimal = Decimal(1)
    scale: Decimal | None = None
    measure: str | None = None
    measure_factor: Decimal = Decimal(1)
    per: str | None = None
    count: str | None = None
    hedge_after: str | None = None
    direction_after: str | None = None
    direction_after_end: int | None = None  # end of the atom without its trailing direction word
    year_like: bool = False
    fraction: bool = False
    # filled in by _prefixes: where hedge and direction words before the number start
    hedge: str = "exact"
    hedge_start: int | None = None
    direction: str | None = None
    direction_start: int | None = None

    @property
    def unit(self) -> str | None:
        if self.currency:
            return f"{self.currency}/{self.per}" if self.per else self.currency
        return self.measure or self.count

    @property
    def multiplier(self) -> Decimal:
        return (self.scale or Decimal(1)) * self.currency_factor * self.measure_factor

    @property
    def value(self) -> float:
        return float(self.number * self.multiplier)

    @property
    def precision(self) -> float:
        if self.fraction:
            return 0.0
        step = Decimal(1).scaleb(-self.decimals) if self.decimals else Decimal(1)
        return float(step / 2 * self.multiplier)

    @property
    def pre_start(self) -> int:
        """Start of the atom with its hedge word (and direction word, when it counts)."""
        starts = [self.start]
        if self.hedge_start is not None:
            starts.append(self.hedge_start)
        if self.direction_start is not None and self._direction_counts():
            starts.append(self.direction_start)
        return min(starts)

    def _direction_counts(self) -> bool:
        return self.currency is not None or self.measure in _tables().relative_units

    @property
    def stop(self) -> int:
        """End of the atom, with its trailing direction word only when it counts."""
        if self.direction_after and not self._direction_counts():
            return self.direction_after_end
        return self.end


def _set(atom: _Atom, **changes) -> _Atom:
    """``atom`` with ``changes`` written into it (atoms are private and built in place)."""
    for name, value in changes.items():
        setattr(atom, name, value)
    return atom


def _digits_atom(t: _Tables, text: str, m: re.Match, end: int) -> _Atom | None:
    raw = m["num"]
    plain = raw.replace(",", "")
    if len(plain) > _MAX_DIGITS:
        return None
    sign = _SIGNS.get(m["sign1"] or m["sign2"] or "")
    number = Decimal(plain)
    if sign == "-":
        number = -number
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    lo, hi = t.years
    year_like = "," not in raw and decimals == 0 and sign is None and len(plain) == 4 and lo <= int(plain) <= hi
    currency = t.prefixes[m["cur"]] if m["cur"] else t.codes[m["code"]] if m["code"] else None
    atom = _Atom(m.start(), m.end(), number, decimals, sign=sign, currency=currency, year_like=year_like)
    return _suffixes(t, text, atom, end)


def _word_atom(t: _Tables, text: str, m: re.Match, start: int, end: int) -> _Atom | None:
    if m["fraction"]:
        if not t.fraction_follower.match(text, m.end(), end):
            return None
        if t.fraction_blocker.search(text[max(start, m.start() - _WINDOW) : m.start()]):
            return None  # "the second half of 2026" is a period
        num, den = t.fractions[m["fraction"]]
        number = Decimal(100 * num) / Decimal(den)
        atom = _Atom(m.start(), m.end(), number, None, measure="%", fraction=True)
        return _trailing(t, text, atom, end)
    atom = _Atom(m.start(), m.end(), Decimal(t.number_words[m["word"]]), None)
    return _suffixes(t, text, atom, end)


def _suffixes(t: _Tables, text: str, atom: _Atom, end: int) -> _Atom | None:
    """Scale, '+', unit, bracketed unit, '+', denominator and counted noun after the number."""
    pos = atom.end
    changes: dict = {}
    m = t.scale.match(text, pos, end)
    if m:
        changes["scale"] = Decimal(t.scales[(m["wscale"] or m["lscale"]).lstrip("- \t\u00a0")])
        pos = m.end()
    m = t.plus.match(text, pos, end)
    if m:
        changes["hedge_after"], pos = t.hedges_after[m.group()], m.end()
    if atom.currency is None:
        m = t.unit.match(text, pos, end)
        if m:
            kind = m.lastgroup
            alias = m[kind]
            if kind in ("attached", "symbol", "measure"):
                entry = t.measures[alias]
                if not (atom.year_like and entry["unit"] == "years"):
                    changes["measure"], changes["measure_factor"] = entry["unit"], Decimal(str(entry["factor"]))
                    pos = m.end()
            elif kind == "ccode":
                changes["currency"], pos = t.codes[alias], m.end()
            elif kind == "cword":
                changes["currency"], pos = t.currency_words[alias], m.end()
            else:
                entry = t.subunits[alias]
                changes["currency"], changes["currency_factor"] = entry["unit"], Decimal(str(entry["factor"]))
                pos = m.end()
        if "measure" in changes:
            m = t.bracket.match(text, pos, end)
            if m and t.measures[m["abbr"]]["unit"] == changes["measure"]:
                pos = m.end()  # "1.7 gigawatts (GW)"
        m = t.plus.match(text, pos, end)
        if m:
            changes["hedge_after"], pos = t.hedges_after[m.group()], m.end()
    if pos < len(text) and text[pos].isalnum() and text[pos - 1].isalnum():
        return None  # "24th", "5G", "$23s"
    if "measure" not in changes:  # money, or a bare number that may take money from its range partner
        m = t.per.match(text, pos, end)
        if m:
            changes["per"], pos = t.per_units[m["per"]], m.end()
    atom = _set(atom, end=pos, **changes)
    if atom.unit is None and not atom.year_like:
        m = t.after_hedge.match(text, atom.end, end)
        if m:  # "10 or more sites"
            atom = _set(atom, end=m.end(), hedge_after=t.hedges_after[_key(m["h"]).lower()])
        atom = _count(t, text, atom, end)
    return _trailing(t, text, atom, end)


def _count(t: _Tables, text: str, atom: _Atom, end: int) -> _Atom:
    """The counted noun after a bare number, across at most ``gap_words`` modifiers."""
    pos = atom.end
    for _ in range(t.gap_words + 1):
        m = t.word.match(text, pos, end)
        if not m:
            break
        word = m["w"].lower()
        if word in t.count_nouns:
            return _set(atom, end=m.end(), count=t.count_nouns[word])
        if word in t.stopwords:
            break
        pos = m.end()
    return atom


def _trailing(t: _Tables, text: str, atom: _Atom, end: int) -> _Atom:
    """Hedge words ("or more") and direction words ("higher") after the quantity."""
    m = t.after_hedge.match(text, atom.end, end)
    if m:
        atom = _set(atom, end=m.end(), hedge_after=t.hedges_after[_key(m["h"]).lower()])
    m = t.after_direction.match(text, atom.end, end)
    if m:
        atom = _set(atom, end=m.end(), direction_after=t.directions_after[_key(m["d"]).lower()], direction_after_end=atom.end)
    return atom


def _atoms(t: _Tables, text: str, start: int, end: int) -> list[_Atom]:
    """Every number in text[start:end] with its suffixes, hedge and direction words, in order."""
    atoms: list[_Atom] = []
    for m in t.atom.finditer(text, start, end):
        if atoms and m.start() < atoms[-1].end:
            continue  # inside the suffix of the previous number
        if _after_space(text, m.start(), start) and t.index_name.search(text[max(start, m.start() - _WINDOW) : m.start()]):
            continue  # "S&P 500"
        atom = _digits_atom(t, text, m, end) if m["num"] else _word_atom(t, text, m, start, end)
        if atom is not None:
            floor = atoms[-1].end if atoms else start
            atoms.append(_prefixes(t, text, atom, floor))
    return atoms


def _after_space(text: str, pos: int, floor: int) -> bool:
    """True when a space stands right before ``pos`` (and after ``floor``): words may end there."""
    return pos > floor and text[pos - 1] in " \t\u00a0"


def _prefixes(t: _Tables, text: str, atom: _Atom, floor: int) -> _Atom:
    """Hedge word and, before it, direction word written in front of the number."""
    cut = atom.start
    m = None
    if _after_space(text, cut, floor) or (cut > floor and text[cut - 1] in t.hedge_tails):
        m = t.hedge_before.search(text[max(floor, cut - _WINDOW) : cut])
    if m:
        phrase = _key(m.group()).lower()
        if atom.unit not in t.not_before_units.get(phrase, ()):
            cut = cut - len(m.group())
            atom = _set(atom, hedge=t.hedges[phrase], hedge_start=cut)
    m = t.direction_before.search(text[max(floor, cut - _WINDOW) : cut]) if _after_space(text, cut, floor) else None
    if m:
        atom = _set(atom, direction=t.directions_before[_key(m.group()).lower()], direction_start=cut - len(m.group()))
    return atom


# ---------------------------------------------------------------- joining numbers, building quantities


def _bare(a: _Atom) -> bool:
    return a.currency is None and a.measure is None and a.count is None


def _inherit(a: _Atom, b: _Atom) -> tuple[_Atom, _Atom] | None:
    """``a`` and ``b`` completed from each other so they share one unit; None when they cannot."""
    if a.fraction or b.fraction or (a.year_like and _bare(a)):
        return None
    a, b = copy(a), copy(b)
    if a.currency and b.currency is None and b.measure is None and b.count is None:
        b = _set(b, currency=a.currency, currency_factor=a.currency_factor)
    if b.currency and a.currency is None and a.measure is None and a.count is None:
        a = _set(a, currency=b.currency, currency_factor=b.currency_factor)
    if a.scale is None and b.scale is not None and a.measure is None:
        a = _set(a, scale=b.scale)
    if a.currency and b.per and a.per is None:
        a = _set(a, per=b.per)
    if _bare(a) and b.measure:
        a = _set(a, measure=b.measure, measure_factor=b.measure_factor)
    if _bare(a) and b.count:
        a = _set(a, count=b.count)
    if a.unit is None or a.unit != b.unit:
        return None
    return a, b


def _before(pattern: re.Pattern, text: str, pos: int, floor: int) -> int | None:
    """Start of ``pattern`` ending right before ``pos`` (not before ``floor``), or None."""
    m = pattern.search(text[max(floor, pos - _WINDOW) : pos])
    return None if m is None else pos - len(m.group())


def _join(t: _Tables, text: str, a: _Atom, b: _Atom, floor: int) -> Quantity | None:
    """One quantity from two neighbouring numbers (a change or a range), or None."""
    gap = text[a.end : b.pre_start]
    if len(gap) > 12 or (_bare(a) and _bare(b)):
        return None  # connectors are short; two bare numbers are no quantity
    if t.gap_from.match(gap):
        kind, where = "to-from", _before(t.to_before, text, a.pre_start, floor)  # "to $18 from $12"
    elif t.gap_to.match(gap) and (where := _before(t.from_before, text, a.pre_start, floor)) is not None:
        kind = "from-to"  # "from $2.5 billion to $1.3 billion"
    elif t.gap_and.match(gap):
        kind, where = "range", _before(t.between_before, text, a.pre_start, floor)  # "between 3% and 5%"
    elif t.gap_range_word.match(gap) or t.gap_dash.match(gap):
        kind, where = "range", a.pre_start  # "$8M to $17M", "$8–17 million"
    else:
        return None
    if where is None:
        return None
    pair = _inherit(a, b)
    if pair is None:
        return None
    a, b = pair
    if kind == "to-from":
        return _quantity(text, a, where, b.stop, change="from-to", previous=b.value)
    if kind == "from-to":
        return _quantity(text, b, where, b.stop, change="from-to", previous=a.value)
    return _range(text, a, b, where)


def _range(text: str, a: _Atom, b: _Atom, start: int) -> Quantity | None:
    if a.value > b.value:
        return None
    q = _quantity(text, a, start, b.stop, change=_direction(a) or _direction(b))
    return replace(q, hedge="range", low=a.value, high=b.value)


def _direction(a: _Atom) -> str | None:
    """'up'/'down' from a direction word next to money or a percentage, or a sign on a percentage."""
    if not a._direction_counts():
        return None
    if a.direction:
        return a.direction
    if a.direction_after:
        return a.direction_after
    if a.sign and a.measure in _tables().relative_units:
        return "up" if a.sign == "+" else "down"
    return None


def _quantity(text: str, a: _Atom, start: int, end: int, change: str | None = None, previous: float | None = None) -> Quantity:
    """The Quantity for atom ``a`` spanning text[start:end], with its hedge bounds."""
    hedge = a.hedge if a.hedge != "exact" else (a.hedge_after or "exact")
    value = a.value
    low = value if hedge == "more_than" else None
    high = value if hedge in ("up_to", "less_than") else None
    return Quantity(
        value=value,
        unit=a.unit,
        text=text[start:end],
        span=(start, end),
        hedge=hedge,
        low=low,
        high=high,
        change=change or _direction(a),
        previous=previous,
        precision=a.precision,
    )


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, sorted by span start, never overlapping.

    Spans are offsets into ``text``; ``value`` is in base units (USD, MW, % as a number).

    >>> [(q.value, q.unit, q.text) for q in find_quantities("a $1.3 billion deal for 750MW and 250,000 GPUs")]
    [(1300000000.0, 'USD', '$1.3 billion'), (750.0, 'MW', '750MW'), (250000.0, 'GPUs', '250,000 GPUs')]
    >>> q, = find_quantities("raised its price target to $18 from $12.")
    >>> q.value, q.previous, q.change, q.text
    (18.0, 12.0, 'from-to', 'to $18 from $12')
    >>> q, = find_quantities("assign $8–17 million per megawatt")
    >>> q.unit, q.hedge, q.low, q.high
    ('USD/MW', 'range', 8000000.0, 17000000.0)
    >>> q, = find_quantities("roughly 1.7 gigawatts (GW) of capacity")
    >>> q.value, q.unit, q.hedge, q.precision, q.text
    (1700.0, 'MW', 'about', 50.0, 'roughly 1.7 gigawatts (GW)')
    >>> [(q.value, q.change, q.hedge) for q in find_quantities("Acme was up 13.8%; ACME (-0.53%); more than $19 billion")]
    [(13.8, 'up', 'exact'), (-0.53, 'down', 'exact'), (19000000000.0, None, 'more_than')]
    >>> find_quantities("the 20-day EMA, RSI around 67, Nov 24, 2025, in 2026, GB300 chips")
    []
    """
    t = _tables()
    end = len(text) if end is None else min(end, len(text))
    atoms = _atoms(t, text, start, end)
    out: list[Quantity] = []
    floor = start
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            joined = _join(t, text, a, atoms[i + 1], floor)
            if joined is not None:
                out.append(joined)
                floor = joined.span[1]
                i += 2
                continue
        if a.unit is not None:
            out.append(_quantity(text, a, a.pre_start, a.stop))
        floor = a.end
        i += 1
    return out


def parse_number(text: str) -> float:
    """The value of a number written alone, with sign, thousands commas, scale or number words.

    >>> parse_number("1,700"), parse_number("-0.45"), parse_number("9.7 billion"), parse_number("$82K")
    (1700.0, -0.45, 9700000000.0, 82000.0)
    >>> parse_number("twenty-five"), parse_number("a dozen"), round(parse_number("one-third"), 4)
    (25.0, 12.0, 0.3333)
    >>> parse_number("1.2.3")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '1.2.3'
    """
    t = _tables()
    s = text.strip()
    m = t.atom.match(s)
    if m and m["fraction"] and m.end() == len(s):
        num, den = t.fractions[m["fraction"]]
        return num / den
    if m and (m["num"] or m["word"]):
        try:
            number = Decimal(m["num"].replace(",", "")) if m["num"] else Decimal(t.number_words[m["word"]])
        except (InvalidOperation, KeyError):
            raise ValueError(f"not a number: {text!r}") from None
        if (m["sign1"] or m["sign2"] or "") in ("-", "\u2212"):
            number = -number
        pos = m.end()
        sm = t.scale.match(s, pos)
        if sm:
            number *= Decimal(t.scales[(sm["wscale"] or sm["lscale"]).lstrip("- \t\u00a0")])
            pos = sm.end()
        if pos == len(s):
            return float(number)
    raise ValueError(f"not a number: {text!r}")
