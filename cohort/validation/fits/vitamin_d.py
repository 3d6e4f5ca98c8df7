"""Reproduce the fits of the vitamin D parameters marked ``fitted`` to calibration cases.

No study measures these parameters, so each was fitted by a grid search, running the
calibration case(s) it is fitted to with the grid values (all other parameters at their
defaults) and keeping the value whose checks are nearest the published targets:

* ``skin_yield_ug_per_h``, ``skin_efficiency_cv``, ``basal_input_cv`` jointly -> VD-SEASON and
  VD-PREV: among grid points passing every check of both cases, the one minimising the summed
  squared relative distance to the share >75 nmol/L in June who are <50 by March (Backx 2017,
  ~0.20), the prevalence < 80 nmol/L (Farrokhyar 2015, 0.56) and its winter/summer risk ratio (1.85).
  Refitted (2026-12-07) under the sourced outdoor-time priors (indoor U(1.0, 2.4), outdoor U(1.4, 3.7)
  h/d, docs/defaults.md), the yield grid extended down to 60 ug/h: -> 90 ug/h, CVs 0.4 and 0.6 (share
  0.245, prevalence 0.636, risk ratio 1.88, score 0.070; at 60 ug/h every point fails a check); under
  the earlier unsourced priors (U(0.2, 1) and U(1, 3) h/d) the fit was 120 ug/h, CVs 0.4 and 0.6;
* ``oral_absorption_cv`` -> VD-DOSE: the SD/mean of the 25 ug/d slope nearest Aloia 2008's 0.53;
* ``hydroxylation_half_saturation_ug_d`` -> VD-BARGERLUX (controlled graded dosing, Barger-Lux
  1998): among grid values at which VD-DOSE, VD-KIN, VD-SEASON, VD-PREV and VD-TROUGH pass and
  the cohort's winter increment to 50 ug/d falls with baseline 25(OH)D in any cohort draw (the
  hard constraint of issue 11; seeds 1-5, mean + 2.33 SD < 0), the one whose 1250/250 ug/d rise ratio is nearest the trial's 4.40.
  Measured (2026-12-07; kappa 0.0015): ratio 2.41 / 2.59 / 2.78 / 2.99 / 3.12 at J_half 500 / 700 /
  1000 / 1500 / 2000 ug/d, 3.44 at 5000, 3.73 at 50,000 (the rest of the concavity is the sourced
  status-induced clearance); the 1250 ug/d rise (453.9-832.1 nmol/L) is reached from J_half ~5000,
  but the increment-vs-baseline slope (base config's seed) is -0.040 / -0.023 / -0.009 / +0.002 / +0.008 / +0.020
  at 500 / 700 / 1000 / 1500 / 2000 / 5000, and VD-KIN's bolus peak exceeds 60 nmol/L above ~5000.
  A first fit on that one cohort chose 1000, where seed 5's cohort slope was +0.010: the
  constraint now asks it of seeds 1-5 (mean + 2.33 SD < 0). Slopes at seeds 1-5: 500 -0.035,
  -0.055, -0.060, -0.040, -0.024 (bound -0.009, admissible); 700 -0.019, -0.038, -0.043, -0.023,
  -0.006 (bound +0.010); 800 up to +0.001; 1000 up to +0.010. -> 500, where VD-BARGERLUX fails
  (see its diagnosis): the value is unchanged, but it is now fitted to a controlled trial instead of
  taken from Ekwaru 2014's observational curve (VD-EKWARU). Since the outdoor-time priors were sourced
  (2026-12-07: indoor U(1.0, 2.4), outdoor U(1.4, 3.7) h/d, skin yield refitted to 90 ug/h) the slopes
  at 500 are -0.021, -0.057, -0.058, -0.035, -0.023 (seeds 1-5): every cohort's slope is still negative, but
  the bound is +0.003, so no grid value meets the constraint any more (500 is the range's lower end and the
  slope rises with J_half); J_half stays 500 and this is reported, not fitted away.
``kin`` prints VD-KIN on a grid of the sourced catabolism induction (Jones 2014: 0.0015 per nmol/L)
for reference; ``ohd`` prints, on a grid of that induction, Barger-Lux 1998's oral 25(OH)D3 arms
(10/20/50 ug/d for 4 weeks: +40/+76/+206 nmol/L), which bypass 25-hydroxylation and so probe the
clearance's status dependence up to ~270 nmol/L: with the 20 ug/d arm matched, the 50 ug/d arm is
190 / 179 / 171 / 163 nmol/L at kappa 0 / 0.0015 / 0.003 / 0.005, all inside the arm's ~15 % SE, so
the arms neither show a plateau nor choose a kappa (for reference; nothing is set from them).
The season and dose fits were made at J_half 500, the value the saturation fit
keeps. Run: ``python -m cohort.validation.fits.vitamin_d [kin|ohd|saturation|season|dose ...]``.
Calibration cases only: a validation case may never inform a parameter.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np

from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
from cohort.engine.scenario import vector_with
from cohort.physiology.vitamin_d import VitaminDParams, clearance_decay
from cohort.validation.fits import case_checks, grid_search
from cohort.validation.framework import Check

SEASON_GRID = {
    "skin_yield_ug_per_h": (60.0, 90.0, 120.0, 150.0, 180.0),
    "skin_efficiency_cv": (0.4, 0.6, 0.8),
    "basal_input_cv": (0.4, 0.6, 0.8),
}
SEASON_TARGETS = {
    ("VD-SEASON", "share of athletes >75 nmol/L in June who are <50 by March"): 0.20,
    ("VD-PREV", "prevalence of 25(OH)D < 80 nmol/L"): 0.56,
    ("VD-PREV", "winter/spring vs summer/autumn risk ratio"): 1.85,
}


def run_case(case_id: str, overrides: dict[str, float]) -> dict[str, Check]:
    """Checks of one calibration case with vitamin D parameter ``overrides`` applied to its protocol."""
    return case_checks(case_id, [f"physiology.vitamin_d.{name}={value}" for name, value in overrides.items()])


def fit_season() -> dict[str, float]:
    """Joint grid of skin yield, skin-efficiency CV and basal-input CV on VD-SEASON and VD-PREV."""
    best: dict[str, float] = {}
    best_score = float("inf")
    for values in itertools.product(*SEASON_GRID.values()):
        overrides = dict(zip(SEASON_GRID, values, strict=True))
        checks = {(case_id, name): check for case_id in ("VD-SEASON", "VD-PREV")
                  for name, check in run_case(case_id, overrides).items()}
        passed = all(check.passed for check in checks.values())
        score = sum(((checks[key].value - target) / target) ** 2 for key, target in SEASON_TARGETS.items())
        measured = ", ".join(f"{checks[key].value:.3f}" for key in SEASON_TARGETS)
        print(f"{overrides}: {measured} score {score:.4f}{'' if passed else ' [a check fails]'}", flush=True)
        if passed and score < best_score:
            best, best_score = overrides, score
    print(f"-> {best}")
    return best


def fit_dose() -> float:
    """Oral-absorption CV on VD-DOSE: the slope SD/mean nearest Aloia 2008's 0.53."""
    check = "between-athlete SD / mean of the 25 ug/d slope"
    best, best_error = float("nan"), float("inf")
    for value in (0.3, 0.4, 0.5, 0.6, 0.7):
        measured = run_case("VD-DOSE", {"oral_absorption_cv": value})[check].value
        print(f"oral_absorption_cv = {value}: {check} = {measured:.3f}", flush=True)
        if abs(measured - 0.53) < best_error:
            best, best_error = value, abs(measured - 0.53)
    print(f"-> oral_absorption_cv = {best}")
    return best


