"""Iron and hepcidin: absorption on an event clock, stores, transferrin, haemoglobin, losses.

State, per athlete (iron in mg, Hb mass in g):

* ``storage_iron_mg`` S (ferritin/haemosiderin incl. macrophage iron); ``ferritin_ug_l`` = S / k_sf
  with k_sf ~ 8-10 mg per ug/L (Walters 1973);
* ``hb_mass_g`` M (3.39 mg Fe per g Hb, IOM 2001) and ``hb_g_dl``;
* ``plasma_iron_mg`` P (transferrin-bound) and ``tsat_pct``;
* the event clock carried across midnight: ``il6_excess_pg_ml`` I, ``fe_signal_au`` J,
  ``hepcidin_excess_nmol_l`` H and ``hepcidin_effective_excess_nmol_l`` G, the acute excess
  as the enterocyte sees it (see :mod:`cohort.physiology.hepcidin`);
* outputs ``hepcidin_nmol_l`` (08:00 fasting sample), ``hepcidin_mean_nmol_l``, today's absorbed
  iron from food and supplements, cumulative absorbed and lost iron (mass balance), flags.

Baseline hepcidin (nmol/L) from stores, erythropoietic drive and the clock time t (h):

    h_base = h_ref (F/50)^{s_F}  /  (1 + e_H max(0, 1 - Hb/Hb_set))      (Galesloot 2011; Kautz 2014)
    h(t)   = h_base (1 + A_c tri(t)) + H(t)                             (Troutt 2012: trough ~06:00)
    h_abs(t) = h_base (1 + A_c tri(t)) + G(t),  dG/dt = g (H - G)      (ferroportin lag: Nemeth 2004;
                                                                      Laftah 2004; fitted to FE-TWICE)

Non-heme iron absorbed at each intake event k (mg), with D_k its non-heme iron:

    L_k = eps_i fia0 (1 + D_k/D_sat)^{-(1-e)}  m_k  R_hep(h_abs(t_k))  R_store(F)  C_k  Ca_k  P_k
    A_k = D_k L_k / (1 + L_k^n)^{1/n}        (expected uptake L_k saturating below all the iron)
    R_hep = (1 + h_ref/K_h)/(1 + h/K_h);  R_store = 1 + u max(0, 1 - F/F_up)
    C_k = 1 + v_k E_C c/(c + c50);  Ca_k = 1 - w_k I_Ca ca^2/(ca^2 + ca50^2);  P_k = 1 - w_k s_k
    s_k = I_P p_f/(p_f + p50),  p_f = p - s_k D_k/b      (polyphenol p bound up by the iron it blocks)

where L_k multiplies factors each measured far below the ceiling (so A_k ~ D_k L_k there) and
n = 4 (fitted to FE-DOSE; not measured) sets how smoothly the absorbed share approaches 1 when
the factors stack (iron-deficient women, a single meal with vitamin C; hepcidin.uptake_fraction),
fia0 (0.32) is the level of a fresh fasting FeSO4 dose, fitted to FE-DOSE and FE-ALT-DAY
(Moretti 2015, Stoffel 2017: geometric means of iron-depleted women's isotope absorption; the meal
matrix factor m is held at 0.18/fia0, the whole-diet calibration; cohort.validation.fits.iron_absorption),
eps_i is the athlete's persistent absorption efficiency (log-normal, mean 1), m_k the
meal-matrix bioavailability (1 for a supplement dose taken alone; for a test meal of stated
composition 1 - I_phy q/(q + q50) with q its phytic acid, Hallberg 1989), w_k = 1 for a dose
or a test meal and w_meal (Cook & Reddy 2001) for a complete-diet meal, and v_k = w_meal for a meal and w_dose
for a fasting ferrous-salt dose (Fe2+ already soluble; Brise & Hallberg 1962). Polyphenols block
iron by binding it (Brune 1989; Disler 1975), b ~0.16 mg Fe per mg polyphenol (one Fe(III) per two
galloyl/catechol groups at duodenal pH): s_k = I_P p/(p + p50) for a meal's few mg of iron (Hurrell
1999), and s_k -> b p/D_k for a dose that exceeds the binding capacity. Heme iron:
A = heme f_rep (max(F, F_h)/100)^{-s_h}, f_dep at F_h ~10 and f_rep at 100 ug/L (Hallberg 1997).
Each absorbed amount enters the iron signal J as a sigmoid impulse A^2/(A^2 + A50^2)
(Moretti 2015: doses >= 60 mg raise hepcidin for ~24 h; Stoffel 2017: near baseline by 48 h).
Each session releases IL-6 into I at a constant rate while it lasts (Fischer 2006; Peeling 2009):

    Q = il6 (min/60) (intensity/0.75)^{x_I} * exercise_inflammation channel,  r = Q / duration
    k_I,eff = k_I * hepcidin_exercise_response * F^2/(F^2 + 30^2) (Peeling 2014 blunting)

Daily iron traffic (mg/d) with the daily-mean hepcidin hbar and phi0 = 3.39 M_set / 120:

    destroyed = 3.39 (M/120 + haemolysis);  export x = 1/(1 + hbar/K_x)   (ferroportin, Nemeth 2004)
    plasma inflow  Fin = A + x (destroyed - urinary) + x r_mob phi0 F/(F + F_mob)
    TSAT = min(100, c_T (Fin/phi0) / (1 + u_T F_mob/(F + F_mob)))   (transferrin rises when stores
                                                                      are low; saturated at 100 %)
    erythropoiesis E = (M_set/120) clamp(1 + g (1 - Hb/Hb_set), 0, g_max) * supply channel
                       * min(1, TSAT/(TSAT + K_T) (T_n + K_T)/T_n)          (Finch 1982; Bainton 1964)
    E  = min(E, Fin, max(0, iron on hand))   red cells take no more than reaches plasma or exists
    S' = S + (destroyed - urinary) + A - 3.39 E - basal - sweat - (P' - P)
    M' = M - destroyed/3.39 - blood loss/3.39 + E

Event times sit on a quarter-hour grid and the exponential decays come from per-scenario
tables, so the clock costs no exponential per athlete-day (:mod:`cohort.physiology.hepcidin`).
Runs start at each athlete's own steady state (:mod:`~cohort.physiology.iron.initial`): stores,
Hb mass, plasma iron, TSAT and the acute clock where the athlete's habitual week of meals and
training holds them, so a cohort without intervention does not drift.

Crosstalk to muscle, from the start-of-day state:

    o2_delivery     *= 1 + k_VO2 (M - M0) / (VO2max0 * body mass)       (Schmidt & Prommer 2010)
    adapt_endurance *= 1 - a max(0, 1 - F/F_t)                          (Brownlie 2002; Hinton 2000)

Blood losses (menstrual, GI) remove Hb at the athlete's current [Hb] (a loss is a volume of blood:
m [Hb]/Hb_ref, IOM 2001); haemolysed iron is recycled except a urinary fraction.
Every flow between S, M and P is internal, so body iron S + 3.39 M + P changes by exactly
absorbed - lost, which the cumulative states record. [Hb] = M / (BV0 + (1 - phi)(M - M0)/MCHC)
with phi the share of a red-cell volume change offset by plasma volume.

References: see ``cohort/data/references/iron.yaml`` (keys in each parameter and mechanism).

Layout of this package (everything above is importable from ``cohort.physiology.iron``):

* :mod:`~cohort.physiology.iron.variables`: ``NAME`` and the state variables ``V``;
* :mod:`~cohort.physiology.iron.parameters`: the params model :class:`IronParams` and ``P``;
* :mod:`~cohort.physiology.iron.mechanisms`: the mechanism kernels and their registration ``K``;
* :mod:`~cohort.physiology.iron.clock`: the event clock (``day_clock``, ``clock_profile``);
* :mod:`~cohort.physiology.iron.kinetics`: the daily ``crosstalk`` and ``kinetics`` kernels;
* :mod:`~cohort.physiology.iron.initial`: the cohort's initial iron status (``initialize``);
* this file: the :class:`~cohort.physiology.base.Subsystem` record ``SUBSYSTEM``.
"""

