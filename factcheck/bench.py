"""Throughput benchmark: the whole pipeline on synthetic corpora of growing size.

``run_bench`` writes one corpus of variant stories (``factcheck.synth``), then for each
size N and each worker count runs the first N articles end to end (read, analyse, render
the markdown report) in a fresh process, so each measurement's peak memory is its own.
Speeds are compared as ratios inside one run: time at 10x the articles over time at 1x,
and time with one worker over time with several.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tabulate import tabulate

from . import pipeline, synth
from .engine import make_engine


@dataclass
class Measure:
    """One end-to-end run: its size, its speed, the seconds of each stage and its peak memory."""

    articles: int
    jobs: int
    engine: str
    stories: int = 0
    claims: int = 0
    findings: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # summed over workers
    peak_mb: float = 0.0  # the main process
    worker_peak_mb: float = 0.0  # the largest worker process


def measure(stories: list[str], articles: int, jobs: int, engine: str = "local") -> Measure:
    """Run the pipeline and render a report for each story folder, timing every stage.

    The engine is started and warmed up first (every worker reads its lexicons and compiles
    its patterns on a few stories), so the time is the work's, not the start-up's.
    """
    m = Measure(articles, jobs, engine, stories=len(stories))
    with make_engine(engine, jobs) as workers:
        for _ in pipeline.analyse_stories([[s] for s in stories[: 4 * jobs]], "fresh", engine=workers):
            pass
        start = time.perf_counter()
        for claims, findings, spent in pipeline.analyse_stories([[s] for s in stories], "fresh", engine=workers,
                                                                seconds=m.stages, finish=_report):
            m.stages["report"] = m.stages.get("report", 0.0) + spent
            m.claims += claims
            m.findings += findings
        m.seconds = time.perf_counter() - start
    m.peak_mb = max_rss_mb(resource.RUSAGE_SELF)
    m.worker_peak_mb = max_rss_mb(resource.RUSAGE_CHILDREN)
    return m


def _report(analysis: pipeline.Analysis) -> tuple[int, int, float]:
    """Render the markdown report where the story was analysed, as ``factcheck run`` does: (claims, findings, seconds)."""
    t = time.perf_counter()
    pipeline.story_report(analysis, "md")
    return len(analysis.claims), len(analysis.findings), time.perf_counter() - t


def max_rss_mb(who: int) -> float:
    """Peak resident memory in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def _in_fresh_process(stories: list[str], articles: int, jobs: int, engine: str) -> Measure:
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as child:
        return child.submit(measure, stories, articles, jobs, engine).result()


def stories_for(folders: list[str], articles: int) -> list[str]:
    """The first story folders of a corpus holding ``articles`` articles in all."""
    out, count = [], 0
    for folder in folders:
        if count >= articles:
            break
        out.append(folder)
        count += sum(1 for _ in (Path(folder) / "sources").iterdir())
    return out


def run_bench(templates: list[str], sizes: list[int], jobs: list[int], seed: int = 0, engine: str = "local",
              progress=None) -> list[Measure]:
    """Measure every (size, jobs) pair on a corpus of variants of the ``templates`` story folders.

    Sizes must be built from whole stories: each is rounded to the stories that reach it.
    """
    read = [synth.read_template(t) for t in templates]
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as scratch:
        folders = synth.write_corpus(scratch, read, max(sizes), seed)
        results = []
        for n in sizes:
            for j in jobs:
                results.append(_in_fresh_process(stories_for(folders, n), n, j, engine))
                if progress:
                    progress(results[-1])
        return results


def format_results(results: list[Measure]) -> str:
    """Three tables: throughput per run, seconds per stage, and the ratios between runs."""
    rows = [[f"{m.articles:,}", f"{m.stories:,}", f"{m.claims:,}", m.jobs, f"{m.seconds:.2f}", f"{m.articles / m.seconds:,.0f}",
             f"{m.articles / m.seconds / m.jobs:,.0f}", f"{m.claims / m.seconds:,.0f}", f"{m.peak_mb:,.0f}",
             f"{m.worker_peak_mb:,.0f}" if m.jobs > 1 else "-"] for m in results]
    out = ["Throughput (end to end: read, analyse, render the markdown report)", "",
           tabulate(rows, ["articles", "stories", "claims", "jobs", "seconds", "articles/s", "articles/s per job",
                           "claims/s", "peak MB", "worker peak MB"], tablefmt="github", disable_numparse=True)]
    stages = [s for s in (*pipeline.STAGES, "report") if any(s in m.stages for m in results)]
    rows = [[f"{m.articles:,}", m.jobs, *(f"{m.stages.get(s, 0.0):.2f}" for s in stages)] for m in results]
    out += ["", "Seconds per stage (summed over workers)", "",
            tabulate(rows, ["articles", "jobs", *stages], tablefmt="github", disable_numparse=True)]
    ratios: list[list[str]] = []
    by = {(m.articles, m.jobs): m for m in results}
    for (n, j), m in sorted(by.items()):
        bigger = by.get((n * 10, j))
        if bigger:
            ratios.append([f"{n * 10:,} vs {n:,} articles, {j} job(s)", f"{bigger.seconds / m.seconds:.2f}",
                           "time ratio (10x the articles; linear is 10)"])
        if j != 1 and (n, 1) in by:
            ratios.append([f"{n:,} articles, {j} jobs vs 1", f"{by[n, 1].seconds / m.seconds:.2f}", "speed-up"])
        if bigger and m.claims:
            ratios.append([f"{n * 10:,} vs {n:,} articles, {j} job(s)",
                           f"{(bigger.peak_mb / m.peak_mb) / (bigger.claims / m.claims):.2f}",
                           "peak memory growth / claim growth (<= 1: no faster than the claims)"])
    if ratios:
        out += ["", "Ratios (measured in this run)", "",
                tabulate(ratios, ["compared", "ratio", "meaning"], tablefmt="github", disable_numparse=True)]
    return "\n".join(out) + "\n"
