"""The cohort's initial B-vitamin status: each athlete's steady state (:func:`initialize`)."""

from __future__ import annotations

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS, Params
from cohort.physiology.b_vitamins.kinetics import crosstalk
from cohort.physiology.b_vitamins.mechanisms import M, energy_capacity, erythropoiesis_sufficiency
from cohort.physiology.b_vitamins.parameters import (
    BVitaminsParams,
    b12_absorbed,
    reference_absorbed,
)
from cohort.physiology.b_vitamins.variables import ERYTHROPOIESIS_CHANNEL, NAME, UNITS, VITAMINS, V
from cohort.state import DAY, STATE

#: The day channels the B-vitamin crosstalk multiplies.
CONTRIBUTES = ("adapt_endurance", "fatigue_gain", "energy_cost", *(("erythropoiesis_supply",) if ERYTHROPOIESIS_CHANNEL else ()))

_REFERENCE_MICROBIOME = "microbiome"


def reference_microbial_supply() -> dict[str, float]:
    """Host-available microbial supply of a reference community (per day), if a microbiome is declared.

    Looked up through the parameter registry (the microbiome module is declared after this
    one and must not be imported here), so that initial pools start at steady state.
    """
    model = PARAMS.sections.get(_REFERENCE_MICROBIOME)
    supply = getattr(model, "reference_host_supply", None) if model is not None else None
    return dict(supply()) if supply is not None else {}


@kernel
def _initial_channels(pools, p, x, out):
    """Energy capacity and erythropoiesis sufficiency of each row of ``pools`` (the eight
    status columns), with the compiled crosstalk functions; ``x`` is a scratch state row."""
    for i in range(pools.shape[0]):
        for j in range(pools.shape[1]):
            x[V.b1_status_pct + j] = pools[i, j]
        out[i, 0] = energy_capacity(x, p)
        out[i, 1] = erythropoiesis_sufficiency(x, p)


@kernel
def _crosstalk_rows(pools, p, x, neutral, out):
    """Row i of ``out``: the neutral day's channels after :func:`crosstalk` at the pools ``pools[i]``
    (the eight status columns; ``x``: a state row to hold them)."""
    for i in range(pools.shape[0]):
        for j in range(pools.shape[1]):
            x[V.b1_status_pct + j] = pools[i, j]
        out[i, :] = neutral
        crosstalk(x, p, out[i])


def initial_channels(traits: dict[str, np.ndarray], vector: np.ndarray) -> dict[str, np.ndarray]:
    """The day channels the B-vitamin :func:`crosstalk` gives each athlete at their initial pools
    (``traits["b1_status_pct"]`` ... ``traits["b12_status_pct"]``, set by :func:`initialize`;
    adequate, so all 1, when a subsystem is initialised without them), by channel name.

    B vitamins initialise before muscle (``LAYOUT_MODULES`` order), so muscle starts at the
    steady state with these values (energy cost, fatigue gain, endurance adaptation): a
    B-deficient athlete starts where the run's crosstalk keeps them. Like
    :func:`cohort.physiology.magnesium.initial_channels`, the same kernel as the run.
    """
    n = traits["female"].shape[0]
    neutral = DAY.neutral()
    if any(f"{v}_status_pct" not in traits for v in VITAMINS):
        return {name: np.ones(n) for name in CONTRIBUTES}
    pools = np.ascontiguousarray(np.stack([traits[f"{v}_status_pct"] for v in VITAMINS], axis=1), dtype=np.float64)
    rows = np.empty((n, neutral.shape[0]))
    _crosstalk_rows(pools, vector, np.zeros(len(STATE)), neutral, rows)
    return {name: rows[:, DAY.index(name)].copy() for name in CONTRIBUTES}


def habitual_survival(traits: dict[str, np.ndarray], decay: float, turnover_per_au_d: float) -> np.ndarray:
    """Each athlete's expected one-day survival of a pool, E[e^{-k} / (1 + e k L)], over the days of
    their training history: the compiled plan ``traits["plan_sessions"][history_plan]`` (L =
    minutes x intensity summed over the day's sessions), each day done with the history
    compliance c (:func:`cohort.training.training_history`; 0 for untrained athletes):
    c E_days[...] + (1 - c) e^{-k}.

    With survival s_t independent of the pool, the mean steady state of P' = P s_t + g u is
    g u / (1 - E[s]); the survival at the mean load would put trained athletes too low
    (1/(1 + a L) is convex in L). No plan or no history: no training (survival e^{-k}).
    """
    n = traits["female"].shape[0]
    sessions = traits.get("plan_sessions")
    if sessions is None or sessions.shape[1] == 0 or turnover_per_au_d == 0.0 or "history_plan" not in traits:
        return np.full(n, decay)
    loads = (sessions[..., 1] * sessions[..., 2]).sum(axis=2)  # (plans, days) AU
    per_plan = (decay / (1.0 + turnover_per_au_d * loads)).mean(axis=1)
    compliance = traits["history_compliance"]
    return np.asarray(compliance * per_plan[traits["history_plan"].astype(int)] + (1.0 - compliance) * decay)


