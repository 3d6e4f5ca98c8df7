"""Vitamin D validation cases: dose response, kinetics, season and prevalence (calibration_targets.md).

Every protocol here is a shipped experiment file (``cohort/validation/protocols/<ID>.yaml``);
the case builds its arms with :func:`~cohort.validation.framework.protocol_models`, exactly the
configs ``cohort experiment`` runs. Arms share the seed, so their athletes are identical (common
random numbers) and supplement effects are paired differences from the unsupplemented arm,
which removes the seasonal drift of the background.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from cohort.engine.model import CohortModel
from cohort.rng import stream
from cohort.validation.framework import Check, case, protocol_models

VITD = "vitd_25oh_nmol_l"
SUMMER_SOLSTICE_DOY = 172
WINTER_SOLSTICE_DOY = 355


def run_protocol(case_id: str) -> dict[str, CohortModel]:
    """Every arm of ``case_id``'s protocol, advanced to its end."""
    models = protocol_models(case_id)
    for model in models.values():
        model.advance(model.n_days_total)
    return models


def trajectory(model: CohortModel, name: str) -> np.ndarray:
    """Recorded values (steps x athletes) of one variable, step 0 = baseline."""
    recorder = model.recorder
    return recorder.values[:, :, recorder.names.index(name)].astype(np.float64)


@case(
    "VD-DOSE", "Steady-state 25(OH)D rise per daily vitamin D3 dose", "vitamin_d",
    ("heaney2003", "aloia2008", "ekwaru2014"), "[A/B]",
    "20 winter weeks from 1 November at 41 N; 0, 25, 125, 250 ug/d arms, 200 athletes each (CRN); "
    "slope = (arm - control at week 20) / dose; obese cohort (BMI ~34) at 25 ug/d",
    kind="calibration",
    mechanisms=("vitd_oral_intake", "vitd_hydroxylation_saturation", "vitd_adiposity", "vitd_fat_storage"),
    published="0.7 nmol/L per ug/d at low doses (Heaney 2003); 0.66 +- 0.35 (Aloia 2008, SD/mean 0.53); "
    "obese ~20 nmol/L lower at equal dose (Ekwaru 2014)",
)
def vd_dose() -> list[Check]:
    models = run_protocol("VD-DOSE")
    final = {arm: trajectory(model, VITD)[-1] for arm, model in models.items()}
    doses = {"d3_25ug": 25.0, "d3_125ug": 125.0, "d3_250ug": 250.0}
    slope = {arm: (final[arm] - final["control"]) / dose for arm, dose in doses.items()}
    normal = models["control"].traits["bmi_kg_m2"] < 25.0
    s25 = slope["d3_25ug"][normal]
    return [
        # Aloia 2008: 0.66 +- 0.35 (SD); Heaney 2003: 0.7; interval from the targets (0.45-0.95)
        Check("slope at 25 ug/d, normal BMI", float(s25.mean()), 0.45, 0.95, "nmol/L per ug/d", published=0.7),
        # The finding is the sign (concave: the ratio is below 1; a linear response gives 1); no study
        # publishes this ratio with an uncertainty, so the lower end is the physical bound 0
        Check("slope at 250 ug/d / slope at 25 ug/d (concave: < 1)", float(slope["d3_250ug"].mean() / slope["d3_25ug"].mean()),
              0.0, 0.999, "ratio"),
        Check("between-athlete SD / mean of the 25 ug/d slope", float(s25.std() / s25.mean()), 0.30, 0.70, "ratio", published=0.53),
        Check("normal-weight minus obese 25(OH)D at 25 ug/d", float(final["d3_25ug"].mean() - final["obese_d3_25ug"].mean()),
              10.0, 30.0, "nmol/L", published=20.0),
    ]


