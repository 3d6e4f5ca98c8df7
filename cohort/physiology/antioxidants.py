"""Antioxidant network and redox-signalled adaptation (hormesis).

State, per athlete:

* ``ascorbate_plasma_umol_l`` (C): plasma vitamin C;
* ``tocopherol_reduced_umol_l`` / ``tocopherol_oxidized_umol_l`` / ``tocopherol_plasma_umol_l``
  (E_red, E_ox, E = E_red + E_ox): the circulating/membrane alpha-tocopherol pool in plasma
  concentration units, ``tocopherol_adipose_ug_g`` (A_E): the slow adipose reserve;
* ``selenium_plasma_ug_l`` (Se) and ``gpx_activity_rel`` (G: GPx activity as a fraction of the
  selenium-replete plateau);
* ``curcumin_plasma_ng_ml`` (P): daily-mean plasma curcuminoids;
* ``ros_load_au`` (R: today's ROS production), ``redox_signal_rel`` (s: ROS escaping quenching per
  unit ROS, relative to a reference athlete on a typical diet), ``oxidative_damage_au`` (OD) and
  ``lipid_peroxidation_rel`` (LP: F2-isoprostane-like marker, 1 = rested reference).

Daily update (units in the parameter table; a50, K: half-saturation constants):

    vitamin C   a = sum_events D_k / (1 + D_k/K_abs)                 saturable absorption per dose
                C_ss = C_max a^3 / (a50^3 + a^3)                      sigmoid steady state (renal plateau)
                C <- C_ss + (C - C_ss) e^{-1/tau}                     tau = tau_fill if C < C_ss else tau_deplete
    vitamin E   phi = ox / (ox + regen + k_tq)                         quasi-steady oxidised fraction
                  ox = k_ox R / R_basal,  regen = r_max C / (K_C + C)
                J = J_max I_E / (K_E + I_E) + k_rel A_E               hepatic (alpha-TTP) secretion + adipose
                k = k_clear + k_tq phi                               fractional disappearance (0.19/d at ref.)
                E <- E (2 - k)/(2 + k) + 2 J / (2 + k)                 Crank-Nicolson step
                A_E <- A_E e^{-ln2/t_A} + alpha E (1 - e^{-ln2/t_A})
    selenium    Se_ss = Se_max I_Se / (K_Se + I_Se);  G_ss = Se^2 / (K_G^2 + Se^2)
    curcumin    P <- P e^{-ln2/t_P} + g_P I_cur (1 - e^{-ln2/t_P})
    ROS         R = (R_basal + sum_m w_m L_m) x ros_production
    status      S = w_0 + w_C sC + w_E sE + w_G sG   (each s = status / reference status; S_ref = 1)
                s = (1 + kappa) / (1 + kappa S)       escaped ROS per unit ROS, relative
                escaped = R / (1 + kappa S);  OD <- OD e^{-ln2/t_OD} + k_OD max(0, escaped - theta)
    marker      LP = (R / R_basal) s 4 / ((1 + sE)(1 + sG)) + c_LP OD   (vitamin E and GPx protect lipids)

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
"""

from __future__ import annotations

import math

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.channels import C
from cohort.physiology.inputs import EVENT_STRIDE, MAX_EVENTS, I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import STATE, Var

NAME = "antioxidants"

V = STATE.declare(
    NAME,
    [
        Var("ascorbate_plasma_umol_l", "umol/L", 0, 1000, "plasma ascorbate (vitamin C)"),
        Var("tocopherol_reduced_umol_l", "umol/L", 0, 300, "reduced alpha-tocopherol, circulating/membrane pool"),
        Var("tocopherol_oxidized_umol_l", "umol/L", 0, 300, "oxidised alpha-tocopherol (tocopheroxyl/quinone)"),
        Var("tocopherol_plasma_umol_l", "umol/L", 0, 300, "total plasma alpha-tocopherol"),
        Var("tocopherol_adipose_ug_g", "ug/g", 0, 5000, "adipose-tissue alpha-tocopherol (slow reserve)"),
        Var("selenium_plasma_ug_l", "ug/L", 0, 2000, "plasma selenium"),
        Var("gpx_activity_rel", "fraction", 0, 1, "glutathione peroxidase activity, fraction of the Se-replete plateau"),
        Var("curcumin_plasma_ng_ml", "ng/mL", 0, 1e5, "daily-mean plasma curcuminoids"),
        Var("ros_load_au", "AU", 0, 1e5, "ROS produced today (resting + training)"),
        Var("redox_signal_rel", "ratio", 0, 10, "ROS escaping quenching per unit ROS, vs reference diet"),
        Var("oxidative_damage_au", "AU", 0, 1e4, "oxidative damage from ROS beyond the defences"),
        Var("lipid_peroxidation_rel", "ratio", 0, 1e3, "F2-isoprostane-like lipid peroxidation, 1 = rested reference"),
    ],
)

#: AUC relative to plain curcumin powder: Theracurmin ~27x (Sasaki 2011; 22-35x, Park 2017).
CURCUMIN_RELATIVE_BIOAVAILABILITY = {"plain": 1.0, "theracurmin": 27.0}


def curcumin_equivalent_mg(mg: float, formulation: str = "plain") -> float:
    """Plain-curcumin-equivalent dose of ``mg`` curcuminoids in ``formulation``."""
    return mg * CURCUMIN_RELATIVE_BIOAVAILABILITY[formulation]


_VITC = ("levine1996", "lykkesfeldt2019")
_VITE = ("bruno2005", "bruno2006", "traber2011")


