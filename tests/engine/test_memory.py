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


def test_arms_over_blocks_are_estimated_and_refused_before_anything_runs(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """A block of a blocked experiment keeps the reference arm's values and the shared start
    while the other arms run, and aggregates per arm and per arm difference: more than a block
    alone (measured: 40,000 athletes x 12 weeks, 2 arms, 480 MB above the process vs 263 MB for
    one blocked run; the estimates, 828 and 529 MB, stay above both). A 2-arm experiment whose
    block fits alone but not with its arms is refused, naming the block size, and writes nothing."""
    from cohort.experiment.runner import run_experiment

    config = load_config(CONFIG, ["cohort.size=4000", "cohort.block_size=2000", "duration_weeks=2"])
    one, two, three = (estimate(config, arms=a) for a in (1, 2, 3))
    assert one.total_bytes < two.total_bytes < three.total_bytes
    assert two.aggregate_bytes == 3 * one.aggregate_bytes and three.aggregate_bytes == 5 * one.aggregate_bytes
    limit = int((one.total_bytes + two.total_bytes) / 2 / 0.8)
    check_memory(config, available=limit)  # the block alone fits
    monkeypatch.setenv("COHORT_MEMORY_LIMIT", str(limit))
    file = tmp_path / "arms.yaml"
    file.write_text(
        f"name: arms\nhypothesis: D3 keeps 25(OH)D up.\nbase: {CONFIG}\nset:\n  duration_weeks: 2\n  cohort: {{size: 4000, block_size: 2000}}\n"
        "reference: control\narms:\n  control: {}\n  d3:\n    strategies:\n"
        "      - {name: d3, product: {vitamin_d_ug: 50}, delivery: {schedule: daily, with_meal: breakfast}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        run_experiment(file, tmp_path / "out", jobs=1, analyze=False)
    (problem,) = caught.value.problems
    assert problem.key_path == "cohort.block_size"
    assert not (tmp_path / "out").exists()
