"""The antioxidants params model (:class:`AntioxidantsParams`, block ``P`` of the parameter
vector) and the curcumin formulation table that converts doses to plain-curcumin equivalents.
"""

from __future__ import annotations

import math

from pydantic import model_validator

from cohort.parameters import PARAMS, Params, param
from cohort.physiology.antioxidants.variables import NAME

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
        0.2, "1/d", (0.05, 0.5), _VITE,
        "k_ox: fraction of reduced alpha-T oxidised per day at resting ROS (no direct measurement; the ranges of k_ox, r "
        "and k_tq are bounded jointly so that the oxidative loss at reference, k_tq phi_ref, stays below the measured "
        "0.17-0.215 pools/d)"
    )
    tocopherol_regeneration_per_d: float = param(
        7.0, "1/d", (3.5, 35.0), ("traber2011", "bruno2006", "buettner1993"),
        "r: ascorbate reduction of tocopheroxyl at reference plasma ascorbate; the reaction is bimolecular and "
        "non-enzymatic, so the rate is proportional to ascorbate (no in-vivo measurement of r: set so that "
        "oxidative loss is a small share of the 0.19 pools/d at reference)",
    )
    tocopheroxyl_loss_per_d: float = param(
        1.0, "1/d", (0.3, 2.0), ("bruno2005", "bruno2006"), "k_tq: irreversible loss of unregenerated tocopheroxyl", gt=0
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
        0.5, "d", (0.3, 1.0), ("kanai2012", "tanabe2019sjmss"), "plasma curcumin elimination half-life (~10-13 h; ~0 by 3-5 d)", gt=0
    )
    curcumin_absorption_half_life_h: float = param(
        0.3, "h", (0.15, 1.5), ("sasaki2011", "kanai2012"),
        "absorption half-life from the gut (Tmax ~1-2 h for dispersed curcumin; must be shorter than elimination)", gt=0,
    )
    curcumin_damage_window_h: float = param(
        24.0, "h", (6.0, 48.0), ("paulsen2012", "clarkson2002"),
        "window after a bout over which plasma curcumin acts on its secondary (inflammatory) damage", gt=0,
    )
    curcumin_plasma_per_mg: float = param(
        0.02, "(ng/mL)/(mg/d)", (0.005, 0.06), ("kanai2012", "sasaki2011"),
        "g_P: daily-mean plasma per plain-curcumin-equivalent mg/d (Theracurmin 150 mg x27 -> ~110 ng/mL)",
    )
    curcumin_half_effect_ng_ml: float = param(
        30.0, "ng/mL", (10.0, 100.0), ("tanabe2015", "tanabe2019sjmss"), "plasma level at half-maximal effect", gt=0
    )
    curcumin_damage_reduction_max: float = param(
        0.65, "fraction", (0.55, 0.9), ("tanabe2015",),
        "e_sus: max cut in the share of the resolving primary muscle injury that progresses to secondary damage "
        "(range: the values keeping both AOX-CURC ratios inside Tanabe 2015's intervals)", le=0.9,
        fitted_to=("AOX-CURC",),
        procedure="grid 0.3-0.9 (python -m cohort.validation.fits.curcumin): among values passing every AOX-CURC "
        "check, the one whose 96-h strength-loss ratio curcumin/placebo is nearest Tanabe 2015's 15/31 = 0.48 "
        "(0.495 at 0.65); no study measures the share of the injury that becomes secondary damage",
    )
    curcumin_clearance_gain_max: float = param(
        0.3, "fraction", (0.0, 0.6), ("tanabe2015", "nicol2015"),
        "e_clr: max rise in secondary-damage clearance (faster MVC recovery; not measured: a modelling choice inside "
        "the range, held at 0.3 when e_sus was fitted to AOX-CURC, whose one ratio identifies one parameter; at 0 or "
        "0.6 its 96-h ratio is 0.53 or 0.47, both inside Tanabe 2015's 0.21-0.76)",
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
        1.0, "ratio", (0.5, 4.0), ("powers2008",),
        "kappa: quenched/escaped ROS at reference (no human measurement of the escaped share)", gt=0,
        fitted_to=("AOX-BLUNT",),
        procedure="hand-set to the round value 1 (half of the ROS quenched at reference), checked to put the AOX-BLUNT "
        "mitochondrial blunting inside its 5-50 % range and the VO2max difference inside +-3 %; the blunting of "
        "other doses follows from the tissue levels they reach",
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
        "selenium_decay", "gpx_decay", "gpx_k_squared", "gpx_ref_inv", "curcumin_ka_per_h", "curcumin_ke_per_h",
        "curcumin_plasma_per_absorbed_mg", "curcumin_plasma_day_decay", "curcumin_gut_day_decay", "curcumin_gut_half_day_decay",
        "oxidative_damage_decay",
        "quench_weight_endogenous", "ascorbate_ref_inv", "ros_basal_inv", "gpx_ref", "escape_ref",
    )

    def _regeneration_ref(self) -> float:
        return self.tocopherol_regeneration_per_d

    def _non_oxidative_clearance(self, phi_ref: float) -> float:
        """k_clear = 0.19/d - k_tq phi_ref: the measured disappearance less its oxidative part (> 0 required)."""
        clearance = self.tocopherol_fractional_disappearance_per_d - self.tocopheroxyl_loss_per_d * phi_ref
        if clearance <= 0.0:
            raise ValueError(
                f"oxidative loss of vitamin E at reference ({self.tocopheroxyl_loss_per_d * phi_ref:.3g}/d) exceeds its "
                f"measured fractional disappearance ({self.tocopherol_fractional_disappearance_per_d:g}/d)"
            )
        return clearance

    @model_validator(mode="after")
    def _absorption_faster_than_elimination(self) -> AntioxidantsParams:
        if self.curcumin_absorption_half_life_h >= 24.0 * self.curcumin_half_life_d:
            raise ValueError("curcumin_absorption_half_life_h must be shorter than the elimination half-life")
        return self

    def derived(self) -> dict[str, float]:
        ln2 = math.log(2.0)
        ox, loss = self.tocopherol_oxidation_per_d, self.tocopheroxyl_loss_per_d
        phi_ref = ox / (ox + self._regeneration_ref() + loss)
        c_ref = self.ascorbate_reference_umol_l
        se_ref_sq = self.selenium_reference_ug_l**2
        k_sq = self.gpx_half_saturation_ug_l**2
        ka = ln2 / self.curcumin_absorption_half_life_h
        ke = ln2 / (24.0 * self.curcumin_half_life_d)
        return {
            "ascorbate_inv_abs": 1.0 / self.ascorbate_absorption_half_dose_mg,
            "ascorbate_a50_cubed": self.ascorbate_half_saturation_mg**3,
            "ascorbate_fill_decay": math.exp(-1.0 / self.ascorbate_fill_tau_d),
            "ascorbate_deplete_decay": math.exp(-1.0 / self.ascorbate_deplete_tau_d),
            "ascorbate_cell_ref_inv": (self.ascorbate_cell_half_saturation_umol_l + c_ref) / c_ref,
            # Oxidative loss at reference is part of the measured 0.19 pools/d.
            "tocopherol_clear_per_d": self._non_oxidative_clearance(phi_ref),
            "tocopherol_ox_per_basal": ox / self.ros_basal_au,
            "tocopherol_red_ref_inv": 1.0 / (self.tocopherol_reference_umol_l * (1.0 - phi_ref)),
            "adipose_decay": math.exp(-ln2 / self.adipose_half_life_d),
            "adipose_release_per_d": self.adipose_share_of_supply * self.tocopherol_fractional_disappearance_per_d
            / self.adipose_per_plasma_ug_g_per_umol_l,
            "selenium_decay": math.exp(-ln2 / self.selenium_half_life_d),
            "gpx_decay": math.exp(-ln2 / self.gpx_half_life_d),
            "gpx_k_squared": k_sq,
            "gpx_ref_inv": (k_sq + se_ref_sq) / se_ref_sq,
            "curcumin_ka_per_h": ka,
            "curcumin_ke_per_h": ke,
            # g = g_P k_e 24 h: a dose D every day gives a daily-mean plasma level g_P D.
            "curcumin_plasma_per_absorbed_mg": self.curcumin_plasma_per_mg * ln2 / self.curcumin_half_life_d,
            # Fractions of plasma and gut curcumin left after 24 h and 12 h (e^{-k 24 h}, e^{-k_a 12 h}).
            "curcumin_plasma_day_decay": math.exp(-ke * 24.0),
            "curcumin_gut_day_decay": math.exp(-ka * 24.0),
            "curcumin_gut_half_day_decay": math.exp(-ka * 12.0),
            "oxidative_damage_decay": math.exp(-ln2 / self.oxidative_damage_half_life_d),
            "quench_weight_endogenous": 1.0 - self.quench_weight_vitamin_c - self.quench_weight_vitamin_e - self.quench_weight_gpx,
            "ascorbate_ref_inv": 1.0 / c_ref,
            "ros_basal_inv": 1.0 / self.ros_basal_au,
            "gpx_ref": se_ref_sq / (k_sq + se_ref_sq),
            "escape_ref": 1.0 / (1.0 + self.quench_to_escape_ratio),
        }


P = PARAMS.declare(NAME, AntioxidantsParams)
