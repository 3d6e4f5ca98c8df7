#!/usr/bin/env python
"""Micro-experiments behind ``benchmarks/profile_notes.md``: where an agent-day's time goes.

    python benchmarks/profile_engine.py [--athletes 10000] [--days 28] [--repeats 9] [--json FILE]

The engine's day loop (:func:`cohort.engine.day.simulate`) is re-compiled from its own source
with one change at a time (a phase removed, the loop order swapped, the day-vector reset
written as a loop, athletes spread over threads) and run on the exact arguments a real
``model.advance`` passes (captured by wrapping ``simulate`` once). Differences between
variants are the cost of each phase. Further experiments time the random draws
(:class:`cohort.rng.DailyStreams`), the Python work per chunk, a counter-based in-kernel
generator and the cost of transcendental functions. Engine code is read, never changed;
a variant whose source edit no longer applies is skipped and listed under ``skipped``.

Timings are the **minimum** over repetitions, with the median alongside. Single-threaded
variants are timed in process CPU time (``time.process_time``), so time spent descheduled
while other processes use the cores is not counted (the machine may be shared); variants
that use threads (``*_prange``) are timed in wall time. Variants run interleaved, one of
each per round.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import re
import statistics
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if (REPO / "cohort").is_dir():
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from numba import njit  # noqa: E402

# Experiment with compiler flags for every engine kernel (e.g. error_model=numpy, which drops
# the zero-division checks of Python semantics): PROFILE_KERNEL_FLAGS="error_model=numpy".
if __name__ == "__main__" and os.environ.get("PROFILE_KERNEL_FLAGS"):
    import cohort.jit

    _flags = dict(item.split("=", 1) for item in os.environ["PROFILE_KERNEL_FLAGS"].split(","))
    _parsed = {k: (v == "True") if v in ("True", "False") else v for k, v in _flags.items()}
    cohort.jit.kernel = njit(cache=False, **_parsed)

import cohort.engine.day as day_module  # noqa: E402
import cohort.engine.model as model_module  # noqa: E402
from cohort.config.loader import load_config  # noqa: E402
from cohort.engine.model import CHUNK_DAYS, CohortModel  # noqa: E402
from cohort.rng import DailyStreams  # noqa: E402

# -- variants of simulate, made from its source ------------------------------------------------
SOURCE = textwrap.dedent(inspect.getsource(day_module.simulate.py_func))
PARAMS = list(inspect.signature(day_module.simulate.py_func).parameters)


#: flags for the variants: the engine's own (read from the compiled simulate) unless overridden
KERNEL_FLAGS: dict[str, Any] = {
    key: value for key, value in day_module.simulate.targetoptions.items()
    if key in ("error_model", "fastmath", "boundscheck")
}
if os.environ.get("PROFILE_KERNEL_FLAGS"):
    KERNEL_FLAGS.update(
        {k: (v == "True") if v in ("True", "False") else v
         for k, v in (item.split("=", 1) for item in os.environ["PROFILE_KERNEL_FLAGS"].split(","))}
    )


class Skip(Exception):
    pass


def _replace(text: str, pattern: str, repl: str, flags: int = re.S) -> str:
    new, count = re.subn(pattern, repl, text, count=1, flags=flags)
    if count != 1:
        raise Skip(f"pattern not found: {pattern[:60]!r}")
    return new


AD_SOURCE = textwrap.dedent(inspect.getsource(day_module.athlete_day.py_func))
PHASE_LINE = re.compile(r"^[ ]+(?P<module>\w+)\.(?:crosstalk|kinetics)\(x, p, d\)\n", re.M)
EXTRA: dict[str, Any] = {}


def subsystem_ablations() -> dict[str, str]:
    """module -> simulate source calling an athlete_day without that module's two phases."""
    out = {}
    modules = list(dict.fromkeys(m["module"] for m in PHASE_LINE.finditer(AD_SOURCE)))
    for module in modules:
        body = re.sub(rf"^[ ]+{module}\.(?:crosstalk|kinetics)\(x, p, d\)\n", "", AD_SOURCE, flags=re.M)
        name = f"athlete_day_without_{module}"
        source = re.sub(r"^@kernel\s*\n", "", body, flags=re.M).replace("def athlete_day(", f"def {name}(", 1)
        namespace = dict(vars(day_module))
        exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102 - our own engine source
        EXTRA[name] = njit(**KERNEL_FLAGS)(namespace[name])
        out[module] = SOURCE.replace("athlete_day(x,", f"{name}(x,", 1)
    return out


