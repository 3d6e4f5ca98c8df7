"""Single test meals of stated composition and the per-event table (events.parquet).

Tolerances: absorbed amounts are recorded as float32, so equalities hold to ~1e-6 relative.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from cohort.config.loader import load_config
from cohort.config.models import Config
from cohort.engine.model import CohortModel
from cohort.errors import ConfigError
from tests.conftest import CONFIGS

MEAL = {"day": 5, "time": "08:00", "nonheme_iron_mg": 4.0}


def _config(size: int = 30, weeks: int = 2, test_meals: list[dict[str, Any]] | None = None, **recording: Any) -> Config:
    base = load_config(CONFIGS / "quickstart.yaml", [f"cohort.size={size}", f"duration_weeks={weeks}", "recording.interval_days=1"])
    document = base.model_dump()
    document["events"]["test_meals"] = test_meals or []
    document["recording"].update(recording)
    return Config.model_validate(document)


def _run(config: Config) -> tuple[CohortModel, Any]:
    model = CohortModel(config)
    model.advance(config.n_days)
    return model, model.result()


def _daily(model: CohortModel, variable: str) -> np.ndarray:
    """(days, athletes) of a variable recorded every day (step k = end of day k - 1)."""
    return model.recorder.values[1:, :, model.recorder.names.index(variable)].astype(np.float64)


@pytest.fixture(scope="module")
def paired() -> tuple[CohortModel, Any, CohortModel, Any]:
    """The same cohort without and with a test meal at 21:00 on day 5 (after dinner, no fast)."""
    variables = ["fe_absorbed_food_mg_d", "ferritin_ug_l", "hepcidin_nmol_l"]
    late = {**MEAL, "time": "21:00", "fasting": False}
    without = _run(_config(variables=variables))
    with_meal = _run(_config(test_meals=[late], variables=variables, events={"days": list(range(14))}))
    return (*without, *with_meal)


def test_a_test_meal_adds_its_absorbed_iron_on_its_day_only(paired) -> None:  # type: ignore[no-untyped-def]
    without, _, with_meal, result = paired
    events = result.extra["events"]
    test = events[events.kind == "test_meal"]
    assert set(test.day) == {5} and len(test) == with_meal.n_athletes  # one per athlete, on day 5 only
    food_without = _daily(without, "fe_absorbed_food_mg_d")
    food_with = _daily(with_meal, "fe_absorbed_food_mg_d")
    np.testing.assert_array_equal(food_with[:5], food_without[:5])  # CRN: nothing changes before it
    extra = food_with[5] - food_without[5]  # the day's earlier meals are untouched: the difference is the meal
    absorbed = test.sort_values("athlete").iron_absorbed_mg.to_numpy()
    np.testing.assert_allclose(extra, absorbed, rtol=1e-5, atol=1e-7)
    assert (absorbed > 0.1).all()  # 4 mg at 2.5-40 % fractional absorption


def test_event_rows_add_up_to_the_days_absorbed_iron(paired) -> None:  # type: ignore[no-untyped-def]
    _, _, with_meal, result = paired
    events = result.extra["events"]
    per_day = events[events.kind != "dose"].groupby(["day", "athlete"]).iron_absorbed_mg.sum().unstack().to_numpy()
    np.testing.assert_allclose(per_day, _daily(with_meal, "fe_absorbed_food_mg_d")[:14], rtol=1e-5)


def test_fractional_absorption_is_absorbed_over_iron_in(paired) -> None:  # type: ignore[no-untyped-def]
    events = paired[3].extra["events"]
    np.testing.assert_allclose(
        events.fractional_absorption, events.iron_absorbed_mg / (events.iron_nonheme_mg + events.iron_heme_mg), rtol=1e-6
    )
    meals = events[events.kind == "meal"]
    assert ((meals.fractional_absorption > 0.005) & (meals.fractional_absorption < 0.6)).all()
    assert set(meals.time_h) == {8.0, 13.0, 19.0}


def test_fasting_skips_the_meals_and_doses_around_the_test_meal() -> None:
    strategy = {"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}},
                "delivery": {"schedule": "daily", "time": "09:00"}}
    config = _config(size=10, test_meals=[MEAL], events=True)
    document = config.model_dump()
    document["strategies"] = [strategy]
    _, result = _run(Config.model_validate(document))
    events = result.extra["events"]
    assert set(events.day) == {5}  # default: the test-meal days
    for _athlete, rows in events.groupby("athlete"):
        # overnight fast to 3 h after the 08:00 meal: no breakfast (08:00), no 09:00 dose; lunch and dinner eaten
        assert sorted(zip(rows.kind.astype(str), rows.time_h, strict=True)) == [("meal", 13.0), ("meal", 19.0), ("test_meal", 8.0)]


def test_fractional_absorption_falls_with_ferritin_across_athletes() -> None:
    from scipy.stats import spearmanr

    _, result = _run(_config(size=200, weeks=1, test_meals=[{**MEAL, "day": 0}], events=True))
    test = result.extra["events"].query("kind == 'test_meal'").sort_values("athlete")
    ferritin = result.athletes.sort_values("athlete").ferritin_ug_l_baseline.to_numpy()
    rho = spearmanr(ferritin, test.nonheme_fractional_absorption).statistic
    assert rho < -0.5, rho  # stores (hepcidin, mucosal up-regulation) dominate the per-athlete efficiency
    low = test.nonheme_fractional_absorption[ferritin < 30].median()
    high = test.nonheme_fractional_absorption[ferritin > 60].median()
    assert low > 1.5 * high


def test_vitamin_c_raises_and_phytate_lowers_a_test_meals_absorption() -> None:
    meals = [{**MEAL, "day": 2}, {**MEAL, "day": 4, "vitamin_c_mg": 100.0}, {**MEAL, "day": 6, "phytate_mg": 250.0}]
    _, result = _run(_config(size=40, weeks=1, test_meals=meals, events={"kinds": ["test_meal"]}))
    events = result.extra["events"]
    assert set(events.kind.astype(str)) == {"test_meal"}
    fia = events.pivot(index="athlete", columns="day", values="nonheme_fractional_absorption")
    # Cook & Monsen 1977: 100 mg ascorbic acid ~2.5-3x; Hallberg 1989: 250 mg phytic acid (70 mg phytate-P) ~ -75 %
    assert 1.8 < (fia[4] / fia[2]).median() < 3.5
    assert 0.15 < (fia[6] / fia[2]).median() < 0.35


def test_events_are_off_by_default_and_test_meals_are_validated() -> None:
    _, result = _run(_config(size=5, weeks=1, test_meals=[MEAL]))
    assert "events" not in result.extra
    with pytest.raises(ValueError, match="at most one test meal a day"):
        _config(test_meals=[MEAL, MEAL])
    with pytest.raises(ValueError, match="carries iron"):
        _config(test_meals=[{"day": 1}])
    with pytest.raises(ConfigError, match="test_meals.0.day"):
        CohortModel(_config(weeks=1, test_meals=[{**MEAL, "day": 7}]))
    with pytest.raises(ConfigError, match="recording.events.days"):
        CohortModel(_config(weeks=1, events={"days": [7]}))


def test_events_table_is_written_with_a_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cohort.single_run import run

    run(_config(size=5, weeks=1, test_meals=[MEAL], events=True), out=tmp_path / "run")
    frame = pd.read_parquet(tmp_path / "run" / "events.parquet")
    assert (frame.kind == "test_meal").sum() == 5 and (frame.day == 5).all()
