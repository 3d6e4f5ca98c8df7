"""Stratified, vectorised bootstrap of paired differences.

Athletes are resampled with replacement *within* their replicate (each replicate is an
independent cohort, so the resample keeps the replicate structure), all resamples at once:
an index matrix ``(n_boot, N)`` is turned into resample counts, and the resample means of all
outcomes are one matrix product (medians gather the resampled values); there is no Python
loop over resamples. Intervals are percentile intervals.
"""

from __future__ import annotations

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


def resample_counts(indices: np.ndarray, n: int) -> np.ndarray:
    """``counts[b, i]``: how often athlete ``i`` is drawn in resample ``b`` (float, (n_boot, n)).

    Resample means of any number of outcomes are then one matrix product, ``counts @ values / n``.
    """
    n_boot = indices.shape[0]
    flat = (indices + n * np.arange(n_boot)[:, None]).ravel()
    return np.bincount(flat, minlength=n_boot * n).reshape(n_boot, n).astype(np.float64)


def _percentiles(estimates: np.ndarray, samples: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column of ``samples`` (n_boot, K), ignoring non-finite resamples."""
    tail = 50.0 * (1.0 - confidence)
    if np.isfinite(samples).all():
        low, high = np.percentile(samples, [tail, 100.0 - tail], axis=0)
        return low, high
    low = np.full(samples.shape[1], np.nan)
    high = np.full(samples.shape[1], np.nan)
    for k in range(samples.shape[1]):
        column = samples[:, k]
        column = column[np.isfinite(column)]
        if column.size:
            low[k], high[k] = np.percentile(column, [tail, 100.0 - tail])
    return low, high


def paired_summaries(
    differences: np.ndarray,
    reference_changes: np.ndarray,
    indices: np.ndarray,
    confidence: float = 0.95,
    medians: bool = True,
    standardiser: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Mean and median paired difference and the standardised mean difference with percentile
    intervals, for K outcomes at once (``differences`` and ``reference_changes`` are (n, K)).

    SMD = mean difference / SD of the reference arm's change (the between-athlete spread of
    change without the strategy), so it reads like Cohen's d against a control group. With
    ``standardiser`` (K,) the SMD divides by that fixed SD instead (a subgroup standardised
    by the whole cohort's SD: the SD of a subgroup is narrower, and dividing by it inflated
    every subgroup's SMD above the whole cohort's); its interval is the mean's, scaled.
    """
    differences = np.asarray(differences, dtype=np.float64)
    reference_changes = np.asarray(reference_changes, dtype=np.float64)
    n = differences.shape[0]
    counts = resample_counts(indices, n)
    boot_mean = counts @ differences / n
    mean = differences.mean(axis=0)
    out: dict[str, np.ndarray] = {"mean_diff": mean}
    out["mean_low"], out["mean_high"] = _percentiles(mean, boot_mean, confidence)
    median = np.median(differences, axis=0)
    out["median_diff"] = median
    if medians:
        boot_median = np.column_stack([np.median(differences[indices, k], axis=1) for k in range(differences.shape[1])])
        out["median_low"], out["median_high"] = _percentiles(median, boot_median, confidence)
    else:
        out["median_low"] = out["median_high"] = np.full(differences.shape[1], np.nan)
    sd = reference_changes.std(axis=0, ddof=1) if n > 1 else np.full(differences.shape[1], np.nan)
    boot_sum = counts @ reference_changes
    boot_square = counts @ (reference_changes * reference_changes)
    boot_var = np.maximum(boot_square - boot_sum * boot_sum / n, 0.0) / max(n - 1, 1)
    boot_sd = np.sqrt(boot_var)
    # a resample whose reference change has (numerically) no spread has no defined SMD
    tiny = 1e-9 * (np.abs(boot_sum) / n + 1e-300)
    boot_smd = np.where(boot_sd > tiny, boot_mean / np.where(boot_sd > tiny, boot_sd, 1.0), np.nan)
    if standardiser is not None:
        sd = np.asarray(standardiser, dtype=np.float64)
        positive = sd > 0
        boot_smd = np.where(positive, boot_mean / np.where(positive, sd, 1.0), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["smd"] = np.where(sd > 0, mean / np.where(sd > 0, sd, 1.0), np.nan)
    out["reference_sd_change"] = sd
    out["smd_low"], out["smd_high"] = _percentiles(out["smd"], boot_smd, confidence)
    return out


def paired_summary(
    difference: np.ndarray,
    reference_change: np.ndarray,
    indices: np.ndarray,
    confidence: float = 0.95,
    medians: bool = True,
) -> dict[str, float]:
    """:func:`paired_summaries` for one outcome (1-D arrays); plain floats."""
    batch = paired_summaries(np.asarray(difference)[:, None], np.asarray(reference_change)[:, None], indices, confidence, medians)
    return {key: float(value[0]) for key, value in batch.items()}
