"""``factcheck bench`` end to end on a tiny corpus: the tables and ratios it promises are printed,
the figures add up, and bad options are one-line errors."""

from __future__ import annotations

import pytest

from factcheck import bench
from factcheck.cli import cli

from corpus import FLAGSHIP, needs_flagship

pytestmark = needs_flagship


@pytest.fixture(scope="module")
def results():
    return bench.run_bench([str(FLAGSHIP)], [5, 50], [1, 2], seed=3)


def test_every_size_and_job_count_is_measured(results):
    assert [(m.articles, m.jobs, m.stories) for m in results] == [(5, 1, 1), (5, 2, 1), (50, 1, 10), (50, 2, 10)]
    small, _, big, _ = results
    assert big.claims == pytest.approx(10 * small.claims, rel=0.2)
    assert all(m.seconds > 0 and m.peak_mb > 10 for m in results)
    assert results[0].claims == results[1].claims and results[2].findings == results[3].findings


def test_stage_seconds_cover_the_run(results):
    for m in results:
        assert set(m.stages) == {*bench.pipeline.STAGES, "report"}
        if m.jobs == 1:
            assert 0.5 * m.seconds < sum(m.stages.values()) <= m.seconds * 1.01


def test_the_table_has_the_promised_columns_and_ratios(results):
    text = bench.format_results(results)
    for column in ("articles/s", "claims/s", "peak MB", "seconds", "extract", "check", "report"):
        assert column in text
    assert "| 50 vs 5 articles, 1 job(s)" in text
    assert results[2].claims >= 1000 and f"| {results[2].claims:,} " in text  # counts with thousands separators
    assert "50 articles, 2 jobs vs 1" in text
    ratio = next(line for line in text.splitlines() if "50 vs 5 articles, 1 job(s)" in line and "linear" in line)
    assert float(ratio.split("|")[2]) == pytest.approx(results[2].seconds / results[0].seconds, abs=0.01)


def test_cli_bench_runs_and_rejects_bad_sizes(runner):
    result = runner.invoke(cli, ["bench", str(FLAGSHIP), "--sizes", "5", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Throughput" in result.output
    bad = runner.invoke(cli, ["bench", "--sizes", "10,x"])
    assert bad.exit_code == 2
    assert bad.output == "Error: --sizes 10,x: give whole numbers of 1 or more, separated by commas\n"
