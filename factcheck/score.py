"""Score a run against a story's human annotation (``expected.json``): the regression runner.

A (fact, source) pair is found when a claim of that source has the fact's value and
comes from the annotated quote (or, without a quote, is about the fact's entity). An
annotated disagreement is detected when one finding holds claims of at least two of
its sources with the annotated values. A trap is flagged when a conflict finding holds
two of its (source, value) pairs.
"""

from __future__ import annotations

import os
import re

from tabulate import tabulate

from . import lexicon
from .errors import AnnotationError
from .model import Claim, Finding
from .pipeline import Analysis, analyse
from .timeexpr import value_range

DISAGREEMENT_KINDS = ("conflict", "scope", "timing")
THRESHOLDS = ("min_recall", "min_detected", "max_trap_conflicts", "max_unmatched_conflicts")


def read_annotation(path: str, schema: str, missing: str) -> dict:
    """A JSON annotation checked against ``schemas/<schema>.schema.json``; ``missing`` says what to do without one."""
    data = lexicon.read_json(path, AnnotationError, missing)
    problems = lexicon.validation_errors(data, schema)
    if problems:
        raise AnnotationError(f"{path}: {problems[0]}")
    return data


def load_expected(story_dir: str) -> dict:
    """The story's ``expected.json``, checked against ``schemas/expected.schema.json``."""
    return read_annotation(os.path.join(story_dir, "expected.json"), "expected", "no annotation file; score needs STORY/expected.json")


def _label_tokens(value: str) -> set[str]:
    """Rating labels and rating actions named in an annotated label ("retained overweight")."""
    ratings = lexicon.load("ratings")
    text = value.lower()
    tokens = {label for label in ratings["labels"] if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w])", text)}
    for family, forms in ratings["actions"].items():
        if family in text or any(re.search(rf"\b{re.escape(f)}\b", text) for f in forms):
            tokens.add(family)
    return tokens or {text}


def _date_matches(expected, value: str) -> bool:
    """An annotated date ("2026-07", 2026, "2026-Q4") names the same period as a claim's date value."""
    want = value_range(str(expected))
    return want is not None and want == value_range(re.sub(r"^(?:early|mid|late)-", "", value))


def value_matches(expected, claim: Claim) -> bool:
    """True when a claim states the annotated value (numbers within the claim's precision)."""
    if claim.unit == "date":
        return _date_matches(expected, str(claim.value))
    if isinstance(expected, str):
        if not isinstance(claim.value, str):
            return False
        return claim.value.lower() in _label_tokens(expected)
    if isinstance(claim.value, str) or isinstance(expected, bool):
        return False
    tol = max(claim.precision or 0.0, 1e-6 * abs(expected), 1e-9)
    candidates = [claim.value, claim.low, claim.high]
    return any(v is not None and abs(float(v) - expected) <= tol for v in candidates)


class _Story:
    def __init__(self, analysis: Analysis, expected: dict):
        self.a = analysis
        self.expected = expected
        self.text = {s.id: s for s in analysis.sources}
        self.claims_by_source: dict[str, list[Claim]] = {}
        for c in analysis.claims:
            self.claims_by_source.setdefault(c.source, []).append(c)
        self.by_id = {c.id: c for c in analysis.claims}

    def quote_spans(self, source: str, quote: str) -> list[tuple[int, int]]:
        src = self.text.get(source)
        if src is None or not quote:
            return []
        out, i = [], src.text.find(quote, src.body_start)
        while i >= 0:
            out.append((i, i + len(quote)))
            i = src.text.find(quote, i + 1)
        return out

    def entity_ids(self, entity: str) -> set[str] | None:
        parts = [re.sub(r"\s*\(.*?\)\s*$", "", p).strip() if not re.search(r"\([A-Z]{2,6}\)", p) else p
                 for p in entity.split("+")]
        ids = set()
        for p in parts:
            ident = self.a.entities.resolve(p)
            if ident is None:
                return None
            ids.add(ident)
        return ids

    def fact_found(self, fact: dict, source: str) -> bool:
        quotes = fact.get("quote", {})
        spans = self.quote_spans(source, quotes.get(source, "")) if isinstance(quotes, dict) else []
        ids = self.entity_ids(fact["entity"])
        for c in self.claims_by_source.get(source, []):
            if not value_matches(fact["value"], c) and not ("value_high" in fact and value_matches(fact["value_high"], c)):
                continue
            if spans and not any(c.span[0] < b and a < c.span[1] for a, b in spans):
                continue
            if ids is not None and not ids & set(c.subject.split("+")):
                continue
            return True
        return False

    def finding_matches(self, f: Finding, values: dict) -> bool:
        hits = 0
        for source, value in values.items():
            if any((c := self.by_id.get(cid)) and c.source == source and value_matches(value, c) for cid in f.claims):
                hits += 1
        return hits >= 2