class AntioxidantsParams(Params):
    """Antioxidant kinetics and redox-signalling parameters."""

    # Vitamin C
    ascorbate_absorption_half_dose_mg: float = param(
        1300.0, "mg", (900.0, 2000.0), _VITC,
        "K_abs: single dose at which absorption efficiency halves (complete <=200 mg, ~73 % at 500, ~49 % at 1250 mg)", gt=0,
    )
    ascorbate_plateau_umol_l: float = param(
        76.0, "umol/L", (65.0, 90.0), _VITC, "C_max: plasma plateau set by the renal reabsorption threshold", gt=0
    )
    ascorbate_half_saturation_mg: float = param(
        70.0, "mg/d absorbed", (50.0, 90.0), ("levine1996",),
        "a50: absorbed intake giving half the plateau (Hill n=3: ~6, 30, 57, 72 uM at 30, 60, 100, 200 mg/d)", gt=0,
    )
    ascorbate_fill_tau_d: float = param(3.0, "d", (1.0, 7.0), _VITC, "time constant of the rise to a higher steady state", gt=0)
    ascorbate_deplete_tau_d: float = param(
        14.0, "d", (8.0, 30.0), ("kallner1979", "levine1996"), "time constant of depletion (body-pool turnover ~3 %/d)", gt=0
    )
    ascorbate_reference_umol_l: float = param(
        50.0, "umol/L", (40.0, 60.0), ("schleicher2009",), "reference plasma ascorbate on a typical diet (NHANES mean ~51)", gt=0
    )
    ascorbate_cell_half_saturation_umol_l: float = param(
        20.0, "umol/L", (5.0, 40.0), ("levine1996",), "plasma level half-saturating tissue uptake (cells saturate at ~100 mg/d)", gt=0
    )
    # Vitamin E
    tocopherol_fractional_disappearance_per_d: float = param(
        0.19, "pools/d", (0.17, 0.215), ("bruno2005",), "fractional disappearance at reference ascorbate and resting ROS", gt=0
    )
    tocopherol_secretion_max_umol_l_d: float = param(
        10.2, "umol/L/d", (6.0, 15.0), ("traber2011", "iom2000_antioxidants"),
        "J_max: maximal alpha-TTP-mediated plasma supply (supplements at most ~2-3x plasma alpha-T)", gt=0,
    )
    tocopherol_half_saturation_mg: float = param(
        16.8, "mg/d", (8.0, 40.0), ("traber2011", "iom2000_antioxidants"), "K_E: intake at half-maximal supply", gt=0
    )
    tocopherol_oxidation_per_d: float = param(
        0.2, "1/d", (0.05, 1.0), _VITE, "k_ox: fraction of reduced alpha-T oxidised per day at resting ROS"
    )
    tocopherol_regeneration_max_per_d: float = param(
        10.0, "1/d", (2.0, 50.0), ("traber2011", "bruno2006"), "r_max: maximal ascorbate regeneration of tocopheroxyl"
    )
    tocopheroxyl_loss_per_d: float = param(
        1.0, "1/d", (0.3, 3.0), ("bruno2005", "bruno2006"), "k_tq: irreversible loss of unregenerated tocopheroxyl", gt=0
    )
    tocopherol_reference_umol_l: float = param(
        25.0, "umol/L", (20.0, 30.0), ("iom2000_antioxidants", "traber2014"), "reference plasma alpha-T on a typical diet", gt=0
    )
    adipose_half_life_d: float = param(365.0, "d", (180.0, 730.0), ("handelman1994",), "adipose alpha-T turnover half-life", gt=0)
    adipose_per_plasma_ug_g_per_umol_l: float = param(
        4.0, "(ug/g)/(umol/L)", (1.5, 10.0), ("traber1987", "handelman1994"), "alpha: adipose alpha-T at steady state per plasma level", gt=0
    )
    adipose_share_of_supply: float = param(
        0.2, "fraction", (0.05, 0.4), ("handelman1994", "traber1987"), "share of plasma supply from the adipose reserve at steady state", le=0.9
    )
    # Selenium / GPx
    selenium_plasma_max_ug_l: float = param(
        230.0, "ug/L", (180.0, 320.0), ("hurst2010",), "Se_max (fit: 96, 118, 152, 177 ug/L at ~55, 105, 155, 255 ug/d)", gt=0
    )
    selenium_half_saturation_ug: float = param(77.0, "ug/d", (40.0, 160.0), ("hurst2010",), "K_Se: intake at half Se_max", gt=0)
    selenium_half_life_d: float = param(20.0, "d", (10.0, 60.0), ("hurst2010",), "plasma Se approach to steady state (plateau by ~10 wk)", gt=0)
    gpx_half_saturation_ug_l: float = param(
        30.0, "ug/L", (15.0, 50.0), ("duffield1999", "xia2005", "iom2000_antioxidants"),
        "K_G: plasma Se at half the GPx plateau (plateau reached at ~70-90 ug/L, near RDA intake 55 ug/d)", gt=0,
    )
    gpx_half_life_d: float = param(14.0, "d", (7.0, 45.0), ("xia2005",), "GPx approach to its Se-determined level", gt=0)
    selenium_reference_ug_l: float = param(100.0, "ug/L", (80.0, 130.0), ("hurst2010", "thomson2004"), "reference plasma Se", gt=0)
    # Curcumin
    curcumin_half_life_d: float = param(
        0.5, "d", (0.3, 1.0), ("kanai2012", "tanabe2019sjmss"), "plasma curcumin half-life (~10-13 h; ~0 by 3-5 d)", gt=0
    )
    curcumin_plasma_per_mg: float = param(
        0.02, "(ng/mL)/(mg/d)", (0.005, 0.06), ("kanai2012", "sasaki2011"),
        "g_P: daily-mean plasma per plain-curcumin-equivalent mg/d (Theracurmin 150 mg x27 -> ~110 ng/mL)",
    )
    curcumin_half_effect_ng_ml: float = param(
        30.0, "ng/mL", (10.0, 100.0), ("tanabe2015", "tanabe2019sjmss"), "plasma level at half-maximal effect", gt=0
    )
    curcumin_damage_reduction_max: float = param(
        0.5, "fraction", (0.2, 0.6), ("tanabe2015", "nicol2015", "mcfarlin2016"), "max cut in damage per eccentric load (CK -22 to -56 %)", le=0.9
    )
    curcumin_clearance_gain_max: float = param(
        0.3, "fraction", (0.0, 0.6), ("tanabe2015", "nicol2015"), "max rise in damage clearance (faster MVC recovery)"
    )
    curcumin_inflammation_reduction_max: float = param(
        0.2, "fraction", (0.0, 0.4), ("mcfarlin2016", "nicol2015"), "max cut in exercise IL-6 response (mixed data)", le=0.9
    )
    curcumin_vitc_synergy_gain: float = param(
        0.5, "per unit C/C_ref above 1", (0.0, 1.0), ("tanabe2023_as_cited",), "hypothetical potentiation of curcumin by vitamin C"
    )
    # ROS production and quenching
    ros_basal_au: float = param(
        60.0, "AU/d", (30.0, 120.0), ("powers2008",), "resting ROS production per day in endurance-load equivalents", gt=0
    )
    ros_weight_resistance: float = param(0.8, "ratio", (0.5, 1.2), ("fisherwellman2009",), "ROS per resistance AU vs endurance AU")
    ros_weight_hiit: float = param(2.0, "ratio", (1.2, 3.0), ("fisherwellman2009", "bloomer2005"), "ROS per HIIT AU (intensity-dependent)")
    ros_weight_eccentric: float = param(1.5, "ratio", (1.0, 2.5), ("close2004", "powers2008"), "ROS per eccentric AU (secondary, inflammatory)")
    quench_weight_vitamin_c: float = param(0.15, "fraction", (0.05, 0.25), ("traber2011", "powers2008"), "w_C: share of quenching by ascorbate")
    quench_weight_vitamin_e: float = param(0.25, "fraction", (0.1, 0.35), ("traber2011", "powers2008"), "w_E: share by membrane alpha-T")
    quench_weight_gpx: float = param(0.2, "fraction", (0.05, 0.3), ("powers2008",), "w_G: share by Se-dependent GPx")
    quench_to_escape_ratio: float = param(
        1.0, "ratio", (0.5, 4.0), ("paulsen2014", "ristow2009"), "kappa: quenched/escaped ROS at reference (calibrated: megadose -> ~13 % less signal)", gt=0
    )
    # Signalling and damage
    redox_signal_excess_ceiling: float = param(
        0.05, "ratio", (0.0, 0.3), ("ristow2009", "powers2008"), "max adaptation gain from extra signal (hormesis: excess ROS harms)"
    )
    mito_signal_sensitivity: float = param(1.0, "ratio", (0.5, 2.0), ("paulsen2014", "gomezcabrera2008"), "d(adapt_mito)/d(signal)")
    endurance_signal_sensitivity: float = param(0.2, "ratio", (0.0, 0.5), ("paulsen2014", "yfanti2010"), "d(adapt_endurance)/d(signal)")
    strength_signal_sensitivity: float = param(0.2, "ratio", (0.0, 0.5), ("paulsen2014b",), "d(adapt_strength)/d(signal)")
    oxidative_damage_threshold_au: float = param(
        75.0, "AU/d", (40.0, 150.0), ("powers2008", "fisherwellman2009"), "theta: escaped ROS repaired without damage"
    )
    oxidative_damage_per_au: float = param(0.005, "AU/AU", (0.002, 0.05), ("powers2008",), "k_OD: damage per escaped AU above theta")
    oxidative_damage_half_life_d: float = param(
        2.0, "d", (1.0, 4.0), ("mastaloudis2004", "fisherwellman2009"), "clearance half-life of oxidative damage markers", gt=0
    )
    recovery_per_damage: float = param(0.3, "1/AU", (0.0, 1.0), ("ranchordas2017",), "c_rec: recovery = 1/(1 + c_rec OD)")
    fatigue_per_damage: float = param(0.2, "1/AU", (0.0, 0.6), ("reid2008", "medved2004"), "c_fat: fatigue gain = 1 + c_fat OD")
    lipid_peroxidation_per_damage: float = param(0.5, "1/AU", (0.0, 2.0), ("mastaloudis2004",), "marker rise per unit OD")

    derived_names = (
        "ascorbate_inv_abs", "ascorbate_a50_cubed", "ascorbate_fill_decay", "ascorbate_deplete_decay", "ascorbate_cell_ref_inv",
        "tocopherol_clear_per_d", "tocopherol_ox_per_basal", "tocopherol_red_ref_inv", "adipose_decay", "adipose_release_per_d",
        "selenium_decay", "gpx_decay", "gpx_k_squared", "gpx_ref_inv", "curcumin_decay", "oxidative_damage_decay",
        "quench_weight_endogenous", "ascorbate_ref_inv", "ros_basal_inv", "gpx_ref", "escape_ref",
    )

    def _regeneration_ref(self) -> float:
        c = self.ascorbate_reference_umol_l
        return self.tocopherol_regeneration_max_per_d * c / (self.ascorbate_cell_half_saturation_umol_l + c)

    def derived(self) -> dict[str, float]:
        ln2 = math.log(2.0)
        ox, loss = self.tocopherol_oxidation_per_d, self.tocopheroxyl_loss_per_d
        phi_ref = ox / (ox + self._regeneration_ref() + loss)
        c_ref = self.ascorbate_reference_umol_l
        se_ref_sq = self.selenium_reference_ug_l**2
        k_sq = self.gpx_half_saturation_ug_l**2
        return {
            "ascorbate_inv_abs": 1.0 / self.ascorbate_absorption_half_dose_mg,
            "ascorbate_a50_cubed": self.ascorbate_half_saturation_mg**3,
            "ascorbate_fill_decay": math.exp(-1.0 / self.ascorbate_fill_tau_d),
            "ascorbate_deplete_decay": math.exp(-1.0 / self.ascorbate_deplete_tau_d),
            "ascorbate_cell_ref_inv": (self.ascorbate_cell_half_saturation_umol_l + c_ref) / c_ref,
            # Oxidative loss at reference is part of the measured 0.19 pools/d.
            "tocopherol_clear_per_d": max(1e-3, self.tocopherol_fractional_disappearance_per_d - loss * phi_ref),
            "tocopherol_ox_per_basal": ox / self.ros_basal_au,
            "tocopherol_red_ref_inv": 1.0 / (self.tocopherol_reference_umol_l * (1.0 - phi_ref)),
            "adipose_decay": math.exp(-ln2 / self.adipose_half_life_d),
            "adipose_release_per_d": self.adipose_share_of_supply * self.tocopherol_fractional_disappearance_per_d
            / self.adipose_per_plasma_ug_g_per_umol_l,
            "selenium_decay": math.exp(-ln2 / self.selenium_half_life_d),
            "gpx_decay": math.exp(-ln2 / self.gpx_half_life_d),
            "gpx_k_squared": k_sq,
            "gpx_ref_inv": (k_sq + se_ref_sq) / se_ref_sq,
            "curcumin_decay": math.exp(-ln2 / self.curcumin_half_life_d),
            "oxidative_damage_decay": math.exp(-ln2 / self.oxidative_damage_half_life_d),
            "quench_weight_endogenous": 1.0 - self.quench_weight_vitamin_c - self.quench_weight_vitamin_e - self.quench_weight_gpx,
            "ascorbate_ref_inv": 1.0 / c_ref,
            "ros_basal_inv": 1.0 / self.ros_basal_au,
            "gpx_ref": se_ref_sq / (k_sq + se_ref_sq),
            "escape_ref": 1.0 / (1.0 + self.quench_to_escape_ratio),
        }