#: Barger-Lux 1998: 25(OH)D rose 40 / 76 / 206 nmol/L after 4 weeks of 10 / 20 / 50 ug/d 25(OH)D3 (baseline 67)
OHD_ARMS = {10.0: 40.0, 20.0: 76.0, 50.0: 206.0}
OHD_BASELINE_NMOL_L = 67.0
OHD_DAYS = 28


def ohd_rise(p: np.ndarray, input_nmol_l_d: float) -> float:
    """25(OH)D rise after ``OHD_DAYS`` days of a constant extra 25(OH)D input (nmol/L per d) from
    the trial's mean baseline, held steady by its own production, under the model's clearance."""
    level = OHD_BASELINE_NMOL_L
    keep = level * (1.0 - clearance_decay(level, 1.0, p))
    for _ in range(OHD_DAYS):
        level = level * clearance_decay(level, 1.0, p) + keep + input_nmol_l_d
    return level - OHD_BASELINE_NMOL_L


def scan_ohd() -> None:
    """Barger-Lux 1998's oral 25(OH)D3 arms bypass 25-hydroxylation, so they isolate how 25(OH)D
    clearance varies with status up to ~270 nmol/L. On a grid of the catabolism induction kappa,
    the input per ug is set so the 20 ug/d arm rises 76 nmol/L, and the 10 and 50 ug/d arms are
    predicted. For reference only: the group means' SE (~15 %, VD-BARGERLUX) cannot separate kappa
    0 from 0.005, and no parameter is set from these arms."""
    for kappa in (0.0, 0.0015, 0.003, 0.005):
        p = vector_with({"vitamin_d": VitaminDParams(catabolism_induction_per_nmol_l=kappa)})
        low, high = 0.0, 100.0
        for _ in range(60):
            middle = 0.5 * (low + high)
            low, high = (middle, high) if ohd_rise(p, middle) < OHD_ARMS[20.0] else (low, middle)
        per_ug = 0.5 * (low + high) / 20.0
        predicted = ", ".join(f"{dose:g} ug/d {ohd_rise(p, dose * per_ug):.1f} (trial {rise:g})" for dose, rise in OHD_ARMS.items())
        print(f"kappa {kappa}: {predicted}", flush=True)


