"""Calcium: intake, vitamin D-dependent absorption, urinary, fecal, dermal and sweat losses, balance.

State, per athlete (daily flows in mg/d, the running status in mg/d and g):

* ``ca_absorption_fraction`` (a): today's fractional absorption;
* ``ca_absorbed_mg_d``, ``ca_sweat_loss_mg_d``, ``ca_balance_mg_d`` (today's net balance);
* ``ca_balance_avg_mg_d`` (B): 4-week running mean of the balance, the calcium status used by
  crosstalk (sustained negative balance = low status);
* ``ca_cumulative_balance_g``: net calcium gained or lost since the start (bone mineral);
* ``ca_intake_avg_mg_d`` (I_bar): running mean of intake, what absorption has adapted to.

Daily update:

    A        = (I_bar / I_ref)^(-e s)                       intake adaptation (PTH/calcitriol)
    a        = min(0.9, a_ref X A)                          X: calcium_absorption channel (vitamin D)
    absorbed = a I_Ca
    I_bar'   = I_bar + (I_Ca - I_bar)(1 - e^{-1/tau_A})
    sweat    = s c_sweat V_sweat                             (44.6 mg/L whole-body sweat, Baker 2011)
    urinary  = u_0 + u_1 absorbed                            (renal excretion follows absorbed load)
    balance  = absorbed - urinary - fecal_endogenous - dermal - sweat
    B'       = B + (balance - B)(1 - e^{-1/tau_B})

At 1000 mg/d and 30 % absorption the balance is ~0 (IOM 2011). Fractional absorption adapts
inversely to habitual intake over 1-2 weeks (Dawson-Hughes 1993 in IOM 1997; Heaney 1989), so
a persistently high or low intake shifts the balance much less than a fixed fraction would
(a fixed fraction made +/-150 mg/d per athlete persist for years). Crosstalk: a sustained negative
balance (B < 0) lowers force weakly: force x (1 - s c_F min(1, -B / B_scale)); serum calcium
is tightly regulated, so this acts only when status is low.
"""

from __future__ import annotations

import math

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology import magnesium, vitamin_d
from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE, Var

NAME = "calcium"

V = STATE.declare(
    NAME,
    [
        Var("ca_absorption_fraction", "fraction", 0, 1, "today's fractional calcium absorption"),
        Var("ca_absorbed_mg_d", "mg/d", 0, 1e5, "calcium absorbed today"),
        Var("ca_sweat_loss_mg_d", "mg/d", 0, 1e4, "calcium lost in training sweat today"),
        Var("ca_balance_mg_d", "mg/d", -1e4, 1e5, "today's net calcium balance"),
        Var("ca_balance_avg_mg_d", "mg/d", -1e4, 1e5, "running mean of the calcium balance (status)"),
        Var("ca_cumulative_balance_g", "g", -1000, 1000, "net calcium gained (+) or lost (-) since the start"),
        Var("ca_intake_avg_mg_d", "mg/d", 0, 1e5, "running mean of calcium intake (what absorption has adapted to)"),
    ],
)

INTAKE_CALCIUM = NUTRIENTS.intake["calcium_mg"]
VITD_LEVEL = STATE.index("vitd_25oh_nmol_l")


