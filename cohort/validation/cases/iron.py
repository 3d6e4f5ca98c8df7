"""Validation cases of the iron/hepcidin subsystem (``validation/calibration_targets.md``).

Protocols run the full model with small homogeneous cohorts; timed doses are given by
building :class:`cohort.engine.doses.DoseTables` directly. Sub-daily time courses use the
pure :func:`cohort.physiology.iron.clock_profile` on the start-of-day state and the day vector
the schedule and crosstalk phases produce (rebuilt here with zero day-to-day noise, which is
exact because the protocols set every day-to-day CV to 0 and compliance to 1).

Findings and protocol details are quoted from the calibration targets; pass ranges are theirs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cohort.engine.doses import N_CO, TIME_FIXED, DoseTables
from cohort.engine.model import CohortModel
from cohort.engine.schedule import fill_day
from cohort.physiology import iron
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.rng import NOISE_COMPLIANCE
from cohort.validation.framework import Check, case, protocol_models
from cohort.validation.protocols import geometric_mean, ratio_interval_from_p, run_protocol
from cohort.validation.scenarios import make_config, plan, rest_plan

#: days simulated before a protocol starts, so that yesterday's meals and sessions have set the
#: acute hepcidin state (the run starts with no acute hepcidin, which would inflate day-0 FIA)
_WARM_UP_DAYS = 3

_NO_NOISE: dict[str, Any] = {
    "training": {"day_to_day_cv": 0.0},
    "diet": {"day_to_day_cv": 0.0},
}


def _cohort(size: int, female: float, **extra: Any) -> dict[str, Any]:
    cohort: dict[str, Any] = {
        "size": size,
        "female_share": female,
        "menstruating_share_of_females": 1.0,
        "diet": {"omnivore": 1.0},
        "traits": {"compliance_mean": 1.0},
    }
    cohort.update(extra)
    return cohort


def day_vectors(model: CohortModel) -> np.ndarray:
    """Day vectors (athletes x slots) of ``model.day`` after schedule and crosstalk (no noise)."""
    day = model.day
    tables = model.dose_tables
    n = model.n_athletes
    # With every day-to-day CV at 0 and compliance 1 the daily factors are exactly 1.
    noise = np.ones((model.streams.n_streams, n))
    noise[NOISE_COMPLIANCE] = 0.0
    adherence = np.zeros((tables.n_products, n))
    doy = (model.config.start_date.timetuple().tm_yday - 1 + day) % 365 + 1
    out = np.empty((n, model.neutral.shape[0]))
    for i in range(n):
        x = model.state[i].copy()
        d = model.neutral.copy()
        d[I.day_of_year] = doy
        d[I.antibiotic_course] = model.antibiotic_days[day]
        fill_day(
            i, day, x, model.params[model.group[i]], d, model.plans.sessions, model.plans.phase, model.meals, model.bouts, noise, adherence,
            tables.amount, tables.scheduled, tables.phase_mask, tables.timing, tables.co_ingested,
            tables.eligible, tables.adherence,
        )
        for subsystem in model.subsystems:
            subsystem.crosstalk(x, model.params[model.group[i]], d)
        out[i] = d
    return out


def profiles(model: CohortModel, hours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hepcidin and IL-6 (athletes x hours) of the model's current day, from its start-of-day state."""
    days = day_vectors(model)
    hep = np.empty((model.n_athletes, hours.shape[0]))
    il6 = np.empty_like(hep)
    for i in range(model.n_athletes):
        hep[i], il6[i] = iron.clock_profile(model.state[i].copy(), model.params[model.group[i]], days[i], hours)
    return hep, il6


def single_dose_tables(n_athletes: int, n_days: int, doses_mg: list[float], days: list[int], clock_h: float) -> DoseTables:
    """One FeSO4-like product per dose; athlete i takes product i % len(doses) on ``days``."""
    k = len(doses_mg)
    amount = np.zeros((k, len(NUTRIENTS)))
    amount[:, NUTRIENTS.ids.index("iron_nonheme_mg")] = doses_mg
    scheduled = np.zeros((k, n_days))
    scheduled[:, days] = 1.0
    eligible = np.zeros((n_athletes, k))
    eligible[np.arange(n_athletes), np.arange(n_athletes) % k] = 1.0
    return DoseTables(
        names=tuple(f"fe{int(d)}" for d in doses_mg),
        amount=amount,
        scheduled=scheduled,
        phase_mask=np.ones((k, 6)),
        timing=np.tile(np.array([TIME_FIXED, clock_h, 0.0, clock_h]), (k, 1)),
        co_ingested=np.zeros((k, N_CO)),
        eligible=eligible,
        adherence=np.ones((n_athletes, k)),
    )


