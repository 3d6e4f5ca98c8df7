"""Measured baseline labs pin each squad athlete's initial steady state.

A subsystem's ``initialize`` draws its unobserved per-athlete determinants from their priors
and starts every athlete at the steady state they imply. For an athlete of a squad table with a
measured lab, :func:`pin_labs` (called by the model right after that subsystem's
``initialize``, before later subsystems read its state) replaces the drawn determinant with the
value, within its prior, at which the subsystem's own steady-state solver gives the measured
lab, so the athlete starts AT a steady state consistent with the lab:

===================  ===========================  ==========================================
lab                  determinant solved           prior (searched over its central 99.7 %)
===================  ===========================  ==========================================
strength_1rm_kg      1RM norm score z             1RM = m x rel(status, sex) x sport x e^{0.15 z}, |z| <= 2.5
vo2max_ml_kg_min     VO2max norm score z          VO2max = norm(status, sex) x sport x e^{0.10 z}, |z| <= 2.5
vitd_25oh_nmol_l     vitd_basal_input_ratio       log-normal, mean 1, CV ``basal_input_cv``
ferritin_ug_l        iron_absorption_efficiency   log-normal, mean 1, log SD ``absorption_efficiency_log_sd``
hb_g_dl              hb_set_g_dl                  normal 15.1 +- 0.9 (M), 13.6 +- 0.8 (F)
===================  ===========================  ==========================================

Muscle's steady state is proportional to the norm score's factor (its untrained baselines are
the measured value divided by the training gain), so its pin is exact in closed form. The
others solve g(z) = lab by a vectorised bisection on the prior's standard-normal score z
(``BISECTION_STEPS`` halvings of [-3, 3]) through the subsystem's compiled steady-state solver
(vitamin D's spin-up; iron's weekly body-iron balance solve), ferritin and Hb jointly: each
step bisects the efficiency on ferritin and moves the set point by the Hb residual (Hb follows
its set point ~1:1 when iron is available).

A lab the prior cannot reach (beyond the score limits) is pinned to the prior's bound and
logged as a warning naming the athlete, the column, the measured and the reachable value; the
record of every pin (:class:`PinRecord`) is kept on the model as ``model.squad_pins``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np

from cohort.parameters import Params
from cohort.physiology import muscle, vitamin_d
from cohort.physiology.iron import initial as iron_initial
from cohort.squad.table import Squad
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE

log = logging.getLogger(__name__)

#: prior scores searched (the central 99.7 % of a normal)
SCORE_LIMIT = 3.0
#: halvings of the score interval (6 / 2**18 ~ 2e-5 in z)
BISECTION_STEPS = 18


@dataclass(frozen=True)
class PinRecord:
    """One measured lab and the determinant solved for it."""

    athlete: str
    lab: str
    measured: float
    start: float  # the lab's value in the initial state
    determinant: str
    value: float  # the determinant's solved value
    score: float  # its standard-normal score under the prior
    clamped: bool  # True when the prior could not reach the measured value


def _rows(known: dict[str, np.ndarray], initial: dict[str, np.ndarray], athletes: np.ndarray) -> np.ndarray:
    """Full state rows of ``athletes``: traits and earlier subsystems' state, then ``initial``."""
    rows = np.zeros((athletes.size, len(STATE)))
    for source in (known, initial):
        for name, values in source.items():
            if name in STATE and np.ndim(values) == 1:
                rows[:, STATE.index(name)] = values[athletes]
    return rows


def _bisect(evaluate, target: np.ndarray, steps: int = BISECTION_STEPS) -> tuple[np.ndarray, np.ndarray]:
    """Scores z in [-L, L] where the increasing ``evaluate(z)`` meets ``target``, per athlete;
    returns (z, reachable). Unreachable targets get the nearer limit."""
    low = np.full(target.shape, -SCORE_LIMIT)
    high = np.full(target.shape, SCORE_LIMIT)
    at_low, at_high = evaluate(low), evaluate(high)
    below, above = target < at_low, target > at_high
    for _ in range(steps):
        middle = 0.5 * (low + high)
        up = evaluate(middle) < target
        low = np.where(up, middle, low)
        high = np.where(up, high, middle)
    z = np.where(below, -SCORE_LIMIT, np.where(above, SCORE_LIMIT, 0.5 * (low + high)))
    return z, ~(below | above)


def _lognormal_mean_one(z: np.ndarray, log_sd: float) -> np.ndarray:
    return np.exp(log_sd * z - 0.5 * log_sd * log_sd)


