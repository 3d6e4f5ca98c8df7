"""The antioxidant subsystem's mechanism kernels and their registration (:data:`M`).

Each registered kernel's docstring is the equation shown by ``cohort mechanisms``.
"""

from __future__ import annotations

import math

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.physiology.antioxidants.parameters import P
from cohort.physiology.antioxidants.variables import NAME, V
from cohort.physiology.base import power
from cohort.physiology.channels import C
from cohort.physiology.inputs import I


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
    """logit G_ss = (1 - s) logit G_ref + s logit[Se^2 / (K_G^2 + Se^2)]: GPx saturates with plasma Se
    (plateau ~70-90 ug/L). s = 1 gives the Se curve, s = 0 the reference level; blending on the logit
    scale keeps G in (0, 1) for any strength s >= 0.

    IOM 2000 (RDA 55 ug/d set to maximise plasma GPx); Duffield 1999; Xia 2005; Hurst 2010.
    """
    se2 = se * se
    saturation = se2 / (p[P.gpx_k_squared] + se2)
    if strength == 1.0:
        return saturation
    reference = p[P.gpx_ref]
    if strength == 0.0:
        return reference
    if saturation <= 0.0:
        return 0.0
    logit = (1.0 - strength) * math.log(reference / (1.0 - reference)) + strength * math.log(saturation / (1.0 - saturation))
    return 1.0 / (1.0 + math.exp(-logit))


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
    """a = r^(m k), r = s if s <= 1 else 1 + (s-1)/(1 + (s-1)/h): hormesis.

    Less escaped ROS (antioxidant megadoses) blunts redox signalling (PGC-1alpha, Nrf2); extra
    signal helps at most by h, beyond which ROS damage (see oxidative damage) dominates. The
    exponent m k (mechanism strength x sensitivity) makes a = r at m k = 1, ~1 + m k (r - 1) near
    r = 1, and keeps a positive for any m k >= 0.
    Ristow 2009; Gomez-Cabrera 2008; Paulsen 2014 (mitochondrial markers blunted, VO2max not).
    """
    exponent = strength * sensitivity
    if exponent == 0.0:
        return 1.0
    if signal <= 1.0:
        response = signal
    else:
        excess = signal - 1.0
        ceiling = p[P.redox_signal_excess_ceiling]
        response = 1.0 + excess * ceiling / (ceiling + excess)  # = (s-1)/(1 + (s-1)/h), safe at h = 0
    return power(response, exponent)


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
def curcumin_damage_factors(occupancy_bout, occupancy_day, p, strength):
    """susceptibility = (1 - e_sus o_bout)^m; clearance = 1 + m e_clr o_day (Tanabe 2015: CK peak -56 %, MVC loss halved).

    e_sus is fitted to the calibration case AOX-CURC (Tanabe 2015's 96-h strength-loss ratio;
    :mod:`cohort.validation.fits.curcumin`).

    Both act on the secondary (inflammatory, proteolytic) phase of muscle damage
    (:mod:`cohort.physiology.muscle`): susceptibility scales the share of the resolving primary
    injury that becomes secondary damage, clearance speeds the secondary damage's resolution; the
    mechanical injury at the bout itself is untouched, so curcumin present in the days after a
    bout acts as well as curcumin taken before it (Tanabe 2019, J Nutr Sci Vitaminol: 180 mg/d for 4 d
    after elbow-flexor eccentric work eased soreness and ROM loss, 7 d before it did not).
    o = P/(K_P + P) with P the mean plasma curcumin over the window after the bout (o_bout) or over
    the day (o_day); e_sus <= 0.9 and o < 1 keep susceptibility in (0, 1] for any strength m >= 0
    (m scales the log-effect; m = 1 is the linear cut e_sus o).
    """
    susceptibility = power(1.0 - p[P.curcumin_damage_reduction_max] * occupancy_bout, strength)
    clearance = 1.0 + strength * p[P.curcumin_clearance_gain_max] * occupancy_day
    return susceptibility, clearance


@kernel
def curcumin_inflammation_factor(occupancy, p, strength):
    """exercise_inflammation = (1 - e_inf o_bout)^m (IL-6/TNF: McFarlin 2016 lower TNF/IL-8, Nicol 2015 mixed IL-6)."""
    return power(1.0 - p[P.curcumin_inflammation_reduction_max] * occupancy, strength)


@kernel
def tocopherol_oxidized_fraction(ros, ascorbate, p, m_vite, m_regen):
    """phi = ox / (ox + regen + k_tq), ox = m_E k_ox R/R_basal, regen = m_reg r C/C_ref.

    alpha-Tocopherol quenching lipid peroxyl radicals becomes tocopheroxyl; ascorbate reduces it back
    in a bimolecular, non-enzymatic reaction (rate proportional to ascorbate; Buettner 1993), fast
    enough that phi is quasi-steady; what escapes regeneration is lost (tocopherylquinone), which
    raises alpha-T disappearance: 0.215 vs 0.191 pools/d in smokers, normalised by vitamin C
    (Bruno 2005, 2006; Traber & Stevens 2011).
    """
    oxidation = m_vite * p[P.tocopherol_ox_per_basal] * ros
    regeneration = m_regen * p[P.tocopherol_regeneration_per_d] * ascorbate * p[P.ascorbate_ref_inv]
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
                  tocopherol_oxidized_fraction, parameters=("tocopherol_regeneration_per_d", "tocopheroxyl_loss_per_d")),
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
                  "Curcumin lowers the secondary phase of eccentric damage (CK, MVC loss) and speeds its clearance",
                  curcumin_damage_factors, parameters=("curcumin_damage_reduction_max", "curcumin_clearance_gain_max",
                                                        "curcumin_absorption_half_life_h", "curcumin_damage_window_h")),
        Mechanism("curcumin_exercise_inflammation", NAME, "curcumin", "exercise IL-6", -1, "contested",
                  ("mcfarlin2016", "nicol2015", "tanabe2015"), "Curcumin lowers exercise cytokines (IL-6 data mixed)",
                  curcumin_inflammation_factor, parameters=("curcumin_inflammation_reduction_max",)),
        Mechanism("curcumin_vitamin_c_synergy", NAME, "curcumin + vitamin C", "muscle damage", -1, "hypothesis",
                  ("tanabe2023_as_cited", "tanabe2015"),
                  "Review claim (Tanabe 2023, distorted: the real paper tested curcumin alone) that vitamin C potentiates curcumin",
                  curcumin_occupancy, parameters=("curcumin_vitc_synergy_gain",)),
    ],
)
