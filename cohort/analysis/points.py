"""Sweep points named by their factor values, for figure legends and tables.

A sweep's runs frame carries one column per factor (its dotted path, e.g.
``strategy.iron.product.iron.elemental_mg``); a point is shown as ``elemental_mg=60,
schedule=daily`` rather than by its number.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def short_factor(path: str) -> str:
    """The last part of a factor's dotted path (``strategy.iron.delivery.schedule`` -> ``schedule``)."""
    return path.rsplit(".", 1)[-1]


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def point_factors(runs: pd.DataFrame | None, factors: Sequence[str]) -> pd.DataFrame:
    """One row per sweep point: ``point`` and each factor's value (empty without a sweep)."""
    present = [f for f in factors if runs is not None and f in runs.columns]
    if runs is None or not present or "point" not in runs.columns:
        return pd.DataFrame(columns=["point"])
    return runs.groupby("point", sort=True)[present].first().reset_index()


def point_labels(runs: pd.DataFrame | None, factors: Sequence[str]) -> dict[int, str]:
    """point -> ``"elemental_mg=60, schedule=daily"`` (empty without a sweep)."""
    table = point_factors(runs, factors)
    columns = [c for c in table.columns if c != "point"]
    return {
        int(row["point"]): ", ".join(f"{short_factor(c)}={_value(row[c])}" for c in columns)
        for _, row in table.iterrows()
    }
