"""Where the pipeline's independent pieces of work run: this process, a process pool, or Dask.

An engine maps a module-level function over a list and yields the results in the
list's order, whatever order they finish in, so every engine gives the same output.
``make_engine`` builds one from the ``--jobs``, ``--engine`` and ``--scheduler`` options.
"""

from __future__ import annotations

import concurrent.futures
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .errors import FactcheckError

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "dask")
CONNECT_TIMEOUT = "10s"  # how long to wait for a Dask scheduler given by address


class EngineError(FactcheckError):
    """An engine could not be started (a bad --jobs, Dask not installed, a scheduler out of reach)."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Serial:
    """Runs everything in this process, one item after another."""

    jobs = 1

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(fn, items)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Pool(Serial):
    """A pool of ``jobs`` worker processes (``concurrent.futures``), started when first needed.

    Lists shorter than ``min_items`` run in this process: sending them costs more than it saves.
    Longer ones go in chunks, several per worker, so that the workers finish together.
    """

    min_items = 4

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        if len(items) < self.min_items:
            return map(fn, items)
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(max_workers=self.jobs, initializer=_watch_parent,
                                                                initargs=(os.getpid(),))
        chunk = max(1, min(8, len(items) // (self.jobs * 4)))
        return self._pool.map(fn, items, chunksize=chunk)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _watch_parent(parent: int) -> None:
    """In a worker: exit when the process that started the pool is gone (killed with SIGKILL, say)."""

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class Dask(Serial):
    """A ``dask.distributed`` client: a cluster's scheduler at ``address``, else a local cluster of ``jobs`` processes."""

    def __init__(self, jobs: int, address: str | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise EngineError("--engine dask needs Dask: pip install 'factcheck[dask]'") from None
        self._cluster = None
        try:
            if address:
                self._client = Client(address, timeout=CONNECT_TIMEOUT)
            else:
                self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            if address:
                raise EngineError(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})") from None
            raise EngineError(f"--engine dask: cannot start a local Dask cluster ({exc})") from None
        self.jobs = max(1, len(self._client.scheduler_info().get("workers", {})) or jobs)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        if not items:
            return iter(())
        futures = self._client.map(fn, items, pure=False)
        return (f.result() for f in futures)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(engine: str = "local", jobs: int | None = None, scheduler: str | None = None) -> Serial:
    """The engine for ``--engine ENGINE --jobs N --scheduler ADDRESS``; ``jobs`` defaults to every core.

    >>> make_engine("local", 1).jobs
    1
    >>> make_engine("local", 0)
    Traceback (most recent call last):
    factcheck.engine.EngineError: --jobs 0: give a number of worker processes of 1 or more
    """
    if jobs is not None and jobs < 1:
        raise EngineError(f"--jobs {jobs}: give a number of worker processes of 1 or more")
    if engine not in ENGINES:
        raise EngineError(f"--engine {engine}: unknown engine; choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise EngineError(f"--scheduler {scheduler}: a scheduler address needs --engine dask")
    jobs = jobs or default_jobs()
    if engine == "dask":
        return Dask(jobs, scheduler)
    return Serial() if jobs == 1 else Pool(jobs)
