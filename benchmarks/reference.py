"""A fixed reference kernel, run in the same process beside every benchmark figure.

Figures measured on different machines, or on one machine under different loads, cannot be
compared as seconds. A figure divided by the time this kernel takes in the same process and
the same minute can: both scale with the core's speed (clock, IPC, memory) and with the share
of the core the process gets. ``bench.py`` reports every figure also as a ratio to it.

The kernel imitates the shape of cohort's daily work and nothing of its content: per athlete
row (40 float64 columns, about the width of a day's working set) and per day, 40 multiply-adds
that LLVM may vectorise, a reduction, one division, one ``exp`` and one ``log1p``. Its code,
sizes and constants are frozen (``VERSION``): change them and every ratio recorded before
becomes incomparable, so bump ``VERSION`` if you ever must.

Unit: **ns per row-day** (one row advanced one day). On the 2-core AMD EPYC (AVX-512) this was
written on it costs 47 CPU-ns per row-day (46-48, load 3.4 on 2 cores; wall 70-80 ns then).

    python benchmarks/reference.py      # prints one measurement
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

#: bump when the kernel, its sizes or its constants change (ratios across versions differ)
VERSION = 1
ROWS = 2000
COLUMNS = 40
DAYS = 7

_KERNEL: Callable[..., float] | None = None


def kernel() -> Callable[..., float]:
    """The compiled reference kernel (compiled once per process, never cached on disk)."""
    global _KERNEL
    if _KERNEL is None:
        from numba import njit

        @njit(cache=False, error_model="numpy")
        def reference_days(state, days, rate):  # type: ignore[no-untyped-def]
            n, m = state.shape
            total = 0.0
            for i in range(n):
                row = state[i]
                for _ in range(days):
                    s = 0.0
                    for j in range(m):
                        y = row[j] * (1.0 - rate) + rate * (1.0 - row[j])
                        row[j] = y
                        s += y
                    mean = s / m
                    row[0] = row[0] + rate * (math.exp(-mean) - row[0]) / (1.0 + mean)
                    row[1] = row[1] + rate * (math.log1p(mean) - row[1])
                total += row[0]
            return total

        _KERNEL = reference_days
    return _KERNEL


def measure(samples: int = 5, min_sample_s: float = 0.05) -> dict[str, Any]:
    """Time the reference kernel: ``samples`` samples of at least ``min_sample_s`` each.

    Returns ns per row-day as medians (with min and max) of wall and process CPU time, the load
    average at the time, and the kernel's version.
    """
    run = kernel()
    state = np.random.default_rng(20261207).random((ROWS, COLUMNS))
    run(state, 1, 1e-3)  # compile, touch the block
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            run(state, DAYS, 1e-3)
        if time.perf_counter() - start >= min_sample_s or calls >= 1 << 16:
            break
        calls *= 2
    walls, cpus = [], []
    for _ in range(samples):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            run(state, DAYS, 1e-3)
        walls.append((time.perf_counter() - start) * 1e9 / (calls * ROWS * DAYS))
        cpus.append((time.process_time() - start_cpu) * 1e9 / (calls * ROWS * DAYS))
    return {
        "version": VERSION,
        "wall_ns_per_row_day": _stats(walls),
        "cpu_ns_per_row_day": _stats(cpus),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "time_utc": time.strftime("%H:%M:%SZ", time.gmtime()),
    }


def _stats(values: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


if __name__ == "__main__":
    result = measure()
    wall, cpu = result["wall_ns_per_row_day"], result["cpu_ns_per_row_day"]
    print(
        f"reference kernel v{VERSION}: {wall['median']:.1f} ns/row-day wall ({wall['min']:.1f}-{wall['max']:.1f}), "
        f"{cpu['median']:.1f} CPU ({cpu['min']:.1f}-{cpu['max']:.1f}); load {result['load_average']}"
    )
