"""The whole pipeline, stage by stage: load -> clean -> segment -> entities -> extract -> graph -> check.

``analyse`` returns the intermediate results for tools (score, review); ``run_story``
returns the JSON report document of DESIGN.md's output contract.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import __version__
from .arithmetic import implied_totals
from .check import check
from .clean import clean
from .entities import EntityTable, learn_entities
from .extract import extract_claims, measure_info
from .graph import build_graph
from .load import load_story
from .model import Claim, Finding, Source
from .segment import segment


@dataclass
class Analysis:
    """Everything one run learned about a story."""

    story: str
    sources: list[Source]
    entities: EntityTable
    claims: list[Claim]
    findings: list[Finding]


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
    findings = check(claims, graph, outlets)
    return Analysis(story, sources, table, claims, findings)


def to_document(a: Analysis) -> dict:
    """The JSON report document: story, sources, claims, findings (and measure labels)."""
    counts: dict[str, int] = {}
    for c in a.claims:
        counts[c.source] = counts.get(c.source, 0) + 1
    return {
        "story": a.story,
        "generated_by": f"factcheck {__version__}",
        "sources": [
            {"id": s.id, "outlet": s.outlet or s.id, "url": s.url, "published": s.published, "author": s.author,
             "file": os.path.basename(s.path), "claims": counts.get(s.id, 0), "derived_from": []}
            for s in a.sources
        ],
        "claims": [c.to_json() for c in a.claims],
        "findings": [f.to_json() for f in a.findings],
        "measures": {m: measure_info(m)["label"] for m in sorted({c.measure for c in a.claims})},
    }


def run_story(paths: list[str]) -> dict:
    """The JSON report document for one story (a folder, or article files)."""
    return to_document(analyse(paths))