@case(
    "VD-KIN", "25(OH)D half-life after a 100,000 IU bolus and time to steady state", "vitamin_d",
    ("jones2014", "ilahi2008", "close2013"), "[A]",
    "41 N from 6 January, 200 athletes (CRN): (a) one 2500 ug bolus on day 0; exponential fit to the "
    "excess over control for 30 days after its peak; (b) 25 ug/d for 20 weeks, day reaching 90 % of "
    "the final increment",
    kind="calibration",
    mechanisms=("vitd_oral_intake", "vitd_fat_storage"),
    published="plasma half-life of 25(OH)D3 15.1 +- 3.1 d (Jones 2014); bolus of 100,000 IU raised 25(OH)D "
    "by 37 nmol/L at the peak (Ilahi 2008); near plateau by 6-8 weeks (Close 2013)",
)
def vd_kin() -> list[Check]:
    models = run_protocol("VD-KIN")
    control = trajectory(models["control"], VITD)
    days = control.shape[0] - 1
    excess = (trajectory(models["bolus_2500ug"], VITD) - control).mean(axis=1)[1:]  # day 1.. days
    peak = int(np.argmax(excess))
    window = np.arange(peak, min(peak + 30, days))
    rate = -np.polyfit(window, np.log(excess[window]), 1)[0]
    increment = (trajectory(models["d3_25ug"], VITD) - control).mean(axis=1)[1:]
    day90 = int(np.argmax(increment >= 0.9 * increment[-1])) + 1
    return [
        # Jones 2014: 15.1 +- 3.1 d (SD); the targets' interval 10-25 d spans the apparent (pool-fed) half-life
        Check("half-life of the bolus excess, 30 d after the peak (plasma compartment)", float(np.log(2) / rate), 10.0, 25.0, "d",
              published=15.1),
        Check("day 90 % of the 20-week increment is reached at 25 ug/d", float(day90), 45.0, 90.0, "d"),
        # Ilahi 2008: 27.1 +- 7.7 to 42.0 +- 9.1 ng/mL, i.e. +37 nmol/L; interval ~ +-1 SD of the peak
        Check("peak rise after 100,000 IU", float(excess[peak]), 15.0, 60.0, "nmol/L", published=37.0),
    ]


@case(
    "VD-SEASON", "Seasonal cycle of 25(OH)D in athletes at 50 N", "vitamin_d",
    ("kasahara2013", "kimlin2007", "backx2017", "heaney2013"), "[A]",
    "15 months from 1 January at 50 N, 300 athletes (default indoor share), no supplements. The indoor vs "
    "outdoor difference is checked against a published interval in VD-PREV-RR.",
    kind="calibration",
    mechanisms=("vitd_skin_synthesis", "vitd_fat_storage"),
    published="maximum in July-September and minimum in January-March (Kasahara 2013); ~20 % of athletes "
    "< 50 nmol/L by late winter (Backx 2017)",
)
def vd_season() -> list[Check]:
    model = run_protocol("VD-SEASON")["control"]
    values = trajectory(model, VITD)[1:]  # row t = end of day t (day of year t + 1)
    mean = values[:365].mean(axis=1)
    peak_doy = int(np.argmax(mean)) + 1
    trough_doy = int(np.argmin(mean)) + 1
    june = values[165]  # 15 June
    march = values[365 + 75]  # 17 March of the next year
    high = june > 75.0
    return [
        Check("day of year of the cohort-mean maximum (July-September)", float(peak_doy), 182.0, 273.0, "doy"),
        Check("day of year of the cohort-mean minimum (January-March)", float(trough_doy), 1.0, 90.0, "doy"),
        Check("lag of the maximum after the summer solstice", (peak_doy - SUMMER_SOLSTICE_DOY) / 7.0, 6.0, 10.0, "weeks"),
        Check("share of athletes >75 nmol/L in June who are <50 by March", float((march[high] < 50.0).mean()), 0.15, 0.35, "fraction"),
    ]


