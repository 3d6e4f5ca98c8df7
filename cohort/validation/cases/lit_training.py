"""Literature validation case of the training response (validation split); protocol in
``cohort/validation/protocols/LIT-TR-DETRAIN.yaml``, run through the experiment API."""

from __future__ import annotations

import numpy as np

from cohort.validation.framework import Check, case
from cohort.validation.protocols import run_protocol


@case(
    "LIT-TR-DETRAIN", "VO2max after short- and long-term training cessation", "muscle", ("zheng2022",), "[A]",
    "Meta-analysis of 21 studies in athletes (Zheng 2022, abstract): VO2max fell after short-term training "
    "cessation (ES -0.62, 95 % CI -0.94 to -0.31) and more after long-term cessation (ES -1.42, -1.99 to "
    "-0.84). In silico (LIT-TR-DETRAIN.yaml): 300 trained athletes, 8 weeks of 5 sessions/wk, then no "
    "training; ES = mean change / SD at the end of training, after 3 weeks (short) and 8 weeks (long) off, "
    "VO2max tested in weeks 8, 11 and 16 through the observation layer (test-retest CV 5.6 %).",
    kind="validation",
    mechanisms=("plasma_volume_vo2max",),
    published='ES -0.62 (-0.94 to -0.31) short-term; -1.42 (-1.99 to -0.84) long-term',
    diagnosis="VO2max still falls too slowly after training stops over 8 weeks (ES -0.60, short of -0.84); the "
    "3-week loss is inside its interval (-0.33; -0.31 before the plasma volume expansion got its ceiling, "
    "2026-12-07). Two components lose it: the Banister fitness decaying with tau_1 = 42 d, and "
    "the plasma volume expansion (mechanism plasma_volume_vo2max, contested: tau_PV = 2 d, Cullinane 1986; "
    "k_PV from Convertino 1980 under the ceiling E_PV = 25 %, Fellmann 1992; beta = 0.25 VO2max per unit plasma "
    "volume, Coyle 1986), which moved the ES from -0.24 to -0.33 and from -0.52 to -0.60. A trained athlete on the "
    "habitual endurance week (~34 AU/d, response 0.3) holds only y = s_e g_e ~ 0.18 of fitness, VO2max ~14 % above "
    "the untrained capacity, and ~7 % plasma volume expansion, ~1.8 % of VO2max (Coyle 1984's athletes were ~44 % "
    "above sedentary controls and lost 7 % by day 21, 16 % by day 56, then plateaued). The saturating map "
    "sat(y, G_e) has slope 1/(1 + y/G_e)^2 ~ 0.59 there, so losing 39 % of y by day 21 costs only ~4 % of VO2max. "
    "Missing: the slower central losses beyond plasma volume (stroke volume and cardiac dimensions over weeks, "
    "Mujika & Padilla 2001) and the between-athlete SD: the ES denominator is the SD of a mixed-sex, "
    "mixed-sport cohort, wider than the homogeneous groups of the pooled studies.",
)
def lit_tr_detrain() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-TR-DETRAIN")
    trained = out.drawn("control", "vo2max_ml_kg_min", 8)
    sd = float(np.std(trained, ddof=1))
    short = out.drawn_change("control", "vo2max_ml_kg_min", 11, start_week=8)
    long = out.drawn_change("control", "vo2max_ml_kg_min", 16, start_week=8)
    return [
        Check("measured VO2max ES after 3 weeks without training", float(short.mean() / sd), -0.94, -0.31, "ES"),
        Check("measured VO2max ES after 8 weeks without training", float(long.mean() / sd), -1.99, -0.84, "ES"),
    ]
