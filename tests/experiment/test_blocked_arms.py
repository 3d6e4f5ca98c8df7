"""Arms over a blocked cohort: the same blocks in every arm (common random numbers), per-arm
aggregates equal to each arm's own blocked run, and the arm difference's mean and SD equal to
those of the paired per-athlete differences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cohort.blocks import GROUPS, run_blocks
from cohort.config.loader import load_config
from cohort.config.models import Config
from cohort.errors import ConfigError
from cohort.experiment.blocked import run_blocked_arms
from tests.conftest import CONFIGS
from tests.engine.test_blocks import block_values

SMALL = ["cohort.size=500", "cohort.block_size=200", "duration_weeks=3"]
D3 = "strategies=[{name: d3, product: {vitamin_d_ug: 50}, delivery: {schedule: daily, with_meal: breakfast}}]"


def arm(*extra: str) -> Config:
    return load_config(CONFIGS / "base.yaml", [*SMALL, *extra])


@pytest.fixture(scope="module")
def arms() -> tuple[dict[str, Config], dict[str, pd.DataFrame]]:
    configs = {"control": arm(), "d3": arm(D3)}
    frames, _ = run_blocked_arms(configs, "control")
    return configs, frames


def pooled(config: Config) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every block of ``config`` run as a plain model: values (steps, athletes, variables), groups."""
    values, groups, names, _ = block_values(config)
    return values, groups, names


def table(frame: pd.DataFrame, sex: str, status: str, statistic: str) -> pd.DataFrame:
    rows = frame[(frame.sex == sex) & (frame.training_status == status) & (frame.statistic == statistic)]
    return rows.pivot(index="day", columns="variable", values="value")


def test_each_arm_equals_its_own_blocked_run(arms: tuple[dict[str, Config], dict[str, pd.DataFrame]]) -> None:
    """Sharing the athletes' start between arms and running them in one task changes nothing."""
    configs, frames = arms
    for name, config in configs.items():
        alone, _, _ = run_blocks(config)
        got = frames["cohort_daily"]
        got = got[got.arm == name].drop(columns="arm").reset_index(drop=True).assign(run_id="run-0")
        pd.testing.assert_frame_equal(got, alone["cohort_daily"], check_exact=True)


