"""The whole pipeline, stage by stage: load -> clean -> segment -> entities -> extract -> graph -> check.

A story's reviewed claim set (``claims.json``) stands in for extraction where it covers an article.

``analyse`` returns the intermediate results for tools (score, review); ``run_story``
returns the JSON report document of DESIGN.md's output contract.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from . import __version__, claimset, report
from .arithmetic import implied_totals
from .check import check
from .claimset import ClaimSet, Reviewed
from .clean import clean
from .copying import CopyLink, detect_copies, root_origins
from .entities import EntityTable, learn_entities
from .extract import extract_claims, measure_info
from .graph import build_graph
from .engine import Serial
from .errors import FactcheckError
from .load import load_source, story_files, story_folder
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
BATCH_ARTICLES = 2000  # stories are analysed in batches of about this many articles, so memory stays bounded
WHOLE_STORY_ARTICLES = 16  # a story this small goes to a worker whole (when there are enough of them) ...
WHOLE_STORIES_PER_JOB = 4  # ... and the batch has at least this many stories per worker
STAGES = ("load", "clean", "segment", "entities", "extract", "graph", "copies", "check")


@dataclass
class _Read:
    """What the per-article reading stages give: the source and its kept sentences, or the error it raised."""

    source: Source | None
    sentences: list[Sentence]
    error: FactcheckError | None = None
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Story:
    """One story on its way through the stages."""

    paths: list[str]
    name: str
    files: list
    notes: list[str]
    read: list[_Read] = field(default_factory=list)
    table: EntityTable | None = None
    stored: ClaimSet | None = None


def _timed(seconds: dict[str, float], stage: str, fn, *args):
    """``fn(*args)``, adding the seconds it took to ``seconds[stage]``."""
    t = time.perf_counter()
    result = fn(*args)
    seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - t
    return result


def read_article(task: tuple[str, str | None]) -> _Read:
    """The per-article reading stages for (path, encoding): load, clean, segment. Runs on any engine."""
    path, encoding = task
    seconds: dict[str, float] = {}
    try:
        source = _timed(seconds, "load", load_source, path, encoding)
    except FactcheckError as exc:
        return _Read(None, [], exc, seconds)
    cleaned = _timed(seconds, "clean", clean, source)
    return _Read(source, _timed(seconds, "segment", segment, cleaned), None, seconds)


def learn_story(texts: list[tuple[str, list[Sentence]]]) -> tuple[EntityTable, dict[str, float]]:
    """The story-wide entity table from every source's text and sentences. Runs on any engine."""
    seconds: dict[str, float] = {}
    return _timed(seconds, "entities", learn_entities, texts), seconds


def extract_article(task: tuple[Source, list[Sentence], EntityTable]) -> tuple[list[Claim], dict[str, float]]:
    """The claims of one article, given the story's entity table. Runs on any engine."""
    seconds: dict[str, float] = {}
    return _timed(seconds, "extract", extract_claims, *task), seconds


def check_story(task: tuple[list[Claim], list[Source], dict[str, list[Sentence]]]):
    """The story-wide stages on its claims: implied totals, graph, copies, check. Runs on any engine.

    Returns (claims with implied totals, findings, copy links, seconds per stage).
    """
    found, sources, sentences = task
    seconds: dict[str, float] = {}
    found = found + _timed(seconds, "graph", implied_totals, found)
    graph = _timed(seconds, "graph", build_graph, found)
    outlets = {s.id: s.outlet or s.id for s in sources}
    copies = _timed(seconds, "copies", detect_copies, sources, sentences)
    findings = _timed(seconds, "check", check, found, graph, outlets, root_origins(copies))
    return found, findings, copies, seconds


def analyse(paths: list[str], claims: str = "reviewed", encoding: str | None = None) -> Analysis:
    """Run every stage on a story folder or a list of article files.

    ``claims`` says what to do with the story's ``claims.json``: ``reviewed`` uses its claims
    for every article it covers unchanged and extracts the others; ``fresh`` ignores it;
    ``refresh`` extracts every article again and carries the editor's decisions over.
    ``encoding`` is the articles' text encoding when it is not UTF-8 or cp1252.
    """
    return next(analyse_stories([paths], claims, encoding))


