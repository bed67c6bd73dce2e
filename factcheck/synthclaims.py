"""Synthetic claim sets for benchmarks: many articles, heavy-tailed subjects, realistic disagreements.

``synthetic_claims(n, seed)`` makes ``n`` claims as the extract stage would emit them for a large
news corpus: about ``n / 30`` articles of about 30 claims each, subjects drawn with a Zipf-like
popularity (a few tickers are quoted everywhere, so one ticker's share price can be a cluster of
thousands of claims), measures and units from the lexicons (``measures.json``, ``units.json``),
and values around a per-cluster true value: most agree, some differ by timing (another session,
date or horizon), some by scope (other scope tags), some plainly conflict. Names are generic:
tickers of random capitals, lower-case sector nouns, outlets "Outlet 17".

>>> claims, outlets = synthetic_claims(300, seed=1)
>>> len(claims), len({c.id for c in claims}), sorted(outlets) == sorted({c.source for c in claims})
(300, 300, True)
>>> sorted(outlets)[:2], outlets["src00001"].startswith("Outlet ")
(['src00000', 'src00001'], True)
>>> all(c.source in outlets and c.quote[c.value_span[0] - c.span[0]:c.value_span[1] - c.span[0]] == c.value_text for c in claims)
True
>>> synthetic_claims(300, seed=1)[0] == claims
True
"""

from __future__ import annotations

import itertools
import math
import random
import string
from dataclasses import dataclass

from . import lexicon
from .extract import unit_kind
from .model import Claim

CLAIMS_PER_ARTICLE = 30
SECTORS = ("utilities", "insurers", "retailers", "refiners", "airlines", "shippers", "chipmakers", "brewers",
           "homebuilders", "automakers", "lenders", "drillers")
_PRICE_LIKE = {"share_price", "price_target", "offer_price", "eps", "dividend", "technical_level"}
_KIND_UNITS = {"money": "USD", "percent": "%", "power": "MW", "energy": "MWh", "duration": "years", "multiple": "x",
               "date": "date", "label": "rating", "money_per_power": "USD/MW", "money_per_share": "USD/share",
               "money_per_year": "USD/year"}
_SCALE = {"money": (1e6, 1e10), "percent": (0.5, 60.0), "power": (10.0, 3000.0), "energy": (100.0, 1e5),
          "duration": (1.0, 20.0), "multiple": (2.0, 40.0), "count": (2.0, 1e5), "money_per_power": (1e6, 2e7),
          "money_per_share": (0.1, 20.0), "money_per_year": (1e6, 1e9)}
_HORIZONS = ("2026", "late-2026", "2026-Q4", "2026-12", "2027", "early-2027", "2028")
_PERIODS = ("2025-Q2", "2025-Q3", "2025-Q4", "ytd", "since:late-2025-09", "year:this")
_DATES = ("2025-11-03", "2025-11-04", "2025-11-06", "2025-10-31", "monday", "month:this")
_CHANGES = ("up", "down", "from-to")


@dataclass
class _Truth:
    """What a cluster's sources should all say: a value, its time and its scope."""

    value: float | str
    time: dict
    scope: dict


