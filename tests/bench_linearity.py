"""Linearity benchmark of the text stages and of the whole pipeline (not collected by pytest).

For each input size n it builds a story folder holding one big article of n characters
(plus one of the bundled story's articles, so copy detection has a partner), runs every
stage alone on its own input at n and at 2n, and prints the seconds and their ratio (the
fastest of several repeats). A linear stage doubles (ratio ~2); a quadratic one quadruples.

    python tests/bench_linearity.py [--sizes 250000,500000,1000000] [--repeats 3] [--gc-off]
                                    [--texts story,run-on,caps,symbols] [--stages clean,segment,...]

Texts: ``story`` is the bundled story's kept sentences repeated, with every number
shifted per repetition so no paragraph or sentence is a repeat; the others are
pathological: ``run-on`` is one line with no sentence end, ``caps`` one line of
capitalised names, tickers and "Inc." (a new ticker per repetition, so the alias table
grows with the text), ``symbols`` digits, currency, percent signs, commas, dots, dashes
and pipes. Stages: load, clean, segment, entities, quantities and timeexpr (over the whole
article), extract, arithmetic, copying, graph, check, report (markdown) and the pipeline
(``analyse``). Articles are limited to 5 MB, so n stays at 2,000,000 or below.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

from factcheck import pipeline
from factcheck.arithmetic import implied_totals
from factcheck.check import check
from factcheck.clean import clean
from factcheck.copying import detect_copies, root_origins
from factcheck.entities import learn_entities
from factcheck.extract import extract_claims
from factcheck.graph import build_graph
from factcheck.load import load_source
from factcheck.quantities import find_quantities
from factcheck.report import render
from factcheck.segment import segment
from factcheck.timeexpr import find_time_expressions

from corpus import FLAGSHIP
from timing import RUN_ON, fastest

HEADER = "outlet: Bench Wire\npublished: 2025-11-24\n---\n"


def story_body() -> str:
    """The bundled story's kept sentences, one paragraph per source (read once)."""
    if not _BODY:
        a = pipeline.analyse([str(FLAGSHIP)], claims="fresh")
        text = {s.id: s.text for s in a.sources}
        paras = [" ".join(text[sid][s.start : s.end] for s in sents) for sid, sents in sorted(a.sentences.items())]
        _BODY.append("\n\n".join(paras))
    return _BODY[0]


_BODY: list[str] = []


def _shifted(template: str, i: int) -> str:
    """``template`` with every digit run increased by ``i``, so repetitions differ."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + i), template)


def _repeat(template: str, n: int, sep: str) -> str:
    """Copies of ``template`` (numbers shifted per copy) joined by ``sep``, cut to ``n`` characters."""
    parts, size, i = [], 0, 0
    while size < n:
        part = _shifted(template, i)
        parts.append(part)
        size += len(part) + len(sep)
        i += 1
    return sep.join(parts)[:n]


def story_text(n: int) -> str:
    """Realistic text: the bundled story's sentences, numbers shifted per repetition."""
    return _repeat(story_body(), n, "\n\n")


def run_on_text(n: int) -> str:
    """One line with no sentence end: every per-sentence loop sees the whole input."""
    return _repeat(RUN_ON, n, " ")


CAPS = ("Acme Mining Inc. (ACME) Globex Corp. Inc. Inc. (GLBX) NORTHWIND INITECH HOLDINGS Q3 FY2026 A.B.C. "
        "Initech 1 Holdings (IN1) upgraded ")


def caps_text(n: int) -> str:
    """One line of capitalised names, tickers and "Inc." with a rating verb; a new ticker per repetition
    ("IN1", "IN2", ...), so the story's alias table grows with the text."""
    return _repeat(CAPS, n, "")


SYMBOLS = "$1,1,1,1 1.1.1.1 $$$ 5%% -3-4- a.b.c.d (ABCD) | 1,000 | $2.5B | 3-5% | 12/31/2025 | Q1'26 \u00a0\u2009 ,,, ... --- "


def symbols_text(n: int) -> str:
    """Digits, currency, percent signs, commas, dots, dashes and pipes, in a few long lines."""
    return _repeat(SYMBOLS * 40 + "\n", n, "")


TEXTS = {"story": story_text, "run-on": run_on_text, "caps": caps_text, "symbols": symbols_text}


@dataclass
class Prepared:
    """A story folder and every stage's input, computed once, so each stage is timed alone."""

    folder: str
    path: str

    def __post_init__(self) -> None:
        self.analysis = a = pipeline.analyse([self.folder], claims="fresh")
        self.sources = a.sources
        self.source = next(s for s in a.sources if s.id == "big")
        self.cleaned = clean(self.source)
        self.sentences = a.sentences
        self.table = a.entities
        self.found = a.claims
        self.copies = a.copies
        self.graph = build_graph(a.claims)


