"""Memory is estimated before a run is built, and a run that cannot fit is refused."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.cli import main
from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
from cohort.errors import ConfigError
from cohort.memory import check_memory, estimate, parse_bytes
from tests.conftest import CONFIGS

CONFIG = CONFIGS / "base.yaml"


def test_estimate_covers_the_arrays_a_model_allocates() -> None:
    """The estimate is at least the state block and recording buffers a built model holds, and
    within 10x of them (the rest is results and working copies, measured at ~2-5x)."""
    config = load_config(CONFIG, ["cohort.size=300", "duration_weeks=4", "recording.interval_days=1"])
    model = CohortModel(config)
    recorder = model.recorder
    held = sum(a.nbytes for a in (model.state, recorder.values, recorder.baseline, recorder.minimum, recorder.maximum))
    needed = estimate(config)
    assert needed.recording_steps == len(recorder.days)
    assert needed.recorded_variables == len(recorder.names)
    assert held <= needed.total_bytes <= 10 * held


def test_estimate_grows_with_athletes_and_recorded_days() -> None:
    small = estimate(load_config(CONFIG, ["cohort.size=1000", "duration_weeks=12"]))
    more = estimate(load_config(CONFIG, ["cohort.size=2000", "duration_weeks=12"]))
    daily = estimate(load_config(CONFIG, ["cohort.size=1000", "duration_weeks=12", "recording.interval_days=1"]))
    assert more.total_bytes == 2 * small.total_bytes
    assert daily.recording_bytes > 6 * small.recording_bytes  # 85 steps against 13


def test_a_run_beyond_the_limit_is_refused_before_building(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHORT_MEMORY_LIMIT", "1M")
    with pytest.raises(ConfigError) as caught:
        CohortModel(str(CONFIG))
    (problem,) = caught.value.problems
    assert problem.source == str(CONFIG)
    assert problem.key_path == "cohort.size"
    assert "recording.interval_days" in problem.expected and "duration_weeks" in problem.expected


def test_the_cli_names_the_config_file_and_exits_2(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("COHORT_MEMORY_LIMIT", "2M")
    code = main(["run", str(CONFIG), "--out", str(tmp_path / "out"), "--set", "cohort.size=5000"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{CONFIG}: cohort.size: got 5000" in err
    assert not (tmp_path / "out").exists()


def test_processes_multiply_the_need() -> None:
    config = load_config(CONFIG, ["cohort.size=1000"])
    one = estimate(config).total_bytes
    check_memory(config, available=int(np.ceil(one / 0.8)) + 1)  # fits once
    with pytest.raises(ConfigError, match="--jobs"):
        check_memory(config, processes=2, available=int(np.ceil(one / 0.8)) + 1)


def test_parse_bytes() -> None:
    assert parse_bytes("1500") == 1500
    assert parse_bytes("2K") == 2048
    assert parse_bytes("1.5GiB") == int(1.5 * 1024**3)
    assert parse_bytes("512mb") == 512 * 1024**2
