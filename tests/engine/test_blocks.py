"""Blocked cohorts (cohort.block_size): memory set by the block, aggregates merged exactly,
results independent of how many blocks run at once and where."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cohort.blocks import GROUPS, block_config, block_seed, n_blocks
from cohort.cli import main
from cohort.config.loader import load_config
from cohort.config.models import STATUSES, Config
from cohort.engine.model import CohortModel
from cohort.errors import ConfigError
from cohort.memory import check_memory, estimate
from cohort.single_run import run
from cohort.state import STATE
from tests.conftest import CONFIGS

CONFIG = CONFIGS / "base.yaml"
SMALL = ["cohort.size=700", "cohort.block_size=250", "duration_weeks=2", "recording.sample_athletes=300"]


def small(*extra: str) -> Config:
    return load_config(CONFIG, [*SMALL, *extra])


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blocks one at a time in this process."""
    out = tmp_path_factory.mktemp("blocks") / "serial"
    result = run(small(), out)
    assert result.runs.iloc[0]["executor"] == "in-process"
    return out


def frames(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("cohort_daily", "histograms", "athletes")}


def assert_same(reference: Path, other: Path) -> None:
    expected, got = frames(reference), frames(other)
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], got[name], check_exact=True)


def test_blocks_at_once_on_processes_give_identical_results(reference: Path, tmp_path: Path) -> None:
    result = run(small(), tmp_path / "processes", jobs=2)
    assert result.runs.iloc[0]["executor"] == "processes"
    assert_same(reference, tmp_path / "processes")


@pytest.mark.slow
def test_blocks_on_a_local_dask_cluster_give_identical_results(reference: Path, tmp_path: Path) -> None:
    result = run(small(), tmp_path / "dask", jobs=2, local_dask=True)
    assert result.runs.iloc[0]["executor"] == "dask"
    assert_same(reference, tmp_path / "dask")


def test_blocks_through_a_scheduler_address(reference: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False}) as cluster:
        result = run(small(), tmp_path / "remote", scheduler=cluster.scheduler_address)
    assert result.runs.iloc[0]["executor"] == "dask"
    assert_same(reference, tmp_path / "remote")


def block_values(config: Config) -> tuple[np.ndarray, np.ndarray, list[str], CohortModel]:
    """Every block run as a plain model: recorded values (steps, athletes, variables) of the
    whole cohort and the athletes' group codes."""
    values, groups = [], []
    model = None
    for block in range(n_blocks(config)):
        model = CohortModel(block_config(config, block))
        model.advance(model.n_days_total)
        values.append(model.recorder.values.astype(np.float64))
        female = model.state[:, STATE.index("female")] > 0
        groups.append(female * len(STATUSES) + model.state[:, STATE.index("training_status")].astype(int))
    assert model is not None
    return np.concatenate(values, axis=1), np.concatenate(groups), list(model.recorder.names), model


