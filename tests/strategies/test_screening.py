"""Screen-and-treat, stopping rules, food-first diet changes and lab draws (observation layer)."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.engine.model import CohortModel
from cohort.observation import assay_normals, measure
from cohort.state import STATE
from tests.strategies.helpers import config

BIOMARKER = "vo2max_ml_kg_min"  # any state variable can be screened; this one exists in every build


def screened(threshold: float, cv: float, **extra) -> dict:
    return {"name": "fe", "product": {"iron_nonheme_mg": 60},
            "screen": {"biomarker": BIOMARKER, "below": threshold, "weeks": [0], "assay_cv": cv}, **extra}


def threshold_at_median(model) -> float:
    return float(np.median(model.column(BIOMARKER)))


def test_screen_without_assay_error_selects_exactly_the_athletes_below_the_threshold():
    probe = CohortModel(config([], size=200))
    threshold = threshold_at_median(probe)
    model = CohortModel(config([screened(threshold, 0.0)], size=200))
    assert model.dose_tables.eligible.sum() == 0  # nobody before the screening visit
    truth = model.column(BIOMARKER).copy()
    model.advance(1)
    assert np.array_equal(model.dose_tables.eligible[:, 0] > 0, truth < threshold)


def test_screen_with_assay_error_follows_the_measured_draw():
    probe = CohortModel(config([], size=300))
    threshold = threshold_at_median(probe)
    cv = 0.10
    model = CohortModel(config([screened(threshold, cv)], size=300))
    truth = model.column(BIOMARKER).copy()
    model.advance(1)
    measured = measure(truth, cv, assay_normals(model.config.seed, BIOMARKER, 0, 300))
    selected = model.dose_tables.eligible[:, 0] > 0
    assert np.array_equal(selected, measured < threshold)
    # athletes near the cut-off are misclassified: some truly-below athletes are missed
    assert 0 < np.sum((truth < threshold) != selected) < 150
    draws = model.result(arm="screen").extra["draws"]
    day0 = draws[(draws.day == 0) & (draws.biomarker == BIOMARKER)].sort_values("athlete")
    assert np.allclose(day0.measured_value, measured) and np.allclose(day0.true_value, truth)
    assert set(draws.purpose) == {"fe: screen"} and (draws.arm == "screen").all()


def test_screening_only_enrols_athletes_passing_the_who_filter():
    probe = CohortModel(config([], size=200))
    threshold = threshold_at_median(probe)
    model = CohortModel(config([screened(threshold, 0.0, who={"sex": ["female"]})], size=200))
    truth = model.column(BIOMARKER).copy()
    female = model.column("female") > 0
    model.advance(1)
    assert np.array_equal(model.dose_tables.eligible[:, 0] > 0, (truth < threshold) & female)


def test_stopping_rule_takes_athletes_off_the_product_once_they_pass_the_target():
    strategy = {"name": "fe", "product": {"iron_nonheme_mg": 60},
                "stop_when": {"biomarker": BIOMARKER, "above": 0.0, "weeks": [2], "assay_cv": 0.0}}
    model = CohortModel(config([strategy], size=50))
    model.advance(14)
    assert model.dose_tables.eligible.sum() == 50  # everyone until the check
    model.advance(1)
    assert model.dose_tables.eligible.sum() == 0  # everyone's VO2max is above 0


def test_assay_errors_are_common_random_numbers_across_arms():
    labs = {"name": "labs", "kind": "lab_draws", "biomarkers": [BIOMARKER], "weeks": [0], "assay_cv": {BIOMARKER: 0.2}}
    iron = {"name": "iron", "product": {"iron_nonheme_mg": 100}}
    first = CohortModel(config([labs], size=30))
    second = CohortModel(config([iron, labs], size=30))
    for model in (first, second):
        model.advance(1)
    a, b = (m.result().extra["draws"].measured_value.to_numpy() for m in (first, second))
    assert np.array_equal(a, b)


def test_lab_draws_at_the_last_week_are_taken_at_the_end():
    labs = {"name": "labs", "kind": "lab_draws", "biomarkers": ["strength_1rm_kg", "ferritin_ug_l"], "weeks": [0, 2]}
    model = CohortModel(config([labs], size=20, weeks=2))
    model.advance(14)
    end_truth = model.column("ferritin_ug_l").copy()
    draws = model.result().extra["draws"]
    assert sorted(set(draws.day)) == [0, 14]
    final = draws[(draws.day == 14) & (draws.biomarker == "ferritin_ug_l")].sort_values("athlete")
    assert np.array_equal(final.true_value.to_numpy(), end_truth)
    assert final.assay_cv.iloc[0] == pytest.approx(0.145)  # ferritin default (Pilon 1981)


def test_food_first_gives_the_intakes_of_diet_intake_scale_from_its_start():
    food = {"name": "more_fruit", "kind": "food_first", "scale": {"vitamin_c_mg": 1.5, "iron_nonheme_mg": 1.2}, "start_week": 1, "stop_week": 3}
    columns = [STATE.index("habitual_vitamin_c_mg"), STATE.index("habitual_iron_nonheme_mg")]
    control = CohortModel(config([], size=30))
    model = CohortModel(config([food], size=30))
    scaled = CohortModel(config([], size=30, diet={"intake_scale": {"vitamin_c_mg": 1.5, "iron_nonheme_mg": 1.2}}))
    model.advance(7)
    assert np.array_equal(model.state[:, columns], control.state[:, columns])  # not yet
    model.advance(1)
    assert np.array_equal(model.state[:, columns], scaled.state[:, columns])  # bit for bit
    model.advance(14)
    assert np.array_equal(model.state[:, columns], control.state[:, columns])  # restored at week 3


def test_misclassification_of_a_single_draw():
    import pandas as pd

    from cohort.observation import misclassification

    draws = pd.DataFrame({
        "day": 0, "athlete": range(6), "biomarker": "ferritin_ug_l",
        "true_value": [10.0, 20.0, 40.0, 50.0, 60.0, 25.0],
        "measured_value": [12.0, 32.0, 28.0, 55.0, 61.0, 24.0],
    })
    table = misclassification(draws, "ferritin_ug_l", cutoff=30.0).iloc[0]
    # truly below 30: athletes 0, 1, 5 (one, athlete 1, measured above); measured below: 0, 2, 5
    assert table.true_share == 0.5 and table.measured_share == 0.5
    assert table.sensitivity == pytest.approx(2 / 3) and table.specificity == pytest.approx(2 / 3)
