"""Sweep designs: full factorial, Latin hypercube (scipy.stats.qmc), Sobol/Saltelli and Morris
(SALib samplers). Nothing here is a hand-written sampler.

Every design is drawn in *design space*: a factor with a uniform range is sampled on
``[low, high]``, a loguniform one on ``[ln low, ln high]``, a discrete (``values``) one on
``[0, 1]`` split into equal bins. :class:`Design` keeps that matrix (for the SALib analysers,
which must see the sample they were given) and the config value of every factor at every point.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cohort.experiment.spec import Factor, Sweep


@dataclass(frozen=True)
class Design:
    kind: str  # "none", "grid", "lhs", "sobol", "morris"
    factors: list[str]
    values: list[dict[str, Any]]  # one mapping factor -> config value per point
    matrix: np.ndarray | None = None  # points x factors, design space (not for grid/none)
    problem: dict[str, Any] = field(default_factory=dict)  # SALib problem in design space
    settings: dict[str, Any] = field(default_factory=dict)  # second_order, num_levels, seed, samples

    @property
    def n_points(self) -> int:
        return len(self.values)


def design_bounds(factor: Factor) -> tuple[float, float]:
    if factor.values is not None:
        return 0.0, 1.0
    assert isinstance(factor.range, tuple)
    low, high = factor.range
    if factor.distribution == "loguniform":
        return math.log(low), math.log(high)
    return float(low), float(high)


def to_value(factor: Factor, x: float) -> Any:
    """The config value of a factor at design-space coordinate ``x``."""
    if factor.values is not None:
        index = min(int(x * len(factor.values)), len(factor.values) - 1)
        return factor.values[max(index, 0)]
    value = math.exp(x) if factor.distribution == "loguniform" else float(x)
    assert isinstance(factor.range, tuple)
    value = min(max(value, factor.range[0]), factor.range[1])  # exp/log round-off only
    return int(round(value)) if factor.integer else value


def salib_problem(factors: dict[str, Factor]) -> dict[str, Any]:
    return {
        "num_vars": len(factors),
        "names": list(factors),
        "bounds": [list(design_bounds(f)) for f in factors.values()],
    }


def grid_levels(factor: Factor) -> list[Any]:
    if factor.values is not None:
        return list(factor.values)
    assert factor.levels is not None
    low, high = design_bounds(factor)
    return [to_value(factor, x) for x in np.linspace(low, high, factor.levels)]


def make_design(sweep: Sweep | None, factors: dict[str, Factor]) -> Design:
    """The points of a sweep (one point with no factors when there is no sweep)."""
    if sweep is None or not factors:
        return Design("none", [], [{}])
    names = list(factors)
    settings = {"samples": sweep.samples, "seed": sweep.seed, "second_order": sweep.second_order, "num_levels": sweep.num_levels}
    problem = salib_problem(factors)
    if sweep.design == "grid":
        levels = [grid_levels(factors[name]) for name in names]
        values = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*levels)]
        return Design("grid", names, values, None, problem, settings)
    assert sweep.samples is not None
    if sweep.design == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(names), seed=np.random.default_rng(sweep.seed)).random(sweep.samples)
        bounds = np.array(problem["bounds"], dtype=float)
        matrix = bounds[:, 0] + unit * (bounds[:, 1] - bounds[:, 0])
    elif sweep.design == "sobol":
        from SALib.sample import sobol

        matrix = sobol.sample(problem, sweep.samples, calc_second_order=sweep.second_order, seed=sweep.seed)
    else:
        from SALib.sample import morris

        matrix = morris.sample(problem, sweep.samples, num_levels=sweep.num_levels, seed=sweep.seed)
    values = [
        {name: to_value(factors[name], float(x)) for name, x in zip(names, row, strict=True)} for row in matrix
    ]
    return Design(sweep.design, names, values, np.asarray(matrix, dtype=float), problem, settings)
