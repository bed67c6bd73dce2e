"""Engines: the same reports, byte for byte, whether the stages run in this process, in a
process pool (``--jobs``) or on a Dask cluster (``--engine dask``); errors, order and
options behave the same way on each.

Stories are the bundled flagship, the corpus stories when present, and synthetic
variants of the flagship (``factcheck.synth``), enough articles that the pool splits the
work into several chunks.
"""

from __future__ import annotations

import shutil

import pytest

from factcheck import pipeline, report, synth
from factcheck.cli import cli
from factcheck.engine import EngineError, Pool, Serial, make_engine

from corpus import CORPUS, FLAGSHIP, STORIES, needs_flagship

pytestmark = needs_flagship


@pytest.fixture(scope="module")
def stories(tmp_path_factory) -> list[list[str]]:
    """The flagship, the corpus stories, and 12 variants of the flagship (60 articles)."""
    folder = tmp_path_factory.mktemp("variants")
    variants = synth.write_corpus(folder, [synth.read_template(str(FLAGSHIP))], 60, seed=7)
    return [[str(FLAGSHIP)], *([str(CORPUS / s)] for s in STORIES), *([v] for v in variants)]


def reports(stories, engine, claims="reviewed") -> list[tuple[str, str]]:
    """(JSON, markdown) of every story, run on ``engine``."""
    docs = pipeline.run_stories(stories, claims=claims, engine=engine)
    return [(report.render(d, "json"), report.render(d, "md")) for d in docs]


@pytest.fixture(scope="module")
def serial(stories):
    return reports(stories, Serial())


@pytest.mark.parametrize("jobs", [2, 3])
def test_process_pool_gives_the_same_bytes(stories, serial, jobs):
    with Pool(jobs) as pool:
        assert reports(stories, pool) == serial


def test_stories_split_by_article_give_the_same_bytes(stories, serial, monkeypatch):
    """No story is sent whole: every stage maps over the articles of the whole batch."""
    monkeypatch.setattr(pipeline, "WHOLE_STORY_ARTICLES", 0)
    with Pool(2) as pool:
        assert reports(stories, pool) == serial


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_reports_rendered_by_the_workers_are_the_same(stories, serial, fmt):
    with Pool(2) as pool:
        done = list(pipeline.run_reports(stories, fmt, engine=pool))
    assert [r.text for r in done] == [pair[fmt == "md"] for pair in serial]
    assert [r.summary for r in done] == [report.summary_line(d) for d in pipeline.run_stories(stories)]


def test_pool_splits_short_lists_too(stories, serial, monkeypatch):
    """Even a list of two goes to the workers when ``min_items`` allows it."""
    monkeypatch.setattr(Pool, "min_items", 2)
    with Pool(2) as pool:
        assert reports(stories[:3], pool) == serial[:3]


def test_batches_do_not_change_the_reports(stories, serial, monkeypatch):
    """Stories analysed in batches of a few articles give what one batch gives."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 7)
    with Pool(2) as pool:
        assert reports(stories, pool) == serial


def test_fresh_and_reviewed_claims_both_match(stories):
    with Pool(2) as pool:
        assert reports(stories[:1], pool, "fresh") == reports(stories[:1], Serial(), "fresh")


def test_a_bad_story_fails_at_its_turn_after_the_good_ones(stories, tmp_path):
    """The stories before a bad one are reported; its error is the one a serial run gives."""
    bad = tmp_path / "bad"
    shutil.copytree(FLAGSHIP / "sources", bad / "sources")
    (bad / "sources" / "empty.txt").write_text("  \n", encoding="utf-8")
    order = [stories[0], [str(bad)], stories[1]]
    for engine in (Serial(), Pool(2)):
        done = []
        with engine, pytest.raises(Exception) as error:
            for doc in pipeline.run_stories(order, engine=engine):
                done.append(doc["story"])
        assert done == [FLAGSHIP.name]
        assert str(error.value) == f"{bad / 'sources' / 'empty.txt'}: empty file"


def test_stage_seconds_are_summed(stories):
    seconds: dict[str, float] = {}
    list(pipeline.analyse_stories(stories[:2], engine=Serial(), seconds=seconds))
    assert set(seconds) == set(pipeline.STAGES)
    assert all(t > 0 for t in seconds.values())


@pytest.mark.parametrize("args, message", [
    ({"jobs": 0}, "--jobs 0: give a number of worker processes of 1 or more"),
    ({"engine": "spark"}, "--engine spark: unknown engine; choose one of local, dask"),
    ({"scheduler": "tcp://10.0.0.5:8786"}, "--scheduler tcp://10.0.0.5:8786: a scheduler address needs --engine dask"),
])
def test_bad_engine_options(args, message):
    with pytest.raises(EngineError) as error:
        make_engine(**args)
    assert str(error.value) == message


def test_default_jobs_is_every_core(monkeypatch):
    monkeypatch.setattr("factcheck.engine.default_jobs", lambda: 6)
    assert make_engine().jobs == 6
    assert isinstance(make_engine(jobs=1), Serial) and not isinstance(make_engine(jobs=1), Pool)


def test_cli_jobs_give_the_same_report(runner, tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.md"
        result = runner.invoke(cli, ["run", str(FLAGSHIP), "--jobs", jobs, "-o", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_cli_bad_jobs_is_one_line(runner):
    result = runner.invoke(cli, ["run", str(FLAGSHIP), "--jobs", "0"])
    assert result.exit_code == 2
    assert result.output == "Error: --jobs 0: give a number of worker processes of 1 or more\n"


def test_cli_quiet_prints_no_wrote_line(runner, tmp_path):
    result = runner.invoke(cli, ["run", str(FLAGSHIP), "--jobs", "1", "-q", "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 0
    assert result.output == ""
    loud = runner.invoke(cli, ["run", str(FLAGSHIP), "--jobs", "1", "-o", str(tmp_path / "r.md")])
    assert loud.output.startswith(f"wrote {tmp_path / 'r.md'} (")


# --------------------------------------------------------------------------- Dask

try:
    from dask import distributed as dask
except ImportError:  # the dask extra is optional: only these tests need it
    dask = None

needs_dask = pytest.mark.skipif(dask is None, reason="needs the dask extra: pip install '.[dask]'")


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster of two worker processes, as a remote one would be joined."""
    with dask.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@needs_dask
def test_dask_local_cluster_gives_the_same_bytes(stories, serial):
    with make_engine("dask", 2) as engine:
        assert reports(stories, engine) == serial


@needs_dask
def test_dask_joins_a_scheduler_by_address(stories, serial, cluster):
    with make_engine("dask", scheduler=cluster.scheduler_address) as engine:
        assert engine.jobs == 2
        assert reports(stories[:4], engine) == serial[:4]


@needs_dask
def test_dask_bad_input_fails_like_a_local_run(tmp_path, cluster):
    bad = tmp_path / "bad"
    (bad / "sources").mkdir(parents=True)
    (bad / "sources" / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with make_engine("dask", scheduler=cluster.scheduler_address) as engine, pytest.raises(Exception) as error:
        list(pipeline.run_stories([[str(bad)]], engine=engine))
    assert str(error.value) == f"{bad / 'sources' / 'a.txt'}: binary file, not an article"


@needs_dask
def test_dask_unreachable_scheduler_is_one_line(runner, monkeypatch):
    monkeypatch.setattr("factcheck.engine.CONNECT_TIMEOUT", "2s")
    result = runner.invoke(cli, ["run", str(FLAGSHIP), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler (")
    assert result.output.count("\n") == 1
