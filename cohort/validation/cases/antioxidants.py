"""Antioxidant validation: SE-GPX (calibration_targets.md) and AOX-BLUNT (own sanity case).

Both protocols are shipped experiment files; arms share the seed, so athletes, diets and
training are identical (common random numbers) and differ only in supplements (and, in SE-GPX,
in dietary selenium).
"""

from __future__ import annotations

import numpy as np

from cohort.validation.framework import Check, case, protocol_models


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
    "athletes with 200 ug/d selenium; and Se-low athletes (diet Se x0.3) with the same dose to show saturation "
    "(protocol file SE-GPX.yaml).",
    kind="calibration",
    mechanisms=("selenium_gpx", "gpx_peroxide_removal", "redox_signal_mito", "redox_signal_endurance"),
    published="180-240 ug/d selenomethionine or 200 ug/d selenite raised GPx without effects on performance or "
    "training-induced oxidative-enzyme gains (Fernandez-Lazaro 2020, 6 trials)",
)
def selenium_gpx() -> list[Check]:
    arms = {}
    for arm, model in protocol_models("SE-GPX").items():
        start = {f"start_{name}": model.column(name).copy() for name in ("vo2max_ml_kg_min", "mito_index")}
        model.advance(model.n_days_total)
        arms[arm] = {**start, **{name: model.column(name).copy() for name in ("vo2max_ml_kg_min", "mito_index", "gpx_activity_rel")}}
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
    "trained; 1000 mg vitamin C + 235 mg vitamin E daily in two doses vs none (Paulsen 2014; protocol file "
    "AOX-BLUNT.yaml).",
    kind="calibration",
    mechanisms=("exercise_ros_production", "vitamin_c_quenching", "vitamin_e_quenching", "redox_signal_mito",
                "redox_signal_endurance"),
    published="C+E blunted the rise of mitochondrial markers (COX4, PGC-1a) but not of VO2max after 11 weeks "
    "(Paulsen 2014); plasma ascorbate plateaus near 70-80 umol/L at 1 g/d",
)
def antioxidant_blunting() -> list[Check]:
    models = protocol_models("AOX-BLUNT")
    arms = {}
    for arm, model in models.items():
        start = {name: model.column(name).copy() for name in ("vo2max_ml_kg_min", "mito_index")}
        model.advance(model.n_days_total)
        arms[arm] = {**{f"start_{k}": v for k, v in start.items()},
                     **{name: model.column(name).copy() for name in ("vo2max_ml_kg_min", "mito_index", "ascorbate_plasma_umol_l")}}
    treated, control = arms["vitamins_ce"], arms["placebo"]
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
              "umol/L", published=75.0),
    ]
