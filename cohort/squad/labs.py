"""Measured baseline labs pin each squad athlete's initial steady state.

A subsystem's ``initialize`` draws its unobserved per-athlete determinants from their priors
and starts every athlete at the steady state they imply. For an athlete of a squad table with a
measured lab, :func:`pin_labs` (called by the model right after that subsystem's
``initialize``, before later subsystems read its state) replaces a drawn determinant with the
value, within its prior, at which the subsystem's own steady-state solver gives the measured
lab, so the athlete starts AT a steady state consistent with the lab:

================  ==============================================  =======================================
lab               determinants solved, in order                   prior (searched over its central 99.7 %)
================  ==============================================  =======================================
strength_1rm_kg   1RM norm score z                                1RM = m x rel(status, sex) x sport x e^{0.15 z}, |z| <= 2.5
vo2max_ml_kg_min  VO2max norm score z                             VO2max = norm(status, sex) x sport x e^{0.10 z}, |z| <= 2.5
vitd_25oh_nmol_l  vitd_basal_input_ratio, vitd_skin_efficiency,   log-normal, mean 1, CV ``basal_input_cv``,
                  vitd_oral_absorption                            ``skin_efficiency_cv``, ``oral_absorption_cv``
ferritin_ug_l     iron_absorption_efficiency,                     log-normal, mean 1, log SD ``absorption_efficiency_log_sd``;
                  habitual_iron_nonheme_mg (unless given)         generation's intake prior (sex x diet median, GSD)
hb_g_dl           hb_set_g_dl                                     normal 15.1 +- 0.9 (M), 13.6 +- 0.8 (F)
mg_serum_mmol_l   mg_serum_setpoint_mmol_l                        normal, truncated to 0.7-1.0 mmol/L
b2_egrac          habitual_b2_mg (unless given)                   generation's intake prior (sex x diet median, GSD)
================  ==============================================  =======================================

The other determinants keep their draws (the same seed gives the same draws). A lab is solved
with the first determinant; only where that one's prior cannot reach the lab is it held at its
bound and the next one solved (e.g. a woman whose drawn menstrual loss leaves her stores below
the measured ferritin even at the most efficient absorption: her habitual non-heme intake is
then the one solved).

Serum Mg is its set point times the extracellular Mg status (magnesium), and muscle's steady
state is proportional to the norm score's factor (its untrained baselines are
the measured value divided by the training gain), so both pins are exact in closed form. The
others solve g(z) = lab by a vectorised bisection on the prior's standard-normal score z
(``BISECTION_STEPS`` halvings of [-3, 3]) through the subsystem's compiled steady-state solver
(vitamin D's spin-up; iron's weekly body-iron balance solve; the B vitamins' ``initialize``,
re-run on the same random stream). Ferritin and Hb alternate: the Hb
set point moves by the Hb residual (Hb follows it ~1:1 when iron is available), then ferritin's
determinants are bisected, ``ROUNDS`` times.

A lab no determinant's prior can reach is pinned to the last one's bound and logged as a
warning naming the file, the athlete, the column, the measured and the reachable value; the
record of every pin (:class:`PinRecord`) is kept on the model as ``model.squad_pins``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cohort.generation import intake_median
from cohort.parameters import Params
from cohort.physiology import b_vitamins, magnesium, muscle, vitamin_d
from cohort.physiology.base import Subsystem
from cohort.physiology.iron import initial as iron_initial
from cohort.physiology.nutrients import NUTRIENTS
from cohort.physiology.vitamin_d import initial as vitd_initial
from cohort.squad.table import Squad
from cohort.state import STATE

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


# -- B vitamins: EGRAC -> habitual riboflavin intake, through the subsystem's initializer ---------
def _pin_riboflavin(
    squad: Squad, known, initial, params: Params, vector: np.ndarray, intake_scale: float, initializer, fresh_rng,
) -> tuple[list[PinRecord], dict[str, np.ndarray]]:
    """EGRAC falls as riboflavin status rises, and status is set by absorbed riboflavin (food
    and microbial) and training turnover: the athlete's habitual intake is solved within its
    prior, re-running the subsystem's ``initialize`` on the same random stream (its other draws
    unchanged). An athlete whose intake the table gives keeps it, and their EGRAC is not pinned
    (warned)."""
    lab, name = "b2_egrac", "habitual_b2_mg"
    measured = squad.labs.get(lab)
    if measured is None or not np.isfinite(measured).any():
        return [], {}
    given = np.isfinite(squad.traits.get(name, np.full(squad.size, np.nan)))
    for a in np.flatnonzero(np.isfinite(measured) & given):
        log.warning("%s: athlete %r, column %r: not pinned, the table gives %s (the determinant EGRAC would be solved for)",
                    squad.path, squad.ids[a], lab, name)
    athletes = np.flatnonzero(np.isfinite(measured) & ~given)
    if not athletes.size:
        return [], {}
    nutrient = NUTRIENTS.get("b2_mg")
    center = intake_median(nutrient, known["female"][athletes], known["diet_pattern"][athletes]) * intake_scale
    log_sd = math.log(nutrient.gsd)
    solved = initial

    def evaluate(z: np.ndarray) -> np.ndarray:
        nonlocal solved
        intake = np.array(known[name], dtype=np.float64)
        intake[athletes] = center * np.exp(log_sd * z)
        solved = initializer({**known, name: intake}, params, fresh_rng(), vector)
        solved[name] = intake
        return -solved[lab][athletes]  # increasing in z

    z, reachable = _bisect(evaluate, -measured[athletes])
    evaluate(z)
    intake = solved.pop(name)
    for column, values in solved.items():
        initial[column] = np.array(values, dtype=np.float64)
    _warn(squad, athletes, reachable, lab, measured[athletes], initial[lab][athletes], name)
    records = [
        PinRecord(squad.ids[a], lab, float(measured[a]), float(initial[lab][a]), name, float(intake[a]), float(z[k]), not reachable[k])
        for k, a in enumerate(athletes)
    ]
    return records, {name: intake}


# -- magnesium: serum Mg -> the homeostatic set point, closed form ------------------------------
#: the serum set point's prior: normal, truncated to this range by redrawing (magnesium)
MG_SETPOINT_LIMITS_MMOL_L = (0.7, 1.0)


def _pin_magnesium(squad: Squad, initial, params: Params) -> list[PinRecord]:
    """serum = setpoint x r, with r the steady extracellular Mg status (which does not depend on the set
    point: the filtered load per unit r uses the population mean), so the set point is serum / r,
    within the prior's limits."""
    lab, determinant = "mg_serum_mmol_l", "mg_serum_setpoint_mmol_l"
    measured = squad.labs.get(lab)
    if measured is None or not np.isfinite(measured).any():
        return []
    athletes = np.flatnonzero(np.isfinite(measured))
    factor = initial[lab][athletes] / initial[determinant][athletes]
    wanted = measured[athletes] / factor
    setpoint = np.clip(wanted, *MG_SETPOINT_LIMITS_MMOL_L)
    initial[determinant][athletes] = setpoint
    initial[lab][athletes] = setpoint * factor
    reachable = setpoint == wanted
    _warn(squad, athletes, reachable, lab, measured[athletes], initial[lab][athletes], determinant)
    mean, sd = params.serum_setpoint_mmol_l, params.serum_setpoint_sd_mmol_l  # type: ignore[attr-defined]
    return [
        PinRecord(squad.ids[a], lab, float(measured[a]), float(initial[lab][a]), determinant, float(setpoint[k]), float((setpoint[k] - mean) / sd), not reachable[k])
        for k, a in enumerate(athletes)
    ]