P = PARAMS.declare(NAME, AntioxidantsParams)

INTAKE_VITC = NUTRIENTS.intake["vitamin_c_mg"]
INTAKE_VITE = NUTRIENTS.intake["vitamin_e_mg"]
INTAKE_SE = NUTRIENTS.intake["selenium_ug"]
INTAKE_CURCUMIN = NUTRIENTS.intake["curcumin_mg"]
EVENT_VITC0 = I.event0_vitamin_c_mg


# -- mechanism kernels (docstrings are the equations shown by `cohort mechanisms`) ----------
@kernel
def exercise_ros(d, p, strength):
    """R = (R_basal + s (L_end + w_res L_res + w_hiit L_hiit + w_ecc L_ecc)) x ros_production [AU/d].

    Training raises ROS production with load and metabolic flux, more for HIIT (intensity) and
    eccentric work (secondary inflammatory ROS). Powers & Jackson 2008; Fisher-Wellman & Bloomer 2009.
    """
    training = (
        d[I.load_endurance_au] + p[P.ros_weight_resistance] * d[I.load_resistance_au]
        + p[P.ros_weight_hiit] * d[I.load_hiit_au] + p[P.ros_weight_eccentric] * d[I.load_eccentric_au]
    )
    return (p[P.ros_basal_au] + strength * training) * d[C.ros_production]


