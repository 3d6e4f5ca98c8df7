"""Initial iron status of a cohort: each athlete starts at their own kinetic steady state.

Determinants are drawn from literature priors (the rest comes from generation's traits):

* menstrual iron loss m_i (mg/d): log-normal across women, median 0.49 mg/d, log SD 0.8
  (Hallberg 1966; IOM 2001), truncated at ``menstrual_max_mg_d`` by inverse-CDF sampling
  (a truncated distribution, not a pile-up at the cap);
* non-heme absorption efficiency eps_i: log-normal, mean 1, log SD 0.3 (Bezwoda 1979;
  Hallberg 1997);
* the erythropoietic Hb set point Hb_set (g/dL): normal, 15.1 +- 0.9 (M) and 13.6 +- 0.8 (F)
  in iron-replete white adults (Beutler & Waalen 2006);
* blood volume BV (L): 75 (M) / 66 (F) mL/kg, +8 % per training-status step, log SD 0.07
  (Schmidt & Prommer 2010; Heinicke 2001).

Habitual intakes (heme, non-heme iron, vitamin C, calcium, polyphenols) and the habitual
training week come from generation and the training plan. Basal, sweat, GI and haemolysis
losses follow from the iron parameters, body size and training.

Storage iron S, Hb mass M, plasma iron, TSAT and the acute hepcidin clock then start where the
athlete's own daily kinetics hold them: :func:`_steady_state` runs the compiled
:func:`~cohort.physiology.iron.kinetics.kinetics` (no second copy of its equations) over the
athlete's representative week, repeatedly. Between weeks S jumps to a secant estimate of the
root of the weekly body-iron balance B(S) = absorbed - lost (mg/d), which is monotone
decreasing in S through hepcidin and mucosal up-regulation; M, plasma iron and the clock
follow their own (fast, <= ~20 d) dynamics meanwhile. The representative week is the athlete's
training history (:func:`cohort.training.training_history`, the history muscle and antioxidants
start adapted to): the habitual plan of their sport, else their assigned plan, compiled over the
run's days and averaged by weekday, each session's minutes x their compliance; no training for
untrained athletes, who have no history. It comes with the habitual diet at the configured meal times and no supplements. Crosstalk channels are neutral
except erythropoiesis supply, taken from the B-vitamin subsystem's initial state (initialised
before iron); exercise-inflammation modifiers from other subsystems are neutral at their
default settings. An athlete whose losses exceed the most the gut can absorb (the far tail of
menstrual loss) has no steady state with iron in store: the solve leaves them with empty
stores and a negative balance, and their Hb keeps falling in the run, as it would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS, Params
from cohort.physiology.channels import C
from cohort.physiology.inputs import EVENT0, EVENT_STRIDE, MAX_SESSIONS, SESSION0, SESSION_STRIDE, I
from cohort.physiology.iron.clock import I_VITC
from cohort.physiology.iron.kinetics import kinetics
from cohort.physiology.iron.parameters import IronParams, P
from cohort.physiology.iron.variables import NAME, V
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE

# Iron-replete Hb set point (g/dL): mean and SD in white adults (Beutler & Waalen 2006).
_HB_SET = {"male": (15.1, 0.9), "female": (13.6, 0.8)}
# Blood volume (L/kg) by sex, +8 % per training-status step (Schmidt & Prommer 2010; Heinicke 2001).
_BV_PER_KG = {"male": 0.075, "female": 0.066}
_BV_LOG_SD = 0.07
#: default meals (clock h, share of the day's food) when the caller gives none (config default)
DEFAULT_MEALS = np.array([[8.0, 0.25], [13.0, 0.35], [19.0, 0.40]])
#: weeks of the steady-state solve; the last ``_FREE_WEEKS`` let every pool move freely
SOLVE_WEEKS = 16
_FREE_WEEKS = 2
#: relaxation time (d) of storage iron assumed for the first secant step (Hallberg 1997-type
#: balance studies: months to years); later steps use the measured secant slope
_FIRST_STEP_TAU_D = 365.0
#: the solve looks for a steady state up to this ferritin (ug/L, iron overload); with regulation
#: switched off (ablations) absorption may exceed losses at any store, there is no steady state,
#: and athletes start here and keep loading iron in the run
MAX_SOLVE_FERRITIN_UG_L = 1000.0
_CHUNK = 4096
_SUPPLY = "b_erythropoiesis_supply"

_HABITUAL = np.array(
    [NUTRIENTS.habitual[n] for n in ("iron_nonheme_mg", "iron_heme_mg", "vitamin_c_mg", "calcium_mg", "polyphenol_mg")],
    dtype=np.int64,
)


def representative_week(plan_sessions: np.ndarray | None, n_plans: int) -> np.ndarray:
    """Each plan's average week (plans, 7, MAX_SESSIONS, 4): fields start h, minutes, intensity,
    modality (the plan array layout of :mod:`cohort.training`), by weekday of the run's day 0.

    Minutes are the mean over every run day on that weekday (0 on weeks without the session);
    start, intensity and modality are those of the first week that has the session.
    """
    if plan_sessions is not None:
        n_plans = max(n_plans, plan_sessions.shape[0])
    week = np.zeros((max(n_plans, 1), 7, MAX_SESSIONS, 4))
    if plan_sessions is None or plan_sessions.shape[1] == 0:
        return week
    n_days = plan_sessions.shape[1]
    for weekday in range(7):
        days = plan_sessions[:, weekday:n_days:7]  # (plans, weeks, slots, 4)
        if days.shape[1] == 0:
            continue
        minutes = days[..., 1]
        week[: days.shape[0], weekday, :, 1] = minutes.mean(axis=1)
        first = np.argmax(minutes > 0.0, axis=1)  # (plans, slots)
        for field in (0, 2, 3):
            week[: days.shape[0], weekday, :, field] = np.take_along_axis(days[..., field], first[:, None, :], axis=1)[:, 0, :]
    return week


@kernel
def _fill_day(d, neutral, x, sessions, meals, compliance, supply_column):
    """The representative day vector: sessions (minutes x compliance), endurance load, meals, and
    the erythropoiesis supply channel from the athlete's initial B-vitamin state (column
    ``supply_column``; neutral when -1)."""
    for j in range(neutral.shape[0]):
        d[j] = neutral[j]
    if supply_column >= 0:
        d[C.erythropoiesis_supply] = x[supply_column]
    for slot in range(MAX_SESSIONS):
        minutes = sessions[slot, 1] * compliance
        base = SESSION0 + slot * SESSION_STRIDE
        d[base] = sessions[slot, 0]
        d[base + 1] = minutes
        d[base + 2] = sessions[slot, 2] if minutes > 0.0 else 0.0
        if minutes > 0.0 and int(sessions[slot, 3]) == 0:
            d[I.load_endurance_au] += minutes * sessions[slot, 2]
    d[I_VITC] = x[_HABITUAL[2]]
    for m in range(meals.shape[0]):
        base = EVENT0 + m * EVENT_STRIDE
        share = meals[m, 1]
        d[base] = meals[m, 0]
        for k in range(5):
            d[base + 1 + k] = x[_HABITUAL[k]] * share
        d[base + 6] = 0.0


@kernel
def _steady_state(
    rows, p, neutral, week, history_plan, history_compliance, meals, supply_column, n_weeks, free_weeks, first_tau_d,
    max_store_mg, balance_out,
):
    """Solve each row's iron steady state in place (module docstring) over its history plan's
    week done with its history compliance; ``balance_out`` gets the last week's body-iron
    balance (mg/d), a convergence diagnostic."""
    d = np.empty(neutral.shape[0])
    for i in range(rows.shape[0]):
        x = rows[i]
        plan = int(history_plan[i])
        compliance = history_compliance[i]
        previous_store = -1.0
        previous_balance = 0.0
        balance = 0.0
        for k in range(n_weeks):
            store = x[V.storage_iron_mg]
            x[V.hb_mass_baseline_g] = x[V.hb_mass_g]  # [Hb] = M/BV at the state being solved
            body = x[V.fe_absorbed_cum_mg] - x[V.fe_lost_cum_mg]
            for weekday in range(7):
                _fill_day(d, neutral, x, week[plan, weekday], meals, compliance, supply_column)
                kinetics(x, p, d)
            balance = (x[V.fe_absorbed_cum_mg] - x[V.fe_lost_cum_mg] - body) / 7.0
            if k >= n_weeks - free_weeks:
                continue
            slope = -1.0 / first_tau_d
            if previous_store >= 0.0 and abs(store - previous_store) > 1e-9:
                secant = (balance - previous_balance) / (store - previous_store)
                if secant < 0.0:
                    slope = secant
            previous_store = store
            previous_balance = balance
            end = x[V.storage_iron_mg]
            # Newton/secant on B(S) = 0, at most halving or doubling the store per week
            target = min(max(store - balance / slope, 0.5 * end), 2.0 * end, max_store_mg)
            x[V.storage_iron_mg] = target
            x[V.ferritin_ug_l] = target * p[P.ferritin_per_mg]
        x[V.hb_mass_baseline_g] = x[V.hb_mass_g]
        balance_out[i] = balance


@dataclass(frozen=True)
class SteadyStateSolver:
    """The steady-state solve (:func:`_steady_state`) with one cohort's arguments: its parameter
    vector, training history (plan and compliance per athlete), meals and erythropoiesis supply.
    :func:`initialize` solves every athlete with it; :mod:`cohort.squad.labs` re-solves athletes
    whose determinants it sets from measured labs."""

    p: np.ndarray
    week: np.ndarray
    history_plan: np.ndarray
    history_compliance: np.ndarray
    meals: np.ndarray
    supply_column: int
    max_store_mg: float

    @classmethod
    def for_cohort(cls, known: dict[str, np.ndarray], n: int, params: IronParams, p: np.ndarray) -> SteadyStateSolver:
        """``known``: the traits and states :func:`initialize` receives (training history, meals)."""
        plan_sessions = known.get("plan_sessions")
        # training history (cohort.training.training_history); without one, no training before day 0
        history_plan = known.get("history_plan", np.zeros(n))
        history_compliance = known.get("history_compliance", np.zeros(n)) if plan_sessions is not None else np.zeros(n)
        return cls(
            p=p,
            week=representative_week(plan_sessions, int(history_plan.max()) + 1 if n else 1),
            history_plan=history_plan,
            history_compliance=history_compliance,
            meals=np.asarray(known.get("meals", DEFAULT_MEALS), dtype=np.float64),
            # erythropoiesis supply: the B-vitamin subsystem's recorded crosstalk value, when it ran first
            supply_column=STATE.index(_SUPPLY) if _SUPPLY in STATE and _SUPPLY in known else -1,
            max_store_mg=MAX_SOLVE_FERRITIN_UG_L * params.storage_mg_per_ferritin,
        )

    def solve(self, rows: np.ndarray, athletes: slice | np.ndarray, balance_out: np.ndarray) -> None:
        """Solve full state ``rows`` (of the cohort's ``athletes``) in place; ``balance_out`` gets
        each row's last-week body-iron balance (mg/d)."""
        _steady_state(
            rows, self.p, DAY.neutral(), self.week, self.history_plan[athletes], self.history_compliance[athletes], self.meals,
            self.supply_column, SOLVE_WEEKS, _FREE_WEEKS, _FIRST_STEP_TAU_D, self.max_store_mg, balance_out,
        )


def _truncated_lognormal(rng: np.random.Generator, n: int, median: float, log_sd: float, upper: float) -> np.ndarray:
    """Log-normal (median, log SD) truncated above ``upper``, by inverse-CDF sampling."""
    top = float(ndtr(math.log(upper / median) / log_sd))
    return np.asarray(median * np.exp(log_sd * ndtri(top * rng.random(n))))


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Draw the iron determinants and start every athlete at their own steady state (module
    docstring), with the run's parameters and switches (``vector``; defaults when None).

    ``traits`` may carry ``plan_sessions`` (the run's compiled plans, (plans, days, slots, 4)),
    the training history ``history_plan`` (index into ``plan_sessions``) and
    ``history_compliance`` (:func:`cohort.training.training_history`), and ``meals`` ((meals,
    2): clock h, share); without them the athlete is taken not to train and to eat the default
    three meals.
    """
    assert isinstance(params, IronParams)
    female = traits["female"] > 0.5
    menstruating = traits["menstruating"] > 0.5
    n = female.shape[0]
    status = traits["training_status"]
    mass = traits["body_mass_kg"]

    hb_set = np.where(female, rng.normal(*_HB_SET["female"], n), rng.normal(*_HB_SET["male"], n))
    blood_volume = mass * np.where(female, _BV_PER_KG["female"], _BV_PER_KG["male"]) * (1.0 + 0.08 * status)
    blood_volume = blood_volume * np.exp(rng.normal(0.0, _BV_LOG_SD, n))
    menstrual = _truncated_lognormal(rng, n, params.menstrual_median_mg_d, params.menstrual_log_sd, params.menstrual_max_mg_d)
    menstrual = np.where(menstruating, menstrual, 0.0)
    sigma = params.absorption_efficiency_log_sd
    efficiency = np.exp(sigma * rng.standard_normal(n) - 0.5 * sigma * sigma)

    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    solver = SteadyStateSolver.for_cohort(traits, n, params, p)

    # first guess: ferritin 50 ug/L, Hb at its set point, TSAT 30 %
    hb_mass = 10.0 * hb_set * blood_volume
    first = {
        "menstrual_iron_loss_mg_d": menstrual,
        "blood_volume_l": blood_volume,
        "hb_mass_baseline_g": hb_mass,
        "hb_set_g_dl": hb_set,
        "iron_absorption_efficiency": efficiency,
        "storage_iron_mg": np.full(n, 50.0 * params.storage_mg_per_ferritin),
        "ferritin_ug_l": np.full(n, 50.0),
        "hb_mass_g": hb_mass,
        "hb_g_dl": hb_set.copy(),
        "plasma_iron_mg": 0.01 * params.tsat_normal_pct * params.tibc_mg_l * (blood_volume - hb_mass / params.mchc_g_l),
        "tsat_pct": np.full(n, params.tsat_normal_pct),
    }
    own = [STATE.index(name) for name in STATE.owned_by(NAME)]
    out = np.zeros((n, len(own)))
    balance = np.zeros(n)
    for begin in range(0, n, _CHUNK):  # full state rows a chunk at a time (bounded memory)
        end = min(n, begin + _CHUNK)
        rows = np.zeros((end - begin, len(STATE)))
        for name, values in traits.items():
            if name in STATE:
                rows[:, STATE.index(name)] = values[begin:end]
        for name, values in first.items():
            rows[:, STATE.index(name)] = values[begin:end]
        solver.solve(rows, slice(begin, end), balance[begin:end])
        out[begin:end] = rows[:, own]
    result = {name: out[:, k].copy() for k, name in enumerate(STATE.owned_by(NAME))}
    result["fe_absorbed_cum_mg"] = np.zeros(n)
    result["fe_lost_cum_mg"] = np.zeros(n)
    return result
