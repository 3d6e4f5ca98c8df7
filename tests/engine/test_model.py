"""CohortModel as a Mesa model, and the state checks."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from cohort.engine.model import Athlete, CohortModel
from cohort.errors import CohortError, ConfigError, StateError
from cohort.parameters import PARAMS
from cohort.state import STATE
from tests.conftest import CONFIGS


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


def test_run_model_reaches_the_configured_duration_and_counts_its_steps(quick_config):
    model = CohortModel(quick_config)
    model.run_model()
    assert model.day == quick_config.n_days
    assert model.steps == quick_config.n_days
    assert not model.running


def test_mesa_loop_ends_at_the_last_day_and_a_step_past_it_is_an_error(quick_config):
    model = CohortModel(quick_config)
    while model.running:
        model.step()
        assert model.steps <= quick_config.n_days  # the loop must end
    assert model.day == model.steps == quick_config.n_days
    with pytest.raises(StateError, match="past the end"):
        model.step()
    assert model.steps == quick_config.n_days and model.day == quick_config.n_days


def test_advance_in_chunks_keeps_mesa_steps_equal_to_days(quick_config):
    model = CohortModel(quick_config)
    model.advance(10)
    model.step()
    assert model.day == model.steps == 11
    assert model.running


def test_every_door_builds_the_same_study_model(quick_config):
    """CohortModel(config) carries the config's strategies, exactly as cohort.run does."""
    from cohort.config.loader import load_config
    from cohort.single_run import run

    dosed = load_config(
        CONFIGS / "quickstart.yaml",
        ["cohort.size=40", "duration_weeks=3",
         'strategies=[{"name": "d3", "product": {"vitamin_d_iu": 4000}}]'],
    )
    mesa_door = CohortModel(dosed)
    mesa_door.run_model()
    api_door = run(dosed)
    column = "vitd_25oh_nmol_l"
    assert np.array_equal(mesa_door.column(column), api_door.athletes[f"{column}_end"].to_numpy())
    control = CohortModel(quick_config)
    control.run_model()
    # 4000 IU/d for three weeks raises 25(OH)D by tens of nmol/L (Heaney 2003: ~0.7 nmol/L per ug/d at steady state)
    assert mesa_door.column(column).mean() - control.column(column).mean() > 10.0


def test_hand_made_dose_tables_cannot_replace_a_configs_strategies():
    from cohort.config.loader import load_config
    from cohort.engine.doses import DoseTables

    dosed = load_config(CONFIGS / "quickstart.yaml", ["cohort.size=5", "duration_weeks=1",
                                                      'strategies=[{"name": "d3", "product": {"vitamin_d_iu": 1000}}]'])
    with pytest.raises(ValueError, match="strategies"):
        CohortModel(dosed, dose_tables=DoseTables.empty(5, dosed.n_days))


def test_default_model_and_keyword_parameters():
    """CohortModel() builds the packaged quickstart (Solara resets call the class bare);
    config= takes a path and seed= replaces the config's seed."""
    model = CohortModel()
    assert model.config.name == "quickstart" and model.n_athletes == 300
    other = CohortModel(config=str(CONFIGS / "quickstart.yaml"), seed=7)
    assert other.config.seed == 7
    assert not np.array_equal(model.state, other.state)  # a different seed draws a different cohort
    same = CohortModel(config=str(CONFIGS / "quickstart.yaml"), seed=7)
    assert np.array_equal(other.state, same.state)
    with pytest.raises(ConfigError):
        CohortModel(seed=-1)


def test_agents_by_type_is_populated_without_touching_agents(quick_config):
    model = CohortModel(quick_config)
    assert len(model.agents_by_type[Athlete]) == quick_config.cohort.size
    assert model.agent_types == [Athlete]
    assert len(model.agents) == quick_config.cohort.size  # no second set of views


def test_athletes_are_made_by_the_model_only(quick_config):
    model = CohortModel(quick_config)
    with pytest.raises(ValueError, match="outside the cohort"):
        Athlete(model, 9999)
    with pytest.raises(ValueError, match="already exists"):
        Athlete(model, 3)
    assert len(model.agents) == quick_config.cohort.size


def test_removing_an_athlete_is_refused_loudly(quick_config):
    model = CohortModel(quick_config)
    athlete = next(iter(model.agents))
    with pytest.raises(CohortError, match="cannot be removed"):
        athlete.remove()
    assert athlete in model.agents and len(model.agents) == quick_config.cohort.size


def test_mesa_rng_is_free_for_user_code(quick_config):
    """model.rng / model.random are seeded but the simulation never draws from them."""
    plain, used = CohortModel(quick_config), CohortModel(quick_config)
    for _ in range(5):
        used.rng.normal(size=100)
        used.random.random()
        plain.step()
        used.step()
    assert np.array_equal(plain.state, used.state)


def test_mesa_batch_run_as_the_tutorial_uses_it(tmp_path):
    """mesa.batch_run(Model, parameters, iterations, max_steps, number_processes,
    data_collection_period) with a config path and seeds, read from the model DataCollector."""
    config = tmp_path / "small.yaml"
    config.write_text(f"extends: {CONFIGS / 'quickstart.yaml'}\ncohort:\n  size: 20\nduration_weeks: 2\n")
    results = mesa.batch_run(
        CohortModel,
        parameters={"config": str(config), "seed": [1, 2]},
        iterations=1,
        max_steps=100,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert len(frame) == 2 * 14  # the model stops itself after its 14 days
    assert sorted(frame["Step"].unique()) == list(range(14))
    last = frame[frame["Step"] == 13].set_index("seed")
    assert (last["day"] == 14).all()
    check = CohortModel(config=str(config), seed=2)
    check.run_model()
    assert last.loc[2, "mean_vitd_25oh_nmol_l"] == pytest.approx(check.column("vitd_25oh_nmol_l").mean(), rel=1e-12)
    assert last.loc[1, "mean_ferritin_ug_l"] != last.loc[2, "mean_ferritin_ug_l"]  # seeds draw different cohorts


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
