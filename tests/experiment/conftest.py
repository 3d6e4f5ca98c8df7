"""Small experiments (20 athletes x 2 weeks) written into tmp_path, base config from the repo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from tests.conftest import CONFIGS

#: columns that hold wall-clock timings or the chunk layout, not results
VOLATILE = ("build_s", "simulate_s", "agent_days_per_s", "chunk")


def write_experiment(folder: Path, name: str = "exp.yaml", **changes: Any) -> Path:
    document: dict[str, Any] = {
        "name": "small",
        "hypothesis": "a test of the runner",
        "base": str(CONFIGS / "base.yaml"),
        "set": {"duration_weeks": 2, "cohort": {"size": 20}},
        "record": {"interval_days": 7, "variables": ["strength_1rm_kg", "vo2max_ml_kg_min", "ferritin_ug_l"]},
        "replicates": 2,
        "arms": {"control": {}, "noisy": {"training": {"day_to_day_cv": 0.2}}},
        "sweep": {
            "design": "grid",
            "factors": {
                "physiology.muscle.tau_fitness_d": {"values": [30, 45]},
                "cohort.female_share": {"values": [0.3, 0.6]},
            },
        },
    }
    document.update(changes)
    path = folder / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def experiment_file(tmp_path: Path) -> Path:
    return write_experiment(tmp_path)


def stable(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame without timing/chunk columns, for equality across executors and resumes."""
    return frame.drop(columns=[c for c in VOLATILE if c in frame.columns]).reset_index(drop=True)


def assert_same_outputs(left: Path, right: Path) -> None:
    for name in ("runs", "athletes", "cohort_daily"):
        a = stable(pd.read_parquet(left / f"{name}.parquet"))
        b = stable(pd.read_parquet(right / f"{name}.parquet"))
        pd.testing.assert_frame_equal(a, b, check_exact=True)
