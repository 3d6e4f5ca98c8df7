"""Traits from a squad table: known values replace draws, unknown ones are drawn conditional on them."""

from __future__ import annotations

import numpy as np

from cohort.config.loader import load_config
from cohort.config.models import SPORTS
from cohort.generation import HEIGHT_MASS_CORRELATION, sample_traits
from cohort.squad.table import load_squad
from cohort.training import compile_plans
from tests.conftest import CONFIGS

SQUAD_CONFIG = CONFIGS / "squads" / "example_squad.yaml"


def _traits(config, known=None):
    return sample_traits(config, compile_plans(config).names, known)


def test_known_traits_replace_draws_and_unknown_draws_are_those_of_the_same_seed():
    config = load_config(SQUAD_CONFIG)
    squad = load_squad(config.cohort.squad)
    with_table = _traits(config)
    without = _traits(config, known={})
    for name, values in squad.traits.items():
        known = np.isfinite(values)
        np.testing.assert_array_equal(with_table[name][known], values[known])
    # empty cells (R19's diet, R20's indoor and latitude) keep the draw of the same seed
    np.testing.assert_array_equal(with_table["latitude_deg"][19], without["latitude_deg"][19])
    np.testing.assert_array_equal(with_table["diet_pattern"][18], without["diet_pattern"][18])
    # traits the table does not give are the same draws, athlete by athlete
    for name in ("trainability", "endurance_responsiveness", "strength_responsiveness", "compliance"):
        np.testing.assert_array_equal(with_table[name], without[name])
    # and a second build is identical
    again = _traits(load_config(SQUAD_CONFIG))
    for name, values in with_table.items():
        np.testing.assert_array_equal(again[name], values)


def test_derived_traits_follow_the_known_ones():
    config = load_config(SQUAD_CONFIG)
    traits = _traits(config)
    np.testing.assert_allclose(traits["bmi_kg_m2"], traits["body_mass_kg"] / traits["height_m"] ** 2)
    plans = compile_plans(config).names
    for sport, plan in zip(traits["sport"], traits["plan"], strict=True):
        assert plans[int(plan)] == config.training.assignment[SPORTS[int(sport)]]
    assert np.all(traits["menstruating"][traits["female"] == 0] == 0)


def test_unknown_height_is_drawn_conditional_on_known_mass_and_sex():
    """Men of known mass 1.5 prior SDs above the mean: height shifts by r x 1.5 SD (r = 0.5),
    as the bivariate normal's conditional mean; SE of the mean with n = 4000 is ~0.001 m."""
    config = load_config(CONFIGS / "base.yaml", ["cohort.size=4000"])
    prior_mass, prior_height = config.cohort.body_mass_kg_male, config.cohort.height_m_male
    n = config.cohort.size
    known = {"female": np.zeros(n), "body_mass_kg": np.full(n, prior_mass.mean + 1.5 * prior_mass.sd)}
    traits = _traits(config, known)
    expected = prior_height.mean + HEIGHT_MASS_CORRELATION * 1.5 * prior_height.sd
    assert abs(traits["height_m"].mean() - expected) < 0.005
    assert abs(traits["height_m"].std() - prior_height.sd * np.sqrt(1 - HEIGHT_MASS_CORRELATION**2)) < 0.005
    # without a known mass the heights are the prior's
    free = _traits(config, {"female": np.zeros(n)})
    assert abs(free["height_m"].mean() - prior_height.mean) < 0.005


def test_a_point_prior_conditions_nothing_and_draws_stay_the_priors():
    """A prior with sd 0 (validation protocols fix body mass so) gives its mean; a known height
    then leaves mass at that point."""
    config = load_config(CONFIGS / "base.yaml", ["cohort.size=50", "cohort.body_mass_kg_male={mean: 75, sd: 0, low: 74, high: 76}",
                                                 "cohort.female_share=0"])
    n = config.cohort.size
    traits = _traits(config, {"height_m": np.full(n, 1.9)})
    np.testing.assert_array_equal(traits["body_mass_kg"], 75.0)
    np.testing.assert_array_equal(traits["height_m"], 1.9)
