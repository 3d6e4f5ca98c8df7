"""The validation framework: checks that can fail, the case registry's metadata, protocol files,
the report and the command line. Fake cases stand in where a simulation would add nothing."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from cohort.bibliography import resolve
from cohort.cli import main
from cohort.experiment.spec import resolve_experiment
from cohort.mechanisms import MECHANISMS
from cohort.physiology import load_all
from cohort.validation import framework
from cohort.validation.framework import (
    CASES,
    KINDS,
    Check,
    case,
    check_rows,
    export_protocol,
    load_cases,
    protocol_files,
    protocol_models,
    run_cases,
)
from cohort.validation.report import render_html, write_report

load_all()
REGISTRY = load_cases()


@pytest.fixture
def fake_cases():
    """Register fake cases for one test and remove them afterwards."""
    added: list[str] = []

    def add(case_id: str, checks, kind: str = "validation", diagnosis: str = ""):
        def run():
            if isinstance(checks, Exception):
                raise checks
            return checks

        case(case_id, f"fake {case_id}", "fake", ("moretti2015",), "[A]", "none", kind=kind, diagnosis=diagnosis)(run)
        added.append(case_id)

    yield add
    for case_id in added:
        CASES.pop(case_id, None)


# --------------------------------------------------------------------------- checks
@pytest.mark.parametrize(("low", "high"), [(0.0, math.inf), (-math.inf, 1.0), (math.nan, 1.0), (2.0, 1.0)])
def test_a_check_that_cannot_fail_or_has_no_interval_is_refused(low, high):
    with pytest.raises(ValueError, match="check 'x'"):
        Check("x", 0.5, low, high)


def test_a_published_value_outside_its_own_interval_is_refused():
    with pytest.raises(ValueError, match="published value"):
        Check("x", 0.5, 0.0, 1.0, published=2.0)


@pytest.mark.parametrize(("value", "passed"), [(0.5, True), (1.0, True), (1.0001, False), (-0.1, False), (math.nan, False)])
def test_a_value_outside_its_interval_fails(value, passed):
    assert Check("x", value, 0.0, 1.0, published=0.4).passed is passed


def test_a_fake_case_outside_its_interval_fails_and_a_calibration_miss_sets_the_exit_code(fake_cases, tmp_path, capsys):
    fake_cases("FAKE-OUT", [Check("inside", 1.0, 0.0, 2.0), Check("outside", 3.0, 0.0, 2.0, "mg", published=1.0)], kind="calibration")
    table = run_cases(["FAKE-OUT"])
    assert list(table["passed"]) == [True, False]
    assert main(["validate", "--case", "FAKE-OUT"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_a_validation_miss_is_reported_but_does_not_fail_the_command(fake_cases, capsys):
    fake_cases("FAKE-MISS", [Check("outside", 3.0, 0.0, 2.0)], kind="validation", diagnosis="known")
    assert main(["validate", "--case", "FAKE-MISS"]) == 0
    assert "MISS" in capsys.readouterr().out


def test_a_case_that_raises_is_an_error_row(fake_cases):
    fake_cases("FAKE-RAISE", RuntimeError("boom"))
    table = run_cases(["FAKE-RAISE"])
    assert len(table) == 1 and not table["passed"].iloc[0]
    assert table["error"].iloc[0] == "RuntimeError: boom"


def test_a_case_is_out_of_sample_unless_it_says_otherwise(fake_cases):
    fake_cases("FAKE-DEFAULT", [Check("x", 1.0, 0.0, 2.0)])
    assert CASES["FAKE-DEFAULT"].kind == "validation"
    with pytest.raises(ValueError, match="kind must be one of"):
        case("FAKE-KIND", "t", "s", ("moretti2015",), "[A]", "p", kind="sanity")(lambda: [])


# --------------------------------------------------------------------------- registry metadata
@pytest.mark.parametrize("case_id", sorted(REGISTRY))
def test_case_metadata_is_complete(case_id):
    item = REGISTRY[case_id]
    assert item.kind in KINDS
    assert item.citations and item.evidence and item.protocol and item.published, case_id
    for key in item.citations:
        resolve(key)
    unknown = [m for m in item.mechanisms if m not in MECHANISMS]
    assert not unknown, f"{case_id}: mechanisms not in the registry: {unknown}"


@pytest.mark.parametrize("case_id", protocol_files())
def test_every_protocol_file_belongs_to_a_case_and_resolves_like_a_user_experiment(case_id, tmp_path):
    assert case_id in REGISTRY, f"protocols/{case_id}.yaml has no case"
    assert REGISTRY[case_id].protocol_file == f"{case_id}.yaml"
    written = export_protocol(case_id, tmp_path)
    assert written[0].name == f"{case_id}.yaml" and len(written) == 2  # the file and the base it extends
    exported = resolve_experiment(tmp_path / f"{case_id}.yaml")  # what `cohort experiment` does with the exported file
    shipped = framework.protocol_experiment(case_id)
    assert [r.key for r in exported.runs] == [r.key for r in shipped.runs]  # same configs, run by run


def test_protocol_models_share_athletes_across_arms():
    models = protocol_models("VD-DOSE")
    masses = [model.column("body_mass_kg") for arm, model in models.items() if arm != "obese_d3_25ug"]
    assert all((m == masses[0]).all() for m in masses)


# --------------------------------------------------------------------------- report
def _synthetic_table() -> pd.DataFrame:
    """One passing and one failing check for every registered case (no simulation)."""
    rows = []
    for item in REGISTRY.values():
        rows += check_rows(item, [Check("in", 1.0, 0.0, 2.0, "u", published=1.5), Check("out", 5.0, 0.0, 2.0, "u")], seconds=0.1)
    return pd.DataFrame(rows)


def test_the_report_contains_every_case_with_its_figure_and_verdicts(tmp_path):
    table = _synthetic_table()
    page = write_report(table, tmp_path / "report", provenance=[])
    text = page.read_text(encoding="utf-8")
    assert sorted(p.name for p in page.parent.iterdir()) == ["validation.csv", "validation.html", "validation.md"]
    for case_id in REGISTRY:
        assert f"id='{case_id}'" in text, case_id
    assert text.count("<svg") == len(REGISTRY)
    assert "FAIL" in text and "MISS" in text and "Pass rates" in text
    assert 'src="http' not in text and "<script" not in text  # self-contained
    assert len(pd.read_csv(page.parent / "validation.csv")) == len(table)


def test_the_report_refuses_a_non_empty_directory_and_leaves_it_untouched(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    from cohort.errors import OutputError

    with pytest.raises(OutputError, match="not empty"):
        write_report(_synthetic_table(), out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_failed_render_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("cohort.validation.report.render_html", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("render")))
    with pytest.raises(RuntimeError):
        write_report(_synthetic_table(), tmp_path / "report")
    assert not (tmp_path / "report").exists()


def test_render_marks_the_split_and_the_diagnosis():
    table = _synthetic_table()
    text = render_html(table)
    assert "Calibration split" in text and "Validation split" in text
    diagnosed = [c for c, item in REGISTRY.items() if item.diagnosis]
    assert diagnosed and all("Diagnosis" in text.split(f"id='{c}'")[1].split("<div class='case'")[0] for c in diagnosed)


# --------------------------------------------------------------------------- command line
def test_cli_list_shows_split_and_protocol_kind(capsys):
    assert main(["validate", "--list"]) == 0
    out = capsys.readouterr().out
    for case_id in REGISTRY:
        assert case_id in out
    assert "yaml" in out and "python" in out


def test_cli_protocol_prints_the_experiment_file(capsys):
    assert main(["validate", "--protocol", "VD-SEASON"]) == 0
    assert "arms:" in capsys.readouterr().out


def test_cli_protocol_out_writes_a_runnable_experiment(tmp_path):
    out = tmp_path / "protocol"
    assert main(["validate", "--protocol", "VD-KIN", "--out", str(out)]) == 0
    assert resolve_experiment(out / "VD-KIN.yaml").n_runs == 3


def test_cli_protocol_of_a_python_only_case_is_a_clear_error(capsys):
    assert main(["validate", "--protocol", "FE-DOSE"]) == 2
    assert "a case with an experiment file" in capsys.readouterr().err


def test_cli_report_writes_html_csv_and_md(fake_cases, tmp_path):
    fake_cases("FAKE-OK", [Check("inside", 1.0, 0.0, 2.0, published=1.0)])
    out = tmp_path / "report"
    assert main(["validate", "--case", "FAKE-OK", "--report", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["validation.csv", "validation.html", "validation.md"]
    assert "FAKE-OK" in Path(out / "validation.html").read_text(encoding="utf-8")
    assert main(["validate", "--case", "FAKE-OK", "--report", str(out)]) == 2  # exists, no --overwrite
    assert main(["validate", "--case", "FAKE-OK", "--report", str(out), "--overwrite"]) == 0


def test_an_exported_protocol_runs_with_cohort_experiment(tmp_path):
    """The user's path: export the file, run it (shrunk) with `cohort experiment`; every arm completes."""
    folder = tmp_path / "protocol"
    assert main(["validate", "--protocol", "SE-GPX", "--out", str(folder)]) == 0
    out = tmp_path / "run"
    code = main(["experiment", str(folder / "SE-GPX.yaml"), "--out", str(out), "--jobs", "1", "--no-report",
                 "--set", "cohort.size=12", "--set", "duration_weeks=2"])
    assert code == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert set(runs["arm"]) == {"replete", "replete_se", "low", "low_se"}


