"""Quantities stage: every number in a stretch of text, with unit, scale, hedge, range or change.

``find_quantities(text, start, end)`` reads ``text[start:end]`` and returns
:class:`~factcheck.model.Quantity` records whose spans are offsets into ``text``.
The vocabulary lives in ``data/units.json``, ``data/numbers.json`` and
``data/hedges.json``; this module holds only the grammar.

The rules, in the order they apply:

1. A number is written in digits ("1,700", "9.7", "-0.45", "minus 12") or words ("two",
   "twenty-five", "a dozen", "half a million"), is a fraction word after "by" or before
   "of"/"the" ("one-third of" is 33.33 %), or a vague plural before "of" ("tens of
   thousands of" is more than 10,000). Digits glued to letters on the left ("GB300",
   "Q3") or after "/" or ":" ("24/7", "1:15") are no number, nor is one glued to letters
   on the right that are no scale or unit ("24th", "5G", "1990s").
2. A number may carry a currency before it ("$", "US$", "A$", "€", "Rs", "USD ") and after
   it a scale ("billion", "bn", "M", "crore", "two hundred thousand"), a unit ("MW", "%",
   "km/h", "-year", "x", "41.5C"), a currency word ("euros", "won"), a minor unit
   ("cents", "412p"), a repeat of the unit in brackets ("1.7 gigawatts (GW)"), and, for
   money, a denominator ("per megawatt", "/share", "a year"). "pounds" is money with a
   scale, from 1,000 up or before a denominator, else weight.
3. A number with no currency or unit is a count when a counted noun follows across at most
   ``count_gap_words`` modifier words (and an "of the" after the number): a noun from
   ``units.json`` ("250,000 GPUs"), else any plural noun, in lower case as written
   ("3,000 employees", "two landmark HPC transactions" -> "transactions"); "one" also counts
   a singular noun, named in the plural ("one man" -> "men"), and an age word makes years
   ("aged 50"). Calendar years (1900-2100 written without a comma) are never counts, nor is
   a number after an index name ("S&P 500") or after a capitalised word that is no
   possessive ("Globex 737", "Initech 365", "No. 10"). So "20-day", "RSI around 67",
   "Nov 24, 2025", "1:15 p.m.", "Q3" and "GB300" yield nothing.
4. Hedge words before the number ("roughly", "more than", "up to") or after it ("+",
   "or more"); direction words ("up 13.8%", "4.2% higher") and signs ("-0.53%") next to
   percentages, and direction words next to money, set ``change``. "over" before a
   number of years means "during" and is no hedge.
5. Two neighbouring numbers join into one quantity: "from A to B" and "to B from A" are a
   change (value B, previous A); "A to B", "A-B" and "between A and B" are a range. The
   first number takes scale, currency and unit from the second when it has none
   ("$8-17 million", "3-5%"), the second takes a unit from the first ("from 5 employees to
   50"). A range that falls ("52 votes to 48") is two figures, and so is "A to B" after a
   movement verb ("rose $2 to $14.80"). "N of the M things" counts both ("11 of its last 12
   games"); "N in M" is a share ("one in five adults" is 20 %). Any other words between the numbers keep them apart ("from 0 megawatts last
   quarter to 544 megawatts" is two quantities).
6. A bare number after an elided-unit connector takes the unit of the figure before it:
   "19.5 million viewers, down from 23.6 million", "412 points, or 1.2%, to 33,800",
   "150 jets, with options for another 50".
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .lexicon import load
from .model import Quantity
from .regextrie import literal_trie
from .phrases import PhraseIndex, text_words

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


def _alias_re(alias: str, hyphen_is_space: bool = False, guard: bool = True) -> str:
    """Regex for one alias: spaces match runs of spaces, a final letter needs a word end (unless ``guard`` is off).

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
    if guard and alias[-1].isalnum():
        body += "(?![A-Za-z0-9])"
    return body


def _alternation(aliases, hyphen_is_space: bool = False, guard: bool = True) -> str:
    """Non-capturing alternation of ``aliases``, longest first so "MWh" wins over "MW"."""
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    if not ordered:
        return "(?!)"
    return "(?:" + "|".join(_alias_re(a, hyphen_is_space, guard) for a in ordered) + ")"


_DIGIT = re.compile(r"[0-9]")
_BLANKS = re.compile(r"[ \t\u00a0]+")
_BLANKS_OR_HYPHENS = re.compile(r"[- \t\u00a0]+")


def _key(text: str, hyphen_is_space: bool = False) -> str:
    """The lookup key of matched alias text: spaces collapsed (and hyphens, for number words)."""
    return (_BLANKS_OR_HYPHENS if hyphen_is_space else _BLANKS).sub(" ", text.strip())


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

    def get(self, text: str, default=None):
        try:
            return self[text]
        except KeyError:
            return default


class _Ending:
    """Finds one of some phrases, in any case, at the very end of a string (before a number).

    The pattern is tried only when the string, blanks stripped, ends with the last word of one of
    the phrases: most strings are ruled out by one ``str.endswith`` instead of a scan of the pattern.
    (A string ending in a non-ASCII character is always tried: ``re`` folds case beyond ASCII.)
    """

    def __init__(self, pattern: re.Pattern, phrases):
        self.pattern = pattern
        tails = {p.split()[-1].lower() if p.split() else "" for p in phrases} or {""}
        self.tails = tuple(sorted(t for t in tails if t.isascii()))
        self.longest = max(map(len, tails))

    def search(self, text: str) -> re.Match | None:
        """``pattern.search(text)``."""
        tail = text.rstrip(" \t\u00a0")[-self.longest :] if self.longest else ""
        if tail.isascii() and not tail.lower().endswith(self.tails):
            return None
        return self.pattern.search(text)


