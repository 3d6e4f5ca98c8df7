"""Run an experiment: every (point, arm, replicate) run, in chunks, on an executor, streamed to
disk, resumable, then consolidated and (optionally) analysed.

>>> from cohort import run_experiment
>>> result = run_experiment("experiments/quickstart.yaml", "results/quickstart")  # doctest: +SKIP
>>> result.runs_per_s, result.frame("athletes").head()                              # doctest: +SKIP

Runs are keyed by a hash of their resolved config (seed included): identical runs are
computed once, completed runs are never recomputed on ``resume`` or when the experiment is
extended, and the result of a run does not depend on the executor, the number of workers or
the chunk size (each run is a pure function of its config).
"""

from __future__ import annotations

import logging
import math
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cohort.config.models import Config
from cohort.experiment.executors import make_executor
from cohort.experiment.spec import Experiment, ExperimentSpec, RunSpec, resolve_experiment
from cohort.experiment.store import (
    ChunkRecord,
    Consolidator,
    ExperimentStore,
    frame_to_part_bytes,
    table_to_part_bytes,
)

if TYPE_CHECKING:
    from cohort.engine.model import StartStates

log = logging.getLogger(__name__)

#: called with (runs finished, runs in the plan) after each chunk; a blocked experiment calls it
#: with (blocks finished, blocks, "block"), so a callback that labels its count takes a third
#: argument with a default (the CLI's progress bar does)
Progress = Callable[..., None]

#: athlete-rows per chunk that bound a chunk's memory (runs x athletes)
CHUNK_ATHLETES = 200_000
MAX_CHUNK_RUNS = 32


# -- work sent to executors ------------------------------------------------------------


@dataclass(frozen=True)
class RunTask:
    key: str
    run_id: str
    labels: dict[str, Any]
    config: Config


@dataclass(frozen=True)
class ChunkTask:
    index: int
    runs: tuple[RunTask, ...]
    #: the experiment invocation the chunk belongs to: a worker shares athletes' starts between
    #: the runs of one invocation only (StartStates)
    scope: str = ""


@dataclass
class ChunkOutput:
    parts: dict[str, bytes]
    succeeded: list[str]
    failed: dict[str, dict[str, Any]]
    seconds: float
    agent_days: float


_STARTS: dict[str, StartStates] = {}


def _start_states(scope: str) -> StartStates:
    """This worker's :class:`StartStates` for one experiment invocation (a new one replaces it)."""
    from cohort.engine.model import StartStates

    if scope not in _STARTS:
        _STARTS.clear()
        _STARTS[scope] = StartStates()
    return _STARTS[scope]


def run_chunk(task: ChunkTask) -> ChunkOutput:
    """Simulate every run of a chunk; a run that raises is recorded and the rest continue.

    The tidy frames go from the model's columns to Arrow parts without pandas
    (``Columns.table()``: the same tables as the frames converted, tested); the optional
    frames (draws, events) are pandas frames, concatenated as before."""
    import pyarrow as pa

    from cohort.results import arrow_column
    from cohort.single_run import build_model

    started = time.perf_counter()
    starts = _start_states(task.scope)  # the arms of one replicate share their athletes' start
    tables: dict[str, list[pa.Table]] = {}
    frames: dict[str, list[pd.DataFrame]] = {}
    succeeded: list[str] = []
    failed: dict[str, dict[str, Any]] = {}
    agent_days = 0.0
    keys: dict[str, list[str]] = {}
    for run in task.runs:
        try:
            model = build_model(run.config, run.run_id, starts)
            model.threads = 1  # experiments parallelise over runs (processes), not within one
            model.advance(model.n_days_total)
            columns, extra = model.result_columns(**run.labels)
            lean = {name: part.table() for name, part in columns.items()}
        except Exception as exc:  # recorded with its traceback; the chunk goes on
            failed[run.key] = {"run_id": run.run_id, **run.labels, "error": f"{type(exc).__name__}: {exc}",
                               "traceback": traceback.format_exc()}
            continue
        agent_days += model.n_athletes * model.day
        for name, table in lean.items():
            tables.setdefault(name, []).append(table.add_column(0, "run_key", arrow_column(run.key, table.num_rows)))
        for name, frame in extra.items():
            frames.setdefault(name, []).append(frame)
            keys.setdefault(name, []).extend([run.key] * len(frame))
        succeeded.append(run.key)
    # as Consolidator joins chunks: a column missing from some runs (other recorded variables) is null there
    parts = {name: table_to_part_bytes(name, pa.concat_tables(pieces, promote_options="default"))
             for name, pieces in tables.items()}
    for name, pieces in frames.items():
        combined = pd.concat(pieces, ignore_index=True)
        combined.insert(0, "run_key", keys[name])
        parts[name] = frame_to_part_bytes(name, combined)
    return ChunkOutput(parts, succeeded, failed, time.perf_counter() - started, agent_days)


