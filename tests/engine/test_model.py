"""CohortModel as a Mesa model, and the state checks."""

from __future__ import annotations

import mesa
import numpy as np
import pytest

from cohort.engine.model import Athlete, CohortModel
from cohort.errors import StateError
from cohort.parameters import PARAMS
from cohort.state import STATE


def test_step_advances_one_day_and_mesa_counts_steps(quick_config):
    model = CohortModel(quick_config)
    assert isinstance(model, mesa.Model)
    model.step()
    model.step()
    assert model.day == 2
    assert model.steps == 2


def test_agents_are_read_only_views_of_rows(quick_config):
    model = CohortModel(quick_config)
    athletes = list(model.agents)
    assert len(athletes) == quick_config.cohort.size
    athlete = athletes[3]
    assert isinstance(athlete, Athlete)
    column = STATE.index("strength_1rm_kg")
    assert athlete.strength_1rm_kg == model.state[athlete.row, column]
    model.advance(7)
    assert athlete.strength_1rm_kg == model.state[athlete.row, column]
    assert athlete["body_mass_kg"] == model.state[athlete.row, STATE.index("body_mass_kg")]
    with pytest.raises(AttributeError):
        athlete.strength_1rm_kg = 1.0  # type: ignore[misc]


def test_run_model_reaches_the_configured_duration(quick_config):
    model = CohortModel(quick_config)
    model.run_model()
    assert model.day == quick_config.n_days
    assert not model.running


def test_bounds_violation_names_variable_athlete_day_and_run(quick_config):
    model = CohortModel(quick_config, run_id="poisoned-run")
    # An absurd fitness gain drives fitness beyond its physical bound within days.
    model.params[0, PARAMS.index("muscle.fitness_gain_per_au")] = 1e6
    with pytest.raises(StateError) as error:
        model.advance(14)
    message = str(error.value)
    assert "poisoned-run" in message
    assert "fitness_" in message
    assert "athlete" in message and "day" in message


def test_column_view_is_read_only(quick_config):
    model = CohortModel(quick_config)
    view = model.column("vo2max_ml_kg_min")
    with pytest.raises(ValueError):
        view[0] = 1.0
    assert np.isfinite(view).all()
