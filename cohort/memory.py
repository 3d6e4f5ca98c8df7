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


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes a run is expected to need above the already running process, by part."""

    athletes: int
    recording_steps: int
    recorded_variables: int
    state_bytes: int
    recording_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.state_bytes + self.recording_bytes

    def describe(self) -> str:
        return (
            f"~{gib(self.total_bytes)} ({self.athletes:,} athletes x ({gib(self.state_bytes / max(self.athletes, 1), 'KiB')} "
            f"of state and results + {self.recording_steps} recording steps x {self.recorded_variables} variables "
            f"x {BYTES_PER_RECORDED_VALUE} B))"
        )


def gib(n_bytes: float, unit: str = "GiB") -> str:
    scale = {"GiB": 1024**3, "MiB": 1024**2, "KiB": 1024}[unit]
    return f"{n_bytes / scale:.3g} {unit}"


def estimate(config: Config, recorded_variables: int | None = None) -> MemoryEstimate:
    """The memory a run of ``config`` needs (see the module docstring for the model).

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
    n = config.cohort.size
    return MemoryEstimate(
        athletes=n,
        recording_steps=steps,
        recorded_variables=recorded_variables,
        state_bytes=n * 8 * len(STATE) * STATE_ROW_COPIES,
        recording_bytes=n * steps * recorded_variables * BYTES_PER_RECORDED_VALUE,
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


def check_memory(config: Config, source: str = "<api>", processes: int = 1, available: int | None = None) -> MemoryEstimate:
    """Raise ConfigError when ``processes`` runs of ``config`` at once cannot fit in memory.

    ``source`` names the config file in the message; ``available`` (bytes) replaces the
    measured available memory. Returns the estimate (of one run) when it fits or when the
    available memory is unknown.
    """
    needed = estimate(config)
    limit = available if available is not None else available_bytes()
    if limit is None or processes * needed.total_bytes <= USABLE_SHARE * limit:
        return needed
    times = f"{processes} runs at once x " if processes > 1 else ""
    fits = max(1, int(USABLE_SHARE * limit / processes / max(needed.total_bytes / max(needed.athletes, 1), 1)))
    raise ConfigError([
        Problem(
            source, "cohort.size", config.cohort.size,
            f"a run that fits in memory: this one needs {times}{needed.describe()}, but "
            f"{gib(limit)} is available ({int(USABLE_SHARE * 100)} % usable; COHORT_MEMORY_LIMIT overrides). "
            f"Lower cohort.size (about {fits:,} athletes fit), record less often (recording.interval_days = "
            f"{config.recording.interval_days}) or fewer variables (recording.variables), or shorten duration_weeks "
            f"(= {config.duration_weeks})"
            + (", or run fewer jobs (--jobs)" if processes > 1 else ""),
        )
    ])
