"""Sweep designs come from scipy.qmc / SALib and map design space to config values."""

from __future__ import annotations

import math

import numpy as np

from cohort.experiment.designs import make_design
from cohort.experiment.spec import Sweep


def sweep(design: str, samples: int | None = None, **factors: dict) -> Sweep:
    return Sweep.model_validate({"design": design, "samples": samples, "factors": factors})


def test_grid_is_the_full_factorial_in_order() -> None:
    design = make_design(*_args(sweep("grid", a={"values": [1, 2]}, b={"range": [0, 1], "levels": 3})))
    assert design.n_points == 6
    assert design.values[0] == {"a": 1, "b": 0.0} and design.values[-1] == {"a": 2, "b": 1.0}


def test_lhs_has_one_point_per_stratum_of_every_factor() -> None:
    design = make_design(*_args(sweep("lhs", 10, a={"range": [0, 10]}, b={"range": [1, 100], "distribution": "loguniform"})))
    a = np.array([v["a"] for v in design.values])
    b = np.log10([v["b"] for v in design.values])
    assert sorted(np.floor(a).astype(int)) == list(range(10))
    assert sorted(np.floor(b / 0.2).astype(int)) == list(range(10))  # strata in log space


def test_sobol_and_morris_shapes_follow_salib() -> None:
    factors = {"a": {"range": [0, 1]}, "b": {"range": [0, 2]}, "c": {"values": ["x", "y"]}}
    sobol = make_design(*_args(sweep("sobol", 8, **factors)))
    assert sobol.matrix is not None and sobol.matrix.shape == (8 * (3 + 2), 3)
    assert {v["c"] for v in sobol.values} <= {"x", "y"}
    morris = make_design(*_args(sweep("morris", 5, **factors)))
    assert morris.n_points == 5 * (3 + 1)


def test_integer_factors_are_rounded_and_designs_are_seeded() -> None:
    spec = sweep("lhs", 6, n={"range": [10, 20], "integer": True})
    first, second = make_design(*_args(spec)), make_design(*_args(spec))
    assert first.values == second.values
    assert all(isinstance(v["n"], int) and 10 <= v["n"] <= 20 for v in first.values)


def test_sobol_extension_keeps_the_smaller_design_as_a_prefix() -> None:
    factors = {"a": {"range": [0, 1]}, "b": {"range": [0, 1]}}
    small = make_design(*_args(sweep("sobol", 4, **factors)))
    large = make_design(*_args(sweep("sobol", 8, **factors)))
    assert large.values[: small.n_points] == small.values
    assert not math.isnan(large.values[-1]["a"])


def _args(spec: Sweep) -> tuple:
    return spec, dict(spec.factors)
