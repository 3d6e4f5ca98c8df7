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
    "Calibration split because the adiposity parameters (the obesity offset) cite Ekwaru 2014, which a "
    "validation case may not share; no parameter is set from its dose-response curve any more (the "
    "hydroxylation half-saturation, once 500 ug/d from this curve, is fitted to VD-BARGERLUX, a controlled trial).",
    kind="calibration",
    mechanisms=("vitd_oral_intake", "vitd_hydroxylation_saturation"),
    published="12.0 nmol/L per 1000 IU between 0 and 1000 IU/d; 1.1 nmol/L per 1000 IU between 15,000 and 20,000 IU/d "
    "(Ekwaru 2014, observational, 22,214 recordings)",
    diagnosis="Not reproduced, and not a target: Ekwaru's curve is observational (self-reported doses in a "
    "preventive-health program), and controlled graded dosing is nearly proportional (Barger-Lux 1998: +146 and "
    "+643 nmol/L after 8 weeks of 250 and 1250 ug/d, ~12 nmol/L per 1000 IU between 10,000 and 50,000 IU/d; "
    "VD-BARGERLUX). At the hydroxylation half-saturation fitted to that trial (500 ug/d) the model gives "
    "17.3 nmol/L per 1000 IU at 0-1000 IU/d (Ekwaru 12.0, interval 6-18; Heaney 2003's controlled slope 0.70 "
    "nmol/L per ug/d is 17.5) and 4.7 at 15,000-20,000 (Ekwaru 1.1). An exponential "
    "through Ekwaru's two increments plateaus ~90 nmol/L above baseline, below Barger-Lux's rise at 10,000 IU/d, "
    "so no mechanism can meet both. A likely reason, verified only in part: in a program of the same kind, "
    "doses were set to reach >= 100 nmol/L (Kimball 2017, Dermatoendocrinol e1300213: 1000-15,000 IU/d 'aimed "
    "at achieving' >= 100 nmol/L, abstract read), so high doses mark poor responders (confounding by "
    "indication); that Ekwaru's participants were dosed that way was not verified from Ekwaru 2014's text."
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


#: Barger-Lux 1998: 116 men in nine open-label groups (three D3 groups; ~13 men each, 116 / 9)
BARGER_LUX_GROUP_N = 13
#: SD / mean of the individual 25(OH)D response to a fixed D3 dose (Aloia 2008: 0.66 +- 0.35 nmol/L per ug/d);
#: Barger-Lux 1998's abstract gives group means only, so each group mean's SE is taken as 0.53 / sqrt(13)
RESPONSE_CV = 0.35 / 0.66
BARGER_LUX_RISE = {"d3_25ug": 29.0, "d3_250ug": 146.0, "d3_1250ug": 643.0}


def barger_lux_interval(mean: float, relative_se: float) -> tuple[float, float]:
    """Mean +- 2 SE for a quantity with relative standard error ``relative_se``."""
    return mean * (1.0 - 2.0 * relative_se), mean * (1.0 + 2.0 * relative_se)


def barger_lux_rises(models: dict[str, CohortModel]) -> dict[str, float]:
    """Cohort-mean 25(OH)D rise of each arm from its own baseline (the trial had no untreated arm)."""
    rises = {}
    for arm, model in models.items():
        values = trajectory(model, VITD)
        rises[arm] = float((values[-1] - values[0]).mean())
    return rises


