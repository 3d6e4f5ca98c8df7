"""End to end: a small Morris sweep, then `cohort sensitivity` writes indices, noise and figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cohort.cli import main
from cohort.experiment.runner import run_experiment
from tests.experiment.conftest import write_experiment


@pytest.fixture(scope="module")
def morris_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("morris")
    factors = {
        "physiology.muscle.tau_fitness_d": {"range": "literature"},
        "physiology.muscle.fitness_gain_per_au": {"range": "literature"},
        "cohort.female_share": {"range": [0.2, 0.8]},
    }
    # Untrained athletes start without a training history, so over 8 weeks the muscle factors move their
    # outcomes more than replicate noise does (trained athletes start at their plateau whatever the gain).
    path = write_experiment(folder, sweep={"design": "morris", "samples": 3, "factors": factors},
                            set={"duration_weeks": 8, "cohort": {"size": 20, "training_status": {"untrained": 1.0}}},
                            arms={"control": {}, "noisy": {"training": {"day_to_day_cv": 0.2}}})
    result = run_experiment(path, folder / "out", jobs=1, analyze=False)
    assert result.ok and result.n_runs == 3 * 4 * 2 * 2
    return folder / "out"


def test_sensitivity_command_writes_indices_noise_and_figures(morris_results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sensitivity", str(morris_results), "--outcome", "strength_1rm_kg", "--outcome", "vo2max_ml_kg_min"])
    assert code == 0
    folder = morris_results / "sensitivity"
    indices = pd.read_csv(folder / "indices.csv")
    assert set(indices["index"]) == {"mu", "mu_star", "sigma"} and set(indices.method) == {"morris"}
    assert len(indices) == 2 * 3 * 3 and indices.value.notna().all()
    # fitness gain per training unit must move strength gains more than the share of women in
    # the cohort does over these ranges (a property of the muscle model's adaptation equation)
    strength = indices[(indices.outcome == "strength_1rm_kg") & (indices["index"] == "mu_star")].set_index("factor")
    assert strength.value["physiology.muscle.fitness_gain_per_au"] > strength.value["cohort.female_share"]
    noise = pd.read_csv(folder / "noise.csv")
    assert ((noise.noise_share >= 0) & (noise.noise_share <= 1.0 + 1e-9)).all()
    figures = {p.name for p in (folder / "figures").iterdir()}
    assert any(name.startswith("indices_strength_1rm_kg") and name.endswith(".png") for name in figures)
    assert any(name.startswith("dose_response_") for name in figures)
    assert any(name.startswith("discovery_") for name in figures)
    assert "mu_star" in capsys.readouterr().out


def test_paired_analysis_uses_crn_differences(morris_results: Path) -> None:
    from cohort.sensitivity import analyze_sensitivity

    paired = analyze_sensitivity(morris_results, ["strength_1rm_kg"], paired=True)
    assert set(paired.indices.contrast) == {"noisy - control"}
    runs = paired.runs
    table = runs.pivot_table(index=["point", "replicate"], columns="arm", values="strength_1rm_kg")
    expected = (table["noisy"] - table["control"]).groupby(level="point").mean()
    points = paired.points.set_index("point")["mean"]
    pd.testing.assert_series_equal(points, expected, check_names=False)


def test_unknown_outcome_is_an_input_error(morris_results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(morris_results), "--outcome", "not_a_variable"]) == 2
    assert "--outcome" in capsys.readouterr().err
