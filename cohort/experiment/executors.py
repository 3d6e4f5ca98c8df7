"""Executors: where chunks of runs are computed.

* :class:`InProcess` - in this process, one chunk after another (``--jobs 1``).
* :class:`LocalProcesses` - a ``concurrent.futures.ProcessPoolExecutor`` (the default, one
  worker per core). A worker that dies (killed, out of memory) breaks the pool; the pool is
  rebuilt and the chunks that were in flight are retried one at a time, so the chunk that
  kills its worker is identified and reported as failed after :data:`MAX_ATTEMPTS` while
  the others complete.
* :class:`DaskExecutor` - Dask distributed: an existing scheduler (``--scheduler ADDRESS``;
  one that cannot be reached within :data:`CONNECT_TIMEOUT_S` is a ConfigError) or a
  :class:`distributed.LocalCluster` on 127.0.0.1 (``--local-dask``; processes, no dashboard,
  Dask's logs silenced below errors). Dask retries tasks whose worker died; a chunk that
  still fails is reported.

Every executor yields ``(task, output_or_exception)`` as chunks finish and keeps only a few
chunks in flight per worker, so memory stays bounded by the chunk size. Results never depend
on the executor: a run's output is a function of its config alone.

Ctrl-C reaches the whole process group: local workers ignore SIGINT (the parent handles it
and stops them), so an interrupted experiment prints one line, not a traceback per worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

#: attempts per chunk when its worker process dies
MAX_ATTEMPTS = 3
#: chunks in flight per worker
IN_FLIGHT_PER_WORKER = 2
#: seconds to wait for a Dask scheduler (--scheduler) to answer
CONNECT_TIMEOUT_S = 10
#: loggers of Dask's cluster machinery, silenced below errors for --local-dask
DASK_LOGGERS = ("distributed", "dask", "bokeh", "tornado")


def ignore_interrupts() -> None:
    """Worker initializer: leave Ctrl-C (SIGINT) to the parent process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class WorkerLost(RuntimeError):
    """The worker process running a chunk died (killed, crashed or out of memory)."""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class InProcess:
    name = "in-process"
    workers = 1

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        for task in tasks:
            try:
                yield task, fn(task)
            except Exception as exc:  # a bug outside the per-run guard: report the chunk
                yield task, exc


