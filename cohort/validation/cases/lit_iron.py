"""Literature validation cases of the iron/hepcidin subsystem (validation split).

Each protocol is an experiment file ``cohort/validation/protocols/<CASE-ID>.yaml`` run through
the experiment API (:func:`cohort.validation.protocols.run_protocol`); arms share the seed, so
per-athlete arm differences are paired (common random numbers). Pass ranges are the published
95 % confidence intervals (or, where stated, intervals rebuilt from a reported p value).
"""

from __future__ import annotations

import math

import numpy as np

from cohort.validation.framework import Check, case
from cohort.validation.protocols import Outcome, geometric_mean, hedges_g, ratio_interval_from_p, run_protocol, smd


def _change(outcome: Outcome, arm: str, variable: str) -> np.ndarray:
    """True (unmeasured) change of a variable: end minus baseline of the athletes frame."""
    return outcome.column(arm, f"{variable}_end") - outcome.column(arm, f"{variable}_baseline")


#: Hb below which an adult is anaemic (WHO 2011), g/dL: women, men
_ANAEMIA_HB_G_DL = (12.0, 13.0)


def _idna_measured(outcome: Outcome, arm: str = "placebo") -> np.ndarray:
    """Iron deficiency without anaemia as the trials enrolled it: baseline draws of ferritin
    (< 30 ug/L) and Hb (not below the WHO cut-off), each with its assay error."""
    female = outcome.column(arm, "sex") == "female"
    hb_cutoff = np.where(female, *_ANAEMIA_HB_G_DL)
    return (outcome.drawn(arm, "ferritin_ug_l", 0) < 30.0) & (outcome.drawn(arm, "hb_g_dl", 0) >= hb_cutoff)


