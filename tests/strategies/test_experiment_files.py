"""Every ready experiment validates, names a hypothesis, and its arms compile to dose tables."""

from __future__ import annotations

import pytest

from tests.conftest import EXPERIMENTS

FILES = sorted(EXPERIMENTS.glob("*.yaml"))


def test_the_ready_experiments_exist():
    names = {path.stem for path in FILES}
    assert {"quickstart", "vitamin_d_winter", "iron_timing", "vitamin_c_iron", "antioxidants", "magnesium_heavy_training",
            "b_vitamins_antibiotics", "crosstalk_stack", "food_first"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_experiment_validates_and_every_arm_compiles(path):
    from cohort.engine.model import CohortModel
    from cohort.experiment.spec import resolve_experiment

    experiment = resolve_experiment(path, overrides=["cohort.size=8", "cohort.block_size=null"])  # a model of the whole cohort
    assert len(experiment.spec.hypothesis) > 80
    assert experiment.spec.reference_arm in experiment.spec.arms
    built = {}
    for run in experiment.runs:
        if run.arm not in built and run.replicate == 0:
            # Experiment.config(run) rebuilds a run's config (older runners kept a dict of them)
            config = experiment.config(run) if hasattr(experiment, "config") else experiment.configs[run.key]
            built[run.arm] = CohortModel(config, run_id=run.run_id)
    supplements = {arm: [name for name in model.dose_tables.names if not name.startswith("test_meal.")] for arm, model in built.items()}
    if experiment.spec.crossover is not None:  # the runs are the sequences, each giving the treatment in one period
        assert set(built) == set(experiment.spec.crossover.sequences)
        assert all(supplements.values())
        return
    assert set(built) == set(experiment.spec.arms)
    # the reference arm takes no supplement (a test meal given to every arm is not one)
    assert supplements[experiment.spec.reference_arm] == []