# --------------------------------------------------------------------------- FE-HEP-EX
@case(
    "FE-HEP-EX", "Hepcidin time course after a morning run", "iron", ("peeling2009", "peeling2014", "mccormick2019"), "[A]",
    "300 athletes, one 75-min run at 75 % VO2max at 08:00 on day 3 vs the same athletes resting (CRN); "
    "hourly IL-6 and hepcidin from the event clock; strata by baseline ferritin (< 30 vs >= 30 ug/L). "
    "Python protocol: sub-daily clock profiles are not experiment outputs.",
    kind="calibration",
    mechanisms=("exercise_il6_hepcidin", "exercise_hepcidin_store_blunting", "hepcidin_circadian", "store_hepcidin"),
    published="IL-6 peaks at the end of exercise; hepcidin 1.7-3.1x pre-run at 3-6 h, 3.0x the rest trial at 3 h "
    "(Peeling 2009); the rise is blunted when ferritin < 30 ug/L (Peeling 2014)",
)
def fe_hep_ex() -> list[Check]:
    run = [{"day": "thu", "time": "08:00", "modality": "endurance", "duration_min": 75, "intensity": 0.75}]
    common = {"duration_weeks": 1, "cohort": _cohort(300, 0.5), **_NO_NOISE}
    exercise = CohortModel(make_config(plans={"run": plan(run, 1)}, **common))
    rest = CohortModel(make_config(plans={"rest": rest_plan(1)}, **common))
    hours = np.arange(0.0, 24.01, 0.25)
    for model in (exercise, rest):
        model.advance(_WARM_UP_DAYS)
    ferritin = exercise.column("ferritin_ug_l").copy()
    hep_ex, il6_ex = profiles(exercise, hours)
    hep_rest, _ = profiles(rest, hours)
    for model in (exercise, rest):
        model.advance(1)
    hep_ex2, _ = profiles(exercise, hours)
    hep_rest2, _ = profiles(rest, hours)
    end_h = 8.0 + 75.0 / 60.0
    replete = ferritin >= 30.0
    low = ferritin < 30.0
    il6_peak_h = hours[np.argmax(il6_ex[replete].mean(axis=0))] - end_h
    ratio = hep_ex[replete].mean(axis=0) / hep_rest[replete].mean(axis=0)
    after = hours > end_h
    peak = np.argmax(np.where(after, ratio, 0.0))
    hep_peak_h = hours[peak] - end_h
    same_clock = np.searchsorted(hours, end_h)
    ratio_24h = hep_ex2[replete, same_clock].mean() / hep_rest2[replete, same_clock].mean()
    at_3h = np.searchsorted(hours, end_h + 3.0)
    rise = hep_ex[:, at_3h] - hep_rest[:, at_3h]
    blunting = rise[low].mean() / rise[replete].mean() if low.any() else float("nan")
    return [
        Check("IL-6 peak after session end", float(il6_peak_h), 0.0, 1.0, "h"),
        Check("hepcidin peak after session end (ferritin >= 30)", float(hep_peak_h), 3.0, 6.0, "h"),
        Check("hepcidin peak / rest trial (ferritin >= 30)", float(ratio[peak]), 1.5, 4.0, "x", published=3.0),
        Check("hepcidin 24 h after / rest trial", float(ratio_24h), 1.0, 1.5, "x"),
        Check("3-h hepcidin rise, ferritin < 30 vs >= 30 (< half)", float(blunting), 0.0, 0.5, "ratio"),
    ]


# --------------------------------------------------------------------------- FE-DOSE
_DOSES = [40.0, 60.0, 80.0, 160.0, 240.0]
#: women simulated; ~6 % of them meet the inclusion (ferritin <= 20 ug/L, not anaemic)
_DOSE_COHORT = 2000


def _dose_model(days: list[int], dose_mg: float) -> CohortModel:
    """The FE-DOSE cohort, every woman taking ``dose_mg`` on ``days``: one model per dose, the same
    women in each (common random numbers: dose arms differ by the dose only, not by ~12 different
    women each, as when each fifth of one cohort took one dose)."""
    # Fasting dose at 08:00, first meal at 10:00 (Moretti 2015 protocol).
    meals = [{"time": "10:00", "share": 0.3}, {"time": "13:00", "share": 0.3}, {"time": "19:00", "share": 0.4}]
    config = make_config(
        plans={"rest": rest_plan(1)}, duration_weeks=1, cohort=_cohort(_DOSE_COHORT, 1.0),
        diet={"day_to_day_cv": 0.0, "meals": meals}, training={"day_to_day_cv": 0.0},
    )
    return CohortModel(config, dose_tables=single_dose_tables(config.cohort.size, config.n_days, [dose_mg], days, 8.0))