class CalciumParams(Params):
    """Calcium absorption and losses."""

    fractional_absorption: float = param(
        0.30, "fraction", (0.25, 0.35), ("iom2011",), "a_ref: fractional absorption of an adult at 75 nmol/L", le=0.9
    )
    urinary_basal_mg_d: float = param(60.0, "mg/d", (30.0, 100.0), ("iom2011",), "u_0: urinary calcium at zero absorption")
    urinary_fraction_of_absorbed: float = param(
        0.3, "fraction", (0.1, 0.5), ("iom2011",), "u_1: urinary calcium per mg absorbed", le=1.0
    )
    endogenous_fecal_mg_d: float = param(110.0, "mg/d", (80.0, 150.0), ("iom2011",), "endogenous fecal calcium")
    dermal_mg_d: float = param(35.0, "mg/d", (20.0, 60.0), ("palacios2003",), "resting dermal (sweat) calcium loss")
    sweat_calcium_mg_l: float = param(
        44.6, "mg/L", (24.6, 64.6), ("baker2011",), "whole-body wash-down sweat calcium (44.6 +/- 20.0 mg/L)"
    )
    status_tau_d: float = param(28.0, "d", (14.0, 90.0), ("iom2011",), "tau_B: averaging time of the balance status", gt=0)
    deficit_scale_mg_d: float = param(
        150.0, "mg/d", (50.0, 300.0), ("iom2011",), "B_scale: sustained deficit at which the force effect is full", gt=0
    )
    force_effect: float = param(
        0.02, "fraction", (0.0, 0.05), ("iom2011", "ceglia2013"), "c_F: force lost at a full sustained deficit (weak)"
    )
    adaptation_exponent: float = param(
        0.35, "1", (0.17, 0.5), ("heaney1989", "iom1997"),
        "e: fractional absorption ~ (habitual intake)^-e. Within a person, 2000 -> 300 mg/d raised whole-body "
        "retention 27 -> 37 % (e ~0.17, Dawson-Hughes 1993 in IOM 1997); across 526 studies of self-selected "
        "intakes ~ inverse square root (e ~0.5, Heaney 1989); the default is between them (a modelling choice)",
        ge=0,
    )
    adaptation_reference_mg_d: float = param(
        1000.0, "mg/d", (800.0, 1200.0), ("iom2011",), "I_ref: habitual intake at which a_ref applies", gt=0
    )
    adaptation_tau_d: float = param(
        10.0, "d", (5.0, 21.0), ("iom1997",), "tau_A: time constant of the adaptation (it took 1-2 weeks)", gt=0
    )

    derived_names = ("status_relax", "inverse_deficit_scale", "adaptation_relax", "inverse_adaptation_reference")

    def derived(self) -> dict[str, float]:
        return {
            "status_relax": 1.0 - math.exp(-1.0 / self.status_tau_d),
            "inverse_deficit_scale": 1.0 / self.deficit_scale_mg_d,
            "adaptation_relax": 1.0 - math.exp(-1.0 / self.adaptation_tau_d),
            "inverse_adaptation_reference": 1.0 / self.adaptation_reference_mg_d,
        }


P = PARAMS.declare(NAME, CalciumParams)


@kernel
def sweat_loss(p, sweat_l):
    """Calcium lost in training sweat, mg/d: s c_sweat V_sweat (Baker 2011: 44.6 mg/L whole body)."""
    return p[M.ca_sweat_loss] * p[P.sweat_calcium_mg_l] * sweat_l


@kernel
def intake_adaptation(intake_avg_mg_d, p):
    """A = (I_bar / I_ref)^(-e s): fractional absorption adapted to the recent mean intake.

    Low intake raises PTH and calcitriol and with them active transport; high intake lowers
    them (IOM 1997, 2011). Intake below 50 mg/d counts as 50 (the power law's range).
    References: Heaney 1989 (J Bone Miner Res); Dawson-Hughes 1993 via IOM 1997.
    """
    strength = p[M.ca_absorption_adaptation]
    if strength == 0.0:
        return 1.0
    ratio = max(intake_avg_mg_d, 50.0) * p[P.inverse_adaptation_reference]
    return math.exp(-p[P.adaptation_exponent] * strength * math.log(ratio))


@kernel
def contraction_availability(x, p):
    """force x (1 - s c_F min(1, max(0, -B) / B_scale)).

    Weak: serum calcium is held by PTH/vitamin D, so only a sustained negative balance (low
    status) is allowed to lower expressed force, by at most c_F (2 %).
    """
    lowness = min(1.0, max(0.0, -x[V.ca_balance_avg_mg_d]) * p[P.inverse_deficit_scale])
    return 1.0 - p[M.ca_contraction_availability] * p[P.force_effect] * lowness


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism(
            "ca_sweat_loss", NAME, "training sweat", "calcium balance", -1, "established", ("baker2011",),
            "calcium lost in sweat (44.6 mg/L)", sweat_loss, parameters=("sweat_calcium_mg_l",),
        ),
        Mechanism(
            "ca_absorption_adaptation", NAME, "habitual calcium intake", "calcium absorption", -1, "established",
            ("heaney1989", "iom1997"), "fractional absorption adapts inversely to the recent mean intake (1-2 weeks)",
            intake_adaptation, parameters=("adaptation_exponent", "adaptation_reference_mg_d", "adaptation_tau_d"),
        ),
        Mechanism(
            "ca_contraction_availability", NAME, "calcium status", "force", +1, "supported", ("iom2011", "ceglia2013"),
            "weak: sustained negative calcium balance lowers force only when status is low",
            contraction_availability, parameters=("force_effect", "deficit_scale_mg_d", "status_tau_d"),
        ),
    ],
)


@kernel
def crosstalk(x, p, d):
    """Low calcium status -> force (weak)."""
    if x[V.ca_balance_avg_mg_d] < 0.0:
        d[C.force] *= contraction_availability(x, p)