def analyse_stories(stories: list[list[str]], claims: str = "reviewed", encoding: str | None = None,
                    engine: Serial | None = None, progress=None, seconds: dict[str, float] | None = None,
                    finish=None) -> Iterator:
    """``analyse`` each story (a list of paths) in turn, the per-article and per-story stages spread over ``engine``.

    Yields one Analysis per story, in order, whatever the engine (or ``finish(analysis)``: a
    module-level function, run where the analysis was made, so a worker can hand back a
    report instead of the whole analysis). A story whose input is bad raises its error when
    its turn comes, after the stories before it. ``progress(n)`` hears of n more steps done
    (two per article: read, extracted); ``seconds`` sums each stage's time.

    Many small stories go to the workers whole, one task a story; a batch with few or big
    stories is spread article by article, each stage over the whole batch at once.
    """
    engine = engine or Serial()
    seconds = {} if seconds is None else seconds
    batch: list[_Story] = []
    size = 0
    for paths in stories:
        paths = [os.fspath(p) for p in paths]
        notes: list[str] = []
        try:
            name, files = story_files(paths, warn=notes.append)
        except FactcheckError:
            yield from _analyse_batch(batch, claims, encoding, engine, progress, seconds, finish)
            batch, size = [], 0
            raise
        batch.append(_Story(paths, name, files, notes))
        size += len(files)
        if size >= BATCH_ARTICLES:
            yield from _analyse_batch(batch, claims, encoding, engine, progress, seconds, finish)
            batch, size = [], 0
    yield from _analyse_batch(batch, claims, encoding, engine, progress, seconds, finish)


def _add(total: dict[str, float], seconds: dict[str, float]) -> None:
    for stage, t in seconds.items():
        total[stage] = total.get(stage, 0.0) + t


def _analyse_batch(batch: list[_Story], claims: str, encoding, engine, progress, seconds, finish) -> Iterator:
    """Every stage for a batch of stories: many small stories go to the engine whole, else stage by stage."""
    if not batch:
        return
    whole = len(batch) >= WHOLE_STORIES_PER_JOB * engine.jobs and max(len(s.files) for s in batch) <= WHOLE_STORY_ARTICLES
    yield from (_by_story if whole else _by_article)(batch, claims, encoding, engine, progress, seconds, finish)


def _by_story(batch: list[_Story], claims: str, encoding, engine, progress, seconds, finish) -> Iterator:
    """One task a story: every stage of it runs where the task runs."""
    tasks = [(story, claims, encoding, finish) for story in batch]
    for story, (result, spent) in zip(batch, engine.map(_analyse_whole, tasks)):
        _add(seconds, spent)
        if progress:
            progress(2 * len(story.files))
        yield result


def _by_article(batch: list[_Story], claims: str, encoding, engine, progress, seconds, finish) -> Iterator:
    """Each stage mapped over all of the batch's articles (or stories) at once."""
    tasks = [(str(f), encoding) for story in batch for f in story.files]
    reads = iter(engine.map(read_article, tasks))
    for story in batch:
        for _ in story.files:
            story.read.append(r := next(reads))
            _add(seconds, r.seconds)
            if progress:
                progress(1)
    usable = [story for story in batch if not _error(story)]
    texts = [[(r.source.text, r.sentences) for r in story.read] for story in usable]
    for story, (table, spent) in zip(usable, engine.map(learn_story, texts)):
        story.table = table
        _add(seconds, spent)
    todo = []
    for story in usable:
        story.stored = claimset.find(str(story_folder(story.paths))) if claims != "fresh" else None
        todo += [(r.source, r.sentences, story.table) for r in story.read
                 if _needs_extraction(story.stored, r.source, claims)]
    extracted = {}
    for (source, _, _), (found, spent) in zip(todo, engine.map(extract_article, todo)):
        extracted[source.path] = found
        _add(seconds, spent)
        if progress:
            progress(1)
    if progress:
        progress(sum(len(story.files) for story in usable) - len(todo))
    assembled = []
    for story in usable:
        reviewed, notes = _story_claims([r.source for r in story.read], story.stored, extracted, claims == "refresh")
        story.notes += notes
        found = [c for r in reviewed if (c := r.effective()) is not None]
        assembled.append((story, reviewed, found))
    checks = iter(engine.map(check_story, [(found, [r.source for r in story.read], _sentences(story))
                                           for story, _, found in assembled]))
    done = {id(story): (reviewed, next(checks)) for story, reviewed, _ in assembled}
    for story in batch:
        error = _error(story)
        if error:
            raise error
        reviewed, (found, findings, copies, spent) = done[id(story)]
        _add(seconds, spent)
        sources = [r.source for r in story.read]
        if len(sources) == 1:
            story.notes.append(f"{sources[0].path}: the story has one source, so no figure can be compared with another "
                               "source; only contradictions inside the article are reported")
        analysis = Analysis(story.name, sources, story.table, found, findings, copies, _sentences(story),
                            str(story_folder(story.paths)), reviewed, story.stored, story.notes)
        yield finish(analysis) if finish else analysis


