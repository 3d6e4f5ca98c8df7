"""Schedules dose on the right days, at the right clock times, in the right block phases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from cohort.engine.doses import TIME_AFTER_SESSION, TIME_FIXED, TIME_WITH_MEAL
from cohort.engine.model import CohortModel
from cohort.engine.study import scheduled_days
from cohort.state import STATE
from cohort.strategies.models import Delivery
from tests.strategies.helpers import SESSIONS, config, day_inputs, dose_events, intake

MONDAY = dt.date(2025, 1, 6)


def due(delivery: dict, n_days: int = 70, start_week: int = 0, stop_week: int | None = None) -> list[int]:
    days = scheduled_days(Delivery.model_validate(delivery), MONDAY, n_days, 7 * start_week, None if stop_week is None else 7 * stop_week)
    return np.flatnonzero(days).tolist()


def test_daily_within_start_and_stop_weeks():
    assert due({"schedule": "daily"}, start_week=1, stop_week=3) == list(range(7, 21))


def test_alternate_days_from_the_start_week():
    assert due({"schedule": "alternate_days"}, n_days=21, start_week=1) == [7, 9, 11, 13, 15, 17, 19]


def test_weekly_on_a_weekday_and_by_default_on_the_start_weekday():
    assert due({"schedule": "weekly", "weekday": "wed"}, n_days=28) == [2, 9, 16, 23]
    assert due({"schedule": "weekly"}, n_days=28, start_week=1) == [7, 14, 21]


def test_chosen_weekdays():
    assert due({"schedule": "weekdays", "weekdays": ["mon", "thu"]}, n_days=14) == [0, 3, 7, 10]


def test_n_per_week_spread_over_the_week():
    days = due({"schedule": "per_week", "times_per_week": 3}, n_days=14)
    assert days == [0, 2, 5, 7, 9, 12]


def test_monthly_bolus_on_the_calendar_day():
    # 6 January start: the 15th is day 9 (January) and day 40 (February)
    assert due({"schedule": "monthly", "day_of_month": 15}, n_days=60) == [9, 40]


def test_once_is_a_single_bolus():
    assert due({"schedule": "once"}, start_week=2) == [14]


def test_timing_rows():
    strategies = [
        {"name": "fixed", "product": {"vitamin_d_ug": 25}, "delivery": {"time": "07:30"}},
        {"name": "after", "product": {"iron_nonheme_mg": 60}, "delivery": {"after_session_min": 30, "rest_day_time": "21:00"}},
        {"name": "meal", "product": {"iron_nonheme_mg": 60}, "delivery": {"with_meal": "dinner"}},
    ]
    model = CohortModel(config(strategies, size=5))
    timing = model.dose_tables.timing
    assert timing[0].tolist() == [TIME_FIXED, 7.5, 0.0, 8.0]
    assert timing[1].tolist() == [TIME_AFTER_SESSION, 0.5, 0.0, 21.0]
    assert timing[2].tolist() == [TIME_WITH_MEAL, 0.0, 2.0, 8.0]


def test_weekly_dose_reaches_the_day_inputs_on_its_day_and_clock_time():
    strategies = [{"name": "d3", "product": {"vitamin_d_iu": 2000}, "delivery": {"schedule": "weekly", "weekday": "wed", "time": "07:30"}}]
    model = CohortModel(config(strategies, size=4))
    habitual = model.state[1, STATE.index("habitual_vitamin_d_ug")]
    wednesday, thursday = day_inputs(model, 1, 2), day_inputs(model, 1, 3)
    assert intake(wednesday, "vitamin_d_ug") == pytest.approx(habitual + 50.0)  # 2000 IU = 50 ug
    assert dose_events(wednesday) == []  # nothing an intake event carries (iron, vitamin C, calcium, polyphenols)
    assert intake(thursday, "vitamin_d_ug") == pytest.approx(habitual)
    assert dose_events(thursday) == []
    skipped = day_inputs(model, 1, 2, taken=False)
    assert intake(skipped, "vitamin_d_ug") == pytest.approx(habitual)


def test_dose_after_the_session_and_at_the_rest_day_time():
    strategies = [{"name": "fe", "product": {"iron_nonheme_mg": 60},
                   "delivery": {"after_session_min": 30, "rest_day_time": "21:00", "taken_with": {"vitamin_c_mg": 80}}}]
    model = CohortModel(config(strategies, size=4))
    monday, tuesday, thursday = (dose_events(day_inputs(model, 0, day)) for day in (0, 1, 3))
    assert monday == [(pytest.approx(18.5), 60.0, 80.0)]  # session 17:00-18:00, +30 min
    assert thursday[0][0] == pytest.approx(8.25)  # 07:00 + 45 min + 30 min
    assert tuesday[0][0] == pytest.approx(21.0)  # rest day


def test_dose_with_dinner_joins_the_meal_event():
    strategies = [{"name": "fe", "product": {"iron_nonheme_mg": 60}, "delivery": {"with_meal": "dinner", "taken_with": {"coffee_cups": 1}}}]
    model = CohortModel(config(strategies, size=4))
    with_dose, without = day_inputs(model, 0, 0), day_inputs(model, 0, 0, taken=False)
    from cohort.physiology.inputs import EVENT0, EVENT_STRIDE

    dinner = EVENT0 + 2 * EVENT_STRIDE
    assert dose_events(with_dose) == []
    assert with_dose[dinner + 1] - without[dinner + 1] == pytest.approx(60.0)  # iron with the meal
    assert with_dose[dinner + 5] - without[dinner + 5] == pytest.approx(200.0)  # one cup of coffee: polyphenols


def test_periodised_product_only_in_competition_blocks():
    phased = {"squad": {"name": "squad", "repeat": False, "blocks": [
        {"name": "build", "phase": "build", "weeks": 2, "sessions": SESSIONS},
        {"name": "race", "phase": "competition", "weeks": 2, "like": "build"},
    ]}}
    strategies = [{"name": "antiox", "product": "antioxidant_high", "phases": ["competition"]}]
    model = CohortModel(config(strategies, size=4, plans=phased))
    habitual = model.state[0, STATE.index("habitual_vitamin_c_mg")]
    assert intake(day_inputs(model, 0, 5), "vitamin_c_mg") == pytest.approx(habitual)
    assert intake(day_inputs(model, 0, 15), "vitamin_c_mg") == pytest.approx(habitual + 1000.0)



IRON_AT_8 = {"name": "iron", "product": {"iron_nonheme_mg": 60}, "delivery": {"time": "08:00"}}


def _iron_absorbed_from_doses(strategies: list[dict], athlete: int = 2, day: int = 1) -> float:
    """fe_absorbed_dose_mg_d after one simulated day (a Tuesday: no session) from the day's schedule."""
    from cohort.engine.day import athlete_day

    model = CohortModel(config(strategies, size=6))
    d = day_inputs(model, athlete, day)
    x = model.state[athlete].copy()
    athlete_day(x, model.params[model.group[athlete]], d)
    return float(x[STATE.index("fe_absorbed_dose_mg_d")])


