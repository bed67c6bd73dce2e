"""The whole pipeline, stage by stage: load -> clean -> segment -> entities -> extract -> graph -> check.

A story's reviewed claim set (``claims.json``) stands in for extraction where it covers an article.

``analyse`` returns the intermediate results for tools (score, review); ``run_story``
returns the JSON report document of DESIGN.md's output contract.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import __version__, claimset
from .arithmetic import implied_totals
from .check import check
from .claimset import ClaimSet, Reviewed
from .clean import clean
from .copying import CopyLink, detect_copies, root_origins
from .entities import EntityTable, learn_entities
from .extract import extract_claims, measure_info
from .graph import build_graph
from .load import load_story, story_folder
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
    folder: str = ""  # the story folder (where claims.json lives)
    reviewed: list[Reviewed] = field(default_factory=list)  # the claims as a claim set stores them
    claimset: ClaimSet | None = None  # the story's claims.json, when one was used
    notes: list[str] = field(default_factory=list)  # warnings for the user: a changed article, a stale claim set


CLAIM_MODES = ("reviewed", "fresh", "refresh")


def analyse(paths: list[str], claims: str = "reviewed", encoding: str | None = None) -> Analysis:
    """Run every stage on a story folder or a list of article files.

    ``claims`` says what to do with the story's ``claims.json``: ``reviewed`` uses its claims
    for every article it covers unchanged and extracts the others; ``fresh`` ignores it;
    ``refresh`` extracts every article again and carries the editor's decisions over.
    ``encoding`` is the articles' text encoding when it is not UTF-8 or cp1252.
    """
    paths = [os.fspath(p) for p in paths]
    skipped: list[str] = []
    story, sources = load_story(paths, encoding, warn=skipped.append)
    folder = str(story_folder(paths))
    sentences = {s.id: segment(clean(s)) for s in sources}
    table = learn_entities([(s.text, sentences[s.id]) for s in sources])
    stored = claimset.find(folder) if claims != "fresh" else None
    reviewed, notes = _story_claims(sources, sentences, table, stored, refresh=claims == "refresh")
    notes = skipped + notes
    if len(sources) == 1:
        notes.append(f"{sources[0].path}: the story has one source, so no figure can be compared with another source; "
                     "only contradictions inside the article are reported")
    found = [c for r in reviewed if (c := r.effective()) is not None]
    found += implied_totals(found)
    graph = build_graph(found)
    outlets = {s.id: s.outlet or s.id for s in sources}
    copies = detect_copies(sources, sentences)
    findings = check(found, graph, outlets, derived=root_origins(copies))
    return Analysis(story, sources, table, found, findings, copies, sentences, folder, reviewed, stored, notes)


def _story_claims(sources, sentences, table, stored: ClaimSet | None, refresh: bool) -> tuple[list[Reviewed], list[str]]:
    """Each source's claims: from the claim set where it covers the source unchanged, else extracted."""
    reviewed: list[Reviewed] = []
    notes = []
    for s in sources:
        kept = stored.sources.get(s.id) if stored else None
        if kept and not refresh and kept["sha256"] == claimset.digest(s.text):
            reviewed += stored.for_source(s.id)
            continue
        fresh = extract_claims(s, sentences[s.id], table)
        if kept is None:
            reviewed += [Reviewed(c) for c in fresh]
            continue
        reviewed += claimset.in_text_order(claimset.merge(stored.for_source(s.id), fresh))
        if not refresh:
            notes.append(
                f"{stored.path}: {kept['file']} changed since its claims were written; its claims were extracted again "
                "with the editor's decisions carried over (`factcheck diff` shows the changes, "
                "`factcheck extract --force` records them)"
            )
    loaded = {s.id for s in sources}
    for missing in sorted(set(stored.sources) - loaded if stored else ()):
        notes.append(f"{stored.path}: source {missing!r} ({stored.sources[missing]['file']}) was not read; its claims are not used")
    return reviewed, notes


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


def run_story(paths: list[str], claims: str = "reviewed", warn=None, encoding: str | None = None) -> dict:
    """The JSON report document for one story (a folder, or article files); ``warn`` receives the run's notes."""
    analysis = analyse(paths, claims, encoding)
    for note in analysis.notes if warn else ():
        warn(note)
    return to_document(analysis)


def claim_set_document(folder: str, encoding: str | None = None) -> dict:
    """What ``factcheck extract`` writes for a story folder: a fresh extraction with the editor's decisions kept."""
    a = analyse([folder], claims="refresh", encoding=encoding)
    thresholds = a.claimset.thresholds if a.claimset else {}
    return claimset.to_document(a.story, a.folder, a.sources, a.reviewed, a.findings, thresholds)