# --------------------------------------------------------------------------- LIT-FE-BURDEN
@case(
    "LIT-FE-BURDEN", "Iron treatment in iron-deficient non-anaemic endurance athletes", "iron", ("burden2015",), "[A]",
    "Meta-analysis of 17 studies (Burden 2015, abstract): iron treatment vs control in IDNA endurance athletes; "
    "Hedges' g sFer 1.088 (95 % CI 0.914-1.263), Tsat 0.741 (0.564-0.919), [Hb] 0.695 (0.533-0.836), VO2max "
    "0.610 (0.399-0.821). "
    "In silico (LIT-FE-BURDEN.yaml): 600 trained endurance athletes (70 % women), 5 sessions/wk, 100 mg "
    "Fe as FeSO4 daily at 07:00 for 8 weeks vs no iron; g of the 8-week changes in athletes IDNA at baseline. "
    "Doses are taken with the adherence measured by pill count in a placebo-controlled trial of daily oral "
    "FeSO4 in iron-deficient non-anaemic women (Waldvogel 2012: 26.3 (SD 3.9) of 28 days), per athlete "
    "Beta(mean 0.94, concentration 2.1); this trial-design input moved the g's 3.45 -> 3.14 (ferritin), "
    "0.74 -> 0.71 (TSAT), 0.35 -> 0.34 (Hb), 0.15 -> 0.14 (VO2max). "
    "Measured as in the trials: lab draws and VO2max tests in weeks 0 and 8 with the observation layer's "
    "sourced CVs (ferritin 14.5 %, Hb 3.1 %, VO2max 5.6 %) and, for Tsat, which has no default CV there, "
    "its day-to-day within-subject CV of 28.0 % from the ferritin CV's study (Pilon 1981); IDNA from the "
    "baseline draws (ferritin < 30 ug/L, Hb not below 12 (F) / 13 (M) g/dL).",
    kind="validation",
    mechanisms=('iron_store_absorption', 'hepcidin_absorption', 'iron_dose_hepcidin', 'exercise_il6_hepcidin', 'tsat_erythropoiesis', 'hb_mass_o2_delivery', 'iron_deficiency_endurance_adaptation'),
    published="Hedges' g ferritin 1.088 (0.914-1.263); Tsat 0.741 (0.564-0.919); Hb 0.695 (0.533-0.836); VO2max 0.610 (0.399-0.821)",
    diagnosis="The ferritin effect is too large in both its size and its spread, and the Hb and VO2max effects too "
    "small: g 3.44 (ferritin), 0.88 (TSAT, passes), 0.42 (Hb) and 0.18 (VO2max) after the ferroportin lag and K_h were fitted to FE-TWICE and FE-EX-ABS (2026-12-08; the figures after this sentence were measured before it unless dated). In IDNA athletes (baseline true ferritin 22.9 ug/L, Hb 13.34 g/dL, TSAT 21.4 %) the true "
    "ferritin change is +26.2 ug/L (SD 6.3) with iron vs 0.0 (SD 0.2) without, so the measured spread (SD 10.3) "
    "is mostly the ferritin CV. The size is too large as well: the LIT-FE-VAUCHER protocol (80 mg/d, 12 weeks, "
    "same adherence) gives ferritin +37.0 ug/L over placebo where Vaucher 2012 measured +11.4 (abstract), i.e. "
    "~3x, which points at the retention of daily doses (absorption or the ferritin per mg of storage iron), "
    "not at the population. Sources of between-athlete variance measured one at a time on this protocol: "
    "(1) adherence (Waldvogel 2012 pill count, kept: a trial-design input): g 3.45 -> 3.14 / TSAT 0.74 -> 0.71 "
    "/ Hb 0.35 -> 0.34 / VO2max 0.15 -> 0.14; true ferritin change +27.6 (SD 5.3) -> +26.2 (SD 6.3) "
    "(an unsourced Beta(0.6, 1) on the irontreat tree gave ferritin g 1.65, Hb 0.30, TSAT 0.54). "
    "(2) within-person variation of ferritin: the observation layer's 14.5 % is already Pilon 1981's day-to-day "
    "within-subject CV including the assay (CVi + CVa), and endurance athletes in regular training show the "
    "same (13.4 % men, 15.2 % women, cross-country skiers over 8 days; Malczewska-Lenczowska 2010), so nothing "
    "is missing there; only at high-load training camps is it larger (27.4 %, elite judoists; Malczewska "
    "2004): with 27.4 % on top of (1) g would be 1.78 / 0.67 / 0.30 / 0.14 (not kept: not the trials' "
    "population). (3) between-athlete absorption efficiency at the top of its sourced range (log SD 0.5 instead "
    "of 0.3, without (1)): true ferritin SD 5.3 -> 6.4, g 3.02 / 0.71 / 0.37 / 0.19 (not kept: the prior is "
    "already sourced; the doses' hepcidin feedback presumably damps a more efficient athlete's extra uptake). "
    "None brings the spread near the trials'. The Hb and VO2max effects are too small: the true Hb change is "
    "+0.20 g/dL (IDNA athletes start ~3 % below their set point, as iron-restricted "
    "erythropoiesis at TSAT ~21 % allows), and VO2max gains only through that Hb mass and the tissue-iron term, "
    "which acts below ferritin F_t only. Transferrin saturation does not fall as erythropoiesis is stimulated "
    "(no erythroid clearance of plasma iron; Huff 1950, Bothwell 1957), which keeps the IDNA Hb deficit small: "
    "a trial of that term raised this g to 0.36-0.43, but through erythroferrone's hepcidin suppression it also "
    "lowered the ID prevalence of menstruating cohorts, already low, and was not kept. A second attempt (branch "
    "irontreat, commit 43014fd, not kept) set TSAT from the daily plasma balance, inflow = marrow uptake D "
    "min(1, T/(T + K_T)(T_n + K_T)/T_n) + non-erythroid uptake k_N phi0 T with a non-erythroid share of 1/3 of "
    "plasma iron turnover (Saito 2014): Hb g 0.29 -> 0.46, TSAT g 0.59 -> 0.86, ferritin g 2.80 -> 2.57, VO2max "
    "0.13 -> 0.17 (true Hb change +0.27 g/dL, SD 0.09; IDNA baseline TSAT 20.0 %), but with every mechanism at "
    "3x its steady state let Hb mass fall below its physical bound (tests/reliability), athletes with ferritin "
    "> 200 ug/L got TSAT ~20-25 % and an Hb deficit (store mobilisation saturates while hepcidin keeps rising), "
    "and LIT-FE-VAUCHER fell to 0.097 g/dL. Burden 2015's pooled baseline (ferritin, Hb, TSAT of the 17 "
    "studies' athletes) was not available (abstract only), so the enrolled population was not matched to it. "
    "Whether the trials' doses were taken fasting or with food is not in the abstracts, and it matters: on the "
    "LIT-FE-VAUCHER protocol the ferritin gain over placebo is +36.6 ug/L with the dose fasting at 07:00 and "
    "+21.4 with breakfast (measured 2026-12-07; trial +11.4), and a meal lowers a supplement's absorption by "
    "50-60 % (Hallberg 1978, Scand J Haematol 21:215) or to 2.3 % from 8.5 % (Cook & Reddy 1995, AJCN 62:117). "
    "Where the dosing is known the gain is right: LIT-FE-ROUGHEAD (50 mg/d with the evening meal, 12 weeks) "
    "gives +13.0 ug/L over placebo against the trial's +13, though there the model's absorption from food "
    "adapts less than measured (its diagnosis). A store gate on the absorbed-iron -> hepcidin gain (stronger "
    "dose feedback as ferritin rises; branch dosegate, 2026-12-07, not kept, see LIT-FE-ROUGHEAD) barely moved "
    "the ferritin g (3.16 -> 2.97 with the second-order gate, 3.14 first-order) while lowering TSAT g "
    "(0.72 -> 0.36 / 0.58) and Hb g (0.34 -> 0.17 / 0.28), and LIT-FE-VITC-META's ferritin difference 18.6 -> "
    "10.9 / 14.1 ug/L (interval 1.6-4.8): the excess gain is not mainly the dose feedback at rising ferritin. "
    "Nor is it absorption: in LIT-FE-SPEICH (isotope dilution over 15 weeks of 50 mg/d, the same fasting "
    "morning dose) the model's absorption during dosing is inside the measured interval (4.70 mg/d; 4.09, "
    "3.00-5.18) while its net gain is twice the measured (3.14 vs 1.55 mg/d), because the women's iron losses "
    "rose during dosing (0.76 -> 2.54 mg/d) and the model's do not; no mechanism for that rise is established.",
)
def lit_fe_burden() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-BURDEN")
    idna = _idna_measured(out)
    checks = []
    for variable, label, low, high in (
        ("ferritin_ug_l", "measured ferritin", 0.914, 1.263),
        ("tsat_pct", "measured transferrin saturation", 0.564, 0.919),
        ("hb_g_dl", "measured haemoglobin", 0.533, 0.836),
        ("vo2max_ml_kg_min", "measured VO2max", 0.399, 0.821),
    ):
        change = {arm: out.drawn_change(arm, variable, 8)[idna] for arm in ("iron", "placebo")}
        g = hedges_g(change["iron"], change["placebo"])
        checks.append(Check(f"Hedges' g of the {label} change, iron vs no iron (IDNA athletes, n={idna.sum()})", g, low, high, "g"))
    return checks


