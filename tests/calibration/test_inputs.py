"""Bad calibration files and data: one clear line each, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cohort.cli import main
from tests.calibration.conftest import write_spec


def _run(spec: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["calibrate", str(spec), "--out", str(out)])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("cohort:")]
    return code, lines


def _data(folder: Path, rows: list[dict[str, object]]) -> None:
    pd.DataFrame(rows, columns=["athlete", "day", "variable", "value", "unit"]).to_csv(folder / "data.csv", index=False)


GOOD = {"athlete": 0, "day": 0, "variable": "ferritin_ug_l", "value": 40.0, "unit": "ug/L"}


@pytest.mark.parametrize(
    ("bad", "column", "words"),
    [
        ({"variable": "ferritin"}, "variable", "state variable"),
        ({"unit": "ng/mL"}, "unit", "'ug/L'"),
        ({"athlete": 9}, "athlete", "athlete of the cohort"),
        ({"value": float("nan")}, "value", "finite positive"),
        ({"value": "inf"}, "value", "finite positive"),
        ({"day": 400}, "day", "study day"),
    ],
)
def test_bad_row_is_named_by_file_line_and_column(tmp_path, capsys, bad, column, words):
    spec = write_spec(tmp_path)
    _data(tmp_path, [GOOD, GOOD | bad])
    out = tmp_path / "out"
    code, lines = _run(spec, out, capsys)
    assert code == 2
    assert len(lines) == 1, lines
    assert f"data.csv:3: {column}:" in lines[0] and words in lines[0]
    assert not out.exists()


def test_empty_data_and_missing_file(tmp_path, capsys):
    spec = write_spec(tmp_path)
    _data(tmp_path, [])
    code, lines = _run(spec, tmp_path / "out", capsys)
    assert code == 2 and len(lines) == 1 and "at least one observation row" in lines[0]
    (tmp_path / "data.csv").unlink()
    code, lines = _run(spec, tmp_path / "out", capsys)
    assert code == 2 and len(lines) == 1 and "existing CSV or Parquet" in lines[0]
    assert not (tmp_path / "out").exists()


def test_named_athlete_missing_from_mapping(tmp_path, capsys):
    spec = write_spec(tmp_path, athletes={"Ann": 0, "Bea": 1})
    _data(tmp_path, [GOOD | {"athlete": "Ann"}, GOOD | {"athlete": "Cat"}])
    code, lines = _run(spec, tmp_path / "out", capsys)
    assert code == 2 and len(lines) == 1
    assert "data.csv:3: athlete: got 'Cat'" in lines[0]


@pytest.mark.parametrize(
    ("parameters", "words"),
    [
        ({"physiology.iron.no_such_param": {}}, "a parameter of iron"),
        ({"mechanism.hepcidin_absorption.scale": {}}, "[low, high]"),
        ({"cohort.size": {"range": [2, 8], "per_athlete": True}}, "per_athlete"),
        ({"physiology.iron.fia_small_dose": {"pooling": "partial"}}, "needs per_athlete"),
    ],
)
def test_bad_parameter_is_named(tmp_path, capsys, parameters, words):
    spec = write_spec(tmp_path, parameters=parameters)
    _data(tmp_path, [GOOD])
    code, lines = _run(spec, tmp_path / "out", capsys)
    assert code == 2 and lines, lines
    assert "spec.yaml: parameters." in lines[0] and words in lines[0]


def test_many_bad_rows_are_summarised(tmp_path, capsys):
    spec = write_spec(tmp_path)
    _data(tmp_path, [GOOD | {"variable": "nope"}] * 12)
    code, lines = _run(spec, tmp_path / "out", capsys)
    assert code == 2 and len(lines) == 6 and "7 more rows" in lines[-1]


def test_parquet_data_with_dates_is_read_and_its_bad_rows_named(tmp_path, capsys):
    from cohort.calibration.run import prepare

    spec = write_spec(tmp_path, data="data.parquet")
    good = {"athlete": "1", "date": "2025-01-20", "variable": "ferritin_ug_l", "value": 40.0}  # base start_date 2025-01-06
    pd.DataFrame([good]).to_parquet(tmp_path / "data.parquet")
    _, observations = prepare(spec)
    assert observations.day.tolist() == [14] and observations.athlete.tolist() == [1]
    pd.DataFrame([good, good | {"variable": "ferritn_ug_l"}]).to_parquet(tmp_path / "data.parquet")
    code, lines = _run(spec, tmp_path / "out", capsys)
    assert code == 2 and len(lines) == 1 and "data.parquet row 1: variable: got 'ferritn_ug_l'" in lines[0]
