"""Figures of contrasts: forest plot, responder waterfall, subgroup heatmap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from cohort.plots.style import arm_legend, arm_palette, empty_figure, grid, label, theme


def _first_point(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame.point == frame.point.min()] if "point" in frame.columns and not frame.empty else frame


def _informative_flags(frame: pd.DataFrame, max_flags: int) -> pd.DataFrame:
    """Keep continuous rows and the flags that some arm moved (largest effects first, at most ``max_flags``)."""
    flags = frame[frame.kind == "flag"]
    if flags.empty:
        return frame
    effect = flags.assign(effect=flags.mean_diff.abs()).groupby("outcome")["effect"].max()
    keep = effect[effect > 0].sort_values(ascending=False).index[:max_flags]
    return pd.concat([frame[frame.kind != "flag"], flags[flags.outcome.isin(keep)].set_index("outcome").loc[list(keep)].reset_index()], ignore_index=True)


def forest_plot(
    contrasts: pd.DataFrame, *, subgroup: tuple[str, str] = ("all", "all"), reference: str | None = None, max_flags: int = 12
) -> Figure:
    """Effects of every arm against the reference with 95 % bootstrap intervals.

    Left: continuous outcomes as standardised mean differences (mean paired difference / SD
    of the reference arm's change). Right (when flags exist): threshold flags as the
    difference in end-of-run prevalence, percentage points, for the flags some arm moved
    (largest first, at most ``max_flags``). First sweep point only.
    """
    frame = _first_point(contrasts)
    frame = frame[(frame.subgroup_variable == subgroup[0]) & (frame.subgroup_level == subgroup[1])]
    if frame.empty:
        return empty_figure("no contrasts (a single arm, or no recorded outcomes)")
    frame = _informative_flags(frame, max_flags)
    arms = list(pd.unique(frame.arm))
    palette = arm_palette([reference or "", *arms], reference)
    panels = [("continuous", "smd", "smd_low", "smd_high", 1.0, f"standardised mean difference vs {reference or 'reference'}"),
              ("flag", "mean_diff", "mean_low", "mean_high", 100.0, "prevalence difference (% points)")]
    panels = [p for p in panels if (frame.kind == p[0]).any()]
    if not panels:
        return empty_figure("no arm moved any outcome")
    with theme():
        figure, axes = grid(len(panels), ncols=2, panel_size=(5.2, 1.4 + 0.42 * max(len(pd.unique(frame.outcome)), 3)))
        for axis, (kind, value, low, high, factor, xlabel) in zip(axes, panels, strict=True):
            rows = frame[frame.kind == kind]
            outcomes = list(pd.unique(rows.outcome))
            spacing = 0.8 / max(1, len(arms))
            for k, arm in enumerate(arms):
                data = rows[rows.arm == arm].set_index("outcome").reindex(outcomes)
                y = np.arange(len(outcomes)) + (k - (len(arms) - 1) / 2) * spacing
                centre = factor * data[value].to_numpy(dtype=float)
                error = np.vstack([centre - factor * data[low].to_numpy(dtype=float), factor * data[high].to_numpy(dtype=float) - centre])
                axis.errorbar(centre, y, xerr=np.abs(error), fmt="o", color=palette[arm], label=arm, markersize=4, capsize=2, linewidth=1.2)
            axis.axvline(0.0, color="black", linewidth=0.8)
            axis.set_yticks(np.arange(len(outcomes)), outcomes)
            axis.set_ylim(len(outcomes) - 0.5, -0.5)
            axis.set_xlabel(xlabel)
        arm_legend(figure, axes[0], "arm")
        if subgroup != ("all", "all"):
            figure.suptitle(f"subgroup {subgroup[0]} = {subgroup[1]}")
    return figure


def effect_panels(
    contrasts: pd.DataFrame, *, reference: str | None = None, units: dict[str, str] | None = None, max_panels: int = 9
) -> Figure:
    """Mean paired difference (arm - reference) with its 95 % bootstrap interval in each
    outcome's own unit, one panel per continuous outcome, whole cohort, first sweep point."""
    frame = _first_point(contrasts)
    frame = frame[(frame.subgroup_variable == "all") & (frame.kind == "continuous")]
    if frame.empty:
        return empty_figure("no contrasts (a single arm, or no recorded outcomes)")
    outcomes = list(pd.unique(frame.outcome))[:max_panels]
    arms = list(pd.unique(frame.arm))
    palette = arm_palette([reference or "", *arms], reference)
    with theme():
        figure, axes = grid(len(outcomes), ncols=3, panel_size=(4.4, 0.9 + 0.35 * len(arms)))
        for axis, outcome in zip(axes, outcomes, strict=True):
            rows = frame[frame.outcome == outcome].set_index("arm").reindex(arms)
            centre = rows.mean_diff.to_numpy(dtype=float)
            error = np.abs(np.vstack([centre - rows.mean_low.to_numpy(dtype=float), rows.mean_high.to_numpy(dtype=float) - centre]))
            y = np.arange(len(arms))
            for k, arm in enumerate(arms):
                axis.errorbar(centre[k], y[k], xerr=error[:, k : k + 1], fmt="o", color=palette[arm], markersize=4, capsize=2)
            axis.axvline(0.0, color="black", linewidth=0.8)
            axis.set_yticks(y, arms)
            axis.set_ylim(len(arms) - 0.5, -0.5)
            axis.set_title(outcome + (f" ({units[outcome]})" if units and outcome in units else ""))
            axis.set_xlabel(f"difference vs {reference or 'reference'}")
    return figure


def waterfall(
    paired: pd.DataFrame,
    outcome: str,
    *,
    threshold: float | None = None,
    arms: Sequence[str] | None = None,
    units: dict[str, str] | None = None,
) -> Figure:
    """Per-athlete paired differences (arm - reference) sorted, one panel per arm; bars beyond
    +-threshold (responders / adverse responders) coloured. Input: ``paired_differences``."""
    rows = paired[paired.outcome == outcome] if not paired.empty else paired
    rows = _first_point(rows)
    if rows.empty:
        return empty_figure(f"no paired differences for {outcome}")
    arm_order = [a for a in (arms or pd.unique(rows.arm)) if a in set(rows.arm)]
    if threshold is None:
        baseline = rows.drop_duplicates(["replicate", "athlete"]).baseline.to_numpy(dtype=float)
        threshold = 0.2 * float(np.nanstd(baseline, ddof=1)) if baseline.size > 1 else 0.0
    up, down, neutral = sns.color_palette("colorblind")[2], sns.color_palette("colorblind")[3], "#bdbdbd"
    with theme():
        figure, axes = grid(len(arm_order), ncols=2, panel_size=(5.0, 3.2))
        for axis, arm in zip(axes, arm_order, strict=True):
            values = np.sort(rows[rows.arm == arm].difference.to_numpy(dtype=float))[::-1]
            # three filled step areas instead of one bar per athlete (light SVG for big cohorts)
            x = np.arange(values.size)
            for mask, colour in ((values > threshold, up), (values < -threshold, down), (np.abs(values) <= threshold, neutral)):
                axis.fill_between(x, 0.0, values, where=mask, step="mid", color=colour, linewidth=0, interpolate=False)
            for line in (threshold, -threshold):
                axis.axhline(line, color="black", linewidth=0.6, linestyle="--")
            share_up = float((values > threshold).mean()) if values.size else float("nan")
            axis.set_title(f"{arm}: {100 * share_up:.0f} % above +{threshold:.3g}")
            axis.set_xlabel("athletes, sorted")
            axis.set_ylabel(f"difference in {label(outcome, units)}")
            axis.set_xlim(-0.5, max(values.size, 1) - 0.5)
    return figure


def subgroup_heatmap(contrasts: pd.DataFrame, *, value: str = "smd", arms: Sequence[str] | None = None, max_arms: int = 4) -> Figure:
    """Effect (default SMD) of each arm by subgroup (rows) and outcome (columns), continuous
    outcomes, first sweep point; one panel per arm. Colours are relative to each outcome's
    largest effect (so small effects on one outcome stay visible next to large ones on
    another); cells show the values."""
    frame = _first_point(contrasts)
    frame = frame[frame.kind == "continuous"] if "kind" in frame.columns else frame
    if frame.empty:
        return empty_figure("no subgroup contrasts")
    arm_order = [a for a in (arms or pd.unique(frame.arm)) if a in set(frame.arm)][:max_arms]
    frame = frame.assign(subgroup=np.where(frame.subgroup_variable == "all", "all", frame.subgroup_variable + ": " + frame.subgroup_level.astype(str)))
    rows_order = list(pd.unique(frame.subgroup))
    columns_order = list(pd.unique(frame.outcome))
    # colour by each outcome's own scale (effects of different outcomes differ by orders of
    # magnitude); the cell text gives the value itself
    scale = frame.groupby("outcome")[value].apply(lambda v: float(np.nanmax(np.abs(v))) if v.notna().any() else 0.0)
    scale = scale.where(scale > 0, 1.0)
    with theme():
        figure, axes = grid(len(arm_order), ncols=2, panel_size=(max(5.0, 3.0 + 1.0 * len(columns_order)), max(3.0, 1.0 + 0.32 * len(rows_order))))
        for axis, arm in zip(axes, arm_order, strict=True):
            table = frame[frame.arm == arm].pivot_table(index="subgroup", columns="outcome", values=value, aggfunc="mean")
            table = table.reindex(index=rows_order, columns=columns_order)
            values = table.to_numpy(dtype=float)
            relative = values / scale.reindex(columns_order).to_numpy(dtype=float)[None, :]
            image = axis.imshow(relative, cmap="vlag", vmin=-1.0, vmax=1.0, aspect="auto", interpolation="nearest")
            axis.grid(False)
            axis.set_xticks(np.arange(len(columns_order)), columns_order)
            axis.set_yticks(np.arange(len(rows_order)), rows_order)
            if values.size <= 300:
                for (row, column), cell in np.ndenumerate(values):
                    if np.isfinite(cell):
                        axis.text(column, row, f"{cell:.2f}", ha="center", va="center", fontsize=7,
                                  color="white" if abs(relative[row, column]) > 0.6 else "black")
            figure.colorbar(image, ax=axis, label=f"{value} / largest |{value}| of the outcome", shrink=0.8)
            axis.set_title(arm)
            axis.set_xlabel("")
            axis.set_ylabel("")
            axis.tick_params(axis="x", labelrotation=30)
    return figure
