"""The cohort's initial magnesium state: each athlete's steady state in both pools (:func:`initialize`), the
steady-state and requirement solvers, and the crosstalk channels at the initial status (:func:`initial_channels`)."""

from __future__ import annotations

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS, Params
from cohort.physiology.magnesium.kinetics import CONTRIBUTES, crosstalk
from cohort.physiology.magnesium.mechanisms import (
    absorbed_replete,
    daily_flows,
    steady_flows,
    tissue_equilibrium,
)
from cohort.physiology.magnesium.parameters import MagnesiumParams, P
from cohort.physiology.magnesium.variables import NAME, V
from cohort.state import DAY, STATE


def _default_vector(params: MagnesiumParams) -> np.ndarray:
    return PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))


def daily_balance(
    status: np.ndarray, intake_mg: np.ndarray, training_h: np.ndarray, sweat_l: np.ndarray, params: MagnesiumParams
) -> np.ndarray:
    """Mg balance (mg/d) at a given tissue status, intake and training: :func:`daily_flows` with default switches."""
    p = _default_vector(params)
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (status, intake_mg, training_h, sweat_l)))
    flat = [a.ravel() for a in arrays]
    out = np.array([daily_flows(s, i, h, v, p)[3] for s, i, h, v in zip(*flat, strict=True)])
    return out.reshape(arrays[0].shape)


@kernel
def _steady_state(intake_mg, training_h, sweat_l, factors, weights, p, out):
    """Row i of ``out``: (tissue status, extracellular status) at which the expected
    :func:`steady_flows` balance over the eating-day factors f_j (weights w_j) vanishes, by bisection
    on r in (0, 3): the balance falls as r rises, is >= 0 at r -> 0 (losses are first order) and far
    below 0 at r = 3."""
    for i in range(intake_mg.shape[0]):
        low, high = 0.0, 3.0
        for _ in range(60):
            middle = 0.5 * (low + high)
            balance = 0.0
            for j in range(factors.shape[1]):
                balance += weights[j] * steady_flows(middle, intake_mg[i] * factors[i, j], training_h[i], sweat_l[i], p)[3]
            if balance > 0.0:
                low = middle
            else:
                high = middle
        exchangeable = 0.5 * (low + high)
        out[i, 0] = tissue_equilibrium(exchangeable, p)
        out[i, 1] = exchangeable


#: Gauss-Hermite nodes for the expectation over the log-normal eating-day factor
_NODES, _NODE_WEIGHTS = np.polynomial.hermite_e.hermegauss(9)
_NODE_WEIGHTS = _NODE_WEIGHTS / _NODE_WEIGHTS.sum()