def _iron_depleted_not_anaemic(model: CohortModel) -> np.ndarray:
    """Moretti 2015 / Stoffel 2017 inclusion: ferritin <= 20 ug/L without anaemia (Hb >= 12 g/dL)."""
    return (model.column("ferritin_ug_l") <= 20.0) & (model.column("anaemia_flag") < 0.5)


@case(
    "FE-DOSE", "Single-dose iron absorption and next-day suppression", "iron", ("moretti2015", "stoffel2017"), "[A]",
    "Non-anaemic women with ferritin <= 20 ug/L take 40, 60, 80, 160 or 240 mg Fe as FeSO4 fasting at 08:00 on two "
    "consecutive days; absorbed iron and FIA on each day; a single-dose arm gives the 48-h hepcidin. "
    "Python protocol: one model per dose on the same women (common random numbers); geometric means over "
    "the women meeting the inclusion, as the paper reports.",
    kind="calibration",
    mechanisms=("iron_dose_hepcidin", "hepcidin_absorption", "hepcidin_absorption_lag", "iron_store_absorption"),
    published="geometric means: 6.7 mg absorbed from 40 mg and 18.1 mg from 240 mg (study 1, n = 25); 13.8 mg "
    "(range 6.3-29.6) from a first 60 mg dose, FIA 22.9 %, in other women of the same inclusion (study 2, n = 16, "
    "plasma ferritin 15.5 ug/L, hepcidin 0.8 nM); FIA 35-45 % lower 24 h after doses >= 60 mg (Moretti 2015)",
)
def fe_dose() -> list[Check]:
    day1 = np.empty(len(_DOSES))
    day2 = np.empty(len(_DOSES))
    for k, dose in enumerate(_DOSES):
        model = _dose_model([_WARM_UP_DAYS, _WARM_UP_DAYS + 1], dose)
        low = _iron_depleted_not_anaemic(model)
        model.advance(_WARM_UP_DAYS + 1)
        # Moretti 2015 reports geometric means (Table 2: "Geometric means (range)"); so does this check
        day1[k] = geometric_mean(model.column("fe_absorbed_dose_mg_d")[low])
        model.advance(1)
        day2[k] = geometric_mean(model.column("fe_absorbed_dose_mg_d")[low])
    absorbed = day1
    fia1 = day1 / np.array(_DOSES)
    fia2 = day2 / np.array(_DOSES)
    slope = float(np.polyfit(np.log(_DOSES), np.log(absorbed), 1)[0])
    drop = 100.0 * (1.0 - fia2 / fia1)
    # One 60 mg dose on day 0 vs no dose: 08:00 hepcidin 24 h and 48 h later, same women.
    hep_24: dict[float, np.ndarray] = {}
    hep_48: dict[float, np.ndarray] = {}
    for dose in (0.0, 60.0):
        single = _dose_model([_WARM_UP_DAYS], dose)
        low_single = _iron_depleted_not_anaemic(single)
        single.advance(_WARM_UP_DAYS + 2)
        hep_24[dose] = single.column("hepcidin_nmol_l")[low_single]
        single.advance(1)
        hep_48[dose] = single.column("hepcidin_nmol_l")[low_single]
    return [
        Check("absorbed from 40 mg (6.7 mg +-30 %)", float(absorbed[0]), 4.69, 8.71, "mg", published=6.7),
        # study 2 (Table 2, 08:00 d2): the same 60 mg fasting dose the consecutive-day arm takes; +-30 % as above
        Check("absorbed from a first 60 mg dose (13.8 mg +-30 %)", float(absorbed[1]), 9.66, 17.94, "mg", published=13.8),
        Check("absorbed from 240 mg (18.1 mg +-30 %)", float(absorbed[-1]), 12.67, 23.53, "mg", published=18.1),
        Check("log-log slope absorbed vs dose", slope, 0.4, 0.7, ""),
        Check("next-day FIA drop after 60 mg", float(drop[1]), 25.0, 50.0, "%"),
        Check("next-day FIA drop after 240 mg", float(drop[-1]), 25.0, 50.0, "%"),
        # plasma hepcidin is summarised by geometric means too (Moretti 2015, Table 2)
        Check("hepcidin 24 h after 60 mg / no dose (raised)", geometric_mean(hep_24[60.0]) / geometric_mean(hep_24[0.0]), 1.2, 10.0, "x"),
        Check("hepcidin 48 h after 60 mg / no dose (back)", geometric_mean(hep_48[60.0]) / geometric_mean(hep_48[0.0]), 0.8, 1.2, "x"),
    ]