class _World:
    """The names and lexicon entries a synthetic corpus draws from."""

    def __init__(self, r: random.Random, n: int) -> None:
        self.r = r
        tickers = _tickers(r, max(20, n // 40))
        groups = [f"{a}+{b}" for a, b in zip(tickers[:40:2], tickers[1:40:2])]
        pool = tickers + groups + list(SECTORS)
        r.shuffle(pool)
        self.subjects = pool
        self.subject_weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(pool))))  # Zipf, s = 1
        self.brokers = tickers[-12:]
        self.parties = tickers[-40:-12]
        measures = [m for m in lexicon.load("measures")["measures"] if not m.get("derived")]
        self.measures = measures
        self.measure_weights = list(itertools.accumulate(_measure_weight(m) for m in measures))
        self.count_nouns = sorted(set(lexicon.load("units")["count_nouns"].values()))[:8]
        self.sessions = sorted(lexicon.load("time")["sessions"])
        self.tags = list(lexicon.load("measures")["scope_terms"])
        ratings = lexicon.load("ratings")
        self.labels = {"rating": list(ratings["labels"]), "rating_action": list(ratings["actions"])}
        self.truths: dict[tuple, _Truth] = {}

    def subject(self) -> str:
        """A subject drawn by popularity."""
        return self.r.choices(self.subjects, cum_weights=self.subject_weights)[0]

    def measure(self) -> tuple[dict, str]:
        """A measure entry and a unit the extractor would give it."""
        m = self.r.choices(self.measures, cum_weights=self.measure_weights)[0]
        kind = self.r.choice(m["kinds"])
        return m, self.r.choice(self.count_nouns) if kind == "count" else _KIND_UNITS.get(kind, "USD")

    def truth(self, subject: str, measure: dict, unit: str) -> _Truth:
        """The cluster's true value, time and scope, made on first use."""
        key = (subject, measure["name"], unit)
        if key not in self.truths:
            self.truths[key] = _Truth(self.value(measure, unit), self.time(measure), self.scope(measure))
        return self.truths[key]

    def value(self, measure: dict, unit: str) -> float | str:
        """A plausible value for a measure in a unit."""
        r, kind = self.r, unit_kind(unit)
        if kind == "label":
            return r.choice(self.labels.get(measure["name"], self.labels["rating"]))
        if kind == "date":
            return _date_value(r)
        low, high = (5.0, 500.0) if measure["name"] in _PRICE_LIKE else _SCALE.get(kind, (1.0, 1000.0))
        return math.exp(r.uniform(math.log(low), math.log(high)))

    def time(self, measure: dict) -> dict:
        """Time qualifiers a source might attach to the measure."""
        r = self.r
        if measure.get("snapshot"):
            pick = r.random()
            if pick < 0.3:
                return {"session": "close", "date": r.choice(_DATES[:4])}
            return {"session": r.choice(self.sessions)} if pick < 0.7 else {}
        pick = r.random()
        if pick < 0.25:
            return {"horizon": r.choice(_HORIZONS)}
        if pick < 0.4:
            return {"period": r.choice(_PERIODS)}
        if pick < 0.5:
            return {"moment": r.choice(("current", "recent"))}
        return {}

    def scope(self, measure: dict) -> dict:
        """Scope qualifiers: tags, a broker for broker measures, counterparties for deals."""
        r, out = self.r, {}
        if r.random() < 0.3:
            out["tags"] = sorted(r.sample(self.tags, r.choice((1, 1, 2))))
        if measure.get("by_broker") or measure["name"].startswith("rating"):
            if r.random() < 0.6:
                out["broker"] = r.choice(self.brokers)
        if measure.get("deal") and r.random() < 0.4:
            out["parties"] = sorted(r.sample(self.parties, r.choice((1, 2))))
        return out


def _measure_weight(m: dict) -> float:
    """How often a measure is quoted: market readings and ratings most."""
    if m.get("snapshot"):
        return 6.0
    if m["name"] in ("rating", "rating_action", "price_target"):
        return 4.0
    return 1.0


def _tickers(r: random.Random, count: int) -> list[str]:
    """``count`` distinct tickers of 3 or 4 random capitals."""
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen["".join(r.choices(string.ascii_uppercase, k=r.choice((3, 4, 4))))] = None
    return list(seen)


def _date_value(r: random.Random) -> str:
    """A date at a random grain: year, quarter, month, day or part of a year."""
    year = r.choice((2025, 2026, 2026, 2027))
    month = r.randint(1, 12)
    return r.choice((f"{year}", f"{year}-Q{r.randint(1, 4)}", f"{year}-{month:02d}", f"{year}-{month:02d}-{r.randint(1, 28):02d}",
                     f"late-{year}", f"early-{year}"))


def _round(value: float, r: random.Random) -> tuple[float, float]:
    """``value`` stated to 2-4 significant digits, and its precision (half a unit of the last digit)."""
    if value == 0:
        return 0.0, 0.5
    digits = r.choice((2, 3, 3, 4))
    step = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)
    return round(round(value / step) * step, 10), step / 2


def _text(value: float | str, unit: str, hedge: str) -> str:
    """The value as an article might print it."""
    words = {"about": "about ", "more_than": "more than ", "less_than": "less than ", "up_to": "up to ", "range": "between "}
    if isinstance(value, str):
        return value
    number = f"{value:,.4g}" if abs(value) < 1e6 else f"{value / 1e6:,.4g} million"
    return f"{words.get(hedge, '')}{'$' + number if unit.startswith('USD') else number + ' ' + unit}"