# -- vitamin D: bisection on the basal input, then skin yield, then oral absorption ----------------
#: vitamin D determinants in the order they are solved: (trait column, its prior's CV parameter)
VITAMIN_D_DETERMINANTS = (
    ("vitd_basal_input_ratio", "basal_input_cv"),
    ("vitd_skin_efficiency", "skin_efficiency_cv"),
    ("vitd_oral_absorption", "oral_absorption_cv"),
)


def _pin_vitamin_d(squad: Squad, known, initial, params: Params, vector: np.ndarray) -> list[PinRecord]:
    lab = "vitd_25oh_nmol_l"
    measured = squad.labs.get(lab)
    if measured is None or not np.isfinite(measured).any():
        return []
    athletes = np.flatnonzero(np.isfinite(measured))
    base = _rows(known, initial, athletes)
    start = known.get("start_day_of_year")
    start_doy = int(start[0]) if start is not None and len(start) else vitd_initial.DEFAULT_START_DAY_OF_YEAR
    first = (start_doy - 1 - vitd_initial.SPIN_UP_DAYS) % 365 + 1
    habitual = NUTRIENTS.habitual["vitamin_d_ug"]
    days = np.ascontiguousarray(vitd_initial.start_days(known, vector)[athletes])
    target = measured[athletes]
    solved = base
    fixed = base.copy()  # determinants settled so far (drawn, or at a bound)
    pending = np.ones(athletes.size, dtype=bool)
    used = np.full(athletes.size, "", dtype=object)
    score = np.zeros(athletes.size)
    for determinant, cv_name in VITAMIN_D_DETERMINANTS:
        column = STATE.index(determinant)
        sigma = math.sqrt(math.log(1.0 + getattr(params, cv_name) ** 2))

        def evaluate(z: np.ndarray, column: int = column, sigma: float = sigma, pending: np.ndarray = pending) -> np.ndarray:
            nonlocal solved
            solved = fixed.copy()
            solved[:, column] = np.where(pending, _lognormal_mean_one(z, sigma), fixed[:, column])
            vitd_initial._spin_up(solved, vector, days, habitual, first, vitd_initial.SPIN_UP_DAYS)
            return solved[:, STATE.index(lab)]

        z, reachable = _bisect(evaluate, target)
        fixed[:, column] = np.where(pending, _lognormal_mean_one(z, sigma), fixed[:, column])
        used = np.where(pending, np.where(used == "", determinant, used + " then " + determinant), used)
        score = np.where(pending, z, score)
        pending &= ~reachable  # unreachable ones keep this determinant at its bound and try the next
        if not pending.any():
            break
    solved = fixed.copy()
    vitd_initial._spin_up(solved, vector, days, habitual, first, vitd_initial.SPIN_UP_DAYS)
    for name in STATE.owned_by(vitamin_d.NAME):
        initial[name][athletes] = solved[:, STATE.index(name)]
    last = VITAMIN_D_DETERMINANTS[-1][0]
    _warn(squad, athletes, ~pending, lab, target, initial[lab][athletes], " then ".join(d for d, _ in VITAMIN_D_DETERMINANTS))
    return [
        PinRecord(squad.ids[a], lab, float(measured[a]), float(initial[lab][a]), str(used[k]),
                  float(initial[str(used[k]).split(" then ")[-1] if used[k] else last][a]), float(score[k]), bool(pending[k]))
        for k, a in enumerate(athletes)
    ]


