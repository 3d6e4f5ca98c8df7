"""The benchmark script runs end to end (``--smoke``: tiny sizes) and writes a complete report.

No timing thresholds: the figures of a smoke run are meaningless; only their presence and
sanity (positive, finite numbers) are checked.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "bench.py"

PER_SIZE = ("agent_days_per_s", "floor_ratio", "build_s")
SCALARS = (
    "uncompiled_agent_days_per_s",
    "ratio_vs_uncompiled",
    "two_process_scaling",
    "experiment_1000x1000x84_s",
    "experiment_peak_rss_mb",
    "run_52w_10000_s",
)
MACHINE = ("cpu_model", "logical_cpus", "python", "numba", "numpy")


def numbers(value: object) -> list[float]:
    """Every int/float leaf of a JSON value (booleans excluded)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [x for item in value.values() for x in numbers(item)]
    if isinstance(value, list):
        return [x for item in value for x in numbers(item)]
    return []


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "agent-days/s" in done.stdout  # the table was printed
    return json.loads(out.read_text())


def test_report_has_every_figure(report: dict) -> None:
    missing = [key for key in (*PER_SIZE, *SCALARS, "startup_s", "machine") if key not in report]
    assert not missing
    assert [key for key in MACHINE if not report["machine"].get(key)] == []
    sizes = {str(n) for n in report["sizes"]["throughput"]}
    for key in PER_SIZE:
        assert set(report[key]) == sizes, key
    assert "warm_cache" in report["startup_s"]


def test_figures_are_positive_finite(report: dict) -> None:
    for key in (*PER_SIZE, *SCALARS, "startup_s"):
        values = numbers(report[key])
        assert values, key
        assert all(math.isfinite(v) and v > 0 for v in values), (key, report[key])


def test_details_are_consistent(report: dict) -> None:
    for size, rate in report["agent_days_per_s"].items():
        detail = report["throughput_detail"][size]["agent_days_per_s"]
        assert detail["min"] <= rate <= detail["max"]
        assert 1 <= detail["n"] <= report["sizes"]["repeats"]
    experiment = report["experiment_detail"]
    (small, double) = experiment["measured"]  # smoke measures m and 2m runs and extrapolates
    assert double["runs"] == 2 * small["runs"]
    # a straight line with a non-negative fixed cost: never below the longest measurement, never
    # above proportional scaling of it (the old x-runs/m scaling multiplied the start-up as well)
    target = experiment["extrapolated_to_runs"]
    assert double["seconds"] <= experiment["seconds"] <= double["seconds"] * target / double["runs"] * (1 + 1e-9)
    assert experiment["method"]
    for value in numbers(report["floor_detail"]):
        assert math.isfinite(value) and value > 0


def _bench_module():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_extrapolation_known_answers() -> None:
    extrapolate = _bench_module().extrapolate_runs
    # 10 runs in 2 s, 20 runs in 3 s: 1 s fixed + 0.1 s per run -> 1,000 runs in 101 s
    assert extrapolate(10, 2.0, 3.0, 1000) == pytest.approx((1.0, 0.1, 101.0))
    # noise: the 20-run experiment was faster than the 10-run one -> proportional to the 20-run time
    assert extrapolate(10, 3.0, 2.8, 1000) == pytest.approx((0.0, 0.14, 140.0))
    # a negative fixed cost (10 runs 1 s, 20 runs 3 s) -> proportional too
    assert extrapolate(10, 1.0, 3.0, 1000) == pytest.approx((0.0, 0.15, 150.0))
