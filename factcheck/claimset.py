"""A story's reviewed claim set, ``STORY/claims.json``: read it, write it, carry an editor's decisions over.

The file holds every claim extracted from the story's sources, one object each, with a
``status``: ``extracted`` (as the extractor found it), ``edited`` (a ``correction``
beside the extracted fields, which stay as the record of the original), ``rejected``
(kept for the record, ignored by the checker) or ``added`` (written by an editor).
``sources`` keeps each article's SHA-256 so a changed article is noticed; ``findings``
records what the checker found on the set when the file was written, the baseline that
``factcheck diff`` compares a fresh run with. Schema: ``schemas/claims.schema.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace

from . import __version__, lexicon
from .errors import ClaimSetError
from .model import Claim, Finding, Source

FILE_NAME = "claims.json"
DECISIONS = ("edited", "rejected", "added")  # statuses an editor sets; extract --force keeps them
_NUMBERS = ("value", "previous", "low", "high", "precision")
ABOUT = (
    "Claims factcheck extracted from this story's sources. To review one, set its status to "
    "'rejected' (with a note saying why), or to 'edited' with a 'correction' holding the fixed fields "
    "and a note; add a missed claim with status 'added'. factcheck run and review use this file; "
    "factcheck diff shows what a fresh extraction would change; factcheck validate checks it."
)


@dataclass
class Reviewed:
    """A claim as stored in a claim set: its extracted (or added) fields and the editor's decision."""

    claim: Claim
    status: str = "extracted"  # extracted | edited | rejected | added
    correction: dict = field(default_factory=dict)
    note: str = ""

    def effective(self) -> Claim | None:
        """The claim the checker uses: None when rejected, the correction applied when edited."""
        if self.status == "rejected":
            return None
        if not self.correction:
            return self.claim
        fields = {k: _number(k, v) for k, v in self.correction.items()}
        return replace(self.claim, **fields)

    def to_json(self) -> dict:
        """The claim-set record: id, status (note, correction), then the claim's fields."""
        record = claim_record(self.claim)
        head = {"id": record.pop("id"), "status": self.status}
        if self.note:
            head["note"] = self.note
        if self.correction:
            head["correction"] = dict(sorted(self.correction.items()))
        return {**head, **record}


def _number(key: str, value):
    """JSON numbers of numeric fields as floats, as the extractor makes them (410 -> 410.0)."""
    return float(value) if key in _NUMBERS and isinstance(value, int) and not isinstance(value, bool) else value


def claim_record(c: Claim) -> dict:
    """A claim as JSON with everything needed to check it again (the report's fields plus precision)."""
    out = c.to_json()
    at = list(out).index("hedge") + 1
    items = list(out.items())
    return dict(items[:at] + [("precision", c.precision)] + items[at:])


def claim_from_record(record: dict) -> Claim:
    """The Claim a claim-set record stores (its extracted or added fields, without the correction)."""
    value_span = record.get("value_span")
    return Claim(
        id=record["id"], source=record["source"], subject=record["subject"], measure=record["measure"],
        value=_number("value", record["value"]), unit=record["unit"], quote=record["quote"], span=tuple(record["span"]),
        value_text=record.get("value_text", ""), value_span=tuple(value_span) if value_span else None,
        previous=_number("previous", record.get("previous")), low=_number("low", record.get("low")),
        high=_number("high", record.get("high")), hedge=record.get("hedge", "exact"),
        precision=_number("precision", record.get("precision", 0.0)), time=dict(record.get("time", {})),
        scope=dict(record.get("scope", {})), evidence=dict(record.get("evidence", {})),
    )


def reviewed_from_record(record: dict) -> Reviewed:
    """One claim-set record back as a Reviewed claim."""
    return Reviewed(claim_from_record(record), record["status"], dict(record.get("correction", {})), record.get("note", ""))


@dataclass
class ClaimSet:
    """A claim set read from disk."""

    path: str
    story: str
    sources: dict[str, dict]  # source id -> {"id", "file", "sha256"}
    claims: list[Reviewed]
    findings: list[dict]
    thresholds: dict = field(default_factory=dict)

    def for_source(self, source: str) -> list[Reviewed]:
        """The stored claims of one source, in text order (whatever their order in the file)."""
        return in_text_order(r for r in self.claims if r.claim.source == source)


def in_text_order(reviewed) -> list[Reviewed]:
    """Claims ordered as the extractor finds them: by sentence, then by the value's position, then id."""
    return sorted(reviewed, key=lambda r: (r.claim.span[0], (r.claim.value_span or r.claim.span)[0], r.claim.id))


