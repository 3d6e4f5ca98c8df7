"""Named random streams (common random numbers).

Each process that needs randomness draws from its own ``numpy.random.Generator``, seeded from
the run seed and a stable hash of the stream's name (never Python's salted ``hash``). Two
arms run with the same seed therefore see exactly the same athletes, sessions, eating days
and assay errors; they differ only where a strategy changes what is taken.

Daily draws are made as whole arrays ``(days, athletes)``; drawing k days at once yields the
same numbers as k one-day draws, so chunking never changes results (tested). The draws are
turned into the factors the kernels use (a log-normal eating-day factor, a session-duration
factor) here, vectorised, so the compiled day loop does no transcendental work for them.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stream_key(name: str) -> int:
    """A stable 64-bit integer for a stream name."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator for stream ``name`` of run ``seed``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, stream_key(name)])))


NOISE_COMPLIANCE = 0
NOISE_TRAINING = 1
NOISE_DIET = 2


class DailyStreams:
    """Uniform and normal day-by-athlete draws for the engine's named daily streams."""

    UNIFORM = ("training.compliance",)
    NORMAL = ("training.variation", "diet.variation")

    def __init__(
        self,
        seed: int,
        n_athletes: int,
        product_streams: tuple[str, ...] = (),
        training_cv: float = 0.0,
        diet_cv: float = 0.0,
    ) -> None:
        self.n_athletes = n_athletes
        self.training_cv = training_cv
        # log-normal with mean 1 and coefficient of variation diet_cv
        self.diet_sigma = float(np.sqrt(np.log1p(diet_cv * diet_cv)))
        self._uniform = [stream(seed, name) for name in self.UNIFORM]
        self._normal = [stream(seed, name) for name in self.NORMAL]
        self._products = [stream(seed, f"adherence.{name}") for name in product_streams]

    @property
    def n_streams(self) -> int:
        return len(self.UNIFORM) + len(self.NORMAL)

    def draw(self, n_days: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (noise[days, streams, athletes], adherence[days, products, athletes]).

        ``noise[:, NOISE_COMPLIANCE]`` is uniform; ``noise[:, NOISE_TRAINING]`` is the session
        duration factor max(0, 1 + cv z); ``noise[:, NOISE_DIET]`` the eating-day factor
        exp(sigma z - sigma^2/2).
        """
        n = self.n_athletes
        noise = np.empty((n_days, self.n_streams, n))
        column = 0
        for generator in self._uniform:
            noise[:, column, :] = generator.random((n_days, n))
            column += 1
        for generator in self._normal:
            noise[:, column, :] = generator.standard_normal((n_days, n))
            column += 1
        noise[:, NOISE_TRAINING, :] = np.maximum(0.0, 1.0 + self.training_cv * noise[:, NOISE_TRAINING, :])
        sigma = self.diet_sigma
        noise[:, NOISE_DIET, :] = np.exp(sigma * noise[:, NOISE_DIET, :] - 0.5 * sigma * sigma)
        adherence = np.empty((n_days, len(self._products), n))
        for k, generator in enumerate(self._products):
            adherence[:, k, :] = generator.random((n_days, n))
        return noise, adherence

