"""Sensitivity figures: pure functions of tidy frames returning matplotlib Figures.

* :func:`index_bars` - Sobol S1/ST (or Morris mu*/sigma, RBD-FAST S1) per factor with CIs.
* :func:`factor_heatmap` - mean outcome over a two-factor grid.
* :func:`dose_response` - mean outcome against one factor with a band (95% CI of the mean
  over points and replicates; binned for continuous designs).
* :func:`discovery_view` - points in the two most restricted factors, the PRIM box drawn,
  and the peeling trajectory (coverage vs density).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

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
        ax.barh(y, rows["value"], height=height, color=palette[kind], label=kind,
                xerr=np.where(np.isfinite(conf), conf, 0.0), error_kw={"elinewidth": 0.8, "capsize": 2})
    ax.set_yticks(np.arange(len(order)), [_short(f) for f in order])
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.6)
    ax.set_xlabel("index (bars: 95% CI)")
    ax.legend(frameon=False, loc="lower right")
    ax.set_title(title)
    sns.despine(ax=ax)
    return fig


def factor_heatmap(points: pd.DataFrame, first: str, second: str, title: str = "") -> Figure:
    """Mean outcome over a grid of two factors (other factors averaged)."""
    import seaborn as sns

    table = points.pivot_table(index=second, columns=first, values="mean", aggfunc="mean")
    fig = Figure(figsize=(6.5, 5), layout="constrained")
    ax = fig.add_subplot()
    sns.heatmap(table, ax=ax, annot=table.size <= 64, fmt=".3g", cmap="viridis", cbar_kws={"label": "mean outcome"})
    ax.invert_yaxis()
    ax.set_xlabel(_short(first))
    ax.set_ylabel(_short(second))
    ax.set_title(title)
    return fig


def dose_response(runs: pd.DataFrame, factor: str, outcome: str, *, by: str | None = None, bins: int = 8,
                  title: str = "") -> Figure:
    """Mean outcome per arm (and per level of ``by``) against one factor, with a 95% CI band."""
    import seaborn as sns

    frame = runs[[factor, "arm", outcome] + ([by] if by else [])].dropna().copy()
    frame["line"] = frame["arm"] if by is None else frame["arm"] + ", " + _short(by) + "=" + frame[by].astype(str)
    x = frame[factor]
    if pd.api.types.is_numeric_dtype(x) and x.nunique() > bins:
        edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
        centres = (edges[:-1] + edges[1:]) / 2
        frame[factor] = centres[np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(centres) - 1)]
    summary = frame.groupby(["line", factor], sort=True)[outcome].agg(["mean", "std", "count"]).reset_index()
    summary["half"] = 1.96 * summary["std"].fillna(0) / np.sqrt(summary["count"].clip(lower=1))
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
    ax.set_xlabel(_short(factor))
    ax.set_ylabel(outcome)
    ax.legend(frameon=False, fontsize="small")
    ax.set_title(title or f"{outcome} against {_short(factor)} (band: 95% CI of the mean)")
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