@kernel
def ascorbate_tissue_rel(c, p):
    """sC = [C/(K_C + C)] / [C_ref/(K_C + C_ref)]: tissue ascorbate (saturates ~100 mg/d) vs reference."""
    return c / (p[P.ascorbate_cell_half_saturation_umol_l] + c) * p[P.ascorbate_cell_ref_inv]


@kernel
def gpx_target(se, p, strength):
    """G_ss = (1 - s) G_ref + s Se^2 / (K_G^2 + Se^2): GPx saturates with plasma Se (plateau ~70-90 ug/L).

    IOM 2000 (RDA 55 ug/d set to maximise plasma GPx); Duffield 1999; Xia 2005; Hurst 2010.
    """
    se2 = se * se
    return min(1.0, max(0.0, (1.0 - strength) * p[P.gpx_ref] + strength * se2 / (p[P.gpx_k_squared] + se2)))


@kernel
def quench_status(x, p, m_vitc, m_vite, m_gpx):
    """S = w_0 + m_C w_C sC + m_E w_E E_red/E_red,ref + m_G w_G G/G_ref  (S = 1 for the reference diet).

    Ascorbate scavenges aqueous radicals, alpha-tocopherol lipid peroxyl radicals, Se-GPx reduces
    H2O2 and lipid hydroperoxides; w_0 is the endogenous (SOD, catalase, GSH) share. Traber &
    Stevens 2011; Powers & Jackson 2008.
    """
    return (
        p[P.quench_weight_endogenous]
        + m_vitc * p[P.quench_weight_vitamin_c] * ascorbate_tissue_rel(x[V.ascorbate_plasma_umol_l], p)
        + m_vite * p[P.quench_weight_vitamin_e] * x[V.tocopherol_reduced_umol_l] * p[P.tocopherol_red_ref_inv]
        + m_gpx * p[P.quench_weight_gpx] * x[V.gpx_activity_rel] * p[P.gpx_ref_inv]
    )


