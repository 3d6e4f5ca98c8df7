"""Which crosstalk mechanisms were in effect in each arm of an experiment, with evidence labels.

Each arm's config is rebuilt from ``experiment.resolved.yaml`` (``base`` is the resolved base
config, ``arms`` the overrides) and its mechanism settings resolved against the registry
defaults (hypothesis/contradicted off unless switched on). Sweep factors on
``mechanism.<id>.*`` make a mechanism "varied" (its columns in ``runs.parquet``).
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

log = logging.getLogger(__name__)

MECHANISM_COLUMNS = ["id", "subsystem", "source", "target", "sign", "evidence", "default_enabled", "citations", "summary"]


def registry_frame() -> pd.DataFrame:
    """Every registered mechanism: id, subsystem, source, target, sign, evidence, default, citations."""
    from cohort.mechanisms import MECHANISMS
    from cohort.physiology import load_all

    load_all()
    rows = [
        {
            "id": m.id, "subsystem": m.subsystem, "source": m.source, "target": m.target, "sign": m.sign,
            "evidence": m.evidence, "default_enabled": m.default_enabled, "citations": ", ".join(m.citations),
            "summary": m.summary,
        }
        for m in MECHANISMS
    ]
    return pd.DataFrame(rows, columns=MECHANISM_COLUMNS)


def arm_settings(resolved: dict[str, Any], arms: list[str]) -> dict[str, dict[str, Any]]:
    """arm -> the ``mechanisms`` mapping of its config (base deep-merged with the arm overrides)."""
    from cohort.config.loader import deep_merge

    base = resolved.get("base") if isinstance(resolved.get("base"), dict) else {}
    overrides = resolved.get("arms") or {}
    out = {}
    for arm in arms:
        merged = deep_merge(base or {}, overrides.get(arm) or {})
        out[arm] = merged.get("mechanisms") or {}
    return out


def strength_table(resolved: dict[str, Any], arms: list[str], runs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Registry frame plus one column of effective strength per arm (0 = off) and ``varied``
    (the mechanism is a sweep factor)."""
    from cohort.config.models import MechanismSetting

    frame = registry_frame()
    settings = arm_settings(resolved, arms)
    for arm in arms:
        strengths = []
        for row in frame.itertuples():
            raw = settings[arm].get(row.id)
            setting = MechanismSetting.model_validate(raw) if isinstance(raw, dict) else None
            enabled = row.default_enabled if setting is None or setting.enabled is None else setting.enabled
            scale = 1.0 if setting is None else setting.scale
            strengths.append(float(scale) if enabled else 0.0)
        frame[f"strength[{arm}]"] = strengths
    swept = set()
    if runs is not None:
        for column in runs.columns:
            if column.startswith("mechanism.") or column.startswith("mechanisms."):
                swept.add(column.split(".")[1])
    frame["varied"] = frame.id.isin(swept)
    columns = [f"strength[{arm}]" for arm in arms]
    frame["active"] = (frame[columns] > 0).any(axis=1) | frame.varied if columns else frame.default_enabled
    return frame


def hypothesis_warnings(table: pd.DataFrame, arms: list[str]) -> list[str]:
    """Warnings for hypothesis/contradicted mechanisms that were on, varied, or differed between arms."""
    messages = []
    columns = [f"strength[{arm}]" for arm in arms]
    for row in table[table.evidence.isin(["hypothesis", "contradicted"])].to_dict("records"):
        values = [row[c] for c in columns]
        on = [arm for arm, value in zip(arms, values, strict=True) if value > 0]
        differs = len(set(values)) > 1
        if on or row["varied"]:
            where = f"on in arm(s) {', '.join(on)}" if on else "varied in the sweep"
            effect = "differed between arms, so it may have moved the contrasts" if differs or row["varied"] else "was on in every arm, so it may have moved the result"
            messages.append(f"mechanism {row['id']} ({row['evidence']}: {row['source']} -> {row['target']}) was {where}; it {effect}.")
    return messages
