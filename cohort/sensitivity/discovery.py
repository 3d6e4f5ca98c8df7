"""Scenario discovery: which factor ranges give the best outcomes (PRIM-style box peeling).

Patient Rule Induction Method (Friedman & Fisher 1999), peeling only: starting from the box
holding every point, repeatedly remove the ``alpha`` share of points from one end of one
factor (the cut that raises the share of "good" points in the box the most), until the box
holds fewer than ``min_mass`` of the points. Each step is recorded (coverage: share of all
good points inside; density: share of points inside that are good); the box reported is the
densest one whose coverage is at least ``min_coverage``. Numeric factors only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Box:
    limits: pd.DataFrame  # factor, low, high, restricted
    trajectory: pd.DataFrame  # step, coverage, density, mass
    coverage: float
    density: float
    mass: float
    threshold: float  # outcome value defining "good"

    def restricted(self) -> list[str]:
        return self.limits.loc[self.limits.restricted, "factor"].tolist()


def peel(x: pd.DataFrame, good: np.ndarray, *, alpha: float = 0.05, min_mass: float = 0.05,
         min_coverage: float = 0.5, threshold: float = float("nan")) -> Box:
    """Greedy PRIM peeling of numeric factors ``x`` towards points where ``good`` is True."""
    numeric = x.select_dtypes(include=[np.number])
    values = numeric.to_numpy(dtype=float)
    good = np.asarray(good, dtype=bool)
    n, total_good = len(good), max(int(good.sum()), 1)
    inside = np.ones(n, dtype=bool)
    low = values.min(axis=0) if n else np.zeros(values.shape[1])
    high = values.max(axis=0) if n else np.zeros(values.shape[1])
    full_low, full_high = low.copy(), high.copy()
    steps = [(inside.copy(), low.copy(), high.copy())]
    while inside.sum() > max(min_mass * n, 1):
        best: tuple[float, int, str, np.ndarray] | None = None
        for j in range(values.shape[1]):
            column = values[inside, j]
            for side in ("low", "high"):
                if side == "low":
                    cut = np.quantile(column, alpha)
                    # remove at least the lowest value even when many points share it
                    keep = inside & ((values[:, j] > cut) if cut == column.min() else (values[:, j] >= cut))
                else:
                    cut = np.quantile(column, 1 - alpha)
                    keep = inside & ((values[:, j] < cut) if cut == column.max() else (values[:, j] <= cut))
                if keep.sum() == inside.sum() or keep.sum() < max(min_mass * n, 1):
                    continue
                density = float(good[keep].mean())
                if best is None or density > best[0]:
                    best = (density, j, side, keep)
        if best is None:
            break
        _, j, side, inside = best
        if side == "low":
            low[j] = values[inside, j].min()
        else:
            high[j] = values[inside, j].max()
        steps.append((inside.copy(), low.copy(), high.copy()))
    rows = []
    for step, (mask, _, _) in enumerate(steps):
        rows.append({"step": step, "coverage": good[mask].sum() / total_good, "density": good[mask].mean() if mask.any() else 0.0,
                     "mass": mask.mean()})
    trajectory = pd.DataFrame(rows)
    eligible = trajectory[trajectory.coverage >= min_coverage]
    chosen = int(eligible.sort_values(["density", "step"], ascending=[False, True]).iloc[0].step) if len(eligible) else 0
    _, box_low, box_high = steps[chosen]
    limits = pd.DataFrame({
        "factor": numeric.columns, "low": box_low, "high": box_high,
        "restricted": (box_low > full_low) | (box_high < full_high),
    })
    row = trajectory.iloc[chosen]
    return Box(limits, trajectory, float(row.coverage), float(row.density), float(row["mass"]), threshold)


def best_outcome_box(points: pd.DataFrame, factors: list[str], *, quantile: float = 0.75, higher_is_better: bool = True,
                     **options: float) -> Box:
    """The box of factor values where a point's mean outcome is in its top (1 - quantile)."""
    y = points["mean"].to_numpy(dtype=float)
    threshold = float(np.nanquantile(y, quantile if higher_is_better else 1 - quantile))
    good = y >= threshold if higher_is_better else y <= threshold
    return peel(points[factors], good, threshold=threshold, **options)