# --------------------------------------------------------------------------- FE-LOSS
@case(
    "FE-LOSS", "Daily iron losses of runners", "iron", ("iom2001", "hallberg1991b", "deruisseau2002", "stewart1984"), "[A]",
    "A 28-day cycle of 60-min daily runs for 60 kg menstruating women and 75 kg men; losses summed "
    "(basal, sweat, GI, haemolysis, menstrual); sweat share from a CRN arm with sweat loss switched off "
    "(protocol file FE-LOSS.yaml).",
    kind="calibration",
    mechanisms=("sweat_iron_loss", "gi_iron_loss", "footstrike_haemolysis", "menstrual_iron_loss"),
    published="median absorbed requirement of men 1.08 mg/d (IOM 2001); 95th percentile in menstruating women "
    "2.84 mg/d; sweat 0.2-0.3 mg/h at most (DeRuisseau 2002)",
)
def fe_loss() -> list[Check]:
    models = protocol_models("FE-LOSS")
    for model in models.values():
        model.advance(28)
    women, men, no_sweat = models["women"], models["men"], models["women_no_sweat_iron"]
    loss_f = women.column("fe_lost_cum_mg") / 28.0
    loss_m = men.column("fe_lost_cum_mg") / 28.0
    sweat_per_h = float(np.mean(women.column("fe_lost_cum_mg") - no_sweat.column("fe_lost_cum_mg")) / 28.0)
    return [
        Check("male mean loss", float(loss_m.mean()), 1.0, 1.6, "mg/d"),
        Check("female median loss", float(np.median(loss_f)), 1.4, 2.4, "mg/d"),
        # the right skew of menstrual losses shows as this 95th percentile against the median above
        Check("female 95th percentile loss", float(np.percentile(loss_f, 95)), 2.5, 3.5, "mg/d", published=2.84),
        Check("sweat iron per training hour", sweat_per_h, 0.0, 0.3, "mg/h"),
    ]


