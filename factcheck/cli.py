"""The ``factcheck`` command: a thin layer over the library.

Each command parses its arguments, calls the library, and turns
``factcheck.errors.FactcheckError`` into a one-line error with exit status 2.
``main`` is the entry point: Ctrl-C and SIGTERM stop a run cleanly (nothing
half-written), and an unexpected error is one line, not a traceback.
"""

from __future__ import annotations

import codecs
import functools
import os
import signal
import sys

import click

from .engine import ENGINES
from .errors import FactcheckError

EXIT_INPUT = 2  # a usage or input error: the command could not do what was asked
EXIT_BUG = 70  # an unexpected error inside factcheck (EX_SOFTWARE)


class InputError(click.ClickException):
    """A usage or input error, on one line, exit 2 (exit 1 means a check failed: a draft, a threshold, a diff)."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).splitlines()))


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


fresh_option = click.option(
    "--fresh", is_flag=True, help="Ignore the story's reviewed claims.json and extract every article afresh."
)

def _known_encoding(ctx, param, value):
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise InputError(f"--encoding {value}: unknown encoding; try utf-8, cp1252 or latin-1") from None
    return value


encoding_option = click.option(
    "--encoding",
    metavar="NAME",
    default=None,
    callback=_known_encoding,
    help="Text encoding of the articles (e.g. latin-1, cp1251); by default UTF-8, else cp1252.",
)


engine_options_list = [
    click.option("--jobs", "-j", type=int, default=None, metavar="N",
                 help="Worker processes for the per-article stages (default: every core; 1 runs in this process)."),
    click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                 help="Where the work runs: local processes, or a Dask cluster (pip install 'factcheck[dask]')."),
    click.option("--scheduler", metavar="ADDRESS", default=None,
                 help="With --engine dask: join the cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786) "
                      "instead of starting a local one."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar and no 'wrote' lines; warnings and errors still show."),
]


def engine_options(command):
    """The ``--jobs``, ``--engine``, ``--scheduler`` and ``--quiet`` options of commands that run the pipeline."""
    for option in reversed(engine_options_list):
        command = option(command)
    return command


def warn(message: str) -> None:
    """Print a warning on standard error."""
    click.echo(f"warning: {message}", err=True)


@click.group()
@click.version_option(package_name="factcheck")
def cli():
    """Check what several news articles about one event say, and where they disagree."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@output_options
@fresh_option
@encoding_option
@engine_options
def run(paths, fmt, out, fresh, encoding, jobs, engine, scheduler, quiet):
    """Check one story (a folder or its article files), or every story under ./claims/.

    Articles are .txt files (UTF-8, else cp1252; see --encoding), with an optional
    header closed by a '---' line, or .html pages. Writes reports/<story>.md (or .json)
    and prints what it wrote. Exit 0 when the check ran, whatever it found; 2 on a
    usage or input error. A story's reviewed claims.json (see `factcheck extract`)
    stands in for extraction on the articles it covers.

    The per-article stages run on every core (--jobs), or on a Dask cluster
    (--engine dask); the reports are the same bytes whatever runs them.

    \b
    Example:
        factcheck run
        factcheck run claims/jpm-miners-2025-11 --format json -o -
        factcheck run --jobs 1 --quiet
    """
    from . import engine as engines
    from . import output, pipeline
    from .progress import Progress

    try:
        jobs_planned = output.plan_runs(paths, fmt, out)
        articles = pipeline.count_articles([job.paths for job in jobs_planned])
        with engines.make_engine(engine, jobs, scheduler) as workers, Progress(articles, quiet) as progress:
            done = pipeline.run_reports([job.paths for job in jobs_planned], fmt, claims="fresh" if fresh else "reviewed",
                                        encoding=encoding, engine=workers, progress=progress)
            for job, story in zip(jobs_planned, done):
                for note in story.notes:
                    warn(note)
                output.write_output(story.text, job.out)
                if not quiet:
                    where = "<stdout>" if job.out == "-" else job.out
                    click.echo(f"wrote {where} ({story.summary})", err=True)
    except FactcheckError as exc:
        raise InputError(str(exc)) from None


