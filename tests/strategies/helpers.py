"""Small configs and a look at one athlete-day's schedule inputs for strategy tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from cohort.validation.scenarios import make_config, plan

#: a few variables keep result frames small (several subsystems are still growing)
RECORDED = ["strength_1rm_kg", "vo2max_ml_kg_min", "ferritin_ug_l", "vitd_25oh_nmol_l"]
#: Monday evening and Thursday morning sessions; start date 2025-01-06 is a Monday
SESSIONS = [
    {"day": "mon", "time": "17:00", "modality": "endurance", "duration_min": 60, "intensity": 0.7},
    {"day": "thu", "time": "07:00", "modality": "resistance", "duration_min": 45, "intensity": 0.7},
]


def config(strategies: list[dict[str, Any]] | None = None, size: int = 60, weeks: int = 4, **overrides: Any):  # type: ignore[no-untyped-def]
    plans = overrides.pop("plans", None) or {"squad": plan(SESSIONS, 52, name="squad")}
    overrides.setdefault("recording", {"interval_days": 7, "variables": RECORDED})
    return make_config(plans=plans, duration_weeks=weeks, cohort={"size": size}, strategies=strategies or [], **overrides)


def day_inputs(model: Any, athlete: int, day: int, taken: bool = True) -> np.ndarray:
    """The day vector the schedule phase writes for ``athlete`` on ``day`` (sessions done, eating
    factor 1, every due dose taken when ``taken``)."""
    from cohort.engine.schedule import fill_day
    from cohort.rng import NOISE_COMPLIANCE, NOISE_DIET, NOISE_TRAINING

    d = model.neutral.copy()
    noise = np.zeros((model.streams.n_streams, model.n_athletes))
    noise[NOISE_COMPLIANCE] = 0.0
    noise[NOISE_TRAINING] = 1.0
    noise[NOISE_DIET] = 1.0
    tables = model.dose_tables
    adherence_u = np.full((tables.n_products, model.n_athletes), 0.0 if taken else 1.0)
    fill_day(
        athlete, day, model.state[athlete], model.params[model.group[athlete]], d, model.plans.sessions, model.plans.phase, model.meals, model.bouts, noise, adherence_u,
        tables.amount, tables.scheduled, tables.phase_mask, tables.timing, tables.co_ingested, tables.eligible, tables.adherence,
    )
    return d


def dose_events(d: np.ndarray) -> list[tuple[float, float, float]]:
    """(clock h, non-heme iron mg, vitamin C mg) of the supplement-dose events of a day vector."""
    from cohort.physiology.inputs import EVENT0, EVENT_STRIDE, MAX_EVENTS

    out = []
    for k in range(MAX_EVENTS):
        base = EVENT0 + k * EVENT_STRIDE
        if d[base + 6] > 0:
            out.append((float(d[base]), float(d[base + 1]), float(d[base + 3])))
    return out


def intake(d: np.ndarray, nutrient: str) -> float:
    from cohort.state import DAY

    return float(d[DAY.index(f"intake_{nutrient}")])
