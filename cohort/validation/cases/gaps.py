"""Known disagreements between the model and the literature (validation kind ``gap``).

Each case encodes a published finding with a pass range at least as wide as its published
uncertainty. The model is known (or was reported by the physiology engineers) to miss it; the
case runs like any other and ``cohort validate`` shows the value marked MISS, so the
disagreement stays visible instead of being hidden. A gap case that starts passing should be
turned into a ``sanity`` or ``calibration`` case.

Arms of a case share the seed (common random numbers): their athletes are identical and
effects are paired differences.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from cohort.config.loader import load_config
from cohort.engine.doses import TIME_WITH_MEAL, DoseTables
from cohort.engine.model import CohortModel
from cohort.physiology.inputs import BLOCK_PHASES
from cohort.physiology.nutrients import NUTRIENTS
from cohort.validation.cases.iron import single_dose_tables
from cohort.validation.cases.vitamin_d import (
    VITD,
    _config,
    dose_tables,
    prevalence_samples,
    run_arm,
    trajectory,
)
from cohort.validation.framework import Check, case
from cohort.validation.scenarios import make_config, rest_plan

_BASE_CONFIG = Path(__file__).resolve().parents[3] / "configs" / "base.yaml"
WINTER_SOLSTICE_DOY = 355

_NO_NOISE: dict[str, Any] = {"training": {"day_to_day_cv": 0.0}, "diet": {"day_to_day_cv": 0.0}}


def _cohort(size: int, female: float) -> dict[str, Any]:
    return {
        "size": size,
        "female_share": female,
        "menstruating_share_of_females": 1.0,
        "diet": {"omnivore": 1.0},
        "traits": {"compliance_mean": 1.0},
    }


# --------------------------------------------------------------------------- FE-ALT-DAY
@case(
    "FE-ALT-DAY", "Alternate-day vs consecutive-day iron supplements (cumulative absorption)", "iron",
    ("stoffel2017",), "[A]",
    "300 women (CRN arms), 60 mg Fe as FeSO4 fasting at 08:00: 14 doses on consecutive days vs 14 doses "
    "on alternate days (28 d); iron absorbed from the doses summed, women with baseline ferritin <= 25 ug/L. "
    "Stoffel 2017: FIA 21.8 vs 16.3 %, total absorbed 175 vs 131 mg (ratio ~1.34).",
    kind="validation",
)
def fe_alt_day() -> list[Check]:
    warm, n_doses = 3, 14
    config = make_config(plans={"rest": rest_plan(1)}, duration_weeks=5, cohort=_cohort(300, 1.0), **_NO_NOISE)
    n = config.cohort.size
    arms = {
        "consecutive": list(range(warm, warm + n_doses)),
        "alternate": list(range(warm, warm + 2 * n_doses, 2)),
    }
    absorbed: dict[str, np.ndarray] = {}
    depleted = None
    for name, days in arms.items():
        model = CohortModel(config, dose_tables=single_dose_tables(n, config.n_days, [60.0], days, 8.0))
        model.advance(warm)
        if depleted is None:
            depleted = model.column("ferritin_ug_l") <= 25.0
        total = np.zeros(n)
        for _ in range(2 * n_doses):
            model.advance(1)
            total += model.column("fe_absorbed_dose_mg_d")
        absorbed[name] = total
    assert depleted is not None
    ratio = absorbed["alternate"][depleted].mean() / absorbed["consecutive"][depleted].mean()
    fia = {k: v[depleted].mean() / (60.0 * n_doses) * 100.0 for k, v in absorbed.items()}
    return [
        # Published 1.34 (175/131 mg); the geometric-mean FIA ratio 21.8/16.3 = 1.34; range ~ its 95 % CI
        Check("cumulative absorbed, alternate / consecutive (published ~1.34)", float(ratio), 1.2, 1.5, "ratio"),
        Check("FIA alternate days (published 21.8 %)", float(fia["alternate"]), 13.0, 35.0, "%"),
        Check("FIA consecutive days (published 16.3 %)", float(fia["consecutive"]), 10.0, 26.0, "%"),
    ]


# --------------------------------------------------------------------------- FE-PREV-MALE
@case(
    "FE-PREV-MALE", "Prevalence of low ferritin in male athletes", "iron", ("roy2022", "koehler2012"), "[B]",
    "Default cohort priors (configs/base.yaml), 300 male athletes, one 12-week season from 6 January; "
    "share with ferritin < 30 ug/L at the end. Roy 2022: 10.9 % of 339 male athletes iron deficient; "
    "Koehler 2012: ferritin < 35 ug/L in 31 % of 96 young elite males (abstracts). Why the model is low: "
    "the mean male balance is ~0 mg/d (absorbed 1.16, lost 1.27), but the low tail regresses upward: "
    "initial ferritin is drawn independently of absorption efficiency, intake and losses, and Hb starts "
    "above its kinetic steady state, so red-cell iron moves into stores (+1.5 mg/d in men starting < 30); "
    "7 % start below 30, 0.7 % remain at week 12, ~5 % in the multi-year steady state.",
    kind="validation",
)
def fe_prev_male() -> list[Check]:
    config = load_config(_BASE_CONFIG, ["cohort.size=300", "cohort.female_share=0.0"])
    model = CohortModel(config)
    model.advance(config.n_days)
    ferritin = model.column("ferritin_ug_l")
    return [
        Check("male share ferritin < 30 ug/L (published ~0.11, 0.03-0.31 across studies)", float((ferritin < 30.0).mean()), 0.03, 0.31, "fraction"),
        Check("male share ferritin < 35 ug/L", float((ferritin < 35.0).mean()), 0.05, 0.40, "fraction"),
    ]


# --------------------------------------------------------------------------- FE-VITC-LONG
def _vitc_with_meals(n_athletes: int, n_days: int, mg: float) -> DoseTables:
    """``mg`` vitamin C with each of the three meals, every day, to everyone."""
    k = 3
    amount = np.zeros((k, len(NUTRIENTS)))
    amount[:, NUTRIENTS.ids.index("vitamin_c_mg")] = mg
    return DoseTables(
        names=tuple(f"vitc_meal{m}" for m in range(k)),
        amount=amount,
        scheduled=np.ones((k, n_days)),
        phase_mask=np.ones((k, len(BLOCK_PHASES))),
        timing=np.array([[TIME_WITH_MEAL, 0.0, float(m), 0.0] for m in range(k)]),
        co_ingested=np.zeros((k, 3)),
        eligible=np.ones((n_athletes, k)),
        adherence=np.ones((n_athletes, k)),
    )


@case(
    "FE-VITC-LONG", "Long-term vitamin C with meals barely changes ferritin", "iron",
    ("hunt1994", "cook2001"), "[A]",
    "300 adults (50 % women, CRN arms), 500 mg vitamin C with each of 3 meals for 10 weeks vs placebo, "
    "no iron supplements; ferritin difference at week 10. Hunt 1994 (same dose, 10-wk crossover, 5 wk "
    "each): 11.9 vs 10.7 ug/L, P < 0.06; Cook 2001: prolonged supplementation has no significant effect on "
    "iron status. Range +-15 % / +-10 ug/L covers the 1.2 ug/L (11 %) published difference. "
    "Reported as a gap; it passes (narrowly) without iron supplements, so it is a sanity case.",
    kind="calibration",
)
def fe_vitc_long() -> list[Check]:
    config = make_config(plans={"rest": rest_plan(10)}, duration_weeks=10, cohort=_cohort(300, 0.5), **_NO_NOISE)
    n = config.cohort.size
    placebo = CohortModel(config)
    vitc = CohortModel(config, dose_tables=_vitc_with_meals(n, config.n_days, 500.0))
    for model in (placebo, vitc):
        model.advance(config.n_days)
    f0, f1 = placebo.column("ferritin_ug_l"), vitc.column("ferritin_ug_l")
    return [
        Check("ferritin vitamin C / placebo at 10 weeks (published ~1.11, n.s.)", float(f1.mean() / f0.mean()), 0.85, 1.15, "ratio"),
        Check("ferritin vitamin C - placebo at 10 weeks (published +1.2, n.s.)", float(f1.mean() - f0.mean()), -10.0, 10.0, "ug/L"),
    ]


# --------------------------------------------------------------------------- VD-EKWARU
@case(
    "VD-EKWARU", "Concave vitamin D dose response at high doses", "vitamin_d", ("ekwaru2014",), "[B]",
    "20 winter weeks from 1 November at 41 N, 200 athletes per arm (CRN): 0, 1000, 15,000, 20,000 IU/d "
    "(0, 25, 375, 500 ug/d); increments per 1000 IU between 0 and 1000 and between 15,000 and 20,000 IU/d. "
    "Ekwaru 2014 (observational, 22,214 recordings): 12.0 and 1.1 nmol/L per 1000 IU.",
    kind="validation",
)
def vd_ekwaru() -> list[Check]:
    n, weeks = 200, 20
    config = _config(n, weeks, dt.date(2024, 11, 1), (41.0, 41.0))
    final = {ug: trajectory(run_arm(config, dose_tables(n, config.n_days, "vitamin_d_ug", ug, None) if ug else None), VITD)[-1]
             for ug in (0.0, 25.0, 375.0, 500.0)}
    low = (final[25.0] - final[0.0]).mean()
    high = (final[500.0] - final[375.0]).mean() / 5.0
    return [
        Check("increment 0-1000 IU/d per 1000 IU (published 12.0)", float(low), 6.0, 18.0, "nmol/L"),
        Check("increment 15,000-20,000 IU/d per 1000 IU (published 1.1)", float(high), 0.0, 3.0, "nmol/L"),
    ]


# --------------------------------------------------------------------------- VD-PREV-RR
@case(
    "VD-PREV-RR", "Risk ratios of 25(OH)D < 80 nmol/L: indoor sport and latitude", "vitamin_d",
    ("farrokhyar2015",), "[B]",
    "One year from 1 January, 300 athletes at 25-60 N (default indoor share), no supplements; each athlete "
    "sampled on 12 random days (VD-PREV protocol); risk ratios indoor/outdoor and > 40 N / <= 40 N. "
    "Farrokhyar 2015: indoor RR 1.19 (1.09-1.30) (abstract, verified); the latitude RR 1.85 (1.35-2.53) "
    "was reported to us and not verified (the abstract gives RR 1.85, 1.27-2.70, for winter/spring).",
    kind="validation",
)
def vd_prev_rr() -> list[Check]:
    config = _config(300, 53, dt.date(2025, 1, 1), (25.0, 60.0))
    model = run_arm(config)
    sampled, _ = prevalence_samples(model, 12, config.seed)
    low = sampled < 80.0
    indoor = model.traits["indoor"] > 0
    north = model.traits["latitude_deg"] > 40.0
    return [
        Check("indoor / outdoor risk ratio (published 1.19, 95 % CI 1.09-1.30)", float(low[:, indoor].mean() / low[:, ~indoor].mean()), 1.09, 1.30, "ratio"),
        Check("> 40 N / <= 40 N risk ratio (1.85, 1.35-2.53; unverified)", float(low[:, north].mean() / low[:, ~north].mean()), 1.35, 2.53, "ratio"),
    ]


# --------------------------------------------------------------------------- VD-TROUGH
@case(
    "VD-TROUGH", "Lag of the 25(OH)D minimum after the winter solstice", "vitamin_d", ("kasahara2013",), "[A]",
    "One year from 1 July at 50 N, 300 athletes, no supplements; week of the cohort-mean minimum after "
    "21 December. Kasahara 2013: trough in February (~8 weeks after the solstice).",
    kind="validation",
)
def vd_trough() -> list[Check]:
    start = dt.date(2025, 7, 1)
    config = _config(300, 52, start, (50.0, 50.0))
    model = run_arm(config)
    mean = trajectory(model, VITD)[1:].mean(axis=1)
    trough = start + dt.timedelta(days=int(np.argmin(mean)))
    lag_weeks = (trough - dt.date(2025, 12, 21)).days / 7.0
    return [Check("weeks from winter solstice to the minimum (published ~8)", float(lag_weeks), 6.0, 10.0, "weeks")]
