"""Memory a run will need, estimated from its config before anything is built.

A run holds, per athlete, its state row and working copies (model state, trait arrays, the
day's random draws, the athletes table of the results) and, per athlete and recording step,
every recorded variable (float32 in the recorder, then float64 in the tidy frames and the
Arrow table written to Parquet). So, in bytes::

    M = n_athletes x (B_athlete + steps x variables x B_value)

with ``steps`` = recorded days + 1 (baseline) and the two constants measured, not assumed
(peak resident set above the imported, warm process, ``configs/base.yaml``, 144 state
columns, 36 recorded variables, written to Parquet; 7 Dec 2026):

==========  =====  ========  ==========
athletes    weeks  interval  peak - base
==========  =====  ========  ==========
20,000      12     7 d       268 MB
40,000      12     7 d       400 MB
40,000      12     1 d       1,587 MB
==========  =====  ========  ==========

The 72 extra recording steps of the last row cost 412 B per athlete-step, 11.4 B per recorded
value (``B_value`` = 12 B); the rest, ~4.7-6.6 KB per athlete, is ``B_athlete`` = 8 B x 144
state columns x 6 (state, results and transient copies; 6.9 KB). The estimate is checked
against the memory available (``MemAvailable`` of ``/proc/meminfo``, or psutil where there is
no /proc) before a model is built, and a run that cannot fit is refused with the config keys
that set its size, instead of being killed by the operating system half-way.

A blocked cohort (``cohort.block_size``, :mod:`cohort.blocks`) holds one block per process
at a time: the same model with ``n_athletes`` = the block size, times the processes running
blocks at once, plus the merged aggregates (steps x 6 groups x variables x (histogram bins +
7) x 8 B, a few copies in flight); the cohort's size no longer enters. An unblocked request
that cannot fit is refused with the block size that would make it fit.

Arms over a blocked cohort (:mod:`cohort.experiment.blocked`) simulate a block in each arm in
turn and keep, while the next arm runs, the reference arm's recorded values (float32) and the
start the arms share (one state row per athlete), and form each arm's paired differences in
float64: one more state row and ``B_value`` more per recorded value than a block alone, and
aggregates for every arm and every arm's differences (2 x arms - 1 sets).

``COHORT_MEMORY_LIMIT`` (bytes, or with a K/M/G suffix) replaces the available memory (for a
machine shared with other work, and for tests).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cohort.config.models import Config
from cohort.errors import ConfigError, Problem

#: bytes per recorded value per athlete and recording step (float32 recorder + float64 frames
#: + Arrow; measured 11.4 B)
BYTES_PER_RECORDED_VALUE = 12
#: copies of the state row an athlete costs outside the recording (measured 4.1-5.7 copies)
STATE_ROW_COPIES = 6
#: the share of the available memory a run may plan to use (the rest: the interpreter's own
#: growth, the page cache for writing, estimate error)
USABLE_SHARE = 0.8
#: copies of a blocked run's aggregates held at once (merged total, partials in flight and buffered)
AGGREGATE_COPIES = 8


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes a run is expected to need above the already running process, by part."""

    athletes: int
    recording_steps: int
    recorded_variables: int
    state_bytes: int
    recording_bytes: int
    #: athletes per block of a blocked cohort (None: the whole cohort is in memory)
    block_size: int | None = None
    aggregate_bytes: int = 0

    @property
    def total_bytes(self) -> int:
        return self.state_bytes + self.recording_bytes + self.aggregate_bytes

    def describe(self) -> str:
        if self.block_size is not None:
            return (
                f"~{gib(self.total_bytes)} (blocks of {self.block_size:,} athletes: {gib(self.state_bytes + self.recording_bytes)} "
                f"per block in memory ({self.recording_steps} recording steps x {self.recorded_variables} variables) "
                f"+ {gib(self.aggregate_bytes, 'MiB')} of aggregates)"
            )
        return (
            f"~{gib(self.total_bytes)} ({self.athletes:,} athletes x ({gib(self.state_bytes / max(self.athletes, 1), 'KiB')} "
            f"of state and results + {self.recording_steps} recording steps x {self.recorded_variables} variables "
            f"x {BYTES_PER_RECORDED_VALUE} B))"
        )


def gib(n_bytes: float, unit: str = "GiB") -> str:
    scale = {"GiB": 1024**3, "MiB": 1024**2, "KiB": 1024}[unit]
    return f"{n_bytes / scale:.3g} {unit}"


