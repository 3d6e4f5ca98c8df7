"""Figures the explorer needs beyond :mod:`cohort.plots`: pure functions of frames and arrays
returning a matplotlib Figure (no simulation inside).

``athlete_panels``        one athlete's recorded variables over time, grouped by subsystem
``distribution``          the cohort's values of one variable now, with its clinical cut-off
``parallel_coordinates``  sweep points over all factors, coloured by an outcome
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cohort.labels import label, name
from cohort.plots.style import empty_figure, grid, theme


def subsystem_of(variable: str) -> str:
    """The subsystem that owns a state variable (``cohort`` for traits)."""
    from cohort.state import STATE

    return str(STATE.entry(variable).owner)


def athlete_panels(trajectory: pd.DataFrame, variables: Sequence[str], title: str = "") -> Figure:
    """One panel per subsystem: each of its variables over weeks, as a ratio to day 0 so that
    variables in different units share an axis (the legend gives each one's day-0 value)."""
    variables = [v for v in variables if v in trajectory.columns]
    if trajectory.empty or not variables:
        return empty_figure("nothing recorded yet")
    groups: dict[str, list[str]] = {}
    for variable in variables:
        groups.setdefault(subsystem_of(variable), []).append(variable)
    weeks = trajectory["day"].to_numpy() / 7.0
    with theme():
        figure, axes = grid(len(groups), ncols=3, panel_size=(4.2, 2.8))
        for axis, (group, members) in zip(axes, groups.items(), strict=True):
            for variable in members:
                values = trajectory[variable].to_numpy()
                start = values[0]
                relative = values / start if start not in (0.0,) and np.isfinite(start) else values
                axis.plot(weeks, relative, linewidth=1.5, label=f"{name(variable)} ({start:.3g})")
            axis.set_title(group.replace("_", " "))
            axis.set_xlabel("week")
            axis.set_ylabel("relative to day 0")
            axis.legend(fontsize=6.5, frameon=False, loc="best")
        if title:
            figure.suptitle(title)
    return figure


def distribution(values: np.ndarray, variable: str, *, cutoff: float | None = None, day: int = 0, highlight: float | None = None) -> Figure:
    """Histogram of the cohort's current values of ``variable``; a dashed line at a clinical
    cut-off and a solid one at the followed athlete's value."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return empty_figure("no athletes")
    with theme():
        figure = Figure(figsize=(5.5, 3.4))
        axis = figure.add_subplot()
        axis.hist(finite, bins=min(40, max(5, finite.size // 5)), color="#4c72b0", alpha=0.8)
        if cutoff is not None:
            share = float(np.mean(finite < cutoff))
            axis.axvline(cutoff, color="#c44e52", linestyle="--", label=f"cut-off {cutoff:g} ({100 * share:.0f}% below)")
        if highlight is not None:
            axis.axvline(highlight, color="black", linewidth=1.5, label="followed athlete")
        axis.set_xlabel(label(variable))
        axis.set_ylabel("athletes")
        axis.set_title(f"{name(variable)} on day {day} (n={finite.size})")
        if cutoff is not None or highlight is not None:
            axis.legend(fontsize=8, frameon=False)
    return figure


def parallel_coordinates(points: pd.DataFrame, factors: Sequence[str], outcome: str, *, highlight: pd.Series | None = None) -> Figure:
    """One line per sweep point across every factor (each axis scaled to its own range),
    coloured by ``outcome``; ``highlight`` (bool per row) draws the brushed points on top."""
    factors = [f for f in factors if f in points.columns and pd.api.types.is_numeric_dtype(points[f])]
    if points.empty or not factors or outcome not in points.columns:
        return empty_figure("no numeric factors to draw")
    columns = [*factors, outcome]
    table = points[columns].astype(np.float64)
    low, high = table.min(), table.max()
    scaled = (table - low) / (high - low).replace(0.0, 1.0)
    with theme():
        figure = Figure(figsize=(max(6.0, 0.9 * len(columns)), 4.0))
        axis = figure.add_subplot()
        from matplotlib import colormaps

        colours = colormaps["viridis"](scaled[outcome].to_numpy())
        x = np.arange(len(columns))
        chosen = np.zeros(len(table), dtype=bool) if highlight is None else highlight.to_numpy(dtype=bool)
        for row, colour, on in zip(scaled.to_numpy(), colours, chosen, strict=True):
            if not on:
                axis.plot(x, row, color=colour, alpha=0.15 if chosen.any() else 0.35, linewidth=0.7)
        for row in scaled.to_numpy()[chosen]:
            axis.plot(x, row, color="#c44e52", alpha=0.8, linewidth=1.0)
        axis.set_xticks(x, [c.split(".")[-2] if c.endswith(".scale") else c.split(".")[-1] for c in columns], rotation=40, ha="right", fontsize=7)
        axis.set_yticks([0, 1], ["min", "max"])
        axis.set_title(f"sweep points coloured by {outcome} (brushed: red)")
        for k, column in enumerate(columns):
            axis.text(k, -0.08, f"{low[column]:.3g}", ha="center", fontsize=6)
            axis.text(k, 1.04, f"{high[column]:.3g}", ha="center", fontsize=6)
    return figure
