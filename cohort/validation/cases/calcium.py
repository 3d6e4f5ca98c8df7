"""Calcium validation case: absorption versus vitamin D status (VD-CA, contested)."""

from __future__ import annotations

import datetime as dt

from cohort.engine.model import CohortModel
from cohort.mechanisms import MECHANISMS
from cohort.state import STATE
from cohort.validation.framework import Check, case
from cohort.validation.scenarios import make_config


def absorption_at(level_nmol_l: float) -> CohortModel:
    """The same 200 athletes with 25(OH)D set to ``level_nmol_l``, after one day."""
    config = make_config(duration_weeks=1, start_date=dt.date(2025, 1, 6), cohort={"size": 200})
    model = CohortModel(config)
    model.state[:, STATE.index("vitd_25oh_nmol_l")] = level_nmol_l
    model.advance(1)
    return model


@case(
    "VD-CA", "Calcium absorption vs vitamin D status (contested)", "calcium",
    ("heaney2003ca", "iom2011"), "[A]",
    "the same 200 athletes at 25(OH)D 50 and 85 nmol/L; ratio of fractional calcium absorption",
    kind="calibration",
)
def vd_ca() -> list[Check]:
    low = absorption_at(50.0).column("ca_absorption_fraction")
    high = absorption_at(85.0).column("ca_absorption_fraction")
    contested = MECHANISMS.get("vitd_calcium_absorption").evidence == "contested"
    return [
        Check("Ca absorption ratio, 85 vs 50 nmol/L", float((high / low).mean()), 1.0, 1.65, "ratio"),
        Check("vitamin D -> Ca absorption labelled 'contested'", 1.0 if contested else 0.0, 1.0, 1.0, "flag"),
    ]