def score_analysis(analysis: Analysis, expected: dict) -> dict:
    """Scores of one analysed story against its annotation (see module docstring)."""
    st = _Story(analysis, expected)
    pairs, found, missed = 0, 0, []
    for fact in expected.get("facts", []):
        for source in fact.get("sources", []):
            if source not in st.text:
                continue
            pairs += 1
            if st.fact_found(fact, source):
                found += 1
            else:
                missed.append(f"{fact.get('id', '?')}@{source}")
    disagreements = [f for f in analysis.findings if f.kind in DISAGREEMENT_KINDS]
    detected = right = required = req_detected = req_right = 0
    matched_findings: set[str] = set()
    per_disagreement = {}
    for d in expected.get("disagreements", []):
        ok_kinds = {d["category"], *d.get("acceptable_categories", [])}
        matches = [f for f in disagreements if st.finding_matches(f, d["values"])]
        matched_findings |= {f.id for f in matches}
        hit, good = bool(matches), any(f.kind in ok_kinds for f in matches)
        per_disagreement[d.get("id", "?")] = sorted({f.kind for f in matches}) or ["missed"]
        detected += hit
        right += good
        if not d.get("stretch"):
            required += 1
            req_detected += hit
            req_right += good
    trap_conflicts = []
    for t in expected.get("traps", []):
        values = t.get("values", [])
        items = list(values.items()) if isinstance(values, dict) else [tuple(v) for v in values]
        if len(items) < 2:
            continue
        for f in disagreements:
            if f.kind != "conflict":
                continue
            hits = sum(1 for s, v in items
                       if any((c := st.by_id.get(cid)) and c.source == s and value_matches(v, c) for cid in f.claims))
            if hits >= 2:
                trap_conflicts.append(t.get("id") or t.get("entity", "?"))
                break
    unmatched = [f.id for f in disagreements if f.kind == "conflict" and f.id not in matched_findings]
    return {
        "story": analysis.story,
        "fact_pairs": pairs,
        "facts_found": found,
        "recall": round(found / pairs, 4) if pairs else 1.0,
        "disagreements": len(expected.get("disagreements", [])),
        "detected": detected,
        "right_category": right,
        "required": required,
        "required_detected": req_detected,
        "required_right_category": req_right,
        "trap_conflicts": len(trap_conflicts),
        "unmatched_conflicts": len(unmatched),
        "details": {"missed_facts": missed, "disagreements": per_disagreement, "trap_conflicts": trap_conflicts,
                    "unmatched_conflicts": unmatched},
    }


def score_story(story_dir: str) -> dict:
    """Run the pipeline on a story folder and score it against ``STORY/expected.json``.

    The result carries the story's own ``thresholds`` from its claim set (empty without one).
    """
    expected = load_expected(story_dir)
    analysis = analyse([story_dir])
    result = score_analysis(analysis, expected)
    result["thresholds"] = dict(analysis.claimset.thresholds) if analysis.claimset else {}
    return result


def threshold_failures(results: list[dict], given: dict) -> list[str]:
    """One line per story and threshold it misses, saying by how much.

    ``given`` holds thresholds from the command line (None when not given); they win over a
    story's own ``thresholds`` in its claims.json.

    >>> threshold_failures([{"story": "s", "recall": 0.85, "disagreements": 4, "detected": 3,
    ...                      "trap_conflicts": 2, "unmatched_conflicts": 0, "thresholds": {"max_trap_conflicts": 0}}],
    ...                    {"min_recall": 0.9, "min_detected": 0.5})
    ['s: fact recall 0.850 is below --min-recall 0.900 (short by 0.050)', 's: 2 traps flagged as conflicts, above max_trap_conflicts 0 in claims.json (over by 2)']
    """
    lines = []
    for r in results:
        own = r.get("thresholds", {})
        limits = {k: given[k] if given.get(k) is not None else own.get(k) for k in THRESHOLDS}
        name = {k: f"--{k.replace('_', '-')}" if given.get(k) is not None else f"{k}" for k in THRESHOLDS}
        where = {k: "" if given.get(k) is not None else " in claims.json" for k in THRESHOLDS}
        story = r["story"]
        k = "min_recall"
        if limits[k] is not None and r["recall"] < limits[k]:
            lines.append(f"{story}: fact recall {r['recall']:.3f} is below {name[k]} {limits[k]:.3f}{where[k]} "
                         f"(short by {limits[k] - r['recall']:.3f})")
        k = "min_detected"
        rate = r["detected"] / r["disagreements"] if r["disagreements"] else 1.0
        if limits[k] is not None and rate < limits[k]:
            lines.append(f"{story}: detected {r['detected']} of {r['disagreements']} disagreements ({rate:.3f}), "
                         f"below {name[k]} {limits[k]:.3f}{where[k]} (short by {limits[k] - rate:.3f})")
        for k, key, what in (("max_trap_conflicts", "trap_conflicts", "traps flagged as conflicts"),
                             ("max_unmatched_conflicts", "unmatched_conflicts", "conflicts matching no annotation")):
            if limits[k] is not None and r[key] > limits[k]:
                lines.append(f"{story}: {r[key]} {what}, above {name[k]} {limits[k]}{where[k]} (over by {r[key] - limits[k]})")
    return lines


def format_scores(results: list[dict]) -> str:
    """A plain table of scores, one row per story."""
    rows = [[r["story"], f"{r['facts_found']}/{r['fact_pairs']} = {r['recall']:.2f}",
             f"{r['detected']}/{r['disagreements']}", f"{r['right_category']}/{r['disagreements']}",
             r["trap_conflicts"], r["unmatched_conflicts"]] for r in results]
    table = tabulate(rows, headers=["story", "fact recall", "detected", "right category", "traps as conflict", "unmatched conflicts"])
    lines = [table]
    for r in results:
        d = r["details"]["disagreements"]
        lines.append(f"{r['story']}: " + ", ".join(f"{k}={'/'.join(v)}" for k, v in d.items()))
    return "\n".join(lines)
