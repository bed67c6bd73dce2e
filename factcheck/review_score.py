"""Score draft reviews against their human annotations (``<draft>.review.json`` beside each draft).

An annotated figure is matched to the draft claims on its line that state its value
(``factcheck.score.value_matches``); when several do, the most severe status among them
counts, so a figure read twice cannot hide a false alarm behind a right answer. A
planted error is every figure annotated as anything but supported. False alarms are
figures annotated as not contradicted that the review contradicts, and contradicted
claims that match no annotated figure.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from tabulate import tabulate

from .errors import AnnotationError
from .review import STATUSES, Review, ReviewItem, review_draft
from .score import read_annotation, value_matches

SEVERITY = {status: n for n, status in enumerate(STATUSES)}  # contradicted first


def load_annotation(path: str) -> dict:
    """A draft annotation, checked against ``schemas/draft-review.schema.json``."""
    return read_annotation(path, "draft-review", "no such annotation file")


def find_annotated_drafts(folder: str) -> list[tuple[str, str]]:
    """(draft path, annotation path) for every ``*.review.json`` in ``folder``, sorted by name."""
    out = []
    for ann in sorted(Path(folder).glob("*.review.json")):
        draft = ann.parent / load_annotation(str(ann))["draft"]
        if not draft.is_file():
            raise AnnotationError(f"{ann}: draft: {draft.name!r} is not a file beside the annotation")
        out.append((str(draft), str(ann)))
    return out


def _matches(expected: dict, item: ReviewItem) -> bool:
    claim = item.claim
    if item.line != expected["line"]:
        return False
    value = expected["value"]
    if not value_matches(value, claim):
        if isinstance(value, bool) or not isinstance(value, int | float) or not value_matches(-value, claim):
            return False  # "slipped 0.8%" may be read as -0.8
    previous = expected.get("previous")
    if previous is not None and claim.previous is not None and not isinstance(claim.previous, str):
        return value_matches(previous, replace(claim, value=claim.previous, low=None, high=None))
    return True


def score_review(review: Review, annotation: dict) -> dict:
    """How a review compares with its annotation: per-figure outcomes and the totals."""
    rows, matched = [], set()
    for exp in annotation["expect"]:
        hits = [it for it in review.items if _matches(exp, it)]
        matched |= {it.claim.id for it in hits}
        worst = min(hits, key=lambda it: (SEVERITY[it.status], it.claim.id)) if hits else None
        rows.append({
            "line": exp["line"], "text": exp.get("text", str(exp["value"])), "expected": exp["status"],
            "expected_kind": exp.get("kind"), "got": worst.status if worst else "missing",
            "kind": worst.kind if worst else None, "claim": worst.claim.id if worst else None,
            "suggestion_expected": exp.get("suggestion"),
            "suggestion": (worst.suggestion or {}).get("value") if worst else None,
        })
    unexpected = [it.claim.id for it in review.items if it.status == "contradicted" and it.claim.id not in matched]
    planted = [r for r in rows if r["expected"] != "supported"]
    contradicted = [r for r in rows if r["expected"] == "contradicted"]
    return {
        "draft": os.path.basename(review.draft_path),
        "figures": len(rows),
        "found": sum(1 for r in rows if r["got"] != "missing"),
        "right_status": sum(1 for r in rows if r["got"] == r["expected"]),
        "planted": len(planted),
        "planted_right": sum(1 for r in planted if r["got"] == r["expected"]),
        "contradicted": len(contradicted),
        "contradicted_right_kind": sum(1 for r in contradicted if r["got"] == "contradicted" and r["kind"] == r["expected_kind"]),
        "correct_contradicted": sum(1 for r in rows if r["expected"] == "supported" and r["got"] == "contradicted"),
        "false_alarms": sum(1 for r in rows if r["expected"] != "contradicted" and r["got"] == "contradicted") + len(unexpected),
        "unexpected": unexpected,
        "rows": rows,
    }


def score_drafts(pairs: list[tuple[str, str]], story_paths: list[str]) -> list[dict]:
    """Review each annotated draft against the story and score it."""
    return [score_review(review_draft(draft, story_paths), load_annotation(ann)) for draft, ann in pairs]


def format_draft_scores(results: list[dict], details: bool = False) -> str:
    """One row per draft and a total; with ``details``, every figure whose status differs from its annotation."""
    keys = ("figures", "found", "right_status", "planted", "planted_right", "contradicted", "contradicted_right_kind",
            "correct_contradicted", "false_alarms")
    total = {k: sum(r[k] for r in results) for k in keys}
    rows = [[r["draft"], r["figures"], r["found"], r["right_status"], f"{r['planted_right']}/{r['planted']}",
             f"{r['contradicted_right_kind']}/{r['contradicted']}", r["correct_contradicted"], r["false_alarms"]]
            for r in results + ([dict(total, draft="total")] if len(results) > 1 else [])]
    lines = [tabulate(rows, headers=["draft", "figures", "found", "right status", "planted errors right",
                                     "contradicted, right kind", "correct figures contradicted", "false alarms"])]
    if details:
        for r in results:
            for row in r["rows"]:
                if row["got"] != row["expected"] or (row["expected"] == "contradicted" and row["kind"] != row["expected_kind"]):
                    want = row["expected"] + (f"/{row['expected_kind']}" if row["expected_kind"] else "")
                    got = row["got"] + (f"/{row['kind']}" if row["kind"] else "")
                    lines.append(f"{r['draft']}:{row['line']}: {row['text']!r} expected {want}, got {got}")
            for cid in r["unexpected"]:
                lines.append(f"{r['draft']}: {cid} contradicted but matches no annotated figure")
    return "\n".join(lines)
