"""A cohort simulated as athlete blocks, with streaming aggregates (``cohort.block_size``).

Memory is set by the block, not the cohort. The cohort of ``cohort.size`` athletes is the
sequence of fixed blocks ``[b * block_size, (b + 1) * block_size)`` (the last one shorter).
Block ``b`` is an ordinary cohort of its athletes whose run seed is drawn from the stream
``(seed, "cohort.block", b)`` (:func:`block_seed`): its athletes, their daily draws, their
initial states and their lab draws come from that block's streams only, so a block is the
same whatever other blocks run, in which order, in which process or on which machine.

A block is simulated whole (every day of the run), its recorded values are reduced to a
:class:`Partial` (per recording step, sex and training status, and recorded variable: count,
mean, sum of squared deviations, minimum, maximum, a histogram over fixed bins; per
threshold: the count beyond its cut-off), and its memory is released. Partials are merged
in block order (:class:`Aggregates`: Chan et al. 1979's pairwise update of mean and sum of
squared deviations, exact sums of integer counts, minima and maxima), whatever order they
arrive in, so a run's aggregates are bit-identical however many blocks run at once and where
(one at a time, ``--jobs`` processes or a Dask cluster; tested). Mean and squared deviations
are merged instead of raw sums and sums of squares because the variance from raw sums loses
digits to cancellation (a serum Mg of 0.85 +- 0.05 mmol/L loses ~3 of its 16); both are exact
to float64 rounding within a block and deterministic across blocks.

The histogram bins of a variable are fixed before any block but the first is reduced: block 0
runs first and sets them from its own recorded range (minimum to maximum over all steps,
widened by a quarter of the span each side; a constant variable gets a span of 1e-3 of its
value), and every block (block 0 included) is binned with them; values outside fall in an
underflow or overflow bin, counted. Quantiles in ``cohort_daily`` are read from the merged
histograms (linear within a bin, then bounded by the exact minimum and maximum, between which
every quantile lies; NaN when they fall in the underflow or overflow bin), so they are
approximate to a bin width (span x 1.5 / ``recording.histogram_bins``); means, SDs,
minima, maxima, counts and prevalences are exact.

Training groups (``group_sharing`` of the microbiome, a hypothesis off by default) are the
athletes of one block with the same plan and sport: a block is a set of training squads, and
no squad spans two blocks.

Per-athlete tables (``athletes``, ``trajectories`` with ``recording.trajectories``, ``draws``,
``events``) are written for the first ``recording.sample_athletes`` athletes only, block by
block as their blocks finish, with ``athlete`` numbered across the cohort.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cohort.config.models import STATUSES, Config
from cohort.errors import CohortError
from cohort.results import recorded_thresholds
from cohort.rng import stream_key
from cohort.tally import Tally, held, report_sums

#: the stream a block's run seed is drawn from
BLOCK_STREAM = "cohort.block"
#: sexes in the order of the ``female`` trait (0, 1)
SEXES = ("male", "female")
#: groups of the aggregates: sex x training status, code = female * len(STATUSES) + status
GROUPS = tuple((sex, status) for sex in SEXES for status in STATUSES)
#: share of a variable's block-0 span added below and above it for the histogram range
HISTOGRAM_MARGIN = 0.25
#: recording steps reduced at once (bounds the float64 copy of a block's values)
STEPS_AT_ONCE = 8


def block_seed(seed: int, block: int) -> int:
    """The run seed of block ``block`` of a cohort with run seed ``seed`` (63 bits)."""
    words = np.random.SeedSequence([seed, stream_key(BLOCK_STREAM), block]).generate_state(2, np.uint32)
    return (int(words[0]) | int(words[1]) << 32) >> 1


def n_blocks(config: Config) -> int:
    size, block = config.cohort.size, config.cohort.block_size
    assert block is not None
    return -(-size // block)


def block_range(config: Config, block: int) -> tuple[int, int]:
    """First and one-past-last athlete (numbered across the cohort) of ``block``."""
    size, step = config.cohort.size, config.cohort.block_size
    assert step is not None
    return block * step, min(size, (block + 1) * step)


def block_config(config: Config, block: int) -> Config:
    """The ordinary (unblocked) config that simulates ``block`` of ``config``'s cohort."""
    start, stop = block_range(config, block)
    sampled = start < config.recording.sample_athletes
    cohort = config.cohort.model_copy(update={"size": stop - start, "block_size": None})
    recording = config.recording.model_copy(update={"events": config.recording.events if sampled else False})
    return config.model_copy(update={"seed": block_seed(config.seed, block), "cohort": cohort, "recording": recording})