def _analyse_whole(task: tuple[_Story, str, str | None, object]) -> tuple[object, dict[str, float]]:
    """One story through every stage in this process (a worker's task): (the analysis or ``finish`` of it, seconds)."""
    story, claims, encoding, finish = task
    seconds: dict[str, float] = {}
    result = next(_by_article([story], claims, encoding, Serial(), None, seconds, finish))
    return result, seconds


def _error(story: _Story) -> FactcheckError | None:
    """The first error met reading the story's articles, in file order."""
    return next((r.error for r in story.read if r.error is not None), None)


def _sentences(story: _Story) -> dict[str, list[Sentence]]:
    return {r.source.id: r.sentences for r in story.read}


def _needs_extraction(stored: ClaimSet | None, source: Source, claims: str) -> bool:
    """False when the claim set covers the article unchanged and is to be used as it is."""
    kept = stored.sources.get(source.id) if stored else None
    return not (kept and claims != "refresh" and kept["sha256"] == claimset.digest(source.text))


def _story_claims(sources, stored: ClaimSet | None, extracted: dict[str, list[Claim]], refresh: bool
                  ) -> tuple[list[Reviewed], list[str]]:
    """Each source's claims: from the claim set where it covers the source unchanged, else ``extracted``."""
    reviewed: list[Reviewed] = []
    notes = []
    for s in sources:
        kept = stored.sources.get(s.id) if stored else None
        if s.path not in extracted:
            reviewed += stored.for_source(s.id)
            continue
        fresh = extracted[s.path]
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
    return next(run_stories([paths], claims, warn, encoding))


def run_stories(stories: list[list[str]], claims: str = "reviewed", warn=None, encoding: str | None = None,
                engine: Serial | None = None, progress=None) -> Iterator[dict]:
    """The JSON report document of each story, in order (see ``analyse_stories``); ``warn`` receives each run's notes."""
    for analysis in analyse_stories(stories, claims, encoding, engine, progress):
        for note in analysis.notes if warn else ():
            warn(note)
        yield to_document(analysis)


class StoryReport(NamedTuple):
    """A story's rendered report, its one-line summary, and the run's notes for the user."""

    text: str
    summary: str
    notes: list[str]


def story_report(analysis: Analysis, fmt: str) -> StoryReport:
    """The report of an analysis in ``fmt`` (md or json); a ``finish`` for ``analyse_stories``."""
    doc = to_document(analysis)
    return StoryReport(report.render(doc, fmt), report.summary_line(doc), analysis.notes)


def run_reports(stories: list[list[str]], fmt: str = "md", claims: str = "reviewed", encoding: str | None = None,
                engine: Serial | None = None, progress=None) -> Iterator[StoryReport]:
    """Each story's report in ``fmt``, in order, rendered where it was analysed (see ``analyse_stories``)."""
    yield from analyse_stories(stories, claims, encoding, engine, progress, finish=functools.partial(story_report, fmt=fmt))


def count_articles(stories: list[list[str]]) -> int:
    """How many articles the stories hold (a story that cannot be listed counts none: its run reports why)."""
    total = 0
    for paths in stories:
        try:
            total += len(story_files(paths)[1])
        except FactcheckError:
            pass
    return total


def claim_set_document(folder: str, encoding: str | None = None) -> dict:
    """What ``factcheck extract`` writes for a story folder: a fresh extraction with the editor's decisions kept."""
    a = analyse([folder], claims="refresh", encoding=encoding)
    thresholds = a.claimset.thresholds if a.claimset else {}
    return claimset.to_document(a.story, a.folder, a.sources, a.reviewed, a.findings, thresholds)