class _Writer:
    """Writes one article's claims with consistent quotes and spans."""

    def __init__(self, world: _World, source: str) -> None:
        self.world, self.source, self.offset = world, source, 0

    def claim(self, subject: str, measure: dict, unit: str) -> Claim:
        """One claim about a cluster: agreeing, or differing by timing, scope or value."""
        w, r = self.world, self.world.r
        truth = w.truth(subject, measure, unit)
        value, time, scope = truth.value, dict(truth.time), {k: list(v) if isinstance(v, list) else v for k, v in truth.scope.items()}
        pick = r.random()
        if pick < 0.12:  # another moment: a moved value
            time = _other_time(w, measure, time)
            value = _moved(r, value, 0.03, 0.25) if not isinstance(value, str) else value
        elif pick < 0.2:  # another part of the figure
            scope["tags"] = sorted(r.sample(w.tags, 1))
            value = _moved(r, value, 0.2, 0.6) if not isinstance(value, str) else value
        elif pick < 0.28:  # a plain disagreement
            value = _moved(r, value, 0.05, 0.4) if not isinstance(value, str) else w.value(measure, unit)
        if measure.get("snapshot") and r.random() < 0.3:
            time = _other_time(w, measure, time)
            value = _moved(r, value, 0.0, 0.05)
        return self._write(subject, measure, unit, value, time, scope)

    def _write(self, subject, measure, unit, value, time, scope) -> Claim:
        """The claim record, with hedge, precision, quote and spans."""
        r = self.world.r
        hedge, precision, low, high, previous, evidence = "exact", 0.0, None, None, None, {}
        if not isinstance(value, str):
            value, precision = _round(value, r)
            hedge = r.choices(("exact", "about", "more_than", "up_to", "less_than", "range"), (70, 15, 5, 3, 2, 5))[0]
            if hedge == "range":
                low, high = value, _round(value * r.uniform(1.05, 1.5), r)[0]
            elif hedge == "more_than":
                low = value
            if measure["name"] == "share_price" and r.random() < 0.3:
                evidence = {"implied_previous_close": round(value / 1.05, 2), "move": 5.0}
            if measure.get("by_broker") and r.random() < 0.3:
                previous, scope = _round(value * r.uniform(0.6, 1.4), r)[0], {**scope, "change": "from-to"}
        elif unit == "date" and r.random() < 0.15:
            hedge = "up_to"
        if measure.get("snapshot") and r.random() < 0.3:
            scope = {**scope, "change": r.choice(_CHANGES[:2])}
        value_text = _text(value, unit, hedge)
        lead = f"{subject} {measure['label']} "
        quote = f"{lead}{value_text}, said the report."
        start = self.offset
        self.offset += len(quote) + 1
        return Claim(id=f"{self.source}@{start}", source=self.source, subject=subject, measure=measure["name"], value=value,
                     unit=unit, quote=quote, span=(start, start + len(quote)), value_text=value_text,
                     value_span=(start + len(lead), start + len(lead) + len(value_text)), previous=previous, low=low,
                     high=high, hedge=hedge, precision=precision, time=time, scope=scope, evidence=evidence)


def _moved(r: random.Random, value: float, least: float, most: float) -> float:
    """``value`` moved up or down by a random share between ``least`` and ``most``."""
    return value * (1 + r.choice((-1, 1)) * r.uniform(least, most))


def _other_time(w: _World, measure: dict, time: dict) -> dict:
    """Time qualifiers for another moment than ``time``."""
    r = w.r
    if measure.get("snapshot"):
        return {"session": r.choice(w.sessions), **({"date": r.choice(_DATES)} if r.random() < 0.5 else {})}
    key = r.choice(("horizon", "period", "date"))
    return {**time, key: r.choice({"horizon": _HORIZONS, "period": _PERIODS, "date": _DATES}[key])}


def synthetic_claims(n: int, seed: int = 0) -> tuple[list[Claim], dict[str, str]]:
    """``n`` claims from about ``n / 30`` articles, and the outlets (source id -> outlet name); the same for the same seed."""
    r = random.Random(seed)
    world = _World(r, n)
    articles = max(1, round(n / CLAIMS_PER_ARTICLE))
    outlets_count = max(1, articles // 5)
    claims: list[Claim] = []
    outlets: dict[str, str] = {}
    for k in itertools.count():
        if len(claims) >= n:
            break
        source = f"src{k:05d}"
        outlets[source] = f"Outlet {r.randrange(outlets_count) + 1}"
        writer = _Writer(world, source)
        topics = [world.subject() for _ in range(r.randint(1, 4))]
        for _ in range(min(n - len(claims), r.randint(CLAIMS_PER_ARTICLE // 2, CLAIMS_PER_ARTICLE * 3 // 2))):
            subject = r.choice(topics) if r.random() < 0.8 else world.subject()
            measure, unit = world.measure()
            claims.append(writer.claim(subject, measure, unit))
    return claims, outlets