def test_arm_difference_is_the_mean_and_sd_of_paired_differences(arms: tuple[dict[str, Config], dict[str, pd.DataFrame]]) -> None:
    configs, frames = arms
    control, control_group, names = pooled(configs["control"])
    d3, d3_group, _ = pooled(configs["d3"])
    np.testing.assert_array_equal(control_group, d3_group)  # same athletes in both arms
    paired = d3 - control
    differences = frames["differences"]
    assert set(differences.arm) == {"d3"}
    vitd = names.index("vitd_25oh_nmol_l")
    assert paired[-1, :, vitd].mean() > 10  # the supplement moved 25(OH)D: the check is not of zeros
    assert paired[-1, :, vitd].std() > 0.5
    for code, (sex, status) in [*enumerate(GROUPS), (None, ("all", "all"))]:
        chosen = paired if code is None else paired[:, control_group == code]
        if chosen.shape[1] == 0:
            continue
        assert (table(differences, sex, status, "n") == chosen.shape[1]).all().all()
        np.testing.assert_allclose(table(differences, sex, status, "mean")[names].to_numpy(), chosen.mean(axis=1), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(table(differences, sex, status, "sd")[names].to_numpy(), chosen.std(axis=1), rtol=1e-7, atol=1e-9)
    # the paired SD is not what the arms' SDs would suggest: it is the SD of the effect
    daily = frames["cohort_daily"]
    arm_sd = daily[(daily.sex == "all") & (daily.statistic == "sd") & (daily.variable == "vitd_25oh_nmol_l")]
    last = arm_sd.day.max()
    separate = np.hypot(*arm_sd[arm_sd.day == last].value.to_numpy())
    assert table(differences, "all", "all", "sd").loc[last, "vitd_25oh_nmol_l"] < 0.8 * separate


def test_prevalence_difference_is_arm_minus_reference(arms: tuple[dict[str, Config], dict[str, pd.DataFrame]]) -> None:
    _, frames = arms
    daily, differences = frames["cohort_daily"], frames["differences"]

    def share(name: str) -> pd.Series:
        rows = daily[(daily.arm == name) & (daily.statistic == "prevalence") & (daily.sex == "all")]
        return rows.set_index(["day", "variable"]).value

    got = differences[(differences.statistic == "prevalence") & (differences.sex == "all")].set_index(["day", "variable"]).value
    pd.testing.assert_series_equal(got.sort_index(), (share("d3") - share("control")).sort_index(), check_names=False)
    assert got.loc[(got.index.get_level_values(0).max(), "vitd_insufficient")] < -0.2


def test_runs_have_one_row_per_arm(arms: tuple[dict[str, Config], dict[str, pd.DataFrame]]) -> None:
    runs = arms[1]["runs"]
    assert list(runs.arm) == ["control", "d3"] and list(runs.reference) == [True, False]
    assert (runs.n_blocks == 3).all() and (runs.n_athletes == 500).all()


def test_arms_must_share_their_blocks() -> None:
    with pytest.raises(ConfigError, match=r"arms\.other\.cohort"):
        run_blocked_arms({"control": arm(), "other": arm("cohort.size=400")}, "control")
    with pytest.raises(ConfigError, match=r"arms\.other\.seed"):
        run_blocked_arms({"control": arm(), "other": arm("seed=3")}, "control")
    with pytest.raises(ConfigError, match="sample_athletes"):
        run_blocked_arms({"control": arm("recording.sample_athletes=10")}, "control")
    with pytest.raises(ConfigError, match="block_size"):
        run_blocked_arms({"control": load_config(CONFIGS / "base.yaml", ["cohort.size=50"])}, "control")


EXPERIMENT = f"""
name: Blocked D3
hypothesis: A daily vitamin D3 supplement keeps 25(OH)D up through a winter.
base: {CONFIGS / "base.yaml"}
set:
  duration_weeks: 2
  cohort: {{size: 300, block_size: 150}}
reference: control
arms:
  control: {{}}
  d3:
    strategies:
      - {{name: d3, product: {{vitamin_d_ug: 50}}, delivery: {{schedule: daily, with_meal: breakfast}}}}
outcomes: [vitd_25oh_nmol_l, strength_1rm_kg]
"""


def test_cohort_experiment_runs_the_arms_over_blocks_and_reports_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    from cohort.cli import main

    file = tmp_path / "blocked.yaml"
    file.write_text(EXPERIMENT, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["experiment", str(file), "--out", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "2 runs (2 computed" in err
    assert re.search(r"block/s|s/block", err) and not re.search(r"run/s|s/run", err)  # the bar counts blocks
    assert {p.name for p in out.iterdir() if p.is_file()} == {
        "cohort_daily.parquet", "histograms.parquet", "differences.parquet", "runs.parquet", "experiment.resolved.yaml",
        "config.resolved.yaml", "manifest.json", "report.html",
    }
    differences = pd.read_parquet(out / "differences.parquet")
    end = differences[(differences.sex == "all") & (differences.variable == "vitd_25oh_nmol_l") & (differences.day == 14)]
    assert end.set_index("statistic").value["mean"] > 3  # the supplement raised 25(OH)D in two weeks
    page = (out / "report.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings[:3] == ["Cohort", "Arm differences against control (paired)", "Reference arm (control): figures"]
    assert "Hypothesis (from the review)." in page
    for name in ("arm_differences", "arm_trajectories", "arm_prevalence", "group_trajectories", "group_prevalence", "histograms"):
        assert re.search(rf'<img alt="{name}" src="data:image/png;base64,[A-Za-z0-9+/]{{1000,}}', page), name
    assert "strength[d3]" in page  # the mechanism table per arm


def test_a_blocked_experiment_refuses_replicates_and_sweeps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cohort.cli import main

    file = tmp_path / "blocked.yaml"
    file.write_text(EXPERIMENT + "replicates: 2\n", encoding="utf-8")
    assert main(["experiment", str(file), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 2
    assert "replicates" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