@dataclass
class Partial:
    """One block's (or several merged blocks') aggregates, arrays indexed (step, group, variable)."""

    count: np.ndarray  # (groups,) athletes
    mean: np.ndarray  # (steps, groups, variables)
    m2: np.ndarray  # sum of squared deviations from the mean
    minimum: np.ndarray
    maximum: np.ndarray
    histogram: np.ndarray  # (steps, groups, variables, bins + 2): underflow, bins, overflow
    beyond: np.ndarray  # (steps, groups, thresholds) athletes beyond the cut-off

    def merge(self, other: Partial) -> None:
        """Add ``other`` (the next block) in place: Chan et al.'s pairwise update."""
        n_a = self.count[None, :, None].astype(np.float64)
        n_b = other.count[None, :, None].astype(np.float64)
        n = n_a + n_b
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = other.mean - self.mean
            share = np.where(n > 0, n_b / n, 0.0)
            self.mean = np.where(n_a > 0, self.mean + delta * share, other.mean)
            self.m2 = np.where(n_a > 0, self.m2 + other.m2 + delta * delta * n_a * share, other.m2)
        self.count = self.count + other.count
        self.minimum = np.minimum(self.minimum, other.minimum)
        self.maximum = np.maximum(self.maximum, other.maximum)
        self.histogram = self.histogram + other.histogram
        self.beyond = self.beyond + other.beyond


def histogram_edges(values: np.ndarray, bins: int) -> np.ndarray:
    """(variables, 2) low and high of the bins, from a block's values (steps, athletes, variables)."""
    low = values.min(axis=(0, 1)).astype(np.float64)
    high = values.max(axis=(0, 1)).astype(np.float64)
    span = high - low
    span = np.where(span > 0, span, np.maximum(np.abs(low), 1.0) * 1e-3)
    return np.stack([low - HISTOGRAM_MARGIN * span, high + HISTOGRAM_MARGIN * span], axis=1)


def reduce_block(values: np.ndarray, group: np.ndarray, edges: np.ndarray, bins: int,
                 thresholds: list[tuple[int, bool, float]]) -> Partial:
    """The aggregates of one block's recorded ``values`` (steps, athletes, variables), athletes in
    groups ``group`` (codes into :data:`GROUPS`); ``thresholds`` as (variable, below, cut-off)."""
    n_steps, _, n_vars = values.shape
    n_groups = len(GROUPS)
    count = np.bincount(group, minlength=n_groups).astype(np.int64)
    mean = np.zeros((n_steps, n_groups, n_vars))
    m2 = np.zeros_like(mean)
    minimum = np.full_like(mean, np.inf)
    maximum = np.full_like(mean, -np.inf)
    histogram = np.zeros((n_steps, n_groups, n_vars, bins + 2), dtype=np.int64)
    beyond = np.zeros((n_steps, n_groups, len(thresholds)), dtype=np.int64)
    low, width = edges[:, 0], (edges[:, 1] - edges[:, 0]) / bins
    order = np.argsort(group, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(count)])
    for g in range(n_groups):  # the group's athletes, STEPS_AT_ONCE steps at a time, in float64
        if not count[g]:
            continue
        members = order[bounds[g]:bounds[g + 1]]
        for first in range(0, n_steps, STEPS_AT_ONCE):
            steps = slice(first, min(first + STEPS_AT_ONCE, n_steps))
            chosen = values[steps, members, :].astype(np.float64)  # steps x members x variables
            mean[steps, g] = chosen.mean(axis=1)
            m2[steps, g] = ((chosen - mean[steps, g][:, None, :]) ** 2).sum(axis=1)
            minimum[steps, g] = chosen.min(axis=1)
            maximum[steps, g] = chosen.max(axis=1)
            for t, (column, below, cutoff) in enumerate(thresholds):
                series = chosen[:, :, column]
                beyond[steps, g, t] = (series < cutoff if below else series > cutoff).sum(axis=1)
    cell = (group[:, None] * n_vars + np.arange(n_vars)[None, :]) * (bins + 2)  # athletes x variables
    for step in range(n_steps):  # one count over every group and variable of the step
        position = np.floor((values[step].astype(np.float64) - low) / width)
        slot = np.where(position < 0, 0, np.where(position >= bins, bins + 1, position + 1)).astype(np.int64)
        histogram[step] = np.bincount((cell + slot).ravel(), minlength=n_groups * n_vars * (bins + 2)).reshape(n_groups, n_vars, bins + 2)
    return Partial(count, mean, m2, minimum, maximum, histogram, beyond)


