"""Squad tables written into temporary folders, with a config naming them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CONFIGS

EXAMPLE = CONFIGS / "squads" / "example_squad.csv"


def write_squad(folder: Path, frame: pd.DataFrame, weeks: int = 2, name: str = "squad.csv") -> Path:
    """Write ``frame`` as a squad table and a config naming it (relative path); returns the config."""
    frame.to_csv(folder / name, index=False)
    config = folder / "squad.yaml"
    config.write_text(
        f"extends: {CONFIGS / 'base.yaml'}\nduration_weeks: {weeks}\ncohort:\n  squad: {name}\n", encoding="utf-8"
    )
    return config


@pytest.fixture
def example_frame() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