@kernel
def redox_signal(status, p):
    """s = (1 + kappa) / (1 + kappa S): ROS escaping quenching per unit ROS, 1 on the reference diet."""
    kappa = p[P.quench_to_escape_ratio]
    return (1.0 + kappa) / (1.0 + kappa * status)


@kernel
def adaptation_factor(signal, p, sensitivity, strength):
    """a = 1 + m k (r - 1), r = s if s <= 1 else 1 + (s-1)/(1 + (s-1)/h): hormesis.

    Less escaped ROS (antioxidant megadoses) blunts redox signalling (PGC-1alpha, Nrf2); extra
    signal helps at most by h, beyond which ROS damage (see oxidative damage) dominates.
    Ristow 2009; Gomez-Cabrera 2008; Paulsen 2014 (mitochondrial markers blunted, VO2max not).
    """
    if signal <= 1.0:
        response = signal
    else:
        excess = signal - 1.0
        ceiling = p[P.redox_signal_excess_ceiling]
        response = 1.0 + excess * ceiling / (ceiling + excess)  # = (s-1)/(1 + (s-1)/h), safe at h = 0
    return max(0.0, 1.0 + strength * sensitivity * (response - 1.0))


@kernel
def damage_recovery_factor(damage, p, strength):
    """recovery = 1 / (1 + m c_rec OD): oxidative damage slows fatigue clearance (Ranchordas 2017, small)."""
    return 1.0 / (1.0 + strength * p[P.recovery_per_damage] * damage)


@kernel
def damage_fatigue_factor(damage, p, strength):
    """fatigue_gain = 1 + m c_fat OD: ROS contribute to fatigue (NAC delays it; Reid 2008, Medved 2004)."""
    return 1.0 + strength * p[P.fatigue_per_damage] * damage


@kernel
def curcumin_occupancy(occupancy, ascorbate, p, synergy):
    """o' = o (1 + m_syn g max(0, C/C_ref - 1)) <= 1, o = P/(K_P + P) (synergy: hypothesis, off by default)."""
    if synergy == 0.0:
        return occupancy
    extra_c = max(0.0, ascorbate * p[P.ascorbate_ref_inv] - 1.0)
    return min(1.0, occupancy * (1.0 + synergy * p[P.curcumin_vitc_synergy_gain] * extra_c))


@kernel
def curcumin_damage_factors(occupancy, p, strength):
    """susceptibility = 1 - m e_sus o; clearance = 1 + m e_clr o (Tanabe 2015: CK peak -56 %, MVC loss halved)."""
    susceptibility = max(0.0, 1.0 - strength * p[P.curcumin_damage_reduction_max] * occupancy)
    clearance = 1.0 + strength * p[P.curcumin_clearance_gain_max] * occupancy
    return susceptibility, clearance


@kernel
def curcumin_inflammation_factor(occupancy, p, strength):
    """exercise_inflammation = 1 - m e_inf o (IL-6/TNF: McFarlin 2016 lower TNF/IL-8, Nicol 2015 mixed IL-6)."""
    return max(0.0, 1.0 - strength * p[P.curcumin_inflammation_reduction_max] * occupancy)


