"""Running experiments: determinism across executors and chunking, CRN, extend, failures, outputs."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path

import pandas as pd
import pytest

from cohort.errors import OutputError
from cohort.experiment.runner import run_experiment
from tests.experiment.conftest import assert_same_outputs, stable, write_experiment


@pytest.fixture
def reference(tmp_path_factory: pytest.TempPathFactory, experiment_file: Path) -> Path:
    out = tmp_path_factory.mktemp("reference") / "out"
    result = run_experiment(experiment_file, out, jobs=1, analyze=False)
    assert result.ok and result.computed == result.n_runs == 16
    return out


def test_outputs_are_complete_and_labelled(reference: Path) -> None:
    runs = pd.read_parquet(reference / "runs.parquet")
    athletes = pd.read_parquet(reference / "athletes.parquet")
    daily = pd.read_parquet(reference / "cohort_daily.parquet")
    assert list(runs.columns[:6]) == ["run_id", "point", "arm", "replicate", "seed", "run_key"]
    assert {"physiology.muscle.tau_fitness_d", "cohort.female_share"} <= set(runs.columns)
    assert (runs.status == "done").all() and runs.run_id.is_unique
    assert len(athletes) == 16 * 20 and athletes.groupby("run_id").size().eq(20).all()
    assert set(daily.run_id) == set(runs.run_id)
    assert "run_key" not in athletes.columns
    manifest = json.loads((reference / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["n_runs"] == 16
    assert sum(len(chunk["runs"]) for chunk in manifest["chunks"]) == 16
    assert json.loads((reference / "failures.json").read_text()) == []
    assert (reference / "experiment.resolved.yaml").is_file()


def test_common_random_numbers_give_the_same_athletes_in_every_arm(reference: Path) -> None:
    athletes = pd.read_parquet(reference / "athletes.parquet")
    traits = ["sex", "age_y", "body_mass_kg", "sport", "trainability"]
    by_arm = {arm: frame[frame.point == 0].sort_values(["replicate", "athlete"])[traits].reset_index(drop=True)
              for arm, frame in athletes.groupby("arm")}
    pd.testing.assert_frame_equal(by_arm["control"], by_arm["noisy"])
    replicate_0 = athletes[(athletes.point == 0) & (athletes.arm == "control") & (athletes.replicate == 0)]
    replicate_1 = athletes[(athletes.point == 0) & (athletes.arm == "control") & (athletes.replicate == 1)]
    assert not replicate_0.age_y.reset_index(drop=True).equals(replicate_1.age_y.reset_index(drop=True))


def test_identical_arms_are_computed_once_and_give_identical_outputs(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, arms={"a": {}, "b": {}}, sweep=None)
    result = run_experiment(path, tmp_path / "out", jobs=1, analyze=False)
    assert result.n_runs == 4 and result.computed == 2
    athletes = pd.read_parquet(tmp_path / "out" / "athletes.parquet")
    a = athletes[athletes.arm == "a"].drop(columns=["run_id", "arm"]).reset_index(drop=True)
    b = athletes[athletes.arm == "b"].drop(columns=["run_id", "arm"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_same_results_with_two_processes_and_other_chunk_sizes(experiment_file: Path, reference: Path, tmp_path: Path) -> None:
    for jobs, chunk in ((2, 1), (2, 3), (1, 16)):
        out = tmp_path / f"out-{jobs}-{chunk}"
        result = run_experiment(experiment_file, out, jobs=jobs, chunk_size=chunk, analyze=False)
        assert result.executor == ("processes" if jobs == 2 else "in-process")
        assert_same_outputs(reference, out)


@pytest.mark.slow
def test_same_results_on_a_local_dask_cluster(experiment_file: Path, reference: Path, tmp_path: Path) -> None:
    result = run_experiment(experiment_file, tmp_path / "dask", jobs=2, local_dask=True, chunk_size=3, analyze=False)
    assert result.executor == "dask" and result.ok
    assert_same_outputs(reference, tmp_path / "dask")


@pytest.mark.slow
def test_same_results_through_a_scheduler_address(experiment_file: Path, reference: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    # a random HTTP port: 8787 may be taken by another cluster on the machine (a warning, so an error here)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False}) as cluster:
        result = run_experiment(experiment_file, tmp_path / "remote", scheduler=cluster.scheduler_address, chunk_size=4, analyze=False)
    assert result.executor == "dask" and result.ok
    assert_same_outputs(reference, tmp_path / "remote")


def test_extending_reuses_completed_runs(tmp_path: Path, reference: Path) -> None:
    out = tmp_path / "out"
    small = write_experiment(tmp_path, name="small.yaml", replicates=1)
    first = run_experiment(small, out, jobs=1, analyze=False)
    assert first.computed == 8
    bigger = write_experiment(tmp_path, name="big.yaml", replicates=2)
    second = run_experiment(bigger, out, jobs=1, resume=True, analyze=False)
    assert (second.computed, second.reused) == (8, 8)
    assert_same_outputs(reference, out)
    again = run_experiment(bigger, out, jobs=1, resume=True, analyze=False)
    assert (again.computed, again.reused) == (0, 16)
    assert_same_outputs(reference, out)


def test_a_failing_run_is_recorded_and_the_rest_continue(experiment_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cohort.single_run

    original = cohort.single_run.build_model

    def flaky(config, run_id="run-0", start_states=None):  # type: ignore[no-untyped-def]
        if run_id == "p00002.noisy.r001":
            raise RuntimeError("injected failure")
        return original(config, run_id, start_states)

    monkeypatch.setattr(cohort.single_run, "build_model", flaky)
    out = tmp_path / "out"
    result = run_experiment(experiment_file, out, jobs=1, chunk_size=4, analyze=False)
    assert not result.ok and result.failed == 1 and result.computed == 15
    (failure,) = json.loads((out / "failures.json").read_text())
    assert failure["run_id"] == "p00002.noisy.r001" and "injected failure" in failure["traceback"]
    assert failure["parameters"] == {"physiology.muscle.tau_fitness_d": 45, "cohort.female_share": 0.3}
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs.set_index("run_id").loc["p00002.noisy.r001", "status"] == "failed"
    assert pd.read_parquet(out / "athletes.parquet").run_id.nunique() == 15
    # resume retries only the failed run
    monkeypatch.setattr(cohort.single_run, "build_model", original)
    retry = run_experiment(experiment_file, out, jobs=1, resume=True, analyze=False)
    assert retry.ok and (retry.computed, retry.reused) == (1, 15)


def test_killed_worker_process_is_retried(experiment_file: Path, reference: Path, tmp_path: Path) -> None:
    killed: list[int] = []

    def kill_a_worker(done: int, total: int) -> None:
        if done > 0 and not killed:
            worker = next(p for p in multiprocessing.active_children() if p.is_alive())
            os.kill(worker.pid, signal.SIGKILL)  # type: ignore[arg-type]
            killed.append(worker.pid)  # type: ignore[arg-type]

    out = tmp_path / "out"
    result = run_experiment(experiment_file, out, jobs=2, chunk_size=1, progress=kill_a_worker, analyze=False)
    assert killed and result.ok
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sessions"][-1]["worker_restarts"] >= 1
    assert_same_outputs(reference, out)


def test_refuses_non_empty_out_unless_asked(experiment_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="not empty"):
        run_experiment(experiment_file, out, jobs=1, analyze=False)
    with pytest.raises(OutputError, match="not an experiment output"):
        run_experiment(experiment_file, out, jobs=1, resume=True, analyze=False)
    with pytest.raises(OutputError, match="not a cohort output"):
        run_experiment(experiment_file, out, jobs=1, overwrite=True, analyze=False)
    assert (out / "keep.txt").read_text() == "mine"
    (out / "keep.txt").unlink()
    first = run_experiment(experiment_file, out, jobs=1, analyze=False)
    (out / "stale.txt").write_text("from an earlier experiment")
    again = run_experiment(experiment_file, out, jobs=1, overwrite=True, analyze=False)
    assert first.ok and again.ok and again.computed == again.n_runs and not (out / "stale.txt").exists()


def test_analyze_step_is_skipped_with_a_note_when_analysis_is_missing(
    experiment_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "cohort.analysis", None)  # import now raises ImportError
    caplog.set_level("INFO", logger="cohort.experiment.runner")
    result = run_experiment(experiment_file, tmp_path / "out", jobs=1, analyze=True)
    assert result.ok and "analysis skipped" in caplog.text
    assert not (tmp_path / "out" / "report.html").exists()


def test_stable_frames_helper_drops_only_timing_columns(reference: Path) -> None:
    runs = pd.read_parquet(reference / "runs.parquet")
    assert set(runs.columns) - set(stable(runs).columns) == {"build_s", "simulate_s", "agent_days_per_s", "chunk"}


def test_cli_help_and_exit_code_on_failed_runs(experiment_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import cohort.single_run
    from cohort.cli import build_parser, main

    help_text = build_parser()._subparsers._group_actions[0].choices["experiment"].format_help()  # type: ignore[union-attr]
    for flag in ("--jobs", "--scheduler", "--resume", "--local-dask", "--overwrite", "--set", "--seed", "--no-report"):
        assert flag in help_text
    original = cohort.single_run.build_model

    def broken(config, run_id="run-0", start_states=None):  # type: ignore[no-untyped-def]
        if run_id.startswith("p00001.control"):
            raise ValueError("boom")
        return original(config, run_id, start_states)

    monkeypatch.setattr(cohort.single_run, "build_model", broken)
    code = main(["experiment", str(experiment_file), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-report"])
    assert code == 1
    err = capsys.readouterr().err
    assert "2 run(s) failed" in err and "runs/s" in err and "agent-days/s" in err
    assert main(["experiment", str(experiment_file), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-report"]) == 2


@pytest.mark.parametrize(("pending", "cap", "workers"), [(1000, 32, 2), (100, 7, 2), (5, 32, 8), (1, 4, 1), (0, 4, 2), (37, 3, 1)])
def test_guided_chunk_sizes_cover_every_run_and_shrink_to_single_runs(pending, cap, workers):
    from cohort.experiment.runner import guided_chunk_sizes

    sizes = guided_chunk_sizes(pending, cap, workers)
    assert sum(sizes) == pending
    assert all(1 <= size <= cap for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if pending:
        assert sizes[-1] == 1
