"""The antioxidant subsystem's two daily kernels, :func:`crosstalk` and :func:`kinetics`, with
the absorption and supply helpers they use and the day-vector slots of the intakes they read.
The equations are in the package docstring (:mod:`cohort.physiology.antioxidants`).
"""

from __future__ import annotations

from cohort.jit import kernel
from cohort.physiology.antioxidants.curcumin import (
    advance_curcumin,
    bout_start_h,
    curcumin_mean_ng_ml,
    curcumin_present,
)
from cohort.physiology.antioxidants.mechanisms import (
    M,
    adaptation_factor,
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
from cohort.physiology.antioxidants.parameters import P
from cohort.physiology.antioxidants.variables import V
from cohort.physiology.base import power
from cohort.physiology.channels import C
from cohort.physiology.inputs import EVENT_STRIDE, MAX_EVENTS, I
from cohort.physiology.nutrients import NUTRIENTS

INTAKE_VITC = NUTRIENTS.intake["vitamin_c_mg"]
INTAKE_VITE = NUTRIENTS.intake["vitamin_e_mg"]
INTAKE_SE = NUTRIENTS.intake["selenium_ug"]
EVENT_VITC0 = I.event0_vitamin_c_mg


@kernel
def crosstalk(x, p, d):
    """Redox signal -> adaptation; oxidative damage -> recovery, fatigue; curcumin -> damage, IL-6.

    Curcumin acts through its plasma exposure on today's clock (:mod:`~cohort.physiology.antioxidants.curcumin`):
    the mean over the window after the first session sets damage susceptibility and the IL-6
    response of the bout, the day's mean sets damage clearance.
    """
    signal = x[V.redox_signal_rel]  # set from the antioxidant pools at the end of yesterday's kinetics
    d[C.adapt_mito] *= adaptation_factor(signal, p, p[P.mito_signal_sensitivity], p[M.redox_signal_mito])
    d[C.adapt_endurance] *= adaptation_factor(signal, p, p[P.endurance_signal_sensitivity], p[M.redox_signal_endurance])
    d[C.adapt_strength] *= adaptation_factor(signal, p, p[P.strength_signal_sensitivity], p[M.redox_signal_strength])
    damage = x[V.oxidative_damage_au]
    if damage > 0.0:
        d[C.recovery] *= damage_recovery_factor(damage, p, p[M.oxidative_damage_recovery])
        d[C.fatigue_gain] *= damage_fatigue_factor(damage, p, p[M.oxidative_damage_fatigue])
    # Curcumin: exposure over the day (clearance) and over the window after the day's first bout.
    day_mean = curcumin_mean_ng_ml(x, p, d, 0.0, 24.0) if curcumin_present(x, d) else 0.0
    if day_mean > 0.0:
        start = bout_start_h(d)
        bout_mean = day_mean if start < 0.0 else curcumin_mean_ng_ml(x, p, d, start, start + p[P.curcumin_damage_window_h])
        half = p[P.curcumin_half_effect_ng_ml]
        ascorbate = x[V.ascorbate_plasma_umol_l]
        synergy = p[M.curcumin_vitamin_c_synergy]
        bout = curcumin_occupancy(bout_mean / (half + bout_mean), ascorbate, p, synergy)
        daily = curcumin_occupancy(day_mean / (half + day_mean), ascorbate, p, synergy)
        susceptibility, clearance = curcumin_damage_factors(bout, daily, p, p[M.curcumin_muscle_damage])
        d[C.damage_susceptibility] *= susceptibility
        d[C.damage_clearance] *= clearance
        d[C.exercise_inflammation] *= curcumin_inflammation_factor(
            bout_mean / (half + bout_mean), p, p[M.curcumin_exercise_inflammation]
        )


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
def labelled_tocopherol_supply(labelled_mg, intake_mg, labelled_adipose, p):
    """J_L = J_max I_L/(K_E + I_E) + k_rel A_L [umol/L/d]: the labelled share I_L/I_E of today's
    hepatic secretion plus the labelled adipose release (the tracer follows the total pool's kinetics)."""
    return p[P.tocopherol_secretion_max_umol_l_d] * labelled_mg / (p[P.tocopherol_half_saturation_mg] + intake_mg) + (
        p[P.adipose_release_per_d] * labelled_adipose
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
    # Protection relative to reference, (level/ref)^m: 1 when switched off, positive for any m.
    e_protection = power(x[V.tocopherol_reduced_umol_l] * p[P.tocopherol_red_ref_inv], m_vite)
    g_protection = power(x[V.gpx_activity_rel] * p[P.gpx_ref_inv], m_gpx)
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
    # Deuterium-labelled alpha-tocopherol: the same step with the labelled supply, so its
    # fractional disappearance (k, pools/d) is the pool's, as Traber/Bruno tracer studies assume.
    labelled = x[V.tocopherol_labelled_umol_l]
    labelled_adipose = x[V.tocopherol_labelled_adipose_ug_g]
    if labelled > 0.0 or labelled_adipose > 0.0 or d[I.labelled_vitamin_e_mg] > 0.0:
        labelled_supply = labelled_tocopherol_supply(d[I.labelled_vitamin_e_mg], d[INTAKE_VITE], labelled_adipose, p)
        labelled_now = (labelled * (2.0 - rate) + 2.0 * labelled_supply) / (2.0 + rate)
        x[V.tocopherol_labelled_umol_l] = labelled_now
        x[V.tocopherol_labelled_adipose_ug_g] = labelled_adipose * decay + p[P.adipose_per_plasma_ug_g_per_umol_l] * labelled_now * (
            1.0 - decay
        )

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

    # Curcumin: gut depot and plasma through today's doses (Bateman kinetics, closed form).
    if curcumin_present(x, d):
        advance_curcumin(x, p, d)

    # Tomorrow's redox signal from the updated pools.
    status = quench_status(x, p, p[M.vitamin_c_quenching], m_vite, m_gpx)
    x[V.redox_signal_rel] = redox_signal(status, p)
