"""Small configs for validation protocols: one plan, a homogeneous cohort, no noise you do
not ask for. Built through the same validated Config model as user configs."""

from __future__ import annotations

from typing import Any

from cohort.config.loader import build_config, deep_merge
from cohort.config.models import SPORTS


def plan(sessions: list[dict[str, Any]], weeks: int, name: str = "protocol", **block: Any) -> dict[str, Any]:
    """A one-block plan dict (sessions use the config schema's Session keys)."""
    return {"name": name, "repeat": False, "blocks": [{"name": name, "weeks": weeks, "sessions": sessions, **block}]}


def rest_plan(weeks: int) -> dict[str, Any]:
    return plan([], weeks, name="rest")


def no_training_history() -> dict[str, Any]:
    """``training`` overrides for a protocol that is a new stimulus from no training history.

    Every sport's habitual plan is rest, so athletes start with zero Banister fitness whatever
    their status (their status still sets their response); use it where a case's subjects'
    prior training is not described by the protocol itself.
    """
    return {"plans": {"no_history": rest_plan(1)}, "habitual": dict.fromkeys(SPORTS, "no_history")}


def make_config(plans: dict[str, Any] | None = None, **overrides: Any):
    """A validated Config for a protocol; ``overrides`` deep-merge into the defaults."""
    data: dict[str, Any] = {
        "name": "validation",
        "seed": 12345,
        "duration_weeks": 4,
        "cohort": {"size": 400},
        "training": {"plans": plans or {"rest": rest_plan(520)}, "day_to_day_cv": 0.0},
        "recording": {"interval_days": 1},
    }
    data = deep_merge(data, overrides)
    return build_config(data, {}, "<validation scenario>")
