"""Iron and hepcidin: absorption on an event clock, stores, transferrin, haemoglobin, losses.

State, per athlete (iron in mg, Hb mass in g):

* ``storage_iron_mg`` S (ferritin/haemosiderin incl. macrophage iron); ``ferritin_ug_l`` = S / k_sf
  with k_sf ~ 8-10 mg per ug/L (Walters 1973);
* ``hb_mass_g`` M (3.39 mg Fe per g Hb, IOM 2001) and ``hb_g_dl``;
* ``plasma_iron_mg`` P (transferrin-bound) and ``tsat_pct``;
* the event clock carried across midnight: ``il6_excess_pg_ml`` I, ``fe_signal_au`` J,
  ``hepcidin_excess_nmol_l`` H (see :mod:`cohort.physiology.hepcidin`);
* outputs ``hepcidin_nmol_l`` (08:00 fasting sample), ``hepcidin_mean_nmol_l``, today's absorbed
  iron from food and supplements, cumulative absorbed and lost iron (mass balance), flags.

Baseline hepcidin (nmol/L) from stores, erythropoietic drive and the clock time t (h):

    h_base = h_ref (F/50)^{s_F}  /  (1 + e_H max(0, 1 - Hb/Hb_set))      (Galesloot 2011; Kautz 2014)
    h(t)   = h_base (1 + A_c tri(t)) + H(t)                             (Troutt 2012: trough ~06:00)

Non-heme iron absorbed at each intake event k (mg), with D_k its non-heme iron:

    A_k = eps_i fia0 D_k (1 + D_k/D_sat)^{-(1-e)}  m_k  R_hep(h(t_k))  R_store(F)  C_k  Ca_k  P_k
    R_hep = (1 + h_ref/K_h)/(1 + h/K_h);  R_store = 1 + u max(0, 1 - F/F_up)
    C_k = 1 + w_k E_C c/(c + c50);  Ca_k = 1 - w_k I_Ca ca^2/(ca^2 + ca50^2);  P_k = 1 - w_k I_P p/(p + p50)

where eps_i is the athlete's persistent absorption efficiency (log-normal, mean 1), m_k the
meal-matrix bioavailability (1 for a supplement dose taken alone) and w_k = 1 for a dose,
w_meal (Cook & Reddy 2001) for a complete-diet meal. Heme iron: A = heme (f_rep +
(f_dep - f_rep) 30/(30 + F)) (Hallberg 1997). Each absorbed amount enters the iron signal J
as a sigmoid impulse A^2/(A^2 + A50^2) (Moretti 2015: doses >= 60 mg raise hepcidin for
~24 h, not 48 h). Each session adds to I at its end (Peeling 2009):

    dI = il6 (min/60) (intensity/0.75)^{x_I} * exercise_inflammation channel,
    k_I,eff = k_I * hepcidin_exercise_response * F^2/(F^2 + 30^2) (Peeling 2014 blunting)

Daily iron traffic (mg/d) with the daily-mean hepcidin hbar and phi0 = 3.39 M_set / 120:

    destroyed = 3.39 (M/120 + haemolysis);  export x = 1/(1 + hbar/K_x)   (ferroportin, Nemeth 2004)
    plasma inflow  Fin = A + x (destroyed - urinary) + x r_mob phi0 F/(F + F_mob)
    TSAT = c_T (Fin/phi0) / (1 + u_T F_mob/(F + F_mob))      (transferrin rises when stores are low)
    erythropoiesis E = (M_set/120) clamp(1 + g (1 - Hb/Hb_set), 0, g_max) * supply channel
                       * min(1, TSAT/(TSAT + K_T) (T_n + K_T)/T_n)          (Finch 1982; Bainton 1964)
    S' = S + (destroyed - urinary) + A - 3.39 E - basal - sweat - (P' - P)
    M' = M - destroyed/3.39 - blood loss/3.39 + E

Event times sit on a quarter-hour grid and the exponential decays come from per-scenario
tables, so the clock costs no exponential per athlete-day (:mod:`cohort.physiology.hepcidin`).
Runs start with no acute hepcidin (I = J = H = 0): protocols that time a dose or a session
should let ~3 days of meals and training pass first.

Crosstalk to muscle, from the start-of-day state:

    o2_delivery     *= 1 + k_VO2 (M - M0) / (VO2max0 * body mass)       (Schmidt & Prommer 2010)
    adapt_endurance *= 1 - a max(0, 1 - F/F_t)                          (Brownlie 2002; Hinton 2000)

Blood losses (menstrual, GI) remove Hb; haemolysed iron is recycled except a urinary fraction.
Every flow between S, M and P is internal, so body iron S + 3.39 M + P changes by exactly
absorbed - lost, which the cumulative states record. [Hb] = M / (BV0 + (1 - phi)(M - M0)/MCHC)
with phi the share of a red-cell volume change offset by plasma volume.

References: see ``cohort/data/references/iron.yaml`` (keys in each parameter and mechanism).
"""

from __future__ import annotations

import math

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology import hepcidin
from cohort.physiology.base import Subsystem, Threshold, modulate
from cohort.physiology.channels import C
from cohort.physiology.inputs import (
    EVENT0,
    EVENT_STRIDE,
    MAX_EVENTS,
    MAX_SESSIONS,
    SESSION0,
    SESSION_STRIDE,
    I,
)
from cohort.physiology.muscle import V as MUSCLE
from cohort.physiology.nutrients import NUTRIENTS
from cohort.physiology.traits import T
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



# Quarter-hour decay tables of the event clock (derived per scenario; see hepcidin.py).
_TABLES = ("il6", "excess", "signal")
_TABLE_NAMES = tuple(f"decay_{kind}_q{k}" for kind in _TABLES for k in range(hepcidin.GRID_STEPS + 1))