def _ending(phrases) -> _Ending:
    """Finder of one of ``phrases``, in any case, at the very end of a string (before a number).

    >>> _ending(["up to", "~"]).search("reaching Up to ").group()
    'Up to '
    >>> _ending(["up to", "~"]).search("reaching up to 5 ") is None
    True
    """
    words = [p for p in phrases if p[-1].isalnum()]
    symbols = [p for p in phrases if not p[-1].isalnum()]
    parts = []
    if words:
        parts.append(f"(?<![\\w]){_alternation(words)}{_SP}+")
    if symbols:
        parts.append(f"(?<![\\w]){_alternation(symbols)}{_SP}*")
    return _Ending(re.compile("(?i:" + "|".join(parts) + r")\Z"), phrases)


def _gap(words, before: str = "", after: str = "") -> re.Pattern:
    """Pattern for the whole text between two numbers: spaces, one of ``words``, spaces."""
    return re.compile(f"\\A{before}{_SP}+{_alternation(words)}{after}{_SP}+\\Z")


@dataclass(frozen=True)
class _Tables:
    """Compiled patterns and lookups built once from the three data files."""

    atom: re.Pattern
    scale: re.Pattern
    unit: re.Pattern
    unit_starts: frozenset  # characters a unit can start with: a quick test before the long pattern
    bracket: re.Pattern
    per: re.Pattern
    word: re.Pattern
    label: re.Pattern
    bridge: re.Pattern
    of: re.Pattern
    plus: re.Pattern
    after_hedge: re.Pattern
    after_direction: re.Pattern
    fraction_follower: re.Pattern
    fraction_leader: _Ending
    fraction_blocker: _Ending
    index_name: re.Pattern
    hedge_before: _Ending
    hedge_tails: frozenset  # last characters of hedge symbols written without a space ("~$8.5B")
    direction_before: _Ending
    movement_before: _Ending
    one_not_after: _Ending
    to_before: _Ending
    from_before: _Ending
    between_before: _Ending
    elided_after: _Ending
    gap_range_word: re.Pattern
    gap_dash: re.Pattern
    gap_and: re.Pattern
    gap_from: re.Pattern
    gap_from_paren: re.Pattern  # "$18 (from $12)": a change whatever comes before
    gap_to: re.Pattern
    gap_partitive: re.Pattern
    gap_ratio: re.Pattern
    age_before: re.Pattern
    gap_elided: re.Pattern
    gap_or: re.Pattern
    prefixes: _Lookup
    codes: _Lookup
    scales: _Lookup
    measures: _Lookup
    currency_words: _Lookup
    subunits: _Lookup
    attached_subunits: _Lookup
    per_units: _Lookup
    number_words: _Lookup
    fractions: _Lookup
    vague: dict
    vague_multipliers: dict
    sign_words: dict
    pound_money: dict
    count_nouns: dict
    count_singulars: dict
    irregular_plurals: dict
    stopwords: frozenset
    count_blockers: frozenset
    plural_modifiers: frozenset
    one_not_counting: frozenset
    label_exceptions: frozenset
    multiple_followers: frozenset
    gap_words: int
    hedges: dict  # phrase key (lower case) -> hedge kind, before the number
    hedges_after: dict
    not_before_units: dict
    directions_before: dict
    directions_after: dict
    relative_units: frozenset
    years: tuple
    spelled: PhraseIndex  # the number words, to tell a text without digits that holds none


def _space_policy(alias: str, entry: dict) -> str:
    """'none' (glued: "32x", "41.5C") or 'optional' ("410 MW", "750MW", "285-MW")."""
    if "space" in entry:
        return entry["space"]
    if len(alias) == 1 and alias.isalpha():
        return "none"
    return "optional"


def _number_words(numbers: dict) -> dict:
    """The number words of ``numbers.json`` with "twenty-five" built from "twenty" and "five"."""
    words = dict(numbers["number_words"])
    tens = [w for w, v in words.items() if 20 <= v <= 90 and v % 10 == 0]
    ones = [w for w, v in words.items() if 1 <= v <= 9 and " " not in w]
    for t in tens:
        for o in ones:
            words[f"{t}-{o}"] = words[t] + words[o]
    return words


def _atom_pattern(units: dict, numbers: dict, words: dict) -> str:
    num = (
        "(?<![\\w.,/:])(?<![A-Za-z][-\u2013])(?<![0-9]{4}-)(?<![0-9]-[0-9]{2}-)(?<![0-9]-[0-9]-)"  # not in "2025-11-03"
        "(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?|[0-9]+(?:\\.[0-9]+)?)"
    )
    vague = (
        f"(?i:(?:(?P<vmult>{'|'.join(numbers['vague_multipliers'])}){_SP}+of{_SP}+)?"
        f"(?P<vbase>{'|'.join(numbers['vague_numbers'])}))(?={_SP}+of(?![\\w]))"
    )
    spoken = list(words) + list(numbers["fractions"])
    digits = (
        f"(?:(?P<signword>(?<![\\w])(?i:{'|'.join(numbers['sign_words'])})){_SP}+)?"
        "(?P<sign1>(?<![\\w.,])[-+\u2212])?"
        f"(?:(?P<cur>(?<![\\w]){_alternation(units['currency_prefixes'])}){_SP}?(?P<sign2>[-+\u2212])?"
        f"|(?P<code>(?<![\\w]){_alternation(units['currency_codes'])}){_SP})?"
        f"(?P<num>{num})"
    )
    spelled = (
        f"(?=[A-Za-z])(?<![\\w-])(?:(?P<vague>{vague})"
        f"|(?P<word>{_alternation(spoken, True, guard=False)})(?P<fold>(?i:fold))?)(?![\\w])"
    )
    # No word character stands before an atom (each branch's own lookbehinds say so), and the
    # lookaheads tell how each branch can begin: the engine leaves most positions at once.
    return f"(?<![\\w])(?:{_digits_lead(units, numbers)}(?:{digits})|{_words_lead(numbers, spoken)}{spelled})"


