"""Integrity of the quantities lexicons: units.json, numbers.json, hedges.json.

Each file loads through ``factcheck.lexicon.load`` (which validates it against its
schema), holds no duplicate JSON keys, and no alias can be read two ways.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from factcheck import lexicon

NAMES = ["units", "numbers", "hedges"]


def _pairs_without_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"duplicate keys: {dupes}"
    return dict(pairs)


def _norm(alias: str) -> str:
    """How the quantities stage compares aliases: spaces collapsed, any case for words of 3+ letters."""
    alias = " ".join(alias.split())
    return alias.lower() if len(alias) >= 3 and alias != alias.upper() else alias


@pytest.mark.parametrize("name", NAMES)
def test_loads_and_validates(name):
    assert lexicon.validation_errors(lexicon.load(name), name) == []


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_keys(name):
    text = resources.files("factcheck.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    json.loads(text, object_pairs_hook=_pairs_without_duplicates)


def test_no_alias_in_two_tables_after_a_number():
    """Scale words, units, currency codes and words, subunits and counted nouns compete for the same place."""
    units, numbers = lexicon.load("units"), lexicon.load("numbers")
    tables = {
        "scales": numbers["scales"],
        "measures": units["measures"],
        "currency_codes": units["currency_codes"],
        "currency_words": units["currency_words"],
        "currency_subunits": units["currency_subunits"],
        "count_nouns": {k.lower(): v for k, v in units["count_nouns"].items()},
    }
    seen: dict[str, str] = {}
    clashes = []
    for table, entries in tables.items():
        for alias in entries:
            key = _norm(alias)
            if key in seen and seen[key] != table:
                clashes.append(f"{alias!r} in {seen[key]} and {table}")
            seen.setdefault(key, table)
    assert clashes == []


def test_aliases_unique_within_tables_after_normalising():
    units = lexicon.load("units")
    for table in ("measures", "currency_words", "currency_subunits", "per_units", "currency_prefixes"):
        keys = [_norm(a) for a in units[table]]
        assert len(keys) == len(set(keys)), table
    counted = [a.lower() for a in units["count_nouns"]]
    assert len(counted) == len(set(counted))


def test_number_words_and_fractions_are_disjoint():
    numbers = lexicon.load("numbers")
    words = {re.sub(r"[- ]+", " ", w) for w in numbers["number_words"]}
    fractions = [re.sub(r"[- ]+", " ", w) for w in numbers["fractions"]]
    assert len(fractions) == len(set(fractions))
    assert words.isdisjoint(fractions)


def test_each_hedge_phrase_has_one_kind():
    hedges = lexicon.load("hedges")
    for side in ("before", "after"):
        phrases = [p for kind in hedges[side].values() for p in kind]
        dupes = sorted({p for p in phrases if phrases.count(p) > 1})
        assert dupes == [], side
    before = {p for kind in hedges["before"].values() for p in kind}
    assert set(hedges["not_before_units"]) <= before
    assert before.isdisjoint(hedges["directions"]["before"])


def test_currency_values_are_codes_known_to_the_code_table():
    units = lexicon.load("units")
    codes = set(units["currency_codes"].values())
    used = set(units["currency_prefixes"].values()) | set(units["currency_words"].values())
    used |= {s["unit"] for s in units["currency_subunits"].values()}
    assert used <= codes, sorted(used - codes)