@case(
    "VD-BARGERLUX", "Controlled graded D3 dosing: 25(OH)D rise at 25, 250 and 1250 ug/d over 8 winter weeks", "vitamin_d",
    ("bargerlux1998", "aloia2008"), "[A/B]",
    "Men only at 41 N (Omaha), 8 weeks from 3 January, 0, 25, 250 and 1250 ug/d D3, 200 athletes per arm (CRN); "
    "each arm's mean rise from its own baseline, as the trial measured it (it had no untreated arm). Intervals: "
    "mean +- 2 SE with n = 13 per group (116 men / 9 groups) and the individual response SD/mean 0.53 of "
    "Aloia 2008 (the abstract gives means only, an assumption); the 1250/250 ratio's relative SE is the two "
    "groups' combined (x sqrt 2). Calibration split: the hydroxylation half-saturation is fitted to it.",
    kind="calibration",
    mechanisms=("vitd_oral_intake", "vitd_hydroxylation_saturation", "vitd_catabolism_induction", "vitd_fat_storage"),
    published="25(OH)D rose 29, 146 and 643 nmol/L after 8 weeks of 25, 250 and 1250 ug/d (Barger-Lux 1998, 116 "
    "healthy men, baseline 67 +- 25 nmol/L, January-April, controlled open-label dosing)",
    diagnosis="All four checks miss (4.5, 89 and 217 nmol/L at 25, 250 and 1250 ug/d; ratio 2.43), and no hydroxylation half-saturation J_half meets them. "
    "(1) 25 ug/d: the model's 4.5 nmol/L (5.6 before the outdoor-time priors were sourced) is a dose effect of "
    "~16 over its untreated arm (which falls ~9 nmol/L from January, measured with the earlier priors), the 0.7 nmol/L per ug/d of Heaney 2003 and VD-DOSE; Barger-Lux's +29 in 8 weeks (their "
    "own estimate: +11 nmol/L for 10 ug/d) is ~1.2 nmol/L per ug/d, above Heaney 2003's steady-state slope "
    "from the same group: the two controlled trials disagree at low dose and VD-DOSE (larger, 20 weeks) is "
    "kept. (2) 250 and 1250 ug/d: +89 (interval >= 103) and +217 nmol/L at the fitted J_half 500 ug/d (ratio 2.43, trial 4.40; +218 and "
    "2.41 with the earlier outdoor-time priors, as are the grid figures that follow); the interval (>= 454) "
    "is reached from J_half ~5000 (457; 519 at 50,000: status-induced clearance, sourced "
    "at kappa 0.0015 from Jones 2014, flattens the rest), but from J_half ~700 the winter increment to 50 "
    "ug/d no longer falls with baseline 25(OH)D in every cohort (Mazahery & von Hurst 2015; a hard "
    "constraint): over the cohorts of seeds 1-5 the slope reaches -0.006 at 700, +0.001 at 800 and +0.010 at "
    "1000 (base seed: -0.009 at 1000, +0.002 at 1500, +0.020 at 5000); VD-KIN's bolus peak passes 60 nmol/L above ~5000. One "
    "linear induction constant cannot both make the increment fall between 30 and 100 nmol/L and leave the "
    "response near-proportional up to ~700 nmol/L (kappa 0.0025-0.0035 restores the fall but cuts the 1250 "
    "ug/d rise to 342-436). (3) An induction that saturates with status does not resolve it either, and its "
    "shape is not sourced. The index of 24-hydroxylation per substrate, the metabolite ratio VMR = "
    "24,25(OH)2D3/25(OH)D3, rises with supplementation from deficient-to-moderate status (Francic 2019, Nutrients "
    "11:2539: VMR +0.015, 25(OH)D3 +32 and 24,25(OH)2D3 +3.3 nmol/L over placebo after 8 weeks of 70 ug/d in 106 "
    "hypertensive adults < 75 nmol/L; Saleh 2017, Clin Chem Lab Med doi:10.1515/cclm-2016-1129: VMR up 4 weeks after 2.5 mg in "
    "adults < 50 nmol/L), but no study found (abstracts read; Kaufmann 2014, Wagner 2011, Berg 2015, Cashman 2015 "
    "and Binkley 2017 could not be found to read) gives the VMR above ~150 nmol/L, so no plateau is sourced and "
    "r(C) stays linear. The trial's own oral 25(OH)D3 arms (10/20/50 ug/d for 4 weeks: +40/+76/+206 nmol/L, up to "
    "~270 nmol/L), which bypass 25-hydroxylation, do not discriminate: with the 20 ug/d arm matched the model's "
    "clearance gives 179 for the 50 ug/d arm at kappa 0.0015 (190 with no induction, 163 at 0.005), all within "
    "the arm's ~15 % SE (python -m cohort.validation.fits.vitamin_d ohd). Measured with a temporary variant not "
    "kept in the model, r(C) = 1 + kappa (C - C_ref)(C_ref + C_50)/(C + C_50) (slope kappa at C_ref, plateau "
    "1 + kappa (C_ref + C_50)): at kappa 0.0015 and C_50 50-200 the 250 and 1250 ug/d arms and the ratio pass from "
    "J_half 2000 (133-140, 497-545 nmol/L, 3.7-3.9), but the winter increment then rises with baseline in every "
    "cohort of seeds 1-5 (slopes +0.02 to +0.09), and even at J_half 500 the seeds' bound is +0.024 to +0.047 "
    "(C_50 200 to 25; +0.003 linear); at kappa 0.004-0.005 (the top of Jones 2014's range), C_50 50-100, J_half "
    "2000 the bound is +0.064 to +0.092 with the 1250 ug/d arm at 408-472 (at kappa 0.0015 and J_half >= 1000 "
    "VD-EKWARU's 0-1000 IU/d increment also leaves its interval, 19.5-21.6 > 18, and its 15-20k IU/d one rises to "
    "10-18 nmol/L per 1000 IU). Flattening the clearance above C_ref "
    "also flattens it over ~50-115 nmol/L, where the 50 ug/d arm ends (10th-90th percentile, seed 1), which "
    "weakens the very fall with baseline "
    "the constraint asks for; the 25 ug/d arm stays at 4-6 nmol/L in every variant.",
)
def vd_bargerlux() -> list[Check]:
    rises = barger_lux_rises(run_protocol("VD-BARGERLUX"))
    group_se = RESPONSE_CV / BARGER_LUX_GROUP_N**0.5
    checks = []
    for arm, published in BARGER_LUX_RISE.items():
        low, high = barger_lux_interval(published, group_se)
        checks.append(Check(f"rise from baseline at {arm[3:-2]} ug/d", rises[arm], low, high, "nmol/L", published=published))
    ratio = BARGER_LUX_RISE["d3_1250ug"] / BARGER_LUX_RISE["d3_250ug"]
    low, high = barger_lux_interval(ratio, group_se * 2.0**0.5)
    checks.append(Check("rise at 1250 / rise at 250 ug/d (5 if proportional)", rises["d3_1250ug"] / rises["d3_250ug"],
                        low, high, "ratio", published=ratio))
    return checks
