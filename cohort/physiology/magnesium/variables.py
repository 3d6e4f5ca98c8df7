"""State variables of magnesium (traits, extracellular and body Mg, status, serum, daily flows) and its intake slot.
The equations are in the package docstring (:mod:`cohort.physiology.magnesium`).
"""

from __future__ import annotations

from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import STATE, Var

NAME = "magnesium"

V = STATE.declare(
    NAME,
    [
        Var("mg_replete_mg", "mg", 5000, 80000, "body magnesium when replete (scales with body mass)", "trait"),
        Var("mg_serum_setpoint_mmol_l", "mmol/L", 0.6, 1.1, "the athlete's homeostatic serum Mg", "trait"),
        Var("mg_exchangeable_mg", "mg", 1, 1e4, "extracellular magnesium (serum and interstitial fluid)"),
        Var("mg_body_mg", "mg", 1000, 1e5, "body magnesium (bone, muscle, soft tissue, extracellular)"),
        Var("mg_status", "ratio", 0.05, 3, "tissue magnesium status (tissue Mg / replete)"),
        Var("mg_serum_mmol_l", "mmol/L", 0.1, 2.5, "serum magnesium"),
        Var("mg_absorbed_mg_d", "mg/d", 0, 1e5, "magnesium absorbed today"),
        Var("mg_sweat_loss_mg_d", "mg/d", 0, 1e4, "magnesium lost in training sweat today"),
        Var("mg_urinary_mg_d", "mg/d", 0, 1e5, "urinary magnesium today"),
        Var("mg_balance_mg_d", "mg/d", -1e4, 1e5, "today's net magnesium balance"),
    ],
)

INTAKE_MAGNESIUM = NUTRIENTS.intake["magnesium_mg"]
#: molar mass of magnesium, mg/mmol
MG_PER_MMOL = 24.305