def prevalence_samples(model: CohortModel, n_samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """25(OH)D of every athlete on ``n_samples`` random days of the first year, and the month (0-11) of each."""
    values = trajectory(model, VITD)[1:366]
    rng = stream(seed, "validation.vd_prev")
    days = rng.integers(0, 365, size=(n_samples, values.shape[1]))
    sampled = np.take_along_axis(values, days, axis=0)
    start = model.config.start_date
    months = np.array([(start + dt.timedelta(days=int(day))).month - 1 for day in days.ravel()]).reshape(days.shape)
    return sampled, months


@case(
    "VD-PREV", "Prevalence of 25(OH)D < 80 nmol/L in athletes", "vitamin_d",
    ("farrokhyar2015", "close2013"), "[A]",
    "one year from 1 January, 300 athletes at 35-60 N (default indoor share), no supplements; each athlete "
    "sampled on 12 random days; winter = December-May, summer = June-November (Farrokhyar 2015 seasons)",
    kind="calibration",
    mechanisms=("vitd_skin_synthesis", "vitd_fat_storage"),
    published="56 % (95 % CI 44-67 %) of 2,313 athletes < 80 nmol/L; winter/spring RR 1.85 (1.27-2.70) (Farrokhyar 2015)",
)
def vd_prev() -> list[Check]:
    model = run_protocol("VD-PREV")["control"]
    sampled, months = prevalence_samples(model, 12, model.config.seed)
    low = sampled < 80.0
    winter = np.isin(months, (11, 0, 1, 2, 3, 4))
    return [
        Check("prevalence of 25(OH)D < 80 nmol/L", float(low.mean()), 0.44, 0.67, "fraction", published=0.56),
        Check("winter/spring vs summer/autumn risk ratio", float(low[winter].mean() / low[~winter].mean()), 1.3, 2.7, "ratio",
              published=1.85),
    ]


@case(
    "VD-EKWARU", "Concave vitamin D dose response at high doses", "vitamin_d", ("ekwaru2014",), "[B]",
    "20 winter weeks from 1 November at 41 N, 200 athletes per arm (CRN): 0, 1000, 15,000, 20,000 IU/d "
    "(0, 25, 375, 500 ug/d); increments per 1000 IU between 0 and 1000 and between 15,000 and 20,000 IU/d. "
    "Calibration split: the hydroxylation half-saturation and adiposity parameters cite Ekwaru 2014.",
    kind="calibration",
    mechanisms=("vitd_oral_intake", "vitd_hydroxylation_saturation"),
    published="12.0 nmol/L per 1000 IU between 0 and 1000 IU/d; 1.1 nmol/L per 1000 IU between 15,000 and 20,000 IU/d "
    "(Ekwaru 2014, observational, 22,214 recordings)",
    diagnosis="The high-dose increment (4.7 nmol/L per 1000 IU) is above Ekwaru's 1.1, but controlled dosing "
    "points the other way. Barger-Lux 1998 (Osteoporos Int 8:222-230; 116 healthy men, 8 weeks from 3 January) "
    "measured 25(OH)D rises from baseline of 29, 146 and 643 nmol/L at 25, 250 and 1250 ug/d, ~12 nmol/L per 1000 IU "
    "between 10,000 and 50,000 IU/d; the model on that protocol (41 N) gives 14, 100 and 229 over its unsupplemented "
    "arm (which itself falls 9 nmol/L), so its saturable 25-hydroxylation and status-induced clearance already "
    "flatten high doses more than the trial (J_half 5000 ug/d: 17, 144, 470). An exponential through Ekwaru's two "
    "increments plateaus ~90 nmol/L above baseline (scale ~7000 IU/d), below Barger-Lux's rise at 10,000 IU/d, so "
    "no mechanism can meet both; saturation is real but "
    "weak in 25(OH)D terms (serum D3 rose 13, 137, 883 nmol/L in Barger-Lux 1998; Hollis 2007: D3/25(OH)D molar "
    "ratio > 0.3 above 100 nmol/L). Ekwaru's doses were self-reported in a preventive-health program; where such "
    "programs set doses to reach a target (Kimball 2017: >= 100 nmol/L), high doses mark poor responders "
    "(confounding by indication, unverified for Ekwaru's data). Lowering J_half to 250 ug/d flattens the increment "
    "to 2.6 but breaks VD-PREV (prevalence < 80 nmol/L 0.78, limit 0.67) and VD-KIN (41 d to plateau, limit 45).",
)
def vd_ekwaru() -> list[Check]:
    models = run_protocol("VD-EKWARU")
    final = {arm: trajectory(model, VITD)[-1] for arm, model in models.items()}
    low = (final["d3_25ug"] - final["control"]).mean()
    high = (final["d3_500ug"] - final["d3_375ug"]).mean() / 5.0
    return [
        Check("increment 0-1000 IU/d per 1000 IU", float(low), 6.0, 18.0, "nmol/L", published=12.0),
        Check("increment 15,000-20,000 IU/d per 1000 IU", float(high), 0.0, 3.0, "nmol/L", published=1.1),
    ]


@case(
    "VD-PREV-RR", "Risk ratios of 25(OH)D < 80 nmol/L: indoor sport and latitude", "vitamin_d",
    ("farrokhyar2015",), "[B]",
    "One year from 1 January, 300 athletes at 25-60 N (default indoor share), no supplements; each athlete "
    "sampled on 12 random days (VD-PREV protocol); risk ratios indoor/outdoor and > 40 N / <= 40 N.",
    kind="validation",
    mechanisms=("vitd_skin_synthesis", "vitd_fat_storage"),
    published="indoor sports RR 1.19 (1.09-1.30); > 40 N RR 1.85 (1.35-2.53) after excluding the Middle East "
    "(Farrokhyar 2015; the latitude RR as reported in calibration_targets.md, abstract gives 1.85 for winter/spring)",
    diagnosis="Indoor athletes are too often low: the indoor trait acts only through a several-fold lower prior of "
    "outdoor hours (an unsourced config prior), which cuts summer skin synthesis, and with it the "
    "autumn-winter status, more than the published contrast implies.",
)
def vd_prev_rr() -> list[Check]:
    model = run_protocol("VD-PREV-RR")["control"]
    sampled, _ = prevalence_samples(model, 12, model.config.seed)
    low = sampled < 80.0
    indoor = model.traits["indoor"] > 0
    north = model.traits["latitude_deg"] > 40.0
    return [
        Check("indoor / outdoor risk ratio", float(low[:, indoor].mean() / low[:, ~indoor].mean()), 1.09, 1.30, "ratio",
              published=1.19),
        Check("> 40 N / <= 40 N risk ratio (unverified)", float(low[:, north].mean() / low[:, ~north].mean()), 1.35, 2.53, "ratio",
              published=1.85),
    ]


@case(
    "VD-TROUGH", "Lag of the 25(OH)D minimum after the winter solstice", "vitamin_d", ("kasahara2013",), "[A]",
    "One year from 1 July, 300 athletes at 30-45 N (Kasahara 2013's sera came from across the United States; "
    "uniform 30-45 N has the US population's mean latitude, ~37.5 N), no supplements; weeks from 21 December to "
    "the cohort-mean minimum. Calibration split: the fat-store parameters cite Kasahara 2013.",
    kind="calibration",
    mechanisms=("vitd_skin_synthesis", "vitd_fat_storage"),
    published="25(OH)D minimum in February, ~8 weeks after the winter solstice (Kasahara 2013, 3.44 million US sera; "
    "solar airmass lagged by 8 weeks fits the whole cycle)",
)
def vd_trough() -> list[Check]:
    model = run_protocol("VD-TROUGH")["control"]
    start = model.config.start_date
    mean = trajectory(model, VITD)[1:].mean(axis=1)
    trough = start + dt.timedelta(days=int(np.argmin(mean)))
    lag_weeks = (trough - dt.date(start.year, 12, 21)).days / 7.0
    return [Check("weeks from winter solstice to the minimum", float(lag_weeks), 6.0, 10.0, "weeks", published=8.0)]
