"""Shared fixtures. Paths are resolved from this file, never from the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"
EXPERIMENTS = ROOT / "experiments"


@pytest.fixture
def quick_config():
    """The quickstart config shrunk to a small, fast cohort."""
    from cohort.config.loader import load_config

    return load_config(CONFIGS / "quickstart.yaml", ["cohort.size=40", "duration_weeks=3"])
