"""The fast cohort quantiles equal numpy's exactly (same values, dtype and shape)."""

import numpy as np
import pytest

from cohort.results import quantiles_over_athletes


@pytest.mark.parametrize("shape", [(13, 1000, 36), (3, 1, 4), (2, 2, 3), (5, 7, 2), (4, 10, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("quantiles", [[0.1, 0.5, 0.9], [0.0, 1.0, 0.25, 0.75, 0.05, 0.95, 1 / 3]])
def test_equals_numpy_quantile(shape, dtype, quantiles):
    values = np.random.default_rng(sum(shape)).normal(size=shape).astype(dtype)
    values[:, : shape[1] // 2] = np.round(values[:, : shape[1] // 2], 1)  # ties
    expected = np.quantile(values, quantiles, axis=1)
    got = quantiles_over_athletes(values, quantiles)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_non_finite_values_fall_back_to_numpy():
    values = np.ones((2, 5, 3))
    values[1, 2, 0] = np.nan
    np.testing.assert_array_equal(quantiles_over_athletes(values, [0.5]), np.quantile(values, [0.5], axis=1))
