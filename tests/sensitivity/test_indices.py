"""Known answers for the analysers: Ishigami (Sobol), a linear function (Morris), noise share,
PRIM peeling."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cohort.experiment.designs import make_design
from cohort.experiment.spec import Sweep
from cohort.sensitivity.discovery import peel
from cohort.sensitivity.indices import grid_main_effects, morris_indices, noise_share, sobol_indices


def ishigami_reference(a: float = 7.0, b: float = 0.1) -> tuple[list[float], list[float]]:
    """Analytical indices (Ishigami & Homma 1990; Sobol' & Levitan 1999): S1 ~ 0.314, 0.442, 0
    and ST ~ 0.558, 0.442, 0.244."""
    pi4, pi8 = math.pi**4, math.pi**8
    v1 = 0.5 * (1 + b * pi4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi8 * 8 / 225
    total = v1 + v2 + v13
    return [v1 / total, v2 / total, 0.0], [(v1 + v13) / total, v2 / total, v13 / total]


def test_analytical_reference_values() -> None:
    s1, st = ishigami_reference()
    assert np.allclose(s1, [0.314, 0.442, 0.0], atol=0.001)
    assert np.allclose(st, [0.558, 0.442, 0.244], atol=0.001)


def test_sobol_indices_of_ishigami_match_reference_within_ci() -> None:
    from SALib.test_functions import Ishigami

    factors = {f"x{i}": {"range": [-math.pi, math.pi]} for i in (1, 2, 3)}
    sweep = Sweep.model_validate({"design": "sobol", "samples": 1024, "factors": factors, "seed": 1})
    design = make_design(sweep, dict(sweep.factors))
    assert design.matrix is not None
    y = Ishigami.evaluate(design.matrix)
    table = sobol_indices(design.problem, y, seed=1).set_index(["factor", "index"])
    s1, st = ishigami_reference()
    for k, name in enumerate(["x1", "x2", "x3"]):
        for kind, expected in (("S1", s1[k]), ("ST", st[k])):
            value, conf = table.loc[(name, kind), ["value", "conf"]]
            # tolerance: the bootstrap 95% CI half-width, plus 0.02 for the CI's own error
            assert abs(value - expected) <= conf + 0.02, (name, kind, value, conf, expected)


def test_morris_elementary_effects_of_a_linear_function_are_its_slopes() -> None:
    factors = {"a": {"range": [0, 1]}, "b": {"range": [0, 2]}, "c": {"range": [0, 1]}}
    sweep = Sweep.model_validate({"design": "morris", "samples": 10, "factors": factors, "num_levels": 4})
    design = make_design(sweep, dict(sweep.factors))
    x = design.matrix
    assert x is not None
    y = 3 * x[:, 0] - 1 * x[:, 1] + 0 * x[:, 2]
    table = morris_indices(design.problem, x, y).set_index(["factor", "index"])["value"]
    # Morris effects are per unit of the design-space range: slope x range width
    assert table[("a", "mu_star")] == pytest.approx(3.0)
    assert table[("b", "mu_star")] == pytest.approx(2.0)
    assert table[("b", "mu")] == pytest.approx(-2.0)
    assert table[("c", "mu_star")] == pytest.approx(0.0, abs=1e-12)
    assert table[("a", "sigma")] == pytest.approx(0.0, abs=1e-12)


def test_noise_share_recovers_the_noise_variance() -> None:
    rng = np.random.default_rng(3)
    points, replicates = 400, 4
    signal = rng.normal(0, 2.0, points)  # variance 4
    noise = rng.normal(0, 1.0, (points, replicates))  # variance 1
    values = signal[:, None] + noise
    table = pd.DataFrame({"mean": values.mean(axis=1), "var": values.var(axis=1, ddof=1), "n": replicates})
    shares = noise_share(table, pd.Series(values.ravel()))
    # expected 1 / (4 + 1) = 0.2; sampling error with 1600 runs is ~0.02, tolerance 0.05
    assert shares["noise_share"] == pytest.approx(0.2, abs=0.05)
    # replicate means: (1/4) / (4 + 1/4) = 0.0588
    assert shares["noise_share_of_means"] == pytest.approx(0.0588, abs=0.02)


def test_grid_main_effects_of_an_additive_function() -> None:
    levels = pd.DataFrame([(a, b) for a in (0, 1) for b in (0, 1, 2)], columns=["a", "b"])
    y = pd.Series(2.0 * levels["a"] + 1.0 * levels["b"])
    shares = grid_main_effects(levels, y).set_index("factor")["value"]
    # Var(2a) = 1, Var(b) = 2/3: additive, so shares sum to 1
    assert shares["a"] == pytest.approx(1 / (1 + 2 / 3))
    assert shares["b"] == pytest.approx((2 / 3) / (1 + 2 / 3))


def test_prim_peeling_finds_the_box_of_good_points() -> None:
    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.uniform(0, 1, (2000, 3)), columns=["a", "b", "c"])
    good = ((x.a > 0.7) & (x.b < 0.4)).to_numpy()
    box = peel(x, good, alpha=0.05, min_mass=0.02, min_coverage=0.8)
    limits = box.limits.set_index("factor")
    assert limits.loc["a", "low"] == pytest.approx(0.7, abs=0.05)
    assert limits.loc["b", "high"] == pytest.approx(0.4, abs=0.05)
    assert box.density > 0.85 and box.coverage >= 0.8
    assert set(box.restricted()) >= {"a", "b"}
