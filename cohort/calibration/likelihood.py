"""The log posterior of a candidate given the squad's observations.

Each observation is one blood draw with the log-normal, mean-preserving assay error of
:mod:`cohort.observation` around the model's true value ``mu``:

    log y ~ Normal(log mu - sigma^2 / 2, sigma^2),   sigma^2 = ln(1 + CV^2)

    log L = sum_i [ -log y_i - log sigma_i - log(2 pi) / 2 - (log y_i - log mu_i + sigma_i^2 / 2)^2 / (2 sigma_i^2) ]

CV is the total variability of one draw (analytical plus day-to-day biological), the
observation layer's default per biomarker unless the calibration file sets ``assay_cv``.
Priors are uniform in x = value (or log value for ``loguniform``) over their range, so the
log posterior is log L inside the box and -inf outside. A candidate whose simulation leaves
a state's physical bounds (StateError) has posterior 0 (-inf); such candidates are counted.

Partial pooling (``pooling: partial``): the athletes' x_i of a per-athlete parameter are
drawn from a population normal with mean m and SD s (both calibrated, uniform priors; see
:attr:`cohort.calibration.simulate.Layout.hyper`), truncated to the parameter's box [a, b]:

    log p(x_i | m, s) = -log s - log(2 pi) / 2 - (x_i - m)^2 / (2 s^2) - log(Phi((b - m) / s) - Phi((a - m) / s))

The truncation's normaliser depends on m and s and is kept: without it the posterior of m
would be pulled to the middle of the box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from cohort.calibration.data import Observations
from cohort.calibration.simulate import Simulator
from cohort.errors import StateError


def log_likelihood(predicted: np.ndarray, observations: Observations) -> float:
    """Log-normal assay-error log likelihood of the observations given true values ``predicted``."""
    if not np.all(np.isfinite(predicted)) or np.any(predicted <= 0):
        return -math.inf
    sigma2 = np.log1p(observations.cv**2)
    residual = np.log(observations.value) - np.log(predicted) + 0.5 * sigma2
    terms = -np.log(observations.value) - 0.5 * np.log(2 * math.pi * sigma2) - residual**2 / (2 * sigma2)
    return float(terms.sum())


@dataclass
class LogPosterior:
    """``x`` (transformed values, see :class:`cohort.calibration.spec.Prior`) -> log posterior."""

    simulator: Simulator
    failures: int = 0

    def __post_init__(self) -> None:
        priors = self.simulator.layout.entry_priors
        self.priors = priors
        self.low = np.array([p.x_bounds[0] for p in priors])
        self.high = np.array([p.x_bounds[1] for p in priors])
        self.log = np.array([p.log for p in priors])
        self.pooling = self.simulator.layout.pooling()

    @property
    def ndim(self) -> int:
        return len(self.priors)

    def values(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        return np.where(self.log, np.exp(np.where(self.log, x, 0.0)), x)

    def to_x(self, values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype=np.float64)
        return np.where(self.log, np.log(np.where(self.log, values, 1.0)), values)

    def inside(self, x: np.ndarray) -> bool:
        return bool(np.all(x >= self.low) and np.all(x <= self.high))

    def log_prior(self, x: np.ndarray) -> float:
        """Log prior density of ``x`` (up to the constant of the uniform boxes)."""
        if not self.inside(x):
            return -math.inf
        total = 0.0
        for block, mean, sd, prior in self.pooling:
            low, high = prior.x_bounds
            m, s = float(x[mean]), float(x[sd])
            mass = float(ndtr((high - m) / s) - ndtr((low - m) / s))
            z = (x[block] - m) / s
            total += -len(block) * (math.log(s) + 0.5 * math.log(2 * math.pi) + math.log(mass)) - 0.5 * float(z @ z)
        return total

    def start_from(self, x: np.ndarray) -> np.ndarray:
        """A start for the sampler near point ``x``: each pooled parameter's population mean and
        SD set to its athletes' mean and spread there (at least a tenth of the box, so a point
        estimate collapsed onto one value does not start the chains in the funnel's neck)."""
        x = np.array(x, dtype=np.float64)
        for block, mean, sd, _ in self.pooling:
            x[mean] = float(np.mean(x[block]))
            x[sd] = float(np.clip(np.std(x[block]), 0.2 * self.high[sd], self.high[sd]))
        return x

    def __call__(self, x: np.ndarray) -> float:
        x = np.asarray(x, dtype=np.float64)
        prior = self.log_prior(x)
        if not math.isfinite(prior):
            return -math.inf
        try:
            predicted = self.simulator.predict(self.values(x))
        except StateError:
            self.failures += 1
            return -math.inf
        return prior + log_likelihood(predicted, self.simulator.observations)
