"""State variables of the iron subsystem: traits, pools, event-clock carry-over, outputs, flags.

The equations are in the package docstring (:mod:`cohort.physiology.iron`).
"""

from __future__ import annotations

from cohort.state import STATE, Var

NAME = "iron"

V = STATE.declare(
    NAME,
    [
        Var("menstrual_iron_loss_mg_d", "mg/d", 0, 20, "mean menstrual iron loss (0 if not menstruating)", "trait"),
        Var("blood_volume_l", "L", 1.5, 12, "blood volume at baseline", "trait"),
        Var("hb_mass_baseline_g", "g", 100, 2500, "Hb mass at the start of the run", "trait"),
        Var("hb_set_g_dl", "g/dL", 8, 20, "Hb concentration the erythropoietic set point defends", "trait"),
        Var("iron_absorption_efficiency", "ratio", 0.05, 20, "persistent non-heme absorption efficiency (mean 1)", "trait"),
        Var("storage_iron_mg", "mg", 0, 2e4, "storage iron (ferritin, haemosiderin, macrophage)"),
        Var("ferritin_ug_l", "ug/L", 0, 2500, "serum ferritin"),
        Var("hb_mass_g", "g", 50, 2500, "total haemoglobin mass"),
        Var("hb_g_dl", "g/dL", 2, 25, "haemoglobin concentration"),
        Var("plasma_iron_mg", "mg", 0, 100, "transferrin-bound plasma iron"),
        Var("tsat_pct", "%", 0, 100, "transferrin saturation (daily mean)"),
        Var("il6_excess_pg_ml", "pg/mL", 0, 1e4, "exercise IL-6 above baseline at midnight"),
        Var("fe_signal_au", "AU", 0, 1e3, "absorbed-iron signal driving hepcidin, at midnight"),
        Var("hepcidin_excess_nmol_l", "nmol/L", 0, 1e3, "acute hepcidin above baseline at midnight"),
        Var("hepcidin_effective_excess_nmol_l", "nmol/L", 0, 1e3,
            "acute hepcidin excess acting on enterocyte ferroportin (lags the serum excess), at midnight"),
        Var("hepcidin_nmol_l", "nmol/L", 0, 1e3, "serum hepcidin-25 at 08:00 (fasting sample)"),
        Var("hepcidin_mean_nmol_l", "nmol/L", 0, 1e3, "24-h mean serum hepcidin"),
        Var("fe_absorbed_food_mg_d", "mg/d", 0, 1e3, "iron absorbed today from meals (heme + non-heme)"),
        Var("fe_absorbed_dose_mg_d", "mg/d", 0, 1e3, "iron absorbed today from supplement doses"),
        Var("fe_lost_mg_d", "mg/d", 0, 1e3, "iron lost today (basal, sweat, blood, urine)"),
        Var("fe_absorbed_cum_mg", "mg", 0, 1e7, "iron absorbed since the start of the run"),
        Var("fe_lost_cum_mg", "mg", 0, 1e7, "iron lost since the start of the run"),
        Var("anaemia_flag", "0/1", 0, 1, "Hb < 12 g/dL (F) or < 13 g/dL (M)"),
        Var("ida_flag", "0/1", 0, 1, "iron-deficiency anaemia: ferritin < 30 ug/L and anaemic"),
        Var("idna_flag", "0/1", 0, 1, "iron deficiency without anaemia: ferritin < 30 ug/L, Hb normal"),
        Var("iron_overload_flag", "0/1", 0, 1, "ferritin > 300 (M) / 200 (F) ug/L or TSAT > 45 %"),
    ],
)
