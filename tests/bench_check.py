"""Benchmark of the graph and check stages on synthetic claim sets (factcheck.synthclaims).

    python tests/bench_check.py                       # 10,000, 100,000 and 1,000,000 claims
    python tests/bench_check.py --sizes 20000,200000 --seed 3

Each size runs in a fresh Python process (so that its peak memory is its own): it makes the claims
(not timed), then times ``build_graph`` + ``clusters`` and ``check`` separately, best of ``--repeat``
runs. The table gives seconds per step, claims per second through both, the findings, and the peak
resident memory of the process after making the claims and after the steps (``resource.ru_maxrss``).
The last lines give the ratio of time at 10x the claims to time at 1x, for each pair of sizes 10x apart.

Targets (issue "throughput"): 1,000,000 claims through grouping and checking in under 30 s, and 10x
the claims in at most 11x the time. The machine is shared: compare ratios within one run.
Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def measure(n: int, seed: int, repeat: int) -> dict:
    """Time the steps on ``n`` synthetic claims in this process; peak memory in MB before and after them."""
    from factcheck.bench import max_rss_mb
    from factcheck.check import check
    from factcheck.graph import build_graph, clusters
    from factcheck.synthclaims import synthetic_claims

    claims, outlets = synthetic_claims(n, seed)
    rss_claims = max_rss_mb(resource.RUSAGE_SELF)
    grouping = checking = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        graph = build_graph(claims)
        groups = clusters(graph)
        middle = time.perf_counter()
        findings = check(claims, graph, outlets)
        end = time.perf_counter()
        grouping, checking = min(grouping, middle - start), min(checking, end - middle)
    return {"claims": n, "clusters": len(groups), "graph": grouping, "check": checking, "findings": len(findings),
            "rss_claims": rss_claims, "rss_peak": max_rss_mb(resource.RUSAGE_SELF)}


def run_sizes(sizes: list[int], seed: int, repeat: int) -> list[dict]:
    """One fresh process per size; each prints its measurement as a JSON line."""
    rows = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(seed), "--repeat", str(repeat)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print_row(rows[-1])
    return rows


HEADER = f"{'claims':>10} {'clusters':>9} {'graph s':>8} {'check s':>8} {'total s':>8} {'claims/s':>9} {'findings':>9} {'MB claims':>9} {'MB peak':>8}"


def print_row(r: dict) -> None:
    """One line of the table."""
    total = r["graph"] + r["check"]
    print(f"{r['claims']:>10,} {r['clusters']:>9,} {r['graph']:>8.2f} {r['check']:>8.2f} {total:>8.2f} "
          f"{r['claims'] / total:>9,.0f} {r['findings']:>9,} {r['rss_claims']:>9,.0f} {r['rss_peak']:>8,.0f}", flush=True)


def print_ratios(rows: list[dict]) -> None:
    """Time at 10x the claims over time at 1x, for every pair of measured sizes 10x apart."""
    by_size = {r["claims"]: r for r in rows}
    for n, r in sorted(by_size.items()):
        big = by_size.get(10 * n)
        if big:
            ratio = (big["graph"] + big["check"]) / (r["graph"] + r["check"])
            print(f"time({10 * n:,}) / time({n:,}) = {ratio:.2f}  (target <= 11)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="claim counts, comma-separated")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic claims")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best time counts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # measure one size in this process (used by run_sizes)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one, args.seed, args.repeat)))
        return
    print(HEADER)
    rows = run_sizes([int(s) for s in args.sizes.split(",")], args.seed, args.repeat)
    print_ratios(rows)


if __name__ == "__main__":
    main()