def _first_char(alias: str) -> str:
    """Regex for the first character of a match of ``alias`` as :func:`_alias_re` renders it (spaces match blanks).

    >>> _first_char("US$"), _first_char("Rs."), _first_char(" won") == _SP
    ('U', '(?i:R)', True)
    """
    if not alias:
        return ""
    if alias[0] == " ":
        return _SP
    return f"(?i:{re.escape(alias[0])})" if _folds(alias) else re.escape(alias[0])


def _digits_lead(units: dict, numbers: dict) -> str:
    """A lookahead for how a number in digits can begin: a digit, a sign, a sign word ("minus"), or the
    first character of a currency prefix or code."""
    firsts = sorted({_first_char(a) for a in [*units["currency_prefixes"], *units["currency_codes"]]})
    return f"(?=[0-9+\\-\u2212]|(?i:{'|'.join(numbers['sign_words'])})|{'|'.join(firsts)})"


def _words_lead(numbers: dict, spoken: list[str]) -> str:
    """A lookahead for how a number in words can begin: the whole first word of a number word, maybe with
    "fold" ("sevenfold"), or a vague number or multiplier ("hundreds of"), in any case.

    >>> bool(re.match(_words_lead({"vague_numbers": ["dozens"], "vague_multipliers": []}, ["twenty-five"]), "Twenty five"))
    True
    """
    firsts = literal_trie(re.split(r"[ -]+", alias)[0] for alias in spoken)
    vague = "|".join([*numbers["vague_multipliers"], *numbers["vague_numbers"]])
    return f"(?=(?i:{firsts})(?i:fold)?(?![\\w])|(?i:{vague})(?![\\w]))"


def _unit_pattern(units: dict) -> str:
    measures = units["measures"]
    by_policy: dict[str, list] = {"none": [], "optional": []}
    symbols = []
    for alias, entry in measures.items():
        if len(alias) == 1 and not alias.isalpha():
            symbols.append(alias)  # "4.2%", "4.2 %"
        else:
            by_policy[_space_policy(alias, entry)].append(alias)
    return (
        f"(?:(?P<attached>{_alternation(by_policy['none'])})"
        f"|{_SP}(?P<sub>{_alternation(units['currency_subunits'])})"
        f"|{_SP}(?P<cword>{_alternation(units['currency_words'])})"
        f"|{_SP}(?P<ccode>{_alternation(units['currency_codes'])})"
        f"|(?P<asub>{_alternation(units['attached_subunits'])})(?!\\.[A-Za-z])"
        f"|(?:-|{_SP})?(?P<measure>{_alternation(by_policy['optional'])})"
        f"|{_SP}?(?P<symbol>{_alternation(symbols)}))"
    )


def _partitive_gap(partitive: dict) -> re.Pattern:
    """The text between N and M in "N of the M things" ("11 of its last 12", "165 of the parliament's 299")."""
    return _gap(
        ["of"],
        after=f"(?:{_SP}+{_alternation(partitive['determiners'])})?(?:{_SP}+[A-Za-z]+['\u2019]s)?"
        f"(?:{_SP}+{_alternation(partitive['modifiers'])})?",
    )


def _age_pattern(numbers: dict, hedge_kind: dict) -> re.Pattern:
    """An age word ending right before a number, maybe with a hedge word between ("aged 50", "aged over 65")."""
    conn = numbers["connectors"]
    between = [p for p in hedge_kind if p[-1].isalpha()] + conn["between"] + conn["change_from"]
    return re.compile(
        f"(?<![\\w]){_alternation(numbers['age_words'])}(?:{_SP}+{_alternation(between)})?{_SP}+\\Z"
    )


def _unit_starts(units: dict) -> frozenset:
    """Every character a match of the unit pattern can begin with: a space, a hyphen, or an alias's first letter."""
    aliases = [*units["measures"], *units["attached_subunits"]]
    return frozenset(" \t\u00a0-" + "".join(a[0] + a[0].swapcase() for a in aliases))


