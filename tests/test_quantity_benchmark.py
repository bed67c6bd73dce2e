"""Value+unit precision, recall and F1 of find_quantities on a written news benchmark.

``tests/quantity_benchmark.jsonl`` holds general-news sentences written for this test (business,
energy, politics, sport, technology, health, weather, transport, and sentences whose numbers are
dates, times, ordinals, names or codes), each with every quantity a careful reader would list:
``value`` in base units (USD, MW, MWh, % as a number), the normalised ``unit`` and, for a range,
``low`` and ``high``. A found quantity matches an expected one when unit and value agree (and the
bounds, when the row gives them); each expected quantity matches at most one found one.

Rows of split ``dev`` guided the grammar; rows of split ``heldout`` were written afterwards, before
the extractor was run on them, as a check that the rules carry over (some in the style of corpora
that strip apostrophes and commas: "Acmes 12000 employees").

Run ``python tests/test_quantity_benchmark.py`` to print the scores by domain and every miss.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from factcheck.quantities import find_quantities

BENCHMARK = Path(__file__).with_name("quantity_benchmark.jsonl")
MIN_F1 = 0.9


def _rows() -> list[dict]:
    return [json.loads(line) for line in BENCHMARK.read_text(encoding="utf-8").splitlines() if line.strip()]


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _matches(expected: dict, q) -> bool:
    if q.unit != expected["unit"] or not _close(q.value, expected["value"]):
        return False
    return all(_close(getattr(q, bound), expected[bound]) for bound in ("low", "high") if bound in expected)


def score_row(row: dict) -> tuple[int, int, int, list[str]]:
    """(matched, found, expected, notes on misses and extras) for one benchmark row."""
    found = find_quantities(row["text"])
    unused = list(found)
    notes = []
    matched = 0
    for e in row["expected"]:
        hit = next((q for q in unused if _matches(e, q)), None)
        if hit is None:
            notes.append(f"  missed {e['value']:g} {e['unit']}")
        else:
            unused.remove(hit)
            matched += 1
    notes += [f"  extra  {q.value:g} {q.unit} ({q.text!r})" for q in unused]
    return matched, len(found), len(row["expected"]), notes


def _prf(matched: int, found: int, expected: int) -> tuple[float, float, float]:
    p = matched / found if found else 1.0
    r = matched / expected if expected else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(verbose: bool = False) -> tuple[float, float, float]:
    """Micro-averaged (precision, recall, F1) over the whole benchmark; prints a table when verbose."""
    totals = defaultdict(lambda: [0, 0, 0])
    for row in _rows():
        m, f, e, notes = score_row(row)
        for key in (row["domain"], f"[{row['split']}]", "all"):
            t = totals[key]
            t[0], t[1], t[2] = t[0] + m, t[1] + f, t[2] + e
        if verbose and notes:
            print(f"{row['id']}: {row['text']}")
            print("\n".join(notes))
    if verbose:
        print(f"{'domain':<12} {'P':>6} {'R':>6} {'F1':>6}  matched/found/expected")
        for key in sorted(totals, key=lambda k: (k == "all", k.startswith("["), k)):
            p, r, f1 = _prf(*totals[key])
            print(f"{key:<12} {p:6.3f} {r:6.3f} {f1:6.3f}  {'/'.join(map(str, totals[key]))}")
    return _prf(*totals["all"])


def test_benchmark_is_varied_and_large_enough():
    rows = _rows()
    assert len(rows) >= 150
    assert len({r["domain"] for r in rows}) >= 8
    assert sum(1 for r in rows if not r["expected"]) >= 10  # sentences whose numbers are no quantities


def test_value_and_unit_f1():
    p, r, f1 = evaluate()
    print(f"value+unit precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    assert f1 >= MIN_F1, f"F1 {f1:.3f} below {MIN_F1} (precision {p:.3f}, recall {r:.3f})"


if __name__ == "__main__":
    evaluate(verbose=True)