def _warn(squad: Squad, athletes: np.ndarray, reachable: np.ndarray, lab: str, measured: np.ndarray, start: np.ndarray, determinant: str) -> None:
    for k in np.flatnonzero(~reachable):
        log.warning(
            "%s: athlete %r, column %r: measured %.4g is outside what the prior of %s reaches; the athlete starts "
            "at its bound, %s = %.4g",
            squad.path, squad.ids[athletes[k]], lab, measured[k], determinant, lab, start[k],
        )


# -- muscle: closed form ---------------------------------------------------------------------
def _pin_muscle(squad: Squad, known: dict[str, np.ndarray], initial: dict[str, np.ndarray]) -> list[PinRecord]:
    records = []
    status = known["training_status"].astype(int)
    female = known["female"].astype(int)
    sport = known["sport"].astype(int)
    norms = {
        "strength_1rm_kg": (
            known["body_mass_kg"] * np.array([muscle._RELATIVE_1RM[(s, f)] for s, f in zip(status, female, strict=True)])
            * muscle._SPORT_STRENGTH[sport],
            muscle._LOG_SD_1RM, ("strength_1rm_baseline_kg", "strength_1rm_untrained_kg", "strength_1rm_kg"),
        ),
        "vo2max_ml_kg_min": (
            np.array([muscle._VO2MAX[(s, f)] for s, f in zip(status, female, strict=True)]) * muscle._SPORT_VO2[sport],
            muscle._LOG_SD_VO2, ("vo2max_baseline_ml_kg_min", "vo2max_untrained_ml_kg_min", "vo2max_ml_kg_min"),
        ),
    }
    for lab, (norm, log_sd, columns) in norms.items():
        measured = squad.labs.get(lab)
        if measured is None or not np.isfinite(measured).any():
            continue
        athletes = np.flatnonzero(np.isfinite(measured))
        wanted = np.log(measured[athletes] / norm[athletes]) / log_sd
        z = np.clip(wanted, -muscle._TRUNCATION_SD, muscle._TRUNCATION_SD)
        factor = norm[athletes] * np.exp(log_sd * z) / initial[lab][athletes]
        for column in columns:  # the steady state is proportional to the norm factor
            initial[column][athletes] *= factor
        reachable = z == wanted
        _warn(squad, athletes, reachable, lab, measured[athletes], initial[lab][athletes], f"the {lab} norm score")
        records += [
            PinRecord(squad.ids[a], lab, float(measured[a]), float(initial[lab][a]), f"{lab} norm score", float(z[k]), float(z[k]), not reachable[k])
            for k, a in enumerate(athletes)
        ]
    return records


# -- vitamin D: bisection on the basal input through the spin-up -------------------------------
def _pin_vitamin_d(squad: Squad, known, initial, params: Params, vector: np.ndarray) -> list[PinRecord]:
    lab, determinant = "vitd_25oh_nmol_l", "vitd_basal_input_ratio"
    measured = squad.labs.get(lab)
    if measured is None or not np.isfinite(measured).any():
        return []
    athletes = np.flatnonzero(np.isfinite(measured))
    base = _rows(known, initial, athletes)
    start = known.get("start_day_of_year")
    start_doy = int(start[0]) if start is not None and len(start) else vitamin_d.DEFAULT_START_DAY_OF_YEAR
    first = (start_doy - 1 - vitamin_d.SPIN_UP_DAYS) % 365 + 1
    sigma = math.sqrt(math.log(1.0 + params.basal_input_cv**2))  # type: ignore[attr-defined]
    habitual = NUTRIENTS.habitual["vitamin_d_ug"]
    neutral = DAY.neutral()
    solved = base

    def evaluate(z: np.ndarray) -> np.ndarray:
        nonlocal solved
        solved = base.copy()
        solved[:, STATE.index(determinant)] = _lognormal_mean_one(z, sigma)
        vitamin_d._spin_up(solved, vector, neutral, habitual, first, vitamin_d.SPIN_UP_DAYS)
        return solved[:, STATE.index(lab)]

    z, reachable = _bisect(evaluate, measured[athletes])
    evaluate(z)
    for name in STATE.owned_by(vitamin_d.NAME):
        initial[name][athletes] = solved[:, STATE.index(name)]
    _warn(squad, athletes, reachable, lab, measured[athletes], initial[lab][athletes], determinant)
    return [
        PinRecord(squad.ids[a], lab, float(measured[a]), float(initial[lab][a]), determinant, float(initial[determinant][a]), float(z[k]), not reachable[k])
        for k, a in enumerate(athletes)
    ]