# --------------------------------------------------------------------------- FE-ABS-SF
@case(
    "FE-ABS-SF", "Absorption of a 3 mg test dose vs iron stores", "iron", ("bezwoda1979", "galetti2021"), "[A]",
    "A mixed cohort spanning ferritin ~5-200 ug/L takes a fasting 3 mg FeSO4 test dose at 08:00; "
    "log FIA vs log ferritin across athletes; FIA ratio between ferritin ~15 and ~50 ug/L; slopes above and below 50. "
    "Python protocol: the test dose is a custom dose table on one day after a warm-up.",
    kind="calibration",
    mechanisms=("iron_store_absorption", "store_hepcidin", "hepcidin_absorption"),
    published="r(log absorption, log ferritin) = -0.78 (Bezwoda 1979); absorption up-regulates below ferritin ~50 ug/L "
    "and not above (Galetti 2021)",
    diagnosis="Absorption does not flatten above ferritin 50 ug/L (slope ratio 1.05; 0.84 before K_h was fitted to "
    "FE-TWICE, 4 nmol/L for 2). The measured shape of "
    "hepcidin against ferritin has no plateau to give it: Galesloot 2011 (Blood, 2,998 people) found log hepcidin "
    "rising with log ferritin at 0.78 (0.74-0.82) in men and 0.83 (0.78-0.88) in women across the population, and "
    "Galetti 2021 (eClinicalMedicine, 1,058 isotope studies in women) found hepcidin rising linearly with ferritin "
    "over the entire range; store_hepcidin (h_ref (F/50)^s_F, s_F 0.8) follows both, and a plateau would contradict "
    "them. What flattens in Galetti 2021 is absorption against hepcidin: absorption rises below hepcidin 3.09 "
    "(2.80-3.38) nmol/L and ferritin 51.1 (49.1-53.1) ug/L and is stable above. The model's R_hep = "
    "(1 + h_ref/K_h)/(1 + h/K_h) keeps falling above 3 nmol/L (log-log slope -h/(h + K_h), -0.53 at 4.6 nmol/L), "
    "and the store up-regulation R_store stops at F_up, so R_hep carries the fall on. The missing piece is an "
    "absorption response to hepcidin that levels off above ~3 nmol/L across people while the acute dose-induced "
    "rise in iron-depleted women still cuts next-day absorption (Moretti 2015, FE-DOSE). Tried on a copy "
    "(branch ironabs2, not kept): R_hep from min(chronic store hepcidin, 3.09 nmol/L) plus the acute excess H, so "
    "dose and exercise hepcidin still act. FE-DOSE was unchanged (every check passes) and the slope ratio fell to "
    "-0.02, but r(log FIA, log ferritin) fell to -0.56 (limit -0.6), and the store feedback that gives each diet a "
    "steady state was gone: with 400 men and 400 menstruating women on the default diet, 370 and 221 ended at the "
    "initial solve's ferritin cap (1,000 ug/L), since non-heme absorption no longer falls above ferritin ~50 and "
    "heme absorption (Hallberg 1997) is too small to balance losses alone. A loss route that scales with stores is "
    "not supported for men: in the isotope-dilution study behind Hunt 2009 (AJCN; USDA ARS technical abstract) iron "
    "excretion was unrelated to serum ferritin in 29 men (R^2 = 0.003, NS; inverse in menstruating women, R^2 = "
    "0.34, through menstrual loss). A plateau therefore needs a sourced store-dependent absorption term for replete "
    "people (mucosal, hepcidin-independent) that no study found here quantifies.",
)
def fe_abs_sf() -> list[Check]:
    meals = [{"time": "10:00", "share": 0.3}, {"time": "13:00", "share": 0.3}, {"time": "19:00", "share": 0.4}]
    config = make_config(
        plans={"rest": rest_plan(1)}, duration_weeks=1, cohort=_cohort(800, 0.5),
        diet={"day_to_day_cv": 0.0, "meals": meals}, training={"day_to_day_cv": 0.0},
    )
    tables = single_dose_tables(config.cohort.size, config.n_days, [3.0], [_WARM_UP_DAYS], 8.0)
    model = CohortModel(config, dose_tables=tables)
    model.advance(_WARM_UP_DAYS)
    ferritin = model.column("ferritin_ug_l").copy()
    model.advance(1)
    fia = model.column("fe_absorbed_dose_mg_d") / 3.0
    keep = (ferritin >= 5.0) & (ferritin <= 200.0)
    log_f, log_fia = np.log(ferritin[keep]), np.log(fia[keep])
    r = float(np.corrcoef(log_f, log_fia)[0, 1])
    near15 = fia[(ferritin > 12) & (ferritin < 18)].mean()
    near50 = fia[(ferritin > 42) & (ferritin < 58)].mean()
    below = (ferritin[keep] < 50.0)
    slope_below = np.polyfit(log_f[below], log_fia[below], 1)[0]
    slope_above = np.polyfit(log_f[~below], log_fia[~below], 1)[0]
    return [
        Check("r(log FIA, log ferritin)", r, -1.0, -0.6, "", published=-0.78),
        Check("FIA(ferritin ~15) / FIA(~50) (roughly doubles)", float(near15 / near50), 1.5, 3.0, "x", published=2.0),
        # "flattens above ~50": no slope is published; we read flattening as a slope above 50 at most half
        # the slope below (a single power law gives 1)
        Check("slope above 50 / slope below 50 (flattens)", float(slope_above / slope_below), 0.0, 0.5, "ratio"),
    ]


# --------------------------------------------------------------------------- FE-HB-VO2
@case(
    "FE-HB-VO2", "Haemoglobin mass and VO2max", "iron", ("schmidt2010", "otto2013"), "[A]",
    "400 menstruating women, no training, 12 weeks; CRN arms with and without 100 mg Fe daily at 08:00 "
    "(the iron-deficiency adaptation mechanism is off in both, so VO2max can differ only through "
    "haemoglobin). Paired differences in athletes whose Hb mass rose > 5 g: absolute VO2max per g Hb "
    "mass and relative VO2max per g/L [Hb], emergent from erythropoiesis, blood volume and O2 delivery "
    "(protocol file FE-HB-VO2.yaml).",
    kind="calibration",
    mechanisms=("tsat_erythropoiesis", "hb_mass_o2_delivery", "hepcidin_absorption", "iron_store_absorption"),
    published="1 g Hb mass ~ 4 mL/min VO2max; ~1 % VO2max per 3 g/L [Hb] (Schmidt & Prommer 2010; Otto 2013)",
)
def fe_hb_vo2() -> list[Check]:
    models = protocol_models("FE-HB-VO2")
    for model in models.values():
        model.advance(model.n_days_total)
    control, treated = models["control"], models["iron_100mg"]
    mass = control.column("body_mass_kg")
    vo2_control = control.column("vo2max_ml_kg_min") * mass
    d_vo2 = treated.column("vo2max_ml_kg_min") * mass - vo2_control
    d_mass = treated.column("hb_mass_g") - control.column("hb_mass_g")
    d_conc_g_l = 10.0 * (treated.column("hb_g_dl") - control.column("hb_g_dl"))
    rose = (d_mass > 5.0) & (d_conc_g_l > 0.5)
    if rose.sum() < 20:
        raise RuntimeError(f"only {int(rose.sum())} athletes raised Hb mass by > 5 g with iron; the protocol measures nothing")
    per_g = float(d_vo2[rose].sum() / d_mass[rose].sum())
    per_g_l = float(np.mean(100.0 * d_vo2[rose] / vo2_control[rose] / d_conc_g_l[rose]))
    return [
        # Schmidt & Prommer 2010: ~4 mL/min per g; interval 3-5 (calibration_targets.md)
        Check("VO2max per g Hb mass gained with iron", per_g, 3.0, 5.0, "mL/min/g", published=4.0),
        # Otto 2013: ~1 % per 3 g/L = 0.33 %/(g/L); interval 0.2-0.5
        Check("VO2max per g/L [Hb] gained with iron", per_g_l, 0.2, 0.5, "%/(g/L)", published=0.33),
    ]


