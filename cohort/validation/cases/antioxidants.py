"""Antioxidant validation: SE-GPX (calibration_targets.md) and AOX-BLUNT (own sanity case).

Arms differ only in their supplement tables (:class:`~cohort.engine.doses.DoseTables` built here
directly) and share the seed, so athletes, diets and training are identical (common random
numbers).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cohort.config.models import Config
from cohort.engine.doses import TIME_FIXED, DoseTables
from cohort.engine.model import CohortModel
from cohort.physiology.inputs import BLOCK_PHASES
from cohort.physiology.nutrients import NUTRIENTS
from cohort.validation.framework import Check, case
from cohort.validation.scenarios import make_config, no_training_history, plan


def daily_products(doses: list[tuple[str, dict[str, float], float]], n_athletes: int, n_days: int) -> DoseTables:
    """Dose tables for products taken every day by everyone: (name, {nutrient: amount}, clock h)."""
    amount = np.zeros((len(doses), len(NUTRIENTS)))
    timing = np.zeros((len(doses), 4))
    for row, (_name, nutrients, clock_h) in enumerate(doses):
        for nutrient, value in nutrients.items():
            amount[row, NUTRIENTS.ids.index(nutrient)] = value
        timing[row] = (TIME_FIXED, clock_h, 0.0, 0.0)
    return DoseTables(
        names=tuple(name for name, _nutrients, _clock in doses),
        amount=amount,
        scheduled=np.ones((len(doses), n_days)),
        phase_mask=np.ones((len(doses), len(BLOCK_PHASES))),
        timing=timing,
        co_ingested=np.zeros((len(doses), 3)),
        eligible=np.ones((n_athletes, len(doses))),
        adherence=np.ones((n_athletes, len(doses))),
    )


def _sessions(days: tuple[str, ...], modality: str, minutes: float, intensity: float) -> list[dict[str, Any]]:
    return [{"day": day, "time": "17:00", "modality": modality, "duration_min": minutes, "intensity": intensity} for day in days]


def _config(weeks: int, size: int, sessions: list[dict[str, Any]], **overrides: Any) -> Config:
    cohort = {"size": size, "training_status": {"trained": 1.0}, "traits": {"compliance_mean": 1.0}}
    config: Config = make_config(
        plans={"protocol": plan(sessions, weeks)}, duration_weeks=weeks, cohort=cohort, training=no_training_history(), **overrides
    )
    return config


def _run(config: Config, tables: DoseTables | None) -> dict[str, np.ndarray]:
    model = CohortModel(config, dose_tables=tables)
    start = {name: model.column(name).copy() for name in ("vo2max_ml_kg_min", "mito_index", "strength_1rm_kg")}
    model.advance(config.n_days)
    end: dict[str, np.ndarray] = {}
    for name in ("vo2max_ml_kg_min", "mito_index", "gpx_activity_rel", "ascorbate_plasma_umol_l", "tocopherol_plasma_umol_l",
                 "selenium_plasma_ug_l", "performance_index"):
        end[name] = model.column(name).copy()
    for name, values in start.items():
        end[f"start_{name}"] = values
    return end


def _smd(a: np.ndarray, b: np.ndarray) -> float:
    pooled = np.sqrt(0.5 * (a.var(ddof=1) + b.var(ddof=1)))
    return float((a.mean() - b.mean()) / pooled) if pooled > 0 else 0.0


@case(
    "SE-GPX",
    "Selenium supplementation raises GPx (saturating) without a performance effect",
    "antioxidants",
    ("fernandezlazaro2020", "hurst2010", "iom2000_antioxidants"),
    "[A]",
    "12 weeks of endurance training (3 x 60 min/wk); Se-replete athletes (habitual diet) vs the same "
    "athletes with 200 ug/d selenium; and Se-low athletes (diet Se x0.3) with the same dose to show saturation.",
    kind="calibration",
)
def selenium_gpx() -> list[Check]:
    weeks, size = 12, 200
    sessions = _sessions(("mon", "wed", "fri"), "endurance", 60, 0.7)
    replete = _config(weeks, size, sessions)
    low = _config(weeks, size, sessions, diet={"intake_scale": {"selenium_ug": 0.3}})
    n_days = replete.n_days
    dose = daily_products([("selenium_200ug", {"selenium_ug": 200.0}, 8.0)], size, n_days)
    arms = {
        "replete": _run(replete, None),
        "replete_se": _run(replete, dose),
        "low": _run(low, None),
        "low_se": _run(low, dose),
    }
    rise_replete = float(np.mean(arms["replete_se"]["gpx_activity_rel"] - arms["replete"]["gpx_activity_rel"]))
    rise_low = float(np.mean(arms["low_se"]["gpx_activity_rel"] - arms["low"]["gpx_activity_rel"]))

    def change(arm: str, name: str) -> np.ndarray:
        return arms[arm][name] - arms[arm][f"start_{name}"]

    return [
        Check("GPx rise with 200 ug/d Se in Se-replete athletes (fraction of plateau)", rise_replete, 1e-3, 0.2, "fraction"),
        Check("saturation: GPx rise in replete / rise in Se-low athletes", rise_replete / rise_low if rise_low > 0 else float("nan"),
              0.0, 0.5, "ratio"),
        Check("VO2max change, supplemented vs replete (SMD)", _smd(change("replete_se", "vo2max_ml_kg_min"),
                                                               change("replete", "vo2max_ml_kg_min")), -0.2, 0.2, "SMD"),
        Check("mitochondrial index change, supplemented vs replete (SMD)", _smd(change("replete_se", "mito_index"),
                                                                            change("replete", "mito_index")), -0.2, 0.2, "SMD"),
    ]


@case(
    "AOX-BLUNT",
    "High-dose vitamins C and E blunt mitochondrial but not VO2max adaptation to endurance training",
    "antioxidants",
    ("paulsen2014", "ristow2009", "gomezcabrera2008", "yfanti2010"),
    "[A]",
    "11 weeks, 4 sessions/wk (2 x HIIT 40 min at 0.9, 45 and 60 min continuous at 0.7-0.75), recreationally "
    "trained; 1000 mg vitamin C + 235 mg vitamin E daily in two doses vs placebo (Paulsen 2014).",
    kind="calibration",
)
def antioxidant_blunting() -> list[Check]:
    weeks, size = 11, 200
    sessions = (
        _sessions(("mon", "thu"), "hiit", 40, 0.9)
        + _sessions(("tue",), "endurance", 45, 0.75)
        + _sessions(("sat",), "endurance", 60, 0.7)
    )
    config = _config(weeks, size, sessions)
    n_days = config.n_days
    half = {"vitamin_c_mg": 500.0, "vitamin_e_mg": 117.5}
    supplement = daily_products([("vitamins_ce_am", half, 8.0), ("vitamins_ce_pm", half, 20.0)], size, n_days)
    placebo = daily_products([("placebo_am", {}, 8.0), ("placebo_pm", {}, 20.0)], size, n_days)
    treated = _run(config, supplement)
    control = _run(config, placebo)
    gain_treated = float(np.mean(treated["mito_index"] - treated["start_mito_index"]))
    gain_control = float(np.mean(control["mito_index"] - control["start_mito_index"]))
    blunting = 100.0 * (1.0 - gain_treated / gain_control) if gain_control > 0 else float("nan")
    vo2_difference = float(
        np.mean((treated["vo2max_ml_kg_min"] - control["vo2max_ml_kg_min"]) / control["start_vo2max_ml_kg_min"]) * 100.0
    )
    return [
        Check("mitochondrial-index gain blunted by C+E (relative to placebo)", blunting, 5.0, 50.0, "%"),
        Check("VO2max gain difference C+E minus placebo (% of baseline)", vo2_difference, -3.0, 3.0, "%"),
        Check("plasma ascorbate on 1 g/d (renal plateau ~70-80)", float(np.median(treated["ascorbate_plasma_umol_l"])), 60.0, 90.0,
              "umol/L"),
    ]