def test_aggregates_equal_the_statistics_of_all_athletes(reference: Path) -> None:
    """Means and SDs to float64 rounding; counts, minima, maxima and prevalences exactly; the
    histogram quantiles within one bin of numpy's quantiles of the pooled values."""
    config = small()
    values, group, names, model = block_values(config)
    daily = pd.read_parquet(reference / "cohort_daily.parquet")
    histograms = pd.read_parquet(reference / "histograms.parquet")

    def table(sex: str, status: str, statistic: str) -> pd.DataFrame:
        rows = daily[(daily.sex == sex) & (daily.training_status == status) & (daily.statistic == statistic)]
        return rows.pivot(index="day", columns="variable", values="value")

    for code, (sex, status) in [*enumerate(GROUPS), (None, ("all", "all"))]:
        chosen = values if code is None else values[:, group == code]
        if chosen.shape[1] == 0:
            assert table(sex, status, "n").eq(0).all().all()
            continue
        assert (table(sex, status, "n") == chosen.shape[1]).all().all()
        np.testing.assert_allclose(table(sex, status, "mean")[names].to_numpy(), chosen.mean(axis=1), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(table(sex, status, "sd")[names].to_numpy(), chosen.std(axis=1), rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(table(sex, status, "min")[names].to_numpy(), chosen.min(axis=1))
        np.testing.assert_array_equal(table(sex, status, "max")[names].to_numpy(), chosen.max(axis=1))
        for threshold in [t for s in model.subsystems for t in s.thresholds if t.variable in names]:
            series = chosen[:, :, names.index(threshold.variable)]
            flag = series < threshold.cutoff if threshold.below else series > threshold.cutoff
            got = table(sex, status, "prevalence")[threshold.name].to_numpy()
            np.testing.assert_allclose(got, flag.mean(axis=1), rtol=1e-15)
        if code is None:
            width = histograms.groupby("variable").apply(lambda h: float(h["high"].iloc[1] - h["low"].iloc[1]), include_groups=False)
            q50 = table("all", "all", "q50")[names].to_numpy()
            exact = np.quantile(chosen, 0.5, axis=1)
            inside = ~np.isnan(q50)
            assert inside.mean() > 0.9  # medians fall in the bins, not in the underflow or overflow
            assert (np.abs(q50 - exact) <= width[names].to_numpy() + 1e-9)[inside].all()


def test_a_block_is_the_same_whatever_the_cohort_around_it(reference: Path, tmp_path: Path) -> None:
    """Block 0's athletes are drawn from (seed, block 0) alone: a cohort of one block has them too."""
    alone = run(small("cohort.size=250"), None)
    full = pd.read_parquet(reference / "athletes.parquet")
    pd.testing.assert_frame_equal(alone.athletes.drop(columns="run_id"), full[full.athlete < 250].drop(columns="run_id"), check_exact=True)
    assert len(full) == 300 and full.athlete.tolist() == list(range(300))


def test_blocks_have_their_own_seeds() -> None:
    config = small()
    seeds = {block_config(config, block).seed for block in range(n_blocks(config))}
    assert len(seeds) == n_blocks(config) == 3
    assert block_seed(1, 0) != block_seed(2, 0) and all(0 <= seed < 2**63 for seed in seeds)
    assert [block_config(config, block).cohort.size for block in range(3)] == [250, 250, 200]


def test_memory_is_set_by_the_block_not_the_cohort() -> None:
    big = estimate(load_config(CONFIG, ["cohort.size=10000000", "cohort.block_size=20000", "duration_weeks=52"]))
    smaller = estimate(load_config(CONFIG, ["cohort.size=100000", "cohort.block_size=20000", "duration_weeks=52"]))
    assert big.total_bytes == smaller.total_bytes < 2**30
    check_memory(load_config(CONFIG, ["cohort.size=10000000", "cohort.block_size=20000", "duration_weeks=52"]), available=8 * 2**30)


def test_an_unblocked_request_that_cannot_fit_names_block_size() -> None:
    config = load_config(CONFIG, ["cohort.size=10000000", "duration_weeks=52"])
    with pytest.raises(ConfigError) as caught:
        check_memory(config, "big.yaml", available=8 * 2**30)
    (problem,) = caught.value.problems
    assert problem.key_path == "cohort.size" and "cohort.block_size" in problem.expected


def test_a_block_that_cannot_fit_is_refused_naming_block_size() -> None:
    config = load_config(CONFIG, ["cohort.size=10000000", "cohort.block_size=1000000", "duration_weeks=52"])
    with pytest.raises(ConfigError) as caught:
        check_memory(config, "big.yaml", processes=2, available=8 * 2**30)
    (problem,) = caught.value.problems
    assert problem.key_path == "cohort.block_size" and "--jobs" in problem.expected


def test_a_cohort_model_refuses_a_block_size() -> None:
    with pytest.raises(ConfigError, match="cohort.block_size"):
        CohortModel(small())


def test_block_size_with_a_squad_is_a_config_error() -> None:
    squads = sorted((CONFIGS / "squads").glob("*"))
    with pytest.raises(ConfigError, match="block_size"):
        load_config(CONFIG, [f"cohort.squad={squads[0]}", "cohort.block_size=100"])


def test_the_cli_refuses_jobs_without_blocks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(CONFIG), "--out", str(tmp_path / "out"), "--jobs", "2", "--set", "cohort.size=10"])
    assert code == 2
    assert "cohort.block_size" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_cli_runs_a_blocked_cohort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["run", str(CONFIG), "--out", str(out), "--set", "cohort.size=300", "--set", "cohort.block_size=150",
                 "--set", "duration_weeks=1"])
    assert code == 0
    assert "in 2 blocks of 150" in capsys.readouterr().err
    assert {path.name for path in out.iterdir()} == {
        "runs.parquet", "cohort_daily.parquet", "histograms.parquet", "config.resolved.yaml", "manifest.json",
    }


def test_sample_athletes_without_blocks_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="sample_athletes"):
        load_config(CONFIG, ["recording.sample_athletes=10"])


def test_an_experiment_refuses_a_blocked_base() -> None:
    from cohort.experiment.spec import resolve_experiment

    with pytest.raises(ConfigError, match="cohort.block_size"):
        resolve_experiment(Path(__file__).parents[2] / "experiments" / "quickstart.yaml", overrides=["cohort.block_size=500"])


def test_a_blocked_run_reports_its_blocks_warnings_once_summed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """A warning about some athletes (iron's unconverged steady-state solve, forced here by allowing
    it 2 weeks) comes once for the cohort, its counts summed over the blocks, not once per block."""
    import logging

    from cohort.physiology.iron import initial

    monkeypatch.setattr(initial, "MAX_SOLVE_WEEKS", 2)
    per_block = []
    solve = initial.SteadyStateSolver.solve

    def counted(self, rows, athletes, balance_out):  # type: ignore[no-untyped-def]
        status, weeks = solve(self, rows, athletes, balance_out)
        per_block.append(int((status == 3).sum()))
        return status, weeks

    monkeypatch.setattr(initial.SteadyStateSolver, "solve", counted)
    with caplog.at_level(logging.WARNING, logger="cohort.tally"):
        run(small("duration_weeks=1"), tmp_path / "out")
    lines = [r.getMessage() for r in caplog.records if "not converged" in r.getMessage()]
    assert len(per_block) == 3 and all(n > 0 for n in per_block)  # 700 athletes in blocks of 250
    assert lines == [lines[0]] and f"{sum(per_block):,} of 700 athletes not converged in 2 weeks" in lines[0]


def test_tallies_add_counts_and_cohort_sizes_and_keep_the_worst() -> None:
    from cohort.tally import Tally, summed

    text = "{count} of {of} athletes off by up to {worst}"
    a, b, other = Tally(text, 1, 50_000, 0.4), Tally(text, 2, 50_000, 0.05), Tally("{count} of {of} empty", 3, 10)
    total, kept = summed([a, other, b])
    assert total.message() == "3 of 100,000 athletes off by up to 0.4" and kept is other
