"""The ``factcheck`` command: a thin layer over the library.

Each command parses its arguments, calls the library, and turns
``factcheck.errors.FactcheckError`` into a one-line click error.
"""

from __future__ import annotations

import functools

import click

from .errors import FactcheckError


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Report format: markdown for editors, JSON for tools.",
)


def output_options(command):
    """The ``--format`` and ``-o/--out`` options shared by commands that write a report."""

    @format_option
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
@click.option(
    "--drafts",
    "drafts_dir",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Also review the annotated drafts (*.review.json) in DIR against the story; needs exactly one STORY.",
)
@click.option("--details", is_flag=True, help="List every draft figure whose review differs from its annotation.")
def score(stories, min_recall, min_detected, max_trap_conflicts, max_unmatched_conflicts, drafts_dir, details):
    """Compare the findings for each STORY folder with its expected.json annotation.

    Prints fact recall, disagreements detected (and with the right category), traps
    flagged as conflicts and unmatched conflicts. Exit 1 when a story misses a threshold.

    Drafts annotated with their expected review (STORY/drafts/*.review.json, or
    --drafts DIR) are reviewed against the story and scored too: statuses right,
    planted errors right, correct figures contradicted, false alarms. A story folder
    with annotated drafts but no expected.json is scored on its drafts only.

    \b
    Example:
        factcheck score claims/jpm-miners-2025-11 --min-recall 0.9 --max-trap-conflicts 0
        factcheck score path/to/story --drafts path/to/drafts --details
    """
    import os

    from . import review_score
    from . import score as scoring

    if drafts_dir and len(stories) != 1:
        raise click.UsageError("--drafts needs exactly one STORY to review the drafts against")
    results, draft_results = [], []
    try:
        for story in stories:
            pairs = []
            if os.path.isdir(os.path.join(story, "drafts")):
                pairs += review_score.find_annotated_drafts(os.path.join(story, "drafts"))
            if drafts_dir:
                pairs += review_score.find_annotated_drafts(drafts_dir)
            if os.path.exists(os.path.join(story, "expected.json")) or not pairs:
                results.append(scoring.score_story(story))
            draft_results += review_score.score_drafts(pairs, [story])
    except FactcheckError as exc:
        raise click.ClickException(str(exc)) from None
    if results:
        click.echo(scoring.format_scores(results))
    if draft_results:
        click.echo(("\n" if results else "") + review_score.format_draft_scores(draft_results, details))
    failures = threshold_failures(results, min_recall, min_detected, max_trap_conflicts, max_unmatched_conflicts)
    for line in failures:
        click.echo(line, err=True)
    if failures:
        raise click.exceptions.Exit(1)


class InputError(click.ClickException):
    """A usage or input error of ``review``: exit 2, since 1 means the draft failed the gate."""

    exit_code = 2


@cli.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option(
    "--against",
    "story",
    metavar="STORY",
    multiple=True,
    required=True,
    type=click.Path(exists=True),
    help="The story: a claim set folder, or an article file (repeat for several files).",
)
@format_option
@click.option("-o", "--out", metavar="FILE", default="-", show_default=True, help="Write the review to FILE; '-' is stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(["contradicted", "disputed", "unsupported"]),
    default="contradicted",
    show_default=True,
    help="Exit 1 when a draft claim has this status or a more severe one (contradicted > disputed > unsupported).",
)
def review(draft, story, fmt, out, fail_on):
    """Review DRAFT (markdown or plain text) against the articles of a story before publishing.

    Every figure and rating in the draft is reported as supported (with the sources that
    back it), contradicted (conflict, scope or timing, with a suggested correction when
    the sources agree), disputed (the sources disagree among themselves) or unsupported,
    next to its line number in the draft.

    \b
    Exit status: 0 when no claim fails --fail-on, 1 when one does, 2 on a usage or input error.

    \b
    Example:
        factcheck review draft.md --against claims/jpm-miners-2025-11
        factcheck review draft.txt --against a.txt --against b.txt --format json --fail-on disputed
    """
    from . import output
    from . import review as reviewing
    from . import review_report

    try:
        doc = reviewing.to_document(reviewing.review_draft(draft, list(story)))
        output.write_output(review_report.render(doc, fmt), out)
    except FactcheckError as exc:
        raise InputError(str(exc)) from None
    where = "<stdout>" if out == "-" else out
    click.echo(f"reviewed {draft}, wrote {where} ({review_report.summary_line(doc)})", err=True)
    failed = reviewing.failing(doc, fail_on)
    for claim in failed:
        click.echo(f"{draft}:{claim['line']}: {claim['status']}: {claim['value_text'] or claim['value']}", err=True)
    if failed:
        raise click.exceptions.Exit(1)