# -- iron: ferritin -> absorption efficiency, Hb -> set point, through the balance solve ----------
def _pin_iron(squad: Squad, known, initial, params: Params, vector: np.ndarray) -> list[PinRecord]:
    ferritin = squad.labs.get("ferritin_ug_l", np.full(squad.size, np.nan))
    hb = squad.labs.get("hb_g_dl", np.full(squad.size, np.nan))
    athletes = np.flatnonzero(np.isfinite(ferritin) | np.isfinite(hb))
    if not athletes.size:
        return []
    n = known["female"].shape[0]
    base = _rows(known, initial, athletes)
    female = known["female"][athletes] > 0.5
    hb_mean = np.where(female, iron_initial._HB_SET["female"][0], iron_initial._HB_SET["male"][0])
    hb_sd = np.where(female, iron_initial._HB_SET["female"][1], iron_initial._HB_SET["male"][1])
    sigma = params.absorption_efficiency_log_sd  # type: ignore[attr-defined]
    # the arguments iron.initial.initialize gives its solver (training history, meals, supply)
    plan_sessions = known.get("plan_sessions")
    history_plan = known.get("history_plan", np.zeros(n))
    history_compliance = known.get("history_compliance", np.zeros(n)) if plan_sessions is not None else np.zeros(n)
    week = iron_initial.representative_week(plan_sessions, int(history_plan.max()) + 1 if n else 1)
    meals = np.asarray(known.get("meals", iron_initial.DEFAULT_MEALS), dtype=np.float64)
    supply = iron_initial._SUPPLY
    supply_column = STATE.index(supply) if supply in STATE and supply in known else -1
    max_store = iron_initial.MAX_SOLVE_FERRITIN_UG_L * params.storage_mg_per_ferritin  # type: ignore[attr-defined]
    neutral = DAY.neutral()
    column = {name: STATE.index(name) for name in ("iron_absorption_efficiency", "hb_set_g_dl", "hb_mass_g", "hb_g_dl", "blood_volume_l", "ferritin_ug_l")}
    has_ferritin = np.isfinite(ferritin[athletes])
    has_hb = np.isfinite(hb[athletes])
    efficiency_drawn = base[:, column["iron_absorption_efficiency"]]
    hb_set = np.where(has_hb, np.clip(hb[athletes], hb_mean - SCORE_LIMIT * hb_sd, hb_mean + SCORE_LIMIT * hb_sd), base[:, column["hb_set_g_dl"]])
    solved = base
    stalled = np.zeros(0, dtype=np.int64)

    def solve(efficiency: np.ndarray, set_point: np.ndarray) -> np.ndarray:
        nonlocal solved, stalled
        solved = base.copy()
        solved[:, column["iron_absorption_efficiency"]] = efficiency
        solved[:, column["hb_set_g_dl"]] = set_point
        solved[:, column["hb_g_dl"]] = set_point
        solved[:, column["hb_mass_g"]] = 10.0 * set_point * solved[:, column["blood_volume_l"]]
        unsettled = np.arange(athletes.size)
        for _ in range(SOLVE_PASSES):
            # the solver's secant can stall far from the root (0.7 mg/d off for an efficiency
            # 1e-5 away from one it solves); a pass from where it stopped restarts the secant
            rows = solved[unsettled]
            residual = np.zeros(unsettled.size)
            iron_initial._steady_state(
                rows, vector, neutral, week, history_plan[athletes][unsettled], history_compliance[athletes][unsettled], meals,
                supply_column, iron_initial.SOLVE_WEEKS, iron_initial._FREE_WEEKS, iron_initial._FIRST_STEP_TAU_D, max_store, residual,
            )
            solved[unsettled] = rows
            unsettled = unsettled[np.abs(residual) > BALANCE_TOLERANCE_MG_D]
            if not unsettled.size:
                break
        stalled = unsettled
        return solved

    def efficiency(z: np.ndarray) -> np.ndarray:
        return np.where(has_ferritin, _lognormal_mean_one(z, sigma), efficiency_drawn)

    def evaluate(z: np.ndarray) -> np.ndarray:
        return np.where(has_ferritin, solve(efficiency(z), hb_set)[:, column["ferritin_ug_l"]], 0.0)

    def settle_hb(z: np.ndarray) -> None:
        """Fixed-point steps of the set point on the Hb residual, within its prior."""
        nonlocal hb_set
        for _ in range(HB_STEPS):
            rows = solve(efficiency(z), hb_set)
            residual = np.where(has_hb, hb[athletes] - rows[:, column["hb_g_dl"]], 0.0)
            hb_set = np.clip(hb_set + residual, hb_mean - SCORE_LIMIT * hb_sd, hb_mean + SCORE_LIMIT * hb_sd)

    # alternate: set point at the drawn efficiency, efficiency by bisection, and again (ferritin
    # depends on the set point only weakly, Hb on the efficiency when stores run low)
    target = np.where(has_ferritin, ferritin[athletes], 0.0)
    z = np.zeros(athletes.size)
    reachable = np.ones(athletes.size, dtype=bool)
    for _ in range(ROUNDS if has_hb.any() and has_ferritin.any() else 1):
        if has_hb.any():
            settle_hb(z)
        if has_ferritin.any():
            z, reachable = _bisect(evaluate, target)
    rows = solve(efficiency(z), hb_set)
    for k in stalled:
        log.warning("%s: athlete %r: iron's steady-state solve did not settle (weekly balance off by more than %g mg/d)",
                    squad.path, squad.ids[athletes[k]], BALANCE_TOLERANCE_MG_D)
    for name in STATE.owned_by(iron_initial.NAME):
        if name not in ("fe_absorbed_cum_mg", "fe_lost_cum_mg"):
            initial[name][athletes] = rows[:, STATE.index(name)]
    records = []
    lab_start = {lab: initial[lab][athletes] for lab in ("ferritin_ug_l", "hb_g_dl")}
    ferritin_ok = reachable | ~has_ferritin
    hb_score = (hb_set - hb_mean) / hb_sd
    hb_ok = ~has_hb | (np.abs(lab_start["hb_g_dl"] - hb[athletes]) <= HB_TOLERANCE_G_DL)
    _warn(squad, athletes[has_ferritin], ferritin_ok[has_ferritin], "ferritin_ug_l", ferritin[athletes][has_ferritin], lab_start["ferritin_ug_l"][has_ferritin], "iron_absorption_efficiency")
    _warn(squad, athletes[has_hb], hb_ok[has_hb], "hb_g_dl", hb[athletes][has_hb], lab_start["hb_g_dl"][has_hb], "hb_set_g_dl")
    for k, a in enumerate(athletes):
        if has_ferritin[k]:
            records.append(PinRecord(squad.ids[a], "ferritin_ug_l", float(ferritin[a]), float(lab_start["ferritin_ug_l"][k]), "iron_absorption_efficiency", float(initial["iron_absorption_efficiency"][a]), float(z[k]), not ferritin_ok[k]))
        if has_hb[k]:
            records.append(PinRecord(squad.ids[a], "hb_g_dl", float(hb[a]), float(lab_start["hb_g_dl"][k]), "hb_set_g_dl", float(hb_set[k]), float(hb_score[k]), not hb_ok[k]))
    return records


