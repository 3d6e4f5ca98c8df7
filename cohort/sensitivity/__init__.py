"""Sensitivity analysis of sweeps: Sobol / Morris / RBD-FAST indices via SALib analysers, the
share of variance due to stochastic noise, scenario discovery, and figures.

>>> from cohort.sensitivity import analyze_sensitivity, write_sensitivity
>>> result = analyze_sensitivity("results/sweep", ["strength_1rm_kg"])   # doctest: +SKIP
>>> write_sensitivity("results/sweep", result)                          # doctest: +SKIP
"""

from __future__ import annotations

import logging
from pathlib import Path

from cohort.sensitivity.indices import SensitivityResult, analyze_sensitivity

__all__ = ["SensitivityResult", "analyze_sensitivity", "write_sensitivity"]

log = logging.getLogger(__name__)


def write_sensitivity(out: str | Path, result: SensitivityResult, folder: str | Path | None = None,
                      formats: tuple[str, ...] = ("png", "svg")) -> Path:
    """Write tables (CSV + Parquet) and figures into ``out/sensitivity`` (or ``folder``)."""
    from matplotlib.figure import Figure

    from cohort.outputs import write_parquet
    from cohort.sensitivity import plots
    from cohort.sensitivity.discovery import best_outcome_box
    from cohort.sensitivity.indices import load_results

    results = load_results(out)
    target = Path(folder) if folder else Path(out) / "sensitivity"
    figures = target / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    for name, frame in (("indices", result.indices), ("noise", result.noise), ("points", result.points)):
        write_parquet(frame, target / f"{name}.parquet")
        frame.to_csv(target / f"{name}.csv", index=False)

    def save(fig: Figure, stem: str) -> None:
        for fmt in formats:
            fig.savefig(figures / f"{stem}.{fmt}", dpi=150)

    numeric = [f for f in results.factors if f in result.points and result.points[f].dtype.kind in "fiub"]
    boxes = []
    from cohort.labels import label

    for (outcome, contrast), indices in result.indices.groupby(["outcome", "contrast"], sort=False):
        stem = f"{outcome}__{contrast.replace(' ', '')}"
        value_label = plots.contrast_label(outcome, contrast, result.statistic)
        save(plots.index_bars(indices, f"{label(outcome)} ({contrast}): {indices['method'].iloc[0]} indices"), f"indices_{stem}")
        points = result.points[(result.points.outcome == outcome) & (result.points.contrast == contrast)]
        if results.kind == "grid" and len(results.factors) == 2:
            first, second = results.factors
            save(plots.factor_heatmap(points, first, second, title=f"{label(outcome)} ({contrast})", value_label=value_label), f"heatmap_{stem}")
        main = indices.sort_values("value", ascending=False)["factor"].iloc[0]
        others = [f for f in results.factors if f != main and points[f].nunique() <= 6]
        by = others[0] if results.kind == "grid" and others else None
        save(plots.dose_response(points, main, value_label, by=by), f"dose_response_{stem}")
        if len(numeric) >= 1 and len(points) >= 8:
            box = best_outcome_box(points, numeric)
            save(plots.discovery_view(points, box, f"{label(outcome)} ({contrast}): factor ranges with the best outcomes"),
                 f"discovery_{stem}")
            boxes.append(box.limits.assign(outcome=outcome, contrast=contrast, coverage=box.coverage,
                                           density=box.density, threshold=box.threshold))
    if boxes:
        import pandas as pd

        frame = pd.concat(boxes, ignore_index=True)
        frame.to_csv(target / "discovery_boxes.csv", index=False)
    log.info("sensitivity results written to %s", target)
    return target