# --------------------------------------------------------------------------- FE-ALT-DAY
@case(
    "FE-ALT-DAY", "Alternate-day vs consecutive-day iron supplements (cumulative absorption)", "iron",
    ("stoffel2017",), "[A]",
    "1000 women (CRN arms; ~10 % meet the inclusion), 60 mg Fe as FeSO4 fasting at 08:00: 14 doses on consecutive "
    "days vs 14 doses on alternate days (28 d); iron absorbed from the doses summed per woman, geometric means over the women with "
    "baseline ferritin <= 25 ug/L (Stoffel's inclusion and summary). Calibration split: fia0 (fresh-dose level, with "
    "FE-DOSE) and the iron-dose hepcidin signal cite Stoffel 2017. Python protocol: the doses start after a 3-day "
    "warm-up, which the weekly strategy vocabulary cannot express.",
    kind="calibration",
    mechanisms=("iron_dose_hepcidin", "hepcidin_absorption", "hepcidin_absorption_lag", "iron_store_absorption"),
    published="cumulative FIA, geometric mean (-SD, +SD): 21.8 % (13.7, 34.6) alternate vs 16.3 % (9.3, 28.8) "
    "consecutive; total absorbed 175.3 vs 131.0 mg (ratio 1.34) (Stoffel 2017, n = 19 and 21)",
)
def fe_alt_day() -> list[Check]:
    warm, n_doses = 3, 14
    config = make_config(plans={"rest": rest_plan(1)}, duration_weeks=5, cohort=_cohort(1000, 1.0), **_NO_NOISE)
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
    # Stoffel 2017 reports geometric means (-SD, +SD) of each woman's cumulative FIA and absorbed iron
    summary = {k: geometric_mean(v[depleted]) for k, v in absorbed.items()}
    ratio = summary["alternate"] / summary["consecutive"]
    fia = {k: v / (60.0 * n_doses) * 100.0 for k, v in summary.items()}
    return [
        # 175/131 mg = 1.34 (the geometric-mean FIA ratio 21.8/16.3 is the same); interval ~ its 95 % CI
        Check("cumulative absorbed, alternate / consecutive", float(ratio), 1.2, 1.5, "ratio", published=1.34),
        # intervals ~ the published -SD/+SD spread of the women's FIA (13.7-34.6 and 9.3-28.8 %)
        Check("FIA alternate days", float(fia["alternate"]), 13.0, 35.0, "%", published=21.8),
        Check("FIA consecutive days", float(fia["consecutive"]), 10.0, 26.0, "%", published=16.3),
    ]


# --------------------------------------------------------------------------- FE-PREV-MALE
# --------------------------------------------------------------------------- FE-TWICE
#: Moretti 2015 (Blood, table 2, study 3): geometric-mean FIA (%) of three 60 mg doses (run day, clock h)
_MORETTI_TWICE_FIA = {(8, 10.0): 17.1, (8, 16.0): 12.5, (9, 8.0): 9.9}


