"""Sensitivity figures: pure functions of tidy frames returning matplotlib Figures.

* :func:`index_bars` - Sobol S1/ST (or Morris mu*/sigma, RBD-FAST S1) per factor with CIs.
* :func:`factor_heatmap` - mean outcome over a two-factor grid.
* :func:`dose_response` - the analysed contrast (paired arm - reference, or one arm's mean)
  against one factor, one line per level of a second factor, with a band (95% CI of the mean
  over replicates; binned for continuous designs). The reference arm has no factor to vary,
  so it is not drawn as lines of its own.
* :func:`discovery_view` - points in the two most restricted factors, the PRIM box drawn,
  and the peeling trajectory (coverage vs density).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cohort.labels import label
from cohort.sensitivity.discovery import Box


def _short(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else name


def index_bars(indices: pd.DataFrame, title: str = "", top: int = 30) -> Figure:
    """Horizontal bars of one outcome's indices for the ``top`` factors by their main index."""
    import seaborn as sns

    kinds = [k for k in ("ST", "S1", "mu_star", "sigma") if k in set(indices["index"])]
    frame = indices[indices["index"].isin(kinds)].copy()
    main = "ST" if "ST" in kinds else kinds[0]
    order = frame[frame["index"] == main].sort_values("value", ascending=False)["factor"].tolist()
    if len(order) > top:
        title = f"{title} (top {top} of {len(order)})"
        order = order[:top]
        frame = frame[frame["factor"].isin(order)]
    frame["label"] = frame["factor"].map(_short)
    fig = Figure(figsize=(7, 0.45 * len(order) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    palette = dict(zip(kinds, sns.color_palette("deep", len(kinds)), strict=True))
    height = 0.8 / len(kinds)
    for k, kind in enumerate(kinds):
        rows = frame[frame["index"] == kind].set_index("factor").reindex(order)
        y = np.arange(len(order)) + (k - (len(kinds) - 1) / 2) * height
        conf = rows["conf"].to_numpy(dtype=float)
        error = np.where(np.isfinite(conf), conf, 0.0) if np.isfinite(conf).any() else None
        ax.barh(y, rows["value"], height=height, color=palette[kind], label=kind, xerr=error,
                error_kw={"elinewidth": 0.8, "capsize": 2})
    ax.set_yticks(np.arange(len(order)), [_short(f) for f in order])
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.6)
    has_conf = bool(np.isfinite(frame["conf"].to_numpy(dtype=float)).any())
    method = str(indices["method"].iloc[0]) if "method" in indices.columns and len(indices) else ""
    note = "error bars: 95% CI" if has_conf else (
        "no confidence intervals: variance shares of a full grid" if method == "grid_variance" else "no confidence intervals")
    ax.set_xlabel(f"index ({note})")
    ax.legend(frameon=False, loc="lower right")
    ax.set_title(title)
    sns.despine(ax=ax)
    return fig


def factor_heatmap(points: pd.DataFrame, first: str, second: str, title: str = "", value_label: str = "mean outcome") -> Figure:
    """Mean outcome over a grid of two factors (other factors averaged); ``value_label`` names
    the colour scale (the outcome and its unit)."""
    import seaborn as sns

    table = points.pivot_table(index=second, columns=first, values="mean", aggfunc="mean")
    fig = Figure(figsize=(6.5, 5), layout="constrained")
    ax = fig.add_subplot()
    sns.heatmap(table, ax=ax, annot=table.size <= 64, fmt=".3g", cmap="viridis", cbar_kws={"label": value_label})
    ax.invert_yaxis()
    ax.set_xlabel(_short(first))
    ax.set_ylabel(_short(second))
    ax.set_title(title)
    return fig


def contrast_label(outcome: str, contrast: str, statistic: str = "change") -> str:
    """Axis label of a sweep's analysed value: ``"iron - control: change in ferritin (µg/L)"``."""
    what = f"change in {label(outcome)}" if statistic == "change" else f"{statistic} {label(outcome)}"
    return f"{contrast}: {what}" if contrast else what


def dose_response(points: pd.DataFrame, factor: str, value_label: str, *, by: str | None = None, bins: int = 8,
                  title: str = "") -> Figure:
    """Mean of the analysed value per sweep point against one factor, with a 95% CI band.

    ``points`` is :attr:`SensitivityResult.points` of one outcome and contrast (columns
    ``mean``, ``var``, ``n`` per point and the factor values). Points sharing a factor value
    (and a level of ``by``) are pooled; a continuous factor is binned into ``bins`` quantile
    bins. The band is 1.96 x the standard error over replicates.
    """
    import seaborn as sns

    frame = points[[factor, "mean", "var", "n"] + ([by] if by else [])].dropna(subset=[factor, "mean"]).copy()
    frame["line"] = "all points" if by is None else _short(by) + " = " + frame[by].astype(str)
    x = frame[factor]
    if pd.api.types.is_numeric_dtype(x) and x.nunique() > bins:
        edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
        centres = (edges[:-1] + edges[1:]) / 2
        frame[factor] = centres[np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(centres) - 1)]
    frame["weighted_var"] = frame["var"].fillna(0.0) / frame["n"].clip(lower=1)
    summary = frame.groupby(["line", factor], sort=True).agg(mean=("mean", "mean"), var_sum=("weighted_var", "sum"), k=("mean", "size")).reset_index()
    summary["half"] = 1.96 * np.sqrt(summary["var_sum"]) / summary["k"]
    fig = Figure(figsize=(7, 4.4), layout="constrained")
    ax = fig.add_subplot()
    palette = sns.color_palette("deep", summary["line"].nunique())
    numeric = pd.api.types.is_numeric_dtype(summary[factor])
    for colour, (line, group) in zip(palette, summary.groupby("line", sort=False), strict=True):
        xs = group[factor] if numeric else np.arange(len(group))
        ax.plot(xs, group["mean"], marker="o", color=colour, label=line)
        ax.fill_between(xs, group["mean"] - group["half"], group["mean"] + group["half"], color=colour, alpha=0.2, linewidth=0)
        if not numeric:
            ax.set_xticks(np.arange(len(group)), group[factor].astype(str))
    ax.axhline(0.0, color="0.3", linewidth=0.6)
    ax.set_xlabel(_short(factor))
    ax.set_ylabel(value_label)
    if by is not None:
        ax.legend(frameon=False, fontsize="small")
    ax.set_title(title or f"against {_short(factor)} (band: 95% CI of the mean over replicates)", fontsize="medium")
    sns.despine(ax=ax)
    return fig


