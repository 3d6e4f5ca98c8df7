"""A small calibration (4 athletes, 8 weeks, alternate-day iron) written into a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CONFIGS

TRUE_HALF_LIFE_D = 16.0
TRUE_FIA = [0.15, 0.22, 0.30, 0.38]


def write_spec(folder: Path, data: str = "data.csv", **changes: Any) -> Path:
    spec: dict[str, Any] = {
        "name": "test squad",
        "base": str(CONFIGS / "base.yaml"),
        "set": {
            "duration_weeks": 8,
            "cohort": {"size": 4, "female_share": 1.0, "sport": {"endurance": 1.0}},
            "strategies": [{
                "name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}},
                "delivery": {"schedule": "alternate_days", "time": "06:30"},
            }],
        },
        "seed": 5,
        "data": data,
        "parameters": {
            "physiology.vitamin_d.half_life_25ohd_d": {},
            "physiology.iron.fia_small_dose": {"per_athlete": True},
        },
        "method": {"optimize": {"trials": 12}, "posterior": {"steps": 6, "burn": 2}, "predictive_draws": 4},
    }
    for key, value in changes.items():
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = value
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def make_data(spec: Path, noise_seed: int = 1, truth: dict[str, Any] | None = None) -> Path:
    """Simulate the spec's squad with the true values and write its data file."""
    from cohort.calibration.spec import load_calibration
    from cohort.calibration.synthetic import synthetic_observations, visit_plan

    calibration = load_calibration(spec)
    truth = truth or {"physiology.vitamin_d.half_life_25ohd_d": TRUE_HALF_LIFE_D, "physiology.iron.fia_small_dose": TRUE_FIA}
    visits = {"vitd_25oh_nmol_l": [0, 28, 56], "ferritin_ug_l": [0, 14, 28, 42, 56]}
    frame = synthetic_observations(calibration, truth, visit_plan(visits, range(4)), noise_seed)
    path = calibration.data_path
    frame.drop(columns="true_value").to_csv(path, index=False)
    return path


@pytest.fixture
def small_calibration(tmp_path: Path) -> Path:
    spec = write_spec(tmp_path)
    make_data(spec)
    return spec
