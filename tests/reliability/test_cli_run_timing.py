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


def test_a_run_imports_without_the_collector_and_leaves_its_modules_frozen(tmp_path: Path) -> None:
    """The collector traversed the freshly imported modules ~450 times (0.27 CPU-s of a tiny run)
    and all of them again at exit (~0.5 CPU-s): ``run`` imports under ``heavy_imports`` (collector
    off, then the imported objects frozen, collector back on) and the executable's ``entry``
    freezes what is left before the interpreter exits (benchmarks/profile_notes.md section 11)."""
    probe = (
        "import gc, sys; from cohort.cli import main; "
        "assert gc.isenabled() and gc.get_freeze_count() == 0; "
        f"code = main(['run', {str(CONFIGS / 'quickstart.yaml')!r}, '--set', 'cohort.size=5', '--set', 'duration_weeks=1', "
        f"'--out', {str(tmp_path / 'out')!r}]); "
        "print(code, gc.isenabled(), gc.get_freeze_count() > 10000, 'cohort.single_run' in sys.modules)"
    )
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=600)
    assert finished.stdout.split() == ["0", "True", "True", "True"], finished.stdout + finished.stderr


def test_the_executable_freezes_before_exit_and_keeps_the_exit_code(tmp_path: Path) -> None:
    """``python -m cohort`` and the ``cohort`` script run :func:`cohort.cli.entry`: main's exit code,
    with the objects left alive frozen (no collection pass over them at interpreter exit)."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["cohort"] == "cohort.cli:entry"
    probe = (
        "import atexit, gc, sys; "
        "atexit.register(lambda: print('frozen at exit', gc.get_freeze_count() > 0, file=sys.stderr)); "
        "sys.argv = ['cohort', 'run', 'missing.yaml', '--out', 'out']; "
        "import runpy; runpy.run_module('cohort', run_name='__main__')"
    )
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=120)
    assert finished.returncode == 2, finished.stderr  # a missing config is an input error
    assert "frozen at exit True" in finished.stderr
