"""Figures of a blocked run's aggregates (``cohort_daily`` per sex x training status, and
``histograms``): group time courses, prevalence per group, and histograms at chosen steps.

The inputs are the tidy frames :mod:`cohort.blocks` writes; nothing here simulates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from cohort.labels import label, name
from cohort.plots.style import REFERENCE_COLOUR, empty_figure, grid, theme

#: sexes and training statuses in display order, and how groups are drawn
SEX_ORDER = ("female", "male")
STATUS_ORDER = ("untrained", "trained", "elite")
SEX_STYLE = {"female": "-", "male": "--"}


def sex_colours() -> dict[str, tuple[float, float, float]]:
    colours = sns.color_palette("colorblind", 2)
    return {"female": colours[0], "male": colours[1]}


def status_colours() -> dict[str, tuple[float, float, float]]:
    colours = sns.color_palette("colorblind", 5)
    return {"untrained": colours[2], "trained": colours[3], "elite": colours[4]}


def quantile_pair(statistics: Sequence[str]) -> tuple[str, str] | None:
    """The outermost recorded quantile columns (``("q10", "q90")``), or None without two."""
    quantiles = sorted((s for s in statistics if s.startswith("q") and s[1:].isdigit()), key=lambda s: int(s[1:]))
    return (quantiles[0], quantiles[-1]) if len(quantiles) >= 2 else None


def mean_band(axis: Axes, series: pd.DataFrame, pair: tuple[str, str] | None, colour: Any, name: str) -> None:
    """One series over weeks (``series``: index day, columns statistics): the mean as a line
    labelled ``name``, a band mean +- SD, the quantile ``pair`` as dotted lines."""
    weeks = series.index.to_numpy() / 7.0
    mean, sd = series["mean"].to_numpy(), series["sd"].to_numpy()
    axis.fill_between(weeks, mean - sd, mean + sd, color=colour, alpha=0.15, linewidth=0)
    if pair is not None:
        for edge in pair:
            axis.plot(weeks, series[edge].to_numpy(), color=colour, linewidth=0.8, linestyle=":")
    axis.plot(weeks, mean, color=colour, linewidth=1.8, label=name)


def group_trajectories(cohort_daily: pd.DataFrame, variables: Sequence[str]) -> Figure:
    """Mean over time per sex (colour) in one column per training status, one row per variable:
    shaded band mean +- SD, dotted lines the outermost recorded quantiles (e.g. 10th-90th
    percentile, read from the merged histograms). Rows share their y axis."""
    daily = cohort_daily[cohort_daily.sex.isin(SEX_ORDER) & cohort_daily.variable.isin(variables)]
    variables = [v for v in variables if v in set(daily.variable)]
    if not variables:
        return empty_figure("no recorded time courses for the chosen variables")
    pair = quantile_pair(list(pd.unique(daily.statistic)))
    colours = sex_colours()
    with theme():
        figure = Figure(figsize=(4.2 * len(STATUS_ORDER), 2.9 * len(variables)), layout="constrained")
        axes = figure.subplots(len(variables), len(STATUS_ORDER), squeeze=False, sharey="row", sharex=True)
        for row, variable in enumerate(variables):
            table = daily[daily.variable == variable].pivot_table(
                index=["sex", "training_status", "day"], columns="statistic", values="value", observed=True)
            for column, status in enumerate(STATUS_ORDER):
                axis = axes[row, column]
                for sex in SEX_ORDER:
                    if (sex, status) not in table.index.droplevel("day"):
                        continue
                    series = table.loc[(sex, status)].sort_index()
                    if series["n"].iloc[0] == 0:
                        continue
                    mean_band(axis, series, pair, colours[sex], f"{sex} (n = {int(series['n'].iloc[0]):,})")
                if row == 0:
                    axis.set_title(status, fontweight="bold")
                if row == len(variables) - 1:
                    axis.set_xlabel("week")
                axis.set_ylabel(label(variable) if column == 0 else "")
                if axis.get_legend_handles_labels()[0]:
                    axis.legend(fontsize="x-small", loc="best")
        ribbon = f"dotted: {pair[0][1:]}th-{pair[1][1:]}th percentile" if pair else "no quantiles recorded"
        figure.suptitle(f"Mean per sex and training status (band: mean ± SD; {ribbon})", fontsize="medium")
    return figure


def informative_thresholds(cohort_daily: pd.DataFrame, max_panels: int) -> list[str]:
    """Thresholds worth a panel: crossed by some group at some step, the most prevalent
    (highest whole-cohort prevalence at any step) first."""
    frame = cohort_daily[cohort_daily.statistic == "prevalence"]
    if frame.empty:
        return []
    crossed = frame.groupby("variable", observed=True)["value"].max()
    whole = frame[frame.sex == "all"].groupby("variable", observed=True)["value"].max().reindex(crossed.index).fillna(0.0)
    table = pd.DataFrame({"crossed": crossed, "whole": whole}).fillna(0.0)
    table = table[table.crossed > 0].sort_values(["whole", "crossed"], ascending=False)
    return list(table.index[:max_panels])


def group_prevalence(cohort_daily: pd.DataFrame, *, max_panels: int = 9) -> Figure:
    """Share of athletes beyond each clinical threshold over time: whole cohort (grey, thick),
    and per group (colour: training status; line style: sex). One panel per threshold, the
    most prevalent first (at most ``max_panels``; never-crossed thresholds are left out)."""
    thresholds = informative_thresholds(cohort_daily, max_panels)
    if not thresholds:
        return empty_figure("no athlete crossed any clinical threshold")
    frame = cohort_daily[(cohort_daily.statistic == "prevalence") & cohort_daily.variable.isin(thresholds)]
    colours = status_colours()
    with theme():
        figure, axes = grid(len(thresholds))
        for axis, threshold in zip(axes, thresholds, strict=True):
            rows = frame[frame.variable == threshold]
            for sex in SEX_ORDER:
                for status in STATUS_ORDER:
                    series = rows[(rows.sex == sex) & (rows.training_status == status)].sort_values("day")
                    if series.empty or series.value.isna().all():
                        continue
                    axis.plot(series.day / 7.0, 100 * series.value, color=colours[status], linestyle=SEX_STYLE[sex],
                              linewidth=1.2, label=f"{sex}, {status}")
            whole = rows[rows.sex == "all"].sort_values("day")
            axis.plot(whole.day / 7.0, 100 * whole.value, color=REFERENCE_COLOUR, linewidth=2.6, alpha=0.8, label="whole cohort")
            axis.set_xlabel("week")
            axis.set_ylabel("prevalence (% of athletes)")
            axis.set_title(label(threshold))
            axis.set_ylim(bottom=0)
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, title="group", loc="outside right upper", fontsize="small", title_fontsize="small")
    return figure


def chosen_days(days: Sequence[int], requested: Sequence[int] | None = None) -> list[int]:
    """Recording days to draw histograms at: ``requested`` (each must be recorded), else the
    first, middle and last recorded day. ValueError names a day that was not recorded."""
    recorded = sorted(int(d) for d in days)
    if requested:
        missing = [d for d in requested if d not in recorded]
        if missing:
            raise ValueError(f"day(s) {', '.join(map(str, missing))} not recorded; recorded days: {', '.join(map(str, recorded))}")
        return sorted(set(requested))
    return sorted({recorded[0], recorded[len(recorded) // 2], recorded[-1]})


#: share of athletes (all chosen days pooled) left outside a histogram's x axis on each side
TAIL_SHARE = 0.001


def shown_range(rows: pd.DataFrame) -> tuple[float, float]:
    """The x range of a histogram panel: the bins holding the pooled counts' 0.1st to 99.9th
    percentile (the bins span block 0's range widened by half of it, and a few extreme athletes
    would otherwise squeeze the distribution into a few bins' width)."""
    inside = rows[np.isfinite(rows.low) & np.isfinite(rows.high)]
    pooled = inside.groupby(["bin", "low", "high"], observed=True)["count"].sum().reset_index().sort_values("bin")
    cumulative = pooled["count"].cumsum().to_numpy() / max(int(pooled["count"].sum()), 1)
    first = int(np.searchsorted(cumulative, TAIL_SHARE, side="right"))
    last = int(np.searchsorted(cumulative, 1.0 - TAIL_SHARE, side="left"))
    last = min(max(last, first), len(pooled) - 1)
    return float(pooled.low.iloc[first]), float(pooled.high.iloc[last])


def histogram_panels(histograms: pd.DataFrame, variables: Sequence[str], days: Sequence[int]) -> Figure:
    """Distribution of each variable across the whole cohort (all groups summed) at ``days``:
    share of athletes per bin (as a step line per day, darker = later), x axis from the 0.1st to
    the 99.9th percentile of the pooled days. Athletes outside the bins' range (underflow and
    overflow bins) are counted in the legend."""
    frame = histograms[histograms.variable.isin(variables) & histograms.day.isin(days)]
    variables = [v for v in variables if v in set(frame.variable)]
    if not variables:
        return empty_figure("no histograms for the chosen variables and days")
    counts = frame.groupby(["variable", "day", "bin", "low", "high"], observed=True)["count"].sum().reset_index()
    shades = sns.color_palette("viridis_r", len(days) + 1)[1:]
    with theme():
        figure, axes = grid(len(variables))
        for axis, variable in zip(axes, variables, strict=True):
            rows = counts[counts.variable == variable]
            for shade, day in zip(shades, sorted(days), strict=True):
                one = rows[rows.day == day].sort_values("bin")
                total = one["count"].sum()
                inside = one[np.isfinite(one.low) & np.isfinite(one.high)]
                if total == 0 or inside.empty:
                    continue
                outside = int(total - inside["count"].sum())
                edges = np.append(inside.low.to_numpy(), inside.high.to_numpy()[-1])
                share = 100 * inside["count"].to_numpy() / total
                note = f" ({outside:,} outside)" if outside else ""
                axis.stairs(share, edges, color=shade, linewidth=1.4, label=f"week {day / 7:g}{note}")
            axis.set_xlim(*shown_range(rows))
            axis.set_xlabel(label(variable))
            axis.set_ylabel("% of athletes per bin")
            axis.set_title(name(variable))
            axis.legend(fontsize="x-small", loc="best")
    return figure


def arm_differences(differences: pd.DataFrame, variables: Sequence[str], reference: str) -> Figure:
    """Paired difference arm - reference over time, whole cohort, one panel per variable, one
    colour per arm: mean of the per-athlete differences, band mean +- SD of the differences,
    dotted the outermost recorded quantiles of the differences."""
    from cohort.plots.style import arm_palette

    frame = differences[(differences.sex == "all") & differences.variable.isin(variables) & (differences.statistic != "prevalence")]
    variables = [v for v in variables if v in set(frame.variable)]
    if not variables:
        return empty_figure("no paired differences (a single arm)")
    arms = [str(a) for a in pd.unique(frame.arm)]
    palette = arm_palette(arms)
    pair = quantile_pair(list(pd.unique(frame.statistic)))
    with theme():
        figure, axes = grid(len(variables))
        for axis, variable in zip(axes, variables, strict=True):
            table = frame[frame.variable == variable].pivot_table(index=["arm", "day"], columns="statistic", values="value", observed=True)
            for arm in arms:
                mean_band(axis, table.loc[arm].sort_index(), pair, palette[arm], arm)
            axis.axhline(0.0, color="black", linewidth=0.6)
            axis.set_xlabel("week")
            axis.set_ylabel(f"difference in {label(variable)}")
            axis.set_title(name(variable))
        ribbon = f"dotted: {pair[0][1:]}th-{pair[1][1:]}th pct" if pair else "no quantiles"
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, title=f"arm - {reference}\n(band: mean ± SD;\n{ribbon})", loc="outside right upper",
                      fontsize="small", title_fontsize="small")
    return figure