def process_context() -> multiprocessing.context.BaseContext:
    """``fork`` where available (workers inherit the imported package and the compiled
    kernels: no start-up cost), else ``forkserver``/``spawn``. From Python 3.12, which warns
    about forking a process with threads, fork is used only when there are none.

    Chosen explicitly because importing mesa switches the global default to ``spawn``.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and (sys.version_info < (3, 12) or threading.active_count() == 1):
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cohort.experiment.runner"])
        return context
    return multiprocessing.get_context("spawn")


class LocalProcesses:
    name = "processes"

    def __init__(self, jobs: int, warm_up: Callable[[], None] | None = None) -> None:
        self.workers = max(1, jobs)
        self.restarts = 0
        self.warm_up = warm_up
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalProcesses:
        if self.warm_up is not None:
            self.warm_up()  # compiled kernels are then inherited by forked workers
        self._pool = self._new_pool()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._pool is None:
            return
        if exc_type is None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:  # interrupted or failed: stop the workers now rather than finish their chunks
            processes = list(getattr(self._pool, "_processes", {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=5)
        self._pool = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=process_context(), initializer=ignore_interrupts)

    def _restart(self) -> None:
        assert self._pool is not None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        self.restarts += 1

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        source = iter(tasks)  # pulled lazily: only chunks in flight are in memory
        backlog: deque[Any] = deque()  # pulled but not yet accepted by the pool
        suspects: deque[Any] = deque()  # chunks in flight when a worker died: retried alone
        attempts: dict[int, int] = {}
        in_flight: dict[Future[Any], Any] = {}
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        isolated: Any = None  # the suspect running by itself
        while backlog or suspects or in_flight or not exhausted:
            assert self._pool is not None
            broken = False
            try:
                if suspects:
                    if not in_flight:
                        future = self._pool.submit(fn, suspects[0])
                        isolated = suspects.popleft()
                        in_flight[future] = isolated
                else:
                    while len(in_flight) < limit:
                        if not backlog:
                            task = next(source, None)
                            if task is None:
                                exhausted = True
                                break
                            backlog.append(task)
                        future = self._pool.submit(fn, backlog[0])
                        in_flight[future] = backlog.popleft()
            except BrokenProcessPool:  # a worker died before we noticed; the task stays queued
                broken = True
            alone: Any = None
            if not broken and in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    task = in_flight.pop(future)
                    try:
                        yield task, future.result()
                    except BrokenProcessPool:
                        broken = True
                        alone = task if task is isolated else None
                        suspects.append(task)
                    except Exception as exc:
                        yield task, exc
                    if task is isolated:
                        isolated = None
            if not broken:
                continue
            # every chunk still in flight was lost with the pool
            suspects.extend(in_flight.values())
            in_flight.clear()
            isolated = None
            log.warning("a worker process died; restarting the pool and retrying %d chunk(s)", len(suspects))
            self._restart()
            if alone is not None:  # it ran alone and its worker died: it is the culprit
                attempts[id(alone)] = attempts.get(id(alone), 1) + 1
                if attempts[id(alone)] >= MAX_ATTEMPTS:
                    suspects.remove(alone)
                    yield alone, WorkerLost(
                        f"the worker process died {MAX_ATTEMPTS} times running this chunk (killed or out of memory)"
                    )


class DaskExecutor:
    name = "dask"

    def __init__(self, jobs: int, scheduler: str | None = None, warm_up: Callable[[], None] | None = None) -> None:
        self.jobs = max(1, jobs)
        self.warm_up = warm_up
        self.scheduler = scheduler
        self.cluster: Any = None
        self.client: Any = None
        self.workers = self.jobs

    def __enter__(self) -> DaskExecutor:
        from distributed import Client

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
            except (OSError, TimeoutError, ValueError, TypeError) as exc:
                from cohort.errors import ConfigError, Problem

                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ConfigError([Problem(
                    "--scheduler", "scheduler", self.scheduler,
                    f"the address of a running Dask scheduler, reachable within {CONNECT_TIMEOUT_S} s ({reason})",
                )]) from None
            self.workers = max(1, sum(self.client.nthreads().values()))
        else:
            if self.warm_up is not None:
                self.warm_up()
            self.cluster = self._local_cluster()
            self.client = Client(self.cluster)
        return self

    def _local_cluster(self) -> Any:
        """A quiet LocalCluster on 127.0.0.1: no dashboard, no logs below errors, workers that
        leave Ctrl-C to this process (they inherit SIGINT ignored while they are started)."""
        import dask
        from distributed import LocalCluster

        for name in DASK_LOGGERS:
            logging.getLogger(name).setLevel(logging.ERROR)
        # forked workers inherit the imported package and compiled kernels (see process_context)
        method = process_context().get_start_method()
        settings = {"distributed.worker.multiprocessing-method": method, "distributed.logging.distributed": "error"}
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if threading.current_thread() is threading.main_thread() else None
        try:
            with dask.config.set(settings):
                return LocalCluster(
                    n_workers=self.jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                    # the scheduler always serves HTTP (health checks): a random local port, no dashboard
                    dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                    silence_logs=logging.ERROR,
                )
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        from distributed import as_completed

        source = iter(tasks)  # pulled lazily: only chunks in flight are in memory
        limit = self.workers * IN_FLIGHT_PER_WORKER
        owner: dict[str, Any] = {}
        pending = as_completed()

        def submit() -> bool:
            task = next(source, None)
            if task is None:
                return False
            future = self.client.submit(fn, task, pure=False, retries=MAX_ATTEMPTS - 1)
            owner[future.key] = task
            pending.add(future)
            return True

        while len(owner) < limit and submit():
            pass
        for future in pending:
            task = owner.pop(future.key)
            try:
                yield task, future.result()
            except Exception as exc:
                yield task, exc
            finally:
                future.release()
            submit()


def make_executor(
    jobs: int | None, scheduler: str | None, local_dask: bool, n_chunks: int, warm_up: Callable[[], None] | None = None
) -> Any:
    """The executor for these flags (in-process when one job or one chunk)."""
    jobs = default_jobs() if jobs is None else jobs
    if scheduler or local_dask:
        return DaskExecutor(jobs, scheduler, warm_up)
    if jobs <= 1 or n_chunks <= 1:
        return InProcess()
    return LocalProcesses(min(jobs, n_chunks), warm_up)
