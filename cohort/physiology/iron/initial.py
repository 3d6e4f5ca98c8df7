"""Initial iron status of a cohort: each athlete starts at their own kinetic steady state.

Determinants are drawn from literature priors (the rest comes from generation's traits):

* menstrual iron loss m_i (mg/d): log-normal across women, median 0.49 mg/d, log SD 0.8
  (Hallberg 1966; IOM 2001), truncated at ``menstrual_max_mg_d`` by inverse-CDF sampling
  (a truncated distribution, not a pile-up at the cap);
* non-heme absorption efficiency eps_i: log-normal, mean 1, log SD 0.3 (Bezwoda 1979;
  Hallberg 1997);
* the erythropoietic Hb set point Hb_set (g/dL): normal, 15.1 +- 0.9 (M) and 13.6 +- 0.8 (F)
  in iron-replete white adults (Beutler & Waalen 2006);
* blood volume BV (L): 75 (M) / 66 (F) mL/kg at BMI 22, x sqrt(22/BMI) (Lemmens 2006: fat holds
  little blood), +8 % per training-status step, log SD 0.07 (Schmidt & Prommer 2010; Heinicke 2001).

Habitual intakes (heme, non-heme iron, vitamin C, calcium, polyphenols) and the habitual
training week come from generation and the training plan. Basal, sweat, GI and haemolysis
losses follow from the iron parameters, body size and training.

Storage iron S, Hb mass M, plasma iron, TSAT and the acute hepcidin clock then start where the
athlete's own daily kinetics hold them: :func:`_steady_state` runs the compiled
:func:`~cohort.physiology.iron.kinetics.kinetics` (no second copy of its equations) over the
athlete's representative week, repeatedly. The steady state is the fixed point of that weekly
map. Plasma iron and TSAT are set daily and the hepcidin clock forgets within a day, so two
quantities carry it: S, whose body-iron balance B(S, M) = absorbed - lost (mg/d) falls with S
(hepcidin, mucosal regulation) on a time scale of months to years, and M, which relaxes towards
its set point by ~30 % a week (red-cell turnover x (1 + EPO gain)). Solving for S alone while M
still relaxes makes B's week-to-week slope swing with M (the former 16-week secant's error, up
to ~100 % in ferritin for a few athletes). The solve therefore takes both at once: Broyden's
method on the residual (7 B, M_end - M) of a week started at (S, M), from a Jacobian of the
expected structure (B falls with S over ~1 year, M relaxes at its rate) and each entry kept to
its physiological sign (dB/dS < 0, dB/dM <= 0, dM/dS >= 0, dM/dM < 0); steps are bounded
(store halved or doubled and >= 0, Hb mass within a fifth a week, above half its start and below
(1 + 1/g) x its set-point mass, where the EPO drive and production vanish). An athlete is
converged when a week that starts where the last one ended has |B| <
``BALANCE_TOLERANCE_MG_D`` and moves M by less than ``HB_MASS_TOLERANCE``; the state is the end
of that week. Athletes not converged in
``MAX_SOLVE_WEEKS`` are counted and reported as a warning (:func:`report_solve`).

The representative week is the athlete's training history (:func:`cohort.training.training_history`, the history muscle and antioxidants
start adapted to): the habitual plan of their sport, else their assigned plan, compiled over the
run's days and averaged by weekday, each session's minutes x their compliance; no training for
untrained athletes, who have no history. It comes with the habitual diet at the configured
meal times and no supplements. Crosstalk channels are neutral except erythropoiesis supply, taken from the B-vitamin subsystem's initial state (initialised
before iron); exercise-inflammation modifiers from other subsystems are neutral at their
default settings. An athlete whose losses exceed the most the gut can absorb (the far tail of
menstrual loss) has no steady state with iron in store: the solve stops at the end of the first
week that empties their stores with a negative balance, and their Hb keeps falling in the run,
ever more slowly: a volume of blood lost carries less iron as Hb falls (``blood_hb_share``).
With regulation switched off (ablations) an athlete may still absorb more than they lose at the
solve's overload cap: they start there and keep loading iron.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from cohort import tally
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
# Blood volume (L/kg) by sex at BMI 22, +8 % per training-status step (Schmidt & Prommer 2010;
# Heinicke 2001). Adipose tissue holds little blood, so the volume per kg falls with BMI:
# x sqrt(22/BMI) (Lemmens 2006: indexed blood volume 70/sqrt(BMI/22) mL/kg).
_BV_PER_KG = {"male": 0.075, "female": 0.066}
_BV_REFERENCE_BMI = 22.0
_BV_LOG_SD = 0.07
#: default meals (clock h, share of the day's food) when the caller gives none (config default)
DEFAULT_MEALS = np.array([[8.0, 0.25], [13.0, 0.35], [19.0, 0.40]])
#: the solve stops for an athlete when a week that starts where the last one ended keeps the
#: body-iron balance within BALANCE_TOLERANCE_MG_D (0.0365 mg a year: ~0.004 ug/L ferritin) and
#: Hb mass within HB_MASS_TOLERANCE (share per week); at most MAX_SOLVE_WEEKS weeks
BALANCE_TOLERANCE_MG_D = 1e-4
HB_MASS_TOLERANCE = 1e-6
MAX_SOLVE_WEEKS = 52
#: the solve's outcome per athlete (``status`` codes of :meth:`SteadyStateSolver.solve`)
SOLVE_STATUS = ("converged", "no steady state: stores empty", "no steady state below the overload cap", "not converged")
#: relaxation time (d) of storage iron in the solve's first Jacobian, dB/dS = -1/tau per day
#: (Hallberg 1997-type balance studies: months to years); Broyden's updates refine it
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
def _week(x, p, neutral, week, meals, compliance, supply_column, d):
    """Run one representative week from state row ``x`` (in place) with [Hb] = M/BV at its start;
    returns the week's body-iron balance (mg/d)."""
    x[V.hb_mass_baseline_g] = x[V.hb_mass_g]  # [Hb] = M/BV at the state being solved
    body = x[V.fe_absorbed_cum_mg] - x[V.fe_lost_cum_mg]
    for weekday in range(7):
        _fill_day(d, neutral, x, week[weekday], meals, compliance, supply_column)
        kinetics(x, p, d)
    return (x[V.fe_absorbed_cum_mg] - x[V.fe_lost_cum_mg] - body) / 7.0