def scan_kin() -> None:
    """VD-KIN's day of 90 % of the increment on the kappa grid below the Jones 2014 estimate."""
    for value in (0.0015, 0.0014, 0.0013, 0.0012, 0.0011):
        checks = run_case("VD-KIN", {"catabolism_induction_per_nmol_l": value})
        print(value, {name[:40]: round(check.value, 2) for name, check in checks.items()}, flush=True)


SATURATION_PARAMETER = "hydroxylation_half_saturation_ug_d"
SATURATION_GRID = (500.0, 700.0, 1000.0, 1500.0, 2000.0, 3000.0, 5000.0, 7000.0, 10000.0, 20000.0, 50000.0)
#: Barger-Lux 1998: 25(OH)D rose 643 / 146 nmol/L after 8 weeks of 1250 / 250 ug/d
SATURATION_TARGET = 643.0 / 146.0
SATURATION_CHECK = "rise at 1250 / rise at 250 ug/d (5 if proportional)"
#: the calibration cases whose checks must keep passing at the fitted value
SATURATION_GUARDS = ("VD-DOSE", "VD-KIN", "VD-SEASON", "VD-PREV", "VD-TROUGH")
#: cohorts in which the winter increment must fall with baseline
SLOPE_SEEDS = (1, 2, 3, 4, 5)
D3_50UG = '[{name: d3, product: {vitamin_d_ug: 50}, delivery: {schedule: daily, time: "08:00"}}]'


