"""Transforms of whole arrays of standard draws into bounded distributions.

Priors with hard limits are *truncated*, never clipped: clipping a normal piles every draw
beyond a limit onto the limit (a normal age prior clipped at 16 y made 5.6 % of athletes
exactly 16.0). The transforms here take standard-normal draws ``z`` from a named stream
(:mod:`cohort.rng`), drawn as whole arrays so common random numbers hold, and map them
monotonically onto the truncated distribution, so correlations built into ``z`` keep their
rank order.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr
from scipy.stats import truncnorm


def truncated_normal(z: np.ndarray, mean: float | np.ndarray, sd: float | np.ndarray, low: float, high: float) -> np.ndarray:
    """Normal(mean, sd) truncated to [low, high], by inverse CDF of standard-normal draws ``z``.

    ``x = F^{-1}(Phi(z))`` with ``F`` the truncated normal's CDF: the draw keeps its quantile,
    so the density stays continuous up to the limits (no atom at a limit). ``mean`` and ``sd``
    may be per-draw arrays; an ``sd`` of zero (or negligible against the limits, below 1e-9 of
    the range) returns ``mean``, which must lie within the limits.

    Parameters
    ----------
    z:
        Standard-normal draws (any shape).
    mean, sd:
        Location and scale of the untruncated normal, in the variable's unit.
    low, high:
        Hard limits, same unit.
    """
    mean_array, sd_array = np.broadcast_arrays(np.asarray(mean, dtype=np.float64), np.asarray(sd, dtype=np.float64))
    mean_array = np.broadcast_to(mean_array, np.shape(z))
    sd_array = np.broadcast_to(sd_array, np.shape(z))
    spread = sd_array > 1e-9 * (high - low)
    safe_sd = np.where(spread, sd_array, 1.0)
    a = (low - mean_array) / safe_sd
    b = (high - mean_array) / safe_sd
    values = truncnorm.ppf(ndtr(z), a, b, loc=mean_array, scale=safe_sd)
    return np.where(spread, values, mean_array)
