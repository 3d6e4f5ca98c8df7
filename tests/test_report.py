"""report.html: figures, tables, evidence labels and the hypothesis warning."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

import cohort.analysis.mechanisms as mechanisms
from cohort.analysis.mechanisms import hypothesis_warnings, strength_table
from cohort.cli import main
from cohort.report import write_report
from tests.analysis.synthetic import write_experiment_dir

REGISTRY = pd.DataFrame(
    [
        ("vdr_force", "vitamin_d", "VDR signal", "force", 1, "supported", True, "ceglia2013", ""),
        ("vitd_mito", "vitamin_d", "vitamin D", "mitochondria", 1, "hypothesis", False, "none", ""),
        ("vitc_hepcidin", "iron", "vitamin C", "hepcidin", -1, "contradicted", False, "diaz2015", ""),
    ],
    columns=mechanisms.MECHANISM_COLUMNS,
)


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(mechanisms, "registry_frame", lambda: REGISTRY.copy())


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """One analysed synthetic experiment (analysis and figures are the slow part), copied per test."""
    from cohort.analysis import analyze_experiment

    folder = write_experiment_dir(tmp_path_factory.mktemp("analysed") / "exp", resolved=resolved({}))
    analyze_experiment(folder, n_boot=100)
    return folder


def experiment(analysed, tmp_path, treat_mechanisms: dict):
    folder = shutil.copytree(analysed, tmp_path / "exp")
    (folder / "experiment.resolved.yaml").write_text(yaml.safe_dump(resolved(treat_mechanisms)), encoding="utf-8")
    return folder


def resolved(treat_mechanisms: dict) -> dict:
    return {
        "name": "Vitamin D synthetic", "hypothesis": "Vitamin D sufficiency improves strength adaptation.", "reference": "control",
        "arms": {"control": {}, "treat": {"mechanisms": treat_mechanisms}}, "outcomes": ["strength_1rm_kg"],
        "base": {"mechanisms": {"vdr_force": {"scale": 1.5}}},
    }


def test_strengths_per_arm_and_warnings(registry):
    table = strength_table(resolved({"vitd_mito": {"enabled": True}}), ["control", "treat"])
    by_id = table.set_index("id")
    assert by_id.loc["vdr_force", "strength[control]"] == 1.5 and by_id.loc["vdr_force", "strength[treat]"] == 1.5
    assert by_id.loc["vitd_mito", "strength[control]"] == 0.0 and by_id.loc["vitd_mito", "strength[treat]"] == 1.0
    assert not by_id.loc["vitc_hepcidin", "active"]
    warnings = hypothesis_warnings(table, ["control", "treat"])
    assert len(warnings) == 1 and "vitd_mito" in warnings[0] and "differed between arms" in warnings[0]


def test_report_warns_when_a_hypothesis_mechanism_was_on(tmp_path, registry, analysed):
    folder = experiment(analysed, tmp_path, {"vitd_mito": {"enabled": True}})
    text = write_report(folder).read_text(encoding="utf-8")
    assert "WARNING: mechanisms labelled hypothesis" in text and "vitd_mito" in text
    assert "Vitamin D sufficiency improves strength adaptation." in text
    assert text.count("data:image/png;base64,") >= 6  # figures embedded
    assert "evidence-supported" in text and "vdr_force" in text  # active mechanisms with labels
    assert "Resolved configuration" in text and "strength_1rm_kg" in text
    assert (folder / "contrasts.csv").is_file()


def test_report_without_hypothesis_mechanisms_has_no_warning(tmp_path, registry, analysed):
    folder = experiment(analysed, tmp_path, {})
    text = write_report(folder).read_text(encoding="utf-8")
    assert "WARNING" not in text


def test_cli_report_plot_and_network(tmp_path, capsys, registry, analysed):
    folder = experiment(analysed, tmp_path, {})
    (folder / "figures" / "forest.svg").unlink()
    assert main(["plot", str(folder), "--bootstrap", "50"]) == 0
    assert (folder / "figures" / "forest.svg").is_file()
    assert main(["report", str(folder)]) == 0 and (folder / "report.html").is_file()
    assert main(["network", "--out", str(tmp_path / "net.svg")]) == 0 and (tmp_path / "net.svg").stat().st_size > 0
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert main(["network", "--out", str(tmp_path / "net.txt")]) == 2
    assert "cohort:" in capsys.readouterr().err


def test_report_numbers_are_formatted_for_reading():
    from cohort.report import format_number

    assert [format_number(v) for v in (1234.5, 12.345, 0.012345, 3.0, 0.0, float("nan"), 1.5e-5)] == [
        "1,234", "12.3", "0.0123", "3", "0", "", "1.50e-05",
    ]


def test_contrast_rows_name_sweep_points_by_their_factor_values():
    import pandas as pd

    from cohort.report import contrast_rows

    contrasts = pd.DataFrame({
        "point": [0, 1], "outcome": "ferritin_ug_l", "kind": "continuous", "arm": "iron", "subgroup_variable": "all",
        "subgroup_level": "all", "n": 10, "mean_diff": [1.0, 2.0], "smd": [0.5, 1.0],
    })
    factors = pd.DataFrame({"point": [0, 1], "strategy.iron.product.iron.elemental_mg": [20, 60]})
    rows = contrast_rows(contrasts, factors)
    assert list(rows.columns[:3]) == ["elemental_mg", "outcome", "arm"]
    assert rows.elemental_mg.tolist() == [20, 60] and rows.outcome.tolist() == ["ferritin (µg/L)"] * 2
    assert "point" not in rows.columns