def winter_increment_slopes(settings: list[str], n: int = 1000) -> tuple[float, float, float]:
    """configs/base.yaml cohort (``n`` athletes), 12 winter weeks from 15 November, 50 ug/d D3 vs
    nothing (CRN arms): the slope of the 25(OH)D increment on baseline 25(OH)D, the same slope
    holding the two response traits (oral absorption, half-life) fixed, and the mean increment.
    Dose-response meta-analyses find the increment falls with baseline (Mazahery & von Hurst 2015)."""
    base = Path(__file__).resolve().parents[3] / "configs" / "base.yaml"
    run = [f"cohort.size={n}", "duration_weeks=12", "start_date=2024-11-15", *settings]
    config = load_config(base, run)
    control = CohortModel(config)
    dosed = CohortModel(load_config(base, [*run, f"strategies={D3_50UG}"]))
    baseline = control.column("vitd_25oh_nmol_l").copy()
    if not np.array_equal(baseline, dosed.column("vitd_25oh_nmol_l")):
        raise AssertionError("the two arms must start from identical athletes (common random numbers)")
    control.advance(config.n_days)
    dosed.advance(config.n_days)
    increment = dosed.column("vitd_25oh_nmol_l") - control.column("vitd_25oh_nmol_l")
    slope = float(np.polyfit(baseline, increment, 1)[0])
    traits = [control.column(name) for name in ("vitd_oral_absorption", "vitd_half_life_ratio")]
    design = np.column_stack([baseline, *traits, np.ones(n)])
    adjusted = float(np.linalg.lstsq(design, increment, rcond=None)[0][0])
    return slope, adjusted, float(increment.mean())


def run_saturation(value: float) -> tuple[float, dict[str, Check]]:
    """VD-BARGERLUX's 1250/250 ug/d rise ratio at J_half = ``value``; the checks that must pass are
    the guard cases' and the winter increment's fall with baseline in the cohorts of seeds 1-5 (the
    test's thresholds, slope < 0 and < -0.05 holding the response traits fixed, held with ~99 %
    probability by any one cohort). VD-BARGERLUX's own checks are printed
    but not required: its 25 ug/d arm moves with no J_half, and its 1250 ug/d arm passes only where
    the increment no longer falls with baseline (the conflict its diagnosis reports)."""
    overrides = {SATURATION_PARAMETER: value}
    bargerlux = run_case("VD-BARGERLUX", overrides)
    print("  VD-BARGERLUX: " + ", ".join(f"{name} {check.value:.3f}{'' if check.passed else ' (fails)'}"
                                         for name, check in bargerlux.items()), flush=True)
    checks: dict[str, Check] = {}
    for case_id in SATURATION_GUARDS:
        checks.update({f"{case_id} {name}": check for name, check in run_case(case_id, overrides).items()})
    setting = f"physiology.vitamin_d.{SATURATION_PARAMETER}={value}"
    slopes = np.array([winter_increment_slopes([setting, f"seed={seed}"])[:2] for seed in SLOPE_SEEDS])
    # a single cohort's slope must be negative with ~99 % probability, not only the one cohort of seed 1
    bound = float(slopes[:, 0].mean() + 2.33 * slopes[:, 0].std(ddof=1))
    checks["winter increment vs baseline slope, seeds' mean + 2.33 SD"] = Check(
        "winter increment vs baseline slope, seeds' mean + 2.33 SD", bound, -1.0, 0.0, "1")
    checks["same, response traits fixed (seeds' mean)"] = Check(
        "same, response traits fixed (seeds' mean)", float(slopes[:, 1].mean()), -1.0, -0.05, "1")
    return bargerlux[SATURATION_CHECK].value, checks


def fit_saturation() -> float:
    """Hydroxylation half-saturation J_half on VD-BARGERLUX: the 1250/250 ug/d rise ratio nearest
    Barger-Lux 1998's 4.40, among grid values at which the guard cases pass and the winter increment
    falls with baseline."""
    return grid_search(SATURATION_PARAMETER, SATURATION_GRID, run_saturation, SATURATION_TARGET)


if __name__ == "__main__":
    steps = {"kin": scan_kin, "ohd": scan_ohd, "saturation": fit_saturation, "season": fit_season, "dose": fit_dose}
    for step in sys.argv[1:] or list(steps):
        steps[step]()