def write_story(body: str, folder: str) -> Prepared:
    """A story in ``folder``: ``big.txt`` holding ``body`` and one of the bundled story's articles."""
    folder = Path(folder)
    (folder / "big.txt").write_text(HEADER + body, encoding="utf-8")
    partner = sorted((FLAGSHIP / "sources").glob("*.txt"))[0]
    (folder / "partner.txt").write_text(partner.read_text(encoding="utf-8"), encoding="utf-8")
    return Prepared(str(folder), str(folder / "big.txt"))


STAGES = {
    "load": lambda p: load_source(p.path),
    "clean": lambda p: clean(p.source),
    "segment": lambda p: segment(p.cleaned),
    "entities": lambda p: learn_entities([(s.text, p.sentences[s.id]) for s in p.sources]),
    "quantities": lambda p: find_quantities(p.source.text, p.source.body_start),
    "timeexpr": lambda p: find_time_expressions(p.source.text, p.source.body_start, published=p.source.published),
    "extract": lambda p: extract_claims(p.source, p.sentences["big"], p.table),
    "arithmetic": lambda p: implied_totals(p.found),
    "copying": lambda p: detect_copies(p.sources, p.sentences),
    "graph": lambda p: build_graph(p.found),
    "check": lambda p: check(p.found, p.graph, {s.id: s.outlet or s.id for s in p.sources}, derived=root_origins(p.copies)),
    "report": lambda p: render(pipeline.to_document(p.analysis), "md"),
    "pipeline": lambda p: pipeline.analyse([p.folder], claims="fresh"),
}
TEXT_STAGES = ("load", "clean", "segment", "entities", "quantities", "timeexpr", "extract", "arithmetic", "copying")
HEADERS = ["text", "n", "stage", "s at n", "s at 2n", "ratio", "of pipeline at 2n"]


def timed(func, prepared: Prepared, repeats: int, collect: bool = True) -> float:
    """The fastest of ``repeats`` runs of ``func(prepared)``, in seconds (``collect=False``: garbage collector off)."""
    return fastest(lambda: func(prepared), repeats, collect)


def main(argv: list[str] | None = None) -> int:
    """Print one row per (text, n, stage): seconds at n and at 2n, their ratio, and the stage's share of the pipeline
    at 2n (the stages are timed alone, so the shares need not add up to 100%); then the worst ratio of each stage."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="250000,500000,1000000", help="comma-separated n (each is also run at 2n)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per measurement; the fastest counts")
    ap.add_argument("--texts", default=",".join(TEXTS), help=f"comma-separated, of: {', '.join(TEXTS)}")
    ap.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated, of: {', '.join(STAGES)}")
    ap.add_argument("--gc-off", action="store_true", help="hold the garbage collector off while timing (less noise at 4 MB)")
    args = ap.parse_args(argv)
    sizes = [int(float(x)) for x in args.sizes.split(",")]
    stages = args.stages.split(",")
    rows, worst = [], {}
    for name in args.texts.split(","):
        seconds: dict[int, dict[str, float]] = {}

        def measure(n: int) -> dict[str, float]:
            if n not in seconds:
                with tempfile.TemporaryDirectory(prefix="fc-bench-") as folder:
                    prepared = write_story(TEXTS[name](n), folder)
                    seconds[n] = {stage: timed(STAGES[stage], prepared, args.repeats, not args.gc_off) for stage in stages}
            return seconds[n]

        for n in sizes:
            small, large = measure(n), measure(2 * n)
            block = []
            for stage in stages:
                ratio = large[stage] / small[stage] if small[stage] > 0 else float("nan")
                share = large[stage] / large["pipeline"] if large.get("pipeline") and stage != "pipeline" else None
                block.append([name, f"{n:,}", stage, f"{small[stage]:.3f}", f"{large[stage]:.3f}", f"{ratio:.2f}",
                              f"{share:.0%}" if share is not None else ""])
                if n == max(sizes) and small[stage] >= 0.01:  # ratios of times under 10 ms are noise
                    worst[stage] = max(worst.get(stage, (0.0, "")), (ratio, name))
            rows += block
            print(tabulate(block, headers=HEADERS), "", sep="\n", flush=True)
    print(tabulate(rows, headers=HEADERS))
    print()
    print(tabulate([[stage, f"{r:.2f}", text, "text stage" if stage in TEXT_STAGES else ""] for stage, (r, text) in worst.items()],
                   headers=["stage", f"worst ratio at n={max(sizes):,}", "on text", ""]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
