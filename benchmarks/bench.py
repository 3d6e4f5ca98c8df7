#!/usr/bin/env python
"""cohort performance benchmark (issue 7; targets in DESIGN.md section 9).

Run from the repository root (or anywhere)::

    python benchmarks/bench.py --json bench.json            # full run, ~5-10 min on 2 cores
    python benchmarks/bench.py --quick --json bench.json    # ~2 min, experiment measured at 1/10
    python benchmarks/bench.py --smoke --json smoke.json    # tiny sizes, seconds (used by a test)
    python benchmarks/bench.py --quick --append results.jsonl   # one JSON line appended per run

Every figure is the median of several repetitions after a warm-up (min and max are kept).
Beside every figure, in the same process and minute, a fixed reference kernel
(``benchmarks/reference.py``) is timed, and every figure is also given as a ratio to it
(``ratios`` in the JSON): seconds of a machine differ, ratios carry across machines and loads.
Only ``model.advance`` is timed for throughput; model build is reported separately. Figures
are measured on the *current* tree: physiology that is still a placeholder costs nothing.
See ``benchmarks/README.md`` for what each JSON key means.
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BASE_CONFIG = REPO / "configs" / "base.yaml"
if (REPO / "cohort").is_dir():  # always benchmark the tree this script belongs to
    sys.path.insert(0, str(REPO))

# -- sizes ------------------------------------------------------------------------------------
#: per mode: athlete count -> days timed per repetition; repetitions; and the other workloads
SIZES: dict[str, dict[str, Any]] = {
    "full": {
        "throughput": {1000: 336, 10000: 112, 100000: 28},
        "repeats": 5,
        "run_52w": {"athletes": 10000, "weeks": 52, "repeats": 3},
        "uncompiled": {"athletes": 100, "days": 7},
        "scaling": {"runs": 24, "athletes": 1000, "days": 84, "repeats": 3, "cli_runs": 100},
        "experiment": {"runs": 1000, "athletes": 1000, "days": 84, "measured_runs": 1000},
        "startup": {"warm_repeats": 3, "cold_repeats": 2},
        "floor_min_s": 0.3,
    },
    "quick": {
        "throughput": {1000: 112, 10000: 56, 100000: 28},
        "repeats": 3,
        "run_52w": {"athletes": 10000, "weeks": 52, "repeats": 2},
        "uncompiled": {"athletes": 50, "days": 7},
        "scaling": {"runs": 12, "athletes": 1000, "days": 84, "repeats": 2, "cli_runs": 50},
        "experiment": {"runs": 1000, "athletes": 1000, "days": 84, "measured_runs": 100},
        "startup": {"warm_repeats": 2, "cold_repeats": 1},
        "floor_min_s": 0.15,
    },
    "smoke": {
        "throughput": {50: 7, 200: 7},
        "repeats": 2,
        "run_52w": {"athletes": 100, "weeks": 2, "repeats": 1},
        "uncompiled": {"athletes": 4, "days": 2},
        "scaling": {"runs": 2, "athletes": 50, "days": 7, "repeats": 1, "cli_runs": 0},
        "experiment": {"runs": 1000, "athletes": 50, "days": 14, "measured_runs": 4},
        "startup": {"warm_repeats": 1, "cold_repeats": 0},
        "floor_min_s": 0.01,
    },
}
WARMUP_DAYS = 7
TARGETS = {
    "agent_days_per_s_1000": 5e6,
    "agent_days_per_s_10000_and_more": 1e7,
    "run_52w_10000_s": 1.0,
    "two_process_scaling": 1.8,
    "experiment_1000x1000x84_s": 60.0,
}


# -- helpers ----------------------------------------------------------------------------------
def summary(values: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def peak_rss_mb() -> float:
    # VmHWM: this process image only (ru_maxrss would carry the forking parent's peak over exec)
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_cpu_s() -> float:
    """User + system CPU seconds of all waited-for child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("NUMBA_DISABLE_JIT", None)
    env.update(extra)
    return env