# -- iron: ferritin -> absorption efficiency (then habitual non-heme intake), Hb -> set point ------
def _pin_iron(squad: Squad, known, initial, params: Params, vector: np.ndarray, intake_scale: float) -> tuple[list[PinRecord], dict[str, np.ndarray]]:
    ferritin = squad.labs.get("ferritin_ug_l", np.full(squad.size, np.nan))
    hb = squad.labs.get("hb_g_dl", np.full(squad.size, np.nan))
    athletes = np.flatnonzero(np.isfinite(ferritin) | np.isfinite(hb))
    if not athletes.size:
        return [], {}
    n = known["female"].shape[0]
    base = _rows(known, initial, athletes)
    female = known["female"][athletes] > 0.5
    hb_mean = np.where(female, iron_initial._HB_SET["female"][0], iron_initial._HB_SET["male"][0])
    hb_sd = np.where(female, iron_initial._HB_SET["female"][1], iron_initial._HB_SET["male"][1])
    sigma = params.absorption_efficiency_log_sd  # type: ignore[attr-defined]
    # the second determinant: habitual non-heme iron intake, log-normal around its sex x diet
    # median (cohort.generation), where the table does not give it
    intake_name = "habitual_iron_nonheme_mg"
    nutrient = NUTRIENTS.get("iron_nonheme_mg")
    intake_center = intake_median(nutrient, known["female"][athletes], known["diet_pattern"][athletes]) * intake_scale
    intake_log_sd = math.log(nutrient.gsd)
    intake_known = np.isfinite(squad.traits.get(intake_name, np.full(squad.size, np.nan))[athletes])
    intake_drawn = base[:, STATE.index(intake_name)]
    # the solver iron.initial.initialize uses, with the same cohort arguments
    solver = iron_initial.SteadyStateSolver.for_cohort(known, n, params, vector)  # type: ignore[arg-type]
    column = {name: STATE.index(name) for name in (
        "iron_absorption_efficiency", "hb_set_g_dl", "hb_mass_g", "hb_g_dl", "blood_volume_l", "ferritin_ug_l", intake_name,
    )}
    has_ferritin = np.isfinite(ferritin[athletes])
    has_hb = np.isfinite(hb[athletes])
    efficiency_drawn = base[:, column["iron_absorption_efficiency"]]
    hb_set = np.where(has_hb, np.clip(hb[athletes], hb_mean - SCORE_LIMIT * hb_sd, hb_mean + SCORE_LIMIT * hb_sd), base[:, column["hb_set_g_dl"]])
    solved = base
    stalled = np.zeros(0, dtype=np.int64)

    def solve(efficiency: np.ndarray, intake: np.ndarray, set_point: np.ndarray) -> np.ndarray:
        nonlocal solved, stalled
        solved = base.copy()
        solved[:, column["iron_absorption_efficiency"]] = efficiency
        solved[:, column[intake_name]] = intake
        solved[:, column["hb_set_g_dl"]] = set_point
        solved[:, column["hb_g_dl"]] = set_point
        solved[:, column["hb_mass_g"]] = 10.0 * set_point * solved[:, column["blood_volume_l"]]
        unsettled = np.arange(athletes.size)
        for _ in range(SOLVE_PASSES):
            # an athlete the solve did not converge (or left without a steady state) gets
            # another pass from where it stopped
            rows = solved[unsettled]
            residual = np.zeros(unsettled.size)
            solver.solve(rows, athletes[unsettled], residual)
            solved[unsettled] = rows
            unsettled = unsettled[np.abs(residual) > BALANCE_TOLERANCE_MG_D]
            if not unsettled.size:
                break
        stalled = unsettled
        return solved

    z_efficiency = np.zeros(athletes.size)
    z_intake = np.full(athletes.size, np.nan)  # NaN: intake as drawn (or as given)
    stage_two = np.zeros(athletes.size, dtype=bool)

    def determinants(z_eff: np.ndarray, z_int: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        efficiency = np.where(has_ferritin, _lognormal_mean_one(z_eff, sigma), efficiency_drawn)
        intake = np.where(np.isnan(z_int), intake_drawn, intake_center * np.exp(intake_log_sd * np.nan_to_num(z_int)))
        return efficiency, intake

    def ferritin_at(z_eff: np.ndarray, z_int: np.ndarray) -> np.ndarray:
        return np.where(has_ferritin, solve(*determinants(z_eff, z_int), hb_set)[:, column["ferritin_ug_l"]], 0.0)

    def settle_hb() -> None:
        """Fixed-point steps of the set point on the Hb residual, within its prior."""
        nonlocal hb_set
        for _ in range(HB_STEPS):
            rows = solve(*determinants(z_efficiency, z_intake), hb_set)
            residual = np.where(has_hb, hb[athletes] - rows[:, column["hb_g_dl"]], 0.0)
            hb_set = np.clip(hb_set + residual, hb_mean - SCORE_LIMIT * hb_sd, hb_mean + SCORE_LIMIT * hb_sd)

    # alternate: set point at the drawn efficiency, then ferritin's determinants by bisection, and
    # again (ferritin depends on the set point only weakly, Hb on the stores when they run low)
    target = np.where(has_ferritin, ferritin[athletes], 0.0)
    reachable = np.ones(athletes.size, dtype=bool)
    for _ in range(ROUNDS if has_hb.any() and has_ferritin.any() else 1):
        if has_hb.any():
            settle_hb()
        if has_ferritin.any():
            z_intake = np.full(athletes.size, np.nan)
            z_efficiency, reachable = _bisect(lambda z, z_int=z_intake: ferritin_at(z, z_int), target)
            stage_two = has_ferritin & ~reachable & ~intake_known
            if stage_two.any():  # efficiency at its bound; the habitual intake within its prior
                z_found, reachable_two = _bisect(
                    lambda z, z_eff=z_efficiency, two=stage_two: ferritin_at(z_eff, np.where(two, z, np.nan)), target
                )
                z_intake = np.where(stage_two, z_found, np.nan)
                reachable = np.where(stage_two, reachable_two, reachable)
    rows = solve(*determinants(z_efficiency, z_intake), hb_set)
    for stall in stalled:
        log.warning("%s: athlete %r: iron's steady-state solve did not settle (weekly balance off by more than %g mg/d)",
                    squad.path, squad.ids[athletes[stall]], BALANCE_TOLERANCE_MG_D)
    for name in STATE.owned_by(iron_initial.NAME):
        if name not in ("fe_absorbed_cum_mg", "fe_lost_cum_mg"):
            initial[name][athletes] = rows[:, STATE.index(name)]
    traits = {}
    if stage_two.any():
        intake = np.array(known[intake_name], dtype=np.float64)
        intake[athletes] = rows[:, column[intake_name]]
        traits[intake_name] = intake
    records = []
    lab_start = {lab: initial[lab][athletes] for lab in ("ferritin_ug_l", "hb_g_dl")}
    ferritin_ok = reachable | ~has_ferritin
    hb_score = (hb_set - hb_mean) / hb_sd
    hb_ok = ~has_hb | (np.abs(lab_start["hb_g_dl"] - hb[athletes]) <= HB_TOLERANCE_G_DL)
    _warn(squad, athletes[has_ferritin], ferritin_ok[has_ferritin], "ferritin_ug_l", ferritin[athletes][has_ferritin],
          lab_start["ferritin_ug_l"][has_ferritin], f"iron_absorption_efficiency then {intake_name}")
    _warn(squad, athletes[has_hb], hb_ok[has_hb], "hb_g_dl", hb[athletes][has_hb], lab_start["hb_g_dl"][has_hb], "hb_set_g_dl")
    for k, a in enumerate(athletes):
        if has_ferritin[k] and stage_two[k]:
            records.append(PinRecord(squad.ids[a], "ferritin_ug_l", float(ferritin[a]), float(lab_start["ferritin_ug_l"][k]),
                                     f"iron_absorption_efficiency then {intake_name}", float(rows[k, column[intake_name]]), float(z_intake[k]), not ferritin_ok[k]))
        elif has_ferritin[k]:
            records.append(PinRecord(squad.ids[a], "ferritin_ug_l", float(ferritin[a]), float(lab_start["ferritin_ug_l"][k]),
                                     "iron_absorption_efficiency", float(initial["iron_absorption_efficiency"][a]), float(z_efficiency[k]), not ferritin_ok[k]))
        if has_hb[k]:
            records.append(PinRecord(squad.ids[a], "hb_g_dl", float(hb[a]), float(lab_start["hb_g_dl"][k]), "hb_set_g_dl", float(hb_set[k]), float(hb_score[k]), not hb_ok[k]))
    return records, traits


#: passes of iron's steady-state solve, until the weekly body-iron balance is within tolerance (mg/d)
SOLVE_PASSES, BALANCE_TOLERANCE_MG_D = 6, 0.001
#: fixed-point steps of the Hb set point per round, and rounds of (set point, efficiency)
HB_STEPS, ROUNDS = 3, 4
#: an Hb pin further than this from the measured value (g/dL; below assay CV ~1 %) is reported
HB_TOLERANCE_G_DL = 0.05


def pin_labs(
    squad: Squad, subsystem: Subsystem, initial: dict[str, np.ndarray], known: dict[str, np.ndarray], params: Params,
    vector: np.ndarray, intake_scale: dict[str, float], fresh_rng: Callable[[], np.random.Generator],
) -> tuple[list[PinRecord], dict[str, np.ndarray]]:
    """Pin ``subsystem``'s initial state (``initial``, changed in place) to the squad's measured
    labs (module docstring).

    ``known`` holds the traits, earlier subsystems' state and the initialisation inputs the
    model gives every ``initialize``; ``intake_scale`` is the config's diet scaling (nutrient id
    -> factor); ``fresh_rng()`` returns the subsystem's initialisation stream from its start (so
    re-running ``initialize`` repeats its draws). Returns the pins made and the generation traits
    solved (habitual intakes, name -> values for the whole cohort), which the caller writes back.
    """
    for name, values in initial.items():  # initialisers may share one array between columns
        initial[name] = np.array(values, dtype=np.float64)
    if subsystem.name == muscle.NAME:
        return _pin_muscle(squad, known, initial), {}
    if subsystem.name == vitamin_d.NAME:
        return _pin_vitamin_d(squad, known, initial, params, vector), {}
    if subsystem.name == magnesium.NAME:
        return _pin_magnesium(squad, initial, params), {}
    if subsystem.name == b_vitamins.NAME:
        return _pin_riboflavin(squad, known, initial, params, vector, intake_scale.get("b2_mg", 1.0), subsystem.initialize, fresh_rng)
    if subsystem.name == iron_initial.NAME:
        return _pin_iron(squad, known, initial, params, vector, intake_scale.get("iron_nonheme_mg", 1.0))
    return [], {}
