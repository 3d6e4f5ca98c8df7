"""The daily B-vitamin kernels: ``crosstalk`` (bottleneck, erythropoiesis) and ``kinetics`` (pools, biomarkers)."""

from __future__ import annotations

from cohort.jit import kernel
from cohort.physiology.b_vitamins.mechanisms import (
    b12_food_release,
    b12_serum_scale,
    energy_capacity,
    erythropoiesis_sufficiency,
    exercise_turnover,
)
from cohort.physiology.b_vitamins.parameters import _BIO, P, b12_absorbed
from cohort.physiology.b_vitamins.variables import ERYTHROPOIESIS_CHANNEL, INTAKE, MICROBIAL, V
from cohort.physiology.channels import C


@kernel
def crosstalk(x, p, d):
    """Bottleneck -> endurance adaptation, fatigue, energy cost; B9/B12/B2 -> erythropoiesis."""
    deficit = 1.0 - energy_capacity(x, p)
    if deficit > 0.0:
        d[C.adapt_endurance] *= max(0.0, 1.0 - p[P.adaptation_loss_per_deficit] * deficit)
        d[C.fatigue_gain] *= 1.0 + p[P.fatigue_gain_per_deficit] * deficit
        d[C.energy_cost] *= 1.0 + p[P.energy_cost_per_deficit] * deficit
    if ERYTHROPOIESIS_CHANNEL:
        d[C.erythropoiesis_supply] *= erythropoiesis_sufficiency(x, p)


@kernel
def kinetics(x, p, d):
    """Advance the eight pools one day and update the biomarkers (module docstring)."""
    b2_divisor, b6_divisor = exercise_turnover(x, p, d)
    for vitamin in range(7):  # b1 .. b9: linear absorption
        absorbed = p[_BIO[vitamin]] * d[INTAKE[vitamin]] + d[MICROBIAL[vitamin]]
        survival = p[P.b1_decay + vitamin]
        if vitamin == 1:
            survival = survival / b2_divisor
        elif vitamin == 4:
            survival = survival / b6_divisor
        x[V.b1_status_pct + vitamin] = x[V.b1_status_pct + vitamin] * survival + p[P.b1_gain + vitamin] * absorbed
    intake12 = d[INTAKE[7]] * b12_food_release(x, p)
    absorbed12 = b12_absorbed(
        intake12, p[P.b12_if_capacity_ug_meal], p[P.b12_if_half_saturation_ug_meal], p[P.b12_passive_fraction]
    ) + d[MICROBIAL[7]]
    x[V.b12_status_pct] = x[V.b12_status_pct] * p[P.b12_decay] + p[P.b12_gain] * absorbed12

    p1 = x[V.b1_status_pct]
    p2 = x[V.b2_status_pct]
    k1 = p[P.etkac_k]
    k2 = p[P.egrac_k]
    x[V.b1_etkac] = 1.0 + (p[P.etkac_max] - 1.0) * k1 / (p1 + k1)
    x[V.b2_egrac] = 1.0 + (p[P.egrac_max] - 1.0) * k2 / (p2 + k2)
    x[V.b6_plp_nmol_l] = p[P.plp_adequate_nmol_l] * x[V.b6_plp_factor] * x[V.b6_status_pct] * 0.01
    x[V.rbc_folate_nmol_l] = p[P.rbc_folate_adequate_nmol_l] * x[V.b9_status_pct] * 0.01
    absorbed9 = p[P.b9_bioavailability] * d[INTAKE[6]] + d[MICROBIAL[6]]
    weight = p[P.serum_folate_intake_weight]
    target = p[P.serum_folate_adequate_nmol_l] * (
        weight * absorbed9 * p[P.b9_reference_absorbed_inverse] + (1.0 - weight) * x[V.b9_status_pct] * 0.01
    )
    decay = p[P.serum_folate_decay]
    x[V.serum_folate_nmol_l] = x[V.serum_folate_nmol_l] * decay + (1.0 - decay) * target
    p12 = x[V.b12_status_pct]
    x[V.serum_b12_pmol_l] = b12_serum_scale(x, p) * p[P.serum_b12_max_pmol_l] * p12 / (p12 + p[P.serum_b12_k])
    x[V.b_energy_capacity] = energy_capacity(x, p)
    x[V.b_erythropoiesis_supply] = erythropoiesis_sufficiency(x, p)
