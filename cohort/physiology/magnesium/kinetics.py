"""The daily magnesium kernels: ``crosstalk`` (effects of low tissue Mg) and ``kinetics`` (both pools, serum, flows)."""

from __future__ import annotations

from cohort.jit import kernel
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.magnesium.mechanisms import (
    absorbed_replete,
    depletion,
    energy_cost,
    exercise_inflammation,
    extracellular_status,
    oxidative_stress,
    ryr1_fatigue,
    serca_recovery,
    vitd_activation,
)
from cohort.physiology.magnesium.parameters import P
from cohort.physiology.magnesium.variables import INTAKE_MAGNESIUM, V


@kernel
def crosstalk(x, p, d):
    """Low tissue Mg -> fatigue, recovery, vitamin D activation, energy cost (and hypotheses)."""
    delta = depletion(x)
    if delta <= 0.0:
        return
    d[C.fatigue_gain] *= ryr1_fatigue(p, delta)
    d[C.recovery] *= serca_recovery(p, delta)
    d[C.vitd_activation] *= vitd_activation(p, delta)
    d[C.energy_cost] *= energy_cost(p, delta)
    d[C.ros_production] *= oxidative_stress(p, delta)
    d[C.exercise_inflammation] *= exercise_inflammation(p, delta)


@kernel
def kinetics(x, p, d):
    """Absorption, losses, the extracellular and tissue pools, status and serum Mg for today
    (module docstring): r' and the day's flows from :func:`extracellular_status`, then the exchange
    J(r', s) (:func:`exchange_flux`) moves into the tissue pool."""
    status = x[V.mg_status]
    replete = x[V.mg_replete_mg]
    hours = d[I.training_minutes] / 60.0
    sweat_l = d[I.sweat_loss_l]
    absorbed = (1.0 + p[P.absorption_adaptation] * max(0.0, 1.0 - status)) * absorbed_replete(d[INTAKE_MAGNESIUM], p)
    exchangeable, sweat, urinary, total, flux = extracellular_status(
        status, x[V.mg_exchangeable_mg], replete, absorbed, hours, sweat_l, p
    )
    pool = p[P.extracellular_fraction] * replete
    tissue = x[V.mg_body_mg] - x[V.mg_exchangeable_mg] + flux
    x[V.mg_exchangeable_mg] = exchangeable * pool
    x[V.mg_body_mg] = exchangeable * pool + tissue
    x[V.mg_status] = tissue / (replete - pool)
    x[V.mg_serum_mmol_l] = x[V.mg_serum_setpoint_mmol_l] * exchangeable
    x[V.mg_absorbed_mg_d] = absorbed
    x[V.mg_sweat_loss_mg_d] = sweat
    x[V.mg_urinary_mg_d] = urinary
    x[V.mg_balance_mg_d] = absorbed - total


#: the day channels :func:`crosstalk` scales
CONTRIBUTES = ("fatigue_gain", "recovery", "vitd_activation", "energy_cost", "ros_production", "exercise_inflammation")
