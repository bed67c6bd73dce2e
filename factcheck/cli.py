"""The ``factcheck`` command: a thin layer over the library.

Each command parses its arguments, calls the library, and turns
``factcheck.errors.FactcheckError`` into a one-line click error.
"""

from __future__ import annotations

import functools

import click

from .errors import FactcheckError


def output_options(command):
    """The ``--format`` and ``-o/--out`` options shared by commands that write a report."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["md", "json"]),
        default="md",
        show_default=True,
        help="Report format: markdown for editors, JSON for tools.",
    )
    @click.option(
        "-o",
        "--out",
        metavar="FILE",
        default=None,
        help="Write the report to FILE instead of reports/<story>.<ext>; '-' writes to stdout.",
    )
    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        return command(*args, **kwargs)

    return wrapped


@click.group()
@click.version_option(package_name="factcheck")
def cli():
    """Check what several news articles about one event say, and where they disagree."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@output_options
def run(paths, fmt, out):
    """Check one story (a folder or its article files), or every story under ./claims/.

    Writes reports/<story>.md (or .json) and prints what it wrote. Exit 0 when the
    check ran, whatever it found.

    \b
    Example:
        factcheck run
        factcheck run claims/jpm-miners-2025-11 --format json -o -
    """
    from . import output, pipeline, report

    try:
        runs = output.plan_runs(paths, fmt, out)
    except FactcheckError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        for job in runs:
            doc = pipeline.run_story(job.paths)
            output.write_output(report.render(doc, fmt), job.out)
            where = "<stdout>" if job.out == "-" else job.out
            click.echo(f"wrote {where} ({report.summary_line(doc)})", err=True)
    except FactcheckError as exc:
        raise click.ClickException(str(exc)) from None


def threshold_failures(
    results: list[dict],
    min_recall: float = 0.0,
    min_detected: float = 0.0,
    max_trap_conflicts: int | None = None,
    max_unmatched_conflicts: int | None = None,
) -> list[str]:
    """One line per story and threshold it misses, saying by how much.

    >>> threshold_failures([{"story": "s", "recall": 0.85, "disagreements": 4, "detected": 3,
    ...                      "trap_conflicts": 2, "unmatched_conflicts": 0}],
    ...                    min_recall=0.9, min_detected=0.5, max_trap_conflicts=0)
    ['s: fact recall 0.850 is below --min-recall 0.900 (short by 0.050)', 's: 2 traps flagged as conflicts, above --max-trap-conflicts 0 (over by 2)']
    """
    lines = []
    for r in results:
        story = r["story"]
        if r["recall"] < min_recall:
            lines.append(
                f"{story}: fact recall {r['recall']:.3f} is below --min-recall {min_recall:.3f} "
                f"(short by {min_recall - r['recall']:.3f})"
            )
        rate = r["detected"] / r["disagreements"] if r["disagreements"] else 1.0
        if rate < min_detected:
            lines.append(
                f"{story}: detected {r['detected']} of {r['disagreements']} disagreements ({rate:.3f}), "
                f"below --min-detected {min_detected:.3f} (short by {min_detected - rate:.3f})"
            )
        for key, option, limit, what in (
            ("trap_conflicts", "--max-trap-conflicts", max_trap_conflicts, "traps flagged as conflicts"),
            ("unmatched_conflicts", "--max-unmatched-conflicts", max_unmatched_conflicts, "conflicts matching no annotation"),
        ):
            if limit is not None and r[key] > limit:
                lines.append(f"{story}: {r[key]} {what}, above {option} {limit} (over by {r[key] - limit})")
    return lines


@cli.command()
@click.argument("stories", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--min-recall", type=float, default=0.0, show_default=True, help="Lowest fact recall over (fact, source) pairs.")
@click.option(
    "--min-detected", type=float, default=0.0, show_default=True, help="Lowest share of annotated disagreements detected."
)
@click.option("--max-trap-conflicts", type=int, default=None, help="Most traps that may be flagged as conflicts.")
@click.option(
    "--max-unmatched-conflicts", type=int, default=None, help="Most conflict findings that match no annotated disagreement."
)
def score(stories, min_recall, min_detected, max_trap_conflicts, max_unmatched_conflicts):
    """Compare the findings for each STORY folder with its expected.json annotation.

    Prints fact recall, disagreements detected (and with the right category), traps
    flagged as conflicts and unmatched conflicts. Exit 1 when a story misses a threshold.

    \b
    Example:
        factcheck score claims/jpm-miners-2025-11 --min-recall 0.9 --max-trap-conflicts 0
    """
    from . import score as scoring

    try:
        results = [scoring.score_story(story) for story in stories]
    except FactcheckError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(scoring.format_scores(results))
    failures = threshold_failures(results, min_recall, min_detected, max_trap_conflicts, max_unmatched_conflicts)
    for line in failures:
        click.echo(line, err=True)
    if failures:
        raise click.exceptions.Exit(1)
