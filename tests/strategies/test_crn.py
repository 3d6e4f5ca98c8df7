"""Common random numbers: identical arms are identical; a strategy that never doses is the control."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cohort.engine.model import CohortModel
from tests.strategies.helpers import config

IRON = {"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 100}}, "delivery": {"schedule": "daily"}}
VOLATILE = {"run_id", "build_s", "simulate_s", "agent_days_per_s"}


def run(strategies: list[dict], weeks: int = 3, **overrides) -> tuple[np.ndarray, dict[str, pd.DataFrame]]:
    model = CohortModel(config(strategies, size=40, weeks=weeks, **overrides))
    model.advance(7 * weeks)
    frames = model.result(arm="x").to_frames()
    return model.state.copy(), {name: frame.drop(columns=[c for c in frame.columns if c in VOLATILE]) for name, frame in frames.items()}


def assert_same(first, second) -> None:
    """Same state and same simulation frames; lab draws (trial data, not simulation) may be extra."""
    assert np.array_equal(first[0], second[0], equal_nan=True)
    assert set(first[1]) - set(second[1]) <= {"draws"}
    for name in second[1]:
        pd.testing.assert_frame_equal(first[1][name], second[1][name], check_exact=True)


def test_two_identical_arms_give_identical_outputs():
    strategies = [IRON, {"name": "d3", "product": {"vitamin_d_ug": 50}, "delivery": {"schedule": "weekly"}, "adherence": {"mean": 0.7}}]
    assert_same(run(strategies), run(strategies))


@pytest.mark.parametrize(
    "never",
    [
        {**IRON, "adherence": {"mean": 0.0}},
        {**IRON, "screen": {"biomarker": "vo2max_ml_kg_min", "below": 0.0, "weeks": [0, 1]}},
        {**IRON, "phases": ["off"]},
        {**IRON, "start_week": 3},
        {"name": "labs", "kind": "lab_draws", "biomarkers": ["strength_1rm_kg"], "weeks": [0, 2, 3]},
    ],
    ids=["adherence-0", "screen-never-met", "phase-never-reached", "starts-after-the-end", "lab-draws-only"],
)
def test_a_strategy_that_never_doses_equals_the_control_bit_for_bit(never):
    assert_same(run([never]), run([]))


def test_a_dosing_strategy_changes_the_result():
    dosed, control = run([IRON]), run([])
    assert not np.array_equal(dosed[0], control[0])
