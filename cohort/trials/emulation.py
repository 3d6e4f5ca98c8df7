"""Real-trial emulation: parallel-group trials resampled from the enrolled simulated athletes.

A simulated athlete has a true outcome under every arm (common random numbers); a real
participant is seen in one arm only. An emulated two-arm trial of ``n`` per arm

1. samples ``2 n`` distinct athletes from the pool of enrolled athletes (with replacement
   only when the pool is smaller than ``2 n``) and randomises them 1:1 (random keys: the ``n``
   smallest go to the reference arm);
2. observes each athlete's baseline and end value *in its own arm* through the observation
   layer, ``measured = true x exp(sigma z - sigma^2 / 2)``, ``sigma^2 = ln(1 + CV^2)``
   (:func:`cohort.observation.measure`; the CV is the assay plus test-retest variability, drawn
   afresh for each visit of each emulated trial);
3. drops each athlete out with probability ``dropout`` (complete-case analysis; adherence is
   already in the simulated outcomes: intention to treat);
4. analyses the completers as the trial statistician would:

   ``change``  ``y = end - baseline``; difference of arm means; pooled-variance t test,
               ``df = n_arm + n_ref - 2``;
   ``ancova``  ``end = b0 + b1 treated + b2 baseline`` by ordinary least squares (closed form,
               batched normal equations); ``se(b1) = sqrt(s^2 [(X'X)^-1]_11)``,
               ``df = n_arm + n_ref - 3``; t test on ``b1``.

All trials of one size are one array operation (``trials x 2n``), processed in blocks that
keep the ``trials x pool`` sampling keys under :data:`BLOCK_ELEMENTS` numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from cohort.observation import measure

Analysis = Literal["ancova", "change"]
ANALYSES: tuple[str, ...] = ("ancova", "change")
#: sampling keys per block (float64): ~32 MB
BLOCK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class Pool:
    """True values of one outcome for the enrolled athletes (one entry per athlete)."""

    baseline: np.ndarray
    end_reference: np.ndarray
    end_arm: np.ndarray

    def __post_init__(self) -> None:
        sizes = {len(self.baseline), len(self.end_reference), len(self.end_arm)}
        if len(sizes) != 1:
            raise ValueError(f"pool arrays differ in length: {sorted(sizes)}")

    @property
    def size(self) -> int:
        return len(self.baseline)

    @property
    def paired_effect(self) -> float:
        """The in-silico effect: mean over athletes of end(arm) - end(reference), same athletes."""
        return float(np.mean(self.end_arm - self.end_reference))


@dataclass(frozen=True)
class TrialEstimates:
    """One entry per emulated trial (NaN where a trial could not be analysed: fewer than 2
    completers in an arm, or, for ANCOVA, a baseline without spread)."""

    estimate: np.ndarray
    se: np.ndarray
    df: np.ndarray
    p_value: np.ndarray
    n_completed: np.ndarray

    def power(self, alpha: float) -> float:
        """Share of trials rejecting 'no effect' at two-sided ``alpha`` (failed trials do not)."""
        return float(np.mean(np.nan_to_num(self.p_value, nan=1.0) < alpha))


def _sample(rng: np.random.Generator, pool_size: int, n_total: int, trials: int) -> np.ndarray:
    """(trials, n_total) athlete indices; columns in random order (first half: reference arm)."""
    if n_total > pool_size:
        return rng.integers(0, pool_size, size=(trials, n_total))
    keys = rng.random((trials, pool_size))
    chosen = np.argpartition(keys, n_total - 1, axis=1)[:, :n_total] if n_total < pool_size else np.tile(np.arange(pool_size), (trials, 1))
    order = np.argsort(np.take_along_axis(keys, chosen, axis=1), axis=1)
    return np.take_along_axis(chosen, order, axis=1)


def _change_analysis(change: np.ndarray, treated: np.ndarray, kept: np.ndarray) -> tuple[np.ndarray, ...]:
    weight_arm = kept & treated
    weight_ref = kept & ~treated
    n_arm = weight_arm.sum(axis=1)
    n_ref = weight_ref.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_arm = (change * weight_arm).sum(axis=1) / n_arm
        mean_ref = (change * weight_ref).sum(axis=1) / n_ref
        squares = (((change - mean_arm[:, None]) ** 2) * weight_arm).sum(axis=1) + (((change - mean_ref[:, None]) ** 2) * weight_ref).sum(axis=1)
        df = (n_arm + n_ref - 2).astype(np.float64)
        se = np.sqrt(squares / df * (1.0 / n_arm + 1.0 / n_ref))
    bad = (n_arm < 2) | (n_ref < 2)
    return mean_arm - mean_ref, se, df, bad


def _ancova_analysis(end: np.ndarray, baseline: np.ndarray, treated: np.ndarray, kept: np.ndarray) -> tuple[np.ndarray, ...]:
    weight = kept.astype(np.float64)
    design = np.stack([np.ones_like(end), treated.astype(np.float64), baseline], axis=2)  # trials x n x 3
    gram = np.einsum("tni,tn,tnj->tij", design, weight, design)
    moment = np.einsum("tni,tn,tn->ti", design, weight, end)
    n_arm = (kept & treated).sum(axis=1)
    n_ref = (kept & ~treated).sum(axis=1)
    # a baseline with no spread within a trial (e.g. a variable that starts at 0 for everyone)
    # makes X'X singular: the trial cannot be analysed by ANCOVA and is reported as failed
    diagonal = np.einsum("tii->ti", gram)
    singular = np.abs(np.linalg.det(gram)) <= 1e-10 * np.prod(np.maximum(diagonal, 1e-300), axis=1)
    bad = (n_arm < 2) | (n_ref < 2) | singular
    gram[bad] = np.eye(3)  # solved, then discarded: keeps the batched inverse defined
    inverse = np.linalg.inv(gram)
    beta = np.einsum("tij,tj->ti", inverse, moment)
    residual = end - np.einsum("tni,ti->tn", design, beta)
    df = (n_arm + n_ref - 3).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        s2 = (weight * residual**2).sum(axis=1) / df
        se = np.sqrt(s2 * inverse[:, 1, 1])
    return beta[:, 1], se, df, bad | (df < 1)


def emulate_trials(
    pool: Pool,
    n_per_arm: int,
    trials: int,
    rng: np.random.Generator,
    *,
    cv: float,
    analysis: Analysis = "ancova",
    dropout: float = 0.0,
) -> TrialEstimates:
    """Emulate ``trials`` two-arm trials of ``n_per_arm`` randomised per arm (see module doc)."""
    if analysis not in ANALYSES:
        raise ValueError(f"analysis must be one of {ANALYSES}, got {analysis!r}")
    if n_per_arm < 2 or trials < 1:
        raise ValueError("need n_per_arm >= 2 and trials >= 1")
    n_total = 2 * n_per_arm
    treated_row = np.arange(n_total) >= n_per_arm
    block = max(1, BLOCK_ELEMENTS // max(pool.size, n_total))
    pieces: list[tuple[np.ndarray, ...]] = []
    for start in range(0, trials, block):
        count = min(block, trials - start)
        index = _sample(rng, pool.size, n_total, count)
        treated = np.broadcast_to(treated_row, index.shape)
        baseline = measure(pool.baseline[index], cv, rng.standard_normal(index.shape))
        end_true = np.where(treated, pool.end_arm[index], pool.end_reference[index])
        end = measure(end_true, cv, rng.standard_normal(index.shape))
        kept = rng.random(index.shape) >= dropout
        if analysis == "change":
            estimate, se, df, bad = _change_analysis(end - baseline, treated, kept)
        else:
            estimate, se, df, bad = _ancova_analysis(end, baseline, treated, kept)
        estimate = np.where(bad, np.nan, estimate)
        se = np.where(bad, np.nan, se)
        with np.errstate(invalid="ignore", divide="ignore"):
            p_value = 2.0 * stats.t.sf(np.abs(estimate / se), np.where(bad, 1.0, df))
        pieces.append((estimate, se, df, np.where(bad, np.nan, p_value), kept.sum(axis=1)))
    return TrialEstimates(*(np.concatenate(parts) for parts in zip(*pieces, strict=True)))