def warm_up(config: Config) -> None:
    """Load the compiled kernels in this process (a 2-athlete, 1-day run of ``config``)."""
    from cohort.single_run import build_model

    small = config.model_copy(update={"cohort": config.cohort.model_copy(update={"size": 2})})
    try:
        build_model(small, "warm-up").advance(1)
    except Exception:  # the real runs will report it
        log.debug("warm-up run failed", exc_info=True)


# -- results ----------------------------------------------------------------------------


@dataclass
class ExperimentResult:
    out: Path
    n_runs: int
    computed: int
    reused: int
    failed: int
    wall_s: float
    agent_days: float
    executor: str
    chunks: int
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    @property
    def runs_per_s(self) -> float:
        return self.computed / self.wall_s if self.wall_s > 0 else float("nan")

    @property
    def agent_days_per_s(self) -> float:
        return self.agent_days / self.wall_s if self.wall_s > 0 else float("nan")

    def frame(self, name: str) -> pd.DataFrame:
        """A consolidated frame (``runs``, ``athletes``, ``cohort_daily``, ``trajectories``)."""
        return pd.read_parquet(self.out / f"{name}.parquet")

    def to_frames(self) -> dict[str, pd.DataFrame]:
        return {name: self.frame(name) for name in ("runs", "athletes", "cohort_daily", "trajectories")
                if (self.out / f"{name}.parquet").is_file()}

    def summary(self) -> str:
        return (
            f"{self.n_runs} runs ({self.computed} computed, {self.reused} reused, {self.failed} failed) "
            f"in {self.wall_s:.1f} s on {self.executor}: {self.runs_per_s:,.1f} runs/s, "
            f"{self.agent_days_per_s:,.0f} agent-days/s"
        )


# -- the experiment -----------------------------------------------------------------------


