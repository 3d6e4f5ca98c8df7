"""Every config in configs/ validates and runs briefly."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.config.loader import load_config
from cohort.runner import run
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