# --------------------------------------------------------------------------- LIT-FE-HOUSTON
@case(
    "LIT-FE-HOUSTON", "Iron supplementation in iron-deficient non-anaemic adults", "iron", ("houston2018",), "[A]",
    "Meta-analysis of 18 RCTs (Houston 2018, abstract): in IDNA adults iron raised Hb by 4.01 g/L (95 % CI "
    "1.22-6.81; 12 trials) and did not change VO2max (SMD 0.11, -0.15 to 0.37; 9 trials). In silico "
    "(LIT-FE-HOUSTON.yaml): 600 untrained adults (80 % women), 80 mg Fe/d as FeSO4 at 07:00 for 12 weeks "
    "vs no iron; mean paired difference of the Hb changes and SMD of the VO2max changes in adults IDNA at "
    "baseline; doses taken with the adherence of LIT-FE-BURDEN (Waldvogel 2012; it moved the Hb difference "
    "2.63 -> 2.60 g/L and the VO2max SMD 0.22 -> 0.22). Measured as in the trials: lab draws and VO2max "
    "tests in weeks 0 and 12 with the observation "
    "layer's sourced CVs (ferritin 14.5 %, Hb 3.1 %, VO2max 5.6 %), IDNA from the baseline draws (ferritin "
    "< 30 ug/L, Hb not below 12 (F) / 13 (M) g/dL).",
    kind="validation",
    mechanisms=('iron_store_absorption', 'hepcidin_absorption', 'iron_dose_hepcidin', 'tsat_erythropoiesis', 'hb_mass_o2_delivery'),
    published='Hb +4.01 g/L (1.22-6.81); VO2max SMD 0.11 (-0.15 to 0.37)',
)
def lit_fe_houston() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-HOUSTON")
    idna = _idna_measured(out)
    hb = 10.0 * (out.drawn_change("iron", "hb_g_dl", 12) - out.drawn_change("placebo", "hb_g_dl", 12))[idna]
    vo2 = smd(out.drawn_change("iron", "vo2max_ml_kg_min", 12)[idna], out.drawn_change("placebo", "vo2max_ml_kg_min", 12)[idna])
    return [
        Check(f"measured Hb change, iron minus no iron (IDNA, n={idna.sum()})", float(hb.mean()), 1.22, 6.81, "g/L"),
        Check("SMD of the measured VO2max change, iron vs no iron (IDNA)", vo2, -0.15, 0.37, "SMD"),
    ]


# --------------------------------------------------------------------------- LIT-FE-VAUCHER
@case(
    "LIT-FE-VAUCHER", "Iron in non-anaemic menstruating women with ferritin < 50 ug/L", "iron", ("vaucher2012",), "[A]",
    "RCT (Vaucher 2012, abstract): 198 women 18-53 y, ferritin < 50 ug/L and Hb > 12.0 g/dL, 80 mg Fe/d as "
    "FeSO4 vs placebo for 12 weeks: Hb +0.32 g/dL over placebo (p = 0.002); the tablets were prolonged-release "
    "ferrous sulfate (the journal's release), a form the model does not distinguish from plain FeSO4. Interval 0.12-0.52 g/dL = "
    "0.32 +- 1.96 SE with SE = 0.32/3.09 rebuilt from the two-sided p. In silico (LIT-FE-VAUCHER.yaml): 600 "
    "menstruating women, same dose at 07:00, taken with the adherence measured by pill count in the same "
    "group's trial in iron-deficient non-anaemic women (Waldvogel 2012: 26.3 (SD 3.9) of 28 days; per woman "
    "Beta(mean 0.94, concentration 2.1); it moved the Hb difference 0.162 -> 0.158 g/dL); mean paired "
    "difference of the Hb changes in women with baseline "
    "ferritin < 50 and Hb > 12.0, all measured as in the trial by lab draws in weeks 0 and 12 with the "
    "observation layer's sourced CVs (ferritin 14.5 %, Hb 3.1 %).",
    kind="validation",
    mechanisms=('iron_store_absorption', 'hepcidin_absorption', 'iron_dose_hepcidin', 'tsat_erythropoiesis', 'menstrual_iron_loss'),
    published='Hb +0.32 g/dL (0.12-0.52, rebuilt from p = 0.002)',
)
def lit_fe_vaucher() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-VAUCHER")
    keep = (out.drawn("placebo", "ferritin_ug_l", 0) < 50.0) & (out.drawn("placebo", "hb_g_dl", 0) > 12.0)
    diff = (out.drawn_change("iron", "hb_g_dl", 12) - out.drawn_change("placebo", "hb_g_dl", 12))[keep]
    return [Check(f"measured Hb change at 12 wk, iron minus placebo (n={keep.sum()})", float(diff.mean()), 0.12, 0.52, "g/dL")]


# --------------------------------------------------------------------------- LIT-FE-ROUGHEAD
#: Roughead & Hunt 2000 (ARS technical abstract): least-squares geometric means of test-meal
#: absorption (%) with their -2 SE, +2 SE bounds, (week 0, week 12) per arm
_ROUGHEAD_FIA = {
    ("iron", "nonheme"): ((5.0, 4.4, 5.8), (3.2, 2.8, 3.7)),
    ("placebo", "nonheme"): ((5.2, 4.4, 6.0), (5.0, 4.3, 5.8)),
    ("iron", "heme"): ((22.0, 20.0, 25.0), (19.0, 17.0, 22.0)),
}


def _ratio_interval(week0: tuple[float, float, float], week12: tuple[float, float, float]) -> tuple[float, float, float]:
    """Week-12 / week-0 ratio of two geometric means and its 95 % interval: each mean's log SE is
    a quarter of its log +-2 SE span, and the two are combined as independent (the paired SE is
    not published; independence gives the wider, conservative interval)."""
    se0, se12 = (math.log(high / low) / 4.0 for _, low, high in (week0, week12))
    ratio = week12[0] / week0[0]
    half = 1.96 * math.hypot(se0, se12)
    return ratio, ratio * math.exp(-half), ratio * math.exp(half)