def b12_traits(age_y: np.ndarray, params: BVitaminsParams, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Each athlete's B12 food-release and serum factors (:func:`~cohort.physiology.b_vitamins.mechanisms.b12_food_release`,
    :func:`~cohort.physiology.b_vitamins.mechanisms.b12_serum_scale`).

    Food-bound malabsorption with probability pi(age) = pi_52 + pi' (age - 52 y), held to
    [0, 1] (a probability; 0 below ~27 y by construction); a malabsorber releases r_AG of food
    B12, everyone else all of it. Serum factor log-normal with mean 1 and log SD sigma.
    Drawn after the PLP factor from the subsystem's stream, so the PLP draws do not move.
    """
    n = age_y.shape[0]
    prevalence = np.clip(
        params.b12_malabsorption_prevalence_52y + params.b12_malabsorption_prevalence_per_y * (age_y - 52.0), 0.0, 1.0
    )
    malabsorber = rng.random(n) < prevalence
    sd = params.serum_b12_between_athlete_log_sd
    serum = np.exp(rng.normal(-0.5 * sd * sd, sd, n))
    return {
        "b12_food_absorption_factor": np.where(malabsorber, params.b12_malabsorption_food_fraction, 1.0),
        "b12_serum_factor": serum,
    }


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Pools at the steady state of each athlete's habitual intake, habitual training and a reference microbiome.

    Habitual training is the athlete's training history, the one muscle and antioxidants start
    adapted to (:func:`cohort.training.training_history`: the habitual plan of their sport, else
    their assigned plan, each day done with their compliance; :func:`habitual_survival`; none:
    no training), so riboflavin and B6 pools of trained and elite athletes start at the steady
    state of the training they did before day 0 and a cohort that keeps it does not drift;
    untrained athletes start untrained (sedentary steady state) and begin the plan on day 0. The B12
    store and serum B12 are the steady state of each athlete's own food-release and serum
    factors (:func:`b12_traits`, drawn here), so they do not drift either. Uses the run's
    parameters and switches (``vector``; defaults when None).
    """
    assert isinstance(params, BVitaminsParams)
    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    microbial = reference_microbial_supply()
    derived = params.derived()
    out: dict[str, np.ndarray] = {}
    absorbed: dict[str, np.ndarray] = {}
    n = traits["female"].shape[0]
    sd = params.plp_between_athlete_log_sd
    out["b6_plp_factor"] = np.exp(rng.normal(-0.5 * sd * sd, sd, n))
    out.update(b12_traits(traits["age_y"], params, rng))
    release = np.maximum(1.0 - p[M.b12_food_malabsorption] * (1.0 - out["b12_food_absorption_factor"]), 0.0)  # b12_food_release
    for v in VITAMINS:
        intake = traits[f"habitual_{v}_{UNITS[v]}"]
        if v == "b12":
            food = b12_absorbed(
                release * intake, params.b12_if_capacity_ug_meal, params.b12_if_half_saturation_ug_meal, params.b12_passive_fraction
            )
        else:
            food = getattr(params, f"{v}_bioavailability") * intake
        absorbed[v] = food + microbial.get(v, 0.0)
        out[f"{v}_status_pct"] = 100.0 * absorbed[v] / reference_absorbed(v)
    # fixed point of P' = P e^{-k} / (1 + e k L) + (1 - e^{-k}) 100 u / u_ref (kinetics docstring)
    for v, strength, per_au in (
        ("b2", p[M.b2_exercise_turnover], params.b2_exercise_turnover_per_au),
        ("b6", p[M.b6_exercise_turnover], params.b6_exercise_turnover_per_au),
    ):
        decay = derived[f"{v}_decay"]
        survival = habitual_survival(traits, decay, float(strength * per_au * derived[f"{v}_rate"]))
        out[f"{v}_status_pct"] = out[f"{v}_status_pct"] * (1.0 - decay) / (1.0 - survival)
    k1, k2 = derived["etkac_k"], derived["egrac_k"]
    out["b1_etkac"] = 1.0 + (params.etkac_max - 1.0) * k1 / (out["b1_status_pct"] + k1)
    out["b2_egrac"] = 1.0 + (params.egrac_max - 1.0) * k2 / (out["b2_status_pct"] + k2)
    out["b6_plp_nmol_l"] = params.plp_adequate_nmol_l * out["b6_plp_factor"] * out["b6_status_pct"] / 100.0
    out["rbc_folate_nmol_l"] = params.rbc_folate_adequate_nmol_l * out["b9_status_pct"] / 100.0
    weight = params.serum_folate_intake_weight
    out["serum_folate_nmol_l"] = params.serum_folate_adequate_nmol_l * (
        weight * absorbed["b9"] / reference_absorbed("b9") + (1.0 - weight) * out["b9_status_pct"] / 100.0
    )
    p12 = out["b12_status_pct"]
    scale = out["b12_serum_factor"] ** p[M.b12_serum_individuality]  # b12_serum_scale
    out["serum_b12_pmol_l"] = scale * params.serum_b12_max_pmol_l * p12 / (p12 + derived["serum_b12_k"])
    # the recorded crosstalk values, from the same compiled functions and the run's switches
    pools = np.ascontiguousarray(np.stack([out[f"{v}_status_pct"] for v in VITAMINS], axis=1))
    channels = np.empty((pools.shape[0], 2))
    _initial_channels(pools, p, np.zeros(len(STATE)), channels)
    out["b_energy_capacity"] = channels[:, 0]
    out["b_erythropoiesis_supply"] = channels[:, 1]
    return out
