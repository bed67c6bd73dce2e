"""What a fresh run changes against a story's baseline: claims and findings added, removed and changed.

The baseline is the story's reviewed ``claims.json`` (its claims, and the findings recorded
when it was written), or another claim set or ``factcheck run --format json`` report. A
claim is matched by id (``source@offset``), a finding by its topic: subject, measure and
unit. A topic changed when one of its findings changed kind or values (each value with
the sources stating it); the diff shows the findings that went and the ones that came.
A changed explanation alone is counted as reworded.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field, replace

from tabulate import tabulate

from . import claimset, lexicon
from .arithmetic import implied_totals
from .display import value_text
from .errors import ClaimSetError
from .model import Finding
from .pipeline import Analysis, analyse
from .report import md_escape, md_table, natural_key
from .score import load_expected, score_analysis

FORMATS = ("md", "text")


@dataclass
class Change:
    """One row of a diff: a claim or a finding topic added, removed or changed."""

    change: str  # added | removed | changed
    key: str  # claim id, or "SUBJECT measure (unit)"
    what: str  # the fields that changed, or what the claim or finding is
    before: str = ""
    after: str = ""


@dataclass
class StoryDiff:
    """Everything ``factcheck diff`` reports for one story."""

    story: str
    baseline: str  # where the baseline came from
    claims: list[Change] = field(default_factory=list)
    findings: list[Change] = field(default_factory=list)
    reworded: int = 0  # findings whose explanation alone changed
    counts: dict = field(default_factory=dict)  # "claims before/after", "findings before/after"
    score: list[str] = field(default_factory=list)  # lines comparing scores against expected.json

    @property
    def findings_changed(self) -> bool:
        """True when any finding was added, removed or changed (the exit status of ``factcheck diff``)."""
        return bool(self.findings)


def _claim_summary(record: dict) -> str:
    """``SUBJECT measure = value`` for a claim record (the correction applied, for edited claims)."""
    shown = {**record, **record.get("correction", {})}
    status = record.get("status", "extracted")
    tag = "" if status == "extracted" else f" [{status}]"
    return f"{shown['subject']} {shown['measure']} = {value_text(shown)}{tag}"


def _field_text(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_field_text(v)}" for k, v in sorted(value.items())) or "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "(none)" if value is None or value == "" else str(value)


def claim_changes(before: list[dict], after: list[dict]) -> list[Change]:
    """Claims added, removed and changed, matched by id, in source order.

    >>> old = [{"id": "a@1", "subject": "ACME", "measure": "revenue", "value": 5.0, "unit": "USD", "quote": "q"}]
    >>> new = [{**old[0], "subject": "GLBX"}]
    >>> [(c.change, c.key, c.what, c.before, c.after) for c in claim_changes(old, new)]
    [('changed', 'a@1', 'subject', 'ACME', 'GLBX')]
    """
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    rows = []
    for ident in sorted(old.keys() | new.keys(), key=natural_key):
        a, b = old.get(ident), new.get(ident)
        if a is None:
            rows.append(Change("added", ident, _claim_summary(b), "", b["quote"]))
        elif b is None:
            rows.append(Change("removed", ident, _claim_summary(a), a["quote"], ""))
        else:
            changed = [k for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]
            hint = ""
            if a.get("status") == "edited" and b.get("status") != "edited":
                hint = " (the extractor now gives the editor's correction)"
            if changed:
                rows.append(Change("changed", ident, ", ".join(changed) + hint,
                                   "; ".join(_field_text(a.get(k)) for k in changed),
                                   "; ".join(_field_text(b.get(k)) for k in changed)))
    return rows


def _topic(f: dict) -> tuple[str, str, str]:
    return (f["subject"], f["measure"], f["unit"])


def _signature(f: dict) -> tuple:
    return (f["kind"], tuple(sorted((v["label"], tuple(sorted(v["sources"]))) for v in f["values"])))


def _finding_text(f: dict) -> str:
    values = "; ".join(f"{v['label']} ({', '.join(sorted(v['sources']))})" for v in f["values"])
    return f"{f['kind']}: {values}"


def finding_changes(before: list[dict], after: list[dict]) -> tuple[list[Change], int]:
    """Finding topics added, removed and changed, and how many findings were only reworded.

    >>> old = [{"kind": "conflict", "subject": "ACME", "measure": "capacity", "unit": "MW", "explanation": "x",
    ...         "values": [{"label": "5 MW", "sources": ["a"]}, {"label": "6 MW", "sources": ["b"]}]}]
    >>> new = [{**old[0], "kind": "scope"}]
    >>> rows, reworded = finding_changes(old, new)
    >>> [(r.change, r.key, r.before, r.after) for r in rows]
    [('changed', 'ACME capacity (MW)', 'conflict: 5 MW (a); 6 MW (b)', 'scope: 5 MW (a); 6 MW (b)')]
    """
    topics: dict[tuple, tuple[list, list]] = {}
    for side, findings in enumerate((before, after)):
        for f in findings:
            topics.setdefault(_topic(f), ([], []))[side].append(f)
    rows, reworded = [], 0
    for topic in sorted(topics, key=lambda t: tuple(natural_key(part) for part in t)):
        old, new = topics[topic]
        key = f"{topic[0]} {topic[1]} ({topic[2]})" if topic[2] else f"{topic[0]} {topic[1]}"
        if sorted(map(_signature, old)) == sorted(map(_signature, new)):
            reworded += sorted(f["explanation"] for f in old) != sorted(f["explanation"] for f in new)
            continue
        gone, came = _unmatched(old, new), _unmatched(new, old)
        change = "added" if not old else "removed" if not new else "changed"
        kinds = [", ".join(dict.fromkeys(f["kind"] for f in side)) or "(none)" for side in (gone, came)]
        what = kinds[0] if not new else kinds[1] if not old else " → ".join(kinds)
        rows.append(Change(change, key, what, "; ".join(map(_finding_text, gone)), "; ".join(map(_finding_text, came))))
    return rows, reworded


def _unmatched(findings: list[dict], others: list[dict]) -> list[dict]:
    """The findings of one side that the other side does not have (same kind and values)."""
    left = [_signature(f) for f in others]
    out = []
    for f in findings:
        if _signature(f) in left:
            left.remove(_signature(f))
        else:
            out.append(f)
    return out


def _table(rows: list[Change], fmt: str) -> str:
    headers = ["change", "claim" if rows and "@" in rows[0].key else "finding", "what", "before", "after"]
    cells = [[r.change, r.key, r.what, r.before, r.after] for r in rows]
    if fmt == "md":
        return md_table(headers, [[md_escape(cell) for cell in row] for row in cells])
    return tabulate(cells, headers=headers, tablefmt="simple", disable_numparse=True, maxcolwidths=[None, None, 30, 50, 50])


def _tally(rows: list[Change]) -> str:
    parts = [f"{sum(r.change == kind for r in rows)} {kind}" for kind in ("added", "removed", "changed")]
    return ", ".join(parts)


def render(diff: StoryDiff, fmt: str = "md") -> str:
    """The diff as markdown (``md``) or a plain-text table (``text``)."""
    counts = diff.counts
    lines = []
    heading = (lambda text, level: f"{'#' * level} {text}") if fmt == "md" else (lambda text, level: text)
    shown = md_escape if fmt == "md" else str  # story and baseline are names from the file system or a git revision
    lines += [heading(f"factcheck diff: {shown(diff.story)}", 2), ""]
    lines += [
        f"Baseline: {shown(diff.baseline)} ({counts['claims_before']} claims, {counts['findings_before']} findings). "
        f"Now: a fresh extraction with the editor's decisions ({counts['claims_after']} claims, "
        f"{counts['findings_after']} findings).",
        "",
    ]
    for title, rows in (("Findings", diff.findings), ("Claims", diff.claims)):
        lines += [heading(f"{title}: {_tally(rows)}", 3), ""]
        if rows:
            lines += [_table(rows, fmt), ""]
    if diff.reworded:
        lines += [f"{diff.reworded} finding(s) reworded: same kind and values, new explanation.", ""]
    if diff.score:
        lines += [heading("Against expected.json", 3), ""] + [f"- {line}" for line in diff.score] + [""]
    verdict = "Findings changed." if diff.findings_changed else "No finding changed."
    lines.append(verdict)
    return "\n".join(lines) + "\n"


def _git_file(folder: str, ref: str) -> tuple[str, str]:
    """The text of the story's ``claims.json`` at git revision ``ref``, and a label for it."""
    target = os.path.abspath(claimset.path_in(folder))
    try:
        top = subprocess.run(["git", "-C", folder, "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True)
        rel = os.path.relpath(target, top.stdout.strip()).replace(os.sep, "/")
        shown = subprocess.run(["git", "-C", top.stdout.strip(), "show", f"{ref}:{rel}"],
                               capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise ClaimSetError(f"--against {ref}: not a file, and git is not installed to read it as a revision") from None
    except subprocess.CalledProcessError as exc:
        why = (exc.stderr or "").strip().splitlines()[-1:] or ["git failed"]
        raise ClaimSetError(f"--against {ref}: not a file, and git cannot show the claim set at that revision ({why[0]})") from None
    return shown.stdout, f"{rel} at {ref}"


def _document(data, where: str) -> dict:
    """A baseline document checked as a claim set (claims with a status) or as a run report."""
    kind = "claims" if claimset.is_claim_set(data) else "report"
    problems = lexicon.validation_errors(data, kind)
    if problems:
        raise ClaimSetError(f"{where}: {problems[0]} (not a valid {'claim set' if kind == 'claims' else 'factcheck report'})")
    return data


def baseline(folder: str, against: str | None = None) -> tuple[str, dict]:
    """The baseline of ``factcheck diff``: a label and a claim-set or report document.

    Without ``against`` it is the story's ``claims.json``; ``against`` names a claim set or a
    report file, or a git revision at which to read the story's ``claims.json``.
    """
    if against is None:
        path = claimset.path_in(folder)
        if not os.path.isfile(path):
            raise ClaimSetError(f"{path}: no claim set to compare with; run `factcheck extract {folder}` first, "
                                "or pass --against FILE or a git revision")
        return path, _document(lexicon.read_json(path, ClaimSetError), path)
    if os.path.isfile(against):
        return against, _document(lexicon.read_json(against, ClaimSetError), against)
    text, label = _git_file(folder, against)
    return label, _document(lexicon.parse_json(text, label, ClaimSetError), label)


def _baseline_analysis(now: Analysis, doc: dict) -> Analysis:
    """The baseline as an Analysis that ``factcheck.score`` can score: its claims and its findings."""
    if claimset.is_claim_set(doc):
        found = [c for r in doc["claims"] if (c := claimset.reviewed_from_record(r).effective()) is not None]
        found += implied_totals(found)
    else:
        found = [claimset.claim_from_record(r) for r in doc["claims"]]
    findings = [Finding(id=f["id"], kind=f["kind"], subject=f["subject"], measure=f["measure"], unit=f["unit"],
                        claims=[c for v in f["values"] for c in v["claims"]], explanation=f["explanation"], values=f["values"])
                for f in doc["findings"]]
    return replace(now, claims=found, findings=findings)


_SCORES = (
    ("fact recall", lambda r: f"{r['facts_found']}/{r['fact_pairs']}"),
    ("disagreements detected", lambda r: f"{r['detected']}/{r['disagreements']}"),
    ("with the right category", lambda r: f"{r['right_category']}/{r['disagreements']}"),
    ("traps flagged as conflicts", lambda r: str(r["trap_conflicts"])),
    ("conflicts matching no annotation", lambda r: str(r["unmatched_conflicts"])),
)


def _score_lines(before: dict, after: dict) -> list[str]:
    lines = []
    for name, show in _SCORES:
        old, new = show(before), show(after)
        lines.append(f"{name}: {new}" if old == new else f"{name}: {old} → {new} (changed)")
    return lines


def diff_story(folder: str, against: str | None = None, encoding: str | None = None) -> StoryDiff:
    """Compare a fresh run on a story folder (extraction plus the editor's decisions) with its baseline."""
    label, doc = baseline(folder, against)
    now = analyse([folder], claims="refresh", encoding=encoding)
    if claimset.is_claim_set(doc):
        before_claims = [claimset.reviewed_from_record(r).to_json() for r in doc["claims"]]
        after_claims = [r.to_json() for r in now.reviewed]
    else:
        before_claims, after_claims = doc["claims"], [c.to_json() for c in now.claims]
    after_findings = [claimset.record_finding(f) for f in now.findings]
    rows, reworded = finding_changes(doc["findings"], after_findings)
    result = StoryDiff(
        story=now.story, baseline=label, claims=claim_changes(before_claims, after_claims), findings=rows,
        reworded=reworded,
        counts={"claims_before": len(before_claims), "claims_after": len(after_claims),
                "findings_before": len(doc["findings"]), "findings_after": len(after_findings)},
    )
    if os.path.isfile(os.path.join(folder, "expected.json")):
        expected = load_expected(folder)
        result.score = _score_lines(score_analysis(_baseline_analysis(now, doc), expected), score_analysis(now, expected))
    return result
