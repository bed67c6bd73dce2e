"""The graph stage's clusters, and the collector pause that the grouping and checking stages run under."""

from __future__ import annotations

import gc

import pytest

from factcheck.graph import build_graph, clusters, collector_paused
from factcheck.synthclaims import synthetic_claims


@pytest.fixture
def collector():
    """Restore the collector and the frozen generation whatever a test leaves behind."""
    running = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if running else gc.disable)()


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_clusters_are_the_blocks_of_the_networkx_graph():
    claims, _ = synthetic_claims(2000, seed=4)
    graph = build_graph(claims)
    assert clusters(graph) == clusters(graph.networkx())
    assert graph.clusters() is graph.clusters()  # grouped once, whoever asks


@pytest.mark.parametrize("running", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(collector, running):
    (gc.enable if running else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is running


def test_the_collector_is_restored_after_an_error(collector):
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stage failed")
    assert gc.isenabled()


def test_objects_made_while_paused_are_not_left_frozen_and_cycles_are_still_collected(collector):
    gc.enable()
    gc.collect()
    with collector_paused():
        cycles = [Cycle() for _ in range(100)]
    assert gc.get_freeze_count() == 0
    assert any(gc.is_tracked(c) for c in cycles)
    del cycles
    assert gc.collect() >= 100


def test_objects_the_program_froze_stay_frozen(collector):
    gc.enable()
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    with collector_paused():
        made = [Cycle() for _ in range(10)]
    assert gc.get_freeze_count() == frozen
    assert made
