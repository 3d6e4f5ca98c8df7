"""Figures over time and of end points: trajectories per arm, prevalence, end-point distributions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from cohort.labels import label, name
from cohort.plots.style import arm_legend, arm_palette, empty_figure, grid, theme


def _arms(frame: pd.DataFrame, arms: Sequence[str] | None) -> list[str]:
    present = [str(a) for a in pd.unique(frame["arm"])] if "arm" in frame.columns else ["run"]
    return [a for a in arms if a in present] if arms else present


def _with_arm(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame if "arm" in frame.columns else frame.assign(arm="run")
    out = out if "replicate" in out.columns else out.assign(replicate=0)
    return out if "point" not in out.columns else out[out.point == out.point.min()]


def trajectories(
    cohort_daily: pd.DataFrame,
    variables: Sequence[str],
    *,
    arms: Sequence[str] | None = None,
    reference: str | None = None,
) -> Figure:
    """Cohort mean over time per arm (line: mean of replicate means) with a band spanning the
    10th-90th athlete percentiles (mean over replicates; mean +- SD when quantiles were not
    recorded). One panel per variable; first sweep point only."""
    daily = _with_arm(cohort_daily)
    variables = [v for v in variables if v in set(daily.variable)]
    if not variables:
        return empty_figure("no recorded trajectories for the chosen outcomes")
    arm_order = _arms(daily, arms)
    palette = arm_palette(arm_order, reference)
    with theme():
        figure, axes = grid(len(variables))
        for axis, variable in zip(axes, variables, strict=True):
            rows = daily[daily.variable == variable]
            table = rows.pivot_table(index=["arm", "day"], columns="statistic", values="value", aggfunc="mean", observed=True)
            for arm in arm_order:
                if arm not in table.index.get_level_values(0):
                    continue
                series = table.loc[arm].sort_index()
                weeks = series.index.to_numpy() / 7.0
                mean = series["mean"].to_numpy()
                if {"q10", "q90"} <= set(series.columns):
                    low, high = series["q10"].to_numpy(), series["q90"].to_numpy()
                elif "sd" in series.columns:
                    low, high = mean - series["sd"].to_numpy(), mean + series["sd"].to_numpy()
                else:
                    low = high = mean
                axis.fill_between(weeks, low, high, color=palette[arm], alpha=0.08, linewidth=0)
                for edge in (low, high):  # band edges stay readable where bands of several arms overlap
                    axis.plot(weeks, edge, color=palette[arm], linewidth=0.6, alpha=0.5, linestyle=":")
                axis.plot(weeks, mean, color=palette[arm], label=arm, linewidth=1.8)
            axis.set_xlabel("week")
            axis.set_ylabel(label(variable))
            axis.set_title(name(variable))
        arm_legend(figure, axes[0], "arm\n(band: athletes'\n10th-90th pct)")
    return figure


def informative_prevalence(frame: pd.DataFrame, max_panels: int) -> list[str]:
    """Thresholds worth a panel: those whose prevalence differs most between arms (at any
    time), then the most prevalent; never-crossed thresholds are left out."""
    by_arm = frame.groupby(["variable", "arm", "day"], observed=True)["value"].mean().unstack("arm")
    spread = (by_arm.max(axis=1) - by_arm.min(axis=1)).groupby(level="variable").max()
    level = frame.groupby("variable", observed=True)["value"].max()
    table = pd.DataFrame({"spread": spread, "level": level}).fillna(0.0)
    table = table[table.level > 0].sort_values(["spread", "level"], ascending=False)
    return list(table.index[:max_panels])


def prevalence_plot(
    prevalence: pd.DataFrame, *, arms: Sequence[str] | None = None, reference: str | None = None, max_panels: int = 9
) -> Figure:
    """Share of athletes beyond clinical thresholds over time, per arm (line: mean over
    replicates; band: min-max across replicates), for the thresholds that differ most between
    arms (at most ``max_panels``). Input: ``prevalence_over_time`` frame."""
    frame = _with_arm(prevalence)
    if frame.empty:
        return empty_figure("no deficiency thresholds recorded")
    variables = informative_prevalence(frame, max_panels)
    if not variables:
        return empty_figure("no athlete crossed any clinical threshold")
    arm_order = _arms(frame, arms)
    palette = arm_palette(arm_order, reference)
    with theme():
        figure, axes = grid(len(variables))
        for axis, variable in zip(axes, variables, strict=True):
            rows = frame[frame.variable == variable]
            summary = rows.groupby(["arm", "day"], observed=True)["value"].agg(["mean", "min", "max"]).reset_index()
            for arm in arm_order:
                series = summary[summary.arm == arm].sort_values("day")
                if series.empty:
                    continue
                weeks = series.day.to_numpy() / 7.0
                axis.fill_between(weeks, 100 * series["min"], 100 * series["max"], color=palette[arm], alpha=0.18, linewidth=0)
                axis.plot(weeks, 100 * series["mean"], color=palette[arm], label=arm, linewidth=1.8)
            axis.set_xlabel("week")
            axis.set_ylabel("prevalence (% of athletes)")
            axis.set_title(label(variable))
            axis.set_ylim(bottom=0)
        replicated = "replicate" in frame.columns and frame.replicate.nunique() > 1
        arm_legend(figure, axes[0], "arm\n(band: min-max\nof replicates)" if replicated else "arm")
    return figure


def endpoint_distributions(
    athletes: pd.DataFrame,
    outcomes: Sequence[str],
    *,
    arms: Sequence[str] | None = None,
    reference: str | None = None,
) -> Figure:
    """Distribution across athletes (all replicates) of each outcome's change from baseline to
    the end of the run, per arm: violins with quartile lines."""
    frame = _with_arm(athletes)
    outcomes = [o for o in outcomes if f"{o}_change" in frame.columns]
    if not outcomes:
        return empty_figure("no end-point outcomes recorded")
    arm_order = _arms(frame, arms)
    palette = arm_palette(arm_order, reference)
    with theme():
        figure, axes = grid(len(outcomes))
        for axis, outcome in zip(axes, outcomes, strict=True):
            data = pd.DataFrame({"arm": frame.arm.astype(str).to_numpy(), "change": frame[f"{outcome}_change"].to_numpy(dtype=np.float64)})
            sns.violinplot(
                data=data, x="arm", y="change", hue="arm", order=arm_order, hue_order=arm_order, palette=palette,
                inner="quart", cut=0, density_norm="width", linewidth=0.8, legend=False, ax=axis,
            )
            axis.axhline(0.0, color="black", linewidth=0.6)
            axis.set_xlabel("")
            axis.set_ylabel(f"change in {label(outcome)}")
            axis.set_title(name(outcome))
            axis.tick_params(axis="x", labelrotation=20)
    return figure