@case(
    "LIT-FE-ROUGHEAD", "Daily iron with the evening meal: ferritin and the adaptation of absorption from food", "iron",
    ("roughead2000",), "[A]",
    "RCT (Roughead & Hunt 2000, AJCN abstract and the ARS technical abstract of the same trial): 57 men and "
    "women aged 22-58 y with normal Hb and ferritin 10-230 ug/L, 50 mg Fe/d as ferrous sulfate or placebo "
    "with their evening meals for 12 weeks; heme and non-heme absorption from a meat-based test meal (5.1 mg "
    "iron, 1.2 mg of it heme) before and at the end (radio-iron, least-squares geometric means with +-2 SE). "
    "Ferritin was 13 ug/L higher after iron than after placebo (iron +5, placebo -9 ug/L, p < 0.05; the "
    "placebo fall is the trial's procedural phlebotomy); interval 0-26 ug/L, the widest consistent with "
    "p < 0.05 (SE <= 13/1.96). Absorption ratios week 12 / week 0 with intervals from the published +-2 SE "
    "of each mean, combined as independent (the paired SE is not published: conservative). In silico "
    "(LIT-FE-ROUGHEAD.yaml): 600 untrained adults (half women, the default menstruating share), 50 mg Fe/d "
    "as FeSO4 with dinner vs placebo; test meals of 3.9 mg non-heme and 1.2 mg heme iron after an overnight "
    "fast on days 0 and 84; ferritin by lab draws in weeks 0 and 12 (observation layer CV 14.5 %); absorption "
    "ratios as paired geometric means (the isotope measurement has no sourced CV).",
    kind="validation",
    mechanisms=("iron_store_absorption", "store_hepcidin", "hepcidin_absorption", "iron_dose_hepcidin"),
    published="ferritin +13 ug/L over placebo (p < 0.05); non-heme absorption 5.0 -> 3.2 % with iron (p < 0.001), "
    "5.2 -> 5.0 % with placebo; heme absorption 22 -> 19 % with iron (not significant)",
    diagnosis="The model's absorption from food adapts too little to daily iron: non-heme absorption from the "
    "test meal falls by 15 % in the iron arm (ratio 0.85; published 0.64, interval 0.53-0.78) while ferritin "
    "gains what the trial found (+13.4 ug/L over placebo), after the ferroportin lag and K_h were fitted to FE-TWICE and FE-EX-ABS (2026-12-08; the figures after this sentence were measured before it unless dated). In the model the adaptation comes from the store "
    "(hepcidin rises with ferritin, slope 0.8 on log-log) and from what is left, 13 h later, of the evening "
    "dose's hepcidin rise (half-life 7 h, lagged 4 h at the gut); in the trial ferritin rose by only 5 ug/L in the iron arm "
    "(the placebo arm lost 9 to the trial's procedural phlebotomy, which the protocol does not model) and "
    "absorption fell by a third, more than the store feedback gives. A longer-lived "
    "adaptation to daily doses (hepcidin or mucosal) would do it, but would also shrink the ferritin gain, "
    "which matches now; no study found here measures its time course apart from the store's. "
    "A store gate on the absorbed-iron -> hepcidin gain was tried (branch dosegate, 2026-12-07, not kept): "
    "k_J x g(F)/g(F_0), g(F) = F^n/(F^n + 30^n), F_0 = 15.5 ug/L (Moretti 2015's women, so k_J keeps its "
    "calibrated value), a hypothesis by analogy with the exercise response's store gate (Peeling 2014); no "
    "study was found giving the hepcidin rise per mg absorbed against ferritin in people with normal HFE and "
    "TFR2 (Piperno 2007, Girelli 2011 compare haemochromatosis patients with controls). With n = 2 (the exercise "
    "gate's form) this ratio became 0.746 (passes; ferritin +11.9), LIT-FE-PREV-FEMALE 29.3 -> 31.3 % (passes), "
    "and a Stoffel 2020-style probe of IDA women (100/200 mg on days 2, 3, 5) gave FIA day 2 / day 3 1.31-1.36 "
    "instead of 1.79-1.89 (published: 40-50 % higher); but the calibration case FE-DOSE failed (hepcidin 48 h "
    "after 60 mg / no dose 1.19 -> 2.00, limit 1.2), LIT-FE-VAUCHER's Hb fell to 0.087 g/dL (miss) and "
    "LIT-FE-BURDEN's TSAT g to 0.36 (miss). With n = 1: this ratio 0.792 (miss), the probe 1.41-1.48, FE-DOSE "
    "48-h ratio 1.85 (fails). FE-DOSE fails through 3 of its 118 included women whose stores are empty (ferritin "
    "< 1 ug/L with Hb >= 12 g/dL): the gate removes their meals' small hepcidin excess, their no-dose hepcidin "
    "falls to ~0 and their 48-h log ratio (~18) carries 45 % of the geometric mean's log; without them the ratio "
    "is 1.18. Any gate that vanishes at ferritin 0 does this.",
)
def lit_fe_roughead() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-ROUGHEAD")
    ferritin = (out.drawn_change("iron", "ferritin_ug_l", 12) - out.drawn_change("placebo", "ferritin_ug_l", 12)).mean()
    checks = [Check("measured ferritin change, iron minus placebo (12 wk)", float(ferritin), 0.0, 26.0, "ug/L", published=13.0)]
    for (arm, form), (week0, week12) in _ROUGHEAD_FIA.items():
        ratio, low, high = _ratio_interval(week0, week12)
        checks.append(Check(f"{form} absorption from the test meal, week 12 / week 0, {arm}",
                            _paired_fia_ratio(out, arm, form), low, high, "ratio", published=ratio))
    return checks


def _paired_fia_ratio(out: Outcome, arm: str, form: str) -> float:
    """Geometric mean over athletes of their test-meal absorption on day 84 over day 0."""
    def fia(day: int) -> np.ndarray:
        if form == "nonheme":
            return out.event(arm, "test_meal", day, "nonheme_fractional_absorption")
        heme = out.event(arm, "test_meal", day, "iron_absorbed_mg") - out.event(arm, "test_meal", day, "nonheme_absorbed_mg")
        return heme / out.event(arm, "test_meal", day, "iron_heme_mg")
    return geometric_mean(fia(84) / fia(0))


# --------------------------------------------------------------------------- LIT-FE-SPEICH
#: Speich 2021, Swiss women (n = 10): means and SDs, mg/d, of isotope-dilution absorption and net
#: gain in the periods before, during and after 50 mg Fe/d, and of loss during it
_SPEICH_SWISS = {
    ("absorption", "before"): (1.51, 0.37), ("absorption", "during"): (4.09, 1.52), ("absorption", "after"): (0.97, 0.41),
    ("gain", "before"): (0.75, 1.37), ("gain", "during"): (1.55, 1.75), ("gain", "after"): (-1.11, 1.06),
    ("loss", "during"): (2.54, 1.43),
}
_SPEICH_N = 10
#: two-sided 97.5 % quantile of Student's t with 9 degrees of freedom
_T_9 = 2.262
#: days of each period in the protocol (15 weeks; the study's periods were 90-120 d)
_SPEICH_PERIOD_DAYS = 105


