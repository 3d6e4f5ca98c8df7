"""Determinism and common random numbers of the engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd

from cohort.engine.model import CohortModel
from cohort.rng import DailyStreams, stream, stream_key
from tests.conftest import CONFIGS


def _run(config, step_days: int | None = None) -> np.ndarray:
    model = CohortModel(config)
    if step_days is None:
        model.run_model()
    else:
        while model.day < model.n_days_total:
            model.advance(step_days)
    return model.state.copy()


def test_same_seed_gives_identical_state(quick_config):
    assert np.array_equal(_run(quick_config), _run(quick_config), equal_nan=True)


def test_different_seeds_differ(quick_config):
    other = quick_config.model_copy(update={"seed": quick_config.seed + 1})
    assert not np.array_equal(_run(quick_config), _run(other))


def test_chunking_never_changes_results(quick_config):
    whole = _run(quick_config)
    assert np.array_equal(whole, _run(quick_config, step_days=1))
    assert np.array_equal(whole, _run(quick_config, step_days=5))


def test_daily_draws_do_not_depend_on_chunk_size():
    at_once = DailyStreams(7, 13, ("a",)).draw(6)
    streams = DailyStreams(7, 13, ("a",))
    pieces = [streams.draw(2), streams.draw(1), streams.draw(3)]
    assert np.array_equal(at_once[0], np.concatenate([p[0] for p in pieces]))
    assert np.array_equal(at_once[1], np.concatenate([p[1] for p in pieces]))


_STREAM_PROBE = """
from cohort.rng import stream, stream_key
print(stream_key("training.compliance"), stream_key("cohort"), repr(stream(1, "x").random()))
"""


def test_streams_are_named_and_the_same_in_every_process():
    """A stream's key and draws depend on its name only: a fresh interpreter with another hash
    salt (PYTHONHASHSEED) gives the same keys and draws (Python's salted ``hash`` would not)."""
    here = f"{stream_key('training.compliance')} {stream_key('cohort')} {stream(1, 'x').random()!r}"
    for salt in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": salt}
        other = subprocess.run([sys.executable, "-c", _STREAM_PROBE], env=env, check=True, capture_output=True, text=True)
        assert other.stdout.strip() == here
    assert stream_key("a") != stream_key("b")
    assert stream(1, "x").random() != stream(1, "y").random()
    assert stream(1, "x").random() != stream(2, "x").random()


_UNCOMPILED = """
import sys, numpy as np
from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
config = load_config(sys.argv[1], ["cohort.size=12", "duration_weeks=2"])
model = CohortModel(config)
model.run_model()
np.save(sys.argv[2], model.state)
"""


def test_compiled_and_uncompiled_agree(tmp_path):
    """The same per-athlete code run as plain Python (NUMBA_DISABLE_JIT=1) gives the same state."""
    from cohort.config.loader import load_config

    config = load_config(CONFIGS / "quickstart.yaml", ["cohort.size=12", "duration_weeks=2"])
    compiled = _run(config)
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    target = tmp_path / "uncompiled.npy"
    subprocess.run([sys.executable, "-c", _UNCOMPILED, str(CONFIGS / "quickstart.yaml"), str(target)], env=env, check=True)
    uncompiled = np.load(target)
    np.testing.assert_allclose(compiled, uncompiled, rtol=1e-12, atol=1e-12)


def test_cli_runs_twice_give_identical_athletes(tmp_path):
    from cohort.cli import main

    for name in ("a", "b"):
        assert main(["run", str(CONFIGS / "quickstart.yaml"), "--set", "cohort.size=30", "--set", "duration_weeks=2", "--out", str(tmp_path / name)]) == 0
    first = pd.read_parquet(tmp_path / "a" / "athletes.parquet")
    second = pd.read_parquet(tmp_path / "b" / "athletes.parquet")
    pd.testing.assert_frame_equal(first, second)
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["config_hash"] == json.loads((tmp_path / "b" / "manifest.json").read_text())["config_hash"]


def test_threads_give_bit_identical_results():
    """Athletes are independent within a compiled chunk, so running them on threads changes
    nothing (also guards against the serial and threaded kernels sharing a cache entry)."""
    from cohort.config.loader import load_config
    from cohort.engine.model import THREADED_MIN_ATHLETES

    config = load_config(CONFIGS / "quickstart.yaml", [f"cohort.size={THREADED_MIN_ATHLETES}", "duration_weeks=3"])
    serial = CohortModel(config, threads=1)
    serial.run_model()
    threaded = CohortModel(config, threads=2)
    threaded.run_model()
    assert np.array_equal(serial.state, threaded.state)
    assert np.array_equal(serial.recorder.values, threaded.recorder.values, equal_nan=True)


def test_arms_sharing_their_start_give_the_runs_built_alone(quick_config):
    """StartStates: the second arm of a seed reuses the first's athletes and initial state (no
    draw, no solve), and its run is bit-identical to the same arm built on its own; a config that
    differs outside its strategies (here a physiology parameter) starts afresh."""
    from cohort.config.loader import load_config
    from cohort.engine.model import StartStates

    iron = load_config(CONFIGS / "quickstart.yaml", [
        "cohort.size=40", "duration_weeks=3",
        'strategies=[{"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}}}]',
    ])
    assert iron.strategies != quick_config.strategies
    shared = StartStates()
    first = CohortModel(quick_config, start_states=shared)
    second = CohortModel(iron, start_states=shared)
    assert shared.hits == 1
    alone = CohortModel(iron)
    assert np.array_equal(second.state, alone.state)
    assert all(np.array_equal(second.traits[name], alone.traits[name]) for name in alone.traits)
    first.state[:, 0] += 1.0  # a run changes its own state in place: the kept copy is untouched
    for model in (second, alone):
        model.run_model()
    assert np.array_equal(second.state, alone.state, equal_nan=True)
    other = load_config(CONFIGS / "quickstart.yaml", ["cohort.size=40", "duration_weeks=3", "physiology.vitamin_d.skin_efficiency_cv=0.5"])
    CohortModel(other, start_states=shared)
    assert shared.hits == 1