class IronParams(Params):
    """Iron, hepcidin and erythropoiesis parameters."""

    # compartments
    hb_iron_mg_per_g: float = param(3.39, "mg/g", (3.3, 3.47), "iom2001", "iron per g haemoglobin", gt=0)
    storage_mg_per_ferritin: float = param(8.5, "mg per ug/L", (8.0, 10.0), "walters1973", "k_sf: storage iron per ug/L ferritin", gt=0)
    red_cell_lifespan_d: float = param(120.0, "d", (100.0, 130.0), ("iom2001", "finch1982"), "red-cell lifespan", gt=0)
    mchc_g_l: float = param(330.0, "g/L", (310.0, 360.0), "beutler2006", "Hb per litre of red cells (MCHC)", gt=0)
    plasma_volume_compensation: float = param(
        1.0, "fraction", (0.5, 1.0), "schmidt2010", "phi: share of a red-cell volume change offset by plasma volume", le=1.0
    )
    tibc_mg_l: float = param(3.35, "mg/L plasma", (2.5, 4.5), "bainton1964", "transferrin iron-binding capacity when replete")
    tibc_upregulation: float = param(1.0, "ratio", (0.5, 1.5), "bainton1964", "u_T: rise of transferrin as stores empty")
    tsat_normal_pct: float = param(30.0, "%", (25.0, 35.0), ("bainton1964", "iom2001"), "T_n: TSAT at ferritin 100 ug/L", gt=0)
    mobilization_ratio: float = param(
        2.0, "ratio", (1.0, 3.0), "finch1982", "r_mob: store-to-plasma exchange per erythroid iron flux (plasma turnover ~35 mg/d)"
    )
    mobilization_ferritin_ug_l: float = param(60.0, "ug/L", (30.0, 100.0), "finch1982", "F_mob: ferritin at half-maximal exchange", gt=0)
    export_hepcidin_nmol_l: float = param(
        20.0, "nmol/L", (10.0, 40.0), ("nemeth2004", "ganz2011"), "K_x: hepcidin halving ferroportin export", gt=0
    )
    # erythropoiesis
    epo_gain: float = param(5.0, "ratio per fraction", (2.0, 8.0), "finch1982", "g: production rise per fractional Hb deficit")
    epo_max_drive: float = param(4.0, "ratio", (3.0, 6.0), "finch1982", "g_max: maximal erythropoietic drive", gt=0)
    tsat_half_erythropoiesis_pct: float = param(
        15.0, "%", (10.0, 20.0), "bainton1964", "K_T: TSAT at which iron supply halves erythropoiesis", gt=0
    )
    # hepcidin baseline
    hepcidin_ref_nmol_l: float = param(
        4.6, "nmol/L", (3.0, 6.5), "galesloot2011", "h_ref: hepcidin at ferritin 50 ug/L (medians 4.1 F, 7.8 M)", gt=0
    )
    hepcidin_ferritin_slope: float = param(0.8, "log/log", (0.6, 1.0), "galesloot2011", "s_F: log hepcidin per log ferritin")
    hepcidin_erythroid_suppression: float = param(
        15.0, "per fraction", (5.0, 30.0), "kautz2014", "e_H: hepcidin suppression per fractional Hb deficit"
    )
    circadian_amplitude: float = param(
        0.15, "fraction", (0.05, 0.5), ("troutt2012", "ganz2008"), "A_c: trough-to-peak rise of baseline hepcidin"
    )
    circadian_trough_h: float = param(6.0, "h", (4.0, 8.0), "troutt2012", "clock time of the hepcidin trough")
    sample_clock_h: float = param(8.0, "h", (7.0, 9.0), "peeling2009", "clock time of the fasting blood sample")
    # exercise -> IL-6 -> hepcidin
    il6_per_hour_pg_ml: float = param(
        6.0, "pg/mL per h", (3.0, 12.0), ("peeling2009", "fischer2006"), "IL-6 rise per hour at 75 % VO2max (6.9x baseline ~1 pg/mL)"
    )
    il6_intensity_exponent: float = param(2.0, "exponent", (1.0, 3.0), "fischer2006", "x_I: IL-6 vs relative intensity")
    il6_half_life_h: float = param(1.5, "h", (1.0, 3.0), "fischer2006", "post-exercise IL-6 half-life", gt=0)
    hepcidin_per_il6: float = param(
        0.9, "nmol/L/h per pg/mL", (0.2, 1.5), ("peeling2009", "peeling2014"), "k_I: hepcidin production per IL-6 excess"
    )
    hepcidin_excess_half_life_h: float = param(
        10.0, "h", (6.0, 12.0), ("peeling2009", "moretti2015"), "decay of acute hepcidin (peak 3-6 h; ~24 h memory)", gt=0
    )
    exercise_ferritin_half_ug_l: float = param(
        30.0, "ug/L", (20.0, 40.0), "peeling2014", "ferritin at which the exercise hepcidin rise is halved", gt=0
    )
    # absorbed iron -> hepcidin
    fe_signal_half_life_h: float = param(3.0, "h", (2.0, 5.0), ("moretti2015", "stoffel2017"), "serum-iron rise after a dose", gt=0)
    hepcidin_per_signal: float = param(
        3.2, "nmol/L/h per AU", (0.5, 4.0), ("moretti2015", "stoffel2017"), "k_J: hepcidin production per unit iron signal"
    )
    signal_half_absorbed_mg: float = param(
        7.0, "mg", (5.0, 20.0), "moretti2015", "A50: absorbed iron giving half the maximal hepcidin signal (sigmoid)", gt=0
    )
    # non-heme absorption
    fia_small_dose: float = param(
        0.2, "fraction", (0.1, 0.45), ("moretti2015", "bezwoda1979"), "fia0: FIA of a small fasting FeSO4 dose at h_ref (ferritin ~50)"
    )
    dose_saturation_mg: float = param(5.0, "mg", (2.0, 10.0), "moretti2015", "D_sat: dose above which absorption is sub-linear", gt=0)
    dose_exponent: float = param(0.55, "exponent", (0.45, 0.65), "moretti2015", "e: absorbed ~ dose^e for large doses")
    absorption_hepcidin_nmol_l: float = param(
        2.0, "nmol/L", (1.5, 6.0), ("galetti2021", "moretti2015"), "K_h: hepcidin halving non-heme absorption", gt=0
    )
    store_upregulation: float = param(
        0.5, "ratio", (0.0, 1.5), ("galetti2021", "bezwoda1979"), "u: hepcidin-independent rise of FIA as stores empty"
    )
    store_upregulation_ferritin_ug_l: float = param(
        50.0, "ug/L", (30.0, 60.0), "galetti2021", "F_up: ferritin below which mucosal up-regulation starts", gt=0
    )
    meal_bioavailability: float = param(
        0.9, "ratio", (0.2, 1.0), ("hallberg1989", "dainty2014"), "m: meal non-heme iron vs fasting FeSO4 (phytate, matrix; calibrated to whole-diet ~7-8 % in men)"
    )
    vitc_max_enhancement: float = param(12.5, "ratio", (5.0, 15.0), "cook1977", "E_C: maximal extra absorption (1.65x at 25 mg, 9.6x at 1 g)")
    vitc_half_mg: float = param(455.0, "mg", (200.0, 800.0), "cook1977", "c50: vitamin C giving half of E_C", gt=0)
    calcium_max_inhibition: float = param(0.6, "fraction", (0.5, 0.7), "hallberg1991", "I_Ca: maximal inhibition by calcium", le=1)
    calcium_half_mg: float = param(100.0, "mg", (60.0, 160.0), "hallberg1991", "ca50: calcium (Hill 2) for half of I_Ca (~50 % at 300 mg)", gt=0)
    polyphenol_max_inhibition: float = param(0.9, "fraction", (0.7, 0.95), "hurrell1999", "I_P: maximal inhibition by polyphenols", le=1)
    polyphenol_half_mg: float = param(20.0, "mg", (10.0, 50.0), "hurrell1999", "p50: polyphenols for half of I_P (60-90 % at 100-400 mg)", gt=0)
    complete_diet_modifier_weight: float = param(
        0.25, "fraction", (0.1, 0.5), ("cook2001", "reddy1997"), "w_meal: share of single-meal enhancer/inhibitor effects in a complete diet"
    )
    heme_fia_replete: float = param(0.15, "fraction", (0.1, 0.25), "hallberg1997", "heme FIA with ample stores")
    heme_fia_deplete: float = param(0.35, "fraction", (0.25, 0.45), "hallberg1997", "heme FIA with empty stores")
    # losses
    basal_loss_ug_kg_d: float = param(14.0, "ug/kg/d", (12.0, 16.0), ("iom2001", "green1968"), "basal iron loss")
    sweat_first_hour_mg_m2_h: float = param(0.06, "mg/m2/h", (0.04, 0.08), ("deruisseau2002", "waller1996"), "sweat iron, first hour")
    sweat_later_mg_m2_h: float = param(0.042, "mg/m2/h", (0.03, 0.06), "deruisseau2002", "sweat iron after the first hour")
    gi_loss_mg_per_au: float = param(
        0.003, "mg/AU", (0.0, 0.01), ("stewart1984", "robertson1987"), "GI blood iron loss per endurance AU"
    )
    haemolysis_hb_g_per_au: float = param(
        0.005, "g Hb/AU", (0.0, 0.02), "telford2003", "foot-strike haemolysis per endurance AU"
    )
    haemolysis_urinary_fraction: float = param(
        0.1, "fraction", (0.02, 0.3), "telford2003", "share of haemolysed iron lost in urine", le=1
    )
    menstrual_median_mg_d: float = param(0.49, "mg/d", (0.4, 0.55), ("iom2001", "hallberg1966"), "median menstrual iron loss")
    menstrual_log_sd: float = param(0.8, "log units", (0.6, 1.0), ("iom2001", "hallberg1966"), "between-woman SD of log loss")
    menstrual_max_mg_d: float = param(
        3.0, "mg/d", (2.0, 5.0), ("hallberg1966", "iom2001"),
        "truncation of the log-normal tail: ~3 mg/d is ~200 mL blood per cycle, far into clinical "
        "menorrhagia (>80 mL); an untruncated tail gives losses no diet can match",
    )
    absorption_efficiency_log_sd: float = param(
        0.3, "log units", (0.1, 0.5), ("bezwoda1979", "hallberg1997"),
        "between-athlete SD of log non-heme absorption at equal iron status (Bezwoda: r = -0.78, not -1)",
    )
    # O2 delivery
    vo2max_ml_min_per_g_hb: float = param(
        3.2, "mL/min per g", (3.0, 5.0), ("schmidt2010", "otto2013"), "VO2max change per g Hb mass"
    )
    tissue_iron_ferritin_ug_l: float = param(
        20.0, "ug/L", (16.0, 30.0), ("brownlie2002", "hinton2000"), "ferritin below which tissue iron limits aerobic adaptation", gt=0
    )
    tissue_iron_adaptation_loss: float = param(
        0.5, "fraction", (0.2, 0.7), ("brownlie2002", "hinton2000"), "loss of endurance adaptation at empty stores (placebo ~half the VO2max gain)", le=1
    )
    vitc_exercise_hepcidin_attenuation: float = param(
        0.3, "fraction", (0.0, 0.6), ("dzik2023_unverified", "diaz2015"), "claimed maximal cut of the exercise hepcidin rise by vitamin C"
    )
    vitc_exercise_half_mg: float = param(500.0, "mg", (100.0, 1000.0), ("dzik2023_unverified",), "vitamin C for half the claimed cut", gt=0)

    derived_names = (
        "rate_il6", "rate_excess", "rate_signal", "rbc_turnover", "ferritin_per_mg", "tsat_scale",
        "hep_abs_ref", "hep_abs_inv", "dose_shape", "store_up_inv", "kx_inv", "mean_circadian",
        "tau_il6", "tau_excess", "tau_signal", "inv_gap_il6", "inv_gap_signal",
        *_TABLE_NAMES,
    )

    def derived(self) -> dict[str, float]:
        ln2 = math.log(2.0)
        rates = {
            "il6": ln2 / self.il6_half_life_h,
            "excess": ln2 / self.hepcidin_excess_half_life_h,
            "signal": ln2 / self.fe_signal_half_life_h,
        }
        tables = {
            f"decay_{kind}_q{k}": value for kind in _TABLES for k, value in enumerate(hepcidin.decay_table(rates[kind]))
        }
        # TSAT normalisation: the formula gives T_n at ferritin 100 ug/L with reference hepcidin.
        h100 = self.hepcidin_ref_nmol_l * 2.0**self.hepcidin_ferritin_slope
        export = 1.0 / (1.0 + h100 / self.export_hepcidin_nmol_l)
        store = 100.0 / (100.0 + self.mobilization_ferritin_ug_l)
        flux = export * (1.0 + self.mobilization_ratio * store)
        tibc = 1.0 + self.tibc_upregulation * (1.0 - store)
        return {
            "rate_il6": ln2 / self.il6_half_life_h,
            "rate_excess": ln2 / self.hepcidin_excess_half_life_h,
            "rate_signal": ln2 / self.fe_signal_half_life_h,
            "rbc_turnover": 1.0 / self.red_cell_lifespan_d,
            "ferritin_per_mg": 1.0 / self.storage_mg_per_ferritin,
            "tsat_scale": self.tsat_normal_pct * tibc / flux,
            "hep_abs_ref": 1.0 + self.hepcidin_ref_nmol_l / self.absorption_hepcidin_nmol_l,
            "hep_abs_inv": 1.0 / self.absorption_hepcidin_nmol_l,
            "dose_shape": 1.0 - self.dose_exponent,
            "store_up_inv": 1.0 / self.store_upregulation_ferritin_ug_l,
            "kx_inv": 1.0 / self.export_hepcidin_nmol_l,
            "mean_circadian": 0.5 * self.circadian_amplitude,
            "tau_il6": 1.0 / rates["il6"],
            "tau_excess": 1.0 / rates["excess"],
            "tau_signal": 1.0 / rates["signal"],
            "inv_gap_il6": 1.0 / (rates["excess"] - rates["il6"]),
            "inv_gap_signal": 1.0 / (rates["excess"] - rates["signal"]),
            **tables,
        }