@case(
    "FE-TWICE", "Twice-daily iron doses: absorption of a second dose 6 h and 22 h after the first", "iron",
    ("moretti2015",), "[A]",
    "Stable-isotope study (Moretti 2015, Blood, study 3; table 2): 13 non-anaemic women with plasma ferritin "
    "<= 20 ug/L took three 60 mg Fe doses as FeSO4 within 24 h, at 10:00 and 16:00 (fasting, at least 3 h after "
    "a standardized breakfast and lunch) and at 08:00 the next day; geometric-mean FIA 17.1, 12.5 and 9.9 %, the "
    "16:00 and 08:00 values each different from the other time points (P < .05); plasma hepcidin 0.9, 4.1 and "
    "6.3 nmol/L. Ratios to the 10:00 dose 0.731 and 0.579, with intervals rebuilt from P < .05 on the log scale "
    "as LIT-FE-PM does (SE(ln r) <= |ln r|/1.96, so r^2 to 1). Calibration split: studies 1 and 2 of the same "
    "paper (single and consecutive-day doses, FE-DOSE) set the dose-hepcidin parameters; study 3 set none. "
    "In silico "
    "(FE-TWICE.yaml): 2000 menstruating untrained women, meals at 07:00, 12:30 and 19:00, doses on day 8 at "
    "10:00 and 16:00 and on day 9 at 08:00; enrolled on a week-0 draw of ferritin <= 20 ug/L with Hb >= 12 g/dL; "
    "paired geometric-mean ratios of each dose's fractional absorption (true values: the isotope measurement has "
    "no sourced CV in the observation layer). With absorption following serum hepcidin at the moment of the dose "
    "the 16:00 ratio was 0.39: the model's hepcidin had risen from 1.1 to 6.4 nmol/L by 16:00, where the women's "
    "rose from 0.9 to 4.1 yet their absorption fell by only 27 %, while 24 h after a dose in study 2 a smaller "
    "rise (0.8 -> 1.5 nmol/L) came with a 36 % fall. The ferroportin lag (hepcidin_absorption_lag) and K_h are "
    "fitted to this case's two ratios and FE-EX-ABS's (cohort.validation.fits.iron_lag); fitted to this case "
    "alone the lag was 12 h (0.821 and 0.531), 4 h with FE-EX-ABS (0.669 and 0.487).",
    kind="calibration",
    mechanisms=("iron_dose_hepcidin", "hepcidin_absorption", "hepcidin_absorption_lag", "hepcidin_circadian",
                "iron_store_absorption"),
    published="FIA 17.1 % (10:00), 12.5 % (16:00), 9.9 % (08:00 next day); ratios to 10:00 0.731 and 0.579 (P < .05)",
)
def lit_fe_twice() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("FE-TWICE")
    arm = "twice_daily"
    enrolled = (out.drawn(arm, "ferritin_ug_l", 0) <= 20.0) & (out.drawn(arm, "hb_g_dl", 0) >= 12.0)
    first_day, first_h = 8, 10.0
    first = out.event(arm, "dose", first_day, "fractional_absorption", first_h)[enrolled]
    checks = []
    for (day, time_h), fia in _MORETTI_TWICE_FIA.items():
        if (day, time_h) == (first_day, first_h):
            continue
        later = out.event(arm, "dose", day, "fractional_absorption", time_h)[enrolled]
        ratio = geometric_mean(later / first)
        published = fia / _MORETTI_TWICE_FIA[first_day, first_h]
        low, high = ratio_interval_from_p(published, 0.05)  # r^2 to 1 at p < 0.05
        label = "16:00, same day" if day == first_day else "08:00, next day"
        checks.append(Check(f"FIA of the dose at {label} / the 10:00 dose (n={enrolled.sum()})", ratio, low, high, "ratio",
                            published=published))
    return checks


#: Barney 2022: FIA from the meal 2 h after the run / after rest (arithmetic means, paired test P = 0.025)
_BARNEY_FIA = {"rest": 18.5, "run": 11.8}
#: Barney 2022's runners: serum ferritin 21.9 +- 13.3 ug/L; the in-silico runners are enrolled up to mean + 2 SD
_BARNEY_FERRITIN_MAX = 21.9 + 2.0 * 13.3


