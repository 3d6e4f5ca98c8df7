"""Training plans compile to the right days, clock times and volumes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from cohort.config.models import TrainingPlan
from cohort.errors import ConfigError
from cohort.training import F_INTENSITY, F_MINUTES, F_MODALITY, F_START, compile_plan


def _plan(**extra):
    return TrainingPlan.model_validate(
        {
            "name": "p",
            "blocks": [
                {"name": "a", "weeks": 1, "sessions": [
                    {"day": "mon", "time": "07:30", "modality": "endurance", "duration_min": 60, "intensity": 0.7},
                    {"day": "mon", "time": "17:00", "modality": "resistance", "duration_min": 40, "intensity": 0.8},
                    {"day": "thu", "time": "10:00", "modality": "eccentric", "duration_min": 30, "intensity": 0.9},
                ]},
                {"name": "b", "weeks": 1, "volume": 0.5, "like": "a", "phase": "deload"},
            ],
            **extra,
        }
    )


def test_sessions_land_on_their_weekdays_with_clock_times():
    monday = dt.date(2025, 1, 6).weekday()
    sessions, phase = compile_plan(_plan(repeat=False), 21, monday)
    assert sessions[0, 0, F_START] == 7.5 and sessions[0, 1, F_START] == 17.0
    assert sessions[0, 0, F_MINUTES] == 60 and sessions[0, 1, F_MODALITY] == 1
    assert sessions[3, 0, F_MODALITY] == 3 and sessions[3, 0, F_INTENSITY] == 0.9
    assert sessions[1].sum() == 0
    assert sessions[7, 0, F_MINUTES] == 30  # block b: volume 0.5
    assert phase[7] == 3  # deload
    assert sessions[14:].sum() == 0  # no repeat


def test_plans_repeat_and_respect_the_start_weekday():
    wednesday = dt.date(2025, 1, 8).weekday()
    sessions, _ = compile_plan(_plan(repeat=True), 28, wednesday)
    mondays = np.nonzero(sessions[:, 0, F_START] == 7.5)[0]
    assert list(mondays) == [5, 12, 19, 26]


def test_more_than_two_sessions_a_day_is_an_error():
    plan = TrainingPlan.model_validate(
        {"name": "p", "blocks": [{"name": "a", "weeks": 1, "sessions": [
            {"day": "mon", "time": f"{h:02d}:00", "modality": "endurance", "duration_min": 30, "intensity": 0.5} for h in (6, 12, 18)
        ]}]}
    )
    with pytest.raises(ConfigError):
        compile_plan(plan, 7, 0)
