"""The example sweeps in experiments/ validate in full, and the iron grid runs (shrunk)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cohort.experiment.runner import run_experiment
from cohort.experiment.spec import resolve_experiment
from tests.conftest import EXPERIMENTS

SWEEPS = sorted(EXPERIMENTS.glob("sweep_*.yaml"))


def test_there_are_three_example_sweeps() -> None:
    assert [p.name for p in SWEEPS] == [
        "sweep_iron_dose_schedule.yaml", "sweep_mechanisms_sobol.yaml", "sweep_physiology_morris.yaml",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", SWEEPS, ids=lambda p: p.stem)
def test_every_run_of_an_example_sweep_has_a_valid_config(path: Path) -> None:
    experiment = resolve_experiment(path)  # builds and validates every point x arm config
    assert experiment.n_runs == experiment.design.n_points * len(experiment.spec.arms) * experiment.spec.replicates
    assert experiment.spec.hypothesis.strip()


def test_iron_grid_runs_and_more_iron_raises_paired_ferritin(tmp_path: Path) -> None:
    path = EXPERIMENTS / "sweep_iron_dose_schedule.yaml"
    result = run_experiment(path, tmp_path / "out", jobs=1, analyze=False,
                            overrides=["cohort.size=12", "duration_weeks=3"])
    assert result.ok and result.n_runs == 60 and result.computed == 33  # control shared by all points
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    athletes = pd.read_parquet(tmp_path / "out" / "athletes.parquet", columns=["run_id", "athlete", "ferritin_ug_l_change"])
    frame = athletes.merge(runs[["run_id", "point", "arm", "replicate", *result_factors(runs)]], on="run_id")
    wide = frame.pivot_table(index=["point", "replicate", "athlete"], columns="arm", values="ferritin_ug_l_change")
    paired = (wide["iron"] - wide["control"]).groupby(level="point").mean()
    levels = runs.drop_duplicates("point").set_index("point")
    daily = levels[levels["strategy.iron.delivery.schedule"] == "daily"].sort_values("strategy.iron.product.iron.elemental_mg")
    gains = paired.loc[daily.index].to_numpy()
    # common random numbers: same athletes in every arm and point, so the dose response is monotone
    assert (gains[1:] >= gains[:-1]).all() and gains[-1] > gains[0] > 0


def result_factors(runs: pd.DataFrame) -> list[str]:
    return [c for c in runs.columns if c.startswith("strategy.")]