@kernel
def _steady_state(
    rows, p, neutral, week, history_plan, history_compliance, meals, supply_column, max_weeks, balance_tolerance_mg_d,
    hb_mass_tolerance, first_tau_d, max_store_mg, balance_out, status_out, weeks_out,
):
    """Solve each row's iron steady state in place (module docstring) over its history plan's
    week done with its history compliance. ``balance_out`` gets the last week's body-iron balance
    (mg/d), ``status_out`` a :data:`SOLVE_STATUS` code, ``weeks_out`` the weeks simulated."""
    d = np.empty(neutral.shape[0])
    # weekly relaxation of Hb mass towards its set point: turnover x (1 + EPO gain) per day
    hb_rate = 1.0 - math.exp(-7.0 * p[P.rbc_turnover] * (1.0 + p[P.epo_gain]))
    for i in range(rows.shape[0]):
        x = rows[i]
        plan = int(history_plan[i])
        compliance = history_compliance[i]
        # Broyden's Jacobian of the residual (7 B, dM) in (S, M), from its expected structure
        j_bs, j_bm, j_ms, j_mm = -7.0 / first_tau_d, 0.0, 0.0, -hb_rate
        store = x[V.storage_iron_mg]
        mass = x[V.hb_mass_g]
        start_mass = mass
        # production stops at [Hb] = (1 + 1/g) Hb_set (EPO drive 1 + g (1 - Hb/Hb_set) = 0)
        mass_ceiling = 10.0 * x[V.hb_set_g_dl] * x[V.blood_volume_l] * (1.0 + 1.0 / max(p[P.epo_gain], 1e-9))
        mass_ceiling = max(mass_ceiling, mass)
        previous = False
        previous_store = previous_mass = previous_rb = previous_rm = 0.0
        jumped = False  # this week starts from a new iterate, not where the last week ended
        balance = 0.0
        status = 3
        weeks = 0
        while weeks < max_weeks:
            if jumped:
                x[V.storage_iron_mg] = store
                x[V.ferritin_ug_l] = store * p[P.ferritin_per_mg]
                x[V.hb_mass_g] = mass
            balance = _week(x, p, neutral, week[plan], meals, compliance, supply_column, d)
            weeks += 1
            end_store = x[V.storage_iron_mg]
            end_mass = x[V.hb_mass_g]
            rb = 7.0 * balance
            rm = end_mass - mass
            settled = abs(rm) < hb_mass_tolerance * mass
            if abs(balance) < balance_tolerance_mg_d and settled:
                if not jumped:
                    status = 0
                    break
                # confirm from where this week ended: a week with no jump must hold still too
                store, mass, jumped = end_store, end_mass, False
                continue
            if end_store <= 0.0 and balance < 0.0:
                status = 1  # losses exceed absorption with empty stores: no steady state
                break
            if store >= max_store_mg and balance > 0.0 and settled:
                status = 2  # still absorbing more than lost at the solve's overload cap
                break
            if previous:  # Broyden's update, then each entry kept to its physiological sign
                step_s = store - previous_store
                step_m = mass - previous_mass
                norm = step_s * step_s + step_m * step_m
                if norm > 0.0:
                    miss_b = rb - previous_rb - (j_bs * step_s + j_bm * step_m)
                    miss_m = rm - previous_rm - (j_ms * step_s + j_mm * step_m)
                    j_bs += miss_b * step_s / norm
                    j_bm += miss_b * step_m / norm
                    j_ms += miss_m * step_s / norm
                    j_mm += miss_m * step_m / norm
                    if j_bs >= 0.0:  # balance falls with stores (hepcidin, mucosal regulation)
                        j_bs = -7.0 / first_tau_d
                    if j_mm >= 0.0:  # Hb mass relaxes towards its set point
                        j_mm = -hb_rate
                    j_bm = min(j_bm, 0.0)  # more Hb: less erythroid hepcidin suppression
                    j_ms = max(j_ms, 0.0)  # more stores: higher TSAT, more erythropoiesis
            previous = True
            previous_store, previous_mass, previous_rb, previous_rm = store, mass, rb, rm
            determinant = j_bs * j_mm - j_bm * j_ms
            new_store = store - (j_mm * rb - j_bm * rm) / determinant
            new_mass = mass - (j_bs * rm - j_ms * rb) / determinant
            # at most halving or doubling the store, and moving Hb mass by a fifth, per week; Hb
            # mass kept above half its start and below where the EPO drive vanishes (no fixed point
            # lies above it; where one lies beyond, e.g. with every mechanism scaled up or
            # regulation off, the athlete stays unconverged rather than extrapolated)
            store = max(min(max(new_store, 0.5 * end_store), 2.0 * end_store, max_store_mg), 0.0)
            mass = min(max(new_mass, 0.8 * end_mass, 0.5 * start_mass), 1.25 * end_mass, mass_ceiling)
            jumped = True
        x[V.hb_mass_baseline_g] = x[V.hb_mass_g]
        balance_out[i] = balance
        status_out[i] = status
        weeks_out[i] = weeks


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

    def solve(self, rows: np.ndarray, athletes: slice | np.ndarray, balance_out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Solve full state ``rows`` (of the cohort's ``athletes``) in place; ``balance_out`` gets
        each row's last-week body-iron balance (mg/d). Returns each row's status (an index into
        :data:`SOLVE_STATUS`) and the weeks it took."""
        status = np.zeros(rows.shape[0], dtype=np.int64)
        weeks = np.zeros(rows.shape[0], dtype=np.int64)
        _steady_state(
            rows, self.p, DAY.neutral(), self.week, self.history_plan[athletes], self.history_compliance[athletes], self.meals,
            self.supply_column, MAX_SOLVE_WEEKS, BALANCE_TOLERANCE_MG_D, HB_MASS_TOLERANCE, _FIRST_STEP_TAU_D,
            self.max_store_mg, balance_out, status, weeks,
        )
        return status, weeks


def report_solve(status: np.ndarray, balance: np.ndarray) -> None:
    """Report the athletes the solve left without a steady state (info: physiology, e.g. menstrual
    losses above the most the gut absorbs) or did not converge (warning: a solver failure), as
    tallies (:mod:`cohort.tally`: a blocked run reports their sum over its blocks once)."""
    for code in (1, 2):
        if np.any(status == code):
            tally.report(tally.Tally(f"iron steady state: {{count}} of {{of}} athletes: {SOLVE_STATUS[code]}",
                                     int(np.sum(status == code)), status.size, level=logging.INFO))
    stalled = status == 3
    if stalled.any():
        tally.report(tally.Tally(
            f"iron steady state: {{count}} of {{of}} athletes not converged in {MAX_SOLVE_WEEKS} weeks "
            f"(|balance| up to {{worst}} mg/d, tolerance {BALANCE_TOLERANCE_MG_D:g})",
            int(stalled.sum()), status.size, float(np.abs(balance[stalled]).max()),
        ))


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
    per_kg = np.where(female, _BV_PER_KG["female"], _BV_PER_KG["male"]) * np.sqrt(_BV_REFERENCE_BMI / traits["bmi_kg_m2"])
    blood_volume = mass * per_kg * (1.0 + 0.08 * status)
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
    status = np.zeros(n, dtype=np.int64)
    for begin in range(0, n, _CHUNK):  # full state rows a chunk at a time (bounded memory)
        end = min(n, begin + _CHUNK)
        rows = np.zeros((end - begin, len(STATE)))
        for name, values in traits.items():
            if name in STATE:
                rows[:, STATE.index(name)] = values[begin:end]
        for name, values in first.items():
            rows[:, STATE.index(name)] = values[begin:end]
        status[begin:end] = solver.solve(rows, slice(begin, end), balance[begin:end])[0]
        out[begin:end] = rows[:, own]
    report_solve(status, balance)
    result = {name: out[:, k].copy() for k, name in enumerate(STATE.owned_by(NAME))}
    result["fe_absorbed_cum_mg"] = np.zeros(n)
    result["fe_lost_cum_mg"] = np.zeros(n)
    return result