def estimate(config: Config, recorded_variables: int | None = None, arms: int = 1) -> MemoryEstimate:
    """The memory a run of ``config`` needs (see the module docstring for the model); with
    ``arms`` > 1, a block of a blocked experiment with that many arms.

    ``recorded_variables`` defaults to the config's list or, without one, the subsystems'
    default recording (which imports the physiology registry).
    """
    from cohort.state import STATE

    if recorded_variables is None:
        if config.recording.variables:
            recorded_variables = len(config.recording.variables)
        else:
            from cohort.engine.recording import default_variables
            from cohort.physiology import load_all

            recorded_variables = len(default_variables(load_all()))
    n_days = config.n_days
    interval = config.recording.interval_days
    steps = 1 + n_days // interval + (0 if n_days % interval == 0 else 1)
    block = config.cohort.block_size
    n = config.cohort.size if block is None else min(block, config.cohort.size)
    aggregate = 0
    if block is not None:  # merged and in-flight partials (cohort.blocks.Partial), a few copies
        aggregate = AGGREGATE_COPIES * steps * 6 * recorded_variables * (config.recording.histogram_bins + 7) * 8
        aggregate *= 2 * arms - 1
    paired = 1 if arms > 1 else 0  # the shared start, the reference's values and the differences
    return MemoryEstimate(
        athletes=n,
        recording_steps=steps,
        recorded_variables=recorded_variables,
        state_bytes=n * 8 * len(STATE) * (STATE_ROW_COPIES + paired),
        recording_bytes=n * steps * recorded_variables * BYTES_PER_RECORDED_VALUE * (1 + paired),
        block_size=block,
        aggregate_bytes=aggregate,
    )


def parse_bytes(text: str) -> int:
    """``"512M"``, ``"2G"``, ``"1500000"`` -> bytes (binary units)."""
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def available_bytes() -> int | None:
    """Memory this process may still use: ``COHORT_MEMORY_LIMIT`` if set, else the kernel's
    estimate of available memory (``MemAvailable``), else psutil's; None if unknown."""
    limit = os.environ.get("COHORT_MEMORY_LIMIT")
    if limit:
        return parse_bytes(limit)
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:  # noqa: BLE001 - no psutil, or it cannot tell: the check is skipped
        return None


def check_memory(config: Config, source: str = "<api>", processes: int = 1, available: int | None = None,
                 arms: int = 1) -> MemoryEstimate:
    """Raise ConfigError when ``processes`` runs of ``config`` at once cannot fit in memory.

    ``source`` names the config file in the message; ``available`` (bytes) replaces the
    measured available memory; ``arms`` > 1: blocks of a blocked experiment with that many arms.
    Returns the estimate (of one run) when it fits or when the available memory is unknown.
    """
    needed = estimate(config, arms=arms)
    limit = available if available is not None else available_bytes()
    if limit is None or processes * needed.total_bytes <= USABLE_SHARE * limit:
        return needed
    times = f"{processes} runs at once x " if processes > 1 else ""
    per_athlete = max(needed.total_bytes / max(needed.athletes, 1), 1)
    fits = max(1, int(USABLE_SHARE * limit / processes / per_athlete))
    if needed.block_size is not None:
        raise ConfigError([
            Problem(
                source, "cohort.block_size", needed.block_size,
                f"a block that fits in memory: {times}{needed.describe()} is needed, but {gib(limit)} is available "
                f"({int(USABLE_SHARE * 100)} % usable; COHORT_MEMORY_LIMIT overrides). Lower cohort.block_size (about "
                f"{fits:,} athletes fit), record less often (recording.interval_days = {config.recording.interval_days}) "
                "or fewer variables (recording.variables)" + (", or run fewer jobs (--jobs)" if processes > 1 else ""),
            )
        ])
    block = max(100, min(50_000, fits // 2))
    raise ConfigError([
        Problem(
            source, "cohort.size", config.cohort.size,
            f"a run that fits in memory: this one needs {times}{needed.describe()}, but "
            f"{gib(limit)} is available ({int(USABLE_SHARE * 100)} % usable; COHORT_MEMORY_LIMIT overrides). "
            f"Set cohort.block_size (e.g. {block:,}: the cohort then runs block by block, memory set by the block, "
            f"results as aggregates; docs/blocks.md), lower cohort.size (about {fits:,} athletes fit), record less "
            f"often (recording.interval_days = {config.recording.interval_days}) or fewer variables "
            f"(recording.variables), or shorten duration_weeks (= {config.duration_weeks})"
            + (", or run fewer jobs (--jobs)" if processes > 1 else ""),
        )
    ])
