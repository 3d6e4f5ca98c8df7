"""Small configs for validation protocols: one plan, a homogeneous cohort, no noise you do
not ask for. Built through the same validated Config model as user configs, from the base
config the shipped protocol files extend (``cohort/validation/protocols/base.yaml``)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from cohort.config.loader import apply_overrides, build_config, deep_merge
from cohort.validation.framework import PROTOCOL_BASE, PROTOCOL_PACKAGE, active_settings


def plan(sessions: list[dict[str, Any]], weeks: int, name: str = "protocol", **block: Any) -> dict[str, Any]:
    """A one-block plan dict (sessions use the config schema's Session keys)."""
    return {"name": name, "repeat": False, "blocks": [{"name": name, "weeks": weeks, "sessions": sessions, **block}]}


def rest_plan(weeks: int) -> dict[str, Any]:
    return plan([], weeks, name="rest")


def base_document() -> dict[str, Any]:
    """The protocols' base config as a dict."""
    text = resources.files(PROTOCOL_PACKAGE).joinpath(PROTOCOL_BASE).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def make_config(plans: dict[str, Any] | None = None, **overrides: Any):
    """A validated Config for a protocol; ``plans`` replace the base's rest plan (athletes keep
    the base's empty training history), ``overrides`` deep-merge."""
    data = base_document()
    if plans is not None:
        data["training"]["plans"] = {**plans, "no_history": data["training"]["plans"]["no_history"]}
    data = deep_merge(data, overrides)
    provenance: dict[str, str] = {}
    data = apply_overrides(data, active_settings(), provenance)
    return build_config(data, provenance, "<validation scenario>")
