"""Vitamin D, calcium and magnesium start on their (periodic) steady state: a 52-week run of
configs/base.yaml without intervention does not drift."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
from cohort.state import STATE

N_ATHLETES = 1000


@pytest.fixture(scope="module")
def year() -> dict[str, np.ndarray]:
    """Cohort of configs/base.yaml: state at day 0, the daily calcium balance over the first
    4 weeks, and the state 365 days later (same day of year)."""
    base = Path(__file__).resolve().parents[2] / "configs" / "base.yaml"
    config = load_config(base, [f"cohort.size={N_ATHLETES}", "duration_weeks=53"])
    model = CohortModel(config)
    out = {f"start.{name}": model.column(name).copy() for name in STATE.names}
    balance = []
    for _ in range(28):
        model.advance(1)
        balance.append(model.column("ca_balance_mg_d").copy())
    out["ca_balance_first_4_weeks"] = np.mean(balance, axis=0)
    model.advance(365 - 28)
    out.update({f"end.{name}": model.column(name).copy() for name in STATE.names})
    return out


def change(year: dict[str, np.ndarray], name: str) -> float:
    return float(np.mean(year[f"end.{name}"]) - np.mean(year[f"start.{name}"]))


def test_mean_25ohd_returns_to_its_value_on_the_same_day_a_year_later(year):
    """The seasonal cycle starts on its periodic steady state: within 3 nmol/L (it was built to)."""
    assert abs(change(year, "vitd_25oh_nmol_l")) < 3.0
    assert abs(change(year, "vitd_fat_store_ug")) < 0.03 * np.mean(year["start.vitd_fat_store_ug"])


def test_tissue_and_serum_magnesium_do_not_drift(year):
    """Steady state at the habitual intake and each athlete's training history, in both pools:
    tissue status within 0.01, serum Mg within 0.005 mmol/L and the extracellular pool within 1 %
    after a year."""
    assert abs(change(year, "mg_status")) < 0.01
    assert abs(change(year, "mg_serum_mmol_l")) < 0.005
    assert abs(change(year, "mg_exchangeable_mg")) < 0.01 * np.mean(year["start.mg_exchangeable_mg"])


def test_calcium_starts_on_its_mean_day(year):
    """For athletes with a training history, the 4-week mean balance starts at the balance the
    first four weeks then produce (within 5 mg/d, of a ~45 mg/d deficit in winter; untrained
    athletes start sedentary and begin their plan on day 0, so their sweat losses rise), and
    absorption returns to its value a year later."""
    trained = year["start.training_status"] > 0.5
    start = np.mean(year["start.ca_balance_avg_mg_d"][trained])
    assert abs(start - np.mean(year["ca_balance_first_4_weeks"][trained])) < 5.0
    assert abs(change(year, "ca_absorption_fraction")) < 0.005
    assert abs(change(year, "ca_intake_avg_mg_d")) < 5.0
