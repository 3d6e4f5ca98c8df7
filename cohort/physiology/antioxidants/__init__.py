"""Antioxidant network and redox-signalled adaptation (hormesis).

State, per athlete:

* ``ascorbate_plasma_umol_l`` (C): plasma vitamin C;
* ``tocopherol_reduced_umol_l`` / ``tocopherol_oxidized_umol_l`` / ``tocopherol_plasma_umol_l``
  (E_red, E_ox, E = E_red + E_ox): the circulating/membrane alpha-tocopherol pool in plasma
  concentration units, ``tocopherol_adipose_ug_g`` (A_E): the slow adipose reserve;
* ``tocopherol_labelled_umol_l`` / ``tocopherol_labelled_adipose_ug_g`` (L, A_L): deuterium-labelled
  alpha-tocopherol from a labelled test meal (a tracer inside E and A_E, for Traber/Bruno-type
  disappearance studies);
* ``selenium_plasma_ug_l`` (Se) and ``gpx_activity_rel`` (G: GPx activity as a fraction of the
  selenium-replete plateau);
* ``curcumin_gut_mg`` / ``curcumin_plasma_ng_ml`` (G, P): unabsorbed curcumin and plasma curcuminoids
  at midnight;
* ``ros_load_au`` (R: today's ROS production), ``redox_signal_rel`` (s: ROS escaping quenching per
  unit ROS, relative to a reference athlete on a typical diet), ``oxidative_damage_au`` (OD) and
  ``lipid_peroxidation_rel`` (LP: F2-isoprostane-like marker, 1 = rested reference).

Daily update (units in the parameter table; a50, K: half-saturation constants):

    vitamin C   a = sum_events D_k / (1 + D_k/K_abs)                 saturable absorption per dose
                C_ss = C_max a^3 / (a50^3 + a^3)                      sigmoid steady state (renal plateau)
                C <- C_ss + (C - C_ss) e^{-1/tau}                     tau = tau_fill if C < C_ss else tau_deplete
    vitamin E   phi = ox / (ox + regen + k_tq)                         quasi-steady oxidised fraction
                  ox = k_ox R / R_basal,  regen = r C / C_ref              (bimolecular)
                J = J_max I_E / (K_E + I_E) + k_rel A_E               hepatic (alpha-TTP) secretion + adipose
                k = k_clear + k_tq phi                               fractional disappearance (0.19/d at ref.)
                E <- E (2 - k)/(2 + k) + 2 J / (2 + k)                 Crank-Nicolson step
                A_E <- A_E e^{-ln2/t_A} + alpha E (1 - e^{-ln2/t_A})
    tracer      J_L = J_max I_L / (K_E + I_E) + k_rel A_L             labelled share of secretion (I_L: labelled
                L <- L (2 - k)/(2 + k) + 2 J_L / (2 + k)               alpha-T taken today); same k, same adipose
                A_L <- A_L e^{-ln2/t_A} + alpha L (1 - e^{-ln2/t_A})   step: its disappearance rate is emergent
    selenium    Se_ss = Se_max I_Se / (K_Se + I_Se);  G_ss = Se^2 / (K_G^2 + Se^2)
    curcumin    gut depot -> plasma, first-order absorption and elimination on the day's clock
                (curcumin.py); P_bout = mean over [t_session, t_session + W], P_day = daily mean
    ROS         R = (R_basal + sum_m w_m L_m) x ros_production
    status      S = w_0 + w_C sC + w_E sE + w_G sG   (each s = status / reference status; S_ref = 1)
                s = (1 + kappa) / (1 + kappa S)       escaped ROS per unit ROS, relative
                escaped = R / (1 + kappa S);  OD <- OD e^{-ln2/t_OD} + k_OD max(0, escaped - theta)
    marker      LP = (R / R_basal) s 4 / ((1 + sE^m_E)(1 + sG^m_G)) + c_LP OD   (vitamin E and GPx protect lipids)

The signal s is computed from the pools at the end of each day's kinetics and stored, so the
next day's crosstalk and kinetics both use the start-of-day value (computed once per day).

Crosstalk (start-of-day state): the redox signal s scales mitochondrial (strongly), endurance and
strength (weakly) adaptation; OD slows fatigue recovery and raises fatigue gain; curcumin lowers
damage susceptibility and inflammation and speeds damage clearance. Because S is normalised to a
reference athlete on a typical diet, habitual diets give factors near 1 and only supplemental
megadoses (1 g vitamin C + 235 mg vitamin E) blunt mitochondrial adaptation noticeably (model:
~10-15 % less gain; Paulsen 2014 found COX4 and cytosolic PGC-1alpha gains blunted, VO2max not).

The curcumin intake ``intake_curcumin_mg`` is in plain-curcumin equivalents: a bioavailable
formulation counts ``relative bioavailability x mg`` (see :data:`CURCUMIN_RELATIVE_BIOAVAILABILITY`).

References: Levine 1996; Lykkesfeldt & Tveden-Nyborg 2019; Bruno 2005, 2006; Traber & Stevens
2011; Handelman 1994; Hurst 2010; IOM 2000; Powers & Jackson 2008; Ristow 2009; Gomez-Cabrera
2008; Paulsen 2014; Yfanti 2010; Tanabe 2015, 2019; Nicol 2015; Kanai 2012.

Layout of this package (everything above is importable from ``cohort.physiology.antioxidants``):

* :mod:`~cohort.physiology.antioxidants.variables`: ``NAME`` and the state variables ``V``;
* :mod:`~cohort.physiology.antioxidants.parameters`: the params model
  :class:`AntioxidantsParams`, ``P``, and the curcumin formulation table;
* :mod:`~cohort.physiology.antioxidants.mechanisms`: the mechanism kernels and their
  registration ``M``;
* :mod:`~cohort.physiology.antioxidants.curcumin`: curcumin pharmacokinetics on the day's clock;
* :mod:`~cohort.physiology.antioxidants.kinetics`: the daily ``crosstalk`` and ``kinetics``
  kernels and the intake slots they read;
* :mod:`~cohort.physiology.antioxidants.initial`: the cohort's initial status (``initialize``);
* this file: the :class:`~cohort.physiology.base.Subsystem` record ``SUBSYSTEM``.
"""

