"""Run one config end to end: build the model, simulate, collect results, write them."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cohort.config.models import Config
from cohort.engine.model import CohortModel, StartStates
from cohort.manifest import manifest, write_resolved_config
from cohort.outputs import atomic_directory, check_output_dir, write_json, write_parquet
from cohort.results import CohortResult

Progress = Callable[[int], None]  # called with days advanced


def build_model(config: Config, run_id: str = "run-0", start_states: StartStates | None = None) -> CohortModel:
    """The model for ``config`` (strategies compiled in, as ``CohortModel(config)`` does); the
    one call the single-run and experiment runners build models through. ``start_states``
    shares the athletes' start between runs that would draw the same (an experiment's arms)."""
    return CohortModel(config, run_id=run_id, start_states=start_states)


def run(
    config: Config, out: str | Path | None = None, *, overwrite: bool = False, progress: Progress | None = None,
    jobs: int | None = 1, scheduler: str | None = None, local_dask: bool = False,
) -> CohortResult:
    """Simulate ``config``; if ``out`` is given, write the results there (atomically).

    A config with ``cohort.block_size`` runs block by block (:mod:`cohort.blocks`): in this
    process (``jobs`` = 1), on ``jobs`` local processes, or on Dask (``scheduler`` address or
    ``local_dask``), with identical results; ``progress`` is then called with the athletes of
    each finished block, and ``result.athletes`` (and ``trajectories``) hold the sampled
    athletes only, and are empty when written to ``out`` (they are streamed there).

    ``result.extra["timings"]`` holds the seconds spent: ``build_s`` (model), ``compile_s``
    (loading or compiling the kernels), ``simulate_s``, ``results_s`` (tidy frames),
    ``write_s`` (files) and ``run_s`` (all of these).
    """
    if out is not None:
        check_output_dir(Path(out), overwrite)
    if config.cohort.block_size is not None:
        return run_blocked(config, out, overwrite, progress, jobs, scheduler, local_dask)
    started = time.perf_counter()
    model = build_model(config)
    step = 28
    while model.day < model.n_days_total:
        before = model.day
        model.advance(step)
        if progress is not None:
            progress(model.day - before)
    collected = time.perf_counter()
    result = model.result()
    timings = {**model.timings, "results_s": time.perf_counter() - collected}
    if out is not None:
        writing = time.perf_counter()
        write_run(result, config, Path(out), overwrite, {**timings, "total_s": writing - started})
        timings["write_s"] = time.perf_counter() - writing
    timings["run_s"] = time.perf_counter() - started
    result.extra["timings"] = timings
    return result


def write_run(result: CohortResult, config: Config, out: Path, overwrite: bool, timings: dict[str, float]) -> None:
    with atomic_directory(out, overwrite) as folder:
        write_results(folder, config, result.to_frames(), timings)


def write_results(folder: Path, config: Config, frames: dict[str, pd.DataFrame], timings: dict[str, float],
                  written: list[str] | None = None) -> None:
    """Write a run's ``frames`` (``name.parquet`` each), ``config.resolved.yaml`` and
    ``manifest.json`` into ``folder`` (an :func:`atomic_directory`); the manifest lists these
    files after ``written`` (files already in ``folder``, e.g. a blocked run's streamed tables)."""
    files = list(written or [])
    for name, frame in frames.items():
        write_parquet(frame, folder / f"{name}.parquet")
        files.append(f"{name}.parquet")
    write_resolved_config(config, folder / "config.resolved.yaml")
    files.append("config.resolved.yaml")
    write_json(manifest(config, timings, files + ["manifest.json"]), folder / "manifest.json")


def run_blocked(
    config: Config, out: str | Path | None, overwrite: bool, progress: Progress | None,
    jobs: int | None, scheduler: str | None, local_dask: bool,
) -> CohortResult:
    """:func:`run` for a blocked cohort: per-athlete tables streamed into the output directory
    as blocks finish, the merged aggregates written at the end."""
    from cohort.blocks import run_blocks

    started = time.perf_counter()

    def simulate(folder: Path | None) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
        frames, timings, streamed = run_blocks(config, folder, jobs=jobs, scheduler=scheduler, local_dask=local_dask, progress=progress)
        timings = {**timings, "results_s": 0.0}
        if folder is not None:
            writing = time.perf_counter()
            write_results(folder, config, frames, {**timings, "total_s": writing - started}, streamed)
            timings["write_s"] = time.perf_counter() - writing
        return frames, timings

    if out is not None:
        with atomic_directory(Path(out), overwrite) as folder:
            frames, timings = simulate(folder)
    else:
        frames, timings = simulate(None)
    runs = frames.pop("runs")
    result = CohortResult(
        runs=runs, athletes=frames.pop("athletes", pd.DataFrame()), cohort_daily=frames.pop("cohort_daily"),
        trajectories=frames.pop("trajectories", None), extra=dict(frames),
    )
    timings["run_s"] = time.perf_counter() - started
    result.extra["timings"] = timings
    return result
