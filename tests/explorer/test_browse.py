"""The results browser reads what ``cohort sensitivity`` computes, lazily, and agrees with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cohort.explorer.browse import ResultsBrowser, binned


def test_indices_and_points_match_the_sensitivity_command(sweep_results: Path) -> None:
    from cohort.sensitivity.indices import analyze_sensitivity

    browser = ResultsBrowser(sweep_results)
    assert browser.arms == ["control", "iron"] and browser.n_points == 10
    assert browser.outcomes[:3] == ["ferritin_ug_l", "hb_g_dl", "vo2max_ml_kg_min"]
    expected = analyze_sensitivity(sweep_results, ["ferritin_ug_l"], arm="iron", paired=True)
    ours = browser.indices("ferritin_ug_l", "iron", paired=True)
    np.testing.assert_allclose(ours["value"].to_numpy(), expected.indices["value"].to_numpy(), rtol=1e-12)
    points = browser.points("ferritin_ug_l", "iron", paired=True)
    np.testing.assert_allclose(points["mean"].to_numpy(), expected.points["mean"].to_numpy(), rtol=1e-12)


def test_subgroup_all_equals_the_arm_mean(sweep_results: Path) -> None:
    browser = ResultsBrowser(sweep_results)
    table = browser.subgroups("ferritin_ug_l", 4, "iron")
    everyone = table[table.subgroup_variable == "all"].iloc[0]
    arms = browser.arm_table("ferritin_ug_l", 4).set_index("arm")
    # equal cohort sizes per replicate: mean over athletes = mean of the run means
    assert everyone["mean"] == pytest.approx(arms.loc["iron", "mean"], rel=1e-9)
    assert everyone["n"] == 12 * int(arms.loc["iron", "count"])
    rows = browser.athletes_at(4, ["ferritin_ug_l_change"], "iron")
    assert set(rows.columns) == {"run_id", "arm", "replicate", "ferritin_ug_l_change"} and set(rows.arm) == {"iron"}


def test_binning_keeps_few_values_and_bins_many() -> None:
    few = pd.DataFrame({"x": [20.0, 40.0, 60.0, 20.0]})
    assert binned(few, "x").tolist() == few.x.tolist()
    many = pd.DataFrame({"x": np.linspace(0.0, 2.0, 120)})
    values = binned(many, "x", bins=6)
    assert values.nunique() == 6 and values.is_monotonic_increasing


def test_a_single_run_is_browsable(tmp_path: Path) -> None:
    from cohort.config.loader import load_config
    from cohort.single_run import run

    root = Path(__file__).resolve().parents[2]
    config = load_config(root / "configs" / "quickstart.yaml", ["cohort.size=10", "duration_weeks=1"])
    result = run(config, tmp_path / "run")
    browser = ResultsBrowser(tmp_path / "run")
    assert browser.arms == ["run"] and browser.n_points == 1 and browser.factors == []
    table = browser.arm_table("strength_1rm_kg")
    assert table["mean"].iloc[0] == pytest.approx(result.athletes["strength_1rm_kg_change"].mean(), rel=1e-12)
    assert browser.indices("strength_1rm_kg", "run").empty
