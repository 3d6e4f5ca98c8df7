"""Population priors: truncated, never clipped (no pile-up of athletes at a prior's limit)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from cohort.config.loader import load_config
from cohort.distributions import truncated_normal
from cohort.generation import SWEAT_RATE_LIMITS_L_H, sample_traits
from tests.conftest import ROOT

N = 20_000


@pytest.fixture(scope="module")
def sampled():  # type: ignore[no-untyped-def]
    config = load_config(ROOT / "configs" / "base.yaml", overrides=[f"cohort.size={N}"])
    plans = sorted(set(config.training.assignment.values()))
    return config, sample_traits(config, plans)


def _bounded(config):  # type: ignore[no-untyped-def]
    priors = config.cohort
    return {
        "age_y": (priors.age_y.low, priors.age_y.high),
        "body_mass_kg": (min(priors.body_mass_kg_female.low, priors.body_mass_kg_male.low), max(priors.body_mass_kg_female.high, priors.body_mass_kg_male.high)),
        "height_m": (min(priors.height_m_female.low, priors.height_m_male.low), max(priors.height_m_female.high, priors.height_m_male.high)),
        "sweat_rate_l_h": SWEAT_RATE_LIMITS_L_H,
    }


def test_no_athletes_pile_up_at_a_prior_limit(sampled):  # type: ignore[no-untyped-def]
    """Used to fail: clipping a normal put 5.6 % of athletes at exactly 16.0 y and 4.0 % at 0.25 L/h sweat."""
    config, traits = sampled
    for name, (low, high) in _bounded(config).items():
        values = traits[name]
        assert values.min() >= low and values.max() <= high, name
        # within 0.1 % of the range of a limit: a continuous density puts ~0.1 % x (density ratio) there
        width = 1e-3 * (high - low)
        near = max(np.mean(values <= low + width), np.mean(values >= high - width))
        assert near < 0.005, (name, near)


def test_age_follows_the_truncated_normal_prior(sampled):  # type: ignore[no-untyped-def]
    config, traits = sampled
    prior = config.cohort.age_y
    a, b = (prior.low - prior.mean) / prior.sd, (prior.high - prior.mean) / prior.sd
    result = stats.kstest(traits["age_y"], stats.truncnorm(a, b, loc=prior.mean, scale=prior.sd).cdf)
    assert result.pvalue > 1e-3


def test_truncated_normal_keeps_the_order_of_its_draws_and_handles_zero_sd():
    z = np.linspace(-4, 4, 81)
    values = truncated_normal(z, 20.0, 5.0, 16.0, 40.0)
    assert np.all(np.diff(values) > 0) and values[0] > 16.0 and values[-1] < 40.0
    assert truncated_normal(z[:3], 20.0, 0.0, 16.0, 40.0).tolist() == [20.0, 20.0, 20.0]
    # a subnormal SD (found by the invariants' Hypothesis search) is a point mass, not an overflow
    assert truncated_normal(z[:3], 16.0, 2.2e-309, 16.0, 17.0).tolist() == [16.0, 16.0, 16.0]


@pytest.mark.parametrize(("low", "high"), [(16.0, 45.0), (0.0, 1.0), (0.5, 0.51), (-3.0, -2.5), (2.0, 9.0), (-40.0, 40.0), (0.0, 1e9), (-1e9, 0.0)])
def test_truncated_normal_gives_scipy_stats_numbers(low, high):  # type: ignore[no-untyped-def]
    """The quantile function is scipy.stats.truncnorm.ppf's algorithm on scipy.special (so that a
    run need not import scipy.stats): the same numbers, bit for bit, over means inside and outside
    the limits, SDs from negligible to wide, draws out to |z| = 40 (q = 0 and 1) and per-draw arrays."""
    z = np.concatenate([np.linspace(-40.0, 40.0, 801), np.random.default_rng(1).standard_normal(200)])
    means = np.linspace(low - 3.0, high + 3.0, 13) if high - low < 1e6 else np.array([-5.0, 0.0, 0.3, 5.0])
    for mean in means:
        for sd in (1e-12, 0.01, 0.3, 1.0, 5.0, 50.0):
            spread = sd > 1e-9 * (high - low)
            scale = sd if spread else 1.0
            expected = stats.truncnorm.ppf(stats.norm.cdf(z), (low - mean) / scale, (high - mean) / scale, loc=mean, scale=scale)
            expected = np.where(spread, expected, mean)
            np.testing.assert_array_equal(truncated_normal(z, mean, sd, low, high), expected, err_msg=f"mean {mean}, sd {sd}")
    rng = np.random.default_rng(2)
    mean_array, sd_array, draws = rng.normal(0.5 * (low + high), 0.2 * (high - low) + 1.0, 500), rng.uniform(0.01, 6.0, 500), rng.standard_normal(500)
    expected = stats.truncnorm.ppf(stats.norm.cdf(draws), (low - mean_array) / sd_array, (high - mean_array) / sd_array, loc=mean_array, scale=sd_array)
    expected = np.where(sd_array > 1e-9 * (high - low), expected, mean_array)  # a negligible SD is a point mass
    np.testing.assert_array_equal(truncated_normal(draws, mean_array, sd_array, low, high), expected)


def test_microbiome_producer_shares_do_not_pile_up_at_their_limits():
    """Used to be clipped to 0.05-0.95 at the start: at the low end of the literature ranges of the
    mean share and the high end of its SD (as a sweep draws them) ~1 % of athletes sat on 0.05."""
    from pathlib import Path

    from cohort.config.loader import load_config
    from cohort.engine.model import CohortModel

    base = Path(__file__).resolve().parents[1] / "configs" / "base.yaml"
    wide = ["physiology.microbiome.producer_fraction_reference=0.4", "physiology.microbiome.producer_fraction_sd=0.15"]
    model = CohortModel(load_config(base, ["cohort.size=20000", "duration_weeks=1", *wide]))
    for vitamin in ("b2", "b7", "b9", "b12"):
        values = model.column(f"producer_{vitamin}_frac")
        assert values.min() >= 0.05 and values.max() <= 0.95
        near = max(np.mean(values <= 0.05 + 9e-4), np.mean(values >= 0.95 - 9e-4))
        assert near < 0.005, (vitamin, near)


def test_altitude_is_drawn_from_its_own_stream_and_leaves_every_other_trait_unchanged():
    """cohort.altitude_m (default 0 m) draws from its own stream: setting it moves no other trait of the seed."""
    base = ROOT / "configs" / "base.yaml"
    sea = load_config(base, overrides=["cohort.size=500"])
    alpine = load_config(base, overrides=["cohort.size=500", "cohort.altitude_m.low=1500", "cohort.altitude_m.high=2500"])
    plans = sorted(set(sea.training.assignment.values()))
    at_sea, up_high = sample_traits(sea, plans), sample_traits(alpine, plans)
    assert np.all(at_sea["altitude_m"] == 0.0)
    assert 1500.0 <= up_high["altitude_m"].min() and up_high["altitude_m"].max() <= 2500.0
    assert up_high["altitude_m"].std() > 200.0
    for name in at_sea:
        if name != "altitude_m":
            np.testing.assert_array_equal(at_sea[name], up_high[name], err_msg=name)
