"""Solara page on a results directory: arms, sweep points with their factor values, outcomes,
subgroups; for sweeps a response surface over two factors (brushable), parallel coordinates
over all factors and the sweep's sensitivity indices beside them.

Frames come from :class:`cohort.explorer.browse.ResultsBrowser` (lazy Parquet reads);
figures from :mod:`cohort.sensitivity.plots`, :mod:`cohort.plots.time` and
:mod:`cohort.explorer.figures`.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd
import solara

from cohort.explorer.browse import STATISTICS, ResultsBrowser, binned, open_results

VIEWS = ["surface", "parallel", "point"]


def _figure(figure: Any) -> Any:
    return solara.FigureMatplotlib(figure, format="png", dpi=90)


def _short(factor: str) -> str:
    """``mechanism.mg_energy_cost.scale`` -> ``mg_energy_cost.scale``; ``strategy.iron.product.iron.elemental_mg`` -> ``iron.elemental_mg``."""
    parts = factor.split(".")
    return ".".join(parts[-2:])


@solara.component
def ResultsPage(folder: str) -> None:
    browser: ResultsBrowser = solara.use_memo(lambda: open_results(str(folder)), [folder])
    outcomes = browser.outcomes
    outcome, set_outcome = solara.use_state(outcomes[0])
    statistic, set_statistic = solara.use_state("change")
    others = [a for a in browser.arms if a != browser.reference]
    arm, set_arm = solara.use_state(browser.reference)
    paired, set_paired = solara.use_state(False)
    factors = browser.numeric_factors + [f for f in browser.factors if f not in browser.numeric_factors]
    first, set_first = solara.use_state(factors[0] if factors else "")
    second, set_second = solara.use_state(factors[1] if len(factors) > 1 else "")
    view, set_view = solara.use_state(VIEWS[0] if browser.factors else "point")
    point, set_point = solara.use_state(0)
    brush, set_brush = solara.use_state(cast(tuple[float, float] | None, None))

    solara.Title("cohort explore: results")
    solara.Markdown(f"### {browser.name}\n`{browser.folder}`: {len(browser.runs)} runs, {browser.n_points} points, arms "
                    f"{', '.join(browser.arms)} (reference {browser.reference})"
                    + (f"; {browser.sweep.kind} sweep over {len(browser.factors)} factors" if browser.sweep is not None else ""))
    with solara.Row():
        solara.Select("outcome", values=outcomes, value=outcome, on_value=set_outcome, dense=True)
        solara.Select("statistic", values=list(STATISTICS), value=statistic, on_value=set_statistic, dense=True)
        solara.Select("arm", values=browser.arms, value=arm, on_value=set_arm, dense=True)
        if others:
            solara.Switch(label=f"paired: arm - {browser.reference}", value=paired and arm != browser.reference, on_value=set_paired)
        solara.ToggleButtonsSingle(value=view, values=VIEWS if browser.factors else ["point"], on_value=set_view)
    use_pair = paired and arm != browser.reference
    points = browser.points(outcome, arm, paired=use_pair, statistic=statistic)
    contrast = f"{arm} - {browser.reference}" if use_pair else arm

    if view == "point" or not browser.factors:
        _PointView(browser, outcome, statistic, arm, point, set_point, contrast, points)
        return
    with solara.Row():
        solara.Select("x factor", values=factors, value=first, on_value=set_first, dense=True)
        solara.Select("y factor", values=factors, value=second, on_value=set_second, dense=True)
    if first not in points.columns or second not in points.columns or first == second:
        solara.Warning("a response surface needs two different factors")
        return
    if first in browser.numeric_factors:
        low, high = float(points[first].min()), float(points[first].max())
        window = brush if brush is not None and low <= brush[0] <= brush[1] <= high else (low, high)
        solara.SliderRangeFloat(f"brush {_short(first)}", value=window, min=low, max=high, step=(high - low) / 50 or 1.0, on_value=set_brush)
        chosen = points[first].between(*window)
    else:
        window, chosen = (float("nan"), float("nan")), pd.Series(True, index=points.index)
    mean_all = float(points["mean"].mean())
    mean_brushed = float(points.loc[chosen, "mean"].mean()) if chosen.any() else float("nan")
    solara.Text(
        f"{len(points)} points | {outcome} {statistic} ({contrast}) | mean over points {mean_all:.6g} | "
        f"brushed {int(chosen.sum())} points with {_short(first)} in [{window[0]:.3g}, {window[1]:.3g}], mean {mean_brushed:.6g}",
        classes=["cohort-readout"],
    )
    from cohort.sensitivity.plots import contrast_label, factor_heatmap, index_bars

    indices = browser.indices(outcome, arm, paired=use_pair, statistic=statistic)
    with solara.Columns([3, 2]):
        if view == "surface":
            shown = points[chosen].assign(**{first: binned(points[chosen], first), second: binned(points[chosen], second)})
            _figure(factor_heatmap(shown, first, second, title=f"{outcome} ({contrast}), other factors averaged",
                                   value_label=contrast_label(outcome, contrast, statistic)))
        else:
            from cohort.explorer.figures import parallel_coordinates

            brushed = chosen if not chosen.all() else None  # a brush over everything highlights nothing
            _figure(parallel_coordinates(points.rename(columns={"mean": outcome}), browser.factors, outcome, highlight=brushed))
        _figure(index_bars(indices, title=f"{indices['method'].iloc[0] if len(indices) else ''} indices: {outcome}"))


@solara.component
def _PointView(browser: ResultsBrowser, outcome: str, statistic: str, arm: str, point: int, set_point: Any, contrast: str,
               points: pd.DataFrame) -> None:
    """One sweep point (or the whole run/experiment without a sweep): factor values, arm means,
    trajectories and subgroups."""
    from cohort.plots.time import trajectories

    if browser.n_points > 1:
        solara.InputInt(f"point (0-{browser.n_points - 1})", value=point,
                        on_value=lambda p: set_point(int(np.clip(p or 0, 0, browser.n_points - 1))))
        factors = browser.point_factors(point)
        solara.Markdown("factors: " + ", ".join(f"`{_short(k)}` = {v:.4g}" if isinstance(v, float) else f"`{_short(k)}` = {v}"
                                                for k, v in factors.items()))
    row = points[points.point == point]
    value = float(row["mean"].iloc[0]) if len(row) else float("nan")
    solara.Text(f"point {point} | {outcome} {statistic} ({contrast}) = {value:.6g}", classes=["cohort-readout"])
    with solara.Columns([3, 2]):
        with solara.Column():
            daily = browser.daily_at(point)
            _figure(trajectories(daily, [outcome], reference=browser.reference))
        with solara.Column():
            solara.Markdown("**arms at this point** (cohort mean per run, over replicates)")
            solara.DataFrame(browser.arm_table(outcome, point, statistic), items_per_page=10)
            solara.Markdown(f"**subgroups** ({arm})")
            solara.DataFrame(browser.subgroups(outcome, point, arm, statistic), items_per_page=12)