def _compile(source: str, name: str, parallel: bool = False) -> Any:
    source = re.sub(r"^@kernel\s*\n", "", source, flags=re.M)
    source = source.replace("def simulate(", f"def {name}(", 1)
    namespace = dict(vars(day_module))
    namespace.update(EXTRA)
    namespace["prange"] = __import__("numba").prange
    exec(compile(source, f"<variant {name}>", "exec"), namespace)  # noqa: S102 - our own engine source
    return njit(parallel=parallel, **KERNEL_FLAGS)(namespace[name])


def _inner_body() -> tuple[str, str]:
    """(per-day preamble lines, per-athlete body lines) of simulate's loop nest."""
    match = re.search(
        r"\n(?P<ind>[ ]+)for t in range\(n_days\):\n(?P<pre>.*?)\n(?P=ind)    for i in range\(n\):\n(?P<body>.*?)\n(?P=ind)    slot = record_slot\[day\]",
        SOURCE, re.S,
    )
    if not match:
        raise Skip("simulate no longer has the day -> athlete loop nest")
    return textwrap.dedent(match["pre"]), textwrap.dedent(match["body"])


def variant_sources() -> dict[str, tuple[str, bool]]:
    """name -> (source, parallel). Each is simulate with one change."""
    out: dict[str, tuple[str, bool]] = {}
    header = SOURCE[: SOURCE.index("):") + 2]
    ad_call = re.search(r"athlete_day\([^\n]*\)\n", SOURCE)
    fill_call = re.search(r"fill_day\(.*?\n\s*\)\n", SOURCE, re.S)
    record = r"\n(?P<ind>[ ]+)slot = record_slot\[day\]\n.*?\n[ ]+(?=return n_days)"

    def attempt(name: str, build: Any, parallel: bool = False) -> None:
        try:
            out[name] = (build(), parallel)
        except Skip as exc:
            SKIPPED[name] = str(exc)

    attempt("engine", lambda: SOURCE)
    attempt("no_recording", lambda: _replace(SOURCE, record, "\n    "))
    attempt("no_recording_no_summary", lambda: _replace(
        _replace(SOURCE, record, "\n    "), r"\n([ ]+)for k in range\(n_summary\):\n.*?summary_max\[i, k\] = value\n", "\n"))
    if ad_call:
        attempt("no_recording_no_summary_no_physiology", lambda: _replace(
            _replace(_replace(SOURCE, record, "\n    "), r"\n([ ]+)for k in range\(n_summary\):\n.*?summary_max\[i, k\] = value\n", "\n"),
            re.escape(ad_call.group(0)), "pass\n"))
    if ad_call and fill_call:
        attempt("reset_only", lambda: _replace(_replace(
            _replace(_replace(SOURCE, record, "\n    "), r"\n([ ]+)for k in range\(n_summary\):\n.*?summary_max\[i, k\] = value\n", "\n"),
            re.escape(ad_call.group(0)), "pass\n"), re.escape(fill_call.group(0)), "pass\n"))
    attempt("reset_as_loop", lambda: _replace(
        SOURCE, r"\n(?P<ind>[ ]+)d\[:\] = neutral\n",
        r"\n\g<ind>for _j in range(neutral.shape[0]):\n\g<ind>    d[_j] = neutral[_j]\n"))

    def athlete_major(parallel: bool) -> str:
        pre, body = _inner_body()
        loop_head = (
            "    blocks = 256\n    size = (n + blocks - 1) // blocks\n"
            "    for b in prange(blocks):\n        d = np.empty(neutral.shape[0])\n"
            "        for i in range(b * size, min(n, (b + 1) * size)):\n"
            if parallel else
            "    d = np.empty(neutral.shape[0])\n    for _b in range(1):\n        for i in range(n):\n"
        )
        inner = textwrap.indent(pre + "\n" + body, " " * 16)
        return (
            header + "\n    n = state.shape[0]\n    n_summary = summary_vars.shape[0]\n"
            "    n_record = record_vars.shape[0]\n" + loop_head
            + "            for t in range(n_days):\n" + inner + "\n"
            "                slot = record_slot[day]\n"
            "                if slot >= 0:\n"
            "                    for k in range(n_record):\n"
            "                        record_out[slot, i, k] = state[i, record_vars[k]]\n"
            "    return n_days\n"
        )

    for module, source in subsystem_ablations().items():
        out[f"without_{module}"] = (source, False)
    attempt("athlete_major", lambda: athlete_major(False))
    attempt("athlete_major_prange", lambda: athlete_major(True), parallel=True)
    return out


