"""Common random numbers through shared starts (StartStates): the arms of one replicate reuse
one build of the athletes and their initial states only where nothing the build reads differs.

For every shipped experiment, each arm of the first point and replicate built with the
worker's shared starts equals the same arm built alone, bit for bit: if a strategy ever
changed something the build reads, the arm sharing another's start would differ from its own
build and this test would fail. Arms that differ only in their strategies do share (the test
counts the reuses), and an arm that changes a config key the build reads gets its own build.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cohort.engine.model import CohortModel, StartStates
from cohort.experiment.spec import resolve_experiment
from tests.conftest import ROOT
from tests.experiment.conftest import write_experiment

EXPERIMENTS = sorted((ROOT / "experiments").glob("*.yaml"))
SMALL = ["cohort.size=12", "cohort.block_size=null"]  # the build does not simulate: durations stay as shipped; blocked files as plain cohorts


def _first_replicate(path: Path) -> tuple[list, object]:
    experiment = resolve_experiment(path, overrides=SMALL)
    runs = [run for run in experiment.runs if run.point == 0 and run.replicate == 0]
    return [experiment.config(run) for run in runs], experiment


@pytest.mark.parametrize("path", EXPERIMENTS, ids=[path.stem for path in EXPERIMENTS])
def test_every_arm_sharing_a_start_equals_its_own_build(path: Path) -> None:
    configs, _ = _first_replicate(path)
    shared = StartStates()
    expected_hits = 0
    seen: set[str] = set()
    for config in configs:
        key = StartStates.key(config)
        expected_hits += key in seen
        seen.add(key)
        with_shared = CohortModel(config, start_states=shared)
        alone = CohortModel(config)
        assert np.array_equal(with_shared.state, alone.state, equal_nan=True), config.name
        assert all(np.array_equal(with_shared.traits[name], alone.traits[name]) for name in alone.traits)
    assert shared.hits == expected_hits


def test_arms_that_differ_only_in_strategies_share_and_others_rebuild(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, sweep=None, arms={
        "control": {},
        "iron": {"strategies": [{"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}}}]},
        "more_training_noise": {"training": {"day_to_day_cv": 0.2}},
    })
    configs, _ = _first_replicate(path)
    keys = [StartStates.key(config) for config in configs]
    assert keys[0] == keys[1]  # strategies are not part of what the build reads
    assert keys[2] != keys[0]  # a config key is (training.day_to_day_cv), whatever the build does with it
    shared = StartStates()
    for config in configs:
        CohortModel(config, start_states=shared)
    assert shared.hits == 1