#: passes of iron's steady-state solve, until the weekly body-iron balance is within tolerance (mg/d)
SOLVE_PASSES, BALANCE_TOLERANCE_MG_D = 6, 0.001
#: fixed-point steps of the Hb set point per round, and rounds of (set point, efficiency)
HB_STEPS, ROUNDS = 3, 4
#: an Hb pin further than this from the measured value (g/dL; below assay CV ~1 %) is reported
HB_TOLERANCE_G_DL = 0.05


def pin_labs(
    squad: Squad, subsystem: str, initial: dict[str, np.ndarray], known: dict[str, np.ndarray], params: Params, vector: np.ndarray
) -> list[PinRecord]:
    """Pin ``subsystem``'s initial state (``initial``, changed in place) to the squad's measured
    labs (module docstring); ``known`` holds the traits, earlier subsystems' state and the
    initialisation inputs the model gives every ``initialize``. Returns the pins made."""
    for name, values in initial.items():  # initialisers may share one array between columns
        initial[name] = np.array(values, dtype=np.float64)
    if subsystem == muscle.NAME:
        return _pin_muscle(squad, known, initial)
    if subsystem == vitamin_d.NAME:
        return _pin_vitamin_d(squad, known, initial, params, vector)
    if subsystem == iron_initial.NAME:
        return _pin_iron(squad, known, initial, params, vector)
    return []