@cli.command()
@click.argument("stories", nargs=-1, required=True, type=click.Path())
@click.option("--min-recall", type=float, default=None, help="Lowest fact recall over (fact, source) pairs.")
@click.option("--min-detected", type=float, default=None, help="Lowest share of annotated disagreements detected.")
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
    flagged as conflicts and unmatched conflicts. Exit 1 when a story misses a threshold:
    one given as an option, else the story's own (`thresholds` in its claims.json);
    2 on a usage or input error.

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

    files = [s for s in stories if os.path.isfile(s)]
    for path in files:
        warn(f"{path}: skipped, not a story folder")
    stories = [s for s in stories if s not in files]
    if not stories:
        raise InputError("no story folder given; pass the folders that hold sources/ and expected.json")
    if drafts_dir and len(stories) != 1:
        raise InputError("--drafts needs exactly one STORY to review the drafts against")
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
        raise InputError(str(exc)) from None
    if results:
        click.echo(scoring.format_scores(results))
    if draft_results:
        click.echo(("\n" if results else "") + review_score.format_draft_scores(draft_results, details))
    given = {"min_recall": min_recall, "min_detected": min_detected, "max_trap_conflicts": max_trap_conflicts,
             "max_unmatched_conflicts": max_unmatched_conflicts}
    failures = scoring.threshold_failures(results, given)
    for line in failures:
        click.echo(line, err=True)
    if failures:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option(
    "--against",
    "story",
    metavar="STORY",
    multiple=True,
    required=True,
    type=click.Path(),
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
@fresh_option
@encoding_option
def review(draft, story, fmt, out, fail_on, fresh, encoding):
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
        result = reviewing.review_draft(draft, list(story), claims="fresh" if fresh else "reviewed", encoding=encoding)
        doc = reviewing.to_document(result)
        output.write_output(review_report.render(doc, fmt), out)
    except FactcheckError as exc:
        raise InputError(str(exc)) from None
    for note in result.analysis.notes:
        warn(note)
    where = "<stdout>" if out == "-" else out
    click.echo(f"reviewed {draft}, wrote {where} ({review_report.summary_line(doc)})", err=True)
    failed = reviewing.failing(doc, fail_on)
    for claim in failed:
        click.echo(f"{draft}:{claim['line']}: {claim['status']}: {claim['value_text'] or claim['value']}", err=True)
    if failed:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("stories", nargs=-1, type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Rewrite an existing claims.json, keeping its edited, rejected and added claims.")
@click.option("--dry-run", is_flag=True, help="Show what would change in claims.json; write nothing.")
@encoding_option
def extract(stories, force, dry_run, encoding):
    """Extract each STORY's claims into STORY/claims.json for review.

    With no STORY, every story folder under ./claims/. An existing claims.json may hold an
    editor's review, so it is only rewritten with --force, which keeps every claim the
    editor marked edited, rejected or added. Once written, `factcheck run` and `factcheck
    review` use the reviewed claims; `factcheck diff` shows what a fresh extraction changes.
    Exit 2 when a claims.json would be overwritten without --force, or on an input error.

    \b
    Example:
        factcheck extract claims/jpm-miners-2025-11 --dry-run
        factcheck extract claims/jpm-miners-2025-11 --force
    """
    import os

    from . import claimset, output, pipeline
    from . import diff as diffing

    try:
        folders = list(stories) or output.find_stories("claims")
        existing = [claimset.path_in(f) for f in folders if os.path.exists(claimset.path_in(f))]
        if existing and not (force or dry_run):
            raise FactcheckError(
                f"{existing[0]}: already exists and may hold an editor's review; `factcheck extract --dry-run` shows "
                "what would change, --force rewrites it keeping edited, rejected and added claims"
            )
        for folder in folders:
            target = claimset.path_in(folder)
            if dry_run and os.path.exists(target):
                click.echo(diffing.render(diffing.diff_story(folder, encoding=encoding), "text"))
                continue
            doc = pipeline.claim_set_document(folder, encoding)
            decided = sum(c["status"] != "extracted" for c in doc["claims"])
            summary = f"{len(doc['claims'])} claims from {len(doc['sources'])} sources, {decided} reviewed by an editor"
            if dry_run:
                click.echo(f"would write {target} ({summary})")
                continue
            output.write_atomic(target, claimset.render(doc))
            click.echo(f"wrote {target} ({summary})", err=True)
    except FactcheckError as exc:
        raise InputError(str(exc)) from None


@cli.command("diff")
@click.argument("story", type=click.Path(file_okay=False))
@click.option(
    "--against",
    "ref",
    metavar="REF",
    default=None,
    help="Compare with this claim set or `run --format json` report file, or the story's claims.json at git revision REF.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["md", "text"]), default="md", show_default=True, help="Markdown or a plain table."
)
@click.option("-o", "--out", metavar="FILE", default="-", show_default=True, help="Write the diff to FILE; '-' is stdout.")
@encoding_option
def diff_command(story, ref, fmt, out, encoding):
    """Compare a fresh run on STORY with its reviewed claims.json.

    Shows the claims and findings a fresh run adds, removes and changes. The fresh run extracts every article again and applies the editor's decisions, so it
    shows what a change to the extractor, a lexicon or a checking rule does to a reviewed
    story. With expected.json present, the scores against it are compared too.

    \b
    Exit status: 0 when no finding changed, 1 when findings changed, 2 on a usage or input error.

    \b
    Example:
        factcheck diff claims/jpm-miners-2025-11
        factcheck diff claims/jpm-miners-2025-11 --against HEAD~1 --format text
    """
    from . import diff as diffing
    from . import output

    try:
        result = diffing.diff_story(story, ref, encoding)
        output.write_output(diffing.render(result, fmt), out)
    except FactcheckError as exc:
        raise InputError(str(exc)) from None
    if result.findings_changed:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def validate(paths):
    """Check claim sets, annotations and lexicons: schemas and sources.

    PATH is a file or a folder (every JSON file factcheck knows in it); with no PATH,
    ./claims/ and the lexicons factcheck ships. Beyond the JSON Schemas, claim quotes and
    spans must point at their articles, articles must be unchanged since extraction,
    annotated quotes must be in their articles, and a draft's annotated figures on their
    lines. Every problem is printed as FILE: JSON.PATH: what is wrong.

    \b
    Exit status: 0 when every file is valid, 1 when any problem is found.

    \b
    Example:
        factcheck validate
        factcheck validate claims/jpm-miners-2025-11/claims.json my-lexicons/measures.json
    """
    from . import validate as validating

    checked, problems = validating.validate_paths(list(paths) or validating.default_paths())
    for problem in problems:
        click.echo(str(problem))
    files = len({p.file for p in problems})
    if problems:
        click.echo(f"{len(problems)} problem(s) in {files} of {checked} file(s)", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"{checked} file(s) checked: no problems", err=True)


@cli.command()
@click.argument("stories", nargs=-1, type=click.Path())
@click.option("--sizes", default="100,1000,10000", show_default=True, metavar="N,N,...",
              help="Corpus sizes in articles; each is run end to end in a fresh process.")
@click.option("--jobs", "jobs_list", default="1", show_default=True, metavar="N,N,...",
              help="Worker counts to run each size with (e.g. 1,2 to measure the speed-up).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the work runs (dask starts a local Dask cluster).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic corpus.")
def bench(stories, sizes, jobs_list, engine, seed):
    """Measure throughput on synthetic corpora built from real stories.

    Builds N articles by varying the STORIES folders (default: every story under
    ./claims/): companies renamed, figures scaled, sentences shuffled, all from --seed.
    Each size runs end to end (read, analyse, render the report) in a fresh process.
    Prints articles/s, claims/s, seconds per stage, peak memory, and the ratios that
    matter, measured in this run: time at 10x the articles over time at 1x, and the
    speed-up of more jobs.

    \b
    Example:
        factcheck bench
        factcheck bench --sizes 100,1000 --jobs 1,2
    """
    from . import bench as benchmark
    from . import output

    try:
        size_list = _positive_list(sizes, "--sizes")
        jobs = _positive_list(jobs_list, "--jobs")
        templates = list(stories) or output.find_stories("claims")
        results = benchmark.run_bench(templates, size_list, jobs, seed, engine,
                                      progress=lambda m: click.echo(
                                          f"{m.articles} articles, {m.jobs} job(s): {m.seconds:.2f} s", err=True))
    except FactcheckError as exc:
        raise InputError(str(exc)) from None
    click.echo(benchmark.format_results(results), nl=False)


def _positive_list(text: str, option: str) -> list[int]:
    """``"1,2"`` -> [1, 2]; anything else is a usage error naming the option."""
    try:
        values = [int(x) for x in text.split(",")]
    except ValueError:
        values = []
    if not values or min(values) < 1:
        raise InputError(f"{option} {text}: give whole numbers of 1 or more, separated by commas")
    return values


_signal_received: list[int] = []


def _stop(signum, frame) -> None:
    """SIGTERM behaves like Ctrl-C: unwinds through the atomic writers, which remove their temporary files."""
    _signal_received.append(signum)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """The ``factcheck`` entry point: the CLI, with clean interrupts and no tracebacks.

    Exit 130 on Ctrl-C and 143 on SIGTERM (files being written are left as they were);
    an unexpected error prints one line and exits 70 (FACTCHECK_DEBUG=1 shows the traceback).
    """
    signal.signal(signal.SIGTERM, _stop)
    try:
        code = cli.main(args=argv, prog_name="factcheck", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.Abort:
        signum = _signal_received[-1] if _signal_received else signal.SIGINT
        click.echo(f"Error: interrupted ({signal.Signals(signum).name}); no file was left half-written", err=True)
        code = 128 + signum
    except Exception as exc:  # a bug in factcheck, not the user's input
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        where = exc.__traceback__
        while where and where.tb_next:
            where = where.tb_next
        at = f" at {os.path.basename(where.tb_frame.f_code.co_filename)}:{where.tb_lineno}" if where else ""
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        click.echo(f"Error: internal error{at} ({message}); please report it (FACTCHECK_DEBUG=1 shows the traceback)", err=True)
        code = EXIT_BUG
    sys.exit(code or 0)
