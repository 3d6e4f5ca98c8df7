"""Arms over a blocked cohort: every arm runs the same athlete blocks, and the arm differences
are reduced from paired per-athlete differences.

Common random numbers hold block by block: block ``b`` of every arm is the cohort of
:func:`cohort.blocks.block_config` with the run seed ``block_seed(seed, b)``, so its athletes,
their daily draws and lab draws come from the same streams in every arm, and the arms differ
only by what their configs change (strategies, mechanisms, parameters). A block task simulates
the block in every arm, one arm at a time (the reference's recorded values kept), and reduces:

- each arm's values to a :class:`cohort.blocks.Partial` (per-arm aggregates, as a single
  blocked run's);
- for every other arm, the paired differences ``d_i = x_i(arm) - x_i(reference)`` of the same
  athlete ``i`` at the same step to a Partial of their own, so the mean and SD of the arm
  difference are those of the per-athlete differences (exact to float64 rounding), merged
  across blocks by the same Chan et al. (1979) update. The SD of the difference is the SD of
  the paired effect, which the two arms' SDs cannot give (it needs their covariance).

The prevalence differences are differences of exact counts. Results do not depend on where
the blocks run (merged in block order, as :func:`cohort.blocks.run_blocks` does).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cohort.blocks import (
    Aggregates,
    BlockRun,
    Partial,
    aggregate_frames,
    histogram_edges,
    n_blocks,
    reduce_block,
    simulate_block,
)
from cohort.config.models import Config
from cohort.errors import CohortError, ConfigError, Problem
from cohort.results import recorded_thresholds
from cohort.tally import Tally, held

if TYPE_CHECKING:
    from cohort.experiment.runner import ExperimentResult, Progress
    from cohort.experiment.spec import Experiment

#: keys of a blocked cohort's config that every arm must share (they define the blocks and streams)
SHARED_KEYS = ("seed", "start_date", "duration_weeks", "cohort", "recording")


def difference_key(arm: str, reference: str) -> str:
    """The aggregates' key of an arm's paired difference against the reference."""
    return f"{arm} - {reference}"


def check_arms(configs: Mapping[str, Config], reference: str, source: str = "<api>") -> None:
    """ConfigError unless the arms share their blocks: a ``cohort.block_size``, the reference
    among them, the same :data:`SHARED_KEYS`, and no per-athlete sample."""
    problems = []
    if reference not in configs:
        problems.append(Problem(source, "reference", reference, f"one of the arms {list(configs)}"))
        raise ConfigError(problems)
    base = configs[reference]
    if base.cohort.block_size is None:
        problems.append(Problem(source, "cohort.block_size", None, "a block size (arms over a blocked cohort)"))
    if base.recording.sample_athletes:
        problems.append(Problem(source, "recording.sample_athletes", base.recording.sample_athletes,
                                "0 (per-athlete tables are not written for arms over a blocked cohort yet)"))
    for arm, config in configs.items():
        for key in SHARED_KEYS:
            if getattr(config, key) != getattr(base, key):
                problems.append(Problem(source, f"arms.{arm}.{key}", "differs from the reference arm",
                                        f"the reference arm's {key} (arms share their blocks: same athletes and streams)"))
    if problems:
        raise ConfigError(problems)


@dataclass(frozen=True)
class ArmsBlockTask:
    configs: tuple[tuple[str, Config], ...]  # (arm, blocked config), the reference first
    block: int
    edges: dict[str, np.ndarray] | None  # None: block 0, which sets them (per arm and per difference)
    threads: int | None = None


@dataclass
class ArmsBlockOutput:
    block: int
    partials: dict[str, Partial]  # arm, and difference_key(arm, reference) for the other arms
    edges: dict[str, np.ndarray]
    timings: dict[str, float]
    agent_days: int
    names: list[str]
    thresholds: list[str]
    tallies: list[Tally] = field(default_factory=list)  # warnings about its athletes, held back (cohort.tally)


def run_arms_block(task: ArmsBlockTask) -> ArmsBlockOutput:
    """Simulate one block in every arm and reduce the arms and the paired differences (runs in a
    worker: module level, picklable). Warnings about the block's athletes are held back and
    travel with the output (:mod:`cohort.tally`)."""
    with held() as tallies:
        output = _arms_block(task)
    output.tallies = tallies
    return output


def _arms_block(task: ArmsBlockTask) -> ArmsBlockOutput:
    from cohort.engine.model import StartStates

    starts = StartStates()  # the arms' athletes start the same: drawn and solved once
    (reference, reference_config), *others = task.configs
    bins = reference_config.recording.histogram_bins
    partials: dict[str, Partial] = {}
    edges: dict[str, np.ndarray] = {}
    timings = {"build_s": 0.0, "compile_s": 0.0, "simulate_s": 0.0}

    def reduce(key: str, values: np.ndarray, group: np.ndarray, cuts: list[tuple[int, bool, float]]) -> None:
        edges[key] = histogram_edges(values, bins) if task.edges is None else task.edges[key]
        partials[key] = reduce_block(values, group, edges[key], bins, cuts)

    model, reference_values, group = simulate_block(reference_config, task.block, task.threads, starts)
    names = list(model.recorder.names)
    chosen = recorded_thresholds(model)
    cuts = [(names.index(t.variable), t.below, t.cutoff) for t in chosen]
    agent_days = len(group) * model.day
    for key in timings:
        timings[key] += float(model.timings[key])
    reduce(reference, reference_values, group, cuts)
    del model
    gc.collect()
    for arm, config in others:
        model, values, arm_group = simulate_block(config, task.block, task.threads, starts)
        if list(model.recorder.names) != names or not np.array_equal(arm_group, group):
            raise CohortError(f"block {task.block}: arm {arm!r} recorded other variables or athletes than the reference "
                              f"{reference!r}; arms over a blocked cohort must share the cohort and the recording")
        for key in timings:
            timings[key] += float(model.timings[key])
        agent_days += len(group) * model.day
        reduce(arm, values, group, cuts)
        difference = values.astype(np.float64) - reference_values  # same athlete, same step
        del model, values
        reduce(difference_key(arm, reference), difference, group, [])
        del difference
        gc.collect()
    return ArmsBlockOutput(task.block, partials, edges, timings, agent_days, names, [t.name for t in chosen])


def run_blocked_arms(
    configs: Mapping[str, Config], reference: str, *, jobs: int | None = 1, scheduler: str | None = None,
    local_dask: bool = False, progress: Callable[[int], None] | None = None, source: str = "<api>",
) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """Simulate every arm of ``configs`` (arm -> blocked config) over the same athlete blocks, on
    the executor the flags choose, and return (frames, timings). Frames: ``cohort_daily`` and
    ``histograms`` per arm (an ``arm`` column; as a blocked run's), ``differences`` (per arm
    other than ``reference``: the paired differences' n, mean, SD, min, max and quantiles, and
    ``prevalence``, the arm's prevalence minus the reference's) and ``runs`` (one row per arm).
    ``progress`` is called with the athletes of each finished block."""
    from cohort.experiment.executors import default_jobs
    from cohort.memory import check_memory

    check_arms(configs, reference, source)
    base = configs[reference]
    count = n_blocks(base)
    # before anything runs: blocks held at once on this machine (a scheduler's workers are elsewhere)
    at_once = 1 if scheduler else min(default_jobs() if jobs is None else jobs, count)
    check_memory(base, source, processes=at_once, arms=len(configs))
    started = time.perf_counter()
    ordered = ((reference, base), *((arm, config) for arm, config in configs.items() if arm != reference))
    aggregates: dict[str, Aggregates] = {}
    run = BlockRun(base, jobs=jobs, scheduler=scheduler, local_dask=local_dask, progress=progress)
    for output in run.outputs(run_arms_block, lambda block, edges, threads: ArmsBlockTask(ordered, block, edges, threads)):
        if output.block == 0:
            edges, names, thresholds = output.edges, output.names, output.thresholds
        for key, partial in output.partials.items():
            aggregates.setdefault(key, Aggregates()).add(output.block, partial)
    totals, agent_days = run.totals, run.agent_days
    daily, histograms = [], []
    for arm, config in ordered:
        total = aggregates[arm].total
        assert total is not None and not aggregates[arm].waiting
        frames = aggregate_frames(config, total, edges[arm], names, thresholds)
        daily.append(_label(frames["cohort_daily"], arm))
        histograms.append(_label(frames["histograms"], arm))
    cohort_daily = pd.concat(daily, ignore_index=True)
    differences = []
    for arm, _ in ordered[1:]:
        key = difference_key(arm, reference)
        total = aggregates[key].total
        assert total is not None
        paired = _label(aggregate_frames(base, total, edges[key], names, [])["cohort_daily"], arm)
        differences += [paired, _prevalence_difference(cohort_daily, arm, reference)]
    totals["blocks_s"] = time.perf_counter() - started
    runs = pd.DataFrame([{
        "run_id": arm, "arm": arm, "reference": arm == reference, "seed": base.seed, "n_athletes": base.cohort.size,
        "n_days": base.n_days, "n_blocks": count, "block_size": base.cohort.block_size, "executor": run.executor,
    } for arm, _ in ordered])
    runs["agent_days_per_s"] = agent_days / totals["simulate_s"] if totals["simulate_s"] > 0 else float("nan")
    frames = {
        "cohort_daily": cohort_daily, "histograms": pd.concat(histograms, ignore_index=True), "runs": runs,
        "differences": pd.concat(differences, ignore_index=True) if differences else pd.DataFrame(),
    }
    return frames, totals


def _label(frame: pd.DataFrame, arm: str) -> pd.DataFrame:
    out = frame.assign(run_id=arm)
    out.insert(1, "arm", arm)
    return out


def _prevalence_difference(cohort_daily: pd.DataFrame, arm: str, reference: str) -> pd.DataFrame:
    """``prevalence`` rows of ``arm`` minus the reference's, same day, group and threshold."""
    keys = ["day", "date", "sex", "training_status", "variable", "statistic"]
    rows = cohort_daily[cohort_daily.statistic == "prevalence"]
    mine = rows[rows.arm == arm].set_index(keys)["value"]
    theirs = rows[rows.arm == reference].set_index(keys)["value"]
    out = (mine - theirs.reindex(mine.index)).rename("value").reset_index()
    out.insert(0, "run_id", arm)
    out.insert(1, "arm", arm)
    return out[["run_id", "arm", *keys, "value"]]