from __future__ import annotations

from cohort.physiology.antioxidants.curcumin import (
    advance_curcumin,
    bout_start_h,
    curcumin_mean_ng_ml,
    curcumin_present,
)
from cohort.physiology.antioxidants.initial import initialize
from cohort.physiology.antioxidants.kinetics import (
    EVENT_VITC0,
    INTAKE_SE,
    INTAKE_VITC,
    INTAKE_VITE,
    ascorbate_absorbed_mg,
    ascorbate_steady_state,
    crosstalk,
    kinetics,
    tocopherol_supply,
)
from cohort.physiology.antioxidants.mechanisms import (
    M,
    adaptation_factor,
    ascorbate_tissue_rel,
    curcumin_damage_factors,
    curcumin_inflammation_factor,
    curcumin_occupancy,
    damage_fatigue_factor,
    damage_recovery_factor,
    exercise_ros,
    gpx_target,
    quench_status,
    redox_signal,
    tocopherol_oxidized_fraction,
)
from cohort.physiology.antioxidants.parameters import (
    CURCUMIN_RELATIVE_BIOAVAILABILITY,
    AntioxidantsParams,
    P,
    curcumin_equivalent_mg,
)
from cohort.physiology.antioxidants.variables import NAME, V
from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.inputs import EVENT_STRIDE, MAX_EVENTS, MAX_SESSIONS
from cohort.state import STATE

