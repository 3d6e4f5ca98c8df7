"""Training plans as data, compiled to day-by-day session arrays for the kernel.

A plan is a list of blocks; each block repeats a template week ``weeks`` times with its
volume (duration multiplier) and intensity scale. Blocks run in order and, with ``repeat``,
cycle until the run ends. Day 0 of the run is ``config.start_date``; sessions land on their
weekday at their clock time.

An athlete's *training history* is the plan they trained on before day 0 (``training.habitual``,
by sport; their assigned plan unless named, :func:`training_history`): trained and elite
athletes start adapted to it (muscle and antioxidants to its mean daily load per modality,
:func:`habitual_loads`; iron and B vitamins to its compiled days), untrained athletes have no
history.

Single bouts (``events.bouts``) are not part of any plan (so never of a training history):
:func:`compile_bouts` gives each athlete's bouts, which the schedule phase adds to that day's
sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cohort.config.models import MODALITIES, SPORTS, WEEKDAYS, Config, Session, TrainingPlan
from cohort.errors import ConfigError, Problem
from cohort.physiology.inputs import BLOCK_PHASES, MAX_SESSIONS

# Field order of the last axis of PlanArrays.sessions (and of compile_bouts' array, plus F_DAY)
F_START, F_MINUTES, F_INTENSITY, F_MODALITY, F_DAY = range(5)

#: Highest relative intensity a session may reach after its block's intensity scale.
MAX_INTENSITY = 1.5

#: Names of the per-athlete habitual mean daily loads (AU/d), in MODALITIES order.
HABITUAL_LOADS = tuple(f"habitual_load_{modality}_au" for modality in MODALITIES)
#: each athlete's mean training time over their history (h/d): the sweat and urinary losses of
#: the magnesium and calcium steady states
HABITUAL_HOURS = "habitual_training_h_per_day"


@dataclass(frozen=True)
class PlanArrays:
    names: list[str]
    sessions: np.ndarray  # (plans, days, MAX_SESSIONS, 4)
    phase: np.ndarray  # (plans, days) block phase code


def clock_hours(text: str) -> float:
    hours, minutes = text.split(":")
    return int(hours) + int(minutes) / 60.0


def _template_days(sessions: list[Session], plan: str, block: str) -> list[list[Session]]:
    by_day: list[list[Session]] = [[] for _ in WEEKDAYS]
    for session in sessions:
        by_day[WEEKDAYS.index(session.day)].append(session)
    for index, day_sessions in enumerate(by_day):
        if len(day_sessions) > MAX_SESSIONS:
            raise ConfigError(
                [Problem("<config>", f"training.plans.{plan}.blocks.{block}.sessions", WEEKDAYS[index], f"at most {MAX_SESSIONS} sessions per day")]
            )
        day_sessions.sort(key=lambda s: clock_hours(s.time))
    return by_day


def _intensity(session: Session, scale: float, plan: str, block: str) -> float:
    intensity = session.intensity * scale
    if intensity > MAX_INTENSITY:
        raise ConfigError([Problem(
            "<config>", f"training.plans.{plan}.blocks.{block}.intensity_scale", f"{scale:g}",
            f"session intensity x intensity_scale at most {MAX_INTENSITY} (here {session.intensity:g} x {scale:g})",
        )])
    return intensity


def compile_plan(plan: TrainingPlan, n_days: int, start_weekday: int) -> tuple[np.ndarray, np.ndarray]:
    sessions = np.zeros((n_days, MAX_SESSIONS, 4))
    phase = np.zeros(n_days)
    templates: dict[str, list[Session]] = {}
    day = 0
    while day < n_days:
        for block in plan.blocks:
            template = block.sessions if block.sessions is not None else templates[block.like or ""]
            templates[block.name] = template
            week = _template_days(template, plan.name, block.name)
            for _ in range(7 * block.weeks):
                if day >= n_days:
                    break
                for slot, session in enumerate(week[(start_weekday + day) % 7]):
                    sessions[day, slot, F_START] = clock_hours(session.time)
                    sessions[day, slot, F_MINUTES] = session.duration_min * block.volume
                    sessions[day, slot, F_INTENSITY] = _intensity(session, block.intensity_scale, plan.name, block.name)
                    sessions[day, slot, F_MODALITY] = MODALITIES.index(session.modality)
                phase[day] = BLOCK_PHASES.index(block.phase)
                day += 1
        if not plan.repeat:
            break
    return sessions, phase


def compile_plans(config: Config) -> PlanArrays:
    names = list(config.training.plans)
    n_days = config.n_days
    start_weekday = config.start_date.weekday()
    sessions = np.zeros((len(names), n_days, MAX_SESSIONS, 4))
    phase = np.zeros((len(names), n_days))
    for index, name in enumerate(names):
        sessions[index], phase[index] = compile_plan(config.training.plans[name], n_days, start_weekday)
    return PlanArrays(names, sessions, phase)


def event_problems(config: Config, plans: PlanArrays | None = None) -> list[tuple[str, int, str]]:
    """(key path, value, expected) of every ``events.bouts`` / ``events.tests`` day the run cannot
    hold: a bout outside the run or on a day without a free session slot (planned sessions plus
    that day's bouts above ``MAX_SESSIONS`` in some plan), a test after the morning after the last day."""
    plans = plans if plans is not None else compile_plans(config)
    n_days = config.n_days
    problems = []
    for b, bout in enumerate(config.events.bouts):
        where = f"events.bouts.{b}.day"
        if bout.day >= n_days:
            problems.append((where, bout.day, f"a day of the run (0..{n_days - 1})"))
            continue
        same_day = sum(1 for other in config.events.bouts if other.day == bout.day)
        planned = int((plans.sessions[:, bout.day, :, F_MINUTES] > 0).sum(axis=1).max()) if plans.sessions.shape[0] else 0
        if planned + same_day > MAX_SESSIONS:
            problems.append((where, bout.day, f"a day with a free session slot (at most {MAX_SESSIONS} sessions a day; "
                                              f"{planned} planned, {same_day} bouts)"))
    for k, test in enumerate(config.events.tests):
        if test.day > n_days:
            problems.append((f"events.tests.{k}.day", test.day, f"a day of the run (0..{n_days}; {n_days}: after the last day)"))
    return problems


def compile_bouts(config: Config, plans: PlanArrays, who: list[np.ndarray]) -> np.ndarray:
    """Each athlete's single bouts, (athletes, bouts, 5): start h, minutes, intensity, modality, day.

    ``who[b]`` is the boolean mask of athletes doing bout ``b``; the others get 0 minutes (no
    bout). A bout takes a free session slot of its day (:func:`event_problems`: config errors,
    also found when the config is built).
    """
    bouts = config.events.bouts
    out = np.zeros((len(who[0]) if who else config.cohort.size, len(bouts), 5))
    problems = [Problem("<config>", *problem) for problem in event_problems(config, plans)]
    if problems:
        raise ConfigError(problems)
    for b, bout in enumerate(bouts):
        mask = who[b]
        out[mask, b, F_START] = clock_hours(bout.time)
        out[mask, b, F_MINUTES] = bout.duration_min
        out[mask, b, F_INTENSITY] = bout.intensity
        out[mask, b, F_MODALITY] = MODALITIES.index(bout.modality)
        out[:, b, F_DAY] = bout.day
    return out


def plan_mean_loads(plan: TrainingPlan) -> np.ndarray:
    """Mean daily load per modality (AU/d, ``MODALITIES`` order) over one cycle of the plan's blocks.

    A session's load is minutes x relative intensity, as in the schedule; a block contributes
    ``weeks`` copies of its template week scaled by its volume and intensity scale.
    """
    return _plan_means(plan)[0]


def plan_mean_hours(plan: TrainingPlan) -> float:
    """Mean training time (h/d) over one cycle of the plan's blocks (session minutes x volume)."""
    return _plan_means(plan)[1] / 60.0


def _plan_means(plan: TrainingPlan) -> tuple[np.ndarray, float]:
    """(mean daily load per modality in AU/d, mean daily training minutes) over one cycle."""
    weekly = np.zeros(len(MODALITIES))
    templates: dict[str, list[Session]] = {}
    total = np.zeros(len(MODALITIES))
    minutes = 0.0
    days = 0
    for block in plan.blocks:
        template = block.sessions if block.sessions is not None else templates[block.like or ""]
        templates[block.name] = template
        weekly[:] = 0.0
        for session in template:
            intensity = _intensity(session, block.intensity_scale, plan.name, block.name)
            weekly[MODALITIES.index(session.modality)] += session.duration_min * block.volume * intensity
            minutes += block.weeks * session.duration_min * block.volume
        total += block.weeks * weekly
        days += 7 * block.weeks
    return total / days, minutes / days


def training_history(config: Config, traits: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each athlete's training history: the plan trained on before day 0 and the share of it done.

    ``history_plan`` is the index (into ``config.training.plans``, the order of
    :func:`compile_plans`) of the plan named for the athlete's sport in ``training.habitual``, else
    their assigned plan; ``history_compliance`` is their compliance for trained and elite
    athletes and 0 for untrained athletes, who have no training history. Every subsystem that
    starts adapted to training reads these (through :func:`habitual_loads` or the compiled plan
    of ``history_plan``), so all start from one history.
    """
    names = list(config.training.plans)
    habitual = config.training.habitual
    plan_of_sport = np.array([names.index(habitual[sport]) if sport in habitual else -1 for sport in SPORTS])
    sport = traits["sport"].astype(int)
    assigned = traits["plan"].astype(int)
    chosen = np.where(plan_of_sport[sport] >= 0, plan_of_sport[sport], assigned) if len(sport) else assigned
    trains = np.where(traits["training_status"] > 0.5, traits["compliance"], 0.0)
    return {"history_plan": chosen.astype(np.float64), "history_compliance": np.asarray(trains, dtype=np.float64)}


def habitual_loads(config: Config, traits: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each athlete's habitual mean daily load per modality (AU/d) and training time
    (:data:`HABITUAL_HOURS`, h/d) over their training history.

    ``L_m = history compliance x mean load of the history plan`` (:func:`training_history`): the
    plan named for their sport in ``training.habitual``, else their assigned plan, times their
    compliance; 0 for untrained athletes. Hours likewise.
    """
    history = training_history(config, traits)
    means = [_plan_means(plan) for plan in config.training.plans.values()]
    by_plan = np.array([loads for loads, _ in means])
    hours_by_plan = np.array([minutes / 60.0 for _, minutes in means])
    chosen = history["history_plan"].astype(int)
    done = history["history_compliance"]
    loads = by_plan[chosen] * done[:, None] if len(chosen) else np.zeros((0, len(MODALITIES)))
    out = {name: loads[:, k] for k, name in enumerate(HABITUAL_LOADS)}
    out[HABITUAL_HOURS] = hours_by_plan[chosen] * done if len(chosen) else np.zeros(0)
    return out
