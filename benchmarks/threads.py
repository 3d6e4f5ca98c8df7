"""Threads under contention: 1 thread vs 2 threads with a busy process beside them (issue 15 item 5).

For each variant (numba threading layer, OpenMP wait policy, prange chunk size), a fresh
interpreter builds a model of ``configs/base.yaml`` and times ``advance`` of ATHLETES x DAYS
alternately on 1 thread, 2 threads (``CohortModel(threads=...)``) and cohort's own choice
(``threads=None``: :class:`cohort.engine.model.ThreadChoice`), REPEATS times each, while
this script keeps one more process busy (a pure-Python loop) on the 2-core machine. The
reference kernel (``reference.py``) is timed in the same interpreter before and after.
Reported: wall seconds median (min-max), 2-thread / 1-thread and auto / 1-thread wall ratios
(> 1: threads lose),
and the load average.

    python benchmarks/threads.py [ATHLETES] [DAYS] [REPEATS]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

VARIANTS: dict[str, dict[str, str]] = {
    "omp (numba default here)": {"NUMBA_THREADING_LAYER": "omp"},
    "omp, OMP_WAIT_POLICY=passive": {"NUMBA_THREADING_LAYER": "omp", "OMP_WAIT_POLICY": "passive"},
    "omp, prange chunks of 64 athletes": {"NUMBA_THREADING_LAYER": "omp", "BENCH_CHUNKSIZE": "64"},
    "workqueue": {"NUMBA_THREADING_LAYER": "workqueue"},
    "cohort default (this tree)": {},
}

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {repo!r}); sys.path.insert(0, {here!r})
import numba, reference
from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
athletes, days, repeats = {athletes}, {days}, {repeats}
if os.environ.get("BENCH_CHUNKSIZE"):
    numba.set_parallel_chunksize(int(os.environ["BENCH_CHUNKSIZE"]))
config = load_config({config!r}, [f"cohort.size={{athletes}}", f"duration_weeks={{-(-days // 7) * repeats * 2 + 2}}"])
before = reference.measure(samples=3)
walls = {{"1": [], "2": [], "auto": []}}
model = CohortModel(config)
model.threads = 2
model.advance(7)  # load kernels (both)
model.threads = 1
model.advance(7)
auto = CohortModel(config)  # threads=None: cohort's measured choice between 1 and 2 threads
auto.advance(7)
for _ in range(repeats):
    for threads in (1, 2, None):
        run = model if threads else auto
        run.threads = threads
        start = time.perf_counter()
        run.advance(days)
        walls[str(threads or "auto")].append(time.perf_counter() - start)
after = reference.measure(samples=3)
layer = numba.threading_layer()
print(json.dumps({{"walls": walls, "layer": layer, "load": os.getloadavg(),
    "reference_wall_ns": (before["wall_ns_per_row_day"]["median"] + after["wall_ns_per_row_day"]["median"]) / 2}}))
"""


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def busy() -> subprocess.Popen[bytes]:
    """One more process that keeps a core busy (as another user's job would)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def main() -> int:
    athletes = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 56
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    code = CHILD.format(repo=str(REPO), here=str(HERE), athletes=athletes, days=days, repeats=repeats,
                        config=str(REPO / "configs" / "base.yaml"))
    hog = busy()
    results = {}
    try:
        for name, env in VARIANTS.items():
            full = {k: v for k, v in os.environ.items() if k not in ("NUMBA_THREADING_LAYER", "OMP_WAIT_POLICY")}
            full.update(env)
            full["PYTHONPATH"] = str(REPO)
            done = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=1800)
            if done.returncode != 0:
                print(f"{name}: failed\n{done.stderr[-1500:]}", file=sys.stderr)
                continue
            out = json.loads(done.stdout.strip().splitlines()[-1])
            one, two, auto = out["walls"]["1"], out["walls"]["2"], out["walls"]["auto"]
            ratio = [b / a for a, b in zip(one, two, strict=True)]
            auto_ratio = [b / a for a, b in zip(one, auto, strict=True)]
            results[name] = {**out, "ratio_2_over_1": ratio, "ratio_auto_over_1": auto_ratio}
            print(
                f"{name:<34} layer {out['layer']:<9} 1 thread {fmt(one)} s, 2 threads {fmt(two)} s, auto {fmt(auto)} s; "
                f"2/1 {fmt(ratio)}, auto/1 {fmt(auto_ratio)}; "
                f"ref {out['reference_wall_ns']:.0f} ns/row-day; load {out['load'][0]:.1f}",
                flush=True,
            )
    finally:
        hog.kill()
        hog.wait()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(json.dumps({"date_utc": stamp, "athletes": athletes, "days": days, "repeats": repeats, "variants": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