def test_iron_from_an_08_00_dose_is_unchanged_by_other_products_at_other_times():
    """Used to fail: a third product on a day overwrote the last dose event's clock time (3.70 -> 3.54 mg)."""
    alone = _iron_absorbed_from_doses([IRON_AT_8])
    others = [
        {"name": "d3", "product": {"vitamin_d_ug": 50}, "delivery": {"time": "07:00"}},
        {"name": "mg", "product": {"magnesium_mg": 300}, "delivery": {"time": "21:00"}},
        {"name": "calcium", "product": {"calcium_mg": 500}, "delivery": {"time": "22:00"}},
        {"name": "vite", "product": {"vitamin_e_mg": 200}, "delivery": {"time": "12:00"}},
    ]
    assert alone > 1.0
    assert _iron_absorbed_from_doses([*others[:2], IRON_AT_8, *others[2:]]) == pytest.approx(alone, rel=1e-12)


def test_doses_at_one_clock_time_share_an_event_and_each_time_keeps_its_own():
    strategies = [
        IRON_AT_8,
        {"name": "c_with_iron", "product": {"vitamin_c_mg": 500}, "delivery": {"time": "08:00"}},
        {"name": "calcium", "product": {"calcium_mg": 500}, "delivery": {"time": "21:00"}},
        {"name": "mg", "product": {"magnesium_mg": 300}, "delivery": {"time": "20:00"}},
    ]
    model = CohortModel(config(strategies, size=3))
    assert sorted(dose_events(day_inputs(model, 0, 1))) == [(8.0, 60.0, 500.0), (21.0, 0.0, 0.0)]


def test_more_timed_iron_or_cofactor_doses_than_event_slots_is_a_config_error():
    from cohort.engine.doses import MAX_DOSE_EVENTS
    from cohort.errors import ConfigError

    times = [f"{6 + 2 * k:02d}:00" for k in range(MAX_DOSE_EVENTS + 1)]
    strategies = [{"name": f"fe{k}", "product": {"iron_nonheme_mg": 20}, "delivery": {"time": t}} for k, t in enumerate(times)]
    with pytest.raises(ConfigError, match=f"at most {MAX_DOSE_EVENTS} clock times a day"):
        CohortModel(config(strategies, size=3))
    # on different days they fit
    alternate = [{**s, "delivery": {**s["delivery"], "schedule": "weekdays", "weekdays": [day]}} for s, day in zip(strategies, ["mon", "tue", "wed"], strict=False)]
    assert CohortModel(config(alternate, size=3)).dose_tables.dose_event_demand() == 1


def test_four_timed_iron_doses_a_day_each_take_an_event():
    """Trial protocols dose iron (with vitamin C) three or four times a day: every clock time is
    its own intake event, in the schedule and on the iron clock."""
    times = ("07:00", "11:00", "15:00", "19:00")
    strategies = [
        {"name": f"fe{k}", "product": {"iron_nonheme_mg": 20, "vitamin_c_mg": 100}, "delivery": {"time": t}}
        for k, t in enumerate(times)
    ]
    model = CohortModel(config(strategies, size=3))
    assert model.dose_tables.dose_event_demand() == 4
    assert sorted(dose_events(day_inputs(model, 0, 1))) == [(h, 20.0, 100.0) for h in (7.0, 11.0, 15.0, 19.0)]
    before = model.column("fe_absorbed_cum_mg").copy()
    model.advance(2)
    assert np.all(model.column("fe_absorbed_dose_mg_d") > 0.0)
    assert np.all(model.column("fe_absorbed_cum_mg") > before)
