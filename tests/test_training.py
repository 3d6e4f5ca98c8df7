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


def test_plan_mean_loads_average_one_cycle_of_blocks():
    from cohort.training import plan_mean_loads

    week = np.array([60 * 0.7, 40 * 0.8, 0.0, 30 * 0.9])  # endurance, resistance, hiit, eccentric AU per week
    np.testing.assert_allclose(plan_mean_loads(_plan()), (week + 0.5 * week) / 14.0, rtol=1e-12)


def test_intensity_scaled_past_the_ceiling_is_an_error_not_a_clamp():
    plan = TrainingPlan.model_validate(
        {"name": "p", "blocks": [{"name": "a", "weeks": 1, "intensity_scale": 1.4, "sessions": [
            {"day": "mon", "time": "07:00", "modality": "hiit", "duration_min": 30, "intensity": 1.2}]}]}
    )
    with pytest.raises(ConfigError, match="intensity"):
        compile_plan(plan, 7, 0)


# -- training history: steady-state start, plateau, detraining -----------------------------
def _endurance_squad(target: str, weeks: int, size: int = 400):
    """Trained endurance athletes whose history is the squad's endurance plan, put on ``target``."""
    import copy
    from pathlib import Path

    import yaml

    from cohort.engine.model import CohortModel
    from cohort.validation.scenarios import make_config, rest_plan

    root = Path(__file__).resolve().parents[1]
    endurance = yaml.safe_load((root / "configs/plans/endurance.yaml").read_text())
    heavy = copy.deepcopy(endurance)
    heavy["name"] = "heavy"
    for block in heavy["blocks"]:
        block["volume"] = 1.5 * block.get("volume", 1.0)
    config = make_config(
        plans={"rest": rest_plan(weeks), "endurance": endurance, "heavy": heavy}, duration_weeks=weeks,
        cohort={"size": size, "sport": {"endurance": 1.0}, "training_status": {"trained": 1.0}},
        training={"assignment": {"endurance": target}, "habitual": {"endurance": "endurance"}, "day_to_day_cv": 0.1},
    )
    model = CohortModel(config)
    start = {name: model.column(name).copy() for name in ("vo2max_ml_kg_min", "strength_1rm_kg", "mito_index")}
    model.advance(config.n_days)
    return {name: 100.0 * (model.column(name).mean() / values.mean() - 1.0) for name, values in start.items()}


def test_habitual_loads_are_the_plan_mean_times_compliance_for_athletes_with_a_history():
    from cohort.training import HABITUAL_LOADS, habitual_loads, plan_mean_loads
    from cohort.validation.scenarios import make_config, plan, rest_plan

    sessions = [{"day": "mon", "time": "07:00", "modality": "endurance", "duration_min": 70, "intensity": 0.7}]
    config = make_config(plans={"protocol": plan(sessions, 4), "before": rest_plan(1)})
    # the protocols' base gives every sport an empty history; here only team names one, so the
    # other sports train on their assigned plan before day 0
    training = config.training.model_copy(update={"habitual": {"team": "before"}})
    config = config.model_copy(update={"training": training})
    traits = {
        "sport": np.array([0.0, 0.0, 2.0, 0.0]), "plan": np.zeros(4), "training_status": np.array([1.0, 2.0, 1.0, 0.0]),
        "compliance": np.array([0.8, 1.0, 1.0, 1.0]),
    }
    loads = np.column_stack([habitual_loads(config, traits)[name] for name in HABITUAL_LOADS])
    mean = plan_mean_loads(config.training.plans["protocol"])
    np.testing.assert_allclose(loads, [0.8 * mean, mean, 0.0 * mean, 0.0 * mean], rtol=1e-12)


def test_stopping_training_loses_adaptation_and_a_heavier_plan_adds_to_it():
    """Trained endurance athletes stopping for 12 weeks lose VO2max: 16 % by day 84 in Coyle 1984,
    long-term detraining losses of roughly 4-20 % across studies (Mujika & Padilla 2000); a plan
    1.5x heavier than their history raises VO2max and mitochondrial content."""
    rest = _endurance_squad("rest", 12)
    assert -20.0 < rest["vo2max_ml_kg_min"] < -4.0
    assert rest["mito_index"] < -2.0
    heavy = _endurance_squad("heavy", 12)
    assert heavy["vo2max_ml_kg_min"] > 1.0 and heavy["mito_index"] > 1.0