P = PARAMS.declare(NAME, IronParams)


# ----------------------------------------------------------------------------- mechanisms
@kernel
def hepcidin_absorption_factor(hepcidin_nmol_l, p):
    """R_hep = (1 + h_ref/K_h) / (1 + h/K_h): hepcidin degrades ferroportin and blocks
    enterocyte export; 1 at the reference hepcidin (nmol/L). References: Ganz 2011; Moretti 2015."""
    return p[P.hep_abs_ref] / (1.0 + hepcidin_nmol_l * p[P.hep_abs_inv])


@kernel
def store_absorption_factor(ferritin, p):
    """R_store = 1 + u max(0, 1 - F/F_up): mucosal (HIF-2a, DMT1) up-regulation below ferritin
    ~50 ug/L, on top of the hepcidin effect. References: Galetti 2021; Bezwoda 1979."""
    return 1.0 + p[P.store_upregulation] * max(0.0, 1.0 - ferritin * p[P.store_up_inv])


@kernel
def vitc_enhancement(vitamin_c_mg, weight, p):
    """C = 1 + w E_C c/(c + c50): ascorbate reduces Fe3+ and chelates it against phytate;
    1.65x at 25 mg and 9.6x at 1000 mg in a single meal (Cook & Monsen 1977); w < 1 in a
    complete diet (Cook & Reddy 2001)."""
    return 1.0 + weight * p[P.vitc_max_enhancement] * hepcidin.hill(vitamin_c_mg, p[P.vitc_half_mg], False)


@kernel
def calcium_inhibition(calcium_mg, weight, p):
    """Ca = 1 - w I_Ca ca^2/(ca^2 + ca50^2): none at 40 mg, ~50 % at 300 mg in a single meal
    (Hallberg 1991); small in a complete diet (Reddy & Cook 1997)."""
    return 1.0 - weight * p[P.calcium_max_inhibition] * hepcidin.hill(calcium_mg, p[P.calcium_half_mg], True)


@kernel
def polyphenol_inhibition(polyphenol_mg, weight, p):
    """P = 1 - w I_P p/(p + p50): tea/coffee with 20-400 mg polyphenols cut absorption 50-90 %
    (Hurrell 1999)."""
    return 1.0 - weight * p[P.polyphenol_max_inhibition] * hepcidin.hill(polyphenol_mg, p[P.polyphenol_half_mg], False)


