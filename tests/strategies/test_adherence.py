"""Per-athlete adherence: Beta-distributed probabilities, and realised doses that match them."""

from __future__ import annotations

import numpy as np

from cohort.engine.model import CohortModel
from cohort.engine.study import adherence_probabilities
from tests.strategies.helpers import config, day_inputs, intake


def test_probabilities_follow_the_beta_settings():
    # Beta(mean c, (1 - mean) c): mean 0.7, variance 0.7 x 0.3 / (c + 1) = 0.0191 for c = 10.
    # n = 20000: SE of the mean 0.001, of the variance ~0.0002; tolerances ~5 SE.
    p = adherence_probabilities(seed=3, name="d3", mean=0.7, concentration=10.0, n_athletes=20000)
    assert abs(p.mean() - 0.7) < 0.005
    assert abs(p.var() - 0.7 * 0.3 / 11) < 0.001
    assert adherence_probabilities(3, "d3", 1.0, 10.0, 5).tolist() == [1.0] * 5
    # named stream: same seed and name, same athletes' probabilities
    assert np.array_equal(p, adherence_probabilities(3, "d3", 0.7, 10.0, 20000))


def test_realised_doses_match_each_athletes_probability():
    strategies = [{"name": "mg", "product": {"magnesium_mg": 300}, "adherence": {"mean": 0.6, "concentration": 4.0}}]
    model = CohortModel(config(strategies, size=300, weeks=4))
    _, adherence_u = model.streams.draw(28)  # the engine's own daily stream "adherence.mg"
    from cohort.state import STATE

    habitual = model.state[:, STATE.index("habitual_magnesium_mg")]
    taken = np.zeros((28, model.n_athletes), dtype=bool)
    for day in range(28):
        # the schedule phase takes a due dose when the day's uniform draw is below the probability
        for athlete in range(model.n_athletes):
            d = day_inputs_with(model, athlete, day, adherence_u[day])
            taken[day, athlete] = intake(d, "magnesium_mg") > habitual[athlete] + 1.0
    p = model.dose_tables.adherence[:, 0]
    # overall: 8400 athlete-days; binomial SE given p ~ 0.005, plus the sample of athletes
    assert abs(taken.mean() - p.mean()) < 0.02
    assert abs(p.mean() - 0.6) < 0.05  # 300 athletes, SD 0.22: SE 0.013
    # per athlete: 28 days each, realised rates follow the probabilities
    assert np.corrcoef(taken.mean(axis=0), p)[0, 1] > 0.9


def day_inputs_with(model, athlete: int, day: int, uniforms: np.ndarray) -> np.ndarray:
    from cohort.engine.schedule import fill_day
    from cohort.rng import NOISE_DIET, NOISE_TRAINING

    d = model.neutral.copy()
    noise = np.zeros((model.streams.n_streams, model.n_athletes))
    noise[NOISE_TRAINING] = 1.0
    noise[NOISE_DIET] = 1.0
    tables = model.dose_tables
    fill_day(
        athlete, day, model.state[athlete], model.params[model.group[athlete]], d, model.plans.sessions, model.plans.phase, model.meals, model.bouts, noise, uniforms,
        tables.amount, tables.scheduled, tables.phase_mask, tables.timing, tables.co_ingested, tables.eligible, tables.adherence,
    )
    return d


def test_full_adherence_takes_every_due_dose():
    model = CohortModel(config([{"name": "mg", "product": {"magnesium_mg": 300}}], size=5))
    from cohort.state import STATE

    habitual = model.state[2, STATE.index("habitual_magnesium_mg")]
    assert intake(day_inputs(model, 2, 4), "magnesium_mg") == habitual + 300.0