@dataclass(frozen=True)
class BlockTask:
    config: Config  # the blocked run's config
    block: int
    edges: np.ndarray | None  # None: block 0, which sets them
    threads: int | None = None  # numba threads of the block's model (None: the model's choice)


@dataclass
class BlockOutput:
    block: int
    partial: Partial
    edges: np.ndarray
    frames: dict[str, pd.DataFrame]  # per-athlete tables of the sampled athletes of the block
    timings: dict[str, float]
    agent_days: int
    names: list[str] = field(default_factory=list)
    thresholds: list[str] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)  # warnings about its athletes, held back (cohort.tally)


def run_block(task: BlockTask) -> BlockOutput:
    """Simulate one block to the end and reduce it (runs in a worker: module level, picklable)."""
    config = task.config
    start, stop = block_range(config, task.block)
    with held() as tallies:
        model, values, group = simulate_block(config, task.block, task.threads)
    recorder = model.recorder
    bins = config.recording.histogram_bins
    edges = histogram_edges(values, bins) if task.edges is None else task.edges
    names = list(recorder.names)
    chosen = recorded_thresholds(model)
    partial = reduce_block(values, group, edges, bins, [(names.index(t.variable), t.below, t.cutoff) for t in chosen])
    frames: dict[str, pd.DataFrame] = {}
    sample = config.recording.sample_athletes
    if start < sample:
        result = model.result()
        for name, frame in result.to_frames().items():
            if name in ("runs", "cohort_daily") or "athlete" not in frame.columns:
                continue
            frame = frame[frame["athlete"] < sample - start].copy()
            frame["athlete"] = frame["athlete"].to_numpy() + start
            frame["run_id"] = "run-0"
            frames[name] = frame.reset_index(drop=True)
    timings = {key: float(model.timings[key]) for key in ("build_s", "compile_s", "simulate_s")}
    days = model.day
    # a Mesa model is in reference cycles (agents, data collector): without a collection the
    # blocks' models would pile up until the cyclic collector happens to run (measured: peak RSS
    # 0.84 GB with one block of 20,000 athletes, 1.06 GB with two)
    del model, recorder, values
    gc.collect()
    return BlockOutput(task.block, partial, edges, frames, timings, (stop - start) * days, names, [t.name for t in chosen], tallies)


def simulate_block(config: Config, block: int, threads: int | None = None, start_states: Any = None) -> tuple[Any, np.ndarray, np.ndarray]:
    """Block ``block`` of ``config``'s cohort simulated to the end: (the model, its recorded values
    (steps, athletes, variables), the athletes' group codes into :data:`GROUPS`).
    ``start_states`` (:class:`cohort.engine.model.StartStates`) shares the athletes' start
    between runs of the same block (arms)."""
    from cohort.engine.model import CohortModel

    model = CohortModel(block_config(config, block), run_id=f"block-{block}", threads=threads, start_states=start_states)
    model.advance(model.n_days_total)
    recorder = model.recorder
    values = recorder.values[: recorder.completed_steps(model.day)]
    female = model.state[:, _column("female")] > 0
    status = model.state[:, _column("training_status")].astype(np.int64)
    return model, values, female.astype(np.int64) * len(STATUSES) + status


def _column(name: str) -> int:
    from cohort.state import STATE

    return STATE.index(name)


class Aggregates:
    """Partials merged in block order, whatever order they arrive in (buffered until their
    turn), so the result does not depend on how blocks were scheduled."""

    def __init__(self) -> None:
        self.total: Partial | None = None
        self.next_block = 0
        self.waiting: dict[int, Partial] = {}

    def add(self, block: int, partial: Partial) -> None:
        self.waiting[block] = partial
        while self.next_block in self.waiting:
            arrived = self.waiting.pop(self.next_block)
            if self.total is None:
                self.total = arrived
            else:
                self.total.merge(arrived)
            self.next_block += 1


