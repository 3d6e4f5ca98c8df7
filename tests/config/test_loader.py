"""Config loading: safe YAML, extends, --set overrides, one clear line per problem."""

from __future__ import annotations

import pytest

from cohort.config.loader import load_config, parse_override
from cohort.errors import ConfigError
from tests.conftest import CONFIGS


def test_quickstart_extends_base_and_overrides_size():
    config = load_config(CONFIGS / "quickstart.yaml")
    assert config.cohort.size == 300
    assert config.name == "quickstart"
    assert set(config.training.plans) == {"endurance", "strength_power", "team"}
    assert config.training.plans["endurance"].blocks[0].name == "base"


def test_set_overrides_are_validated_like_file_values():
    config = load_config(CONFIGS / "quickstart.yaml", ["cohort.size=77", "recording.interval_days=14"])
    assert config.cohort.size == 77
    assert config.recording.interval_days == 14
    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / "quickstart.yaml", ["cohort.size=many"])
    (problem,) = error.value.problems
    assert problem.source == "--set"
    assert problem.key_path == "cohort.size"


def test_unknown_key_names_file_and_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {CONFIGS / 'base.yaml'}\ncohort:\n  sise: 3\n")
    with pytest.raises(ConfigError) as error:
        load_config(bad)
    (problem,) = error.value.problems
    assert problem.source == str(bad)
    assert problem.key_path == "cohort.sise"
    assert "no such key" in problem.expected


def test_problem_in_parent_is_attributed_to_parent(tmp_path):
    parent = tmp_path / "parent.yaml"
    parent.write_text(f"extends: {CONFIGS / 'base.yaml'}\nduration_weeks: -1\n")
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nname: child\n")
    with pytest.raises(ConfigError) as error:
        load_config(child)
    assert error.value.problems[0].source.endswith("parent.yaml")


def test_several_problems_are_all_reported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {CONFIGS / 'base.yaml'}\nduration_weeks: 0\nmechanisms: {{no_such_link: {{enabled: false}}}}\n")
    with pytest.raises(ConfigError) as error:
        load_config(bad)
    paths = {p.key_path for p in error.value.problems}
    assert "duration_weeks" in paths


def test_registry_backed_keys_are_checked(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"extends: {CONFIGS / 'base.yaml'}\n"
        "mechanisms: {no_such_link: {enabled: false}}\n"
        "physiology: {muscle: {tau_fitness_d: -4}, no_such_subsystem: {x: 1}}\n"
        "diet: {intake_scale: {unobtainium_mg: 2}}\n"
        "recording: {variables: [not_a_variable]}\n"
    )
    with pytest.raises(ConfigError) as error:
        load_config(bad)
    paths = {p.key_path for p in error.value.problems}
    assert {"mechanisms.no_such_link", "physiology.muscle.tau_fitness_d", "physiology.no_such_subsystem",
            "diet.intake_scale.unobtainium_mg", "recording.variables.0"} <= paths


def test_override_values_are_yaml_scalars_never_code():
    assert parse_override("a.b=3") == ("a.b", 3)
    assert parse_override("a=[1, 2]") == ("a", [1, 2])
    assert parse_override("a=__import__('os')") == ("a", "__import__('os')")
    with pytest.raises(ConfigError):
        parse_override("no_equals_sign")
    with pytest.raises(ConfigError):
        parse_override("a..b=1")


def test_python_tags_are_rejected(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ConfigError) as error:
        load_config(bad)
    assert "YAML" in str(error.value)


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError):
        load_config(bomb)


def _experiment(folder, plan: str, where: str = "set") -> object:
    body = f"training:\n    plans:\n      endurance: {plan}\n"
    if where == "set":
        text = f"name: plans\nhypothesis: h\nbase: {CONFIGS / 'quickstart.yaml'}\nset:\n  {body}arms:\n  control: {{}}\n"
    else:
        text = (f"name: plans\nhypothesis: h\nbase: {CONFIGS / 'quickstart.yaml'}\narms:\n  control: {{}}\n"
                f"  other:\n    {body.replace(chr(10) + '  ', chr(10) + '      ')}")
    path = folder / "experiment.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("where", ["set", "arm"])
def test_plan_files_named_by_an_experiment_are_read_relative_to_it(tmp_path, where):
    from cohort.experiment.spec import resolve_experiment

    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "mine.yaml").write_text((CONFIGS / "plans" / "team.yaml").read_text())
    experiment = resolve_experiment(_experiment(tmp_path, "plans/mine.yaml", where))
    arm = "control" if where == "set" else "other"
    config = experiment.point_config(0, arm)
    assert config.training.plans["endurance"] == load_config(CONFIGS / "quickstart.yaml").training.plans["team"]


@pytest.mark.parametrize("where", ["set", "arm"])
def test_a_missing_plan_file_is_reported_as_file_not_found(tmp_path, where):
    from cohort.experiment.spec import resolve_experiment

    path = _experiment(tmp_path, "plans/missing.yaml", where)
    with pytest.raises(ConfigError) as error:
        resolve_experiment(path)
    (problem,) = error.value.problems
    assert problem.source.startswith(str(path))
    assert problem.key_path == "training.plans.endurance"
    assert str(problem.value) == str(tmp_path / "plans" / "missing.yaml")
    assert "file not found" in problem.expected


def test_set_may_name_a_plan_file_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(CONFIGS)
    config = load_config(CONFIGS / "quickstart.yaml", ["training.plans.endurance=plans/team.yaml"])
    assert config.training.plans["endurance"] == config.training.plans["team"]
    with pytest.raises(ConfigError, match="file not found"):
        load_config(CONFIGS / "quickstart.yaml", ["training.plans.endurance=plans/nothere.yaml"])
