"""Training-response validation: TR-BAN, TR-STR, TR-VO2 (calibration_targets.md)."""

from __future__ import annotations

from typing import Any

import numpy as np

from cohort.engine.model import CohortModel
from cohort.validation.framework import Check, case, protocol_models
from cohort.validation.scenarios import make_config


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
    "at 10-30 d); and an 8-week block followed by a 2-week taper at 55 % volume (+1-5 %). Python protocol: "
    "the impulse response is read every day from the median athlete.",
    kind="calibration",
    mechanisms=(),
    published="fitness and fatigue time constants ~42 and ~7 d, fatigue gain ~2x fitness gain: after one impulse "
    "performance peaks ~21 d later (Morton 1990; Busso 1994; Clarke & Skiba 2013)",
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
        plans={"impulse": impulse}, duration_weeks=10, cohort=_homogeneous("trained", size=20)
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
    config = make_config(plans={"block": block}, duration_weeks=10, cohort=_homogeneous("trained", size=50))
    model = CohortModel(config)
    model.advance(56)
    before = model.column("performance_index").copy()
    model.advance(14)
    after = model.column("performance_index")
    improvement = float(np.median(after / before - 1.0)) * 100
    return [
        Check("performance dips below baseline after the session (1 = yes)", float(dips), 1, 1),
        Check("day performance crosses baseline", crossing, 3, 10, "d"),
        Check("day of peak performance", peak, 10, 30, "d", published=21.0),
        Check("taper improvement after 8-week block", improvement, 1, 5, "%"),
    ]


@case(
    "TR-STR",
    "Strength gains with 12 weeks of resistance training",
    "muscle",
    ("rhea2003", "ratamess2009", "hubal2005"),
    "[A]",
    "12 weeks of resistance training, 3 sessions/week (untrained ~65 % 1RM, trained ~80 % 1RM), 400 athletes "
    "per arm (protocol file TR-STR.yaml); 1RM change over the 12 weeks.",
    kind="calibration",
    mechanisms=("vitd_vdr_strength_adaptation",),
    published="~40 % untrained, ~16 % trained (ACSM 2009); elbow-flexor 1RM gains 0 to +250 % in 585 untrained adults, "
    "'some subjects showing little to no gain', a few doubling their strength (Hubal 2005)",
)
def strength() -> list[Check]:
    models = protocol_models("TR-STR")
    gains = {}
    for arm, model in models.items():
        baseline = model.column("strength_1rm_kg").copy()
        model.advance(model.n_days_total)
        gains[arm] = (model.column("strength_1rm_kg") / baseline - 1.0) * 100
    untrained, trained = gains["untrained"], gains["trained"]
    return [
        Check("untrained median 1RM gain", float(np.median(untrained)), 15, 50, "%", published=40.0),
        # "near-zero responders (>= 5 % of agents)" (targets); Hubal 2005 publishes no share, only that the
        # range starts at 0 % and that 'some' gained little: 20 % (one in five) is our upper reading of 'some'
        Check("untrained share gaining <5 %", float(np.mean(untrained < 5) * 100), 5, 20, "%"),
        # Hubal 2005: a few doubled their strength (range to +250 %)
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
    "50 min (protocol file TR-VO2.yaml); absolute VO2max gain in mL/min.",
    kind="calibration",
    mechanisms=(),
    published="mean gain ~400 mL/min (SD ~200), from none to > 1 L/min; heritability of the response 47 % "
    "(Bouchard 1999)",
)
def heritage() -> list[Check]:
    model = protocol_models("TR-VO2")["heritage"]
    mass = model.column("body_mass_kg")
    baseline = model.column("vo2max_ml_kg_min") * mass
    model.advance(model.n_days_total)
    gain = model.column("vo2max_ml_kg_min") * mass - baseline
    trait = np.log(model.column("trainability"))
    r_squared = float(np.corrcoef(trait, gain)[0, 1] ** 2)
    return [
        Check("mean VO2max gain", float(gain.mean()), 300, 500, "mL/min", published=384.0),
        Check("SD of VO2max gain", float(gain.std(ddof=1)), 150, 250, "mL/min", published=200.0),
        Check("share gaining <100 mL/min", float(np.mean(gain < 100) * 100), 0, 10, "%"),
        Check("share gaining >1 L/min", float(np.mean(gain > 1000) * 100), 0, 5, "%"),
        Check("response variance explained by the trainability trait", r_squared * 100, 30, 50, "%", published=47.0),
    ]
