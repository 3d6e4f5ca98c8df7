"""Day-level start and stop of strategies: nothing before the first day, nothing from the stop day."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.engine.model import CohortModel
from tests.strategies.helpers import config

VITAMIN_D = {"name": "d3", "product": {"vitamin_d_ug": 100}, "delivery": {"schedule": "daily"}}
IRON = {"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}}, "delivery": {"schedule": "daily"}}


def _days(model: CohortModel, n_days: int, column: str) -> np.ndarray:
    """(days, athletes): ``column`` at the end of each day."""
    out = []
    for _ in range(n_days):
        model.advance(1)
        out.append(model.column(column).copy())
    return np.array(out)


def test_a_product_starting_on_day_10_changes_nothing_before_and_raises_25ohd_after():
    dosed = CohortModel(config([{**VITAMIN_D, "start_day": 10}], size=30, weeks=4))
    control = CohortModel(config([], size=30, weeks=4))
    dosed.advance(10)
    control.advance(10)
    assert np.array_equal(dosed.state, control.state, equal_nan=True)  # the morning of day 10: bit for bit
    dosed.advance(18)
    control.advance(18)
    rise = dosed.column("vitd_25oh_nmol_l") - control.column("vitd_25oh_nmol_l")
    assert (rise > 5.0).all(), f"100 ug/d for 18 days should raise 25(OH)D by well over 5 nmol/L (min {rise.min():.1f})"


def test_stop_day_stops_the_doses():
    model = CohortModel(config([{**IRON, "start_day": 3, "stop_day": 10}], size=20, weeks=2))
    absorbed = _days(model, 14, "fe_absorbed_dose_mg_d")
    assert (absorbed[:3] == 0).all()
    assert (absorbed[3:10] > 0).all(axis=0).all()
    assert (absorbed[10:] == 0).all()


@pytest.mark.parametrize(("days", "weeks"), [({"start_day": 7, "stop_day": 21}, {"start_week": 1, "stop_week": 3})])
def test_weeks_are_seven_days(days, weeks):
    by_days = CohortModel(config([{**IRON, **days}], size=5, weeks=4)).dose_tables.scheduled
    by_weeks = CohortModel(config([{**IRON, **weeks}], size=5, weeks=4)).dose_tables.scheduled
    assert np.array_equal(by_days, by_weeks)
    assert np.flatnonzero(by_days[0]).tolist() == list(range(7, 21))


def test_food_first_from_a_day_to_a_day():
    food = {"name": "fruit", "kind": "food_first", "scale": {"vitamin_c_mg": 2.0}, "start_day": 4, "stop_day": 9}
    model = CohortModel(config([food], size=10, weeks=2))
    base = model.column("habitual_vitamin_c_mg").copy()
    seen = []
    for _ in range(12):
        model.advance(1)
        seen.append(model.column("habitual_vitamin_c_mg").copy())
    # seen[k]: after day k, whose morning ran the day's hooks
    ratio = np.array(seen) / base
    assert np.allclose(ratio[:4], 1.0) and np.allclose(ratio[4:9], 2.0) and np.allclose(ratio[9:], 1.0)
