"""Cohort generation: athletes sampled from the population priors of a config.

Draws come from the ``cohort`` stream in a fixed order, so the same seed gives the same
athletes whatever the arm. Diet changes of an arm (``diet.intake_scale``) scale the sampled
habitual intakes after the draws, preserving common random numbers.

Defaults and their sources are listed in ``docs/defaults.md``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from cohort.config.models import DIETS, SPORTS, STATUSES, CohortPriors, Config, NormalPrior
from cohort.distributions import truncated_normal
from cohort.physiology.nutrients import NUTRIENTS, Nutrient
from cohort.rng import stream
from cohort.squad.table import load_squad

#: Correlation of height and body mass in adults (~0.4-0.5; e.g. NHANES anthropometry).
HEIGHT_MASS_CORRELATION = 0.5


#: Sweat-rate limits (L/h) and the spread around each athlete's mass-scaled mean (Baker 2017).
SWEAT_RATE_LIMITS_L_H = (0.25, 3.0)
SWEAT_RATE_SD_L_H = 0.3


def _scaled(prior: NormalPrior, z: np.ndarray) -> np.ndarray:
    """The prior's truncated normal from standard-normal draws ``z`` (quantile-preserving)."""
    return truncated_normal(z, prior.mean, prior.sd, prior.low, prior.high)


def _categorical(rng: np.random.Generator, shares: dict[str, float], order: tuple[str, ...], n: int) -> np.ndarray:
    probabilities = np.array([shares.get(name, 0.0) for name in order])
    probabilities = probabilities / probabilities.sum()
    return rng.choice(len(order), size=n, p=probabilities).astype(np.float64)


def intake_median(nutrient: Nutrient, female: np.ndarray, diet: np.ndarray) -> np.ndarray:
    """Median habitual intake of ``nutrient`` by sex and diet pattern (code), in its unit: the
    centre of its log-normal prior (geometric SD ``nutrient.gsd``)."""
    median = np.where(female > 0, nutrient.median_female, nutrient.median_male)
    factor = np.ones(female.shape[0])
    for code, name in enumerate(DIETS):
        factor = np.where(diet == code, nutrient.diet_factor.get(name, 1.0), factor)
    return np.asarray(median * factor)


def _given(known: dict[str, np.ndarray], name: str, drawn: np.ndarray) -> np.ndarray:
    """The athlete's known value of trait ``name`` where there is one (not NaN), else the draw."""
    values = known.get(name)
    return drawn if values is None else np.where(np.isnan(values), drawn, values)


def _score(prior: NormalPrior, values: np.ndarray) -> np.ndarray:
    """The standard-normal score of known values under the prior's truncated normal (the inverse
    of :func:`_scaled`), kept within +-5 for values at or beyond the limits; NaN stays NaN."""
    if prior.sd <= 1e-9 * (prior.high - prior.low):  # a point prior (as _scaled): every known value scores 0
        return np.where(np.isnan(values), np.nan, 0.0)
    low, high = ndtr((prior.low - prior.mean) / prior.sd), ndtr((prior.high - prior.mean) / prior.sd)
    quantile = (ndtr((values - prior.mean) / prior.sd) - low) / (high - low)
    return np.asarray(ndtri(np.clip(quantile, ndtr(-5.0), ndtr(5.0))))


def _by_sex(female: np.ndarray, male_prior: NormalPrior, female_prior: NormalPrior, z: np.ndarray) -> np.ndarray:
    return np.where(female > 0, _scaled(female_prior, z), _scaled(male_prior, z))


def _score_by_sex(female: np.ndarray, male_prior: NormalPrior, female_prior: NormalPrior, values: np.ndarray) -> np.ndarray:
    return np.where(female > 0, _score(female_prior, values), _score(male_prior, values))


