"""Single bouts and performance tests placed on given days (``events.bouts``, ``events.tests``)."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.engine.model import CohortModel
from cohort.errors import ConfigError
from cohort.observation import DEFAULT_ASSAY_CV
from cohort.state import DAY
from tests.strategies.helpers import config, day_inputs

ECCENTRIC = {"day": 9, "time": "10:00", "modality": "eccentric", "duration_min": 30, "intensity": 1.0}


def _daily(model: CohortModel, n_days: int, column: str) -> np.ndarray:
    out = []
    for _ in range(n_days):
        model.advance(1)
        out.append(model.column(column).copy())
    return np.array(out)


def test_a_damaging_eccentric_bout_raises_ck_and_damage_over_the_next_days():
    bout = CohortModel(config(size=40, weeks=3, events={"bouts": [ECCENTRIC]}))
    control = CohortModel(config(size=40, weeks=3))
    ck_bout, ck_control = _daily(bout, 15, "ck_u_l"), _daily(control, 15, "ck_u_l")
    bout2, control2 = CohortModel(config(size=40, weeks=3, events={"bouts": [ECCENTRIC]})), CohortModel(config(size=40, weeks=3))
    damage_bout, damage_control = _daily(bout2, 15, "muscle_damage_au"), _daily(control2, 15, "muscle_damage_au")
    # nothing differs before the bout day (CRN), every athlete is damaged after it
    assert np.array_equal(ck_bout[:9], ck_control[:9])
    after = slice(10, 14)  # 24-96 h after the bout (row k: the end of day k; the bout is on day 9)
    assert (damage_bout[after] > damage_control[after]).all()
    assert (ck_bout[after] > ck_control[after] * 1.2).all(), "CK must stay > 20 % above the control for 24-96 h after the bout"
    # CK peaks within 4 days of the bout and falls back as the damage clears
    excess = (ck_bout - ck_control).mean(axis=1)
    assert 9 <= int(np.argmax(excess)) <= 13
    assert excess[-1] < 0.8 * excess.max()


def test_a_bout_is_done_in_full_on_its_day_only_by_the_athletes_it_names():
    events = {"bouts": [{**ECCENTRIC, "day": 2, "who": {"sex": ["female"]}}]}
    model = CohortModel(config(size=20, weeks=1, events=events))
    female = model.column("female") > 0
    assert female.any() and (~female).any()
    load = DAY.index("load_eccentric_au")
    for athlete in range(20):
        on_day, next_day = day_inputs(model, athlete, 2), day_inputs(model, athlete, 3)
        assert on_day[load] == pytest.approx(30.0 if female[athlete] else 0.0)
        assert next_day[load] == 0.0


def test_a_bout_needs_a_free_session_slot_and_a_day_in_the_run():
    two_on_monday = [ECCENTRIC | {"day": 0}, ECCENTRIC | {"day": 0, "time": "12:00"}]  # day 0 is a Monday with a session
    with pytest.raises(ConfigError, match="events.bouts.0.day"):
        CohortModel(config(size=3, weeks=1, events={"bouts": two_on_monday}))
    with pytest.raises(ConfigError, match="events.bouts.0.day"):
        CohortModel(config(size=3, weeks=1, events={"bouts": [ECCENTRIC | {"day": 7}]}))


def test_performance_tests_are_drawn_with_their_test_retest_error():
    events = {"tests": [{"day": 0, "test": "vo2max"}, {"day": 14, "test": "one_rm"}, {"day": 14, "test": "vo2max", "test_retest_cv": 0.0}]}
    model = CohortModel(config(size=400, weeks=2, events=events))
    model.advance(14)
    draws = model.result().extra["draws"]
    assert set(draws.purpose) == {"test:vo2max", "test:one_rm"}
    one_rm = draws[draws.biomarker == "strength_1rm_kg"]
    assert one_rm.day.unique().tolist() == [14]
    assert one_rm.true_value.to_numpy() == pytest.approx(model.column("strength_1rm_kg"))
    log_error = np.log(one_rm.measured_value / one_rm.true_value)
    assert log_error.std() == pytest.approx(DEFAULT_ASSAY_CV["strength_1rm_kg"], rel=0.15)
    exact = draws[(draws.biomarker == "vo2max_ml_kg_min") & (draws.day == 14)]
    assert np.array_equal(exact.measured_value, exact.true_value)


def test_a_performance_test_after_the_run_is_a_config_error():
    with pytest.raises(ConfigError, match="events.tests.0.day"):
        CohortModel(config(size=3, weeks=1, events={"tests": [{"day": 8, "test": "vo2max"}]}))
