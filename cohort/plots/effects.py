"""Figures of contrasts: forest plot, effects in natural units, responder waterfall, subgroup effects.

Intervals are 95 % bootstrap intervals of *paired in-silico* effects: the same simulated
athletes with and without the strategy (common random numbers), so they measure how well the
simulation pins down the model's mean effect, not the uncertainty a trial of that size would
have (a trial compares different people and would show far wider intervals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from cohort.labels import label, name, subgroup_label
from cohort.plots.style import arm_legend, arm_palette, empty_figure, grid, theme

#: an SMD axis switches to symmetric-log scale when the largest |effect| exceeds this many
#: times the smallest non-negligible one (one large effect squashed all others to zero)
SYMLOG_SPREAD = 8.0


def _informative_flags(frame: pd.DataFrame, max_flags: int) -> pd.DataFrame:
    """Keep continuous rows and the flags that some arm moved (largest effects first, at most ``max_flags``)."""
    flags = frame[frame.kind == "flag"]
    if flags.empty:
        return frame
    effect = flags.assign(effect=flags.mean_diff.abs()).groupby("outcome")["effect"].max()
    keep = effect[effect > 0].sort_values(ascending=False).index[:max_flags]
    return pd.concat([frame[frame.kind != "flag"], flags[flags.outcome.isin(keep)].set_index("outcome").loc[list(keep)].reset_index()], ignore_index=True)


def _series(frame: pd.DataFrame, point_labels: Mapping[int, str] | None) -> list[tuple[int, str, str]]:
    """(point, arm, legend label) of every series: one per arm, or per arm and sweep point."""
    points = sorted(pd.unique(frame.point)) if "point" in frame.columns else [0]
    arms = list(pd.unique(frame.arm))
    if len(points) == 1:
        return [(int(points[0]), arm, arm) for arm in arms]
    labels = point_labels or {}
    return [(int(p), arm, f"{arm}, {labels.get(int(p), f'point {p}')}") for arm in arms for p in points]


def _scale_for(axis: Axes, values: np.ndarray) -> None:
    """Symmetric-log x axis when effects span more than :data:`SYMLOG_SPREAD`-fold, else linear."""
    magnitudes = np.abs(values[np.isfinite(values)])
    if magnitudes.size == 0:
        return
    largest = float(magnitudes.max())
    small = magnitudes[magnitudes > 1e-3 * largest]
    if largest > 2.0 and small.size and largest / float(small.min()) > SYMLOG_SPREAD:
        # linear within +-1 SD, logarithmic beyond: 0.1 and 20 stay readable on one axis
        axis.set_xscale("symlog", linthresh=1.0, linscale=1.0)
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        ticks = [t for t in (-100, -30, -10, -3, -1, -0.5, 0, 0.5, 1, 3, 10, 30, 100) if min(low, 0) * 1.3 <= t <= max(high, 0) * 1.3]
        axis.set_xticks(ticks)
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))


def forest_plot(
    contrasts: pd.DataFrame,
    *,
    subgroup: tuple[str, str] = ("all", "all"),
    reference: str | None = None,
    max_flags: int = 12,
    point_labels: Mapping[int, str] | None = None,
) -> Figure:
    """Effects of every arm against the reference with 95 % bootstrap intervals.

    Left: continuous outcomes as standardised mean differences (mean paired difference / SD
    of the reference arm's change); a symmetric-log axis when one outcome's effect dwarfs the
    others. Right (when flags exist): threshold flags as the difference in end-of-run
    prevalence, percentage points, for the flags some arm moved (largest first, at most
    ``max_flags``). Every sweep point is shown, labelled by ``point_labels`` (factor values).
    """
    frame = contrasts[(contrasts.subgroup_variable == subgroup[0]) & (contrasts.subgroup_level == subgroup[1])]
    if frame.empty:
        return empty_figure("no contrasts (a single arm, or no recorded outcomes)")
    frame = _informative_flags(frame, max_flags)
    series = _series(frame, point_labels)
    palette = arm_palette([reference or "", *[s[2] for s in series]], reference)
    panels = [("continuous", "smd", "smd_low", "smd_high", 1.0, f"standardised mean difference vs {reference or 'reference'}"),
              ("flag", "mean_diff", "mean_low", "mean_high", 100.0, "prevalence difference (% points)")]
    panels = [p for p in panels if (frame.kind == p[0]).any()]
    if not panels:
        return empty_figure("no arm moved any outcome")
    n_rows = max(len(pd.unique(frame[frame.kind == kind].outcome)) for kind, *_ in panels)
    row_height = 0.32 + 0.14 * len(series)
    with theme():
        figure, axes = grid(len(panels), ncols=2, panel_size=(5.6, 1.2 + row_height * max(n_rows, 2)))
        for axis, (kind, value, low, high, factor, xlabel) in zip(axes, panels, strict=True):
            rows = frame[frame.kind == kind]
            outcomes = list(pd.unique(rows.outcome))
            spacing = 0.8 / max(1, len(series))
            for k, (point, arm, legend) in enumerate(series):
                data = rows[(rows.arm == arm) & (rows.point == point)].set_index("outcome").reindex(outcomes)
                y = np.arange(len(outcomes)) + (k - (len(series) - 1) / 2) * spacing
                centre = factor * data[value].to_numpy(dtype=float)
                error = np.vstack([centre - factor * data[low].to_numpy(dtype=float), factor * data[high].to_numpy(dtype=float) - centre])
                axis.errorbar(centre, y, xerr=np.abs(error), fmt="o", color=palette[legend], label=legend, markersize=4, capsize=2, linewidth=1.2)
                if len(series) <= 3:  # the value next to each dot (the axis may be logarithmic)
                    for x_value, y_value in zip(centre, y, strict=True):
                        if np.isfinite(x_value):
                            axis.annotate(f"{x_value:.2g}", (x_value, y_value), xytext=(0, 5), textcoords="offset points",
                                          ha="center", va="bottom", fontsize="x-small", color=palette[legend])
            axis.axvline(0.0, color="black", linewidth=0.8)
            axis.set_yticks(np.arange(len(outcomes)), [label(o) if kind == "flag" else name(o) for o in outcomes])
            axis.set_ylim(len(outcomes) - 0.5, -0.5)
            if kind == "continuous":
                _scale_for(axis, rows[value].to_numpy(dtype=float))
                if axis.get_xscale() == "symlog":
                    xlabel += " (symmetric log scale)"
            axis.set_xlabel(xlabel)
        arm_legend(figure, axes[0], "arm" if len(pd.unique(frame.point)) == 1 else "arm, sweep point")
        if subgroup != ("all", "all"):
            figure.suptitle(f"subgroup {subgroup[0]} = {subgroup[1]}")
    return figure


def effect_panels(
    contrasts: pd.DataFrame, *, reference: str | None = None, max_panels: int = 9, point_labels: Mapping[int, str] | None = None
) -> Figure:
    """Mean paired difference (arm - reference) with its 95 % bootstrap interval in each
    outcome's own unit, one panel per continuous outcome, whole cohort, every sweep point."""
    frame = contrasts[(contrasts.subgroup_variable == "all") & (contrasts.kind == "continuous")]
    if frame.empty:
        return empty_figure("no contrasts (a single arm, or no recorded outcomes)")
    outcomes = list(pd.unique(frame.outcome))[:max_panels]
    series = _series(frame, point_labels)
    palette = arm_palette([reference or "", *[s[2] for s in series]], reference)
    with theme():
        figure, axes = grid(len(outcomes), ncols=3, panel_size=(4.6, 1.0 + 0.32 * len(series)))
        for axis, outcome in zip(axes, outcomes, strict=True):
            rows = frame[frame.outcome == outcome]
            y = np.arange(len(series))
            for k, (point, arm, legend) in enumerate(series):
                row = rows[(rows.arm == arm) & (rows.point == point)]
                if row.empty:
                    continue
                centre = float(row.mean_diff.iloc[0])
                error = np.abs(np.array([[centre - float(row.mean_low.iloc[0])], [float(row.mean_high.iloc[0]) - centre]]))
                axis.errorbar(centre, y[k], xerr=error, fmt="o", color=palette[legend], markersize=4, capsize=2)
            axis.axvline(0.0, color="black", linewidth=0.8)
            axis.set_yticks(y, [s[2] for s in series])
            axis.set_ylim(len(series) - 0.5, -0.5)
            axis.set_title(label(outcome))
            axis.set_xlabel(f"difference vs {reference or 'reference'}")
    return figure


def waterfall(
    paired: pd.DataFrame,
    outcome: str,
    *,
    threshold: float | None = None,
    arms: Sequence[str] | None = None,
    point: int | None = None,
) -> Figure:
    """Per-athlete paired differences (arm - reference) sorted, one panel per arm; bars beyond
    +-threshold (responders / adverse responders) coloured. Input: ``paired_differences``;
    one sweep point (``point``, default the first)."""
    rows = paired[paired.outcome == outcome] if not paired.empty else paired
    if not rows.empty and "point" in rows.columns:
        rows = rows[rows.point == (rows.point.min() if point is None else point)]
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
            axis.set_ylabel(f"difference in {label(outcome)}")
            axis.set_xlim(-0.5, max(values.size, 1) - 0.5)
    return figure


def subgroup_effects(
    contrasts: pd.DataFrame,
    *,
    arms: Sequence[str] | None = None,
    max_arms: int = 3,
    max_outcomes: int = 3,
    point: int | None = None,
) -> Figure:
    """SMD with its 95 % interval in every subgroup, one panel per (arm, outcome the arm moved).

    Rows are the subgroups with their size n (athletes x replicates); the dashed line and the
    top row are the whole cohort. Subgroup SMDs use the whole cohort's standardiser (SD of the
    reference arm's change), so a subgroup's dot sits right of the whole cohort's exactly when
    its mean effect is larger. One sweep point (``point``, default the first).
    """
    frame = contrasts[contrasts.kind == "continuous"] if "kind" in contrasts.columns else contrasts
    if not frame.empty and "point" in frame.columns:
        frame = frame[frame.point == (frame.point.min() if point is None else point)]
    # outcomes with subgroup rows: the arm changed them in some athlete (blank columns before)
    frame = frame[frame.outcome.isin(frame[frame.subgroup_variable != "all"].outcome)] if not frame.empty else frame
    if frame.empty:
        return empty_figure("no subgroup contrasts (no arm changed any outcome)")
    arm_order = [a for a in (arms or pd.unique(frame.arm)) if a in set(frame.arm)][:max_arms]
    largest = frame[frame.subgroup_variable == "all"].assign(size=lambda f: f.smd.abs()).sort_values("size", ascending=False)
    outcomes = list(pd.unique(largest.outcome))[:max_outcomes]
    panels = [(arm, outcome) for arm in arm_order for outcome in outcomes if ((frame.arm == arm) & (frame.outcome == outcome)).any()]
    n_rows = int(frame.groupby(["arm", "outcome"]).size().max())
    colour = sns.color_palette("colorblind")[0]
    with theme():
        figure, axes = grid(len(panels), ncols=min(2, len(panels)), panel_size=(8.2, 1.2 + 0.24 * n_rows))
        for axis, (arm, outcome) in zip(axes, panels, strict=True):
            rows = frame[(frame.arm == arm) & (frame.outcome == outcome)]
            rows = pd.concat([rows[rows.subgroup_variable == "all"], rows[rows.subgroup_variable != "all"]])
            y = np.arange(len(rows))
            centre = rows.smd.to_numpy(dtype=float)
            error = np.abs(np.vstack([centre - rows.smd_low.to_numpy(dtype=float), rows.smd_high.to_numpy(dtype=float) - centre]))
            whole = rows.subgroup_variable.to_numpy() == "all"
            axis.errorbar(centre[~whole], y[~whole], xerr=error[:, ~whole], fmt="o", color=colour, markersize=3.5, capsize=1.5, linewidth=1)
            axis.errorbar(centre[whole], y[whole], xerr=error[:, whole], fmt="D", color="black", markersize=4.5, capsize=2, linewidth=1.2)
            if whole.any():
                axis.axvline(float(centre[whole][0]), color="black", linewidth=0.8, linestyle="--")
            axis.axvline(0.0, color="0.5", linewidth=0.6)
            names = [subgroup_label(v, lv) for v, lv in zip(rows.subgroup_variable, rows.subgroup_level, strict=True)]
            axis.set_yticks(y, [f"{text} (n={n})" for text, n in zip(names, rows.n, strict=True)], fontsize="small")
            axis.set_ylim(len(rows) - 0.5, -0.5)
            axis.set_title(f"{arm}: {label(outcome)}", fontsize="medium")
            axis.set_xlabel("standardised mean difference (whole-cohort SD)")
    return figure