@kernel
def exercise_il6_impulse(minutes, intensity, p):
    """dI = il6 (min/60) (intensity/0.75)^{x_I} pg/mL at the end of a session: IL-6 from
    contracting muscle peaks at the end of exercise (Fischer 2006; Peeling 2009)."""
    if minutes <= 0.0 or intensity <= 0.0:
        return 0.0
    relative = intensity / 0.75
    exponent = p[P.il6_intensity_exponent]
    scale = relative * relative if exponent == 2.0 else math.pow(relative, exponent)
    return p[P.il6_per_hour_pg_ml] * (minutes / 60.0) * scale


@kernel
def exercise_store_permission(ferritin, p):
    """F^2/(F^2 + F50^2), F50 ~30 ug/L: the post-exercise hepcidin rise needs replete stores
    (BMP-SMAD tone); absent below ferritin 30 ug/L (Peeling 2014)."""
    return hepcidin.hill(ferritin, p[P.exercise_ferritin_half_ug_l], True)


@kernel
def vitc_exercise_factor(vitamin_c_mg, p):
    """1 - a c/(c + c50) on the IL-6 -> hepcidin gain from today's vitamin C intake c (mg).

    The review's claim (Dzik 2023, not found); Diaz 2015 found vitamins C + E did NOT prevent
    the rise, so it is labelled contradicted and off by default. It reads the day's vitamin C
    intake rather than plasma ascorbate: ascorbate is the antioxidants subsystem's state, and
    the factor acts on iron's own hepcidin_exercise_response gain, which a subsystem may not
    contribute to as a channel, so it is applied inside iron's kinetics instead."""
    return 1.0 - p[P.vitc_exercise_hepcidin_attenuation] * hepcidin.hill(vitamin_c_mg, p[P.vitc_exercise_half_mg], False)


@kernel
def hb_o2_delivery(hb_mass_g, hb_mass_baseline_g, vo2max_ml_min, p):
    """O = 1 + k (M - M0)/VO2max0: ~3-4 mL/min VO2max per g Hb mass (Schmidt & Prommer 2010),
    ~1 % per 3 g/L [Hb] at constant blood volume (Otto 2013)."""
    return 1.0 + p[P.vo2max_ml_min_per_g_hb] * (hb_mass_g - hb_mass_baseline_g) / vo2max_ml_min


@kernel
def dose_hepcidin_impulse(absorbed_mg, p):
    """dJ = A^2/(A^2 + A50^2) for iron A (mg) absorbed at an event; J drives hepcidin at k_J per
    unit (Bateman chain of hepcidin.py). Sigmoid because hepcidin answers the transferrin-
    saturation spike of a large dose, which meals (< 1 mg absorbed) barely cause: doses
    >= 60 mg raise hepcidin at 24 h, not at 48 h (Moretti 2015; Stoffel 2017)."""
    return hepcidin.hill(absorbed_mg, p[P.signal_half_absorbed_mg], True)


@kernel
def store_hepcidin(ferritin, strength, p):
    """h = h_ref (F/50)^{s s_F} nmol/L: BMP6-SMAD signalling tracks liver iron; log-log slope
    ~0.8 against ferritin, medians 4.1 (F) and 7.8 (M) nmol/L (Galesloot 2011)."""
    ferritin = max(ferritin, 0.1)
    return p[P.hepcidin_ref_nmol_l] * math.exp(strength * p[P.hepcidin_ferritin_slope] * math.log(ferritin * 0.02))


@kernel
def erythroid_hepcidin_factor(hb, hb_set, p):
    """1 / (1 + e_H max(0, 1 - Hb/Hb_set)): erythroferrone from stimulated erythropoiesis
    suppresses hepcidin in anaemia (Kautz 2014)."""
    return 1.0 / (1.0 + p[P.hepcidin_erythroid_suppression] * max(0.0, 1.0 - hb / hb_set))


@kernel
def ferroportin_export(mean_hepcidin, p):
    """x = 1 / (1 + hbar/K_x): share of recycled and mobilised iron exported to plasma;
    hepcidin internalises ferroportin (Nemeth 2004; Ganz 2011)."""
    return 1.0 / (1.0 + mean_hepcidin * p[P.kx_inv])


@kernel
def tsat_restriction(tsat, p):
    """min(1, TSAT/(TSAT + K_T) (T_n + K_T)/T_n): iron-restricted erythropoiesis as TSAT falls
    below ~16 % (Bainton & Finch 1964; Finch 1982)."""
    k_t = p[P.tsat_half_erythropoiesis_pct]
    t_n = p[P.tsat_normal_pct]
    return min(1.0, (tsat / (tsat + k_t)) * ((t_n + k_t) / t_n))


@kernel
def sweat_iron_mg(d, body_surface_m2, p):
    """Sweat iron (mg) = BSA sum_sessions [min(h, 1) r_1 + max(h - 1, 0) r_2]: 0.06 mg/m2/h in the
    first hour, 0.042 after (DeRuisseau 2002; Waller & Haymes 1996)."""
    sweat = 0.0
    for slot in range(MAX_SESSIONS):
        hours = d[SESSION0 + slot * SESSION_STRIDE + 1] / 60.0
        first = min(hours, 1.0)
        sweat += first * p[P.sweat_first_hour_mg_m2_h] + (hours - first) * p[P.sweat_later_mg_m2_h]
    return sweat * body_surface_m2


@kernel
def gi_iron_mg(endurance_au, p):
    """GI blood iron (mg) = g_GI L_end: occult GI bleeding with heavy running (fecal Hb up ~4x
    after races; Stewart 1984; Robertson 1987)."""
    return p[P.gi_loss_mg_per_au] * endurance_au


@kernel
def haemolysis_hb_g(endurance_au, p):
    """Haemolysed Hb (g) = g_H L_end: foot-strike haemolysis (Telford 2003); its iron is recycled
    except a urinary share f_u."""
    return p[P.haemolysis_hb_g_per_au] * endurance_au


@kernel
def menstrual_iron_mg(x):
    """Menstrual iron (mg/d) = the athlete's trait m_i, log-normal across women (median ~0.49,
    log SD ~0.8), fixed within a woman (Hallberg 1966; IOM 2001)."""
    return x[V.menstrual_iron_loss_mg_d] * x[T.menstruating]


@kernel
def tissue_iron_adaptation(ferritin, p):
    """A = 1 - a max(0, 1 - F/F_t): iron deficiency without anaemia (ferritin < ~16-20 ug/L)
    halves the VO2max gain of aerobic training (Brownlie 2002; Hinton 2000)."""
    return 1.0 - p[P.tissue_iron_adaptation_loss] * max(0.0, 1.0 - ferritin / p[P.tissue_iron_ferritin_ug_l])