def digest(text: str) -> str:
    """The SHA-256 of an article's decoded text, as recorded in ``sources[].sha256``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def path_in(folder: str) -> str:
    """Where a story folder keeps its claim set."""
    return os.path.join(folder, FILE_NAME)


def is_claim_set(data) -> bool:
    """True for a claim-set document (its claims carry a ``status``), False for a run report or anything else."""
    claims = data.get("claims") if isinstance(data, dict) else None
    return isinstance(claims, list) and any(isinstance(c, dict) and "status" in c for c in claims)


def from_document(path: str, data: dict) -> ClaimSet:
    """A ClaimSet from an already validated claim-set document."""
    return ClaimSet(
        path=path, story=data["story"], sources={s["id"]: s for s in data["sources"]},
        claims=[reviewed_from_record(r) for r in data["claims"]], findings=list(data["findings"]),
        thresholds=dict(data.get("thresholds", {})),
    )


def read(path: str) -> ClaimSet:
    """Read and check ``claims.json``; the first problem raises ClaimSetError (``factcheck validate`` lists all)."""
    data = lexicon.read_json(path, ClaimSetError)
    problems = lexicon.validation_errors(data, "claims") or duplicate_ids(data)
    if problems:
        more = f" (and {len(problems) - 1} more; `factcheck validate {path}` lists them)" if len(problems) > 1 else ""
        raise ClaimSetError(f"{path}: {problems[0]}{more}")
    return from_document(path, data)


def duplicate_ids(data: dict) -> list[str]:
    """``claims[i].id: 'x' is used twice`` for each repeated claim id of a claim-set document."""
    seen: dict[str, int] = {}
    problems = []
    for i, record in enumerate(data.get("claims", [])):
        ident = record.get("id") if isinstance(record, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(f"claims[{i}].id: {ident!r} is used twice (also claims[{seen[ident]}]); ids must be unique")
        seen.setdefault(ident, i)
    return problems


def find(folder: str | None) -> ClaimSet | None:
    """The claim set of a story folder, or None when it has none."""
    if folder is None or not os.path.isfile(path_in(folder)):
        return None
    return read(path_in(folder))


def _order(r: Reviewed) -> tuple:
    c = r.claim
    return (c.source, (c.value_span or c.span)[0], c.subject, c.measure, c.id)


def merge(stored: list[Reviewed], fresh: list[Claim]) -> list[Reviewed]:
    """Fresh claims as extracted, with the editor's decisions on them carried over by claim id.

    An edited or rejected claim gets the fresh extraction as its original fields and keeps
    its correction and note, unless the extractor now gives the correction itself: then it
    is ``extracted`` again (the note stays). An added claim replaces a fresh claim of the
    same id; decisions on claims the extractor no longer finds are kept as they were.
    """
    decisions = {r.claim.id: r for r in stored if r.status in DECISIONS}
    out = []
    for c in fresh:
        kept = decisions.pop(c.id, None)
        if kept is None:
            out.append(Reviewed(c))
        elif kept.status == "added":
            out.append(kept)
        elif kept.status == "edited" and corrected_by(c, kept.correction):
            out.append(Reviewed(c, "extracted", {}, kept.note))
        else:
            out.append(Reviewed(c, kept.status, dict(kept.correction), kept.note))
    out += decisions.values()
    return sorted(out, key=_order)


def corrected_by(claim: Claim, correction: dict) -> bool:
    """True when ``claim`` already has every field of an editor's ``correction``."""
    return all(getattr(claim, k) == _number(k, v) for k, v in correction.items())


def record_finding(f: Finding) -> dict:
    """A finding as recorded in a claim set: what it says, without the report's evidence."""
    return {
        "id": f.id, "kind": f.kind, "subject": f.subject, "measure": f.measure, "unit": f.unit,
        "values": [{"label": v["label"], "sources": list(v["sources"]), "claims": list(v["claims"])} for v in f.values],
        "explanation": f.explanation,
    }


def to_document(story: str, folder: str, sources: list[Source], reviewed: list[Reviewed], findings: list[Finding],
                thresholds: dict | None = None) -> dict:
    """The claim-set document for a story folder: sources with their digests, claims in file order, findings."""
    doc = {"story": story, "generated_by": f"factcheck {__version__}", "about": ABOUT}
    if thresholds:
        doc["thresholds"] = dict(thresholds)
    doc["sources"] = [
        {"id": s.id, "file": os.path.relpath(s.path, folder).replace(os.sep, "/"), "sha256": digest(s.text)} for s in sources
    ]
    doc["claims"] = [r.to_json() for r in sorted(reviewed, key=_order)]
    doc["findings"] = [record_finding(f) for f in findings]
    return doc


def render(doc: dict) -> str:
    """The claim-set JSON laid out for people: one claim per object, one field per line.

    >>> print(render({"story": "s", "claims": [{"id": "a@1", "span": [1, 5], "time": {}}]}), end="")
    {
      "story": "s",
      "claims": [
        {
          "id": "a@1",
          "span": [1, 5],
          "time": {}
        }
      ]
    }
    """
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for i, (key, value) in enumerate(doc.items()):
        comma = "," if i < len(doc) - 1 else ""
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"  {compact(key)}: [")
            for j, item in enumerate(value):
                fields = [f"      {compact(k)}: {compact(v)}" for k, v in item.items()]
                lines.append("    {\n" + ",\n".join(fields) + "\n    }" + ("," if j < len(value) - 1 else ""))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
