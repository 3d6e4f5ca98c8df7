"""Magnesium validation cases: exercise losses and requirement (MG-LOSS), depletion and economy (MG-DEPL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from cohort.engine.model import CohortModel
from cohort.physiology.magnesium import MagnesiumParams, requirement_mg_d
from cohort.state import STATE
from cohort.validation.framework import Check, case
from cohort.validation.scenarios import make_config, plan

MG_STATE = ("mg_body_mg", "mg_status", "mg_serum_mmol_l", "mg_absorbed_mg_d", "mg_urinary_mg_d")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HEAVY_TRAINING_H = 2.0


@case(
    "MG-LOSS", "Exercise magnesium losses and requirement", "magnesium",
    ("baker2011", "montain2007", "nielsen2006"), "[A]",
    "200 athletes, 2 h endurance session every day at 17:00; sweat Mg of the day for athletes sweating "
    "1-1.5 L/h; requirement = intake keeping a replete athlete in zero balance, 2 h/d training at the "
    "athlete's own sweat rate vs sedentary",
)
def mg_loss() -> list[Check]:
    sessions = [{"day": day, "time": "17:00", "modality": "endurance", "duration_min": 120, "intensity": 0.7} for day in WEEKDAYS]
    config = make_config(
        plans={"daily": plan(sessions, 2, name="daily")}, duration_weeks=1, start_date=dt.date(2025, 1, 6),
        cohort={"size": 200}, training={"day_to_day_cv": 0.0}, recording={"interval_days": 1, "variables": ["mg_sweat_loss_mg_d"]},
    )
    model = CohortModel(config)
    model.advance(1)
    rate = model.traits["sweat_rate_l_h"]
    trained = model.column("mg_sweat_loss_mg_d") > 0
    selected = (rate >= 1.0) & (rate <= 1.5) & trained
    params = MagnesiumParams()
    sedentary = requirement_mg_d(0.0, 0.0, params)
    heavy = np.array([requirement_mg_d(HEAVY_TRAINING_H, HEAVY_TRAINING_H * r, params) for r in rate])
    return [
        Check("Mg in sweat during 2 h at 1-1.5 L/h", float(model.column("mg_sweat_loss_mg_d")[selected].mean()), 2.0, 45.0, "mg"),
        Check("requirement rise with 2 h/d training vs sedentary", float((heavy / sedentary - 1.0).mean()), 0.10, 0.20, "fraction"),
    ]


@case(
    "MG-DEPL", "Magnesium depletion and submaximal exercise economy", "magnesium",
    ("lukaski2002", "nielsen2006"), "[A/B]",
    "200 athletes replete on an RDA-level diet, then 13 weeks at ~50 % of the RDA (intake x 0.58), no "
    "training; change in O2 cost and HR at a fixed submaximal workload; serum Mg at the end. Caveat: "
    "the study was in 10 older non-athletic women (low confidence for athletes)",
    kind="calibration",
)
def mg_depl() -> list[Check]:
    common: dict[str, Any] = {
        "duration_weeks": 14, "start_date": dt.date(2025, 1, 6), "cohort": {"size": 200},
        "recording": {"interval_days": 7, "variables": ["mg_status", "mg_serum_mmol_l", "submax_vo2_rel", "submax_hr_bpm"]},
    }
    adequate = CohortModel(make_config(diet={"intake_scale": {"magnesium_mg": 1.16}}, **common))
    depleted = CohortModel(make_config(diet={"intake_scale": {"magnesium_mg": 0.58}}, **common))
    for name in MG_STATE:
        depleted.state[:, STATE.index(name)] = adequate.state[:, STATE.index(name)]
    depleted.advance(1)
    vo2_start = depleted.column("submax_vo2_rel").copy()
    hr_start = depleted.column("submax_hr_bpm").copy()
    depleted.advance(91)
    serum = depleted.column("mg_serum_mmol_l")
    return [
        Check("rise in O2 cost at a fixed submaximal workload", float((depleted.column("submax_vo2_rel") / vo2_start - 1.0).mean() * 100), 5.0, 15.0, "%"),
        Check("rise in submaximal heart rate", float((depleted.column("submax_hr_bpm") - hr_start).mean()), 5.0, 15.0, "bpm"),
        Check("share of athletes with serum Mg still 0.75-0.95 mmol/L", float(((serum >= 0.75) & (serum <= 0.95)).mean()), 0.5, 1.0, "fraction"),
    ]