def test_case_settings_reach_protocol_files_and_python_protocols():
    """The fits of calibration parameters (cohort.validation.fits) try grid values through
    case_settings: a longer 25(OH)D half-life must lengthen VD-KIN's measured bolus half-life
    (a protocol file) and a Python protocol's config must carry the setting, and nothing leaks
    out of the block."""
    from cohort.validation.framework import active_settings, case_settings
    from cohort.validation.scenarios import make_config

    registry = load_cases()
    name = "half-life of the bolus excess, 30 d after the peak (plasma compartment)"
    default = {check.name: check.value for check in registry["VD-KIN"].run()}[name]
    with case_settings(["physiology.vitamin_d.half_life_25ohd_d=25"]):
        longer = {check.name: check.value for check in registry["VD-KIN"].run()}[name]
        assert make_config().physiology["vitamin_d"]["half_life_25ohd_d"] == 25.0
    assert longer > default + 5.0
    assert active_settings() == ()
    assert "half_life_25ohd_d" not in make_config().physiology.get("vitamin_d", {})


def test_grid_search_keeps_the_passing_value_nearest_the_target(capsys):
    """The fits' shared search: a value whose checks fail is never kept, however near the target;
    among passing values the nearest wins; every grid point is printed; validation cases refused."""
    from cohort.validation.fits import case_checks, grid_search

    def run(value: float) -> tuple[float, dict[str, Check]]:
        measured = 2.0 * value
        return measured, {"inside 0-5": Check("inside 0-5", measured, 0.0, 5.0, "")}

    # 3.0 -> 6.0 hits the target but fails its check; 2.0 -> 4.0 is the nearest passing value
    assert grid_search("x", (1.0, 2.0, 3.0), run, 6.0) == 2.0
    printed = capsys.readouterr().out
    assert printed.count(": measured ") == 3 and "[a check fails]" in printed and "-> x = 2.0" in printed
    assert math.isnan(grid_search("x", (3.0, 4.0), run, 6.0))
    validation = next(c for c in load_cases().values() if c.kind == "validation")
    with pytest.raises(ValueError, match="only calibration cases"):
        case_checks(validation.id, [])
