"""Initial antioxidant status of a cohort: the steady state of each athlete's habitual diet and
training history (mean daily ROS production of the habitual loads)."""

from __future__ import annotations

import numpy as np

from cohort.mechanisms import MECHANISMS
from cohort.parameters import Params
from cohort.physiology.antioxidants.parameters import AntioxidantsParams


def _strength(mechanism_id: str) -> float:
    mechanism = MECHANISMS.get(mechanism_id)
    return mechanism.nominal_strength if mechanism.default_enabled else 0.0


_BLOCK = 1 << 16


def _ascorbate_steady_mean(absorbed: np.ndarray, log_sd: np.ndarray, q: AntioxidantsParams) -> np.ndarray:
    """Mean plasma ascorbate under day-to-day intake variation (umol/L).

    Each day C relaxes toward C_ss(f a) with a log-normal eating-day factor f (mean 1, log SD
    sigma), quickly when the target is above C and slowly when below, so the stationary mean
    sits above C_ss(a). It is the C at which the expected daily change vanishes,

        sum_j w_j (C_ss(f_j a) - C)(1 - decay_j(C)) = 0,

    over Gauss-Hermite nodes f_j = exp(sigma z_j - sigma^2/2), solved by bisection.
    """
    derived = q.derived()
    nodes, weights = np.polynomial.hermite_e.hermegauss(16)
    weights = weights / weights.sum()
    fill, deplete = 1.0 - derived["ascorbate_fill_decay"], 1.0 - derived["ascorbate_deplete_decay"]
    mean = np.empty_like(absorbed)
    for start in range(0, absorbed.shape[0], _BLOCK):  # blocks bound the (athletes x nodes) temporaries
        block = slice(start, start + _BLOCK)
        sigma = log_sd[block, None]
        dose = absorbed[block, None] * np.exp(sigma * nodes - 0.5 * sigma**2)
        targets = q.ascorbate_plateau_umol_l * dose**3 / (derived["ascorbate_a50_cubed"] + dose**3)
        low, high = targets.min(axis=1), targets.max(axis=1)
        for _ in range(50):
            middle = 0.5 * (low + high)
            gap = targets - middle[:, None]
            drift = (weights * gap * np.where(gap > 0.0, fill, deplete)).sum(axis=1)
            low, high = np.where(drift > 0.0, middle, low), np.where(drift > 0.0, high, middle)
        mean[block] = 0.5 * (low + high)
    return mean


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Steady state of the athlete's habitual diet and habitual training (default mechanism strengths).

    ROS production is that of the habitual mean daily loads L_m (:func:`cohort.training.habitual_loads`),
    R = R_basal + s_ROS (L_end + w_res L_res + w_hiit L_hiit + w_ecc L_ecc), with neutral channels.
    """
    assert isinstance(params, AntioxidantsParams)
    q = params
    derived = q.derived()
    n = traits["female"].shape[0]
    # Food vitamin C arrives in ~3 meals.
    food_c = traits["habitual_vitamin_c_mg"]
    absorbed = food_c / (1.0 + food_c / (3.0 * q.ascorbate_absorption_half_dose_mg))
    ascorbate = _ascorbate_steady_mean(absorbed, traits["eating_day_log_sd"], q)

    ros = q.ros_basal_au + _strength("exercise_ros_production") * (
        traits["habitual_load_endurance_au"] + q.ros_weight_resistance * traits["habitual_load_resistance_au"]
        + q.ros_weight_hiit * traits["habitual_load_hiit_au"] + q.ros_weight_eccentric * traits["habitual_load_eccentric_au"]
    )
    ox = _strength("vitamin_e_quenching") * derived["tocopherol_ox_per_basal"] * ros
    regen = _strength("vitamin_c_regenerates_vitamin_e") * q.tocopherol_regeneration_per_d * ascorbate / q.ascorbate_reference_umol_l
    phi = ox / (ox + regen + q.tocopheroxyl_loss_per_d)
    rate = derived["tocopherol_clear_per_d"] + q.tocopheroxyl_loss_per_d * phi
    intake_e = traits["habitual_vitamin_e_mg"]
    diet_supply = q.tocopherol_secretion_max_umol_l_d * intake_e / (q.tocopherol_half_saturation_mg + intake_e)
    # E (rate - k_rel alpha) = J_diet with the adipose reserve in equilibrium with plasma.
    total = diet_supply / (rate - derived["adipose_release_per_d"] * q.adipose_per_plasma_ug_g_per_umol_l)

    intake_se = traits["habitual_selenium_ug"]
    selenium = q.selenium_plasma_max_ug_l * intake_se / (q.selenium_half_saturation_ug + intake_se)
    s_gpx = _strength("selenium_gpx")
    saturation = selenium**2 / (derived["gpx_k_squared"] + selenium**2)
    logit = (1.0 - s_gpx) * np.log(derived["gpx_ref"] / (1.0 - derived["gpx_ref"])) + s_gpx * np.log(saturation / (1.0 - saturation))
    gpx = saturation if s_gpx == 1.0 else 1.0 / (1.0 + np.exp(-logit))  # as gpx_target

    status = (
        derived["quench_weight_endogenous"]
        + _strength("vitamin_c_quenching") * q.quench_weight_vitamin_c * ascorbate
        / (q.ascorbate_cell_half_saturation_umol_l + ascorbate) * derived["ascorbate_cell_ref_inv"]
        + _strength("vitamin_e_quenching") * q.quench_weight_vitamin_e * (1.0 - phi) * total * derived["tocopherol_red_ref_inv"]
        + _strength("gpx_peroxide_removal") * q.quench_weight_gpx * gpx * derived["gpx_ref_inv"]
    )
    signal = (1.0 + q.quench_to_escape_ratio) / (1.0 + q.quench_to_escape_ratio * status)
    # Mean-load steady state of the damage; heavy single days above the threshold are not represented.
    excess = np.maximum(0.0, ros * signal * derived["escape_ref"] - q.oxidative_damage_threshold_au)
    damage = q.oxidative_damage_per_au * excess / (1.0 - derived["oxidative_damage_decay"])
    e_protection = ((1.0 - phi) * total * derived["tocopherol_red_ref_inv"]) ** _strength("vitamin_e_quenching")
    g_protection = (gpx * derived["gpx_ref_inv"]) ** _strength("gpx_peroxide_removal")
    return {
        "ascorbate_plasma_umol_l": ascorbate,
        "tocopherol_reduced_umol_l": (1.0 - phi) * total,
        "tocopherol_oxidized_umol_l": phi * total,
        "tocopherol_plasma_umol_l": total,
        "tocopherol_adipose_ug_g": q.adipose_per_plasma_ug_g_per_umol_l * total,
        # no tracer before a labelled dose (events.test_meals: labelled_vitamin_e_mg)
        "tocopherol_labelled_umol_l": np.zeros(n),
        "tocopherol_labelled_adipose_ug_g": np.zeros(n),
        "selenium_plasma_ug_l": selenium,
        "gpx_activity_rel": gpx,
        # Habitual curcumin is zero in the population priors; a non-zero habit starts at its daily mean.
        "curcumin_gut_mg": np.zeros(n),
        "curcumin_plasma_ng_ml": q.curcumin_plasma_per_mg * traits["habitual_curcumin_mg"],
        "ros_load_au": ros * np.ones(n),
        "redox_signal_rel": signal,
        "oxidative_damage_au": damage,
        "lipid_peroxidation_rel": ros * derived["ros_basal_inv"] * signal * 4.0 / ((1.0 + e_protection) * (1.0 + g_protection))
        + q.lipid_peroxidation_per_damage * damage,
    }
