"""Human-readable values for explanations and reports ("$1.3 billion", "about 600 MW", "4.42%")."""

from __future__ import annotations

_SCALES = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_HEDGES = {"about": "about ", "more_than": "more than ", "less_than": "less than ", "up_to": "up to "}


def _num(x: float, digits: int = 2) -> str:
    """Plain number with thousands separators and no trailing zeros.

    >>> _num(1700.0), _num(14.8), _num(0.1), _num(250000)
    ('1,700', '14.8', '0.1', '250,000')
    """
    text = f"{x:,.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def possessive(name: str) -> str:
    """``name`` with a possessive ending: "ACME's", but "miners'".

    >>> possessive("ACME"), possessive("miners"), possessive("ACME+NWND")
    ("ACME's", "miners'", "ACME+NWND's")
    """
    return name + ("'" if name.endswith("s") and name.islower() else "'s")


def money(x: float, currency: str = "USD") -> str:
    """Money with a scale word.

    >>> money(1.3e9), money(13e6, "USD"), money(14.8), money(5.8e9, "AUD")
    ('$1.3 billion', '$13 million', '$14.80', 'AUD 5.8 billion')
    """
    sym = _SYMBOLS.get(currency)
    prefix = sym if sym else currency + " "
    sign = "-" if x < 0 else ""
    ax = abs(x)
    for size, word in _SCALES:
        if ax >= size:
            return f"{sign}{prefix}{_num(ax / size, 3)} {word}"
    if ax != int(ax):
        return f"{sign}{prefix}{ax:,.2f}"
    return f"{sign}{prefix}{_num(ax)}"


def number(value, unit: str) -> str:
    """A value in its unit, without hedge.

    >>> number(1700.0, "MW"), number(4.42, "%"), number(13e6, "USD/MW"), number("overweight", "rating")
    ('1,700 MW', '4.42%', '$13 million/MW', 'overweight')
    """
    if unit == "date":
        return time_text(str(value))
    if isinstance(value, str):
        return value
    if unit == "%":
        return f"{_num(value, 3)}%"
    base, _, per = unit.partition("/")
    if len(base) == 3 and base.isupper() and base.isalpha():
        return money(value, base) + (f"/{per}" if per else "")
    if unit == "x":
        return f"{_num(value)}x"
    return f"{_num(value, 3)} {unit}"


def value_text(claim: dict) -> str:
    """A claim's value as an editor reads it: hedge, range and previous value included.

    >>> value_text({"value": 18, "unit": "USD", "previous": 12, "hedge": "exact"})
    '$18 (from $12)'
    >>> value_text({"value": 8e6, "unit": "USD/MW", "low": 8e6, "high": 17e6, "hedge": "range"})
    '$8 million/MW to $17 million/MW'
    >>> value_text({"value": 600, "unit": "MW", "hedge": "about"})
    'about 600 MW'
    >>> value_text({"value": 750.0, "unit": "MW", "hedge": "range", "evidence": {"implied_from": {"arithmetic": "480 MW / 64%"}}})
    'about 750 MW (480 MW / 64%)'
    """
    unit = claim["unit"]
    implied = (claim.get("evidence") or {}).get("implied_from")
    if implied:
        rounded = float(f"{float(claim['value']):.3g}")
        return f"about {number(rounded, unit)} ({implied['arithmetic']})"
    if unit == "date":
        return ("no later than " if claim.get("hedge") == "up_to" else "") + time_text(str(claim["value"]))
    if claim.get("hedge") == "range" and claim.get("high") is not None:
        text = f"{number(claim.get('low', claim['value']), unit)} to {number(claim['high'], unit)}"
    else:
        text = _HEDGES.get(claim.get("hedge") or "exact", "") + number(claim["value"], unit)
    if claim.get("previous") is not None:
        text += f" (from {number(claim['previous'], unit)})"
    return text


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _month(digits: str) -> str | None:
    """The short name of month ``digits`` ("09" -> "Sep"), or None when it is no month (a year: "2026-2027").

    >>> _month("09"), _month("2027"), _month("00")
    ('Sep', None, None)
    """
    return _MONTHS[int(digits) - 1] if digits.isdigit() and 1 <= int(digits) <= 12 else None


def time_text(value: str) -> str:
    """A time qualifier as an editor reads it.

    >>> [time_text(v) for v in ["monday", "since:late--09", "since:late-2025-09", "late-2026", "2026-12", "pre-market"]]
    ['Monday', 'since late Sep', 'since late Sep 2025', 'late 2026', 'Dec 2026', 'pre-market']
    >>> [time_text(v) for v in ["2025-10-31", "2026-Q4", "2026-H2", "--11-06"]]
    ['Oct 31, 2025', 'Q4 2026', 'H2 2026', 'Nov 6']

    A span of years, or anything else that is no date, is shown as written:

    >>> [time_text(v) for v in ["2026-2027", "late-2026-2027", "2026-13-01"]]
    ['2026-2027', 'late 2026-2027', '2026-13-01']
    """
    prefix = ""
    if value.startswith("since:"):
        prefix, value = "since ", value[6:]
    vague = ""
    for word in ("early", "mid", "late"):
        if value.startswith(word + "-"):
            vague, value = word + " ", value[len(word) + 1 :]
    parts = value.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4 and _month(parts[1]):
        value = f"{_month(parts[1])} {int(parts[2])}, {parts[0]}"
    elif len(parts) == 4 and parts[0] == parts[1] == "" and parts[2].isdigit() and parts[3].isdigit() and _month(parts[2]):
        value = f"{_month(parts[2])} {int(parts[3])}"  # "--11-06"
    elif len(parts) == 2 and parts[0].isdigit() and len(parts[0]) == 4 and parts[1][:1] in ("Q", "H"):
        value = f"{parts[1]} {parts[0]}"
    elif parts[0] == "" and parts[-1].isdigit() and len(parts[-1]) == 2 and _month(parts[-1]):  # "--09": no year
        value = _month(parts[-1])
    elif len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() and len(parts[0]) == 4 and _month(parts[1]):
        value = f"{_month(parts[1])} {parts[0]}"
    elif value.isalpha() and value.islower() and value.endswith("day"):
        value = value.capitalize()
    return prefix + vague + value