@case(
    "LIT-FE-SPEICH", "Long-term iron absorption, loss and balance before, during and after daily oral iron", "iron",
    ("speich2021",), "[A]",
    "Prospective isotope-dilution study (Speich 2021, AJCN abstract): women whose body iron had been labelled "
    "with stable isotopes at least a year before were followed for 90-120 d before, 90-120 d during 50 mg Fe/d "
    "(compliance > 90 %) and 90-120 d after; absorption, loss and net gain (mg/d) from the dilution of the "
    "tracer in blood. Swiss women (n = 10), means +- SD: absorption 1.51 +- 0.37, 4.09 +- 1.52, 0.97 +- 0.41; "
    "loss 0.76 +- 1.37, 2.54 +- 1.43, 2.08 +- 1.05; gain 0.75 +- 1.37, 1.55 +- 1.75, -1.11 +- 1.06 (before, "
    "during, after). Intervals: mean +- t(0.975, 9) SD/sqrt(10). The Beninese arm (n = 11, low-bioavailability "
    "diets, more infection) is not emulated. In silico (LIT-FE-SPEICH.yaml): 600 menstruating untrained women "
    "of the default priors, 45 weeks: 15 without iron, 15 with 50 mg Fe/d as FeSO4 fasting at 07:00 (the "
    "abstract does not say how it was taken; this laboratory's supplement studies dose fasting in the "
    "morning), 15 without; true absorbed and lost iron from the cumulative mass-balance states (the isotope "
    "method measures body iron flows directly, so no assay error is added).",
    kind="validation",
    mechanisms=("iron_store_absorption", "store_hepcidin", "hepcidin_absorption", "iron_dose_hepcidin", "menstrual_iron_loss"),
    published="Swiss women: absorption 1.51 / 4.09 / 0.97 mg/d, gain 0.75 / 1.55 / -1.11 mg/d (before / during / after), "
    "loss 2.54 mg/d during 50 mg Fe/d",
    diagnosis="Absorption is right in all three periods (its regulation by stores and dose hepcidin over months), "
    "but the women gain about twice the measured iron while taking it (3.68 mg/d, interval 0.30-2.80; absorption "
    "during 5.25 mg/d, now just above its interval's 5.18, after the ferroportin lag and K_h were fitted to FE-TWICE and FE-EX-ABS (2026-12-08; the figures after this sentence were measured before it unless dated)) because "
    "the model's losses do not rise: 1.56 mg/d before, during and after, where the Swiss women's rose from 0.76 "
    "to 2.54 and stayed at 2.08 after (their during-period loss, 1.52-3.56, is passed at its lower edge). The "
    "same group measured the same rise in Gambian toddlers on 12 mg/d (Speich 2019: loss 0.22 -> 0.75 mg/d, "
    "~72 % of the absorbed iron lost), but not in the Beninese women (1.46 -> 1.58 mg/d), and between people "
    "losses are not higher with more body iron (Hunt 2009: no association with ferritin in 29 men, an inverse "
    "one in menstruating women); no mechanism for the rise is established, so the model has none and the gain "
    "stays a miss. The protocol's dosing matters as much: with the dose at breakfast (measured 2026-12-07) "
    "absorption during is 3.32 mg/d and the gain 1.76 mg/d (both pass), absorption after 1.22 and the gain "
    "after -0.34 mg/d (misses the interval's upper edge, -0.35). The same excess of the gain over what was "
    "measured is what LIT-FE-BURDEN, LIT-FE-VAUCHER and LIT-FE-VITC-META show as too large a ferritin rise.",
)
def lit_fe_speich() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-SPEICH")
    bounds = [k * _SPEICH_PERIOD_DAYS for k in range(4)]
    absorbed = [out.at_day("iron", "fe_absorbed_cum_mg", day) for day in bounds]
    lost = [out.at_day("iron", "fe_lost_cum_mg", day) for day in bounds]
    flows: dict[tuple[str, str], float] = {}
    for k, period in enumerate(("before", "during", "after")):
        absorption = (absorbed[k + 1] - absorbed[k]) / _SPEICH_PERIOD_DAYS
        loss = (lost[k + 1] - lost[k]) / _SPEICH_PERIOD_DAYS
        flows["absorption", period] = float(absorption.mean())
        flows["loss", period] = float(loss.mean())
        flows["gain", period] = float((absorption - loss).mean())
    checks = []
    for (flow, period), (mean, sd) in _SPEICH_SWISS.items():
        half = _T_9 * sd / math.sqrt(_SPEICH_N)
        checks.append(Check(f"iron {flow} {period} 50 mg Fe/d (Swiss women)", flows[flow, period], mean - half, mean + half,
                            "mg/d", published=mean))
    return checks


# --------------------------------------------------------------------------- single iron doses
#: the dose is taken on day 7 (start_week 1); the trajectory row after 8 days holds that day's absorption
_DOSE_DAY_ROW = 8


def _fia_ratio(out: Outcome, arm: str, reference: str, depleted: np.ndarray) -> float:
    """Geometric-mean ratio of the absorbed iron of one dose, ``arm`` over ``reference`` (paired)."""
    a = out.at_day(arm, "fe_absorbed_dose_mg_d", _DOSE_DAY_ROW)[depleted]
    b = out.at_day(reference, "fe_absorbed_dose_mg_d", _DOSE_DAY_ROW)[depleted]
    ok = (a > 0) & (b > 0)
    return geometric_mean(a[ok] / b[ok]) if ok.any() else float("nan")


def _iron_depleted(out: Outcome, arm: str) -> np.ndarray:
    return out.at_day(arm, "ferritin_ug_l", 0) < 30.0