@kernel
def tocopherol_oxidized_fraction(ros, ascorbate, p, m_vite, m_regen):
    """phi = ox / (ox + regen + k_tq), ox = m_E k_ox R/R_basal, regen = m_reg r_max C/(K_C + C).

    alpha-Tocopherol quenching lipid peroxyl radicals becomes tocopheroxyl; ascorbate reduces it back
    (seconds, so phi is quasi-steady); what escapes regeneration is lost (tocopherylquinone), which
    raises alpha-T disappearance: 0.215 vs 0.191 pools/d in smokers, normalised by vitamin C
    (Bruno 2005, 2006; Traber & Stevens 2011).
    """
    oxidation = m_vite * p[P.tocopherol_ox_per_basal] * ros
    regeneration = m_regen * p[P.tocopherol_regeneration_max_per_d] * ascorbate / (
        p[P.ascorbate_cell_half_saturation_umol_l] + ascorbate
    )
    return oxidation / (oxidation + regeneration + p[P.tocopheroxyl_loss_per_d])


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism("exercise_ros_production", NAME, "training load", "ROS load", 1, "established",
                  ("powers2008", "fisherwellman2009"), "Training load and metabolic flux raise ROS (HIIT, eccentric more)",
                  exercise_ros, parameters=("ros_basal_au", "ros_weight_hiit", "ros_weight_eccentric")),
        Mechanism("vitamin_c_quenching", NAME, "vitamin C", "escaped ROS", -1, "established",
                  ("traber2011", "powers2008"), "Ascorbate scavenges aqueous radicals",
                  quench_status, parameters=("quench_weight_vitamin_c",)),
        Mechanism("vitamin_e_quenching", NAME, "vitamin E", "escaped ROS / lipid peroxidation", -1, "established",
                  ("traber2011", "bruno2005"), "alpha-Tocopherol quenches lipid peroxyl radicals and is oxidised doing so",
                  tocopherol_oxidized_fraction, parameters=("quench_weight_vitamin_e", "tocopherol_oxidation_per_d")),
        Mechanism("vitamin_c_regenerates_vitamin_e", NAME, "vitamin C", "reduced vitamin E", 1, "established",
                  ("traber2011", "bruno2005", "bruno2006"), "Ascorbate reduces tocopheroxyl back to alpha-tocopherol",
                  tocopherol_oxidized_fraction, parameters=("tocopherol_regeneration_max_per_d", "tocopheroxyl_loss_per_d")),
        Mechanism("selenium_gpx", NAME, "selenium", "GPx activity", 1, "established",
                  ("iom2000_antioxidants", "xia2005", "duffield1999", "fernandezlazaro2020"),
                  "Plasma Se sets GPx activity, saturating near the RDA", gpx_target, parameters=("gpx_half_saturation_ug_l",)),
        Mechanism("gpx_peroxide_removal", NAME, "GPx", "escaped ROS / lipid hydroperoxides", -1, "established",
                  ("powers2008", "fernandezlazaro2020"), "GPx reduces H2O2 and lipid hydroperoxides",
                  quench_status, parameters=("quench_weight_gpx",)),
        Mechanism("redox_signal_mito", NAME, "escaped ROS", "mitochondrial adaptation", 1, "supported",
                  ("ristow2009", "gomezcabrera2008", "paulsen2014", "yfanti2010"),
                  "ROS escaping quenching signal mitochondrial biogenesis; megadose antioxidants blunt it",
                  adaptation_factor, parameters=("mito_signal_sensitivity", "quench_to_escape_ratio")),
        Mechanism("redox_signal_endurance", NAME, "escaped ROS", "endurance adaptation", 1, "contested",
                  ("gomezcabrera2008", "paulsen2014", "yfanti2010"), "Weak: VO2max gains usually unaffected by C+E",
                  adaptation_factor, parameters=("endurance_signal_sensitivity",)),
        Mechanism("redox_signal_strength", NAME, "escaped ROS", "strength adaptation", 1, "contested",
                  ("paulsen2014b",), "Weak: C+E blunted some strength/hypertrophy signalling, not muscle growth",
                  adaptation_factor, parameters=("strength_signal_sensitivity",)),
        Mechanism("oxidative_damage_recovery", NAME, "oxidative damage", "recovery", -1, "supported",
                  ("ranchordas2017", "powers2008"), "ROS beyond the defences damage tissue and slow recovery",
                  damage_recovery_factor, parameters=("oxidative_damage_threshold_au", "recovery_per_damage")),
        Mechanism("oxidative_damage_fatigue", NAME, "oxidative damage", "fatigue gain", 1, "supported",
                  ("reid2008", "medved2004"), "Oxidative stress contributes to muscle fatigue",
                  damage_fatigue_factor, parameters=("fatigue_per_damage",)),
        Mechanism("curcumin_muscle_damage", NAME, "curcumin", "muscle damage", -1, "supported",
                  ("tanabe2015", "tanabe2019", "nicol2015", "mcfarlin2016"),
                  "Curcumin lowers eccentric damage (CK, MVC loss) and speeds its clearance",
                  curcumin_damage_factors, parameters=("curcumin_damage_reduction_max", "curcumin_clearance_gain_max")),
        Mechanism("curcumin_exercise_inflammation", NAME, "curcumin", "exercise IL-6", -1, "contested",
                  ("mcfarlin2016", "nicol2015", "tanabe2015"), "Curcumin lowers exercise cytokines (IL-6 data mixed)",
                  curcumin_inflammation_factor, parameters=("curcumin_inflammation_reduction_max",)),
        Mechanism("curcumin_vitamin_c_synergy", NAME, "curcumin + vitamin C", "muscle damage", -1, "hypothesis",
                  ("tanabe2023_as_cited", "tanabe2015"),
                  "Review claim (Tanabe 2023, distorted: the real paper tested curcumin alone) that vitamin C potentiates curcumin",
                  curcumin_occupancy, parameters=("curcumin_vitc_synergy_gain",)),
    ],
)


@kernel
def crosstalk(x, p, d):
    """Redox signal -> adaptation; oxidative damage -> recovery, fatigue; curcumin -> damage, IL-6."""
    signal = x[V.redox_signal_rel]  # set from the antioxidant pools at the end of yesterday's kinetics
    d[C.adapt_mito] *= adaptation_factor(signal, p, p[P.mito_signal_sensitivity], p[M.redox_signal_mito])
    d[C.adapt_endurance] *= adaptation_factor(signal, p, p[P.endurance_signal_sensitivity], p[M.redox_signal_endurance])
    d[C.adapt_strength] *= adaptation_factor(signal, p, p[P.strength_signal_sensitivity], p[M.redox_signal_strength])
    damage = x[V.oxidative_damage_au]
    if damage > 0.0:
        d[C.recovery] *= damage_recovery_factor(damage, p, p[M.oxidative_damage_recovery])
        d[C.fatigue_gain] *= damage_fatigue_factor(damage, p, p[M.oxidative_damage_fatigue])
    level = x[V.curcumin_plasma_ng_ml]
    if level > 0.0:
        occupancy = level / (p[P.curcumin_half_effect_ng_ml] + level)
        boosted = curcumin_occupancy(occupancy, x[V.ascorbate_plasma_umol_l], p, p[M.curcumin_vitamin_c_synergy])
        susceptibility, clearance = curcumin_damage_factors(boosted, p, p[M.curcumin_muscle_damage])
        d[C.damage_susceptibility] *= susceptibility
        d[C.damage_clearance] *= clearance
        d[C.exercise_inflammation] *= curcumin_inflammation_factor(occupancy, p, p[M.curcumin_exercise_inflammation])


