"""Bad squad tables: one clear error per problem, naming the file, the athlete and the column."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.cli import main
from cohort.config.loader import load_config
from cohort.errors import ConfigError
from tests.conftest import CONFIGS
from tests.squad.conftest import write_squad


def _problems(tmp_path, frame) -> list[str]:
    config = write_squad(tmp_path, frame)
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    return [str(problem) for problem in caught.value.problems]


def test_a_good_table_sets_the_cohort_size_and_its_path_is_relative_to_the_config(tmp_path, example_frame):
    config = load_config(write_squad(tmp_path, example_frame.head(7)))
    assert config.cohort.size == 7
    assert config.cohort.squad == str((tmp_path / "squad.csv").resolve())


@pytest.mark.parametrize(
    ("change", "where", "expected"),
    [
        (lambda f: f.assign(height_m=f.height_m.where(f.id != "R03", "170")), "athlete 'R03', column 'height_m'", "metres (cm / 100) within [1.2, 2.3]"),
        (lambda f: f.assign(hb_g_dl=f.hb_g_dl.where(f.id != "R04", "150")), "athlete 'R04', column 'hb_g_dl'", "g/dL (g/L / 10) within [6, 22]"),
        (lambda f: f.assign(ferritin_ug_l=f.ferritin_ug_l.where(f.id != "R05", "inf")), "athlete 'R05', column 'ferritin_ug_l'", "a finite number"),
        (lambda f: f.assign(body_mass_kg=f.body_mass_kg.where(f.id != "R06", "nan")), "athlete 'R06', column 'body_mass_kg'", "a finite number"),
        (lambda f: f.assign(vitd_25oh_nmol_l=f.vitd_25oh_nmol_l.where(f.id != "R07", "low")), "athlete 'R07', column 'vitd_25oh_nmol_l'", "a finite number"),
        (lambda f: f.assign(sport=f.sport.where(f.id != "R08", "rowing")), "athlete 'R08', column 'sport'", "one of endurance, strength_power"),
        (lambda f: f.assign(sex=f.sex.where(f.id != "R09", "")), "athlete 'R09', column 'sex'", "female or male"),
        (lambda f: f.assign(menstruating=f.menstruating.where(f.id != "R10", "1")), "athlete 'R10', column 'menstruating'", "0 for a male athlete"),
        (lambda f: f.assign(id=f.id.where(f.id != "R12", "R11")), "athlete 'R11', column 'id'", "a unique id (also on line 12)"),
        (lambda f: f.assign(ferritin_ng_ml=f.ferritin_ug_l), "column 'ferritin_ng_ml'", "a known column: id, sex"),
        (lambda f: f.drop(columns="sex"), "column 'sex'", "a 'sex' column (required)"),
        (lambda f: f.head(0), "<document>", "at least one athlete row"),
    ],
    ids=["cm", "g_per_l", "inf", "nan", "text", "sport", "sex", "male_menstruating", "duplicate", "unknown_column", "missing_column", "empty"],
)
def test_each_bad_cell_or_column_is_named(tmp_path, example_frame, change, where, expected):
    problems = _problems(tmp_path, change(example_frame))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path / 'squad.csv'}: {where}: got ")
    assert expected in problems[0]


def test_every_problem_is_reported_at_once(tmp_path, example_frame):
    frame = example_frame.assign(
        height_m=example_frame.height_m.where(example_frame.id != "R01", "166"),
        hb_g_dl=example_frame.hb_g_dl.where(example_frame.id != "R02", "126"),
    )
    assert len(_problems(tmp_path, frame)) == 2


def test_the_cli_exits_2_and_writes_nothing(tmp_path, example_frame, capsys):
    config = write_squad(tmp_path, example_frame.assign(height_m=example_frame.height_m.where(example_frame.id != "R03", "170")))
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "athlete 'R03', column 'height_m'" in error and "squad.csv" in error
    assert not out.exists()


def test_a_missing_file_is_named(tmp_path):
    config = tmp_path / "squad.yaml"
    config.write_text(f"extends: {CONFIGS / 'base.yaml'}\ncohort: {{squad: nowhere.csv}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"nowhere\.csv.*file not found"):
        load_config(config)


def test_parquet_tables_read_like_csv(tmp_path, example_frame):
    from cohort.squad.table import load_squad

    csv = load_squad(write_squad(tmp_path, example_frame).parent / "squad.csv")
    frame = example_frame.replace("", None)
    numeric = [c for c in frame.columns if c not in ("id", "sex", "sport", "training_status", "diet")]
    frame[numeric] = frame[numeric].astype(float)
    frame.to_parquet(tmp_path / "squad.parquet")
    parquet = load_squad(tmp_path / "squad.parquet")
    assert parquet.ids == csv.ids
    for name, values in csv.traits.items():
        np.testing.assert_array_equal(parquet.traits[name], values)
    for name, values in csv.labs.items():
        np.testing.assert_array_equal(parquet.labs[name], values)