@kernel
def kinetics(x, p, d):
    """Absorption, losses and balance for today (module docstring)."""
    intake = d[INTAKE_CALCIUM]
    adaptation = intake_adaptation(x[V.ca_intake_avg_mg_d], p)
    fraction = min(0.9, p[P.fractional_absorption] * d[C.calcium_absorption] * adaptation)
    absorbed = fraction * intake
    sweat = sweat_loss(p, d[I.sweat_loss_l])
    urinary = p[P.urinary_basal_mg_d] + p[P.urinary_fraction_of_absorbed] * absorbed
    balance = absorbed - urinary - p[P.endogenous_fecal_mg_d] - p[P.dermal_mg_d] - sweat
    x[V.ca_absorption_fraction] = fraction
    x[V.ca_absorbed_mg_d] = absorbed
    x[V.ca_sweat_loss_mg_d] = sweat
    x[V.ca_balance_mg_d] = balance
    x[V.ca_balance_avg_mg_d] += (balance - x[V.ca_balance_avg_mg_d]) * p[P.status_relax]
    x[V.ca_cumulative_balance_g] += 0.001 * balance
    x[V.ca_intake_avg_mg_d] += (intake - x[V.ca_intake_avg_mg_d]) * p[P.adaptation_relax]


@kernel
def _habitual_day(levels, intakes, sweat_l, p, x, neutral, out):
    """One day of :func:`kinetics` per athlete at the habitual intake, with absorption adapted to
    it, the vitamin D factor of the athlete's 25(OH)D and the day's mean training sweat
    ``sweat_l``; rows of ``out``: (fraction, absorbed, sweat, balance); ``x`` is a scratch state
    row. The initial state is therefore exactly what the daily kinetics give on such a day, with
    no second copy of the equations."""
    d = np.empty(neutral.shape[0])
    for i in range(levels.shape[0]):
        for j in range(neutral.shape[0]):
            d[j] = neutral[j]
        x[VITD_LEVEL] = levels[i]
        x[V.ca_intake_avg_mg_d] = intakes[i]
        d[INTAKE_CALCIUM] = intakes[i]
        d[I.sweat_loss_l] = sweat_l[i]
        d[C.calcium_absorption] *= vitamin_d.calcium_absorption_factor(x, p)
        kinetics(x, p, d)
        out[i, 0] = x[V.ca_absorption_fraction]
        out[i, 1] = x[V.ca_absorbed_mg_d]
        out[i, 2] = x[V.ca_sweat_loss_mg_d]
        out[i, 3] = x[V.ca_balance_mg_d]


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Balance of a mean day: habitual intake with absorption adapted to it, the athlete's initial
    25(OH)D, and the sweat of their training history's hours
    (:func:`cohort.physiology.magnesium.baseline_training_hours`) at their sweat rate, with the
    run's parameters and switches (``vector``; ``params`` and default switches when None). The
    4-week mean balance therefore starts where the athlete's habitual training keeps it."""
    assert isinstance(params, CalciumParams)
    n = traits["female"].shape[0]
    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    level = np.asarray(traits.get("vitd_25oh_nmol_l", np.full(n, p[vitamin_d.P.vdr_reference_nmol_l])), dtype=np.float64)
    intake = np.asarray(traits["habitual_calcium_mg"], dtype=np.float64)
    rate = np.asarray(traits.get("sweat_rate_l_h", np.zeros(n)), dtype=np.float64)
    sweat_l = rate * magnesium.baseline_training_hours(traits, p)
    day = np.empty((n, 4))
    _habitual_day(level, intake, sweat_l, p, np.zeros(len(STATE)), DAY.neutral(), day)
    return {
        "ca_absorption_fraction": day[:, 0],
        "ca_absorbed_mg_d": day[:, 1],
        "ca_sweat_loss_mg_d": day[:, 2],
        "ca_balance_mg_d": day[:, 3],
        "ca_balance_avg_mg_d": day[:, 3].copy(),
        "ca_cumulative_balance_g": np.zeros(n),
        "ca_intake_avg_mg_d": intake.copy(),
    }


SUBSYSTEM = Subsystem(
    name=NAME,
    params=CalciumParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("ca_balance_avg_mg_d",),
    contributes=("force",),
    kinetics_reads=("intake_calcium_mg", "sweat_loss_l", "calcium_absorption"),
    writes=(
        "ca_absorption_fraction", "ca_absorbed_mg_d", "ca_sweat_loss_mg_d", "ca_balance_mg_d",
        "ca_balance_avg_mg_d", "ca_cumulative_balance_g", "ca_intake_avg_mg_d",
    ),
    summary_variables=("ca_absorption_fraction", "ca_balance_avg_mg_d"),
    thresholds=(
        Threshold(
            "ca_negative_balance", "ca_balance_avg_mg_d", True, -50.0,
            "sustained calcium loss > 50 mg/d (4-week mean balance)", ("iom2011",),
        ),
    ),
    description="Calcium absorption (vitamin D-dependent), losses including sweat, and balance",
)