@kernel
def ascorbate_absorbed_mg(d, p):
    """Absorbed vitamin C today: each intake event D_k absorbed as D_k / (1 + D_k/K_abs) (Levine 1996)."""
    inv = p[P.ascorbate_inv_abs]
    absorbed = 0.0
    timed = 0.0
    for k in range(MAX_EVENTS):
        dose = d[EVENT_VITC0 + k * EVENT_STRIDE]
        if dose > 0.0:
            timed += dose
            absorbed += dose / (1.0 + dose * inv)
    rest = d[INTAKE_VITC] - timed  # intake not carried by an event counts as one dose
    if rest > 0.0:
        absorbed += rest / (1.0 + rest * inv)
    return absorbed


@kernel
def ascorbate_steady_state(absorbed, p):
    """C_ss = C_max a^3 / (a50^3 + a^3) (sigmoid, Levine 1996)."""
    cube = absorbed * absorbed * absorbed
    return p[P.ascorbate_plateau_umol_l] * cube / (p[P.ascorbate_a50_cubed] + cube)


@kernel
def tocopherol_supply(intake_mg, adipose, p):
    """J = J_max I/(K_E + I) + k_rel A_E [umol/L/d]."""
    return p[P.tocopherol_secretion_max_umol_l_d] * intake_mg / (p[P.tocopherol_half_saturation_mg] + intake_mg) + (
        p[P.adipose_release_per_d] * adipose
    )


@kernel
def kinetics(x, p, d):
    """Advance the antioxidant state one day (module docstring)."""
    m_vite = p[M.vitamin_e_quenching]
    m_gpx = p[M.gpx_peroxide_removal]
    signal = x[V.redox_signal_rel]  # s from the start-of-day pools (set at the end of yesterday)
    ros = exercise_ros(d, p, p[M.exercise_ros_production])
    ascorbate = x[V.ascorbate_plasma_umol_l]

    # Escaped ROS beyond repair -> oxidative damage; lipid peroxidation marker.
    escaped = ros * signal * p[P.escape_ref]  # = R / (1 + kappa S)
    excess = max(0.0, escaped - p[P.oxidative_damage_threshold_au])
    damage = x[V.oxidative_damage_au] * p[P.oxidative_damage_decay] + p[P.oxidative_damage_per_au] * excess
    e_protection = max(0.0, 1.0 + m_vite * (x[V.tocopherol_reduced_umol_l] * p[P.tocopherol_red_ref_inv] - 1.0))
    g_protection = max(0.0, 1.0 + m_gpx * (x[V.gpx_activity_rel] * p[P.gpx_ref_inv] - 1.0))
    x[V.lipid_peroxidation_rel] = ros * p[P.ros_basal_inv] * signal * 4.0 / ((1.0 + e_protection) * (1.0 + g_protection)) + (
        p[P.lipid_peroxidation_per_damage] * damage
    )
    x[V.oxidative_damage_au] = damage
    x[V.ros_load_au] = ros

    # Vitamin E: quasi-steady oxidised fraction, Crank-Nicolson step of the total pool.
    phi = tocopherol_oxidized_fraction(ros, ascorbate, p, m_vite, p[M.vitamin_c_regenerates_vitamin_e])
    adipose = x[V.tocopherol_adipose_ug_g]
    supply = tocopherol_supply(d[INTAKE_VITE], adipose, p)
    rate = p[P.tocopherol_clear_per_d] + p[P.tocopheroxyl_loss_per_d] * phi
    total = (x[V.tocopherol_plasma_umol_l] * (2.0 - rate) + 2.0 * supply) / (2.0 + rate)
    x[V.tocopherol_plasma_umol_l] = total
    x[V.tocopherol_oxidized_umol_l] = phi * total
    x[V.tocopherol_reduced_umol_l] = (1.0 - phi) * total
    decay = p[P.adipose_decay]
    x[V.tocopherol_adipose_ug_g] = adipose * decay + p[P.adipose_per_plasma_ug_g_per_umol_l] * total * (1.0 - decay)

    # Vitamin C: relax to the sigmoid steady state, fast up, slow down.
    target = ascorbate_steady_state(ascorbate_absorbed_mg(d, p), p)
    decay = p[P.ascorbate_fill_decay] if target > ascorbate else p[P.ascorbate_deplete_decay]
    x[V.ascorbate_plasma_umol_l] = target + (ascorbate - target) * decay

    # Selenium and GPx.
    selenium = x[V.selenium_plasma_ug_l]
    intake_se = d[INTAKE_SE]
    se_target = p[P.selenium_plasma_max_ug_l] * intake_se / (p[P.selenium_half_saturation_ug] + intake_se)
    x[V.selenium_plasma_ug_l] = se_target + (selenium - se_target) * p[P.selenium_decay]
    g_target = gpx_target(selenium, p, p[M.selenium_gpx])
    x[V.gpx_activity_rel] = g_target + (x[V.gpx_activity_rel] - g_target) * p[P.gpx_decay]

    # Curcumin: first-order pool, steady state g_P x intake.
    decay = p[P.curcumin_decay]
    x[V.curcumin_plasma_ng_ml] = x[V.curcumin_plasma_ng_ml] * decay + p[P.curcumin_plasma_per_mg] * d[INTAKE_CURCUMIN] * (1.0 - decay)

    # Tomorrow's redox signal from the updated pools.
    status = quench_status(x, p, p[M.vitamin_c_quenching], m_vite, m_gpx)
    x[V.redox_signal_rel] = redox_signal(status, p)