def group_partial(total: Partial, g: int) -> Partial:
    """Group ``g`` of ``total`` alone (a copy, arrays keep a group axis of length 1)."""
    pick = slice(g, g + 1)
    return Partial(
        total.count[pick].copy(), total.mean[:, pick].copy(), total.m2[:, pick].copy(), total.minimum[:, pick].copy(),
        total.maximum[:, pick].copy(), total.histogram[:, pick].copy(), total.beyond[:, pick].copy(),
    )


def histogram_quantiles(histogram: np.ndarray, edges: np.ndarray, quantiles: list[float]) -> np.ndarray:
    """Quantiles (q, steps, groups, variables) from histograms (steps, groups, variables, bins + 2):
    linear within the bin holding rank q * n; NaN when that is the underflow or overflow bin or
    the group is empty."""
    bins = histogram.shape[-1] - 2
    n = histogram.sum(axis=-1)
    cumulative = np.cumsum(histogram, axis=-1)
    low, width = edges[:, 0], (edges[:, 1] - edges[:, 0]) / bins
    out = np.full((len(quantiles), *n.shape), np.nan)
    for k, q in enumerate(quantiles):
        rank = q * n
        slot = (cumulative < rank[..., None]).sum(axis=-1)  # first bin whose cumulative count reaches the rank
        slot = np.minimum(slot, bins + 1)
        before = np.take_along_axis(cumulative, np.maximum(slot - 1, 0)[..., None], axis=-1)[..., 0] * (slot > 0)
        inside = np.take_along_axis(histogram, slot[..., None], axis=-1)[..., 0]
        with np.errstate(invalid="ignore", divide="ignore"):
            fraction = np.where(inside > 0, (rank - before) / inside, 0.0)
        value = low + width * (slot - 1 + fraction)
        out[k] = np.where((slot >= 1) & (slot <= bins) & (n > 0), value, np.nan)
    return out


def aggregate_frames(config: Config, total: Partial, edges: np.ndarray, names: list[str],
                     thresholds: list[str]) -> dict[str, pd.DataFrame]:
    """``cohort_daily`` (long: day, date, sex, training_status, variable, statistic, value; the
    groups and sex = training_status = "all") and ``histograms`` of the merged aggregates."""
    days = recording_days(config)
    dates = np.array([config.start_date + dt.timedelta(days=int(day)) for day in days], dtype=object)
    groups = [group_partial(total, g) for g in range(len(GROUPS))]
    everyone = group_partial(total, 0)
    for one in groups[1:]:  # the groups merged in group order
        everyone.merge(one)
    quantiles = list(config.recording.quantiles)
    pieces = []
    for (sex, status), part in zip([*GROUPS, ("all", "all")], [*groups, everyone], strict=True):
        n = float(part.count[0])
        empty = np.full(part.mean[:, 0].shape, np.nan)
        mean = part.mean[:, 0] if n > 0 else empty
        sd = np.sqrt(part.m2[:, 0] / n) if n > 0 else empty
        minimum = part.minimum[:, 0] if n > 0 else empty
        maximum = part.maximum[:, 0] if n > 0 else empty
        stats: list[tuple[str, list[str], np.ndarray]] = [
            ("n", names, np.full(mean.shape, n)), ("mean", names, mean), ("sd", names, sd),
            ("min", names, minimum), ("max", names, maximum),
        ]
        if quantiles:  # within the exact range: a quantile lies in it, the linear reading within a bin may not
            table = np.clip(histogram_quantiles(part.histogram, edges, quantiles)[:, :, 0], minimum, maximum)
            stats += [(f"q{round(q * 100):02d}", names, table[k]) for k, q in enumerate(quantiles)]
        if thresholds:
            stats.append(("prevalence", thresholds, part.beyond[:, 0] / n if n > 0 else np.full(part.beyond[:, 0].shape, np.nan)))
        for statistic, variables, values in stats:
            steps = len(days)
            pieces.append(pd.DataFrame({
                "day": np.tile(days, len(variables)),
                "date": np.tile(dates, len(variables)),
                "sex": sex,
                "training_status": status,
                "variable": np.repeat(np.array(variables, dtype=object), steps),
                "statistic": statistic,
                "value": np.asarray(values, dtype=np.float64).T.reshape(-1),
            }))
    daily = pd.concat(pieces, ignore_index=True)
    daily.insert(0, "run_id", "run-0")
    bins = config.recording.histogram_bins
    low, width = edges[:, 0], (edges[:, 1] - edges[:, 0]) / bins
    steps, n_groups, n_vars, n_slots = total.histogram.shape
    slot = np.arange(n_slots)
    slot_low = np.where(slot == 0, -np.inf, low[:, None] + width[:, None] * (slot[None, :] - 1))  # variables x slots
    slot_high = np.where(slot == n_slots - 1, np.inf, low[:, None] + width[:, None] * slot[None, :])
    shape = (steps, n_groups, n_vars, n_slots)
    histograms = pd.DataFrame({
        "run_id": "run-0",
        "day": np.broadcast_to(days[:, None, None, None], shape).reshape(-1),
        "sex": np.broadcast_to(np.array([s for s, _ in GROUPS], dtype=object)[None, :, None, None], shape).reshape(-1),
        "training_status": np.broadcast_to(np.array([t for _, t in GROUPS], dtype=object)[None, :, None, None], shape).reshape(-1),
        "variable": np.broadcast_to(np.array(names, dtype=object)[None, None, :, None], shape).reshape(-1),
        "bin": np.broadcast_to(slot[None, None, None, :], shape).reshape(-1),
        "low": np.broadcast_to(slot_low[None, None], shape).reshape(-1),
        "high": np.broadcast_to(slot_high[None, None], shape).reshape(-1),
        "count": total.histogram.reshape(-1),
    })
    return {"cohort_daily": daily, "histograms": histograms}