@case(
    "LIT-FE-PM", "Iron absorption from a morning vs an afternoon dose", "iron", ("vonsiebenthal2023",), "[A]",
    "Crossover stable-isotope study (von Siebenthal 2023, abstract): 34 iron-depleted women (median ferritin "
    "19.4 ug/L), 100 mg Fe doses; in the afternoon serum hepcidin was higher and FIA 37 % lower than in the "
    "morning (p = 0.059). Interval for the ratio 0.39-1.02 rebuilt from the p value (log ratio ln 0.63, "
    "SE = 0.462/1.89). In silico (LIT-FE-PM.yaml): 400 women, meals at 10:00 and 18:30, one 100 mg dose at "
    "07:00 or at 15:00 on day 7; paired geometric-mean ratio of absorbed iron for baseline ferritin < 30 ug/L "
    "(true values: the isotope measurement has no sourced CV in the observation layer).",
    kind="validation",
    mechanisms=('hepcidin_circadian', 'hepcidin_absorption', 'iron_store_absorption'),
    published='FIA afternoon / morning 0.63 (0.39-1.02, rebuilt from p = 0.059)',
)
def lit_fe_pm() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-PM")
    depleted = _iron_depleted(out, "morning")
    return [Check(f"FIA afternoon / morning (ferritin < 30, n={depleted.sum()})", _fia_ratio(out, "afternoon", "morning", depleted),
                  0.39, 1.02, "ratio")]


@case(
    "LIT-FE-WITH", "Ascorbic acid and coffee taken with an iron dose", "iron", ("vonsiebenthal2023",), "[A]",
    "Same study (von Siebenthal 2023, abstract): with a 100 mg morning dose, 80 mg ascorbic acid raised FIA by "
    "30 % (p < 0.001) and a cup of coffee lowered it by 54 % (p = 0.004). Intervals rebuilt from the p values "
    "on the log scale: 80 mg AA 1.11-1.52 (SE <= ln 1.30/3.29), coffee 0.27-0.78 (SE = ln 0.46/2.88). In "
    "silico (LIT-FE-WITH.yaml): 400 women, one 07:00 dose on day 7 with water, 80 mg AA or one cup of coffee; "
    "paired geometric-mean ratios for baseline ferritin < 30 ug/L (true values: the isotope measurement has no "
    "sourced CV in the observation layer).",
    kind="validation",
    mechanisms=('vitc_nonheme_absorption', 'polyphenol_nonheme_inhibition', 'polyphenol_binding_capacity', 'hepcidin_absorption'),
    published='FIA ratio 80 mg AA / water 1.30 (1.11-1.52); coffee / water 0.46 (0.27-0.78)',
)
def lit_fe_with() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-WITH")
    depleted = _iron_depleted(out, "water")
    return [
        Check(f"FIA with 80 mg ascorbic acid / water (n={depleted.sum()})", _fia_ratio(out, "ascorbic_acid_80mg", "water", depleted),
              1.11, 1.52, "ratio"),
        Check("FIA with a cup of coffee / water", _fia_ratio(out, "coffee", "water", depleted), 0.27, 0.78, "ratio"),
    ]


# --------------------------------------------------------------------------- LIT-FE-IDA-ALT
#: Stoffel 2020 (abstract): for both doses FIA on days 2 and 5 was 40-50 % higher than on day 3
#: (P < 0.001); the abstract does not say which of the four comparisons is 1.40 and which 1.50, so
#: each is read as the middle of that range
_STOFFEL2020_RATIO = 1.45
#: run day of each study dose day (the run starts on a Monday; doses from week 1 on Tue, Wed, Fri)
_STUDY_DAY_RUN_DAY = {2: 8, 3: 9, 5: 11}


def _dose_fia(out: Outcome, arm: str, study_day: int) -> np.ndarray:
    """Per-athlete fractional absorption of the dose on a study day (events.parquet)."""
    return out.event(arm, "dose", _STUDY_DAY_RUN_DAY[study_day], "fractional_absorption")


