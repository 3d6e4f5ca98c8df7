"""Partial pooling of a per-athlete parameter: the athletes' values come from a population
distribution whose mean and SD are calibrated (``pooling: partial``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import truncnorm

from cohort.calibration.likelihood import LogPosterior
from cohort.calibration.run import calibrate, prepare
from cohort.calibration.simulate import Simulator
from cohort.calibration.spec import load_calibration
from cohort.calibration.synthetic import synthetic_observations, visit_plan
from tests.calibration.conftest import write_spec

FIA = "physiology.iron.fia_small_dose"
LOW, HIGH = 0.1, 0.45  # its literature range: the prior box


def test_population_density_of_one_athlete_integrates_to_one(tmp_path):
    """The truncated normal's normaliser: for any population mean and SD, one athlete's
    prior density over the box integrates to 1 (dropping the normaliser fails near the edges)."""
    spec = write_spec(tmp_path, parameters={FIA: {"per_athlete": True, "pooling": "partial"}})
    pd.DataFrame([{"athlete": 0, "day": 0, "variable": "ferritin_ug_l", "value": 40.0}]).to_csv(tmp_path / "data.csv", index=False)
    posterior = LogPosterior(Simulator(*prepare(spec)))
    assert posterior.ndim == 3  # athlete 0, population mean, population SD
    grid = np.linspace(LOW, HIGH, 4001)
    for mean, sd in [(0.27, 0.05), (0.11, 0.15), (0.44, 0.004), (0.2, 0.17)]:
        density = np.exp([posterior.log_prior(np.array([x, mean, sd])) for x in grid])
        integral = float(np.sum((density[1:] + density[:-1]) / 2 * np.diff(grid)))
        assert integral == pytest.approx(1.0, abs=2e-3), (mean, sd, integral)
    assert posterior.log_prior(np.array([0.2, 0.2, 0.0])) == -np.inf  # SD below its prior's 1 % of the box


@pytest.mark.slow
def test_partial_pooling_recovers_the_population_and_shrinks_the_uninformed(tmp_path):
    """Eight athletes with FIA drawn around 0.18 (SD 0.03): six measured every two weeks, two
    only at baseline (their own data say nothing about their absorption: the start is built
    with population values). Without pooling those two keep their prior (uniform 0.1-0.45:
    median 0.275, 90 % width 0.315); pooled, they take the squad's distribution.

    Measured (500 steps, ~60 s on a quiet machine): squad mean 0.109-0.248 (athletes' mean
    0.167); the two uninformed athletes' medians 0.182 and 0.194 (new-athlete predictive median
    0.185), widths 0.200 and 0.246.
    """
    n = 8
    truth = np.clip(np.random.default_rng(3).normal(0.18, 0.03, n), LOW, HIGH)
    spec = write_spec(
        tmp_path,
        set={"duration_weeks": 8, "cohort": {"size": n, "female_share": 1.0, "sport": {"endurance": 1.0}},
             "strategies": [{"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}},
                             "delivery": {"schedule": "alternate_days", "time": "06:30"}}]},
        parameters={FIA: {"per_athlete": True, "pooling": "partial"}},
        method={"optimize": {"trials": 30}, "posterior": {"steps": 500, "burn": 250}, "predictive_draws": 1},
    )
    calibration = load_calibration(spec)
    plan = pd.concat([visit_plan({"ferritin_ug_l": [0, 14, 28, 42, 56]}, range(6)), visit_plan({"ferritin_ug_l": [0]}, [6, 7])], ignore_index=True)
    frame = synthetic_observations(calibration, {FIA: truth.tolist()}, plan, 7)
    frame.drop(columns="true_value").to_csv(calibration.data_path, index=False)
    result = calibrate(*prepare(spec))
    q05, q50, q95 = (result.draws.quantile(q) for q in (0.05, 0.5, 0.95))
    print(pd.DataFrame({"q05": q05, "median": q50, "q95": q95}).round(3))
    # the population mean: its interval holds the athletes' mean and is well inside the box
    mean = f"{FIA}:mean"
    assert q05[mean] <= truth.mean() <= q95[mean]
    assert q95[mean] - q05[mean] < 0.6 * (HIGH - LOW)
    # the uninformed athletes borrow strength: narrower than their prior and moved from its
    # middle (0.275) to the squad's distribution, i.e. to the posterior predictive of a new
    # athlete (a draw from the truncated normal of each posterior draw's mean and SD; its median
    # lies above the mean's when the box's lower edge truncates the normal)
    draws = result.draws
    low = (LOW - draws[mean]) / draws[f"{FIA}:sd"]
    high = (HIGH - draws[mean]) / draws[f"{FIA}:sd"]
    predictive = truncnorm.rvs(low, high, loc=draws[mean], scale=draws[f"{FIA}:sd"], random_state=np.random.default_rng(0))
    for athlete in (6, 7):
        column = f"{FIA}[{athlete}]"
        assert q95[column] - q05[column] < 0.85 * 0.9 * (HIGH - LOW), (column, q05[column], q95[column])
        assert abs(q50[column] - np.median(predictive)) < 0.03, (column, q50[column], np.median(predictive))
        assert 0.5 * (LOW + HIGH) - q50[column] > 0.04, (column, q50[column])