def _strength(mechanism_id: str) -> float:
    mechanism = MECHANISMS.get(mechanism_id)
    return mechanism.nominal_strength if mechanism.default_enabled else 0.0


def initialize(traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Steady state of the athlete's habitual diet at rest (default mechanism strengths)."""
    assert isinstance(params, AntioxidantsParams)
    q = params
    derived = q.derived()
    n = traits["female"].shape[0]
    # Food vitamin C arrives in ~3 meals.
    food_c = traits["habitual_vitamin_c_mg"]
    absorbed = food_c / (1.0 + food_c / (3.0 * q.ascorbate_absorption_half_dose_mg))
    ascorbate = q.ascorbate_plateau_umol_l * absorbed**3 / (derived["ascorbate_a50_cubed"] + absorbed**3)

    ox = _strength("vitamin_e_quenching") * q.tocopherol_oxidation_per_d
    regen = _strength("vitamin_c_regenerates_vitamin_e") * q.tocopherol_regeneration_max_per_d * ascorbate / (
        q.ascorbate_cell_half_saturation_umol_l + ascorbate
    )
    phi = ox / (ox + regen + q.tocopheroxyl_loss_per_d)
    rate = derived["tocopherol_clear_per_d"] + q.tocopheroxyl_loss_per_d * phi
    intake_e = traits["habitual_vitamin_e_mg"]
    diet_supply = q.tocopherol_secretion_max_umol_l_d * intake_e / (q.tocopherol_half_saturation_mg + intake_e)
    # E (rate - k_rel alpha) = J_diet with the adipose reserve in equilibrium with plasma.
    total = diet_supply / (rate - derived["adipose_release_per_d"] * q.adipose_per_plasma_ug_g_per_umol_l)

    intake_se = traits["habitual_selenium_ug"]
    selenium = q.selenium_plasma_max_ug_l * intake_se / (q.selenium_half_saturation_ug + intake_se)
    s_gpx = _strength("selenium_gpx")
    gpx = (1.0 - s_gpx) / derived["gpx_ref_inv"] + s_gpx * selenium**2 / (derived["gpx_k_squared"] + selenium**2)

    status = (
        derived["quench_weight_endogenous"]
        + _strength("vitamin_c_quenching") * q.quench_weight_vitamin_c * ascorbate
        / (q.ascorbate_cell_half_saturation_umol_l + ascorbate) * derived["ascorbate_cell_ref_inv"]
        + _strength("vitamin_e_quenching") * q.quench_weight_vitamin_e * (1.0 - phi) * total * derived["tocopherol_red_ref_inv"]
        + _strength("gpx_peroxide_removal") * q.quench_weight_gpx * gpx * derived["gpx_ref_inv"]
    )
    signal = (1.0 + q.quench_to_escape_ratio) / (1.0 + q.quench_to_escape_ratio * status)
    e_protection = np.maximum(0.0, 1.0 + _strength("vitamin_e_quenching") * (
        (1.0 - phi) * total * derived["tocopherol_red_ref_inv"] - 1.0))
    g_protection = np.maximum(0.0, 1.0 + _strength("gpx_peroxide_removal") * (gpx * derived["gpx_ref_inv"] - 1.0))
    return {
        "ascorbate_plasma_umol_l": ascorbate,
        "tocopherol_reduced_umol_l": (1.0 - phi) * total,
        "tocopherol_oxidized_umol_l": phi * total,
        "tocopherol_plasma_umol_l": total,
        "tocopherol_adipose_ug_g": q.adipose_per_plasma_ug_g_per_umol_l * total,
        "selenium_plasma_ug_l": selenium,
        "gpx_activity_rel": gpx,
        "curcumin_plasma_ng_ml": q.curcumin_plasma_per_mg * traits["habitual_curcumin_mg"],
        "ros_load_au": np.full(n, q.ros_basal_au),
        "redox_signal_rel": signal,
        "oxidative_damage_au": np.zeros(n),
        "lipid_peroxidation_rel": signal * 4.0 / ((1.0 + e_protection) * (1.0 + g_protection)) * np.ones(n),
    }


_EVENT_VITC = tuple(f"event{k}_vitamin_c_mg" for k in range(MAX_EVENTS))

SUBSYSTEM = Subsystem(
    name=NAME,
    params=AntioxidantsParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("redox_signal_rel", "oxidative_damage_au", "curcumin_plasma_ng_ml", "ascorbate_plasma_umol_l"),
    contributes=("adapt_mito", "adapt_endurance", "adapt_strength", "recovery", "fatigue_gain",
                 "damage_susceptibility", "damage_clearance", "exercise_inflammation"),
    kinetics_reads=(
        "load_endurance_au", "load_resistance_au", "load_hiit_au", "load_eccentric_au", "ros_production",
        "intake_vitamin_c_mg", "intake_vitamin_e_mg", "intake_selenium_ug", "intake_curcumin_mg", *_EVENT_VITC,
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
