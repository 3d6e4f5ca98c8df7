"""Forecast: the calibrated squad under an experiment's arms."""

from __future__ import annotations

import pandas as pd
import yaml

from cohort.cli import main


def test_forecast_gives_intervals_per_athlete_and_arm(small_calibration, tmp_path):
    out = tmp_path / "calibrated"
    assert main(["calibrate", str(small_calibration), "--out", str(out)]) == 0
    experiment = tmp_path / "arms.yaml"
    experiment.write_text(yaml.safe_dump({
        "name": "iron or not", "hypothesis": "iron raises ferritin", "base": "unused.yaml",
        "reference": "none", "outcomes": ["ferritin_ug_l", "hb_g_dl"],
        "arms": {
            "none": {"strategies": []},
            "iron_daily": {"strategies": [{
                "name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 100}},
                "delivery": {"schedule": "daily", "time": "06:30"},
            }]},
        },
    }))
    target = tmp_path / "forecast"
    assert main(["forecast", str(out), str(experiment), "--draws", "6", "--out", str(target)]) == 0
    table = pd.read_parquet(target / "forecast.parquet")
    assert len(table) == 4 * 2 * 2  # athletes x arms x outcomes
    assert (table.low_90 <= table["median"]).all() and (table["median"] <= table.high_90).all()
    ferritin = table[(table.outcome == "ferritin_ug_l")]
    # daily iron raises every athlete's ferritin against no iron, in every posterior draw
    assert (ferritin[ferritin.arm == "iron_daily"].difference_low_90 > 0).all()
    assert (ferritin[ferritin.arm == "none"].difference_median == 0).all()  # reference vs itself


def test_forecast_of_a_folder_that_is_not_a_calibration(tmp_path, capsys):
    experiment = tmp_path / "x.yaml"
    experiment.write_text("name: x\n")
    assert main(["forecast", str(tmp_path), str(experiment)]) == 2
    assert "calibration output directory" in capsys.readouterr().err
