"""Emulated trials against closed-form statistics on synthetic normal outcomes.

Tolerances: power estimated from T emulated trials has binomial SE sqrt(p (1 - p) / T); the
checks allow 3.5 SE (plus 0.01 for the pool being finite and the t-approximation of ANCOVA).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from cohort.trials.emulation import Pool, emulate_trials
from cohort.trials.power import analytic_power, minimal_detectable_effect, power_rows

TRIALS = 2000


def normal_pool(size: int, effect: float, sd_change: float, slope: float = 1.0, seed: int = 1) -> Pool:
    """baseline ~ N(50, 10); end(ref) = slope x baseline + (1 - slope) x 50 + N(0, sd); end(arm) = end(ref) + effect."""
    rng = np.random.default_rng(seed)
    baseline = rng.normal(50.0, 10.0, size)
    end_reference = slope * baseline + (1 - slope) * 50.0 + rng.normal(0.0, sd_change, size)
    return Pool(baseline, end_reference, end_reference + effect)


def binomial_tolerance(p: float, trials: int) -> float:
    return 3.5 * math.sqrt(p * (1 - p) / trials) + 0.01


@pytest.mark.parametrize("n_per_arm", [10, 20, 40])
def test_change_score_power_matches_noncentral_t(n_per_arm):
    pool = normal_pool(20_000, effect=4.0, sd_change=8.0)
    result = emulate_trials(pool, n_per_arm, TRIALS, np.random.default_rng(n_per_arm), cv=0.0, analysis="change")
    expected = analytic_power(4.0, 8.0, n_per_arm)
    assert abs(result.power(0.05) - expected) < binomial_tolerance(expected, TRIALS)


@pytest.mark.parametrize("n_per_arm", [10, 30])
def test_ancova_power_matches_noncentral_t_on_residual_sd(n_per_arm):
    # end depends on baseline (slope 0.5): ANCOVA removes it, leaving the residual SD 6
    pool = normal_pool(20_000, effect=4.0, sd_change=6.0, slope=0.5, seed=2)
    result = emulate_trials(pool, n_per_arm, TRIALS, np.random.default_rng(7 + n_per_arm), cv=0.0, analysis="ancova")
    expected = analytic_power(4.0, 6.0, n_per_arm)
    assert abs(result.power(0.05) - expected) < binomial_tolerance(expected, TRIALS)
    # and the change-score analysis, which keeps 0.5 x baseline variation, has less power
    change = emulate_trials(pool, n_per_arm, TRIALS, np.random.default_rng(7 + n_per_arm), cv=0.0, analysis="change")
    assert change.power(0.05) < result.power(0.05) - 0.05


@pytest.mark.parametrize("analysis", ["ancova", "change"])
def test_no_effect_rejects_at_alpha_with_assay_error_and_dropout(analysis):
    trials = 4000
    pool = normal_pool(3000, effect=0.0, sd_change=5.0, slope=0.8, seed=3)
    result = emulate_trials(pool, 25, trials, np.random.default_rng(11), cv=0.1, analysis=analysis, dropout=0.2)
    assert abs(result.power(0.05) - 0.05) < 3.5 * math.sqrt(0.05 * 0.95 / trials)
    # dropout 20 %: completers per trial ~ 0.8 x 50 (SE of the mean over trials ~ 0.04)
    assert abs(result.n_completed.mean() - 40.0) < 0.3


def test_power_rises_with_size_and_estimates_are_unbiased():
    pool = normal_pool(5000, effect=3.0, sd_change=8.0, slope=0.7, seed=4)
    rows = power_rows(pool, [10, 20, 40, 80], 1000, np.random.SeedSequence(5), cv=0.05, analysis="ancova",
                      alpha=0.05, dropout=0.1)
    powers = [row["power"] for row in rows]
    assert all(b > a for a, b in zip(powers, powers[1:], strict=False)), powers
    for row in rows:
        # mean of 1000 estimates: SE = sd / sqrt(1000)
        assert abs(row["mean_estimate"] - pool.paired_effect) < 4 * row["sd_estimate"] / math.sqrt(1000)
        # the MDE at 80 % power lies where the emulated power curve crosses 0.8, give or take
    mde_40 = rows[2]["mde"]
    assert abs(analytic_power(mde_40, rows[2]["mean_se"] * math.sqrt(40 * 0.9 / 2), 36) - 0.8) < 0.05


def test_minimal_detectable_effect_is_the_textbook_formula_for_a_t_test():
    # se = sd sqrt(2/n): the MDE at 80 % power makes analytic_power return 0.8
    n, sd = 30, 7.0
    se = np.full(50, sd * math.sqrt(2 / n))
    mde = minimal_detectable_effect(se, np.full(50, 2 * n - 2.0), 0.05)
    assert abs(analytic_power(mde, sd, n) - 0.8) < 0.01


def test_a_pool_smaller_than_the_trial_is_sampled_with_replacement():
    pool = normal_pool(30, effect=2.0, sd_change=4.0, seed=6)
    result = emulate_trials(pool, 40, 200, np.random.default_rng(1), cv=0.0, analysis="change")
    assert np.isfinite(result.estimate).all()
    assert abs(result.estimate.mean() - 2.0) < 4 * result.estimate.std() / math.sqrt(200)


def test_ancova_of_a_baseline_without_spread_fails_cleanly_and_change_scores_still_work():
    rng = np.random.default_rng(8)
    end = rng.normal(10.0, 2.0, 500)
    pool = Pool(np.zeros(500), end, end + 1.0)  # e.g. a damage marker that starts at 0 for everyone
    ancova = emulate_trials(pool, 20, 100, np.random.default_rng(1), cv=0.0, analysis="ancova")
    assert np.isnan(ancova.estimate).all() and ancova.power(0.05) == 0.0
    change = emulate_trials(pool, 20, 100, np.random.default_rng(1), cv=0.0, analysis="change")
    assert np.isfinite(change.estimate).all()
