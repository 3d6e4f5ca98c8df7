"""The live cohort is the CLI's model: same config -> same results as ``cohort run``; stepping
day by day gives the same state as one advance; an invalid change is a config error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cohort.errors import ConfigError
from cohort.explorer.live import (
    LiveCohort,
    build_arm_config,
    dose_fields,
    load_scenario,
    mechanism_overrides,
)

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["cohort.size=12", "duration_weeks=1"]


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(ROOT / "experiments" / "quickstart.yaml", SMALL)


def test_experiment_arms_and_doses_are_offered(scenario) -> None:
    assert scenario.arm_names == ["control", "d3_50ug_daily"] and scenario.reference == "control"
    assert dose_fields(scenario.arms["d3_50ug_daily"][0]) == {"strategies.0.product.vitamin_d_ug": 50.0}
    assert dose_fields(scenario.arms["control"][0]) == {}


def test_live_run_matches_cohort_run(scenario) -> None:
    from cohort.single_run import run

    live = LiveCohort(scenario, "d3_50ug_daily")
    for _ in range(live.n_days):  # play mode: one day at a time
        live.advance(1)
    assert live.finished and live.advance(5) == 0
    reference = run(build_arm_config(scenario, "d3_50ug_daily", []))
    ours = live.model.result().athletes
    columns = [c for c in reference.athletes.columns if c.endswith("_end")]
    np.testing.assert_array_equal(ours[columns].to_numpy(), reference.athletes[columns].to_numpy())
    daily = live.cohort_daily()
    assert set(daily.day) == set(range(live.n_days + 1))  # recorded every day in the live view


def test_mechanism_switch_reaches_the_model(scenario) -> None:
    on = LiveCohort(scenario, "d3_50ug_daily")
    off = LiveCohort(scenario, "d3_50ug_daily", mechanism_overrides({"vitd_oral_intake": (False, 1.0)}))
    assert off.config.mechanisms["vitd_oral_intake"].enabled is False
    on.advance(7)
    off.advance(7)
    # without the intake link neither food nor the 50 ug/day supplement reaches 25(OH)D
    assert off.mean_now("vitd_25oh_nmol_l") < on.mean_now("vitd_25oh_nmol_l") - 1.0
    trajectory = on.athlete_trajectory(3)
    assert list(trajectory.day) == list(range(8))
    assert trajectory["vitd_25oh_nmol_l"].iloc[-1] == pytest.approx(on.current("vitd_25oh_nmol_l")[3], rel=1e-6)


def test_invalid_change_is_a_config_error(scenario) -> None:
    with pytest.raises(ConfigError) as caught:
        LiveCohort(scenario, "d3_50ug_daily", ["cohort.size=-3"])
    assert any("cohort.size" in str(problem) for problem in caught.value.problems)
