"""What the timing tests and benchmarks share: a run-on sentence, and the best of several timed runs."""

from __future__ import annotations

import gc
import math
import time

# One line with no sentence end, dense with figures, names and qualifiers: every per-sentence loop sees all of it.
RUN_ON = ("Acme Mining Inc. (ACME) said on Monday it signed a $1.5 billion, 15-year lease with Globex for 300 MW "
          "and Initech analysts upgraded it to overweight from neutral with a price target of $18 from $12 "
          "while shares rose 4.2% to $14.74 in early trading and it plans 2,000 more GPUs by late 2026 and ")


def fastest(func, runs: int = 3, collect: bool = False) -> float:
    """The fastest of ``runs`` calls of ``func()``, in seconds, after a collection; the garbage collector is held
    off during each call unless ``collect``."""
    best = math.inf
    for _ in range(runs):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            func()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best