SKIPPED: dict[str, str] = {}


def capture_days_source() -> str:
    """simulate with athlete_day replaced by a copy of the day vector into ``days_out``."""
    source = _replace(SOURCE, r",?\s*\):[^\n]*\n", ", days_out):\n", 0)
    return _replace(source, r"athlete_day\(x, [^\n]*\)\n", "days_out[i] = d\n")


def isolated_sources() -> dict[str, str]:
    """module -> a loop running only that module's crosstalk + kinetics on stored day vectors."""
    out = {"copy_only": ""}
    for module in dict.fromkeys(m["module"] for m in PHASE_LINE.finditer(AD_SOURCE)):
        out[module] = f"            {module}.crosstalk(x, p, d)\n            {module}.kinetics(x, p, d)\n"
    template = (
        "def isolated_{name}(state, params, group, days_in, n_days):\n"
        "    n = state.shape[0]\n"
        "    d = np.empty(days_in.shape[1])\n"
        "    for t in range(n_days):\n"
        "        for i in range(n):\n"
        "            x = state[i]\n"
        "            p = params[group[i]]\n"
        "            for j in range(d.shape[0]):\n"
        "                d[j] = days_in[i, j]\n"
        "{calls}"
        "    return n_days\n"
    )
    return {name: template.format(name=name, calls=calls) for name, calls in out.items()}


# -- other micro-experiments -------------------------------------------------------------------
@njit
def cost_op(kind, values, reps):  # type: ignore[no-untyped-def]
    acc = 0.0
    for _ in range(reps):
        for v in values:
            if kind == 0:
                acc += v * 0.999 + 1e-3
            elif kind == 1:
                acc += math.exp(-v)
            elif kind == 2:
                acc += math.log(v + 1.0)
            elif kind == 3:
                acc += (1.0 + v) ** 0.8
            elif kind == 4:
                acc += 1.0 / (v + 1.0)
            elif kind == 5:
                acc += math.sqrt(v)
    return acc


