"""The experiment file: schema, factor paths, validation through the config loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort.errors import ConfigError
from cohort.experiment.spec import resolve_experiment
from tests.experiment.conftest import write_experiment


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        resolve_experiment(path)
    return [str(p) for p in info.value.problems]


def test_plan_is_points_x_arms_x_replicates_with_crn_seeds(experiment_file: Path) -> None:
    experiment = resolve_experiment(experiment_file)
    assert experiment.design.n_points == 4
    assert experiment.n_runs == 4 * 2 * 2
    seeds = {(r.point, r.arm, r.replicate): r.seed for r in experiment.runs}
    # replicate r has the same seed in every arm and at every point (common random numbers)
    for replicate in range(2):
        assert len({s for (_, _, rep), s in seeds.items() if rep == replicate}) == 1
    assert seeds[(0, "control", 1)] == seeds[(0, "control", 0)] + 1
    config = experiment.config(experiment.runs[-1])
    assert config.physiology["muscle"]["tau_fitness_d"] == 45
    assert config.cohort.female_share == 0.6
    assert config.training.day_to_day_cv == 0.2  # last run is the 'noisy' arm
    assert len({r.key for r in experiment.runs}) == experiment.n_runs


def test_unknown_top_level_key_names_file_and_key(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, replicats=3)
    (line,) = problems(path)
    assert str(path) in line and "replicats" in line and "no such key" in line


def test_unknown_factor_path_names_experiment_file_and_factor(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, sweep={"design": "grid", "factors": {"cohort.sizee": {"values": [10, 20]}}})
    (line,) = problems(path)
    assert str(path) in line and "sweep.factors.cohort.sizee" in line and "cohort.sizee" in line


def test_factor_value_validated_like_config_values(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, sweep={"design": "grid", "factors": {"cohort.size": {"values": [10, 0]}}})
    (line,) = problems(path)
    assert "sweep.factors.cohort.size" in line and "cohort.size" in line and "got 0" in line


def test_physiology_factor_outside_bounds_is_rejected(tmp_path: Path) -> None:
    factors = {"physiology.muscle.tau_fitness_d": {"values": [-5]}}
    path = write_experiment(tmp_path, sweep={"design": "grid", "factors": factors})
    (line,) = problems(path)
    assert "physiology.muscle.tau_fitness_d" in line and "-5" in line


def test_strategy_factor_needs_a_strategy_of_that_name(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, sweep={"design": "grid", "factors": {"strategy.iron.product.iron_mg": {"values": [60]}}})
    (line,) = problems(path)
    assert "sweep.factors.strategy.iron.product.iron_mg" in line and "strategy named 'iron'" in line


def test_arm_factor_applies_to_one_arm_only(tmp_path: Path) -> None:
    factors = {"arm.noisy.diet.day_to_day_cv": {"values": [0.1, 0.5]}}
    experiment = resolve_experiment(write_experiment(tmp_path, sweep={"design": "grid", "factors": factors}))
    by_label = {(r.point, r.arm, r.replicate): experiment.config(r) for r in experiment.runs}
    assert by_label[(1, "noisy", 0)].diet.day_to_day_cv == 0.5
    assert by_label[(0, "control", 0)].diet.day_to_day_cv == by_label[(1, "control", 0)].diet.day_to_day_cv
    # the control arm does not change between points: same run key, computed once
    control_keys = {r.key for r in experiment.runs if r.arm == "control" and r.replicate == 0}
    assert len(control_keys) == 1


def test_mechanism_factor_path_shape(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, sweep={"design": "grid", "factors": {"mechanism.some_link": {"values": [1]}}})
    (line,) = problems(path)
    assert "mechanism.<id>.scale" in line


def test_arm_error_names_the_arm(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, arms={"control": {}, "bad": {"cohort": {"size": -1}}}, sweep=None)
    (line,) = problems(path)
    assert "arms.bad" in line and "cohort.size" in line


def test_reference_must_be_an_arm_and_sobol_needs_power_of_two(tmp_path: Path) -> None:
    lines = problems(write_experiment(tmp_path, reference="nope"))
    assert any("reference 'nope' is not an arm" in line for line in lines)
    sweep = {"design": "sobol", "samples": 12, "factors": {"cohort.female_share": {"range": [0.2, 0.8]},
                                                           "physiology.muscle.tau_fitness_d": {"range": [30, 60]}}}
    lines = problems(write_experiment(tmp_path, name="b.yaml", sweep=sweep))
    assert any("power of 2" in line for line in lines)


def test_literature_wildcard_expands_to_every_muscle_parameter(tmp_path: Path) -> None:
    from cohort.parameters import PARAMS
    from cohort.physiology import load_all

    load_all()
    sweep = {"design": "morris", "samples": 2, "factors": {"physiology.muscle.*": {"range": "literature"}}}
    experiment = resolve_experiment(write_experiment(tmp_path, sweep=sweep, replicates=1, arms={"control": {}}))
    meta = PARAMS.sections["muscle"].field_meta()
    expected = [f"physiology.muscle.{n}" for n, m in meta.items() if m["range"][0] < m["range"][1]]
    assert experiment.design.factors == expected
    for values in experiment.design.values:
        for name, value in values.items():
            low, high = meta[name.rsplit(".", 1)[1]]["range"]
            assert low <= value <= high


def test_set_overrides_and_seed(experiment_file: Path) -> None:
    experiment = resolve_experiment(experiment_file, overrides=["cohort.size=7"], seed=99)
    assert {experiment.config(r).cohort.size for r in experiment.runs} == {7}
    assert {r.seed for r in experiment.runs} == {99, 100}