K = MECHANISMS.declare(
    NAME,
    [
        Mechanism("hepcidin_absorption", NAME, "hepcidin", "non-heme iron absorption", -1, "established",
                  ("ganz2011", "moretti2015", "galetti2021"), "hepcidin at the clock time of an intake event cuts its absorption",
                  hepcidin_absorption_factor, parameters=("absorption_hepcidin_nmol_l",)),
        Mechanism("iron_store_absorption", NAME, "iron stores", "iron absorption", -1, "established",
                  ("bezwoda1979", "galetti2021", "hallberg1997"), "low ferritin up-regulates non-heme and heme absorption",
                  store_absorption_factor, parameters=("store_upregulation", "store_upregulation_ferritin_ug_l", "heme_fia_deplete")),
        Mechanism("vitc_nonheme_absorption", NAME, "vitamin C (with the event)", "non-heme iron absorption", 1, "established",
                  ("cook1977", "hallberg1989", "cook2001"), "ascorbate taken with iron enhances non-heme absorption",
                  vitc_enhancement, parameters=("vitc_max_enhancement", "vitc_half_mg", "complete_diet_modifier_weight")),
        Mechanism("calcium_nonheme_inhibition", NAME, "calcium (with the event)", "non-heme iron absorption", -1, "supported",
                  ("hallberg1991", "reddy1997"), "calcium taken with iron inhibits its absorption (single meals; small in whole diets)",
                  calcium_inhibition, parameters=("calcium_max_inhibition", "calcium_half_mg")),
        Mechanism("polyphenol_nonheme_inhibition", NAME, "polyphenols (tea, coffee with the event)", "non-heme iron absorption", -1,
                  "established", ("hurrell1999",), "polyphenol-rich drinks taken with iron inhibit its absorption",
                  polyphenol_inhibition, parameters=("polyphenol_max_inhibition", "polyphenol_half_mg")),
        Mechanism("exercise_il6_hepcidin", NAME, "exercise (IL-6)", "hepcidin", 1, "established",
                  ("peeling2009", "peeling2014", "fischer2006"), "a session raises IL-6, which raises hepcidin 3-6 h later",
                  exercise_il6_impulse, parameters=("il6_per_hour_pg_ml", "il6_intensity_exponent", "hepcidin_per_il6")),
        Mechanism("exercise_hepcidin_store_blunting", NAME, "iron stores", "exercise hepcidin response", 1, "supported",
                  ("peeling2014",), "the post-exercise hepcidin rise is absent when ferritin < 30 ug/L",
                  exercise_store_permission, parameters=("exercise_ferritin_half_ug_l",)),
        Mechanism("iron_dose_hepcidin", NAME, "absorbed iron (dose)", "hepcidin", 1, "established",
                  ("moretti2015", "stoffel2017"), "an iron dose >= 60 mg raises hepcidin for ~24 h, cutting next-day absorption",
                  dose_hepcidin_impulse, parameters=("hepcidin_per_signal", "signal_half_absorbed_mg", "fe_signal_half_life_h")),
        Mechanism("hepcidin_circadian", NAME, "clock time", "hepcidin", 1, "supported",
                  ("troutt2012", "ganz2008"), "hepcidin is lowest in the early morning and rises through the day",
                  hepcidin.circadian_shape, parameters=("circadian_amplitude", "circadian_trough_h")),
        Mechanism("store_hepcidin", NAME, "iron stores (ferritin)", "hepcidin", 1, "established",
                  ("galesloot2011",), "hepcidin rises with ferritin (log-log slope ~0.8)",
                  store_hepcidin, parameters=("hepcidin_ref_nmol_l", "hepcidin_ferritin_slope")),
        Mechanism("erythropoietic_hepcidin_suppression", NAME, "erythropoietic drive (low Hb)", "hepcidin", -1, "supported",
                  ("kautz2014",), "anaemia-driven erythropoiesis suppresses hepcidin (erythroferrone)",
                  erythroid_hepcidin_factor, parameters=("hepcidin_erythroid_suppression",)),
        Mechanism("hepcidin_ferroportin_export", NAME, "hepcidin", "iron recycling and store release", -1, "established",
                  ("nemeth2004", "ganz2011"), "hepcidin traps recycled and stored iron in macrophages and hepatocytes",
                  ferroportin_export, parameters=("export_hepcidin_nmol_l",)),
        Mechanism("tsat_erythropoiesis", NAME, "transferrin saturation", "erythropoiesis", 1, "established",
                  ("bainton1964", "finch1982"), "red-cell production is iron-restricted when TSAT falls below ~16 %",
                  tsat_restriction, parameters=("tsat_half_erythropoiesis_pct",)),
        Mechanism("hb_mass_o2_delivery", NAME, "Hb mass", "O2 delivery / VO2max", 1, "established",
                  ("schmidt2010", "otto2013"), "more Hb mass, more O2 delivery and VO2max",
                  hb_o2_delivery, parameters=("vo2max_ml_min_per_g_hb",)),
        Mechanism("iron_deficiency_endurance_adaptation", NAME, "iron stores (tissue iron)", "endurance adaptation", 1, "supported",
                  ("brownlie2002", "hinton2000"), "iron deficiency without anaemia blunts the VO2max response to training",
                  tissue_iron_adaptation, parameters=("tissue_iron_ferritin_ug_l", "tissue_iron_adaptation_loss")),
        Mechanism("sweat_iron_loss", NAME, "training (sweat)", "iron loss", -1, "established",
                  ("deruisseau2002", "waller1996"), "sweat iron ~0.06 mg/m2/h in the first hour, ~0.04 after",
                  sweat_iron_mg, parameters=("sweat_first_hour_mg_m2_h", "sweat_later_mg_m2_h")),
        Mechanism("gi_iron_loss", NAME, "endurance running", "iron loss (GI blood)", -1, "supported",
                  ("stewart1984", "robertson1987"), "heavy running raises occult GI blood loss",
                  gi_iron_mg, parameters=("gi_loss_mg_per_au",)),
        Mechanism("footstrike_haemolysis", NAME, "endurance running", "red-cell destruction", -1, "supported",
                  ("telford2003",), "foot-strike haemolysis destroys red cells; a share of their iron is lost in urine",
                  haemolysis_hb_g, parameters=("haemolysis_hb_g_per_au", "haemolysis_urinary_fraction")),
        Mechanism("menstrual_iron_loss", NAME, "menstruation", "iron loss (blood)", -1, "established",
                  ("hallberg1966", "iom2001"), "menstrual blood loss, right-skewed across women, stable within a woman",
                  menstrual_iron_mg, parameters=("menstrual_median_mg_d", "menstrual_log_sd")),
        Mechanism("vitc_exercise_hepcidin", NAME, "vitamin C", "exercise hepcidin response", -1, "contradicted",
                  ("dzik2023_unverified", "diaz2015"),
                  "review claim that vitamin C blunts the post-exercise hepcidin rise; a controlled trial found no effect",
                  vitc_exercise_factor, parameters=("vitc_exercise_hepcidin_attenuation", "vitc_exercise_half_mg")),
    ],
)

I_VITC = NUTRIENTS.intake["vitamin_c_mg"]
_ITEMS = MAX_SESSIONS + MAX_EVENTS + 1  # session ends, intake events, the 08:00 sample
_SAMPLE_ITEM = MAX_SESSIONS + MAX_EVENTS
assert _ITEMS == 8, "day_clock lists its 8 items explicitly; update it with the input layout"
#: storage iron never drawn below this by erythropoiesis (mg; ferritin ~0.1 ug/L)
_STORE_FLOOR_MG = 1.0


# ----------------------------------------------------------------------------- kernels
@kernel
def hb_concentration_g_l(hb_mass_g, x, p):
    """[Hb] (g/L) = M / (BV0 + (1 - phi)(M - M0)/MCHC): plasma volume offsets a share phi of any
    change in red-cell volume (phi = 1: blood volume defended)."""
    change = (1.0 - p[P.plasma_volume_compensation]) * (hb_mass_g - x[V.hb_mass_baseline_g]) / p[P.mchc_g_l]
    return hb_mass_g / (x[V.blood_volume_l] + change)


