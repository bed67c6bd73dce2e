"""Graph stage: claims, sources and entities as a graph; comparable claims as clusters.

Claims are blocked by (subject, measure, unit family): comparable edges are only drawn inside
a block, so the clusters are exactly the blocks, and grouping them is one pass over the claims.
The networkx graph (claim, source and entity nodes) is built only when someone asks for it
(``ClaimGraph.networkx``): at a million claims it costs far more time and memory than the clusters.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache
from operator import attrgetter

import networkx as nx

from .extract import measure_info, unit_kind
from .model import Claim


def block_key(claim: Claim) -> tuple[str, str, str]:
    """Claims with the same key are comparable: same subject, measure and unit family
    (for counts, the counted noun: GPUs are not shares)."""
    return (claim.subject, claim.measure, _unit_family(claim.unit))


@lru_cache(maxsize=1024)
def _unit_family(unit: str) -> str:
    """The unit part of a block key: the unit's family, or the unit itself for counts."""
    kind = unit_kind(unit)
    return unit if kind == "count" else kind


class ClaimGraph:
    """A story's claims with their comparable blocks; the networkx graph is made on first use.

    >>> a = Claim("a-1", "a", "ACME", "revenue", 5e6, "USD", "q", (0, 1))
    >>> b = Claim("b-1", "b", "ACME", "revenue", 6e6, "EUR", "q", (0, 1))
    >>> g = build_graph([b, a])
    >>> [[c.id for c in cluster] for cluster in g.clusters()]
    [['a-1', 'b-1']]
    >>> g.networkx().has_edge(("claim", "a-1"), ("claim", "b-1"))
    True
    """

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = list(claims)
        self._graph: nx.Graph | None = None
        self._clusters: list[list[Claim]] | None = None

    def networkx(self) -> nx.Graph:
        """Claim, source and entity nodes; ``states``, ``about`` and ``comparable`` edges (built once)."""
        if self._graph is None:
            self._graph = _networkx(self.claims)
        return self._graph

    def clusters(self) -> list[list[Claim]]:
        """Groups of comparable claims, each sorted by claim id, ordered by block key (as ``clusters`` gives them);
        made once: callers read the lists and do not change them."""
        if self._clusters is None:
            if len({c.id for c in self.claims}) < len(self.claims):
                self._clusters = clusters(self.networkx())  # one node per id: the graph decides which claim an id stands for
            else:
                with collector_paused():  # a list per block, and no reference cycles
                    self._clusters = _blocks(self.claims)
        return self._clusters


def build_graph(claims: list[Claim]) -> ClaimGraph:
    """The claims' graph: clusters at once, the networkx graph on demand (``ClaimGraph.networkx``)."""
    return ClaimGraph(claims)


def _blocks(claims: list[Claim]) -> list[list[Claim]]:
    """The comparable claims grouped by ``block_key``, each group sorted by id, groups by key (claim ids unique)."""
    comparable: dict[str, bool] = {}
    blocks: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        measure = c.measure
        if measure not in comparable:
            comparable[measure] = measure_info(measure).get("comparable", True)
        if comparable[measure]:
            blocks[(c.subject, measure, _unit_family(c.unit))].append(c)  # block_key(c)
    by_id = attrgetter("id")
    return [sorted(blocks[key], key=by_id) for key in sorted(blocks)]


def _networkx(claims: list[Claim]) -> nx.Graph:
    """A graph with claim, source and entity nodes; ``comparable`` edges join claims of one block.

    Node ids are tuples: ("claim", id), ("source", id), ("entity", id).
    """
    g = nx.Graph()
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: c.id):
        node = ("claim", c.id)
        g.add_node(node, claim=c)
        g.add_edge(node, ("source", c.source), rel="states")
        for part in c.subject.split("+"):
            g.add_edge(node, ("entity", part), rel="about")
        if measure_info(c.measure).get("comparable", True):
            blocks[block_key(c)].append(c.id)
    for ids in blocks.values():
        for a, b in zip(ids, ids[1:]):
            g.add_edge(("claim", a), ("claim", b), rel="comparable")
    return g


def clusters(g: ClaimGraph | nx.Graph) -> list[list[Claim]]:
    """Connected groups of comparable claims, each sorted by claim id, in a stable order."""
    if isinstance(g, ClaimGraph):
        return g.clusters()
    parent = {n: n for n, d in g.nodes(data=True) if "claim" in d and measure_info(d["claim"].measure).get("comparable", True)}
    for a, b, d in g.edges(data=True):
        if d.get("rel") == "comparable":
            _join(parent, a, b)
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for n in parent:
        groups[_root(parent, n)].append(g.nodes[n]["claim"])
    out = [sorted(group, key=lambda c: c.id) for group in groups.values()]
    out.sort(key=lambda cl: (block_key(cl[0]), cl[0].id))
    return out


def _root(parent: dict, n):
    """The representative of ``n``'s set in a union-find forest (halving the path on the way)."""
    while parent[n] != n:
        parent[n] = parent[parent[n]]
        n = parent[n]
    return n


def _join(parent: dict, a, b) -> None:
    """Merge the sets of ``a`` and ``b`` (a node not yet in the forest starts a set of its own)."""
    parent.setdefault(a, a)
    parent.setdefault(b, b)
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[rb] = ra


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector (if it runs) while a stage makes many objects that outlive it and
    no reference cycles: each collection of the oldest generation would walk every claim of the story again
    (at a million claims, a third of the time). Garbage is still freed as its last reference goes.

    On the way out the objects made meanwhile join the oldest generation (``gc.freeze`` then ``gc.unfreeze``)
    instead of the youngest, whose first collection would walk all of them at once (skipped if the program
    keeps objects frozen itself)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
