"""Graph stage: claims, sources and entities as a networkx graph; comparable claims as clusters.

Claims are blocked by (subject, measure, unit family) so that edges are only drawn
inside a block: the work grows with the claims, not with their square.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .extract import measure_info, unit_kind
from .model import Claim


def block_key(claim: Claim) -> tuple[str, str, str]:
    """Claims with the same key are comparable: same subject, measure and unit family
    (for counts, the counted noun: GPUs are not shares)."""
    kind = unit_kind(claim.unit)
    return (claim.subject, claim.measure, claim.unit if kind == "count" else kind)


def build_graph(claims: list[Claim]) -> nx.Graph:
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


def clusters(g: nx.Graph) -> list[list[Claim]]:
    """Connected groups of comparable claims, each sorted by claim id, in a stable order."""
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
