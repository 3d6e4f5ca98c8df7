"""The deuterium-labelled alpha-tocopherol tracer (a labelled test meal), as in Traber/Bruno studies.

Its fractional disappearance rate (FDR, pools/d) is read the way those studies read it: the
log-linear slope of the plasma tracer after its peak. The model's total-pool clearance was set
from Bruno 2005's FDR, so the range check below is a consistency check of the tracer machinery
(same kinetics, adipose return, per-athlete ROS and ascorbate), not a validation of the value.
Published FDRs: Bruno 2005, 0.191 +- 0.009 (SE) pools/d in nonsmokers and 0.215 +- 0.011 in
smokers; Traber 2001, %d3 disappearance 0.24 +- 0.05 (SD) pools/d in nonsmokers, 0.30 in smokers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cohort.config.loader import load_config
from cohort.config.models import Config
from cohort.engine.model import CohortModel
from tests.conftest import CONFIGS

LABELLED = {"day": 0, "time": "08:00", "labelled_vitamin_e_mg": 50.0}  # Bruno 2006: 50 mg d6-RRR-alpha-tocopheryl acetate
VARIABLES = ["tocopherol_labelled_umol_l", "tocopherol_plasma_umol_l"]
VITAMIN_C = {"name": "vitamin_c", "product": {"vitamin_c_mg": 500.0}, "delivery": {"schedule": "daily", "time": "08:00"}}


def _tracer(strategies: list[dict[str, Any]] | None = None, mechanisms: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
    config = load_config(CONFIGS / "quickstart.yaml", ["cohort.size=40", "duration_weeks=3", "recording.interval_days=1"])
    document = config.model_dump()
    document["events"]["test_meals"] = [LABELLED]
    document["recording"]["variables"] = VARIABLES
    document["strategies"] = strategies or []
    document["mechanisms"] = {**document["mechanisms"], **(mechanisms or {})}
    model = CohortModel(Config.model_validate(document))
    model.advance(model.n_days_total)
    values = model.recorder.values.astype(np.float64)  # steps (day 0 = baseline) x athletes x variables
    return {name: values[:, :, k] for k, name in enumerate(VARIABLES)}


def _fdr(labelled: np.ndarray, first: int = 3, last: int = 17) -> np.ndarray:
    """Per-athlete FDR (pools/d): minus the least-squares slope of ln(tracer) over days first..last."""
    days = np.arange(first, last + 1)
    logs = np.log(labelled[first : last + 1])
    centred = days - days.mean()
    return -(centred @ (logs - logs.mean(axis=0))) / (centred @ centred)


@pytest.fixture(scope="module")
def tracer() -> dict[str, np.ndarray]:
    return _tracer()


def test_the_tracer_appears_with_the_labelled_meal_then_decays(tracer) -> None:  # type: ignore[no-untyped-def]
    labelled, total = tracer["tocopherol_labelled_umol_l"], tracer["tocopherol_plasma_umol_l"]
    assert (labelled[0] == 0.0).all()
    assert (labelled[1] > 0.3).all()  # Traber 1998: 15-150 mg label 8-37 % of plasma alpha-T at 11 h
    assert (labelled[1:] < total[1:]).all()  # a tracer inside the pool
    assert (np.diff(labelled[1:], axis=0) < 0.0).all()  # one dose: it only disappears afterwards
    assert (labelled[-1] < 0.2 * labelled[1]).all()


def test_tracer_disappearance_rate_lies_in_the_published_range(tracer) -> None:  # type: ignore[no-untyped-def]
    fdr = _fdr(tracer["tocopherol_labelled_umol_l"])
    assert 0.17 < np.median(fdr) < 0.30, np.median(fdr)
    assert (fdr > 0.1).all() and (fdr < 0.45).all()


def test_vitamin_c_slows_tracer_disappearance_through_c_e_recycling_only() -> None:
    base = _fdr(_tracer()["tocopherol_labelled_umol_l"])
    with_c = _fdr(_tracer([VITAMIN_C])["tocopherol_labelled_umol_l"])
    assert np.median(with_c / base) < 0.995  # slower with 500 mg/d vitamin C (Bruno 2006: -25 % in smokers)
    assert (with_c <= base + 1e-9).all()
    off = {"vitamin_c_regenerates_vitamin_e": {"enabled": False}}
    base_off = _fdr(_tracer(mechanisms=off)["tocopherol_labelled_umol_l"])
    with_c_off = _fdr(_tracer([VITAMIN_C], mechanisms=off)["tocopherol_labelled_umol_l"])
    np.testing.assert_allclose(with_c_off, base_off, rtol=1e-9)  # the link is the recycling mechanism
