"""Stratified, vectorised bootstrap of paired differences.

Athletes are resampled with replacement *within* their replicate (each replicate is an
independent cohort, so the resample keeps the replicate structure), all resamples at once:
an index matrix ``(n_boot, N)`` gathers every resample in one numpy operation; there is no
Python loop over resamples. Intervals are percentile intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def stratified_indices(strata: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Resample indices ``(n_boot, N)``: within each stratum, as many draws as members."""
    strata = np.asarray(strata)
    columns = []
    for value in np.unique(strata):
        members = np.flatnonzero(strata == value)
        columns.append(members[rng.integers(0, members.size, size=(n_boot, members.size))])
    if not columns:
        return np.zeros((n_boot, 0), dtype=np.int64)
    return np.concatenate(columns, axis=1)


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float


def percentile_interval(estimate: float, samples: np.ndarray, confidence: float) -> Interval:
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return Interval(estimate, float("nan"), float("nan"))
    tail = 50.0 * (1.0 - confidence)
    low, high = np.percentile(samples, [tail, 100.0 - tail])
    return Interval(float(estimate), float(low), float(high))


def paired_summary(
    difference: np.ndarray,
    reference_change: np.ndarray,
    indices: np.ndarray,
    confidence: float = 0.95,
    medians: bool = True,
) -> dict[str, float]:
    """Mean and median paired difference and the standardised mean difference, with intervals.

    SMD = mean difference / SD of the reference arm's change (the between-athlete spread of
    change without the strategy), so it reads like Cohen's d against a control group.
    """
    difference = np.asarray(difference, dtype=np.float64)
    reference_change = np.asarray(reference_change, dtype=np.float64)
    samples = difference[indices]
    mean = percentile_interval(float(difference.mean()), samples.mean(axis=1), confidence)
    out = {"mean_diff": mean.estimate, "mean_low": mean.low, "mean_high": mean.high}
    if medians:
        median = percentile_interval(float(np.median(difference)), np.median(samples, axis=1), confidence)
        out.update(median_diff=median.estimate, median_low=median.low, median_high=median.high)
    else:
        out.update(median_diff=float(np.median(difference)), median_low=float("nan"), median_high=float("nan"))
    sd = float(reference_change.std(ddof=1)) if reference_change.size > 1 else float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        boot_sd = reference_change[indices].std(axis=1, ddof=1)
        boot_smd = np.where(boot_sd > 0, samples.mean(axis=1) / np.where(boot_sd > 0, boot_sd, 1.0), np.nan)
    smd_estimate = mean.estimate / sd if sd > 0 else float("nan")
    smd = percentile_interval(smd_estimate, boot_smd, confidence)
    out.update(reference_sd_change=sd, smd=smd.estimate, smd_low=smd.low, smd_high=smd.high)
    return out