from __future__ import annotations

from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.inputs import MAX_EVENTS, MAX_SESSIONS
from cohort.physiology.iron.clock import I_VITC, baseline_hepcidin, clock_profile, day_clock
from cohort.physiology.iron.initial import initialize
from cohort.physiology.iron.kinetics import (
    MUSCLE,
    crosstalk,
    hb_concentration_g_l,
    kinetics,
    set_flags,
)
from cohort.physiology.iron.mechanisms import (
    K,
    blood_hb_share,
    calcium_inhibition,
    dose_hepcidin_impulse,
    erythroid_hepcidin_factor,
    exercise_il6_impulse,
    exercise_store_permission,
    ferroportin_export,
    gi_iron_mg,
    haemolysis_hb_g,
    hb_o2_delivery,
    heme_store_factor,
    hepcidin_absorption_factor,
    menstrual_iron_mg,
    phytate_inhibition,
    polyphenol_inhibition,
    store_absorption_factor,
    store_hepcidin,
    sweat_iron_mg,
    tissue_iron_adaptation,
    tsat_restriction,
    vitc_enhancement,
    vitc_exercise_factor,
)
from cohort.physiology.iron.parameters import IronParams, P
from cohort.physiology.iron.variables import NAME, V
from cohort.state import STATE

__all__ = [
    "I_VITC",
    "K",
    "MUSCLE",
    "NAME",
    "P",
    "SUBSYSTEM",
    "V",
    "IronParams",
    "baseline_hepcidin",
    "calcium_inhibition",
    "clock_profile",
    "crosstalk",
    "day_clock",
    "dose_hepcidin_impulse",
    "erythroid_hepcidin_factor",
    "exercise_il6_impulse",
    "exercise_store_permission",
    "ferroportin_export",
    "blood_hb_share",
    "gi_iron_mg",
    "haemolysis_hb_g",
    "hb_concentration_g_l",
    "heme_store_factor",
    "hb_o2_delivery",
    "hepcidin_absorption_factor",
    "initialize",
    "kinetics",
    "menstrual_iron_mg",
    "phytate_inhibition",
    "polyphenol_inhibition",
    "set_flags",
    "store_absorption_factor",
    "store_hepcidin",
    "sweat_iron_mg",
    "tissue_iron_adaptation",
    "tsat_restriction",
    "vitc_enhancement",
    "vitc_exercise_factor",
]

_STATE_WRITES = tuple(
    entry.var.name for entry in STATE if entry.owner == NAME and entry.var.kind == "state"
)
_SESSION_INPUTS = tuple(
    f"session{k}_{field}" for k in range(MAX_SESSIONS) for field in ("start_h", "minutes", "intensity")
)
_EVENT_INPUTS = tuple(
    f"event{k}_{field}"
    for k in range(MAX_EVENTS)
    for field in (
        "time_h", "iron_nonheme_mg", "iron_heme_mg", "vitamin_c_mg", "calcium_mg", "polyphenol_mg", "is_dose", "is_test_meal",
        "phytate_mg",
    )
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
