"""State variables of vitamin D (traits, D3 pool and fat store, 25(OH)D, VDR signal) and its intake slot.
The equations are in the package docstring (:mod:`cohort.physiology.vitamin_d`).
"""

from __future__ import annotations

from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import STATE, Var

NAME = "vitamin_d"

V = STATE.declare(
    NAME,
    [
        Var("vitd_oral_absorption", "ratio", 0.02, 20, "per-athlete efficiency of oral vitamin D3 absorption (mean 1)", "trait"),
        Var("vitd_half_life_ratio", "ratio", 0.05, 20, "the athlete's 25(OH)D half-life / population mean", "trait"),
        Var("vitd_basal_input_ratio", "ratio", 0.02, 20, "the athlete's all-source basal vitamin D input / population mean", "trait"),
        Var("vitd_skin_efficiency", "ratio", 0.02, 20, "per-athlete cutaneous vitamin D3 yield per UV dose (mean 1)", "trait"),
        Var("vitd_skin_ug_d", "ug/d", 0, 2000, "today's cutaneous vitamin D3 synthesis"),
        Var("vitd_d3_pool_ug", "ug", 0, 1e6, "circulating and hepatic vitamin D3"),
        Var("vitd_fat_store_ug", "ug", 0, 1e7, "vitamin D3 stored in adipose tissue"),
        Var("vitd_25oh_nmol_l", "nmol/L", 0, 3000, "serum 25-hydroxyvitamin D (intoxication cases reach >1000)"),
        Var("vitd_vdr_signal", "0-1", 0, 1, "muscle 1,25(OH)2D/VDR signal (saturating in 25(OH)D)"),
    ],
)

INTAKE_VITAMIN_D = NUTRIENTS.intake["vitamin_d_ug"]
