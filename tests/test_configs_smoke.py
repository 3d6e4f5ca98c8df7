"""Every config in configs/ validates and runs briefly."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.config.loader import load_config
from cohort.single_run import run
from tests.conftest import CONFIGS

FILES = sorted(p for p in CONFIGS.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_config_validates_and_runs(path):
    config = load_config(path, ["cohort.size=20", "duration_weeks=2"])
    result = run(config)
    assert len(result.athletes) == 20
    numeric = result.athletes.select_dtypes("number")
    assert np.isfinite(numeric.to_numpy()).all()
    assert result.runs.n_days.iloc[0] == 14


def test_a_large_default_population_stays_physiological_for_a_year():
    """Rare trait combinations (tails of 10,000 athletes) must not leave physical bounds: this
    caught an untruncated menstrual-loss tail that drove one athlete's Hb to 2 g/dL."""
    from cohort.engine.model import CohortModel

    model = CohortModel(load_config(CONFIGS / "base.yaml", ["cohort.size=10000", "duration_weeks=52"]))
    model.run_model()
    assert model.day == 364
    assert np.isfinite(model.state).all()
