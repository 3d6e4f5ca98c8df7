"""Forecast: the calibrated squad from each athlete's last visit under an experiment's arms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from cohort.cli import main
from tests.calibration.conftest import make_data, write_spec

IRON_DAILY = [{
    "name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 100}},
    "delivery": {"schedule": "daily", "time": "06:30"},
}]


def _experiment(folder: Path) -> Path:
    experiment = folder / "arms.yaml"
    experiment.write_text(yaml.safe_dump({
        "name": "iron or not", "hypothesis": "iron raises ferritin", "base": "unused.yaml",
        "reference": "none", "outcomes": ["ferritin_ug_l", "hb_g_dl"],
        "arms": {"none": {"strategies": []}, "iron_daily": {"strategies": IRON_DAILY}},
    }))
    return experiment


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small squad calibrated, athlete 0's visits ending on day 28 (the others' on day 56)."""
    folder = tmp_path_factory.mktemp("calibrated")
    spec = write_spec(folder)
    data = make_data(spec)
    frame = pd.read_csv(data)
    frame[(frame.athlete != 0) | (frame.day <= 28)].to_csv(data, index=False)
    out = folder / "calibrated"
    assert main(["calibrate", str(spec), "--out", str(out)]) == 0
    return out


def test_forecast_starts_at_each_athletes_last_visit(calibrated, tmp_path):
    experiment = _experiment(tmp_path)
    target = tmp_path / "forecast"
    assert main(["forecast", str(calibrated), str(experiment), "--draws", "6", "--weeks", "1", "--out", str(target)]) == 0
    table = pd.read_parquet(target / "forecast.parquet")
    assert len(table) == 4 * 2 * 2  # athletes x arms x outcomes
    assert (table.low_90 <= table["median"]).all() and (table["median"] <= table.high_90).all()
    starts = table.groupby("athlete").from_day.first()
    assert starts.to_dict() == {"0": 28, "1": 56, "2": 56, "3": 56}
    # one week without iron after the last visit, ferritin is still near its calibrated value
    # on that visit (the posterior predictive median of the true value), not near day 0's
    predictive = pd.read_parquet(calibrated / "predictive.parquet")
    true = predictive[predictive.variable == "ferritin_ug_l"].set_index(["athlete", "day"]).true_median
    none = table[(table.arm == "none") & (table.outcome == "ferritin_ug_l")].set_index("athlete")
    for athlete, row in none.iterrows():
        at_visit, at_start = true[(athlete, row.from_day)], true[(athlete, 0)]
        assert abs(row["median"] / at_visit - 1) < 0.05, (athlete, row["median"], at_visit)
        assert abs(row["median"] - at_visit) < 0.5 * abs(row["median"] - at_start), (athlete, row["median"], at_visit, at_start)


def test_forecast_arms_are_paired(calibrated, tmp_path):
    experiment = _experiment(tmp_path)
    target = tmp_path / "forecast"
    assert main(["forecast", str(calibrated), str(experiment), "--draws", "4", "--weeks", "8", "--out", str(target)]) == 0
    table = pd.read_parquet(target / "forecast.parquet")
    ferritin = table[(table.outcome == "ferritin_ug_l")]
    # daily iron raises every athlete's ferritin against no iron, in every posterior draw
    assert (ferritin[ferritin.arm == "iron_daily"].difference_low_90 > 0).all()
    assert (ferritin[ferritin.arm == "none"].difference_median == 0).all()  # reference vs itself
    assert np.array_equal(table.day, table.from_day + 56)


def test_forecast_of_a_folder_that_is_not_a_calibration(tmp_path, capsys):
    experiment = tmp_path / "x.yaml"
    experiment.write_text("name: x\n")
    assert main(["forecast", str(tmp_path), str(experiment)]) == 2
    assert "calibration output directory" in capsys.readouterr().err
    assert main(["forecast", str(tmp_path), str(experiment), "--weeks", "0"]) == 2
    assert "--weeks" in capsys.readouterr().err