@kernel
def baseline_hepcidin(x, p):
    """h_base (nmol/L) from start-of-day ferritin and Hb: h_ref (F/50)^{s_F} / (1 + e_H deficit)."""
    level = store_hepcidin(x[V.ferritin_ug_l], p[K.store_hepcidin], p)
    erythroid = erythroid_hepcidin_factor(x[V.hb_g_dl], x[V.hb_set_g_dl], p)
    return level * (modulate(p[K.erythropoietic_hepcidin_suppression], erythroid))


@kernel
def _grid_step(clock_h):
    """Nearest quarter-hour step (0..96) of a clock time in hours."""
    return min(hepcidin.GRID_STEPS, max(0, int(clock_h * hepcidin.STEPS_PER_HOUR + 0.5)))


@kernel
def _item_step(d, item):
    """Grid step of item: a session end or an intake event with iron (-1: nothing to do)."""
    if item < MAX_SESSIONS:
        base = SESSION0 + item * SESSION_STRIDE
        if d[base + 1] <= 0.0:
            return -1
        return _grid_step(d[base] + d[base + 1] / 60.0)
    base = EVENT0 + (item - MAX_SESSIONS) * EVENT_STRIDE
    if d[base + 1] <= 0.0 and d[base + 2] <= 0.0:
        return -1
    return _grid_step(d[base])


@kernel
def _advance_steps(il6, signal, excess, steps, p, gain_il6, gain_signal):
    """Advance the clock by a whole number of quarter hours with the tabulated decays."""
    if steps <= 0:
        return il6, signal, excess, 0.0
    return hepcidin.advance_decayed(
        il6, signal, excess, p[P.decay_il6_q0 + steps], p[P.decay_excess_q0 + steps], p[P.decay_signal_q0 + steps],
        p[P.tau_il6], p[P.tau_excess], p[P.tau_signal], gain_il6 * p[P.inv_gap_il6], gain_signal * p[P.inv_gap_signal],
    )


@kernel
def day_clock(x, p, d, stop_h):
    """Run the event clock from midnight to ``stop_h`` (h) from the start-of-day state.

    Events sit on the quarter-hour grid. Returns (hepcidin at stop_h, IL-6 excess I at
    stop_h, iron absorbed from meals (non-heme + heme), absorbed from supplement doses, J and
    H at stop_h, mean hepcidin over [0, stop_h], hepcidin at the sample time). Reads only own
    state, traits, day inputs and own channels.
    """
    ferritin = x[V.ferritin_ug_l]
    h_base = baseline_hepcidin(x, p)
    amplitude = p[K.hepcidin_circadian] * p[P.circadian_amplitude]
    trough = p[P.circadian_trough_h]
    # IL-6 -> hepcidin gain: channel (Mg, antioxidants), store permission, vitamin C claim.
    blunting = modulate(p[K.exercise_hepcidin_store_blunting], exercise_store_permission(ferritin, p))
    gain_il6 = p[P.hepcidin_per_il6] * d[C.hepcidin_exercise_response] * blunting
    if p[K.vitc_exercise_hepcidin] > 0.0:
        gain_il6 *= modulate(p[K.vitc_exercise_hepcidin], vitc_exercise_factor(d[I_VITC], p))
    gain_signal = p[K.iron_dose_hepcidin] * p[P.hepcidin_per_signal]
    store = modulate(p[K.iron_store_absorption], store_absorption_factor(ferritin, p))
    efficiency = x[V.iron_absorption_efficiency]
    heme_fia = p[P.heme_fia_replete] + p[K.iron_store_absorption] * (p[P.heme_fia_deplete] - p[P.heme_fia_replete]) * 30.0 / (30.0 + ferritin)

    il6 = x[V.il6_excess_pg_ml]
    signal = x[V.fe_signal_au]
    excess = x[V.hepcidin_excess_nmol_l]
    limit = stop_h * hepcidin.STEPS_PER_HOUR + 1e-9
    steps = (
        _item_step(d, 0), _item_step(d, 1), _item_step(d, 2), _item_step(d, 3),
        _item_step(d, 4), _item_step(d, 5), _item_step(d, 6), _grid_step(p[P.sample_clock_h]),
    )
    sample = 0.0
    integral = 0.0
    food = 0.0
    dose = 0.0
    now = 0
    done = 0
    while True:
        # next unprocessed item in clock order (8 items: scan instead of sorting)
        best = -1
        best_step = 1 << 30
        for item in range(_ITEMS):
            step = steps[item]
            if (done >> item) & 1 or step < 0 or step > limit:
                continue
            if step < best_step:
                best_step = step
                best = item
        if best < 0:
            break
        done |= 1 << best
        il6, signal, excess, part = _advance_steps(il6, signal, excess, best_step - now, p, gain_il6, gain_signal)
        integral += part
        now = best_step
        clock = now * (1.0 / hepcidin.STEPS_PER_HOUR)
        level = h_base * (1.0 + amplitude * hepcidin.circadian_shape(clock, trough)) + excess
        if best == _SAMPLE_ITEM:
            sample = level
        elif best < MAX_SESSIONS:
            base = SESSION0 + best * SESSION_STRIDE
            il6 += p[K.exercise_il6_hepcidin] * d[C.exercise_inflammation] * exercise_il6_impulse(d[base + 1], d[base + 2], p)
        else:
            base = EVENT0 + (best - MAX_SESSIONS) * EVENT_STRIDE
            is_dose = d[base + 6] > 0.5
            weight = 1.0 if is_dose else p[P.complete_diet_modifier_weight]
            matrix = 1.0 if is_dose else p[P.meal_bioavailability]
            regulation = modulate(p[K.hepcidin_absorption], hepcidin_absorption_factor(level, p))
            modifiers = (modulate(p[K.vitc_nonheme_absorption], vitc_enhancement(d[base + 3], weight, p))) * (
                modulate(p[K.calcium_nonheme_inhibition], calcium_inhibition(d[base + 4], weight, p))
            ) * (modulate(p[K.polyphenol_nonheme_inhibition], polyphenol_inhibition(d[base + 5], weight, p)))
            nonheme = d[base + 1]
            absorbed = hepcidin.dose_response(nonheme, p[P.fia_small_dose], p[P.dose_saturation_mg], p[P.dose_shape])
            absorbed = min(absorbed * matrix * regulation * store * modifiers * efficiency, 0.95 * nonheme)
            absorbed += heme_fia * d[base + 2]
            if is_dose:
                dose += absorbed
            else:
                food += absorbed
            signal += dose_hepcidin_impulse(absorbed, p)
    remaining = limit - 1e-9 - now
    whole = int(remaining + 1e-9)
    il6, signal, excess, part = _advance_steps(il6, signal, excess, whole, p, gain_il6, gain_signal)
    integral += part
    fraction = (remaining - whole) / hepcidin.STEPS_PER_HOUR
    if fraction > 1e-12:  # only for clock_profile queries between grid points
        il6, signal, excess, part = hepcidin.advance(
            il6, signal, excess, fraction, p[P.rate_il6], p[P.rate_excess], p[P.rate_signal], gain_il6, gain_signal
        )
        integral += part
    level = h_base * (1.0 + amplitude * hepcidin.circadian_shape(stop_h, trough)) + excess
    mean = h_base * (1.0 + amplitude * 0.5) + integral / max(stop_h, 1e-9)
    return level, il6, food, dose, signal, excess, mean, sample