def sample_traits(config: Config, plan_names: list[str], known: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Sample every athlete trait and habitual intake. Returns name -> array (n,).

    ``known`` (default: the traits of the config's squad table, ``cohort.squad``) maps trait
    names to per-athlete values, NaN where unknown. Known values replace the draws and every
    unknown trait is drawn conditional on them: the same draws are made in the same order
    whatever is known (the same seed gives the same unobserved draws), and traits that depend
    on others (body size on sex, height on mass, menstruation on sex, plan on sport, sweat
    rate on mass, habitual intakes on sex and diet) are derived from the known values.
    """
    priors: CohortPriors = config.cohort
    n = priors.size
    if known is None:
        known = dict(load_squad(priors.squad).traits) if priors.squad is not None else {}
    rng = stream(config.seed, "cohort")
    female = _given(known, "female", (rng.random(n) < priors.female_share).astype(np.float64))
    age = _given(known, "age_y", _scaled(priors.age_y, rng.standard_normal(n)))
    # Height and mass are drawn correlated (r ~0.5 in adults), so that a light athlete is not
    # also the tallest: independent draws gave BMIs below 12 about once in 100,000 athletes.
    # A known height (mass) conditions the other on its score.
    r = HEIGHT_MASS_CORRELATION
    z_height = rng.standard_normal(n)
    z_rest = rng.standard_normal(n)
    nan = np.full(n, np.nan)
    z_height_known = _score_by_sex(female, priors.height_m_male, priors.height_m_female, known.get("height_m", nan))
    z_mass_known = _score_by_sex(female, priors.body_mass_kg_male, priors.body_mass_kg_female, known.get("body_mass_kg", nan))
    z_height = np.where(np.isnan(z_height_known), np.where(np.isnan(z_mass_known), z_height, r * z_mass_known + np.sqrt(1.0 - r**2) * z_height), z_height_known)
    z_mass = r * z_height + np.sqrt(1.0 - r**2) * z_rest
    mass = _given(known, "body_mass_kg", _by_sex(female, priors.body_mass_kg_male, priors.body_mass_kg_female, z_mass))
    height = _given(known, "height_m", _by_sex(female, priors.height_m_male, priors.height_m_female, z_height))
    sport = _given(known, "sport", _categorical(rng, priors.sport, SPORTS, n))
    status = _given(known, "training_status", _categorical(rng, priors.training_status, STATUSES, n))
    diet = _given(known, "diet_pattern", _categorical(rng, priors.diet, DIETS, n))
    indoor = _given(known, "indoor", (rng.random(n) < priors.indoor_share).astype(np.float64))
    latitude = _given(known, "latitude_deg", rng.uniform(priors.latitude_deg.low, priors.latitude_deg.high, n))
    outdoor_out = rng.uniform(priors.outdoor_hours_per_day_outdoor_sport.low, priors.outdoor_hours_per_day_outdoor_sport.high, n)
    outdoor_in = rng.uniform(priors.outdoor_hours_per_day_indoor_sport.low, priors.outdoor_hours_per_day_indoor_sport.high, n)
    menstruating = _given(known, "menstruating", female * (rng.random(n) < priors.menstruating_share_of_females))

    traits = priors.traits
    trainability = np.exp(rng.normal(0.0, traits.trainability_log_sd, n))
    endurance_specific = np.exp(rng.normal(0.0, traits.endurance_specific_log_sd, n) - 0.5 * traits.endurance_specific_log_sd**2)
    strength_specific = rng.gamma(traits.strength_specific_shape, 1.0 / traits.strength_specific_shape, n)
    a = traits.compliance_mean * traits.compliance_concentration
    b = (1.0 - traits.compliance_mean) * traits.compliance_concentration
    compliance = rng.beta(max(a, 1e-6), max(b, 1e-6), n) if 0 < traits.compliance_mean < 1 else np.full(n, traits.compliance_mean)
    compliance = _given(known, "compliance", compliance)
    # Whole-body sweat rates in training: ~1.0 (men) and ~0.7 L/h (women), SD ~0.35 (Baker 2017).
    sweat_mean = np.where(female > 0, 0.7, 1.0) * (mass / np.where(female > 0, 62.0, 76.0))
    sweat = truncated_normal(rng.standard_normal(n), sweat_mean, SWEAT_RATE_SD_L_H, *SWEAT_RATE_LIMITS_L_H)
    sweat = _given(known, "sweat_rate_l_h", sweat)

    sport_names = [SPORTS[int(code)] for code in sport]
    assignment = config.training.assignment
    plan = np.array([plan_names.index(assignment.get(name, plan_names[0])) for name in sport_names], dtype=np.float64)

    out = {
        "female": female,
        "age_y": age,
        "body_mass_kg": mass,
        "height_m": height,
        "bmi_kg_m2": mass / height**2,
        "body_surface_m2": 0.007184 * mass**0.425 * (100 * height) ** 0.725,  # Du Bois 1916
        "sport": sport,
        "training_status": status,
        "diet_pattern": diet,
        "indoor": indoor,
        "latitude_deg": latitude,
        # its own stream: drawing it leaves every other trait of the same seed unchanged
        "altitude_m": _given(known, "altitude_m", stream(config.seed, "cohort.altitude").uniform(
            priors.altitude_m.low, priors.altitude_m.high, n)),
        "outdoor_h_per_day": _given(known, "outdoor_h_per_day", np.where(indoor > 0, outdoor_in, outdoor_out)),
        "menstruating": menstruating,
        "plan": plan,
        "trainability": trainability,
        "endurance_responsiveness": trainability * endurance_specific,
        "strength_responsiveness": trainability * strength_specific,
        "compliance": compliance,
        "sweat_rate_l_h": sweat,
    }
    intake_rng = stream(config.seed, "cohort.intake")
    scale = config.diet.intake_scale
    for nutrient in NUTRIENTS:
        z = intake_rng.standard_normal(n)
        habitual = _given(known, f"habitual_{nutrient.id}", intake_median(nutrient, female, diet) * np.exp(np.log(nutrient.gsd) * z))
        out[f"habitual_{nutrient.id}"] = habitual * scale.get(nutrient.id, 1.0)
    return out
