"""The whole pipeline, stage by stage: load -> clean -> segment -> entities -> extract -> graph -> check.

``analyse`` returns the intermediate results for tools (score, review); ``run_story``
returns the JSON report document of DESIGN.md's output contract.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import __version__
from .arithmetic import implied_totals
from .check import check
from .clean import clean
from .copying import CopyLink, detect_copies, root_origins
from .entities import EntityTable, learn_entities
from .extract import extract_claims, measure_info
from .graph import build_graph
from .load import load_story
from .model import Claim, Finding, Sentence, Source
from .segment import segment


@dataclass
class Analysis:
    """Everything one run learned about a story."""

    story: str
    sources: list[Source]
    entities: EntityTable
    claims: list[Claim]
    findings: list[Finding]
    copies: dict[str, CopyLink] = field(default_factory=dict)  # derived source id -> what it copies
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)  # source id -> its kept sentences


def analyse(paths: list[str]) -> Analysis:
    """Run every stage on a story folder or a list of article files."""
    story, sources = load_story([os.fspath(p) for p in paths])
    sentences = {s.id: segment(clean(s)) for s in sources}
    table = learn_entities([(s.text, sentences[s.id]) for s in sources])
    claims: list[Claim] = []
    for s in sources:
        claims += extract_claims(s, sentences[s.id], table)
    claims += implied_totals(claims)
    graph = build_graph(claims)
    outlets = {s.id: s.outlet or s.id for s in sources}
    copies = detect_copies(sources, sentences)
    findings = check(claims, graph, outlets, derived=root_origins(copies))
    return Analysis(story, sources, table, claims, findings, copies, sentences)


def to_document(a: Analysis) -> dict:
    """The JSON report document: story, sources, claims, findings (and measure labels)."""
    return {
        "story": a.story,
        "generated_by": f"factcheck {__version__}",
        "sources": source_records(a),
        "claims": [c.to_json() for c in a.claims],
        "findings": [f.to_json() for f in a.findings],
        "measures": {m: measure_info(m)["label"] for m in sorted({c.measure for c in a.claims})},
    }


def source_records(a: Analysis) -> list[dict]:
    """The ``sources`` list of a report: metadata, claim count, and what each derived source copies."""
    counts: dict[str, int] = {}
    for c in a.claims:
        counts[c.source] = counts.get(c.source, 0) + 1
    return [
        {"id": s.id, "outlet": s.outlet or s.id, "url": s.url, "published": s.published, "author": s.author,
         "file": os.path.basename(s.path), "claims": counts.get(s.id, 0),
         "derived_from": [a.copies[s.id].origin] if s.id in a.copies else [], **_copy_evidence(a, s.id)}
        for s in a.sources
    ]


def _copy_evidence(a: Analysis, source: str) -> dict:
    """How much of a derived source repeats its origin, with sentence pairs to quote."""
    link = a.copies.get(source)
    if link is None:
        return {}
    text = {s.id: s.text for s in a.sources}
    pairs = [{"quote": text[source][e.derived[0] : e.derived[1]], "origin_quote": text[link.origin][e.origin[0] : e.origin[1]],
              "similarity": round(e.similarity, 2)} for e in link.evidence]
    return {"copy": {"share": round(link.share, 2), "matched": link.matched, "sentences": link.sentences, "pairs": pairs}}


def run_story(paths: list[str]) -> dict:
    """The JSON report document for one story (a folder, or article files)."""
    return to_document(analyse(paths))