@kernel
def crosstalk(x, p, d):
    """Hb mass -> O2 delivery -> VO2max; tissue iron -> endurance adaptation (muscle's channels)."""
    vo2max_ml_min = x[MUSCLE.vo2max_baseline_ml_kg_min] * x[T.body_mass_kg]
    factor = modulate(p[K.hb_mass_o2_delivery], hb_o2_delivery(x[V.hb_mass_g], x[V.hb_mass_baseline_g], vo2max_ml_min, p))
    d[C.o2_delivery] *= max(0.2, factor)
    ferritin = x[V.ferritin_ug_l]
    if ferritin < p[P.tissue_iron_ferritin_ug_l]:
        d[C.adapt_endurance] *= modulate(p[K.iron_deficiency_endurance_adaptation], tissue_iron_adaptation(ferritin, p))


@kernel
def kinetics(x, p, d):
    """Advance iron by one day: event clock, then the daily iron traffic (module docstring)."""
    hb_fe = p[P.hb_iron_mg_per_g]
    _level, il6, food, dose, signal, excess, mean_hepcidin, sample = day_clock(x, p, d, 24.0)
    absorbed = food + dose

    stores = x[V.storage_iron_mg]
    mass = x[V.hb_mass_g]
    ferritin = x[V.ferritin_ug_l]
    hb = hb_concentration_g_l(mass, x, p)
    hb_set = 10.0 * x[V.hb_set_g_dl]
    mass_set = hb_set * x[V.blood_volume_l]
    turnover = p[P.rbc_turnover]
    phi0 = hb_fe * mass_set * turnover  # normal erythroid iron flux, mg/d

    # Losses (mg Fe) and red-cell destruction.
    endurance = d[I.load_endurance_au]
    sweat = p[K.sweat_iron_loss] * sweat_iron_mg(d, x[T.body_surface_m2], p)
    basal = p[P.basal_loss_ug_kg_d] * 1e-3 * x[T.body_mass_kg]
    blood = p[K.menstrual_iron_loss] * menstrual_iron_mg(x) + p[K.gi_iron_loss] * gi_iron_mg(endurance, p)
    haemolysed_g = p[K.footstrike_haemolysis] * haemolysis_hb_g(endurance, p)
    destroyed_g = mass * turnover + haemolysed_g
    urinary = hb_fe * haemolysed_g * p[P.haemolysis_urinary_fraction]
    recycled = hb_fe * destroyed_g - urinary

    # Plasma inflow and transferrin saturation (quasi-steady within the day).
    export = modulate(p[K.hepcidin_ferroportin_export], ferroportin_export(mean_hepcidin, p))
    store_share = ferritin / (ferritin + p[P.mobilization_ferritin_ug_l])
    inflow = absorbed + export * (recycled + p[P.mobilization_ratio] * phi0 * store_share)
    tibc_factor = 1.0 + p[P.tibc_upregulation] * (1.0 - store_share)
    tsat = min(100.0, max(0.5, p[P.tsat_scale] * (inflow / phi0) / tibc_factor))

    # Erythropoiesis: EPO drive x B-vitamin supply x iron supply (TSAT), limited by iron on hand.
    drive = min(p[P.epo_max_drive], max(0.0, 1.0 + p[P.epo_gain] * (1.0 - hb / hb_set)))
    restriction = modulate(p[K.tsat_erythropoiesis], tsat_restriction(tsat, p))
    plasma_volume = x[V.blood_volume_l] - mass / p[P.mchc_g_l]
    plasma_new = 0.01 * tsat * p[P.tibc_mg_l] * tibc_factor * max(plasma_volume, 0.5)
    available = stores + recycled + absorbed - basal - sweat - (plasma_new - x[V.plasma_iron_mg])
    production_fe = hb_fe * mass_set * turnover * drive * d[C.erythropoiesis_supply] * restriction
    production_fe = max(0.0, min(production_fe, inflow, available - _STORE_FLOOR_MG))

    lost = basal + sweat + blood + urinary
    x[V.storage_iron_mg] = available - production_fe
    x[V.hb_mass_g] = mass - destroyed_g - blood / hb_fe + production_fe / hb_fe
    x[V.plasma_iron_mg] = plasma_new
    x[V.tsat_pct] = tsat
    x[V.ferritin_ug_l] = x[V.storage_iron_mg] * p[P.ferritin_per_mg]
    x[V.hb_g_dl] = 0.1 * hb_concentration_g_l(x[V.hb_mass_g], x, p)
    x[V.il6_excess_pg_ml] = il6
    x[V.fe_signal_au] = signal
    x[V.hepcidin_excess_nmol_l] = excess
    x[V.hepcidin_nmol_l] = sample
    x[V.hepcidin_mean_nmol_l] = mean_hepcidin
    x[V.fe_absorbed_food_mg_d] = food
    x[V.fe_absorbed_dose_mg_d] = dose
    x[V.fe_lost_mg_d] = lost
    x[V.fe_absorbed_cum_mg] += absorbed
    x[V.fe_lost_cum_mg] += lost
    set_flags(x)


@kernel
def set_flags(x):
    """Clinical flags: anaemia (Hb < 12 F / 13 M g/dL, WHO), ID (ferritin < 30), overload."""
    female = x[T.female] > 0.5
    anaemic = x[V.hb_g_dl] < (12.0 if female else 13.0)
    deficient = x[V.ferritin_ug_l] < 30.0
    x[V.anaemia_flag] = 1.0 if anaemic else 0.0
    x[V.ida_flag] = 1.0 if (anaemic and deficient) else 0.0
    x[V.idna_flag] = 1.0 if (deficient and not anaemic) else 0.0
    overload = x[V.ferritin_ug_l] > (200.0 if female else 300.0) or x[V.tsat_pct] > 45.0
    x[V.iron_overload_flag] = 1.0 if overload else 0.0