@case(
    "LIT-FE-IDA-ALT", "Consecutive vs alternate-day iron doses in iron-deficiency anaemia", "iron", ("stoffel2020",), "[A]",
    "Crossover stable-isotope study (Stoffel 2020, Haematologica abstract, PMC7193469): 19 women with IDA (median "
    "Hb 11.5 g/dL, mean ferritin 10 ug/L) took 100 or 200 mg Fe as FeSO4 at 08:00 on days 2, 3 and 5 of each of "
    "two periods (isotope-labelled, absorption by erythrocyte incorporation). For both doses serum hepcidin was "
    "higher on day 3 than on day 2 (P < 0.001) or day 5 (P < 0.01), and FIA on days 2 and 5 was 40-50 % higher "
    "than on day 3 (P < 0.001). Only the abstract could be read (the per-day FIA, their spread and the hepcidin "
    "values are in the full text), so the ratios are checked with intervals rebuilt from the p value on the log "
    "scale as LIT-FE-PM and LIT-FE-WITH do, SE(ln r) <= ln r/3.29: r^(1 -+ 1.96/3.29) with r = 1.45, the middle "
    "of the published 40-50 % (the abstract does not say which comparison is which): 1.16-1.81 (from r = 1.40 "
    "alone 1.15-1.71, from 1.50 alone 1.18-1.91). In silico (LIT-FE-IDA-ALT.yaml): 3000 menstruating untrained women, a screening draw in week 0, "
    "100 mg (one arm) or 200 mg (the other, same women: the crossover without carry-over) on Tue, Wed and Fri "
    "of week 1 (study days 2, 3, 5) at 08:00 fasting (this laboratory gives the doses to fasting subjects after "
    "the morning draw, Moretti 2015), the day's food at 11:00 and 19:00; enrolled on the measured draw with "
    "Hb < 12 g/dL and ferritin < 15 ug/L (the WHO cut-offs for anaemia and depleted stores in women; the "
    "abstract does not give the inclusion criteria); paired geometric-mean ratios of each dose's fractional "
    "absorption (true values: the isotope measurement has no sourced CV in the observation layer). Measured "
    "2026-12-08, after the ferroportin lag and K_h were fitted to FE-TWICE and FE-EX-ABS: 56 women enrolled "
    "(measured Hb median 11.01 g/dL, ferritin mean 3.4 ug/L: more depleted than the trial's 11.5 g/dL and 10 "
    "ug/L); FIA 14.5 / 9.1 / 13.6 % (100 mg) and 10.8 / 6.4 / 9.8 % (200 mg) on days 2 / 3 / 5, ratios 1.60 and "
    "1.68 (day 2), 1.50 and 1.54 (day 5). Before that fit (absorption following serum hepcidin at once, K_h 2 "
    "nmol/L) 24 women were enrolled and the ratios were 1.57-1.79, above the published 1.40-1.50 though inside "
    "the rebuilt interval; with a 10 h lag and K_h kept at 2 nmol/L, day 2 / day 3 rose to 1.88 and 2.00, "
    "outside it.",
    kind="validation",
    mechanisms=('iron_dose_hepcidin', 'hepcidin_absorption', 'hepcidin_absorption_lag', 'iron_store_absorption', 'store_hepcidin',
                'erythropoietic_hepcidin_suppression'),
    published="FIA day 2 / day 3 and day 5 / day 3 1.40-1.50 for 100 and 200 mg (P < 0.001; interval "
    "rebuilt from the p value at r = 1.45: 1.16-1.81); hepcidin higher on day 3 than on days 2 (P < 0.001) and 5 (P < 0.01)",
)
def lit_fe_ida_alt() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-IDA-ALT")
    ida = (out.drawn("iron_100mg", "hb_g_dl", 0) < 12.0) & (out.drawn("iron_100mg", "ferritin_ug_l", 0) < 15.0)
    low, high = ratio_interval_from_p(_STOFFEL2020_RATIO, 0.001)
    checks = []
    for dose in (100, 200):
        arm = f"iron_{dose}mg"
        day3 = _dose_fia(out, arm, 3)[ida]
        for day in (2, 5):
            ratio = geometric_mean(_dose_fia(out, arm, day)[ida] / day3)
            checks.append(Check(f"FIA day {day} / day 3, {dose} mg (IDA, n={ida.sum()})", ratio, low, high, "ratio",
                                published=_STOFFEL2020_RATIO))
    return checks


# --------------------------------------------------------------------------- vitamin C with iron in IDA
def _ida(out: Outcome) -> np.ndarray:
    return out.column("iron", "iron_deficiency_anaemia_baseline").astype(bool)


@case(
    "LIT-FE-VITC-IDA", "Vitamin C added to oral iron in iron deficiency anaemia: 2-week Hb response", "iron",
    ("li2020_vitc_iron",), "[A]",
    "Equivalence RCT (Li 2020, abstract): 440 adults with IDA (97 % women, Hb ~8.8 g/dL), 100 mg Fe every "
    "8 h with or without 200 mg vitamin C; Hb change after 2 weeks 2.00 vs 1.84 g/dL, difference 0.16 g/dL "
    "(95 % CI -0.03 to 0.35). In silico (LIT-FE-VITC-IDA.yaml): 3000 menstruating women, doses at 07:00, "
    "15:00, 23:00 for 2 weeks; athletes flagged IDA at baseline; mean paired difference of the Hb changes.",
    kind="validation",
    mechanisms=('vitc_nonheme_absorption', 'iron_dose_hepcidin', 'hepcidin_absorption', 'tsat_erythropoiesis', 'erythropoietic_hepcidin_suppression'),
    published='Hb change difference +0.16 g/dL (-0.03 to 0.35) at 2 weeks',
)
def lit_fe_vitc_ida() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-VITC-IDA")
    ida = _ida(out)
    diff = (_change(out, "iron_vitamin_c", "hb_g_dl") - _change(out, "iron", "hb_g_dl"))[ida]
    return [Check(f"Hb change at 2 wk, iron + vitamin C minus iron (IDA, n={ida.sum()})", float(diff.mean()), -0.03, 0.35, "g/dL")]


