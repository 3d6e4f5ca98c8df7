"""Kill the whole experiment (SIGKILL to the CLI's process group) mid-run, then --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from cohort.experiment.runner import run_experiment
from tests.experiment.conftest import assert_same_outputs, write_experiment

DEADLINE_S = 120.0  # a safety net for a hung child, never an assertion


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cohort", "experiment", *args]


def test_resume_after_kill_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    # 6 points x 2 arms x 2 replicates = 24 runs, one run per chunk
    factors = {"physiology.muscle.tau_fitness_d": {"values": [30, 35, 40, 45, 50, 55]}}
    path = write_experiment(tmp_path, sweep={"design": "grid", "factors": factors})
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        cli(str(path), "--out", str(out), "--jobs", "1", "--chunk-size", "1", "--no-report"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env,
    )
    started = time.monotonic()
    try:
        # the second chunk's part on disk means the first is in the manifest (chunks run in order)
        while len(list((out / "parts" / "athletes").glob("chunk-*.parquet"))) < 2:
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            assert time.monotonic() - started < DEADLINE_S, "no chunk was written"
            time.sleep(0.005)
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    manifest = json.loads((out / "manifest.json").read_text())
    done_before = sum(len(chunk["runs"]) for chunk in manifest["chunks"])
    assert manifest["status"] == "running" and 1 <= done_before < 24
    # a part written just before the kill but not yet in the manifest is an orphan: resume drops it
    assert not (out / "runs.parquet").exists()

    resumed = run_experiment(path, out, jobs=1, resume=True, analyze=False)
    assert resumed.ok and resumed.reused >= done_before
    assert resumed.computed + resumed.reused == 24  # nothing recomputed twice
    uninterrupted = run_experiment(path, tmp_path / "clean", jobs=1, analyze=False)
    assert_same_outputs(uninterrupted.out, out)
    athletes = pd.read_parquet(out / "athletes.parquet")
    assert not athletes.duplicated(["run_id", "athlete"]).any()
    parts = sorted((out / "parts" / "athletes").glob("chunk-*.parquet"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(parts) == len([c for c in manifest["chunks"] if c["runs"]])