def clock_profile(x: np.ndarray, p: np.ndarray, d: np.ndarray, hours: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Hourly (or any clock-time) serum hepcidin (nmol/L) and IL-6 excess (pg/mL) of one athlete-day.

    A pure function of the start-of-day state row ``x``, the parameter vector ``p`` and the
    day vector ``d`` after the schedule and crosstalk phases; it evaluates the same closed-form
    clock the daily kernel uses (no hourly loop in the simulation). For validation and plots.
    """
    times = np.arange(25.0) if hours is None else np.asarray(hours, dtype=np.float64)
    hep = np.empty(times.shape[0])
    il6 = np.empty(times.shape[0])
    for k, t in enumerate(times):
        result = day_clock(x, p, d, float(t))
        hep[k] = result[0]
        il6[k] = result[1]
    return hep, il6


# ----------------------------------------------------------------------------- initial status
# Baseline ferritin (ug/L), log-normal by sex and menstrual status, lower on plant diets:
# ID (ferritin < 30) in ~25-35 % of menstruating and ~5 % of male athletes (Koehler 2012:
# ferritin < 35 in 57 % F / 31 % M of young elite athletes; Sims 2022; Galesloot 2011 for adults).
_FERRITIN_MEDIAN = {"male": 90.0, "female": 45.0, "female_non_menstruating": 75.0}
_FERRITIN_GSD = 1.9
_DIET_FERRITIN = np.array([1.0, 0.7, 0.6])  # omnivore, vegetarian, vegan (Haider 2018 meta-analysis)
# Iron-replete Hb set point (g/dL): mean and SD in white adults (Beutler & Waalen 2006).
_HB_SET = {"male": (15.1, 0.9), "female": (13.6, 0.8)}
# Blood volume (L/kg) by sex, +8 % per training-status step (Schmidt & Prommer 2010; Heinicke 2001).
_BV_PER_KG = {"male": 0.075, "female": 0.066}


def initialize(traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    assert isinstance(params, IronParams)
    female = traits["female"] > 0.5
    menstruating = traits["menstruating"] > 0.5
    n = female.shape[0]
    diet = traits["diet_pattern"].astype(int)
    status = traits["training_status"]
    mass = traits["body_mass_kg"]

    median = np.where(
        female,
        np.where(menstruating, _FERRITIN_MEDIAN["female"], _FERRITIN_MEDIAN["female_non_menstruating"]),
        _FERRITIN_MEDIAN["male"],
    ) * _DIET_FERRITIN[diet]
    ferritin = np.clip(median * np.exp(math.log(_FERRITIN_GSD) * rng.standard_normal(n)), 3.0, 800.0)
    hb_set = np.where(
        female, rng.normal(*_HB_SET["female"], n), rng.normal(*_HB_SET["male"], n)
    )
    hb_set = np.clip(hb_set, 11.0, 18.5)
    # Iron-restricted erythropoiesis has already lowered Hb in athletes with empty stores.
    deficit = 0.12 * np.clip(1.0 - ferritin / 15.0, 0.0, 1.0)
    hb = hb_set * (1.0 - deficit)
    blood_volume = mass * np.where(female, _BV_PER_KG["female"], _BV_PER_KG["male"]) * (1.0 + 0.08 * status)
    blood_volume = blood_volume * np.exp(rng.normal(0.0, 0.07, n))
    hb_mass = 10.0 * hb * blood_volume
    stores = ferritin * params.storage_mg_per_ferritin
    menstrual = np.where(
        menstruating,
        params.menstrual_median_mg_d * np.exp(params.menstrual_log_sd * rng.standard_normal(n)),
        0.0,
    )
    menstrual = np.clip(menstrual, 0.0, params.menstrual_max_mg_d)
    sigma = params.absorption_efficiency_log_sd
    efficiency = np.clip(np.exp(sigma * rng.standard_normal(n) - 0.5 * sigma * sigma), 0.1, 10.0)

    derived = params.derived()
    h_base = params.hepcidin_ref_nmol_l * (ferritin / 50.0) ** params.hepcidin_ferritin_slope
    h_base = h_base / (1.0 + params.hepcidin_erythroid_suppression * deficit)
    mean_hepcidin = h_base * (1.0 + derived["mean_circadian"])
    export = 1.0 / (1.0 + mean_hepcidin / params.export_hepcidin_nmol_l)
    store_share = ferritin / (ferritin + params.mobilization_ferritin_ug_l)
    tibc_factor = 1.0 + params.tibc_upregulation * (1.0 - store_share)
    tsat = np.clip(derived["tsat_scale"] * export * (1.0 + params.mobilization_ratio * store_share) / tibc_factor, 0.5, 100.0)
    plasma_volume = blood_volume - hb_mass / params.mchc_g_l
    plasma_iron = 0.01 * tsat * params.tibc_mg_l * tibc_factor * plasma_volume
    sample_shape = float(hepcidin.circadian_shape(params.sample_clock_h, params.circadian_trough_h))

    anaemic = hb < np.where(female, 12.0, 13.0)
    deficient = ferritin < 30.0
    zeros = np.zeros(n)
    return {
        "menstrual_iron_loss_mg_d": menstrual,
        "blood_volume_l": blood_volume,
        "hb_mass_baseline_g": hb_mass,
        "hb_set_g_dl": hb_set,
        "iron_absorption_efficiency": efficiency,
        "storage_iron_mg": stores,
        "ferritin_ug_l": ferritin,
        "hb_mass_g": hb_mass,
        "hb_g_dl": hb,
        "plasma_iron_mg": plasma_iron,
        "tsat_pct": tsat,
        "il6_excess_pg_ml": zeros,
        "fe_signal_au": zeros,
        "hepcidin_excess_nmol_l": zeros,
        "hepcidin_nmol_l": h_base * (1.0 + params.circadian_amplitude * sample_shape),
        "hepcidin_mean_nmol_l": mean_hepcidin,
        "fe_absorbed_food_mg_d": zeros,
        "fe_absorbed_dose_mg_d": zeros,
        "fe_lost_mg_d": zeros,
        "fe_absorbed_cum_mg": zeros,
        "fe_lost_cum_mg": zeros,
        "anaemia_flag": anaemic.astype(np.float64),
        "ida_flag": (anaemic & deficient).astype(np.float64),
        "idna_flag": (deficient & ~anaemic).astype(np.float64),
        "iron_overload_flag": ((ferritin > np.where(female, 200.0, 300.0)) | (tsat > 45.0)).astype(np.float64),
    }


_STATE_WRITES = tuple(
    entry.var.name for entry in STATE if entry.owner == NAME and entry.var.kind == "state"
)
_SESSION_INPUTS = tuple(
    f"session{k}_{field}" for k in range(MAX_SESSIONS) for field in ("start_h", "minutes", "intensity")
)
_EVENT_INPUTS = tuple(
    f"event{k}_{field}"
    for k in range(MAX_EVENTS)
    for field in ("time_h", "iron_nonheme_mg", "iron_heme_mg", "vitamin_c_mg", "calcium_mg", "polyphenol_mg", "is_dose")
)

SUBSYSTEM = Subsystem(
    name=NAME,
    params=IronParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("vo2max_baseline_ml_kg_min", "body_mass_kg", "hb_mass_g", "hb_mass_baseline_g", "ferritin_ug_l"),
    contributes=("o2_delivery", "adapt_endurance"),
    kinetics_reads=(
        "female", "body_mass_kg", "body_surface_m2", "menstruating",
        "load_endurance_au", "intake_vitamin_c_mg", *_SESSION_INPUTS, *_EVENT_INPUTS,
        "exercise_inflammation", "hepcidin_exercise_response", "erythropoiesis_supply",
    ),
    writes=_STATE_WRITES,
    summary_variables=("ferritin_ug_l", "hb_g_dl", "hb_mass_g", "hepcidin_nmol_l", "tsat_pct"),
    thresholds=(
        Threshold("iron_deficiency", "ferritin_ug_l", True, 30.0, "ferritin < 30 ug/L (athlete ID cut-off)", ("peeling2014",)),
        Threshold("iron_depleted", "ferritin_ug_l", True, 15.0, "ferritin < 15 ug/L (WHO depleted stores)", ("who2020",)),
        Threshold("tsat_low", "tsat_pct", True, 16.0, "TSAT < 16 % (iron-restricted erythropoiesis)", ("bainton1964",)),
        Threshold("anaemia", "anaemia_flag", False, 0.5, "Hb < 12 g/dL (F) / 13 g/dL (M)", ("who2011",)),
        Threshold("iron_deficiency_anaemia", "ida_flag", False, 0.5, "ferritin < 30 ug/L and anaemic", ("who2011", "peeling2014")),
        Threshold("iron_deficiency_without_anaemia", "idna_flag", False, 0.5, "ferritin < 30 ug/L, Hb normal", ("peeling2014",)),
        Threshold("iron_overload", "iron_overload_flag", False, 0.5, "ferritin > 300 (M) / 200 (F) ug/L or TSAT > 45 %", ("who2020",)),
    ),
    description="Iron absorption on an event clock, hepcidin, stores, transferrin, haemoglobin and losses",
)