@pytest.mark.slow
def test_trained_and_elite_athletes_on_their_habitual_plans_stay_near_a_plateau_for_a_year():
    """base.yaml, 1,000 athletes, 52 weeks: trained and elite mean VO2max and 1RM change by at most
    3 %, and the antioxidant/redox state by at most 3 % (no drift without an intervention); untrained
    athletes, who start the plans without a history, adapt."""
    from pathlib import Path

    from cohort.config.loader import load_config
    from cohort.engine.model import CohortModel

    root = Path(__file__).resolve().parents[1]
    config = load_config(root / "configs/base.yaml", ["duration_weeks=52", "cohort.size=1000"])
    model = CohortModel(config)
    names = ("vo2max_ml_kg_min", "strength_1rm_kg", "ascorbate_plasma_umol_l", "tocopherol_plasma_umol_l",
             "redox_signal_rel", "gpx_activity_rel")
    start = {name: model.column(name).copy() for name in names}
    status = model.column("training_status").copy()
    model.advance(config.n_days)
    for code, label in ((1, "trained"), (2, "elite")):
        chosen = status == code
        assert chosen.sum() > 100
        for name in names:
            change = 100.0 * (model.column(name)[chosen].mean() / start[name][chosen].mean() - 1.0)
            assert abs(change) <= 3.0, (label, name, change)
    untrained = status == 0
    gain = 100.0 * (model.column("vo2max_ml_kg_min")[untrained].mean() / start["vo2max_ml_kg_min"][untrained].mean() - 1.0)
    assert gain > 5.0


def _history_cohort(assigned: str, habitual: str, weeks: int = 2):
    """Trained athletes (compliance 1, no day-to-day noise) on plan ``assigned`` whose training
    history is plan ``habitual``: 'daily' (90 min endurance every day) or 'rest'."""
    from cohort.config.models import SPORTS
    from cohort.engine.model import CohortModel
    from cohort.validation.scenarios import make_config, plan

    daily = [{"day": day, "time": "17:00", "modality": "endurance", "duration_min": 90, "intensity": 0.75}
             for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    config = make_config(
        plans={"daily": plan(daily, 52, name="daily"), "rest": plan([], 52, name="rest")}, duration_weeks=weeks,
        diet={"day_to_day_cv": 0.0},
        cohort={"size": 60, "training_status": {"trained": 1.0}, "traits": {"compliance_mean": 1.0}},
        training={"assignment": {s: assigned for s in SPORTS}, "habitual": {s: habitual for s in SPORTS}, "day_to_day_cv": 0.0},
    )
    return CohortModel(config)


def test_iron_and_riboflavin_start_at_the_steady_state_of_the_training_history():
    """Iron and B2 start where the habitual plan holds them, like muscle: the assigned plan does not
    move the start, a cohort that keeps its history is stationary, and a change of plan on day 0
    moves them the way the change of training does: less training, less riboflavin turnover and
    fewer sweat, GI and haemolysis iron losses (B2 and body iron rise); more training, the reverse."""
    names = ("ferritin_ug_l", "b2_status_pct")

    def first_fortnight(assigned: str, habitual: str) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        model = _history_cohort(assigned, habitual)
        start = {name: model.column(name).copy() for name in names}
        model.advance(model.config.n_days)
        drift = {name: model.column(name) / start[name] - 1.0 for name in names}
        drift["body_iron_mg_d"] = (model.column("fe_absorbed_cum_mg") - model.column("fe_lost_cum_mg")) / model.config.n_days
        return start, drift

    kept_start, kept = first_fortnight("daily", "daily")
    stopped_start, stopped = first_fortnight("rest", "daily")
    began_start, began = first_fortnight("daily", "rest")
    for name in names:
        # one history, one start, whatever the run's plan
        np.testing.assert_allclose(stopped_start[name], kept_start[name], rtol=1e-9)
    # kept: stationary (an athlete or two off a quarter-hour of the solve's week move ~1 % in a fortnight)
    assert np.max(np.abs(kept["b2_status_pct"])) < 0.01
    assert np.quantile(np.abs(kept["ferritin_ug_l"]), 0.9) < 0.005
    assert abs(np.mean(kept["body_iron_mg_d"])) < 0.02
    # changed: B2 follows its turnover, body iron its losses, and ferritin is off its start
    assert np.mean(stopped["b2_status_pct"]) > 0.05 and np.mean(began["b2_status_pct"]) < -0.05
    assert np.mean(stopped["body_iron_mg_d"]) > 0.1 and np.mean(began["body_iron_mg_d"]) < -0.1
    for changed in (stopped, began):
        assert np.mean(np.abs(changed["ferritin_ug_l"])) > 5.0 * np.mean(np.abs(kept["ferritin_ug_l"]))
    # no history starts B2 higher (no exercise turnover) than the daily plan's history
    assert np.mean(began_start["b2_status_pct"]) > np.mean(kept_start["b2_status_pct"])