@lru_cache(maxsize=None)
def _tables() -> _Tables:
    units, numbers, hedges = load("units"), load("numbers"), load("hedges")

    scales = numbers["scales"]
    word_scales = [s for s in scales if len(s) > 1]
    letter_scales = [s for s in scales if len(s) == 1]
    number_words = _number_words(numbers)
    scale = (
        f"(?:(?P<wscale>(?:-|{_SP})?{_alternation(word_scales)}(?:{_SP}+{_alternation(word_scales)})?)"
        f"|(?P<lscale>{'|'.join(re.escape(s) for s in sorted(letter_scales))})(?![A-Za-z0-9]))"
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
    directions_before = {_key(k).lower(): v for k, v in hedges["directions"]["before"].items()}
    lower = lambda words: frozenset(w.lower() for w in words)  # noqa: E731

    return _Tables(
        atom=re.compile(_atom_pattern(units, numbers, number_words)),
        scale=re.compile(scale),
        unit=re.compile(_unit_pattern(units)),
        unit_starts=_unit_starts(units),
        bracket=re.compile(f"{_SP}?\\((?P<abbr>{_alternation(units['measures'])})\\)"),
        per=re.compile(per),
        word=re.compile(f"{_SP}+(?P<w>[A-Za-z][\\w-]{{0,40}}(?:['\u2019]s?)?)(?![\\w'\u2019])"),
        label=re.compile(f"(?<![\\w.&'\u2019-])(?P<w>[A-Za-z][\\w.&'\u2019-]{{0,30}}){_SP}\\Z"),
        bridge=re.compile(f"{_SP}+{_alternation(numbers['partitive']['determiners'])}"),
        of=re.compile(f"{_SP}+(?i:of)(?![\\w])"),
        plus=re.compile(_alternation(after_symbols)) if after_symbols else re.compile("(?!)"),
        after_hedge=re.compile(f"{_SP}+(?P<h>{_alternation(after_words)})") if after_words else re.compile("(?!)"),
        after_direction=re.compile(f"{_SP}+(?P<d>{_alternation(hedges['directions']['after'])})"),
        fraction_follower=re.compile(f"{_SP}+{_alternation(numbers['fraction_followers'])}"),
        fraction_leader=_ending(numbers["fraction_leaders"]),
        fraction_blocker=_ending(numbers["fraction_blockers"]),
        index_name=re.compile(f"(?<![\\w])(?:{'|'.join(re.escape(n) for n in numbers['index_names'])}){_SP}+\\Z"),
        hedge_before=_ending(hedge_kind),
        hedge_tails=frozenset(p[-1] for p in hedge_kind if not p[-1].isalnum()),
        direction_before=_ending(hedges["directions"]["before"]),
        movement_before=_ending(hedges["movement_verbs"]),
        one_not_after=_ending(numbers["one"]["not_after"]),
        to_before=_ending(conn["change_to"]),
        from_before=_ending(conn["change_from"]),
        between_before=_ending(conn["between"]),
        elided_after=_ending(conn["elided_after"]),
        gap_range_word=_gap(range_words),
        gap_dash=re.compile(f"\\A{_SP}?(?:{'|'.join(re.escape(d) for d in dashes)}){_SP}?\\Z"),
        gap_and=_gap(conn["between_and"]),
        gap_from=_gap(conn["change_from"]),
        gap_from_paren=re.compile(f"\\A{_SP}*\\({_SP}*{_alternation(conn['change_from'])}{_SP}+\\Z"),
        gap_to=_gap(conn["change_to"]),
        gap_partitive=_partitive_gap(numbers["partitive"]),
        gap_ratio=_gap(conn["ratio"]),
        age_before=_age_pattern(numbers, hedge_kind),
        gap_elided=_gap(conn["elided"], before=f"[,;]?(?:{_SP}+{_alternation(conn['elided_lead'])}){{0,2}}"),
        gap_or=_gap(conn["or"], before="[,;]?"),
        prefixes=_Lookup(units["currency_prefixes"]),
        codes=_Lookup(units["currency_codes"]),
        scales=_Lookup(scales),
        measures=_Lookup(units["measures"]),
        currency_words=_Lookup(units["currency_words"]),
        subunits=_Lookup(units["currency_subunits"]),
        attached_subunits=_Lookup(units["attached_subunits"]),
        per_units=_Lookup(units["per_units"]),
        number_words=_Lookup(number_words, True),
        fractions=_Lookup(numbers["fractions"], True),
        vague={k.lower(): v for k, v in numbers["vague_numbers"].items()},
        vague_multipliers={k.lower(): v for k, v in numbers["vague_multipliers"].items()},
        sign_words={k.lower(): v for k, v in numbers["sign_words"].items()},
        pound_money=units["pound_money"],
        count_nouns={k.lower(): v for k, v in units["count_nouns"].items()},
        count_singulars={k.lower(): v for k, v in units["count_singulars"].items()},
        irregular_plurals=dict(units["irregular_plurals"]),
        stopwords=lower(numbers["count_gap_stopwords"]),
        count_blockers=lower(numbers["count_blockers"]),
        plural_modifiers=lower(numbers["plural_modifiers"]),
        one_not_counting=lower(numbers["one"]["not_counting"]),
        label_exceptions=lower(numbers["label_exceptions"]),
        multiple_followers=lower(numbers["multiple_followers"]),
        gap_words=numbers["count_gap_words"],
        hedges=hedge_kind,
        hedges_after=after_kind,
        not_before_units={_key(k).lower(): set(v) for k, v in hedges["not_before_units"].items()},
        directions_before=directions_before,
        directions_after={_key(k).lower(): v for k, v in hedges["directions"]["after"].items()},
        relative_units=frozenset(units["relative_units"]),
        years=(numbers["years"]["min"], numbers["years"]["max"]),
        spelled=_spelled_index(numbers, number_words),
    )


def _spelled_index(numbers: dict, number_words: dict) -> PhraseIndex:
    """The words a number written in words needs: a number word or fraction (maybe with "fold" glued to
    it: "sevenfold"), or a vague number ("hundreds of"; vague numbers are regexes in the lexicon, so any
    but plain words make the check pass)."""
    spoken = [*number_words, *numbers["fractions"]]
    vague = numbers["vague_numbers"]
    return PhraseIndex({"number": spoken + [f"{w}fold" for w in spoken],
                        "vague": list(vague) if all(w.isalpha() for w in vague) else [""]})


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
    vague: bool = False  # "thousands of": a lower bound
    word: str | None = None  # the number word, lower case ("one"), when written in words
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


def _digits_atom(t: _Tables, text: str, m: re.Match, start: int, end: int) -> _Atom | None:
    raw = m["num"]
    plain = raw.replace(",", "")
    if len(plain) > _MAX_DIGITS:
        return None
    sign = _SIGNS.get(m["sign1"] or m["sign2"] or "") or (t.sign_words[m["signword"].lower()] if m["signword"] else None)
    number = Decimal(plain)
    if sign == "-":
        number = -number
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    lo, hi = t.years
    year_like = "," not in raw and decimals == 0 and sign is None and len(plain) == 4 and lo <= int(plain) <= hi
    currency = t.prefixes[m["cur"]] if m["cur"] else t.codes[m["code"]] if m["code"] else None
    atom = _Atom(m.start(), m.end(), number, decimals, sign=sign, currency=currency, year_like=year_like)
    return _suffixes(t, text, atom, start, end)


def _word_atom(t: _Tables, text: str, m: re.Match, start: int, end: int) -> _Atom | None:
    if m["vague"]:
        return _vague_atom(t, text, m, start, end)
    fraction = t.fractions.get(m["word"])
    if fraction is not None:
        return None if m["fold"] else _fraction_atom(t, text, m, fraction, start, end)
    word = _key(m["word"], True).lower()
    atom = _Atom(m.start(), m.end(), Decimal(t.number_words[m["word"]]), None, word=word)
    if m["fold"]:  # "sevenfold"
        return _trailing(t, text, _set(atom, measure="x"), end)
    return _suffixes(t, text, atom, start, end)


def _fraction_atom(t: _Tables, text: str, m: re.Match, fraction: list, start: int, end: int) -> _Atom | None:
    """A fraction before "of"/"the" or after "by" is a share in per cent ("a third of", "by a fifth")."""
    before = text[max(start, m.start() - _WINDOW) : m.start()]
    if not (t.fraction_follower.match(text, m.end(), end) or t.fraction_leader.search(before)):
        return None
    if t.fraction_blocker.search(before):
        return None  # "the second half of 2026" is a period
    num, den = fraction
    atom = _Atom(m.start(), m.end(), Decimal(100 * num) / Decimal(den), None, measure="%", fraction=True)
    return _trailing(t, text, atom, end)


def _vague_atom(t: _Tables, text: str, m: re.Match, start: int, end: int) -> _Atom | None:
    """ "hundreds of flights", "tens of thousands of people", "billions of dollars": a lower bound with its unit."""
    number = t.vague[m["vbase"].lower()] * (t.vague_multipliers[m["vmult"].lower()] if m["vmult"] else 1)
    of = t.of.match(text, m.end(), end)
    if of is None:
        return None
    atom = _Atom(m.start(), of.end(), Decimal(number), None, vague=True, hedge_after="more_than")
    atom = _suffixes(t, text, atom, start, end)
    return atom if atom is not None and atom.unit is not None else None


def _scale(t: _Tables, m: re.Match) -> Decimal:
    """The multiplier of a matched scale: one suffix or word, or two words ("hundred thousand")."""
    if m["lscale"]:
        return Decimal(t.scales[m["lscale"]])
    factor = Decimal(1)
    for word in m["wscale"].lstrip("- \t\u00a0").split():
        factor *= Decimal(t.scales[word])
    return factor


def _suffixes(t: _Tables, text: str, atom: _Atom, start: int, end: int) -> _Atom | None:
    """Scale, '+', unit, bracketed unit, '+', denominator and counted noun after the number."""
    pos = atom.end
    changes: dict = {}
    m = t.scale.match(text, pos, end)
    if m:
        changes["scale"] = _scale(t, m)
        pos = m.end()
    m = t.plus.match(text, pos, end)
    if m:
        changes["hedge_after"], pos = t.hedges_after[m.group()], m.end()
    if atom.currency is None:
        m = t.unit.match(text, pos, end) if pos < end and text[pos] in t.unit_starts else None
        if m:
            pos = _unit(t, text, atom, m, changes, end)
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
        atom = _count(t, text, atom, start, end)
    return _trailing(t, text, atom, end)


def _unit(t: _Tables, text: str, atom: _Atom, m: re.Match, changes: dict, end: int) -> int:
    """Write the unit matched by ``m`` into ``changes``; return where the atom now ends."""
    kind = m.lastgroup
    alias = m[kind]
    if kind in ("attached", "symbol", "measure"):
        entry = t.measures[alias]
        if atom.year_like and entry["unit"] == "years":
            return atom.end if "scale" not in changes else m.start()
        if _pounds_are_money(t, text, atom, alias, changes.get("scale"), m.end(), end):
            changes["currency"] = t.pound_money["currency"]
        else:
            changes["measure"], changes["measure_factor"] = entry["unit"], Decimal(str(entry["factor"]))
    elif kind == "ccode":
        changes["currency"] = t.codes[alias]
    elif kind == "cword":
        changes["currency"] = t.currency_words[alias]
    else:
        entry = (t.attached_subunits if kind == "asub" else t.subunits)[alias]
        if kind == "asub" and atom.decimals == 0 and "scale" not in changes and int(atom.number) in entry["not_after"]:
            return m.start()  # "1080p" is a video format
        changes["currency"], changes["currency_factor"] = entry["unit"], Decimal(str(entry["factor"]))
    return m.end()


def _pounds_are_money(t: _Tables, text: str, atom: _Atom, alias: str, scale: Decimal | None, pos: int, end: int) -> bool:
    """ "5 million pounds", "9,250 pounds", "50 pounds a month" are sterling; "50 pounds" and "300 pounds of cargo" weigh."""
    money = t.pound_money
    if alias.lower() not in money["aliases"] or t.of.match(text, pos, end):
        return False
    return scale is not None or abs(atom.number) >= money["min_value"] or t.per.match(text, pos, end) is not None


# ---------------------------------------------------------------- counted nouns


def _labelled(t: _Tables, text: str, pos: int, floor: int) -> bool:
    """True when the number at ``pos`` follows a capitalised word and so is part of a name ("Globex 737",
    "Initech 365", "No. 10"); capitalised hedges and function words ("About", "The") and possessives, also
    without their apostrophe ("Acmes"), do not count."""
    m = t.label.search(text, max(floor, pos - _WINDOW), pos)
    if m is not None and m["w"].lower() in t.hedges:  # "RSI around 67"
        m = t.label.search(text, max(floor, m.start() - _WINDOW), m.start())
    if m is None:
        return False
    w = m["w"]
    bare = w.lower().rstrip(".")
    if w.lower() == w or w.endswith(("'s", "\u2019s")) or (w[1:].islower() and _plural_like(t, w)):
        return False  # "Acme's 300 stores", and "Acmes 300 stores" with the apostrophe stripped
    ordinary = bare in t.stopwords or bare in t.hedges or bare in t.label_exceptions
    return not (ordinary or t.number_words.get(bare) is not None)


def _plural_like(t: _Tables, word: str) -> bool:
    """True for a word that reads as a plural noun ("employees", "sign-ups"), not "its", "gas", "bonus"."""
    w = word.lower()
    return (
        len(w) >= 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is", "ous", "'s", "\u2019s"))
        and w.replace("-", "").isalpha()
        and w not in t.count_blockers
    )


def _as_written(word: str) -> str:
    """A counted noun as a unit: lower case, unless capitals inside show an acronym ("ETFs")."""
    return word if any(c.isupper() for c in word[1:]) else word.lower()


def _plural(t: _Tables, word: str) -> str:
    """The plural of a singular noun counted after "one" ("solution" -> "solutions", "man" -> "men")."""
    w = word.lower()
    if w in t.irregular_plurals:
        return t.irregular_plurals[w]
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


def _word(m: re.Match) -> str:
    """The word matched by ``t.word``, without the apostrophe of a plural possessive ("officers' radios")."""
    w = m["w"]
    return w[:-1] if w.endswith(("s'", "s\u2019")) else w


def _count(t: _Tables, text: str, atom: _Atom, start: int, end: int) -> _Atom:
    """The counted noun after a bare number, across at most ``gap_words`` modifiers (and an "of the");
    or years, after an age word ("aged 50")."""
    spaced = _after_space(text, atom.start, start)  # words before the number matter only then
    if spaced and t.age_before.search(text[max(start, atom.start - _WINDOW) : atom.start]):
        return _set(atom, measure="years")  # "aged 50 or over", "at the age of 12"
    if t.word.match(text, atom.end, end) is None or (spaced and _labelled(t, text, atom.start, start)):
        return atom
    if atom.word == "one" and t.one_not_after.search(text[max(start, atom.start - _WINDOW) : atom.start]):
        return atom  # "no one"
    pos = atom.end
    m = t.word.match(text, pos, end)
    if m and m["w"].lower() == "of":  # "one of the people", "3,000 of its employees"
        bridge = t.bridge.match(text, m.end(), end)
        if bridge is None:
            return atom
        pos = bridge.end()
    return _head_noun(t, text, atom, pos, end)


def _head_noun(t: _Tables, text: str, atom: _Atom, pos: int, end: int) -> _Atom:
    """``atom`` counting the first listed or plural noun from ``pos`` that no noun after it extends
    ("two sales managers"), or, after "one", the singular noun before a function word ("one man to")."""
    one = atom.word == "one"
    words: list[re.Match] = []
    while len(words) <= t.gap_words:
        m = t.word.match(text, pos, end)
        if m is None:
            return _one_head(t, atom, words) if one else atom
        w = _word(m)
        lw = w.lower()
        if one and pos == atom.end and lw in t.one_not_counting:
            return atom  # "one day", "one another"
        unit = t.count_nouns.get(lw) or (t.count_singulars.get(lw) if pos == atom.end else None)
        extended = len(words) < t.gap_words and _modifies_next(t, text, m, w, end)
        if unit and not extended:
            return _set(atom, end=m.start("w") + len(w), count=unit)
        if not unit and not w.isupper():  # "US", "IT" are modifiers, not pronouns
            if lw in t.stopwords or (lw in t.count_blockers and lw not in t.plural_modifiers):
                return _one_head(t, atom, words) if one else atom
        if not unit and t.number_words.get(lw) is not None:
            return atom  # "one of the top three": the next number counts
        if not unit and not extended and (_plural_like(t, w) or (lw in t.plural_modifiers and lw.endswith("s"))):
            return _counted(t, text, atom, m, end)
        words.append(m)
        pos = m.end()
    return atom


def _one_head(t: _Tables, atom: _Atom, words: list[re.Match]) -> _Atom:
    """ "one solution that ...": the last word before a function word, in the plural, when it reads as a noun."""
    if not words:
        return atom
    head = words[-1]["w"]
    if head.islower() and head.isalpha() and not head.endswith("ly") and head not in t.one_not_counting:
        return _set(atom, end=words[-1].end(), count=_plural(t, head))
    return atom


def _modifies_next(t: _Tables, text: str, m: re.Match, word: str, end: int) -> bool:
    """True when a noun modifies a plural noun after it: a capitalised or listed plural ("Texas hospitals",
    "sales managers") or a collective noun not ending in -s ("police officers", "crew members")."""
    w = word.lower()
    if not (word[0].isupper() or w in t.plural_modifiers or not w.endswith("s")):
        return False
    nxt = t.word.match(text, m.end(), end)
    return nxt is not None and (_word(nxt).lower() in t.count_nouns or _plural_like(t, _word(nxt)))


def _counted(t: _Tables, text: str, atom: _Atom, m: re.Match, end: int) -> _Atom:
    """``atom`` counting the plural noun ``m``; "N times as ..." is a multiple."""
    word = _word(m)
    if word.lower() == "times":
        nxt = t.word.match(text, m.end(), end)
        if nxt is not None and nxt["w"].lower() in t.multiple_followers:
            return _set(atom, end=m.end(), measure="x")
    return _set(atom, end=m.start("w") + len(word), count=_as_written(word))


def _trailing(t: _Tables, text: str, atom: _Atom, end: int) -> _Atom:
    """Hedge words ("or more") and direction words ("higher") after the quantity."""
    m = t.after_hedge.match(text, atom.end, end)
    if m:
        atom = _set(atom, end=m.end(), hedge_after=t.hedges_after[_key(m["h"]).lower()])
    m = t.after_direction.match(text, atom.end, end)
    if m:
        atom = _set(atom, end=m.end(), direction_after=t.directions_after[_key(m["d"]).lower()], direction_after_end=atom.end)
    return atom


def _may_hold_numbers(t: _Tables, text: str, start: int, end: int) -> bool:
    """False when ``text[start:end]`` holds no digit and none of the words a number in words needs."""
    return _DIGIT.search(text, start, end) is not None or bool(t.spelled.possible(text_words(text, start, end)))


def _atoms(t: _Tables, text: str, start: int, end: int) -> list[_Atom]:
    """Every number in text[start:end] with its suffixes, hedge and direction words, in order."""
    atoms: list[_Atom] = []
    if not _may_hold_numbers(t, text, start, end):
        return atoms
    for m in t.atom.finditer(text, start, end):
        if atoms and m.start() < atoms[-1].end:
            continue  # inside the suffix of the previous number
        if _after_space(text, m.start(), start) and t.index_name.search(text[max(start, m.start() - _WINDOW) : m.start()]):
            continue  # "S&P 500"
        atom = _digits_atom(t, text, m, start, end) if m["num"] else _word_atom(t, text, m, start, end)
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
    if a.fraction or b.fraction or a.vague or b.vague or (a.year_like and _bare(a)) or (b.year_like and _bare(b)):
        return None
    a, b = copy(a), copy(b)
    if a.currency and _bare(b):
        b = _set(b, currency=a.currency, currency_factor=a.currency_factor)
    if b.currency and _bare(a):
        a = _set(a, currency=b.currency, currency_factor=b.currency_factor)
    if a.scale is None and b.scale is not None and a.measure is None:
        a = _set(a, scale=b.scale)
    if a.currency and b.per and a.per is None:
        a = _set(a, per=b.per)
    if _bare(a) and b.measure:
        a = _set(a, measure=b.measure, measure_factor=b.measure_factor)
    if _bare(a) and b.count:
        a = _set(a, count=b.count)
    if _bare(b) and a.measure:  # "from 120 MW to 200"
        b = _set(b, measure=a.measure, measure_factor=a.measure_factor)
    if _bare(b) and a.count:  # "from 5 employees to 50"
        b = _set(b, count=a.count)
    if a.unit is None or a.unit != b.unit:
        return None
    return a, b


def _before(pattern: _Ending, text: str, pos: int, floor: int) -> int | None:
    """Start of ``pattern`` ending right before ``pos`` (not before ``floor``), or None."""
    m = pattern.search(text[max(floor, pos - _WINDOW) : pos])
    return None if m is None else pos - len(m.group())


def _moved(t: _Tables, text: str, a: _Atom, floor: int) -> bool:
    """True when ``a`` is an amount of movement ("rose $2", "down 150 points"), so "A to B" is no range."""
    return a.direction is not None or _before(t.movement_before, text, a.pre_start, floor) is not None


def _partitive(t: _Tables, text: str, a: _Atom, b: _Atom, floor: int) -> list[Quantity] | None:
    """ "11 of its last 12 games", "three of the five plants": the bare first number counts what the second counts."""
    gap = text[a.end : b.pre_start]
    if not (_bare(a) and b.count and not (a.year_like or a.fraction or a.vague) and len(gap) <= 2 * _WINDOW):
        return None
    if not t.gap_partitive.match(gap) or _labelled(t, text, a.start, floor):
        return None
    a = _set(copy(a), count=b.count)
    return [_quantity(text, a, a.pre_start, a.stop), _quantity(text, b, b.pre_start, b.stop)]


def _ratio(t: _Tables, text: str, a: _Atom, b: _Atom) -> list[Quantity] | None:
    """ "one in five adults", "8 out of 10 voters": a share in per cent."""
    if not (_bare(a) and a.scale is None and not (a.year_like or a.fraction or a.vague) and a.decimals in (0, None)):
        return None
    if b.currency or b.measure or b.scale is not None or b.decimals not in (0, None) or not 0 < a.number < b.number:
        return None
    if not t.gap_ratio.match(text[a.end : b.pre_start]):
        return None
    share = _set(copy(a), number=100 * a.number / b.number, measure="%", fraction=True)
    return [_quantity(text, share, a.pre_start, b.stop)]


def _join(t: _Tables, text: str, a: _Atom, b: _Atom, floor: int) -> list[Quantity] | None:
    """The quantities read from two neighbouring numbers (a change, a range, a tally, a share, a partitive), or None."""
    if b.pre_start - a.end > 2 * _WINDOW:
        return None
    if _bare(a):
        for reading in (_ratio(t, text, a, b), _partitive(t, text, a, b, floor)):
            if reading is not None:
                return reading
    gap = text[a.end : b.pre_start]
    if len(gap) > 12 or (_bare(a) and _bare(b)):
        return None  # connectors are short; two bare numbers are no quantity
    if t.gap_from_paren.match(gap):
        kind, where = "to-from", a.pre_start  # "$18 (from $12)"
    elif t.gap_from.match(gap):
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
        return [_quantity(text, a, where, b.stop, change="from-to", previous=b.value)]
    if kind == "from-to":
        return [_quantity(text, b, where, b.stop, change="from-to", previous=a.value)]
    if t.gap_range_word.match(gap) and a.unit not in t.relative_units and _moved(t, text, a, floor):
        return None  # "rose $2 to $14.80": a move and a level
    if a.value > b.value:  # "52 votes to 48": a tally, two figures
        return [_quantity(text, a, a.pre_start, a.stop), _quantity(text, b, b.pre_start, b.stop)]
    return [_range(text, a, b, where)]


def _range(text: str, a: _Atom, b: _Atom, start: int) -> Quantity:
    q = _quantity(text, a, start, b.stop, change=_direction(a) or _direction(b))
    return replace(q, hedge="range", low=a.value, high=b.value)


def _elided(t: _Tables, text: str, atoms: list[_Atom], i: int, floor: int) -> _Atom | None:
    """Bare ``atoms[i]`` with the unit of the figure before it, when the connector between elides the unit:
    "19.5 million viewers, down from 23.6 million", "412 points, or 1.2%, to 33,800", "another 50"."""
    a = atoms[i]
    if i == 0 or not _bare(a) or a.year_like or a.fraction or a.vague:
        return None
    src = atoms[i - 1]
    gap = text[src.end : a.pre_start]
    if len(gap) > 2 * _WINDOW:
        return None
    if t.gap_elided.match(gap):
        if src.unit in t.relative_units and i >= 2 and t.gap_or.match(text[atoms[i - 2].end : src.pre_start]):
            src = atoms[i - 2]  # "412 points, or 1.2%, to 33,800"
    elif not (src.count and t.elided_after.search(gap)):
        return None
    if src.unit is None or src.unit in t.relative_units or src.vague:
        return None
    if src.currency and not (a.scale or (a.decimals and src.scale is None)):
        return None  # "$5 billion, up from 4" names no unit for 4
    if _labelled(t, text, a.start, floor):
        return None
    return _set(copy(a), currency=src.currency, currency_factor=src.currency_factor, per=src.per,
                measure=src.measure, measure_factor=src.measure_factor, count=src.count)


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

    Spans are offsets into ``text``; ``value`` is in base units (USD not millions, MW not GW, % as a
    number); ``unit`` is an ISO currency (with "/share", "/MW", "/year" for a denominator), a
    measure ("%", "MW", "MWh", "km", ...) or the counted noun ("GPUs", "employees").

    Money with a scale, power, and a count of any plural noun:

    >>> [(q.value, q.unit, q.text) for q in find_quantities("a $1.3 billion deal for 750MW and 3,000 employees")]
    [(1300000000.0, 'USD', '$1.3 billion'), (750.0, 'MW', '750MW'), (3000.0, 'employees', '3,000 employees')]

    A change, a range with a denominator, a hedge:

    >>> q, = find_quantities("raised its price target to $18 from $12.")
    >>> q.value, q.previous, q.change, q.text
    (18.0, 12.0, 'from-to', 'to $18 from $12')
    >>> q, = find_quantities("assign $8–17 million per megawatt")
    >>> q.unit, q.hedge, q.low, q.high
    ('USD/MW', 'range', 8000000.0, 17000000.0)
    >>> q, = find_quantities("roughly 1.7 gigawatts (GW) of capacity")
    >>> q.value, q.unit, q.hedge, q.precision, q.text
    (1700.0, 'MW', 'about', 50.0, 'roughly 1.7 gigawatts (GW)')
    >>> [(q.value, q.change, q.hedge, q.low) for q in find_quantities("Acme was up 13.8%; ACME (-0.53%); more than $19 billion")]
    [(13.8, 'up', 'exact', None), (-0.53, 'down', 'exact', None), (19000000000.0, None, 'more_than', 19000000000.0)]

    Other currencies and units, words, and figures whose unit is elided:

    >>> [(q.value, q.unit) for q in find_quantities("£2.1bn, Rs 500 crore, 41.5C, 145 mph and half a million pounds")]
    [(2100000000.0, 'GBP'), (5000000000.0, 'INR'), (41.5, '°C'), (145.0, 'mph'), (500000.0, 'GBP')]
    >>> [(q.value, q.unit) for q in find_quantities("19.5 million viewers, down from 23.6 million; one of the banks")]
    [(19500000.0, 'viewers'), (23600000.0, 'viewers'), (1.0, 'banks')]

    Dates, times, ordinals, model numbers and names are no quantities:

    >>> find_quantities("the 20-day EMA, RSI around 67, Nov 24, 2025, in 2026, GB300 chips, 24/7, Initech 365 users")
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
                out.extend(joined)
                floor = joined[-1].span[1]
                i += 2
                continue
        if a.unit is None:
            a = _elided(t, text, atoms, i, start) or a
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
    >>> parse_number("half a million"), parse_number("two hundred thousand")
    (500000.0, 200000.0)
    >>> parse_number("1.2.3")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '1.2.3'
    """
    t = _tables()
    s = text.strip()
    m = t.atom.match(s)
    if m and m["word"] and not m["fold"]:
        fraction = t.fractions.get(m["word"])
        if fraction is not None:
            if m.end() == len(s):
                return fraction[0] / fraction[1]
            raise ValueError(f"not a number: {text!r}")
    if m and (m["num"] or (m["word"] and not m["fold"])):
        try:
            number = Decimal(m["num"].replace(",", "")) if m["num"] else Decimal(t.number_words[m["word"]])
        except (InvalidOperation, KeyError):
            raise ValueError(f"not a number: {text!r}") from None
        minus_word = m["signword"] and t.sign_words[m["signword"].lower()] == "-"
        if (m["sign1"] or m["sign2"] or "") in ("-", "\u2212") or minus_word:
            number = -number
        pos = m.end()
        sm = t.scale.match(s, pos)
        if sm:
            number *= _scale(t, sm)
            pos = sm.end()
        if pos == len(s):
            return float(number)
    raise ValueError(f"not a number: {text!r}")