@njit(inline="always")
def _mix64(z):  # type: ignore[no-untyped-def]
    """SplitMix64 finaliser: a stateless hash of a 64-bit counter (counter-based generator)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(inline="always")
def counter_uniform(key, stream, day, athlete):  # type: ignore[no-untyped-def]
    z = _mix64(key ^ (np.uint64(stream) << np.uint64(56)) ^ (np.uint64(day) << np.uint64(32)) ^ np.uint64(athlete))
    return (z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit
def counter_draws(n, days, key):  # type: ignore[no-untyped-def]
    """Three uniforms per athlete-day from a counter-based hash (no state, no arrays)."""
    acc = 0.0
    for t in range(days):
        for i in range(n):
            acc += counter_uniform(key, 0, t, i) + counter_uniform(key, 1, t, i) + counter_uniform(key, 2, t, i)
    return acc


@njit
def counter_draws_box_muller(n, days, key):  # type: ignore[no-untyped-def]
    """One uniform and a Box-Muller normal pair per athlete-day, in the kernel."""
    acc = 0.0
    for t in range(days):
        for i in range(n):
            u = counter_uniform(key, 0, t, i)
            r = math.sqrt(-2.0 * math.log(1.0 - counter_uniform(key, 1, t, i)))
            angle = 6.283185307179586 * counter_uniform(key, 2, t, i)
            acc += u + r * math.cos(angle) + r * math.sin(angle)
    return acc


@njit
def state_pass(state, scale, shift):  # type: ignore[no-untyped-def]
    n, m = state.shape
    for i in range(n):
        for j in range(m):
            state[i, j] = state[i, j] * scale + shift


# -- driver ------------------------------------------------------------------------------------
def timed(fn: Any, repeats: int) -> list[float]:
    """CPU seconds of ``fn`` per repetition (single-threaded work only)."""
    fn()
    samples = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return samples


def per(samples: list[float], count: int) -> dict[str, float]:
    return {"min": 1e9 * min(samples) / count, "median": 1e9 * statistics.median(samples) / count}


def capture_arguments(model: CohortModel, days: int) -> tuple[Any, ...]:
    captured: list[tuple[Any, ...]] = []
    original = model_module.simulate

    def spy(*args: Any) -> Any:
        captured.append(args)
        return original(*args)

    model_module.simulate = spy
    try:
        model.advance(days)
    finally:
        model_module.simulate = original
    return captured[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--athletes", type=int, default=10000)
    parser.add_argument("--days", type=int, default=CHUNK_DAYS)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    n, days, repeats = args.athletes, args.days, args.repeats
    agent_days = n * days

    config = load_config(REPO / "configs" / "base.yaml", [f"cohort.size={n}", "duration_weeks=52"])
    model = CohortModel(config)
    model.advance(7)
    call = list(capture_arguments(model, days))
    state = call[0]
    saved = state.copy()
    by_name = dict(zip(PARAMS, call, strict=True))
    call[PARAMS.index("day0")] = 7
    call[PARAMS.index("n_days")] = days  # model.advance may cut chunks shorter (population steps)
    noise, adherence = model.streams.draw(days)
    call[PARAMS.index("noise")] = noise
    call[PARAMS.index("adherence_u")] = adherence
    results_chunks = {"engine_chunk_days_seen": int(by_name["n_days"])}
    results: dict[str, Any] = {
        "athletes": n, "days": days, "load_average_start": os.getloadavg(), "kernel_flags": KERNEL_FLAGS,
        "state_columns": state.shape[1], "day_slots": by_name["neutral"].shape[0],
        "recorded_variables": by_name["record_vars"].shape[0], **results_chunks,
    }

    def restore() -> None:
        state[:] = saved

    restore_ns = per(timed(restore, repeats), agent_days)["min"]

    variants: dict[str, dict[str, float]] = {}
    kernels: dict[str, Any] = {}
    for name, (source, parallel) in variant_sources().items():
        try:
            kernels[name] = _compile(source, f"variant_{name}", parallel)
            restore()
            kernels[name](*call)  # compile now
        except Exception as exc:  # noqa: BLE001 - a variant that no longer compiles is reported
            SKIPPED[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
            kernels.pop(name, None)
    # interleaved rounds: every variant once per round, so contention from other processes
    # on a shared machine spreads evenly over the variants; the minimum is reported
    samples: dict[str, list[float]] = {name: [] for name in kernels}
    for _ in range(repeats):
        for name, kernel in kernels.items():
            restore()
            clock = time.perf_counter if name.endswith("prange") else time.process_time
            start = clock()
            kernel(*call)
            samples[name].append(clock() - start)
    for name in kernels:
        stats = per(samples[name], agent_days)
        variants[name] = {key: value - restore_ns for key, value in stats.items()}
        print(f"{name:<42} {variants[name]['min']:8.1f} ns/agent-day", file=sys.stderr)
    results["variants_ns_per_agent_day"] = variants
    engine = variants.get("engine", {}).get("min")
    if engine is not None:
        results["subsystem_cost_ns_per_agent_day"] = {
            name.removeprefix("without_"): engine - v["min"] for name, v in variants.items() if name.startswith("without_")
        }
        steps = ["reset_only", "no_recording_no_summary_no_physiology", "no_recording_no_summary", "no_recording", "engine"]
        labels = ["day-vector reset (+ loop)", "schedule (fill_day)", "physiology (athlete_day)", "summary min/max", "recording + bounds check"]
        have = [variants[k]["min"] for k in steps if k in variants]
        if len(have) == len(steps):
            results["phase_cost_ns_per_agent_day"] = {
                labels[0]: have[0], **{labels[k]: have[k] - have[k - 1] for k in range(1, len(steps))}
            }

    # each subsystem alone, on the day vectors the schedule phase wrote for day 7
    try:
        capture = _compile(capture_days_source(), "capture_days")
        days_in = np.empty((n, by_name["neutral"].shape[0]))
        restore()
        one_day = list(call)
        one_day[PARAMS.index("n_days")] = 1
        capture(*one_day, days_in)
        isolated: dict[str, Any] = {}
        for name, source in isolated_sources().items():
            namespace = dict(vars(day_module))
            exec(compile(source, f"<isolated {name}>", "exec"), namespace)  # noqa: S102
            isolated[name] = njit(**KERNEL_FLAGS)(namespace[f"isolated_{name}"])
        iso_samples: dict[str, list[float]] = {name: [] for name in isolated}
        iso_args = (state, by_name["params"], by_name["group"], days_in, days)
        for fn in isolated.values():
            restore()
            fn(*iso_args)
        for _ in range(repeats):
            for name, fn in isolated.items():
                restore()
                start = time.process_time()
                fn(*iso_args)
                iso_samples[name].append(time.process_time() - start)
        copy_only = per(iso_samples["copy_only"], agent_days)["min"]
        results["subsystem_isolated_ns_per_agent_day"] = {
            name: per(values, agent_days)["min"] - copy_only for name, values in iso_samples.items() if name != "copy_only"
        }
        results["isolated_loop_and_day_copy_ns_per_agent_day"] = copy_only
    except Skip as exc:
        SKIPPED["subsystem_isolated"] = str(exc)

    # whole advance(): draws + Python per chunk + simulate
    model2 = CohortModel(load_config(REPO / "configs" / "base.yaml", [f"cohort.size={n}", "duration_weeks=52"]))
    model2.advance(7)
    cpu, wall = [], []
    for _ in range(max(3, repeats // 2)):
        start, start_cpu = time.perf_counter(), time.process_time()
        model2.advance(days)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    results["advance_ns_per_agent_day"] = {"cpu": per(cpu, agent_days), "wall": per(wall, agent_days)}

    streams: DailyStreams = model2.streams
    results["draw_ns_per_agent_day"] = per(timed(lambda: streams.draw(days), repeats), agent_days)
    generator = np.random.default_rng(1)
    results["numpy_draws_float32_ns_per_agent_day"] = per(timed(lambda: (
        generator.random((days, n), dtype=np.float32),
        generator.standard_normal((days, n), dtype=np.float32),
        generator.standard_normal((days, n), dtype=np.float32)), repeats), agent_days)
    results["numpy_draws_float64_ns_per_agent_day"] = per(timed(lambda: (
        generator.random((days, n)), generator.standard_normal((days, n)),
        generator.standard_normal((days, n))), repeats), agent_days)
    key = np.uint64(0x9E3779B97F4A7C15)
    results["counter_rng_3_uniforms_ns_per_agent_day"] = per(timed(lambda: counter_draws(n, days, key), repeats), agent_days)
    results["counter_rng_uniform_plus_box_muller_ns_per_agent_day"] = per(
        timed(lambda: counter_draws_box_muller(n, days, key), repeats), agent_days)

    # bounds check per recording step, per athlete
    check = day_module.check_bounds
    lower, upper, violation = by_name["lower"], by_name["upper"], by_name["violation"].copy()
    results["bounds_check_ns_per_athlete"] = per(timed(lambda: check(state, lower, upper, violation), repeats), n)
    results["state_pass_ns_per_athlete"] = per(timed(lambda: state_pass(state, 1.0, 0.0), repeats), n)

    values = np.random.default_rng(2).random(4096)
    reps = 100
    names = ("mul_add", "exp", "log", "pow", "divide", "sqrt")
    results["ns_per_operation"] = {
        label: per(timed(lambda k=k: cost_op(k, values, reps), 5), values.size * reps)["min"]
        for k, label in enumerate(names)
    }
    results["load_average_end"] = os.getloadavg()
    results["skipped"] = SKIPPED
    print(json.dumps(results, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