def run_json_subprocess(code: str, env: dict[str, str], timeout: float = 3600) -> tuple[dict[str, Any], float]:
    """Run ``python -c code`` in a fresh interpreter; it prints one JSON line last."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def make_config(athletes: int, days: int, extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from cohort.config.loader import load_config

    weeks = max(1, math.ceil(days / 7))
    return load_config(BASE_CONFIG, [f"cohort.size={athletes}", f"duration_weeks={weeks}", *extra])


def build_model(athletes: int, days: int, seed_offset: int = 0):  # type: ignore[no-untyped-def]
    """A model of ``configs/base.yaml`` resized; ``seed_offset`` > 0 gives other athletes."""
    from cohort.engine.model import CohortModel

    config = make_config(athletes, days)
    if seed_offset:
        config = config.model_copy(update={"seed": config.seed + seed_offset})
    return CohortModel(config)


def is_state_error(exc: BaseException) -> bool:
    """A model run stopped by the physiology (bounds check), not a benchmark bug."""
    return type(exc).__name__ == "StateError"


def machine_info() -> dict[str, Any]:
    import numba
    import numpy

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    flags: list[str] = []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")):
                flags = line.split(":", 1)[1].split()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    revision = os.environ.get("COHORT_BENCH_REVISION")  # for copies outside git (git archive)
    try:
        revision = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip() or revision
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "cpu_model": cpu,
        # the vector extensions LLVM may use (numba compiles for the host CPU)
        "cpu_simd_flags": [f for f in flags if f.startswith(("sse4", "avx", "fma", "neon", "asimd", "sve"))],
        "cpu_flags_count": len(flags),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": usable,
        "memory_gb": memory_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numba": numba.__version__,
        "numpy": numpy.__version__,
        "git_revision": revision,
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        # other processes on the machine distort wall-clock figures; see agent_days_per_cpu_s
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def model_info() -> dict[str, Any]:
    """What the current tree simulates (so figures can be compared across commits)."""
    from cohort.engine.recording import default_variables
    from cohort.mechanisms import MECHANISMS
    from cohort.physiology import load_all
    from cohort.state import DAY, STATE

    subsystems = load_all()
    per_owner: dict[str, int] = {}
    for entry in STATE:
        per_owner[entry.owner] = per_owner.get(entry.owner, 0) + 1
    return {
        "state_columns": len(STATE),
        "state_row_bytes": 8 * len(STATE),
        "day_vector_slots": len(DAY),
        "state_columns_by_owner": per_owner,
        "subsystems": [s.name for s in subsystems],
        "mechanisms": len(MECHANISMS),
        "mechanisms_on_by_default": sum(1 for m in MECHANISMS if m.default_enabled),
        "recorded_variables_default": len(default_variables(subsystems)),
        "config": str(BASE_CONFIG.relative_to(REPO)),
    }


# -- 1. throughput ----------------------------------------------------------------------------
def advance_or_note(model: Any, days: int, errors: list[str]) -> bool:
    """``model.advance(days)``; False, with the message noted, if the physiology left its bounds."""
    try:
        model.advance(days)
    except Exception as exc:  # noqa: BLE001 - only a StateError is expected; anything else is raised
        if not is_state_error(exc):
            raise
        errors.append(str(exc))
        return False
    return True


def measure_throughput(days_by_count: dict[int, int], repeats: int) -> dict[int, dict[str, Any]]:
    """Agent-days/s of ``model.advance`` in consecutive timed windows of a model (a new model,
    built outside the clock, when a year is used up). A window stopped by a StateError (the
    physiology left its bounds) is not counted: the error is reported and the next window
    runs on a fresh model with other athletes (seed + 1)."""
    out: dict[int, dict[str, Any]] = {}
    for athletes, days in days_by_count.items():
        model_days = min(364, WARMUP_DAYS + repeats * days)  # recording arrays scale with this
        model_days = max(model_days, WARMUP_DAYS + days)
        rates, seconds, cpu_rates, builds, errors = [], [], [], [], []
        warmup_s = math.nan
        model = None
        seed_offset = 0
        attempts = 0
        while len(rates) < repeats and attempts < 3 * repeats:
            attempts += 1
            if model is None or model.day + days > model_days:
                start = time.perf_counter()
                model = build_model(athletes, model_days, seed_offset)
                builds.append(time.perf_counter() - start)
                start = time.perf_counter()
                if not advance_or_note(model, WARMUP_DAYS, errors):  # compile or load the cache, touch every array
                    model, seed_offset = None, seed_offset + 1
                    continue
                if math.isnan(warmup_s):
                    warmup_s = time.perf_counter() - start
            start, start_cpu = time.perf_counter(), time.process_time()
            if not advance_or_note(model, days, errors):
                model, seed_offset = None, seed_offset + 1
                continue
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - start_cpu
            seconds.append(elapsed)
            rates.append(athletes * days / elapsed)
            cpu_rates.append(athletes * days / cpu if cpu > 0 else math.nan)
        if not rates:
            raise RuntimeError(f"no throughput window completed for {athletes} athletes: {errors[:1]}")
        stats = summary(rates)
        out[athletes] = {
            "agent_days_per_s": stats,
            "ns_per_agent_day": 1e9 / stats["median"],
            # per CPU-second of this process: what the figure would be on an idle machine
            "agent_days_per_cpu_s": summary(finite) if (finite := [r for r in cpu_rates if math.isfinite(r)]) else None,
            "days_per_repeat": days,
            "seconds_per_repeat": summary(seconds),
            "build_s": statistics.median(builds),
            "warmup_s": warmup_s,  # includes compilation (or cache load) for the first size
            "recorded_variables": len(model.recorder.names) if model is not None else None,
            "recording_interval_days": model.config.recording.interval_days if model is not None else None,
            "state_errors": errors,
        }
        del model
    return out


def measure_run_52w(athletes: int, weeks: int, repeats: int) -> dict[str, Any]:
    """Wall time of advancing a fresh model through its whole duration (build excluded).

    A run stopped by a StateError is reported; its time is extrapolated from the days it
    completed (``extrapolated`` lists those) and the next repetition uses other athletes."""
    days = 7 * weeks
    builds, runs, cpus, errors, extrapolated = [], [], [], [], []
    for repeat in range(repeats):
        start = time.perf_counter()
        model = build_model(athletes, days, seed_offset=repeat if errors else 0)
        builds.append(time.perf_counter() - start)
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            model.advance(days)
        except Exception as exc:  # noqa: BLE001
            if not is_state_error(exc):
                raise
            elapsed = time.perf_counter() - start
            errors.append(str(exc))
            if model.day > 0:
                runs.append(elapsed * days / model.day)
                extrapolated.append(model.day)
            continue
        runs.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
        del model
    if not runs:
        raise RuntimeError(f"52-week run failed at once: {errors[:1]}")
    return {
        "athletes": athletes, "weeks": weeks, "advance_s": summary(runs), "build_s": summary(builds),
        "advance_cpu_s": summary(cpus) if cpus else None,
        "state_errors": errors, "extrapolated_from_days": extrapolated,
    }


# -- 2. memory floor --------------------------------------------------------------------------
_FLOOR_KERNEL: Callable[..., Any] | None = None


def floor_kernel() -> Callable[..., Any]:
    """One compiled pass that reads and writes every cell of a state-shaped block."""
    global _FLOOR_KERNEL
    if _FLOOR_KERNEL is None:
        from numba import njit

        @njit(cache=False)
        def read_write_pass(state, scale, shift):  # type: ignore[no-untyped-def]
            n, m = state.shape
            for i in range(n):
                for j in range(m):
                    state[i, j] = state[i, j] * scale + shift  # runtime constants: not elided

        _FLOOR_KERNEL = read_write_pass
    return _FLOOR_KERNEL


def measure_floor(counts: list[int], min_seconds: float) -> dict[int, dict[str, Any]]:
    import numpy as np

    from cohort.state import STATE

    kernel = floor_kernel()
    rng = np.random.default_rng(0)
    out: dict[int, dict[str, Any]] = {}
    for athletes in counts:
        block = rng.random((athletes, len(STATE)))
        kernel(block, 1.0, 0.0)
        passes = 1
        while True:  # enough passes per sample to be well above timer resolution
            start = time.perf_counter()
            for _ in range(passes):
                kernel(block, 1.0, 0.0)
            if time.perf_counter() - start > min_seconds / 5 or passes > 1 << 20:
                break
            passes *= 2
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(passes):
                kernel(block, 1.0, 0.0)
            samples.append((time.perf_counter() - start) / passes)
        stats = summary(samples)
        out[athletes] = {
            "pass_s": stats,
            "ns_per_athlete": 1e9 * stats["median"] / athletes,
            "block_mb": block.nbytes / 1e6,
            "gb_per_s": 2 * block.nbytes / stats["median"] / 1e9,  # read + write
        }
    return out


# -- 3. uncompiled reference -----------------------------------------------------------------
UNCOMPILED_CODE = r"""
import json, sys, time
sys.path.insert(0, {bench_dir!r})
import bench
athletes, days = {athletes}, {days}
model = bench.build_model(athletes, days + 1)
model.advance(1)
start = time.perf_counter()
model.advance(days)
elapsed = time.perf_counter() - start
print(json.dumps({{"athletes": athletes, "days": days, "seconds": elapsed,
                  "agent_days_per_s": athletes * days / elapsed}}))