@case(
    "LIT-FE-VITC-META", "Vitamin C added to oral iron in iron deficiency anaemia: Hb and ferritin", "iron",
    ("deng2024",), "[A]",
    "Meta-analysis (Deng 2024, abstract): 10 RCTs + 1 cohort, IDA, 45-180 days: vitamin C with iron vs iron "
    "alone raised Hb by 0.14 g/dL (95 % CI 0.08-0.20) and ferritin by 3.23 ug/L (1.63-4.84). In silico "
    "(LIT-FE-VITC-META.yaml): as LIT-FE-VITC-IDA for 12 weeks; mean paired differences in IDA at baseline.",
    kind="validation",
    mechanisms=('vitc_nonheme_absorption', 'iron_dose_hepcidin', 'hepcidin_absorption', 'store_hepcidin', 'tsat_erythropoiesis'),
    published='Hb +0.14 g/dL (0.08-0.20); ferritin +3.23 ug/L (1.63-4.84)',
    diagnosis="ferritin rises too much and Hb not at all with vitamin C (+23.5 ug/L and +0.01 g/dL after the ferroportin lag and K_h were fitted to FE-TWICE and FE-EX-ABS (2026-12-08; the figures after this sentence were measured before it unless dated)): the vitamin C factor still multiplies the "
    "absorption of every fasting dose (dose_vitc_weight) and the extra iron goes to stores, while the model's IDA "
    "women are milder than the trials': 36 of 3000 at baseline, Hb 11.55 g/dL, ferritin 17.9 ug/L, TSAT 20.7 % "
    "(IDA usually < 16 %), where Li 2020 enrolled adults with newly diagnosed IDA at Hb 8.76 / 8.82 g/dL "
    "(vitamin C / iron-only arm). Iron alone lifts their Hb by only 0.52 g/dL in 12 weeks (ferritin +82 ug/L), "
    "so erythropoiesis is no longer iron-limited and the ~20 % more iron vitamin C brings goes to stores. The "
    "partition itself holds for a true IDA (Hb 25 % short, empty "
    "stores: +1.0-2.0 g/dL in 3 weeks, most extra iron into Hb, ferritin < 15 ug/L until Hb is within 1 g/dL; "
    "tests/physiology/test_iron.py); what is missing is IDA itself: with empty stores TSAT only falls to ~15 % "
    "and Hb ~0.9 g/dL below replete women, because TSAT ignores the faster erythroid clearance of plasma iron "
    "in stimulated erythropoiesis (Huff 1950; Bothwell 1957). A plasma-balance TSAT (marrow demand vs inflow, "
    "non-erythroid share 1/3; branch irontreat, commit 43014fd, not kept: see LIT-FE-BURDEN) made the model's "
    "IDA iron-restricted (64 of 3000 women, Hb 11.4 g/dL, ferritin 12.2 ug/L, TSAT 15.9 %; iron alone +1.04 "
    "g/dL in 12 weeks, TSAT 51 % by then) but still gave Hb +0.02 g/dL and ferritin +14.7 ug/L with vitamin C: "
    "three 100 mg doses a day bring more iron than the marrow uses. Trial emulation (measured, not kept): the "
    "default priors cannot produce the trial's depth, so heavier menstrual losses were tried as a "
    "protocol-level population chosen from the trial's baseline Hb (blood losses now carry iron at the current "
    "[Hb], so heavy-loss women settle): median 1.5 mg/d (log SD 0.5, cap 5 mg/d): 235 IDA women at Hb 11.12 "
    "g/dL, ferritin 9.3 ug/L, TSAT 17.4 %; vitamin C adds Hb +0.016 g/dL and ferritin +19.5 ug/L; median 2.5 "
    "mg/d (log SD 0.4, cap 5): 604 at Hb 10.84, ferritin 5.6, TSAT 15.7 %; Hb +0.022, ferritin +19.9 (iron "
    "alone: Hb +1.65 g/dL, ferritin +77 ug/L in 12 weeks). Even 2.5 mg/d losses leave Hb near 10.8 g/dL, not "
    "8.8 (TSAT bottoms out at ~15 %, so erythropoiesis stays nearly unrestricted), and deeper IDA does not "
    "shrink the ferritin difference: iron alone already brings more iron than the marrow uses. In that 2.5 mg/d "
    "population the 2-week Hb rise on iron alone (LIT-FE-VITC-IDA's protocol) was +0.60 g/dL (vitamin C "
    "+0.069) where Li 2020 measured +1.84 from a deeper start.",
)
def lit_fe_vitc_meta() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-VITC-META")
    ida = _ida(out)
    hb = (_change(out, "iron_vitamin_c", "hb_g_dl") - _change(out, "iron", "hb_g_dl"))[ida]
    ferritin = (_change(out, "iron_vitamin_c", "ferritin_ug_l") - _change(out, "iron", "ferritin_ug_l"))[ida]
    return [
        Check(f"Hb change at 12 wk, iron + vitamin C minus iron (IDA, n={ida.sum()})", float(hb.mean()), 0.08, 0.20, "g/dL"),
        Check("ferritin change at 12 wk, iron + vitamin C minus iron (IDA)", float(ferritin.mean()), 1.63, 4.84, "ug/L"),
    ]


# --------------------------------------------------------------------------- LIT-FE-PREV-FEMALE
@case(
    "LIT-FE-PREV-FEMALE", "Prevalence of iron deficiency in female athletes", "iron", ("roy2022",), "[A]",
    "Retrospective study of 629 German competitive athletes at their annual examination (Roy 2022, abstract): "
    "iron deficiency (low ferritin: < 30 ng/mL in adults and 15-18-year-olds, lower cut-offs in children) in "
    "35.9 % of 290 female athletes (binomial 95 % interval 30.4-41.4 %). In silico (LIT-FE-PREV-FEMALE.yaml): "
    "600 female athletes aged 14-30 of the default cohort priors (menstruating share, diets, sports), endurance "
    "or resistance training by sport, 12 weeks from January; share with ferritin < 30 ug/L at the end, measured "
    "as at the examination by one lab draw with the observation layer's day-to-day CV (14.5 %).",
    kind="validation",
    mechanisms=('menstrual_iron_loss', 'sweat_iron_loss', 'gi_iron_loss', 'footstrike_haemolysis', 'exercise_il6_hepcidin', 'iron_store_absorption', 'store_hepcidin'),
    published='iron deficiency in 35.9 % of 290 female athletes (30.4-41.4 %)',
    diagnosis="The share is 29.33 %, below the interval (30.38 %). It was 32.0 % before two changes, neither set "
    "from this case: blood losses carry iron at the current [Hb] (blood_hb_share: women whose Hb sits below 135 "
    "g/L lose a little less iron; 32.0 -> 31.67 % alone) and the acute hepcidin half-life re-fitted from 9 to 8 h "
    "(FE-DOSE, after fia0 was fitted to FE-DOSE and FE-ALT-DAY; cohort.validation.fits.iron_absorption; 30.33 % "
    "alone): exercise hepcidin decays faster, so athletes absorb more of their meals' iron and sit at a higher "
    "ferritin. The fit of the ferroportin lag and K_h (2026-12-08; FE-TWICE, FE-EX-ABS) moved it 29.17 -> 29.33 "
    "%; fitted to FE-TWICE alone (lag 12 h) it gave 31.2 % (passes), but that lag fails FE-EX-ABS. The model "
    "was already at the low edge of Roy 2022's interval: its women sit 0.4 g/dL below their Hb set point on "
    "average (13.2 vs 13.6 g/dL in a 4,000-athlete base cohort), so part of their iron need is met by a smaller "
    "Hb mass rather than by stores.",
)
def lit_fe_prev_female() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-FE-PREV-FEMALE")
    ferritin = out.drawn("control", "ferritin_ug_l", 12)
    p, n = 0.359, 290
    half = 1.96 * float(np.sqrt(p * (1.0 - p) / n))
    return [Check("female athletes with ferritin < 30 ug/L", float(np.mean(ferritin < 30.0) * 100.0), 100.0 * (p - half), 100.0 * (p + half), "%")]
