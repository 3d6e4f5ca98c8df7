"""Training plans as data, compiled to day-by-day session arrays for the kernel.

A plan is a list of blocks; each block repeats a template week ``weeks`` times with its
volume (duration multiplier) and intensity scale. Blocks run in order and, with ``repeat``,
cycle until the run ends. Day 0 of the run is ``config.start_date``; sessions land on their
weekday at their clock time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cohort.config.models import MODALITIES, WEEKDAYS, Config, Session, TrainingPlan
from cohort.errors import ConfigError, Problem
from cohort.physiology.inputs import BLOCK_PHASES, MAX_SESSIONS

# Field order of the last axis of PlanArrays.sessions
F_START, F_MINUTES, F_INTENSITY, F_MODALITY = range(4)


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
                    sessions[day, slot, F_INTENSITY] = min(1.5, session.intensity * block.intensity_scale)
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