"""


def measure_uncompiled(athletes: int, days: int) -> dict[str, Any]:
    code = UNCOMPILED_CODE.format(bench_dir=str(Path(__file__).parent), athletes=athletes, days=days)
    result, _wall = run_json_subprocess(code, subprocess_env(NUMBA_DISABLE_JIT="1"))
    result["method"] = (
        "NUMBA_DISABLE_JIT=1 in a fresh subprocess: the same per-athlete kernels run as plain "
        "Python, one athlete at a time (the classic per-agent way)"
    )
    return result


# -- 4. experiment workload (scaling, 1000-run experiment) -----------------------------------
def experiment_runner_available() -> bool:
    try:
        spec = importlib.util.find_spec("cohort.experiment.runner")
    except ModuleNotFoundError:
        return False
    if spec is None:
        return False
    try:
        module = importlib.import_module("cohort.experiment.runner")
    except Exception:  # noqa: BLE001 - a half-written module counts as unavailable
        return False
    return hasattr(module, "run_experiment")


def _warm_worker() -> None:
    """Pool initializer: one numba thread per worker process (as the experiment runner's
    workers do: they parallelise over runs), then load the compiled kernels."""
    import numba

    numba.set_num_threads(1)
    one_run((10, 2, 0))


def one_run(job: tuple[int, int, int]) -> int:
    """One model run as an experiment would do it: build, simulate, summaries and aggregates."""
    athletes, days, seed = job
    from cohort.engine.model import CohortModel

    model = CohortModel(make_config(athletes, days, (f"seed={seed}",)))
    try:
        model.advance(days)
    except Exception as exc:  # noqa: BLE001 - a run the physiology stopped counts as failed
        if is_state_error(exc):
            return -1
        raise
    result = model.result(replicate=seed)
    return len(result.cohort_daily) + len(result.athletes)


def pool_throughput(workers: int, runs: int, athletes: int, days: int) -> float:
    """Runs per second of ``runs`` independent model runs on ``workers`` warm processes."""
    jobs = [(athletes, days, seed) for seed in range(runs)]
    with ProcessPoolExecutor(workers, initializer=_warm_worker) as pool:
        list(pool.map(_noop, range(workers)))  # workers are up and warm
        start = time.perf_counter()
        list(pool.map(one_run, jobs, chunksize=1))
        elapsed = time.perf_counter() - start
    return runs / elapsed


def _noop(value: int) -> int:
    time.sleep(0.05)  # keeps one worker busy so the other one starts too
    return value


def measure_scaling(runs: int, athletes: int, days: int, repeats: int, cli_runs: int, real_runner: bool) -> dict[str, Any]:
    """Throughput on 2 processes divided by 1: the real experiment runner (``cohort
    experiment --jobs 1|2``, end to end) when it exists, and always independent model runs
    on a warm process pool (the kernel's own scaling, without startup)."""
    single, double = [], []
    for _ in range(repeats):
        single.append(pool_throughput(1, runs, athletes, days))
        double.append(pool_throughput(2, runs, athletes, days))
    ratios = [b / a for a, b in zip(single, double, strict=True)]
    out: dict[str, Any] = {
        "independent_runs": {
            "ratio": summary(ratios),
            "runs_per_s_1_process": summary(single),
            "runs_per_s_2_processes": summary(double),
            "workload": {"runs": runs, "athletes": athletes, "days": days},
            "method": "independent model runs (build, advance, result() with cohort aggregates) on a warm "
            "ProcessPoolExecutor(2) vs (1); runs/s ratio",
        },
        "ratio": summary(ratios),
        "method": "independent_runs",
    }
    if real_runner and cli_runs > 0:
        try:
            one = [run_cli_experiment(cli_runs, athletes, days, 1)["seconds"] for _ in range(repeats)]
            two = [run_cli_experiment(cli_runs, athletes, days, 2)["seconds"] for _ in range(repeats)]
            cli_ratios = [a / b for a, b in zip(one, two, strict=True)]
            out["experiment_cli"] = {
                "ratio": summary(cli_ratios),
                "seconds_jobs_1": summary(one),
                "seconds_jobs_2": summary(two),
                "workload": {"runs": cli_runs, "athletes": athletes, "days": days},
                "method": "`cohort experiment --jobs 1` wall time / `--jobs 2` wall time, fresh interpreter, "
                "end to end (includes startup and Parquet writing)",
            }
            out["ratio"] = summary(cli_ratios)
            out["method"] = "experiment_cli"
        except Exception as exc:  # noqa: BLE001 - keep the fallback figure, say why
            out["experiment_cli_error"] = str(exc)[-500:]
    return out


def write_experiment_file(folder: Path, runs: int, athletes: int, days: int) -> Path:
    """An experiment file for the benchmark workload: one arm, ``runs`` replicates."""
    import yaml

    spec = {
        "name": "benchmark",
        "hypothesis": "benchmark workload (no scientific question)",
        "base": str(BASE_CONFIG),
        "set": {"cohort": {"size": athletes}, "duration_weeks": max(1, math.ceil(days / 7))},
        "replicates": runs,
        "arms": {"control": {}},
        "record": {"interval_days": 7},
    }
    path = folder / "benchmark.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


CLI_CODE = r"""
import resource, sys, json
def peak_rss_mb():
    # VmHWM: this process image only (ru_maxrss would carry the forking parent's peak over exec)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from cohort.cli import main
code = main(sys.argv[1:])
kib = 1024
print(json.dumps({"exit": code,
    "driver_peak_rss_mb": peak_rss_mb(),
    "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib}))
"""


def run_cli_experiment(runs: int, athletes: int, days: int, workers: int) -> dict[str, Any]:
    """``cohort experiment FILE --jobs N --out DIR`` in a fresh interpreter (writes Parquet)."""
    folder = Path(tempfile.mkdtemp(prefix="cohort-bench-exp-"))
    try:
        path = write_experiment_file(folder, runs, athletes, days)
        start, children = time.perf_counter(), children_cpu_s()
        done = subprocess.run(
            [sys.executable, "-c", CLI_CODE, "experiment", str(path), "--jobs", str(workers), "--out", str(folder / "out"), "--no-report"],
            env=subprocess_env(), cwd=REPO, capture_output=True, text=True, timeout=3600,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0 or not done.stdout.strip():
            raise RuntimeError(f"cohort experiment failed ({done.returncode}): {done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        failures = folder / "out" / "failures.json"
        try:
            result["failed_runs"] = len(json.loads(failures.read_text())) if failures.exists() else 0
        except (OSError, ValueError):
            result["failed_runs"] = None
        # exit 1 with failures.json: the experiment completed and some runs raised a StateError
        if result["exit"] != 0 and not (result["exit"] == 1 and result["failed_runs"]):
            raise RuntimeError(f"cohort experiment exited {result['exit']}: {done.stderr[-2000:]}")
        result["seconds"] = wall
        result["cpu_s"] = children_cpu_s() - children  # driver and its workers, user + system
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


EXPERIMENT_CODE = r"""
import json, os, resource, sys, time
start = time.perf_counter()
sys.path.insert(0, {bench_dir!r})
import bench
from concurrent.futures import ProcessPoolExecutor
runs, athletes, days, workers = {runs}, {athletes}, {days}, {workers}
jobs = [(athletes, days, seed) for seed in range(runs)]
with ProcessPoolExecutor(workers, initializer=bench._warm_worker) as pool:
    outcomes = list(pool.map(bench.one_run, jobs, chunksize=4))
done = sum(1 for o in outcomes if o >= 0)
elapsed = time.perf_counter() - start
kib = 1024
print(json.dumps({{
    "runs": done, "failed_runs": len(outcomes) - done, "seconds_in_driver": elapsed,
    "driver_peak_rss_mb": bench.peak_rss_mb(),
    "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib,
}}))
"""


def _experiment_once(runs: int, athletes: int, days: int, workers: int, real_runner: bool) -> tuple[dict[str, Any], float, str, str | None]:
    """One end-to-end experiment of ``runs`` runs: (result, wall seconds, method, CLI error)."""
    error = None
    if real_runner:
        try:
            result = run_cli_experiment(runs, athletes, days, workers)
            return result, result["seconds"], "cli", None
        except Exception as exc:  # noqa: BLE001 - report and fall back to the direct method
            error = str(exc)[-500:]
    code = EXPERIMENT_CODE.format(bench_dir=str(Path(__file__).parent), runs=runs, athletes=athletes, days=days, workers=workers)
    children = children_cpu_s()
    result, wall = run_json_subprocess(code, subprocess_env())
    result["cpu_s"] = children_cpu_s() - children
    return result, wall, "direct", error


def extrapolate_runs(small_runs: int, small_s: float, double_s: float, runs: int) -> tuple[float, float, float]:
    """(fixed cost a s, cost per run b s, a + b x ``runs`` s) from experiments of m and 2m runs.

    T = a + b N through the two measurements; when noise exceeds the work (b <= 0 or a < 0)
    the 2m-run time is scaled proportionally instead (a = 0).
    """
    per_run_s = (double_s - small_s) / small_runs
    fixed_s = small_s - per_run_s * small_runs
    if per_run_s <= 0 or fixed_s < 0:  # noise larger than the work: proportional scaling instead
        fixed_s, per_run_s = 0.0, double_s / (2 * small_runs)
    return fixed_s, per_run_s, fixed_s + per_run_s * runs


def measure_experiment(
    runs: int, athletes: int, days: int, measured_runs: int, workers: int, real_runner: bool
) -> dict[str, Any]:
    """End-to-end wall time of the 1,000-run experiment (fresh interpreter, all cores).

    When fewer runs are measured (``--quick``, ``--smoke``), experiments of m and 2m runs give
    a fixed cost a and a cost per run b (T = a + b N), and the figure is a + b x ``runs``:
    scaling the m-run time by runs/m would multiply the start-up and the last consolidation
    window too (it overstated the 1,000-run time by ~40 %)."""
    result, wall, method, error = _experiment_once(measured_runs, athletes, days, workers, real_runner)
    measured = [{"runs": measured_runs, "seconds": wall, "cpu_s": result["cpu_s"]}]
    fixed_s, per_run_s, seconds = 0.0, wall / measured_runs, wall
    if measured_runs < runs:
        second, wall_2, _, _ = _experiment_once(2 * measured_runs, athletes, days, workers, method == "cli")
        measured.append({"runs": 2 * measured_runs, "seconds": wall_2, "cpu_s": second["cpu_s"]})
        fixed_s, per_run_s, seconds = extrapolate_runs(measured_runs, wall, wall_2, runs)
        fixed_cpu_s, per_run_cpu_s, _ = extrapolate_runs(measured_runs, result["cpu_s"], second["cpu_s"], runs)
    else:
        fixed_cpu_s, per_run_cpu_s = 0.0, result["cpu_s"] / measured_runs
        for key in ("driver_peak_rss_mb", "worker_peak_rss_mb"):
            result[key] = max(result[key], second[key])
        result["failed_runs"] = (result.get("failed_runs") or 0) + (second.get("failed_runs") or 0)
    peak = max(result["driver_peak_rss_mb"], result["worker_peak_rss_mb"])
    return {
        "seconds": seconds,
        "measured": measured,
        "fixed_s": fixed_s,
        "per_run_s": per_run_s,
        # CPU (user + system) of the driver and workers: T_cpu = a + b N as for wall time
        "fixed_cpu_s": fixed_cpu_s,
        "per_run_cpu_s": per_run_cpu_s,
        "cpu_ns_per_agent_day": per_run_cpu_s * 1e9 / (athletes * days),
        "extrapolated_to_runs": runs if measured_runs < runs else None,
        "athletes": athletes,
        "days": days,
        "workers": workers,
        "peak_rss_mb": peak,
        "driver_peak_rss_mb": result["driver_peak_rss_mb"],
        "worker_peak_rss_mb": result["worker_peak_rss_mb"],
        "total_rss_estimate_mb": result["driver_peak_rss_mb"] + workers * result["worker_peak_rss_mb"],
        "runner": method,
        "runner_error": error,
        "failed_runs": result.get("failed_runs"),  # runs stopped by a StateError (not retried)
    }


# -- 5. startup -------------------------------------------------------------------------------
STARTUP_CODE = r"""
import json, time
t0 = time.perf_counter()
from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
t1 = time.perf_counter()
model = CohortModel(load_config({config!r}, ["cohort.size=10", "duration_weeks=1"]))
t2 = time.perf_counter()
model.advance(1)
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "build_s": t2 - t1, "first_day_s": t3 - t2}}))
"""


def measure_startup(warm_repeats: int, cold_repeats: int) -> dict[str, Any]:
    """Fresh interpreter: import, build a tiny model, simulate one day (compile or cache load)."""
    code = STARTUP_CODE.format(config=str(BASE_CONFIG))
    out: dict[str, Any] = {}
    if warm_repeats:
        run_json_subprocess(code, subprocess_env())  # make sure the default cache is filled
        walls, cpus, parts = [], [], []
        for _ in range(warm_repeats):
            children = children_cpu_s()
            part, wall = run_json_subprocess(code, subprocess_env())
            cpus.append(children_cpu_s() - children)
            walls.append(wall)
            parts.append(part)
        out["warm_cache"] = {"wall_s": summary(walls), "cpu_s": summary(cpus), **_median_parts(parts)}
        out["commands"] = measure_commands(warm_repeats)
    if cold_repeats:
        walls, cpus, parts = [], [], []
        for _ in range(cold_repeats):
            folder = tempfile.mkdtemp(prefix="cohort-bench-numba-")
            children = children_cpu_s()
            try:
                part, wall = run_json_subprocess(code, subprocess_env(NUMBA_CACHE_DIR=folder))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            cpus.append(children_cpu_s() - children)  # the compile is CPU-bound: on a loaded machine CPU holds, wall swings
            walls.append(wall)
            parts.append(part)
        out["cold_cache"] = {"wall_s": summary(walls), "cpu_s": summary(cpus), **_median_parts(parts)}
    else:
        out["cold_cache"] = {"skipped": "smoke mode (a cold compile takes many seconds)"}
    return out


#: what users start most: the cheapest command, a listing, a tiny run (warm numba cache)
STARTUP_COMMANDS = {
    "version": ["--version"],
    "variables": ["variables"],
    "tiny_run": ["run", "{config}", "--set", "cohort.size=10", "--set", "duration_weeks=1", "--out", "{out}", "--overwrite"],
}


def measure_commands(repeats: int) -> dict[str, Any]:
    """Wall and CPU seconds of ``python -m cohort ...`` start-up commands in fresh interpreters
    (after one untimed run of each, so the numba cache is warm)."""
    folder = Path(tempfile.mkdtemp(prefix="cohort-bench-cli-"))
    out: dict[str, Any] = {}
    try:
        for name, template in STARTUP_COMMANDS.items():
            argv = [a.format(config=str(BASE_CONFIG), out=str(folder / name)) for a in template]
            walls, cpus = [], []
            for attempt in range(repeats + 1):
                start, children = time.perf_counter(), children_cpu_s()
                done = subprocess.run(
                    [sys.executable, "-m", "cohort", *argv], env=subprocess_env(), cwd=REPO,
                    capture_output=True, text=True, timeout=3600,
                )
                wall, cpu = time.perf_counter() - start, children_cpu_s() - children
                if done.returncode != 0:
                    raise RuntimeError(f"cohort {' '.join(argv)} failed: {done.stderr[-2000:]}")
                if attempt:  # the first run fills the cache
                    walls.append(wall)
                    cpus.append(cpu)
            out[name] = {"argv": argv, "wall_s": summary(walls), "cpu_s": summary(cpus)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _median_parts(parts: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(p[key] for p in parts) for key in parts[0]}


# -- reference kernel and ratios -------------------------------------------------------------
def reference_kernel_measure(samples: int) -> dict[str, Any]:
    """One measurement of the fixed reference kernel (``benchmarks/reference.py``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import reference

    return reference.measure(samples=samples)


def beside(measurements: list[dict[str, Any]]) -> dict[str, float]:
    """The reference for one figure: mean of the reference medians measured just before and
    just after it (ns per row-day, wall and CPU), with the load averages seen."""
    return {
        "wall_ns_per_row_day": statistics.fmean(m["wall_ns_per_row_day"]["median"] for m in measurements),
        "cpu_ns_per_row_day": statistics.fmean(m["cpu_ns_per_row_day"]["median"] for m in measurements),
        "load_1min": [m["load_average"][0] for m in measurements if m["load_average"]],
    }


def scaled(stats: dict[str, Any], factor: float, inverse: bool = False) -> dict[str, Any]:
    """``{"median", "min", "max"}`` of x * factor, or of factor / x when ``inverse`` (a rate to a
    cost: min and max swap)."""
    if inverse:
        return {"median": factor / stats["median"], "min": factor / stats["max"], "max": factor / stats["min"]}
    return {"median": stats["median"] * factor, "min": stats["min"] * factor, "max": stats["max"] * factor}


def ratios(report: dict[str, Any]) -> dict[str, Any]:
    """Every figure as a ratio to the reference kernel measured beside it.

    Costs per agent-day: ns per agent-day / reference ns per row-day (wall / wall, CPU / CPU).
    Times: seconds / the time of 10^6 reference row-days ("Mrd", wall), so a figure of 20
    means the time the reference kernel needs for 20 million row-days on the same core.
    """
    ref = report["reference"]
    out: dict[str, Any] = {"units": {
        "per_agent_day": "ns per agent-day / reference ns per row-day (same clock)",
        "mrd": "seconds / seconds of 1e6 reference row-days (wall)",
    }}
    r = ref["throughput"]
    out["agent_day_wall"] = {
        n: scaled(d["agent_days_per_s"], 1e9 / r["wall_ns_per_row_day"], inverse=True)
        for n, d in report["throughput_detail"].items()
    }
    out["agent_day_cpu"] = {
        n: {"median": 1e9 / d["agent_days_per_cpu_s"]["median"] / r["cpu_ns_per_row_day"],
            "min": 1e9 / d["agent_days_per_cpu_s"]["max"] / r["cpu_ns_per_row_day"],
            "max": 1e9 / d["agent_days_per_cpu_s"]["min"] / r["cpu_ns_per_row_day"]}
        for n, d in report["throughput_detail"].items() if d["agent_days_per_cpu_s"]
    }
    r52, r = report["run_52w_detail"], ref["run_52w"]
    agent_days = r52["athletes"] * r52["weeks"] * 7
    out["run_52w_agent_day_wall"] = scaled(r52["advance_s"], 1e9 / agent_days / r["wall_ns_per_row_day"])
    out["run_52w_mrd"] = scaled(r52["advance_s"], 1e3 / r["wall_ns_per_row_day"])
    if r52.get("advance_cpu_s"):
        out["run_52w_agent_day_cpu"] = scaled(r52["advance_cpu_s"], 1e9 / agent_days / r["cpu_ns_per_row_day"])
    exp, r = report["experiment_detail"], ref["experiment"]
    out["experiment_mrd"] = exp["seconds"] * 1e3 / r["wall_ns_per_row_day"]
    out["experiment_agent_day_cpu"] = exp["cpu_ns_per_agent_day"] / r["cpu_ns_per_row_day"]
    kernel_rates = [d["agent_days_per_cpu_s"]["median"] for d in report["throughput_detail"].values() if d["agent_days_per_cpu_s"]]
    if kernel_rates:
        # issue 15 item 1: an experiment's CPU per agent-day / the kernel's (target <= 1.3); both
        # are CPU time, so the ratio holds under load, and the reference cancels. The kernel's is
        # the cheapest of the throughput sizes: small cohorts on threads also count the threads'
        # waiting as CPU, which the experiment's one-thread workers do not pay
        out["kernel_cpu_ns_per_agent_day"] = 1e9 / max(kernel_rates)
        out["experiment_cpu_vs_kernel"] = exp["cpu_ns_per_agent_day"] / out["kernel_cpu_ns_per_agent_day"]
    startup, r = report["startup_detail"], ref["startup"]
    if "wall_s" in startup.get("warm_cache", {}):
        out["startup_warm_mrd"] = scaled(startup["warm_cache"]["wall_s"], 1e3 / r["wall_ns_per_row_day"])
    if "wall_s" in startup.get("cold_cache", {}):
        out["startup_cold_mrd"] = scaled(startup["cold_cache"]["wall_s"], 1e3 / r["wall_ns_per_row_day"])
    for name, command in startup.get("commands", {}).items():
        out[f"command_{name}_wall_mrd"] = scaled(command["wall_s"], 1e3 / r["wall_ns_per_row_day"])
        out[f"command_{name}_cpu_mrd"] = scaled(command["cpu_s"], 1e3 / r["cpu_ns_per_row_day"])
    return out


# -- report -----------------------------------------------------------------------------------
def build_report(mode: str, workers: int) -> dict[str, Any]:
    sizes = SIZES[mode]
    report: dict[str, Any] = {"mode": mode, "machine": machine_info(), "model": model_info()}
    log = lambda text: print(f"[bench] {text}", file=sys.stderr, flush=True)  # noqa: E731
    samples = 2 if mode == "smoke" else 5
    measurements: list[dict[str, Any]] = []
    report["reference_measurements"] = measurements
    report["reference"] = {}

    def reference_now() -> dict[str, Any]:
        measurements.append(reference_kernel_measure(samples))
        return measurements[-1]

    last = reference_now()

    def around(section: str) -> None:
        nonlocal last
        after = reference_now()
        report["reference"][section] = beside([last, after])
        last = after

    log("throughput (full model, default recording) ...")
    throughput = measure_throughput(sizes["throughput"], sizes["repeats"])
    report["agent_days_per_s"] = {str(n): t["agent_days_per_s"]["median"] for n, t in throughput.items()}
    report["agent_days_per_cpu_s"] = {
        str(n): t["agent_days_per_cpu_s"]["median"] for n, t in throughput.items() if t["agent_days_per_cpu_s"]
    }
    report["throughput_detail"] = {str(n): t for n, t in throughput.items()}
    report["build_s"] = {str(n): t["build_s"] for n, t in throughput.items()}
    around("throughput")

    log("52-week run ...")
    run_52w = measure_run_52w(**sizes["run_52w"])
    report["run_52w_10000_s"] = run_52w["advance_s"]["median"]
    report["run_52w_detail"] = run_52w
    around("run_52w")

    log("memory floor ...")
    floor = measure_floor(list(throughput), sizes["floor_min_s"])
    report["floor_ratio"] = {
        str(n): throughput[n]["ns_per_agent_day"] / floor[n]["ns_per_athlete"] for n in throughput
    }
    report["floor_detail"] = {
        str(n): {**f, "floor_agent_days_per_s": 1e9 / f["ns_per_athlete"]} for n, f in floor.items()
    }
    around("floor")

    log("uncompiled reference ...")
    uncompiled = measure_uncompiled(**sizes["uncompiled"])
    compiled_reference = min(throughput)
    report["uncompiled_agent_days_per_s"] = uncompiled["agent_days_per_s"]
    report["ratio_vs_uncompiled"] = report["agent_days_per_s"][str(compiled_reference)] / uncompiled["agent_days_per_s"]
    report["uncompiled_detail"] = {**uncompiled, "compiled_reference_athletes": compiled_reference}

    log("two-process scaling ...")
    real_runner = experiment_runner_available()
    report["experiment_runner_available"] = real_runner
    scaling = measure_scaling(**sizes["scaling"], real_runner=real_runner)
    if not real_runner:
        scaling["note"] = "cohort.experiment.runner.run_experiment was not available: independent runs measured"
    report["two_process_scaling"] = scaling["ratio"]["median"]
    report["two_process_scaling_detail"] = scaling

    log("1000-run experiment ...")
    experiment = measure_experiment(**sizes["experiment"], workers=workers, real_runner=real_runner)
    if experiment["runner"] == "cli":
        how = f"`cohort experiment --jobs {workers} --no-report` (one arm, replicates, recording interval 7 d, Parquet written; analysis/report step skipped)"
    else:
        how = (
            f"runs measured directly (build, advance, CohortResult with cohort aggregates, nothing written to "
            f"disk) on ProcessPoolExecutor({workers})"
            + ("" if real_runner else " because cohort.experiment.runner.run_experiment was not available")
            + (f" because the CLI failed: {experiment['runner_error']}" if experiment["runner_error"] else "")
        )
    runs_measured = " and ".join(str(m["runs"]) for m in experiment["measured"])
    experiment["method"] = (
        f"{runs_measured} runs of {experiment['athletes']} athletes x {experiment['days']} days, "
        f"{how}, fresh interpreter, end to end"
        + (
            f"; extrapolated to {experiment['extrapolated_to_runs']} runs as fixed {experiment['fixed_s']:.2f} s "
            f"+ {experiment['per_run_s'] * 1000:.1f} ms per run"
            if experiment["extrapolated_to_runs"] else ""
        )
    )
    report["experiment_1000x1000x84_s"] = experiment["seconds"]
    report["experiment_peak_rss_mb"] = experiment["peak_rss_mb"]
    report["experiment_detail"] = experiment
    around("experiment")

    log("startup (warm and cold numba cache) ...")
    startup = measure_startup(**sizes["startup"])
    report["startup_s"] = {
        "warm_cache": startup["warm_cache"]["wall_s"]["median"],
        **({"cold_cache": startup["cold_cache"]["wall_s"]["median"]} if "wall_s" in startup["cold_cache"] else {}),
    }
    report["startup_detail"] = startup
    around("startup")
    if hasattr(os, "getloadavg"):
        report["machine"]["load_average_at_end"] = list(os.getloadavg())
    report["main_process_peak_rss_mb"] = peak_rss_mb()
    report["ratios"] = ratios(report)
    report["targets"] = TARGETS
    report["sizes"] = {key: (value if not isinstance(value, dict) else {str(k): v for k, v in value.items()}) for key, value in sizes.items()}
    return report


def fmt(stats: dict[str, Any], spec: str = ".3g") -> str:
    """``median (min-max)``."""
    return f"{stats['median']:{spec}} ({stats['min']:{spec}}-{stats['max']:{spec}})"


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(f"\ncohort benchmark ({report['mode']}) on {m['cpu_model']} ({' '.join(m.get('cpu_simd_flags', [])[:6])}...), "
          f"{m['usable_cpus']} cpus, python {m['python']}, numba {m['numba']}, numpy {m['numpy']}, rev {m['git_revision']}")
    if m.get("load_average_at_start") is not None:
        print(f"load average at start {m['load_average_at_start'][0]:.2f}, at end {m.get('load_average_at_end', [float('nan')])[0]:.2f}")
    info = report["model"]
    print(f"model: {info['state_columns']} state columns ({info['state_row_bytes']} B/row), "
          f"{info['day_vector_slots']} day slots, {info['mechanisms']} mechanisms, "
          f"{info['recorded_variables_default']} recorded variables")
    ref = report["reference"]
    print("\nreference kernel (benchmarks/reference.py), ns per row-day, beside each figure (wall / CPU; load 1 min):")
    for section, r in ref.items():
        loads = ", ".join(f"{x:.1f}" for x in r["load_1min"])
        print(f"  {section:<11} {r['wall_ns_per_row_day']:6.1f} / {r['cpu_ns_per_row_day']:5.1f}   load {loads}")
    q = report["ratios"]
    print("\nratios: per agent-day = ns per agent-day / reference ns per row-day; Mrd = seconds / seconds of 1e6 "
          "reference row-days")
    print(f"\n{'athletes':>9} {'agent-days/s':>28} {'per cpu-s':>10} {'x ref (wall)':>20} {'x ref (cpu)':>20} {'build s':>8}")
    for n, detail in report["throughput_detail"].items():
        cpu = detail["agent_days_per_cpu_s"] or {"median": math.nan}
        cpu_ratio = fmt(q["agent_day_cpu"][n], ".2f") if n in q["agent_day_cpu"] else "-"
        print(f"{n:>9} {fmt(detail['agent_days_per_s']):>28} {cpu['median']:10.3g} "
              f"{fmt(q['agent_day_wall'][n], '.2f'):>20} {cpu_ratio:>20} {detail['build_s']:8.3f}")
    r52 = report["run_52w_detail"]
    print(f"\n{'figure':<46} {'median (min-max)':>28} {'ratio to reference':>30}")
    rows = [
        (f"{r52['weeks']}-week run, {r52['athletes']} athletes (s)", r52["advance_s"],
         f"{fmt(q['run_52w_mrd'])} Mrd"),
        ("two-process scaling (x)", report["two_process_scaling_detail"]["ratio"], "(a ratio)"),
    ]
    if "warm_cache" in report["startup_detail"] and "wall_s" in report["startup_detail"]["warm_cache"]:
        rows.append(("startup, import+build+1 day, warm cache (s)", report["startup_detail"]["warm_cache"]["wall_s"],
                     f"{fmt(q['startup_warm_mrd'])} Mrd"))
    if "wall_s" in report["startup_detail"].get("cold_cache", {}):
        rows.append(("startup, cold cache (s)", report["startup_detail"]["cold_cache"]["wall_s"],
                     f"{fmt(q['startup_cold_mrd'])} Mrd"))
        if "cpu_s" in report["startup_detail"]["cold_cache"]:
            rows.append(("startup, cold cache: CPU s", report["startup_detail"]["cold_cache"]["cpu_s"], ""))
    for name, command in report["startup_detail"].get("commands", {}).items():
        rows.append((f"cohort {name.replace('_', ' ')}: wall s", command["wall_s"], f"{fmt(q[f'command_{name}_wall_mrd'])} Mrd"))
        rows.append((f"cohort {name.replace('_', ' ')}: CPU s", command["cpu_s"], f"{fmt(q[f'command_{name}_cpu_mrd'])} Mrd"))
    for label, stats, ratio in rows:
        print(f"{label:<46} {fmt(stats):>28} {ratio:>30}")
    exp = report["experiment_detail"]
    singles = [
        ("uncompiled agent-days/s", report["uncompiled_agent_days_per_s"], ""),
        ("ratio compiled/uncompiled (x)", report["ratio_vs_uncompiled"], ""),
        ("experiment 1000x1000x84 (s)", report["experiment_1000x1000x84_s"], f"{q['experiment_mrd']:.3g} Mrd"),
        ("experiment CPU ns per agent-day", exp["cpu_ns_per_agent_day"], f"{q['experiment_agent_day_cpu']:.3g} x ref"),
        ("experiment CPU per agent-day / kernel's (x)", q.get("experiment_cpu_vs_kernel", math.nan), "(a ratio; target <= 1.3)"),
        ("experiment peak RSS (MB)", report["experiment_peak_rss_mb"], ""),
    ]
    for label, value, ratio in singles:
        print(f"{label:<46} {value:28.3g} {ratio:>30}")
    print(f"\nexperiment: {exp['method']}")
    scaling = report["two_process_scaling_detail"]
    print(f"scaling: {scaling[scaling['method']]['method']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer repetitions; the experiment measured at 100 and 200 runs and extrapolated")
    mode.add_argument("--smoke", action="store_true", help="tiny sizes, for the test suite (figures are meaningless)")
    parser.add_argument("--json", metavar="FILE", help="write the report here")
    parser.add_argument("--append", metavar="FILE", help="append the report as one JSON line to FILE (a history across machines and commits)")
    parser.add_argument("--workers", type=int, default=None, help="processes for the experiment (default: all usable cpus)")
    parser.add_argument(
        "--cache", choices=("private", "user"), default=None,
        help="numba cache: a private temporary folder compiled once at the start (default; immune to "
        "source edits during the run) or the user's cache (default with --smoke)",
    )
    args = parser.parse_args(argv)
    cache = args.cache or ("user" if args.smoke else "private")
    if cache == "private" and not os.environ.get("NUMBA_CACHE_DIR"):
        folder = tempfile.mkdtemp(prefix="cohort-bench-cache-")
        os.environ["NUMBA_CACHE_DIR"] = folder  # read by numba at import; inherited by subprocesses
        atexit.register(shutil.rmtree, folder, True)
    mode_name = "smoke" if args.smoke else "quick" if args.quick else "full"
    workers = args.workers or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    report = build_report(mode_name, workers)
    report["numba_cache"] = cache
    print_table(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    if args.append:
        with open(args.append, "a", encoding="utf-8") as history:
            history.write(json.dumps(report, separators=(",", ":")) + "\n")
        print(f"appended to {args.append}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
