"""Training-response validation: TR-BAN, TR-STR, TR-VO2 (calibration_targets.md)."""

from __future__ import annotations

from typing import Any

import numpy as np

from cohort.engine.model import CohortModel
from cohort.validation.framework import Check, case
from cohort.validation.scenarios import make_config, no_training_history, plan

WEEKDAYS_3 = ("mon", "wed", "fri")


def _sessions(days: tuple[str, ...], modality: str, minutes: float, intensity: float, time: str = "17:00") -> list[dict[str, Any]]:
    return [{"day": day, "time": time, "modality": modality, "duration_min": minutes, "intensity": intensity} for day in days]


def _homogeneous(status: str, **extra: Any) -> dict[str, Any]:
    """Cohort priors for a protocol: one training status, full compliance."""
    cohort: dict[str, Any] = {
        "training_status": {status: 1.0},
        "traits": {"compliance_mean": 1.0},
    }
    cohort.update(extra)
    return cohort


@case(
    "TR-BAN",
    "Fitness-fatigue impulse response and taper",
    "muscle",
    ("morton1990", "busso1994", "clarke2013"),
    "[B]",
    "One heavy session then 60 days of rest (performance dips, crosses baseline in 3-10 d, peaks "
    "at 10-30 d); and an 8-week block followed by a 2-week taper at 55 % volume (+1-5 %).",
)
def banister() -> list[Check]:
    impulse = {
        "name": "impulse",
        "repeat": False,
        "blocks": [
            {"name": "session", "weeks": 1, "sessions": _sessions(("mon",), "endurance", 120, 0.8, "09:00")},
            {"name": "rest", "weeks": 10, "sessions": []},
        ],
    }
    config = make_config(
        plans={"impulse": impulse}, duration_weeks=10, cohort=_homogeneous("trained", size=20), training=no_training_history()
    )
    model = CohortModel(config)
    performance = []
    for _ in range(config.n_days):
        model.step()
        performance.append(float(np.median(model.column("performance_index"))))
    series = np.array(performance)  # series[t]: end of day t (day 0 has the session)
    dips = series[0] < 1.0
    above = np.nonzero(series > 1.0)[0]
    crossing = float(above[0]) if above.size else float("nan")
    peak = float(np.argmax(series))

    week = (
        _sessions(("mon", "wed", "fri"), "endurance", 60, 0.65, "07:00")
        + _sessions(("tue",), "hiit", 45, 0.9)
        + _sessions(("sat",), "endurance", 120, 0.65, "09:00")
    )
    block = {
        "name": "block_taper",
        "repeat": False,
        "blocks": [
            {"name": "block", "weeks": 8, "sessions": week},
            {"name": "taper", "weeks": 2, "volume": 0.55, "like": "block", "phase": "taper"},
        ],
    }
    config = make_config(
        plans={"block": block}, duration_weeks=10, cohort=_homogeneous("trained", size=50), training=no_training_history()
    )
    model = CohortModel(config)
    model.advance(56)
    before = model.column("performance_index").copy()
    model.advance(14)
    after = model.column("performance_index")
    improvement = float(np.median(after / before - 1.0)) * 100
    return [
        Check("performance dips below baseline after the session (1 = yes)", float(dips), 1, 1),
        Check("day performance crosses baseline", crossing, 3, 10, "d"),
        Check("day of peak performance", peak, 10, 30, "d"),
        Check("taper improvement after 8-week block", improvement, 1, 5, "%"),
    ]


def _strength_gain(status: str, sessions: list[dict[str, Any]], size: int = 400) -> np.ndarray:
    config = make_config(
        plans={"rt": plan(sessions, 12, name="rt")}, duration_weeks=12, cohort=_homogeneous(status, size=size),
        training=no_training_history(),
    )
    model = CohortModel(config)
    baseline = model.column("strength_1rm_kg").copy()
    model.advance(config.n_days)
    return model.column("strength_1rm_kg") / baseline - 1.0


@case(
    "TR-STR",
    "Strength gains with 12 weeks of resistance training",
    "muscle",
    ("rhea2003", "ratamess2009", "hubal2005"),
    "[A]",
    "12 weeks of resistance training, 3 sessions/week (untrained ~60 % 1RM, trained ~80 % 1RM); "
    "1RM measured 2 days after the last session.",
)
def strength() -> list[Check]:
    untrained = _strength_gain("untrained", _sessions(WEEKDAYS_3, "resistance", 45, 0.65)) * 100
    trained = _strength_gain("trained", _sessions(WEEKDAYS_3, "resistance", 60, 0.8)) * 100
    return [
        Check("untrained median 1RM gain", float(np.median(untrained)), 15, 50, "%"),
        Check("untrained right skew: mean minus median", float(np.mean(untrained) - np.median(untrained)), 0.0, 100, "%"),
        Check("untrained share gaining <5 %", float(np.mean(untrained < 5) * 100), 5, 100, "%"),
        Check("untrained share gaining >100 % (a few)", float(np.mean(untrained > 100) * 100), 0.1, 10, "%"),
        Check("trained median 1RM gain", float(np.median(trained)), 3, 15, "%"),
    ]


@case(
    "TR-VO2",
    "VO2max response to 20 weeks of endurance training (HERITAGE)",
    "muscle",
    ("bouchard1999",),
    "[A]",
    "Sedentary adults, 20 weeks of cycling 3x/week progressing from 55 % to 75 % VO2max and 30 to "
    "50 min; absolute VO2max gain in mL/min.",
)
def heritage() -> list[Check]:
    phases = []
    for index, (minutes, intensity) in enumerate(((30, 0.55), (35, 0.62), (40, 0.68), (45, 0.72), (50, 0.75))):
        phases.append({"name": f"p{index}", "weeks": 4, "sessions": _sessions(WEEKDAYS_3, "endurance", minutes, intensity)})
    heritage_plan = {"name": "heritage", "repeat": False, "blocks": phases}
    config = make_config(
        plans={"heritage": heritage_plan},
        duration_weeks=20,
        cohort=_homogeneous("untrained", size=500, age_y={"mean": 35, "sd": 12, "low": 17, "high": 65}),
    )
    model = CohortModel(config)
    mass = model.column("body_mass_kg")
    baseline = model.column("vo2max_ml_kg_min") * mass
    model.advance(config.n_days)
    gain = model.column("vo2max_ml_kg_min") * mass - baseline
    trait = np.log(model.column("trainability"))
    r_squared = float(np.corrcoef(trait, gain)[0, 1] ** 2)
    return [
        Check("mean VO2max gain", float(gain.mean()), 300, 500, "mL/min"),
        Check("SD of VO2max gain", float(gain.std(ddof=1)), 150, 250, "mL/min"),
        Check("share gaining <100 mL/min", float(np.mean(gain < 100) * 100), 0, 10, "%"),
        Check("share gaining >1 L/min", float(np.mean(gain > 1000) * 100), 0, 5, "%"),
        Check("response variance explained by the trainability trait", r_squared * 100, 30, 50, "%"),
    ]
