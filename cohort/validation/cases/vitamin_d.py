"""Vitamin D validation cases: dose response, kinetics, season and prevalence (calibration_targets.md).

Arms of a case share the seed, so their athletes are identical (common random numbers) and
supplement effects are measured as paired differences from the unsupplemented arm, which
removes the seasonal drift of the background.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from cohort.engine.doses import DoseTables
from cohort.engine.model import CohortModel
from cohort.physiology.inputs import BLOCK_PHASES
from cohort.physiology.nutrients import NUTRIENTS
from cohort.rng import stream
from cohort.validation.framework import Check, case
from cohort.validation.scenarios import make_config

VITD = "vitd_25oh_nmol_l"
SUMMER_SOLSTICE_DOY = 172


def dose_tables(n_athletes: int, n_days: int, nutrient: str, amount: float, days: list[int] | None) -> DoseTables:
    """One product giving ``amount`` of ``nutrient`` on ``days`` (all days when None) at 08:00, to everyone."""
    amounts = np.zeros((1, len(NUTRIENTS)))
    amounts[0, NUTRIENTS.ids.index(nutrient)] = amount
    scheduled = np.zeros((1, n_days))
    if days is None:
        scheduled[0, :] = 1.0
    else:
        scheduled[0, days] = 1.0
    return DoseTables(
        names=(f"{nutrient}_{amount:g}",),
        amount=amounts,
        scheduled=scheduled,
        phase_mask=np.ones((1, len(BLOCK_PHASES))),
        timing=np.array([[0.0, 8.0, 0.0, 0.0]]),
        co_ingested=np.zeros((1, 3)),
        eligible=np.ones((n_athletes, 1)),
        adherence=np.ones((n_athletes, 1)),
    )


def run_arm(config: Any, dose: DoseTables | None = None) -> CohortModel:
    model = CohortModel(config, dose_tables=dose)
    model.advance(config.n_days)
    return model


def trajectory(model: CohortModel, name: str) -> np.ndarray:
    """Recorded values (steps x athletes) of one variable, step 0 = baseline."""
    recorder = model.recorder
    return recorder.values[:, :, recorder.names.index(name)].astype(np.float64)


def _config(size: int, weeks: int, start: dt.date, latitude: tuple[float, float], **extra: Any) -> Any:
    overrides: dict[str, Any] = {
        "cohort": {"size": size, "latitude_deg": {"low": latitude[0], "high": latitude[1]}},
        "duration_weeks": weeks,
        "start_date": start,
        "recording": {"interval_days": 1, "variables": [VITD, "mg_status", "ca_absorption_fraction"]},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(overrides.get(key), dict):
            overrides[key] = {**overrides[key], **value}
        else:
            overrides[key] = value
    return make_config(**overrides)


@case(
    "VD-DOSE", "Steady-state 25(OH)D rise per daily vitamin D3 dose", "vitamin_d",
    ("heaney2003", "aloia2008", "ekwaru2014"), "[A/B]",
    "20 winter weeks from 1 November at 41 N; 0, 25, 125, 250 ug/d arms, 200 athletes each (CRN); "
    "slope = (arm - control at week 20) / dose; obese cohort (BMI ~34) at 25 ug/d",
)
def vd_dose() -> list[Check]:
    weeks, n = 20, 200
    start = dt.date(2024, 11, 1)
    config = _config(n, weeks, start, (41.0, 41.0))
    days = config.n_days
    models = {dose: run_arm(config, dose_tables(n, days, "vitamin_d_ug", dose, None) if dose else None)
              for dose in (0.0, 25.0, 125.0, 250.0)}
    final = {dose: trajectory(model, VITD)[-1] for dose, model in models.items()}
    slope = {dose: (final[dose] - final[0.0]) / dose for dose in (25.0, 125.0, 250.0)}
    normal = models[0.0].traits["bmi_kg_m2"] < 25.0
    s25 = slope[25.0][normal]
    obese_config = _config(
        n, weeks, start, (41.0, 41.0),
        cohort={"body_mass_kg_male": {"mean": 112, "sd": 6, "low": 95, "high": 130},
                "body_mass_kg_female": {"mean": 95, "sd": 6, "low": 80, "high": 110}},
    )
    obese_final = trajectory(run_arm(obese_config, dose_tables(n, days, "vitamin_d_ug", 25.0, None)), VITD)[-1]
    return [
        Check("slope at 25 ug/d, normal BMI", float(s25.mean()), 0.45, 0.95, "nmol/L per ug/d"),
        Check("slope at 250 ug/d / slope at 25 ug/d (concave: < 1)", float(slope[250.0].mean() / slope[25.0].mean()), 0.0, 0.999, "ratio"),
        Check("between-athlete SD / mean of the 25 ug/d slope", float(s25.std() / s25.mean()), 0.30, 0.70, "ratio"),
        Check("normal-weight minus obese 25(OH)D at 25 ug/d", float(final[25.0].mean() - obese_final.mean()), 10.0, 30.0, "nmol/L"),
    ]


@case(
    "VD-KIN", "25(OH)D half-life after a 100,000 IU bolus and time to steady state", "vitamin_d",
    ("jones2014", "ilahi2008", "close2013"), "[A]",
    "41 N from 6 January, 200 athletes (CRN): (a) one 2500 ug bolus on day 0; exponential fit to the "
    "excess over control for 30 days after its peak; (b) 25 ug/d for 20 weeks, day reaching 90 % of "
    "the final increment",
)
def vd_kin() -> list[Check]:
    n = 200
    config = _config(n, 20, dt.date(2025, 1, 6), (41.0, 41.0))
    days = config.n_days
    control = trajectory(run_arm(config), VITD)
    bolus = trajectory(run_arm(config, dose_tables(n, days, "vitamin_d_ug", 2500.0, [0])), VITD)
    excess = (bolus - control).mean(axis=1)[1:]  # day 1.. days
    peak = int(np.argmax(excess))
    window = np.arange(peak, min(peak + 30, days))
    rate = -np.polyfit(window, np.log(excess[window]), 1)[0]
    daily = trajectory(run_arm(config, dose_tables(n, days, "vitamin_d_ug", 25.0, None)), VITD)
    increment = (daily - control).mean(axis=1)[1:]
    day90 = int(np.argmax(increment >= 0.9 * increment[-1])) + 1
    return [
        Check("half-life of the bolus excess, 30 d after the peak (plasma compartment)", float(np.log(2) / rate), 10.0, 25.0, "d"),
        Check("day 90 % of the 20-week increment is reached at 25 ug/d", float(day90), 45.0, 90.0, "d"),
        Check("peak rise after 100,000 IU (Ilahi 2008: 37 nmol/L; range ~mean +/- 1 SD, not in targets)", float(excess[peak]), 15.0, 60.0, "nmol/L"),
    ]


@case(
    "VD-SEASON", "Seasonal cycle of 25(OH)D in athletes at 50 N", "vitamin_d",
    ("kasahara2013", "kimlin2007", "backx2017", "heaney2013"), "[A]",
    "15 months from 1 January at 50 N, 300 athletes (30 % indoor sports), no supplements",
)
def vd_season() -> list[Check]:
    config = _config(300, 65, dt.date(2025, 1, 1), (50.0, 50.0))
    model = run_arm(config)
    values = trajectory(model, VITD)[1:]  # row t = end of day t (day of year t + 1)
    first_year = values[:365]
    mean = first_year.mean(axis=1)
    peak_doy = int(np.argmax(mean)) + 1
    trough_doy = int(np.argmin(mean)) + 1
    june = values[165]  # 15 June
    march = values[365 + 75]  # 17 March of the next year
    high = june > 75.0
    indoor = model.traits["indoor"] > 0
    return [
        Check("day of year of the cohort-mean maximum (July-September)", float(peak_doy), 182.0, 273.0, "doy"),
        Check("day of year of the cohort-mean minimum (January-March)", float(trough_doy), 1.0, 90.0, "doy"),
        Check("lag of the maximum after the summer solstice", (peak_doy - SUMMER_SOLSTICE_DOY) / 7.0, 6.0, 10.0, "weeks"),
        Check("share of athletes >75 nmol/L in June who are <50 by March", float((march[high] < 50.0).mean()), 0.15, 0.35, "fraction"),
        Check("outdoor minus indoor-sport mean 25(OH)D (indoor lower)", float(first_year[:, ~indoor].mean() - first_year[:, indoor].mean()), 1e-9, float("inf"), "nmol/L"),
    ]


def prevalence_samples(model: CohortModel, n_samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """25(OH)D of every athlete on ``n_samples`` random days, and the month (0-11) of each sample."""
    values = trajectory(model, VITD)[1:366]
    rng = stream(seed, "validation.vd_prev")
    days = rng.integers(0, 365, size=(n_samples, values.shape[1]))
    sampled = np.take_along_axis(values, days, axis=0)
    month = np.array([dt.date(2025, 1, 1) + dt.timedelta(days=int(day)) for day in days.ravel()])
    months = np.array([m.month - 1 for m in month]).reshape(days.shape)
    return sampled, months


@case(
    "VD-PREV", "Prevalence of 25(OH)D < 80 nmol/L in athletes", "vitamin_d",
    ("farrokhyar2015", "close2013"), "[A]",
    "one year from 1 January, 300 athletes at 35-60 N (30 % indoor), no supplements; each athlete "
    "sampled on 12 random days; winter = December-May, summer = June-November (Farrokhyar 2015 seasons)",
)
def vd_prev() -> list[Check]:
    config = _config(300, 53, dt.date(2025, 1, 1), (35.0, 60.0))
    model = run_arm(config)
    sampled, months = prevalence_samples(model, 12, config.seed)
    low = sampled < 80.0
    winter = np.isin(months, (11, 0, 1, 2, 3, 4))
    return [
        Check("prevalence of 25(OH)D < 80 nmol/L", float(low.mean()), 0.44, 0.67, "fraction"),
        Check("winter/spring vs summer/autumn risk ratio", float(low[winter].mean() / low[~winter].mean()), 1.3, 2.7, "ratio"),
    ]