@case(
    "FE-EX-ABS", "Iron absorption from a meal 2 h after a prolonged run vs after rest", "iron", ("barney2022",), "[A]",
    "Crossover stable-isotope study (Barney 2022, J Nutr, abstract): 28 trained collegiate cross-country runners "
    "(women and men, VO2max 66 mL/kg/min, serum ferritin 21.9 +- 13.3 ug/L) ran 99 +- 15 min (21 km at 4.7 "
    "min/km) at team practice and ate a standardized meal with an iron isotope 2 h after the run; 2 weeks later "
    "the same without the run. FIA 11.8 +- 14.6 % after the run vs 18.5 +- 14.4 % after rest (P = 0.025, paired), "
    "plasma hepcidin +51 % 1 h after the meal (P = 0.001). Ratio of the mean FIAs 0.638, interval rebuilt from "
    "the p value on the log scale as FE-TWICE does (SE(ln r) <= |ln r|/2.24): 0.43-0.95. In silico "
    "(FE-EX-ABS.yaml): 1000 trained endurance athletes (half women) on the literature endurance plan; on its free "
    "day (run day 10, a Thursday) the run arm runs 07:00-08:39 at 68 % VO2max (4.7 min/km is ~45 mL/kg/min, 68 "
    "% of 66) and both arms eat a 4 mg non-heme test meal at 10:45 (same athletes, common random numbers); "
    "enrolled on a week-0 ferritin draw <= 48.5 ug/L (the trial's mean + 2 SD: it selected no one, so the "
    "cut matches its sample's stores, on which the exercise hepcidin response depends); ratio of the mean FIAs. "
    "Calibration split: written after the absorption-hepcidin lag had been fitted to FE-TWICE alone (12 h), "
    "where this ratio is 0.95 (it was 0.59 with absorption following serum hepcidin at once), and made a "
    "calibration case so that the lag is fitted to both studies that measured absorption within hours of a "
    "hepcidin rise (cohort.validation.fits.iron_lag: 4 h, 0.886). The dose study asks for a slow effect, this "
    "one for a fast one; no single lag meets both published values, and the fit passes both intervals.",
    kind="calibration",
    mechanisms=("exercise_il6_hepcidin", "exercise_hepcidin_store_blunting", "hepcidin_absorption", "hepcidin_absorption_lag"),
    published="FIA 11.8 % 2 h after a 99 min run vs 18.5 % after rest (P = 0.025); hepcidin +51 %",
)
def fe_ex_abs() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("FE-EX-ABS")
    enrolled = out.drawn("rest", "ferritin_ug_l", 0) <= _BARNEY_FERRITIN_MAX
    fia = {arm: out.event(arm, "test_meal", 10, "fractional_absorption")[enrolled] for arm in _BARNEY_FIA}
    published = _BARNEY_FIA["run"] / _BARNEY_FIA["rest"]
    low, high = ratio_interval_from_p(published, 0.025)
    return [Check(f"mean FIA of the meal 2 h after the run / after rest (n={enrolled.sum()})",
                  float(fia["run"].mean() / fia["rest"].mean()), low, high, "ratio", published=published)]


@case(
    "FE-PREV-MALE", "Prevalence of low ferritin in male athletes", "iron", ("roy2022", "koehler2012"), "[B]",
    "Default cohort priors, 300 male athletes on the example squads' plans, one 12-week season from "
    "6 January (protocol file FE-PREV-MALE.yaml); share with ferritin < 30 and < 35 ug/L at the end.",
    kind="validation",
    mechanisms=("sweat_iron_loss", "gi_iron_loss", "footstrike_haemolysis", "hepcidin_absorption", "iron_store_absorption",
                "exercise_il6_hepcidin"),
    published="10.9 % of 339 male athletes iron deficient (Roy 2022); ferritin < 35 ug/L in 31 % of 96 young elite "
    "males (Koehler 2012)",
)
def fe_prev_male() -> list[Check]:
    model = protocol_models("FE-PREV-MALE")["control"]
    model.advance(model.n_days_total)
    ferritin = model.column("ferritin_ug_l")
    return [
        # Roy 2022: 10.9 %; across studies of male athletes 3-31 % (targets); interval = that spread
        Check("male share ferritin < 30 ug/L", float((ferritin < 30.0).mean()), 0.03, 0.31, "fraction", published=0.109),
        # Koehler 2012: 31 % below 35 ug/L in young elite males
        Check("male share ferritin < 35 ug/L", float((ferritin < 35.0).mean()), 0.05, 0.40, "fraction", published=0.31),
    ]


# --------------------------------------------------------------------------- FE-VITC-LONG
@case(
    "FE-VITC-LONG", "Long-term vitamin C with meals barely changes ferritin", "iron",
    ("hunt1994", "cook2001"), "[A]",
    "300 adults (50 % women, CRN arms), 500 mg vitamin C with each of 3 meals for 10 weeks vs placebo, "
    "no iron supplements; ferritin at week 10 (protocol file FE-VITC-LONG.yaml). Calibration split: the "
    "whole-diet modifier weight cites Cook 2001.",
    kind="calibration",
    mechanisms=("vitc_nonheme_absorption",),
    published="Hunt 1994 (same dose, 10-week crossover): ferritin 11.9 vs 10.7 ug/L, P < 0.06; Cook 2001: prolonged "
    "vitamin C has no significant effect on iron status",
)
def fe_vitc_long() -> list[Check]:
    models = protocol_models("FE-VITC-LONG")
    for model in models.values():
        model.advance(model.n_days_total)
    placebo, vitc = models["placebo"], models["vitamin_c_meals"]
    f0, f1 = placebo.column("ferritin_ug_l"), vitc.column("ferritin_ug_l")
    return [
        # Hunt 1994: 11.9 / 10.7 = 1.11, not significant; +-15 % covers it
        Check("ferritin vitamin C / placebo at 10 weeks", float(f1.mean() / f0.mean()), 0.85, 1.15, "ratio", published=1.11),
    ]