def chunk_size_for(experiment: Experiment, pending: int, workers: int) -> int:
    """Runs per chunk: about eight chunks per worker, at most 32 runs and bounded by athlete-rows."""
    athletes = max(1, experiment.base_config.cohort.size)
    by_memory = max(1, CHUNK_ATHLETES // athletes)
    by_balance = max(1, math.ceil(pending / (8 * max(1, workers))))  # finer progress and load balance
    return max(1, min(by_memory, by_balance, MAX_CHUNK_RUNS))


def guided_chunk_sizes(pending: int, cap: int, workers: int) -> list[int]:
    """Chunk sizes that shrink towards the end (guided self-scheduling, Polychronopoulos & Kuck 1987).

    Each chunk takes a 1/(2 workers) share of the runs still to hand out, at most ``cap``, so
    the last chunks are single runs and no worker waits long for another's big last chunk.
    Results do not depend on chunking (tested), only the wall time does.
    """
    sizes = []
    remaining = pending
    while remaining > 0:
        size = max(1, min(cap, math.ceil(remaining / (2 * max(1, workers)))))
        sizes.append(size)
        remaining -= size
    return sizes


def _header(experiment: Experiment, source: str) -> dict[str, Any]:
    from cohort.manifest import config_hash, git_revision, resolved_config, versions

    design = experiment.design
    return {
        "tool": "cohort",
        "experiment": {
            "name": experiment.spec.name,
            "hypothesis": experiment.spec.hypothesis,
            "file": source,
            "reference": experiment.spec.reference_arm,
            "arms": list(experiment.spec.arms),
            "replicates": experiment.spec.replicates,
            "outcomes": experiment.spec.outcomes,
            "spec": experiment.spec.model_dump(mode="json"),
        },
        "design": {"kind": design.kind, "factors": design.factors, "problem": design.problem,
                   "settings": design.settings, "points": design.n_points},
        "seed": experiment.seed,
        "base_config_hash": config_hash(experiment.base_config),
        "base_config": resolved_config(experiment.base_config),
        "n_runs": experiment.n_runs,
        "versions": versions(),
        "git_revision": git_revision(),
    }


def _write_resolved(experiment: Experiment, out: Path) -> None:
    import yaml

    from cohort.manifest import resolved_config

    document = experiment.spec.model_dump(mode="json")
    document["base"] = resolved_config(experiment.base_config)
    document["seed"] = experiment.seed
    temporary = out / ".experiment.resolved.yaml.tmp"
    temporary.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    temporary.replace(out / "experiment.resolved.yaml")


def _factor_column(values: list[Any]) -> pd.Series:
    if all(isinstance(v, bool) for v in values):
        return pd.Series(values, dtype=bool)
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return pd.Series(values, dtype=float)
    return pd.Series([str(v) for v in values], dtype=object)


def runs_frame(experiment: Experiment, store: ExperimentStore) -> pd.DataFrame:
    """One row per planned run: labels, seed, key, sweep factor values, status, timings."""
    runs = experiment.runs
    done = store.completed()
    columns: dict[str, Any] = {
        "run_id": [r.run_id for r in runs],
        "point": np.array([r.point for r in runs], dtype=np.int64),
        "arm": [r.arm for r in runs],
        "replicate": np.array([r.replicate for r in runs], dtype=np.int64),
        "seed": np.array([r.seed for r in runs], dtype=np.int64),
        "run_key": [r.key for r in runs],
    }
    for name in experiment.design.factors:
        columns[name] = _factor_column([r.factors[name] for r in runs]).to_numpy()
    columns["status"] = ["done" if r.key in done else "failed" for r in runs]
    columns["chunk"] = np.array([done.get(r.key, -1) for r in runs], dtype=np.int64)
    stored = store.stored_runs(r.key for r in runs)
    timings = stored.drop_duplicates("run_key").set_index("run_key") if len(stored) else None
    keys = pd.Series(columns["run_key"])
    for column in ("n_athletes", "n_days", "build_s", "simulate_s", "agent_days_per_s"):
        if timings is not None and column in timings:
            columns[column] = keys.map(timings[column]).astype(float).to_numpy()
        else:
            columns[column] = np.full(len(runs), np.nan)
    frame = pd.DataFrame(columns)
    return frame


def run_experiment(
    path_or_spec: str | Path | ExperimentSpec,
    out: str | Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    local_dask: bool = False,
    resume: bool = False,
    overwrite: bool = False,
    overrides: Iterable[str] = (),
    seed: int | None = None,
    progress: Progress | None = None,
    analyze: bool = True,
    chunk_size: int | None = None,
) -> ExperimentResult:
    """Run an experiment file (or spec) into ``out``; see the module docstring.

    Raises ConfigError (bad input, nothing written) or OutputError (``out`` not usable).
    Runs that raise are recorded in ``failures.json``; check ``result.ok``. A base config with
    ``cohort.block_size`` runs the arms over the same athlete blocks
    (:func:`cohort.experiment.blocked.run_blocked_experiment`).
    """
    from cohort.outputs import write_json

    started = time.perf_counter()
    experiment = resolve_experiment(path_or_spec, overrides=overrides, seed=seed, blocks=True)
    if experiment.base_config.cohort.block_size is not None:  # arms over a blocked cohort
        from cohort.experiment.blocked import run_blocked_experiment

        return run_blocked_experiment(experiment, Path(out), jobs=jobs, scheduler=scheduler, local_dask=local_dask,
                                      resume=resume, overwrite=overwrite, progress=progress, analyze=analyze)
    if experiment.spec.enrolment is not None:  # pre-screen; with a target, grow the cohort to reach it
        from cohort.trials.enrolment import prepare_enrolment

        experiment = prepare_enrolment(experiment, list(overrides), seed)
    source = experiment.source
    out = Path(out)
    store = ExperimentStore.open(out, resume=resume, overwrite=overwrite, header=_header(experiment, source))
    consolidator = Consolidator(store, experiment.runs)
    try:
        _write_resolved(experiment, out)
        done = store.completed()
        unique: dict[str, RunSpec] = {}
        for run in experiment.runs:
            if run.key not in done and run.key not in unique:
                unique[run.key] = run
        reused_keys = {run.key for run in experiment.runs if run.key in done}
        # chunks hold the arms of a replicate together (they share the athletes' start, StartStates);
        # results are written in plan order whatever the chunks
        pending = sorted(unique.values(), key=lambda run: (run.point, run.replicate))
        from cohort.experiment.executors import default_jobs

        workers = jobs if jobs is not None else default_jobs()
        if chunk_size:  # the user's fixed size
            sizes = [chunk_size] * math.ceil(len(pending) / chunk_size)
        else:
            sizes = guided_chunk_sizes(len(pending), chunk_size_for(experiment, len(pending), workers), workers)
        starts = np.cumsum([0, *sizes])
        scope = uuid.uuid4().hex
        first_id = store.next_chunk_id()
        n_tasks = len(sizes)
        size = max(sizes, default=0)

        def tasks() -> Iterator[ChunkTask]:  # built lazily: configs exist only for chunks in flight
            for k in range(n_tasks):
                yield ChunkTask(first_id + k, scope=scope, runs=tuple(
                    RunTask(run.key, run.run_id, {"point": run.point, "arm": run.arm, "replicate": run.replicate},
                            experiment.config(run))
                    for run in pending[starts[k] : starts[k + 1]]
                ))

        warm = experiment.config(pending[0]) if pending else None
        executor = make_executor(jobs, scheduler, local_dask, n_tasks, (lambda: warm_up(warm)) if warm else None)
        planned_keys = [run.key for run in experiment.runs]
        finished_runs = sum(1 for key in planned_keys if key in done)
        total = len(planned_keys)
        multiplicity: dict[str, int] = {}
        for key in planned_keys:
            multiplicity[key] = multiplicity.get(key, 0) + 1
        log.info("%s: %d runs (%d to compute in %d chunks of <= %d, %d reused) on %s",
                 experiment.spec.name, total, len(pending), n_tasks, size, len(reused_keys), executor.name)
        computed = 0
        agent_days = 0.0
        with executor:  # connected (or workers started) before the first progress report
            if progress is not None:
                progress(finished_runs, total)
            for task, output in executor.map(run_chunk, tasks()):
                if isinstance(output, BaseException):
                    message = f"{type(output).__name__}: {output}"
                    trace = "".join(traceback.format_exception(output))
                    failed = {run.key: {"run_id": run.run_id, **run.labels, "error": message, "traceback": trace}
                              for run in task.runs}
                    record = ChunkRecord(task.index, [], failed, [], 0.0)
                    store.write_chunk(record, {})
                else:
                    record = ChunkRecord(task.index, output.succeeded, output.failed, [], output.seconds)
                    store.write_chunk(record, output.parts)
                    computed += len(output.succeeded)
                    agent_days += output.agent_days
                consolidator.advance(run.key for run in task.runs)  # computed or failed: finished either way
                finished_runs += sum(multiplicity[run.key] for run in task.runs)
                if progress is not None:
                    progress(finished_runs, total)
        runs = runs_frame(experiment, store)
        from cohort.outputs import write_parquet

        write_parquet(runs, out / "runs.parquet")
        write_parquet(
            pd.DataFrame(experiment.design.matrix, columns=experiment.design.factors).assign(
                point=np.arange(experiment.design.n_points))
            if experiment.design.matrix is not None
            else pd.DataFrame({"point": np.arange(experiment.design.n_points)}),
            out / "design.parquet",
        )
        consolidator.finish()
        failures_by_key = store.failed_keys()
        failures = []
        for run in experiment.runs:
            failure = failures_by_key.get(run.key)
            if failure is None or run.key in store.completed():
                continue
            failures.append({"run_id": run.run_id, "run_key": run.key, "point": run.point, "arm": run.arm,
                             "replicate": run.replicate, "seed": run.seed, "parameters": run.factors,
                             "error": failure.get("error"), "traceback": failure.get("traceback")})
        write_json(failures, out / "failures.json")
        wall = time.perf_counter() - started
        result = ExperimentResult(out, total, computed, len(reused_keys), len(failures), wall, agent_days,
                                  executor.name, n_tasks, failures)
        store.manifest["status"] = "complete" if result.ok else "complete_with_failures"
        store.manifest["sessions"].append(
            {"finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "resume": resume,
             "executor": executor.name, "workers": workers, "chunk_size": size, "chunks": n_tasks,
             "computed": computed, "reused": len(reused_keys), "failed": len(failures),
             "wall_s": round(wall, 3), "runs_per_s": round(result.runs_per_s, 3),
             "agent_days_per_s": round(result.agent_days_per_s, 1),
             "worker_restarts": getattr(executor, "restarts", 0)}
        )
        store.manifest["timings_s"] = {"wall_s": wall}
        store.manifest["files"] = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
        store.save()
    except BaseException as exc:  # Ctrl-C, an unreachable scheduler, a bug: never left at "running"
        consolidator.abort()  # no half-written consolidated file
        store.end_early(interrupted=isinstance(exc, KeyboardInterrupt))
        raise
    finally:
        consolidator.abort()  # after finish() (or an earlier abort) there is nothing left to remove
        store.close()
    if experiment.spec.enrolment is not None and result.ok:
        from cohort.trials.enrolment import write_enrolment

        write_enrolment(out)  # enrolment.parquet and flow.csv, before the analysis reads them
    if experiment.spec.crossover is not None and result.ok:
        from cohort.trials.crossover import write_crossover

        write_crossover(out)  # crossover.parquet/.csv, before the analysis adds them to contrasts
    if analyze:
        _analyze(out)
    return result


def _analyze(out: Path) -> None:
    """Call the analysis and report steps if they exist (they belong to another module)."""
    try:
        from cohort.analysis import analyze_experiment
    except ImportError:
        log.info("analysis skipped: cohort.analysis.analyze_experiment is not available")
        return
    analyze_experiment(out)
    try:
        from cohort.report import write_report
    except ImportError:
        log.info("report skipped: cohort.report.write_report is not available")
        return
    write_report(out)
