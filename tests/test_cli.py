"""The CLI's basic commands, run in-process."""

from __future__ import annotations

import json

import pandas as pd

from cohort.cli import main
from tests.conftest import CONFIGS


def test_run_writes_the_documented_files(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["run", str(CONFIGS / "quickstart.yaml"), "--out", str(out), "--set", "cohort.size=25", "--set", "duration_weeks=2", "--seed", "3"])
    assert code == 0
    names = {p.name for p in out.iterdir()}
    assert {"manifest.json", "runs.parquet", "athletes.parquet", "cohort_daily.parquet", "config.resolved.yaml"} <= names
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 3
    assert manifest["config"]["cohort"]["size"] == 25
    assert len(manifest["config_hash"]) == 64
    athletes = pd.read_parquet(out / "athletes.parquet")
    assert len(athletes) == 25
    assert "strength_1rm_kg_change" in athletes
    daily = pd.read_parquet(out / "cohort_daily.parquet")
    assert set(daily.statistic) >= {"mean", "sd", "q50"}


def test_non_empty_output_is_refused_without_overwrite(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    assert main(["run", str(CONFIGS / "quickstart.yaml"), "--out", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["precious.txt"]


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["run", str(CONFIGS / "quickstart.yaml"), "--out", str(out), "--set", "cohort.size=-3"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cohort.size" in err and "Traceback" not in err
    assert not out.exists()


def test_schema_is_json_with_the_top_level_sections(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"cohort", "training", "mechanisms", "recording", "strategies"} <= set(schema["properties"])


def test_mechanisms_and_variables_list(capsys):
    assert main(["mechanisms"]) == 0
    assert "mechanisms" in capsys.readouterr().out
    assert main(["variables", "--owner", "muscle"]) == 0
    assert "strength_1rm_kg" in capsys.readouterr().out
    assert main(["mechanisms", "--evidence", "proven"]) == 2


def test_mechanisms_in_every_format_list_every_mechanism(capsys):
    from cohort.mechanisms import MECHANISMS

    ids = {mechanism.id for mechanism in MECHANISMS}
    for fmt in ("table", "csv", "markdown"):
        assert main(["mechanisms", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert all(mechanism_id in out for mechanism_id in ids), fmt
    main(["mechanisms", "--format", "markdown"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("|")]
    assert len(lines) == 2 + len(ids)  # header, separator, one row each
    assert len({line.count(" | ") for line in lines if not line.startswith("|---")}) == 1  # escaped: same cell count


def test_markdown_table_escapes_pipes_and_newlines():
    from cohort.analysis.markdown import markdown_table

    text = markdown_table(pd.DataFrame({"a": ["x|y", "two\nlines"], "b": [0.123456, None]}))
    assert text.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 0.1235 |", "| two lines | nan |"]
