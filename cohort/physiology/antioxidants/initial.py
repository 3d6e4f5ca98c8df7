"""Initial antioxidant status of a cohort: the steady state of each athlete's habitual diet."""

from __future__ import annotations

import numpy as np

from cohort.mechanisms import MECHANISMS
from cohort.parameters import Params
from cohort.physiology.antioxidants.parameters import AntioxidantsParams


def _strength(mechanism_id: str) -> float:
    mechanism = MECHANISMS.get(mechanism_id)
    return mechanism.nominal_strength if mechanism.default_enabled else 0.0


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
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
