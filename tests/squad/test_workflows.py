"""A squad table works wherever a config does: experiments (``set:`` and base config),
enrolment, and calibration specs naming a squad-based config."""

from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from cohort.cli import main
from cohort.experiment.runner import run_experiment
from cohort.experiment.spec import resolve_experiment
from cohort.squad.table import load_squad
from tests.conftest import CONFIGS, EXPERIMENTS
from tests.squad.conftest import EXAMPLE


def _experiment(folder, **changes) -> object:
    spec = {
        "name": "squad arms",
        "hypothesis": "x" * 90,
        "base": str(CONFIGS / "base.yaml"),
        "set": {"duration_weeks": 2, "cohort": {"squad": "my_squad.csv"}},  # relative to this file
        "seed": 9,
        "replicates": 1,
        "reference": "none",
        "arms": {
            "none": {},
            "iron": {"strategies": [{"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}},
                                     "delivery": {"schedule": "daily", "time": "06:30"}}]},
        },
        "outcomes": ["ferritin_ug_l"],
        **changes,
    }
    path = folder / "experiment.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_an_experiment_naming_a_squad_in_set_starts_every_arm_at_the_squads_labs(tmp_path):
    pd.read_csv(EXAMPLE).to_csv(tmp_path / "my_squad.csv", index=False)
    path = _experiment(tmp_path)
    assert resolve_experiment(path).base_config.cohort.squad == str((tmp_path / "my_squad.csv").resolve())
    run_experiment(path, tmp_path / "out", jobs=1)
    athletes = pd.read_parquet(tmp_path / "out" / "athletes.parquet")
    measured = load_squad(EXAMPLE).labs["ferritin_ug_l"]
    for arm in ("none", "iron"):
        baseline = athletes[athletes.arm == arm].sort_values("athlete")["ferritin_ug_l_baseline"].to_numpy()
        np.testing.assert_allclose(baseline, measured, rtol=5e-3)
    end = athletes.pivot(index="athlete", columns="arm", values="ferritin_ug_l_end")
    assert (end["iron"] > end["none"]).all()  # two weeks of daily iron add to every athlete's stores


def test_the_example_squad_experiment_enrols_its_low_ferritin_athletes():
    experiment = resolve_experiment(EXPERIMENTS / "squad_iron.yaml")
    assert experiment.base_config.cohort.size == 20
    assert experiment.spec.enrolment is not None


def test_cohort_calibrate_accepts_a_squad_based_config(tmp_path):
    """Issue 14's squad roster: a calibration spec whose base config names a squad table; the
    data's athletes are the table's ids (the spec's ``athletes`` mapping: id -> row)."""
    squad = load_squad(EXAMPLE)
    ids = squad.ids[:20]
    rows = []
    for row, label in enumerate(ids):
        for day, scale in ((0, 1.0), (28, 1.05)):
            rows.append({"athlete": label, "day": day, "variable": "ferritin_ug_l", "value": round(squad.labs["ferritin_ug_l"][row] * scale, 1)})
    pd.DataFrame(rows).to_csv(tmp_path / "data.csv", index=False)
    spec = {
        "name": "squad roster",
        "base": str(CONFIGS / "squads" / "example_squad.yaml"),
        "set": {"duration_weeks": 4},
        "seed": 3,
        "data": "data.csv",
        "athletes": {label: row for row, label in enumerate(ids)},
        "parameters": {"physiology.iron.fia_small_dose": {}},
        "method": {"optimize": {"trials": 4}, "posterior": {"steps": 4, "burn": 2}, "predictive_draws": 2},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["calibrate", str(path), "--out", str(out)]) == 0
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert list(posterior.columns) == ["physiology.iron.fia_small_dose"]
    assert len(posterior) > 0 and posterior.iloc[:, 0].between(0.1, 0.45).all()