def recording_days(config: Config) -> np.ndarray:
    """Days completed at each recording step (0 = baseline), as :class:`Recorder` records them."""
    n_days, interval = config.n_days, config.recording.interval_days
    record = [day for day in range(n_days) if (day + 1) % interval == 0]
    if not record or record[-1] != n_days - 1:
        record.append(n_days - 1)
    return np.array([0] + [day + 1 for day in record], dtype=np.int64)


class FrameSink:
    """Per-athlete tables appended block by block to Parquet files in ``folder`` (or kept in
    memory when ``folder`` is None)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.writers: dict[str, Any] = {}
        self.kept: dict[str, list[pd.DataFrame]] = {}

    def add(self, frames: dict[str, pd.DataFrame]) -> None:
        from cohort.outputs import arrow_table, parquet_options

        for name, frame in frames.items():
            if self.folder is None:
                self.kept.setdefault(name, []).append(frame)
                continue
            import pyarrow.parquet as pq

            table = arrow_table(frame)
            writer = self.writers.get(name)
            if writer is None:
                writer = self.writers[name] = pq.ParquetWriter(self.folder / f"{name}.parquet", table.schema, **parquet_options(table.schema))
            writer.write_table(table.cast(writer.schema))

    def close(self) -> list[str]:
        for writer in self.writers.values():
            writer.close()
        return [f"{name}.parquet" for name in self.writers]

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: pd.concat(pieces, ignore_index=True) for name, pieces in self.kept.items()}


def run_blocks(config: Config, folder: Path | None = None, *, jobs: int | None = 1, scheduler: str | None = None,
               local_dask: bool = False, progress: Callable[[int], None] | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, float], list[str]]:
    """Simulate ``config``'s cohort block by block on the executor the flags choose (in this
    process, ``jobs`` local processes, or Dask: ``scheduler`` or ``local_dask``), merging the
    aggregates in block order. Per-athlete tables of the sampled athletes go to ``folder`` as
    their blocks finish (kept in memory when None). Returns (frames, timings, files written).
    ``progress`` is called with the athletes of each finished block."""
    started = time.perf_counter()
    count = n_blocks(config)
    sink = FrameSink(folder)
    aggregates = Aggregates()
    run = BlockRun(config, jobs=jobs, scheduler=scheduler, local_dask=local_dask, progress=progress)
    for output in run.outputs(run_block, lambda block, edges, threads: BlockTask(config, block, edges, threads)):
        if output.block == 0:
            edges, names, thresholds = output.edges, output.names, output.thresholds
        aggregates.add(output.block, output.partial)
        sink.add(output.frames)
    totals, agent_days = run.totals, run.agent_days
    files = sink.close()
    assert aggregates.total is not None and not aggregates.waiting
    frames = aggregate_frames(config, aggregates.total, edges, names, thresholds)
    frames.update(sink.frames())
    totals["blocks_s"] = time.perf_counter() - started
    frames["runs"] = pd.DataFrame([{
        "run_id": "run-0", "seed": config.seed, "n_athletes": config.cohort.size, "n_days": config.n_days,
        "n_blocks": count, "block_size": config.cohort.block_size, "executor": run.executor,
        "build_s": totals["build_s"], "simulate_s": totals["simulate_s"],
        "agent_days_per_s": agent_days / totals["simulate_s"] if totals["simulate_s"] > 0 else float("nan"),
    }])
    return frames, totals, files


class BlockRun:
    """Every block of a blocked ``config`` on the executor the flags choose (this process,
    ``jobs`` local processes, or Dask: ``scheduler`` or ``local_dask``; workers warmed up on
    block 0's config). ``outputs`` yields the blocks' outputs (block 0 first, see
    ``blocks_in_turn``) while summing their timings and agent-days into ``totals`` and
    ``agent_days`` and calling ``progress`` with each finished block's athletes; ``executor`` is
    the executor's name. The blocks' tallies (warnings about some of their athletes,
    :mod:`cohort.tally`) are reported summed once the last block is in. Plain runs and experiment
    arms over blocks share this loop."""

    def __init__(self, config: Config, *, jobs: int | None, scheduler: str | None, local_dask: bool,
                 progress: Callable[[int], None] | None) -> None:
        self.config, self.jobs, self.scheduler, self.local_dask, self.progress = config, jobs, scheduler, local_dask, progress
        self.totals = {"build_s": 0.0, "compile_s": 0.0, "simulate_s": 0.0}
        self.agent_days = 0
        self.executor = ""

    def outputs(self, work: Callable[[Any], Any], task: Callable[[int, Any, int | None], Any]) -> Iterator[Any]:
        """``work(task(block, edges, threads))`` per block; ``threads`` is 1 on worker processes
        (one per core already) and None (numba's default) in this process."""
        from cohort.experiment.executors import make_executor

        count = n_blocks(self.config)
        executor = make_executor(self.jobs, self.scheduler, self.local_dask, count, lambda: _warm_up(self.config))
        self.executor = executor.name
        threads = None if executor.name == "in-process" else 1
        tallies: list[Tally] = []
        with executor:
            for output in blocks_in_turn(executor, work, lambda block, edges: task(block, edges, threads), count):
                yield output
                for key in self.totals:
                    self.totals[key] += output.timings[key]
                self.agent_days += output.agent_days
                tallies += output.tallies
                if self.progress is not None:
                    start, stop = block_range(self.config, output.block)
                    self.progress(stop - start)
        report_sums(tallies)


def _warm_up(config: Config) -> None:
    from cohort.experiment.runner import warm_up

    warm_up(block_config(config, 0))


def blocks_in_turn(executor: Any, work: Callable[[Any], Any], task: Callable[[int, Any], Any], count: int) -> Iterator[Any]:
    """The outputs of ``work(task(block, edges))`` for blocks 0 .. ``count`` - 1 on ``executor``:
    block 0 alone first (its output's ``edges`` set the histogram bins: ``task(0, None)``), then
    the others submitted lazily with those edges, yielded as they finish. A failed block raises
    CohortError naming it."""
    first = next(_results_lazy(executor.map(work, [task(0, None)])))
    yield first
    yield from _results_lazy(executor.map(work, (task(block, first.edges) for block in range(1, count))))


def _results_lazy(pairs: Iterator[tuple[Any, Any]]) -> Iterator[Any]:
    for task, output in pairs:
        if isinstance(output, BaseException):
            if isinstance(output, CohortError):
                raise output
            raise CohortError(f"block {task.block} of the cohort failed: {type(output).__name__}: {output}") from output
        yield output