__all__ = [
    "AntioxidantsParams",
    "CURCUMIN_RELATIVE_BIOAVAILABILITY",
    "EVENT_STRIDE",
    "EVENT_VITC0",
    "INTAKE_CURCUMIN",
    "INTAKE_SE",
    "INTAKE_VITC",
    "INTAKE_VITE",
    "M",
    "NAME",
    "P",
    "SUBSYSTEM",
    "V",
    "adaptation_factor",
    "advance_curcumin",
    "bout_start_h",
    "curcumin_mean_ng_ml",
    "curcumin_present",
    "ascorbate_absorbed_mg",
    "ascorbate_steady_state",
    "ascorbate_tissue_rel",
    "crosstalk",
    "curcumin_damage_factors",
    "curcumin_equivalent_mg",
    "curcumin_inflammation_factor",
    "curcumin_occupancy",
    "damage_fatigue_factor",
    "damage_recovery_factor",
    "exercise_ros",
    "gpx_target",
    "initialize",
    "kinetics",
    "quench_status",
    "redox_signal",
    "tocopherol_oxidized_fraction",
    "tocopherol_supply",
]

_EVENT_VITC = tuple(f"event{k}_vitamin_c_mg" for k in range(MAX_EVENTS))
_EVENT_TIME = tuple(f"event{k}_time_h" for k in range(MAX_EVENTS))
_EVENT_CURCUMIN = tuple(f"event{k}_curcumin_mg" for k in range(MAX_EVENTS))
_SESSIONS = tuple(f"session{k}_{field}" for k in range(MAX_SESSIONS) for field in ("start_h", "minutes"))

SUBSYSTEM = Subsystem(
    name=NAME,
    params=AntioxidantsParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("redox_signal_rel", "oxidative_damage_au", "curcumin_plasma_ng_ml", "curcumin_gut_mg", "ascorbate_plasma_umol_l",
                     "intake_curcumin_mg", *_EVENT_TIME, *_EVENT_CURCUMIN, *_SESSIONS),
    contributes=("adapt_mito", "adapt_endurance", "adapt_strength", "recovery", "fatigue_gain",
                 "damage_susceptibility", "damage_clearance", "exercise_inflammation"),
    kinetics_reads=(
        "load_endurance_au", "load_resistance_au", "load_hiit_au", "load_eccentric_au", "ros_production",
        "intake_vitamin_c_mg", "intake_vitamin_e_mg", "labelled_vitamin_e_mg", "intake_selenium_ug", "intake_curcumin_mg", *_EVENT_VITC,
        *_EVENT_TIME, *_EVENT_CURCUMIN,
    ),
    writes=tuple(STATE.owned_by(NAME)),
    summary_variables=("ascorbate_plasma_umol_l", "tocopherol_plasma_umol_l", "gpx_activity_rel", "redox_signal_rel",
                       "oxidative_damage_au", "lipid_peroxidation_rel"),
    thresholds=(
        Threshold("vitamin_c_deficient", "ascorbate_plasma_umol_l", True, 11.0, "plasma ascorbate < 11 umol/L (deficiency)",
                  ("schleicher2009",)),
        Threshold("vitamin_c_hypovitaminosis", "ascorbate_plasma_umol_l", True, 23.0,
                  "plasma ascorbate < 23 umol/L (hypovitaminosis C)", ("schleicher2009", "lykkesfeldt2019")),
        Threshold("vitamin_e_low", "tocopherol_plasma_umol_l", True, 12.0, "plasma alpha-tocopherol < 12 umol/L",
                  ("iom2000_antioxidants", "traber2014")),
        Threshold("selenium_low", "selenium_plasma_ug_l", True, 70.0, "plasma Se < 70 ug/L (below GPx plateau)",
                  ("thomson2004", "duffield1999")),
        Threshold("gpx_low", "gpx_activity_rel", True, 0.8, "GPx < 80 % of the Se-replete plateau", ("duffield1999", "xia2005")),
    ),
    description="Vitamins C and E, selenium/GPx, curcumin, ROS load, redox signalling and oxidative damage",
)