def discovery_view(points: pd.DataFrame, box: Box, title: str = "") -> Figure:
    """The two most restricted factors with the PRIM box, and the peeling trajectory."""
    from matplotlib.patches import Rectangle

    limits = box.limits.set_index("factor")
    ranked = limits["restricted"].astype(int).sort_values(ascending=False, kind="stable").index.tolist()
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
    good = (points["mean"] >= box.threshold).to_numpy()
    colours = np.where(good, "tab:green", "0.7")
    first = ranked[0]
    pad = {name: 0.02 * (float(points[name].max() - points[name].min()) or 1.0) for name in ranked[:2]}
    low = {name: float(limits.loc[name, "low"]) - pad[name] for name in ranked[:2]}
    high = {name: float(limits.loc[name, "high"]) + pad[name] for name in ranked[:2]}
    if len(ranked) >= 2:
        second = ranked[1]
        left.scatter(points[first], points[second], c=colours, s=18, edgecolor="none")
        left.add_patch(Rectangle((low[first], low[second]), high[first] - low[first], high[second] - low[second],
                                 fill=False, edgecolor="tab:red", linewidth=1.5))
        left.set_ylabel(_short(second))
    else:  # one numeric factor: outcome against it, the box as a band
        left.scatter(points[first], points["mean"], c=colours, s=18, edgecolor="none")
        left.axvspan(low[first], high[first], color="tab:red", alpha=0.12, linewidth=0)
        left.set_ylabel("mean outcome")
    left.set_xlabel(_short(first))
    left.set_title(f"best outcomes (green, >= {box.threshold:.3g}) and the box")
    right.plot(box.trajectory["coverage"], box.trajectory["density"], marker=".", color="0.3")
    right.scatter([box.coverage], [box.density], color="tab:red", zorder=3, label="chosen box")
    right.set_xlabel("coverage")
    right.set_ylabel("density")
    right.legend(frameon=False)
    right.set_title("peeling trajectory")
    fig.suptitle(title)
    return fig