def run_blocked_experiment(
    experiment: Experiment, out: Path, *, jobs: int | None = None, scheduler: str | None = None, local_dask: bool = False,
    resume: bool = False, overwrite: bool = False, progress: Progress | None = None, analyze: bool = True,
) -> ExperimentResult:
    """Run a resolved experiment whose base config has ``cohort.block_size``: its arms over the
    same blocks (:func:`run_blocked_arms`), written atomically to ``out``: ``cohort_daily``,
    ``histograms``, ``differences``, ``runs`` (Parquet), ``experiment.resolved.yaml``,
    ``manifest.json``, and (``analyze``) ``report.html``. No sweep, one replicate, no enrolment
    or crossover, no resume (ConfigError otherwise, before anything runs). ``progress`` is
    called with (blocks finished, blocks, "block")."""
    from cohort.blocks import n_blocks
    from cohort.experiment.runner import ExperimentResult, _header, _write_resolved
    from cohort.manifest import write_resolved_config
    from cohort.outputs import atomic_directory, check_output_dir, write_json, write_parquet

    started = time.perf_counter()
    spec, source = experiment.spec, experiment.source
    unsupported = [
        ("sweep", spec.sweep is not None, "no sweep"), ("replicates", spec.replicates != 1, "1"),
        ("enrolment", spec.enrolment is not None, "no enrolment"), ("crossover", spec.crossover is not None, "no crossover"),
        ("--resume", resume, "no --resume (a blocked experiment is written at once)"),
    ]
    problems = [Problem(source, key, "given", f"{expected} with a blocked cohort (cohort.block_size)")
                for key, given, expected in unsupported if given]
    if problems:
        raise ConfigError(problems)
    configs = {arm: experiment.point_config(0, arm) for arm in experiment.arm_docs}
    reference = spec.reference_arm
    check_arms(configs, reference, source)
    check_output_dir(out, overwrite)
    count = n_blocks(configs[reference])
    done = [0]

    def advance(athletes: int) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], count, "block")

    if progress is not None:
        progress(0, count, "block")
    frames, timings = run_blocked_arms(configs, reference, jobs=jobs, scheduler=scheduler, local_dask=local_dask,
                                       progress=advance, source=source)
    with atomic_directory(out, overwrite) as folder:
        files = []
        for name, frame in frames.items():
            write_parquet(frame, folder / f"{name}.parquet")
            files.append(f"{name}.parquet")
        _write_resolved(experiment, folder)
        write_resolved_config(configs[reference], folder / "config.resolved.yaml")
        files += ["experiment.resolved.yaml", "config.resolved.yaml", "manifest.json"]
        wall = time.perf_counter() - started
        manifest = {**_header(experiment, source), "status": "complete", "blocked": True,
                    "timings_s": {**timings, "wall_s": wall}, "files": files}
        write_json(manifest, folder / "manifest.json")
    runs = frames["runs"]
    agent_days = float(runs.n_athletes.iloc[0] * runs.n_days.iloc[0] * len(runs))
    result = ExperimentResult(out, len(runs), len(runs), 0, 0, wall, agent_days, str(runs.executor.iloc[0]), count)
    if analyze:
        from cohort.report import write_report

        write_report(out)
    return result