def steady_state(
    intake_mg: np.ndarray, training_h: np.ndarray, sweat_l: np.ndarray, params: MagnesiumParams,
    vector: np.ndarray | None = None, eating_day_log_sd: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(tissue status s, extracellular status r) at which the mean daily balance is zero with both
    pools in equilibrium (run's ``vector``; default switches when None).

    Absorption saturates, so a day-to-day varying intake I f (f log-normal, mean 1, log SD sigma =
    ``eating_day_log_sd``) absorbs less on average than its mean: the balance is averaged over f
    (Gauss-Hermite, f_j = e^{sigma z_j - sigma^2/2}) so the cohort starts where it stays. Below the
    renal threshold r = r_eq(s); an intake the replete kidney must clear gives s = 1 and r >= 1.
    """
    p = vector if vector is not None else _default_vector(params)
    intake, hours, sweat, log_sd = (
        np.ascontiguousarray(a.ravel())
        for a in np.broadcast_arrays(
            *(np.asarray(a, dtype=np.float64) for a in (intake_mg, training_h, sweat_l, eating_day_log_sd))
        )
    )
    factors = np.ascontiguousarray(np.exp(log_sd[:, None] * _NODES[None, :] - 0.5 * log_sd[:, None] ** 2))
    out = np.empty((intake.size, 2))
    _steady_state(intake, hours, sweat, factors, _NODE_WEIGHTS, p, out)
    shape = np.broadcast(intake_mg, training_h, sweat_l, eating_day_log_sd).shape
    return out[:, 0].reshape(shape), out[:, 1].reshape(shape)


def steady_status(
    intake_mg: np.ndarray, training_h: np.ndarray, sweat_l: np.ndarray, params: MagnesiumParams,
    vector: np.ndarray | None = None, eating_day_log_sd: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Tissue status of :func:`steady_state`."""
    return steady_state(intake_mg, training_h, sweat_l, params, vector, eating_day_log_sd)[0]


def requirement_mg_d(training_h: float, sweat_l: float, params: MagnesiumParams) -> float:
    """Intake that keeps a replete athlete (status 1) in zero balance, mg/d (absorption is
    monotone in intake, so bisection on 0-10 g/d)."""
    p = _default_vector(params)
    losses = -float(daily_flows(1.0, 0.0, training_h, sweat_l, p)[3])
    low, high = 0.0, 10_000.0
    for _ in range(60):
        middle = 0.5 * (low + high)
        if absorbed_replete(middle, p) < losses:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


@kernel
def _crosstalk_rows(status, p, x, neutral, out):
    """Row i of ``out``: the neutral day's channels after :func:`crosstalk` at tissue status ``status[i]``
    (``x``: a state row to hold it)."""
    for i in range(status.shape[0]):
        x[V.mg_status] = status[i]
        out[i, :] = neutral
        crosstalk(x, p, out[i])


def initial_channels(traits: dict[str, np.ndarray], vector: np.ndarray) -> dict[str, np.ndarray]:
    """The day channels magnesium's :func:`crosstalk` gives each athlete at their initial Mg status
    (``traits["mg_status"]``, set by :func:`initialize`; replete, so all 1, when a subsystem is
    initialised without it), by channel name: 1 where Mg is replete.

    Subsystems that initialise after magnesium (``LAYOUT_MODULES`` order) start at the steady
    state with these values (muscle's energy cost, vitamin D activation), so a cohort starts
    where the run's crosstalk keeps it. The same kernel as the run: no second copy of the effects.
    """
    status = np.ascontiguousarray(traits.get("mg_status", np.ones(traits["female"].shape[0])), dtype=np.float64)
    neutral = DAY.neutral()
    rows = np.empty((status.shape[0], neutral.shape[0]))
    _crosstalk_rows(status, vector, np.zeros(len(STATE)), neutral, rows)
    return {name: rows[:, DAY.index(name)].copy() for name in CONTRIBUTES}


def _serum_setpoints(params: MagnesiumParams, rng: np.random.Generator, n: int) -> np.ndarray:
    """Normal set points truncated to 0.7-1.0 mmol/L by redrawing (no athlete placed on a bound)."""
    values = rng.normal(params.serum_setpoint_mmol_l, params.serum_setpoint_sd_mmol_l, n)
    outside = (values <= 0.7) | (values >= 1.0)
    while outside.any():
        values[outside] = rng.normal(params.serum_setpoint_mmol_l, params.serum_setpoint_sd_mmol_l, int(outside.sum()))
        outside = (values <= 0.7) | (values >= 1.0)
    return values


def baseline_training_hours(traits: dict[str, np.ndarray], p: np.ndarray) -> np.ndarray:
    """Training hours per day before day 0: each athlete's training history
    (``habitual_training_h_per_day``, :func:`cohort.training.habitual_loads`, given by the model),
    else, for a call without one, the cohort-wide ``baseline_training_h_per_day``."""
    n = traits["female"].shape[0]
    if "habitual_training_h_per_day" in traits:
        return np.asarray(traits["habitual_training_h_per_day"], dtype=np.float64)
    return np.full(n, p[P.baseline_training_h_per_day])


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Steady state at the habitual intake and the athlete's training history (hours, and their own
    sweat rate), with the run's parameters and switches (``vector``; default switches when None):
    (s, r) from :func:`steady_state`, the two pools in equilibrium (no exchange), and each pool's Mg
    from its own replete size."""
    assert isinstance(params, MagnesiumParams)
    n = traits["female"].shape[0]
    p = vector if vector is not None else _default_vector(params)
    replete = params.body_mg_per_kg * traits["body_mass_kg"]
    setpoint = _serum_setpoints(params, rng, n)
    hours = baseline_training_hours(traits, p)
    sweat_l = traits["sweat_rate_l_h"] * hours
    intake = np.asarray(traits["habitual_magnesium_mg"], dtype=np.float64)
    log_sd = np.asarray(traits.get("eating_day_log_sd", np.zeros(n)), dtype=np.float64)
    status, steady_r = steady_state(intake, hours, sweat_l, params, p, log_sd)
    flows = np.array([steady_flows(r, i, h, v, p) for r, i, h, v in zip(steady_r, intake, hours, sweat_l, strict=True)])
    flows = flows.reshape(n, 4)
    pool = p[P.extracellular_fraction] * replete
    return {
        "mg_replete_mg": replete,
        "mg_serum_setpoint_mmol_l": setpoint,
        "mg_exchangeable_mg": steady_r * pool,
        "mg_body_mg": steady_r * pool + status * (replete - pool),
        "mg_status": status,
        "mg_serum_mmol_l": setpoint * steady_r,
        "mg_absorbed_mg_d": flows[:, 0],
        "mg_sweat_loss_mg_d": flows[:, 1],
        "mg_urinary_mg_d": flows[:, 2],
        "mg_balance_mg_d": flows[:, 3],
    }
