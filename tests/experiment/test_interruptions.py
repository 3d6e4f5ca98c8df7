"""An experiment that stops early: Ctrl-C, an unreachable scheduler. Never left 'running',
never a traceback per worker, nothing left behind when nothing was computed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cohort.errors import ConfigError
from cohort.experiment import executors
from cohort.experiment.runner import run_experiment
from cohort.experiment.store import read_part
from tests.experiment.conftest import assert_same_outputs, write_experiment

ROOT = Path(__file__).resolve().parents[2]


def interrupt_after(runs: int):
    def progress(done: int, total: int) -> None:
        if done >= runs:
            raise KeyboardInterrupt

    return progress


def test_ctrl_c_before_any_run_leaves_nothing_behind(experiment_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_experiment(experiment_file, out, jobs=1, progress=interrupt_after(0), analyze=False)
    assert not out.exists()


def test_ctrl_c_mid_experiment_marks_it_interrupted_and_resume_finishes_it(experiment_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_experiment(experiment_file, out, jobs=1, chunk_size=2, progress=interrupt_after(4), analyze=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    done = sum(len(chunk["runs"]) for chunk in manifest["chunks"])
    assert 4 <= done < 16
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.parquet.partial*"))
    resumed = run_experiment(experiment_file, out, jobs=1, resume=True, analyze=False)
    assert resumed.ok and resumed.reused == done and resumed.computed == 16 - done
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"
    fresh = run_experiment(experiment_file, tmp_path / "fresh", jobs=1, analyze=False)
    assert fresh.ok
    assert_same_outputs(out, tmp_path / "fresh")


def test_an_unreachable_scheduler_is_an_input_error_and_writes_nothing(
    experiment_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 1)
    out = tmp_path / "out"
    started = time.perf_counter()
    with pytest.raises(ConfigError) as error:
        run_experiment(experiment_file, out, scheduler="tcp://127.0.0.1:9", analyze=False)
    assert time.perf_counter() - started < 15
    (problem,) = error.value.problems
    assert problem.source == "--scheduler" and "reachable" in problem.expected
    assert not out.exists()


def test_a_bad_scheduler_on_resume_leaves_a_complete_experiment_as_it_was(
    experiment_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run_experiment(experiment_file, out, jobs=1, analyze=False).ok
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(ConfigError):
        run_experiment(experiment_file, out, resume=True, scheduler="tcp://127.0.0.1:9", analyze=False)
    after = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    assert after == before
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def _cli(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cohort", *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
        **kwargs,  # type: ignore[arg-type]
    )


def test_local_dask_is_quiet(tmp_path: Path) -> None:
    """--local-dask: no dashboard address, no cluster logs; only the summary line."""
    experiment = write_experiment(tmp_path, sweep=None, replicates=1)
    process = _cli("experiment", str(experiment), "--out", str(tmp_path / "out"), "--local-dask", "--jobs", "2", "--no-report")
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    lines = [line for line in stderr.replace("\r", "\n").splitlines() if line.strip()]
    assert not [line for line in lines if "dashboard" in line.lower() or "worker" in line.lower() or "scheduler" in line.lower()]
    assert "2 runs (2 computed" in lines[-1]


@pytest.mark.slow
def test_ctrl_c_on_worker_processes_prints_one_line(tmp_path: Path) -> None:
    """SIGINT to the whole process group (what a terminal's Ctrl-C does) after the first run."""
    experiment = write_experiment(tmp_path, sweep=None, replicates=4, set={"duration_weeks": 26, "cohort": {"size": 3000}})
    out = tmp_path / "out"
    process = _cli("experiment", str(experiment), "--out", str(out), "--jobs", "2", "--chunk-size", "1", "--no-report")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        manifest = out / "manifest.json"
        if manifest.is_file() and json.loads(manifest.read_text()).get("chunks"):
            break
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.rstrip().endswith("cohort: interrupted")
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    assert read_part(next((out / "parts" / "runs").glob("chunk-*.arrow"))).num_rows >= 1
