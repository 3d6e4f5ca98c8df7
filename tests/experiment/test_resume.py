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
        while len(list((out / "parts" / "athletes").glob("chunk-*.arrow"))) < 2:
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
    parts = sorted((out / "parts" / "athletes").glob("chunk-*.arrow"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(parts) == len([c for c in manifest["chunks"] if c["runs"]])


def test_resume_reads_parquet_parts_of_earlier_versions(tmp_path: Path) -> None:
    """Directories written before parts became Arrow IPC (``chunk-<k>.parquet``, chunk records
    without ``format``) are resumed and extended: their runs are reused, not recomputed."""
    import pyarrow.parquet as pq

    from cohort.experiment.store import read_part

    path = write_experiment(tmp_path, sweep=None, replicates=1)
    out = tmp_path / "old"
    first = run_experiment(path, out, jobs=1, analyze=False)
    assert first.ok and first.computed == 2
    manifest = json.loads((out / "manifest.json").read_text())
    for chunk in manifest["chunks"]:  # rewrite as an earlier version left it
        assert chunk.pop("format") == "arrow"
        for frame in chunk["frames"]:
            part = out / "parts" / frame / f"chunk-{chunk['id']:06d}.arrow"
            pq.write_table(read_part(part), part.with_suffix(".parquet"))
            part.unlink()
    (out / "manifest.json").write_text(json.dumps(manifest))
    extended = write_experiment(tmp_path, name="more.yaml", sweep=None, replicates=2)
    resumed = run_experiment(extended, out, jobs=1, resume=True, analyze=False)
    assert resumed.ok and (resumed.reused, resumed.computed) == (2, 2)
    assert_same_outputs(run_experiment(extended, tmp_path / "clean", jobs=1, analyze=False).out, out)
    athletes = out / "parts" / "athletes"  # the old parts are kept as they were, the new ones are Arrow
    assert len(list(athletes.glob("chunk-*.parquet"))) == len(manifest["chunks"])
    assert len(list(athletes.glob("chunk-*.arrow"))) >= 1
