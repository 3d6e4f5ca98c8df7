"""``cohort run``: the --out check comes before start-up, and the summary reports the whole wall time."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import CONFIGS

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_an_existing_out_is_refused_before_the_heavy_imports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    probe = (
        "import sys; from cohort.cli import main; "
        f"code = main(['run', {str(CONFIGS / 'quickstart.yaml')!r}, '--out', {str(out)!r}]); "
        "print(code, sorted(m for m in ('numba', 'mesa', 'pandas', 'pyarrow', 'cohort.engine.model', 'cohort.config.models') if m in sys.modules))"
    )
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=120)
    assert finished.stdout.split(maxsplit=1) == ["2", "[]\n"], finished.stdout + finished.stderr
    assert "directory exists and is not empty" in finished.stderr
    assert (out / "keep.txt").read_text() == "mine"


def test_run_reports_the_whole_wall_time_and_where_it_went(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "cohort", "run", str(CONFIGS / "quickstart.yaml"), "--set", "cohort.size=30",
               "--set", "duration_weeks=2", "--out", str(out)]
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=600)
    outside = time.perf_counter() - started
    assert finished.returncode == 0, finished.stderr
    line = finished.stderr.replace("\r", "\n").strip().splitlines()[-1]
    match = re.search(r"in (\d+\.\d+) s \((.*?) s;", line)
    assert match, line
    wall = float(match.group(1))
    parts = {label: float(value) for label, value in re.findall(r"([a-z-]+) (\d+\.\d+)", match.group(2))}
    assert list(parts) == ["start-up", "build", "compile", "simulate", "results", "write"]
    assert abs(sum(parts.values()) - wall) < 0.05  # the parts add up to the whole
    # the whole command, interpreter start-up included; only the exit after the line is missing
    assert 0.5 * outside <= wall <= outside
    assert parts["start-up"] > parts["simulate"]  # 30 athletes x 14 days simulate in milliseconds


def test_a_run_does_not_import_scipy_stats(tmp_path: Path) -> None:
    """scipy.stats cost ~0.4 CPU-s of a tiny run's ~2 (its docstring processing at import); the
    truncated normal is computed from scipy.special instead (tests/test_generation.py)."""
    probe = (
        "import sys; from cohort.cli import main; "
        f"code = main(['run', {str(CONFIGS / 'quickstart.yaml')!r}, '--set', 'cohort.size=5', '--set', 'duration_weeks=1', "
        f"'--out', {str(tmp_path / 'out')!r}]); "
        "print(code, 'scipy.stats' in sys.modules)"
    )
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=600)
    assert finished.stdout.split() == ["0", "False"], finished.stdout + finished.stderr
