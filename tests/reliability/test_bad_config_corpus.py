"""Bad config files: every file in ``corpus/bad/`` is listed here with the one line (or lines)
``cohort run`` must print for it: the file, the key path, the value and what was expected;
exit code 2, no traceback, nothing written. The corpus is data: add a file and a row.

``CONFIG_CASES`` (files in the corpus) plus ``GENERATED_CASES`` (made at test time: too big to
commit, or needing permissions) are the bad config inputs counted in the closing note.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tests.reliability._corpus import (
    BAD,
    PARTS,
    VALID,
    Expect,
    assert_refused,
    is_root,
    run_in_process,
    run_process,
)

NO_KEY = "no such key"
MAPPING = "valid dictionary"
FINITE = "a finite number"
YAML = "valid YAML"
PLAN0 = "training.plans.simple.blocks.0"
SESSION0 = f"{PLAN0}.sessions.0"


def _case(name: str, key_path: str, value: str, expected: str, source: Path | str | None = None) -> tuple[str, list[Expect]]:
    return name, [Expect(source if source is not None else BAD / name, key_path, value, expected)]


#: (file in corpus/bad, the problem lines expected). One row per bad input.
CONFIG_CASES: list[tuple[str, list[Expect]]] = [
    # malformed YAML, empty files, wrong top-level shape
    _case("malformed_unclosed_flow.yaml", "line 2, column 21", "cohort: {size: [1, 2}", f"{YAML} (expected ',' or ']'"),
    _case("malformed_tab_indent.yaml", "line 3, column 1", "size: 20", "'\\t' that cannot start any token"),
    _case("malformed_bad_indent.yaml", "line 4, column 2", "bad: 1", YAML),
    _case("malformed_unclosed_quote.yaml", "line 3, column 1", "<end of file>", "unexpected end of stream"),
    _case("empty.yaml", "<document>", "empty document", "a mapping of settings"),
    _case("only_comments.yaml", "<document>", "empty document", "a mapping of settings"),
    _case("top_level_list.yaml", "<document>", "'list'", "a mapping of settings at the top level"),
    _case("top_level_scalar.yaml", "<document>", "'str'", "a mapping of settings at the top level"),
    _case("non_string_keys.yaml", "1", "1", "Keys should be strings"),
    _case("duplicate_key.yaml", "line 5, column 1", "seed: 8", "duplicate key 'seed' (first given on line 4)"),
    _case("duplicate_nested_key.yaml", "line 8, column 3", "size: 30", "duplicate key 'size'"),
    _case("binary.yaml", "<document>", "<binary>", "UTF-8 text"),
    _case("a_directory.yaml", "<document>", str(BAD / "a_directory.yaml"), "a YAML file, not a directory"),
    _case("deep_nesting.yaml", "<document>", "deeply nested", "nested less deeply"),
    # a list where a mapping is expected, top level and nested
    _case("list_for_cohort.yaml", "cohort", "['size', 20]", MAPPING),
    _case("list_for_traits.yaml", "cohort.traits", "[0.3, 0.4]", MAPPING),
    _case("list_for_diet.yaml", "diet", "['vegan']", MAPPING),
    _case("list_for_plans.yaml", "training.plans", "['simple']", MAPPING),
    _case("list_for_session.yaml", f"{PLAN0}.sessions.1", "['wed', '17:30'", MAPPING),
    _case("list_for_mechanism_setting.yaml", "mechanisms.some_link", "[True]", MAPPING),
    _case("list_for_physiology_section.yaml", "physiology.muscle", "[1, 2]", MAPPING),
    _case("list_for_recording.yaml", "recording", "['interval_days']", MAPPING),
    # unknown keys at every level, unknown ids
    _case("unknown_key_top.yaml", "colour", "'red'", NO_KEY),
    _case("unknown_key_cohort.yaml", "cohort.sise", "30", NO_KEY),
    _case("unknown_key_cohort_traits.yaml", "cohort.traits.trainability_sd", "0.3", NO_KEY),
    _case("unknown_key_training.yaml", "training.plan_order", "['simple']", NO_KEY),
    _case("unknown_key_plan.yaml", "training.plans.simple.goal", "'marathon'", NO_KEY),
    _case("unknown_key_block.yaml", f"{PLAN0}.load", "'high'", NO_KEY),
    _case("unknown_key_session.yaml", f"{PLAN0}.sessions.1.heart_rate", "150", NO_KEY),
    _case("unknown_key_diet.yaml", "diet.intake_scales", "{'vitamin_d_ug': 2}", NO_KEY),
    _case("unknown_key_meal.yaml", "diet.meals.0.menu", "'porridge'", NO_KEY),
    _case("unknown_key_recording.yaml", "recording.interval", "3", NO_KEY),
    _case("unknown_key_mechanism_setting.yaml", "mechanisms.some_link.strength", "2", NO_KEY),
    _case("unknown_physiology_parameter.yaml", "physiology.muscle.tau_fitness", "40", NO_KEY),
    _case("unknown_physiology_section.yaml", "physiology.liver", "'liver'", "a subsystem, one of ["),
    _case("unknown_mechanism_id.yaml", "mechanisms.vitamin_z_to_everything", "'vitamin_z_to_everything'", "a mechanism id"),
    _case("unknown_nutrient.yaml", "diet.intake_scale.unobtainium_mg", "'unobtainium_mg'", "a nutrient id, one of ['vitamin_d_ug'"),
    _case("unknown_recorded_variable.yaml", "recording.variables.0", "'not_a_variable_xyz'", "a state variable name"),
    _case("unknown_sport_share.yaml", "cohort.sport", "'curling': 0.5", "unknown sport ['curling']"),
    _case("unknown_weekday.yaml", f"{SESSION0}.day", "'funday'", "'mon', 'tue'"),
    _case("unknown_modality.yaml", f"{SESSION0}.modality", "'swimming'", "'endurance', 'resistance'"),
    _case("unknown_assignment_plan.yaml", "training", "'marathon'", "names unknown plan 'marathon'"),
    _case("unknown_block_like.yaml", "training.plans.simple", "{'name': 'simple'", "'nowhere', which is not an earlier block"),
    # wrong types
    _case("wrong_type_size_string.yaml", "cohort.size", "'many'", "valid integer"),
    _case("wrong_type_size_float.yaml", "cohort.size", "20.5", "valid integer"),
    _case("wrong_type_duration_bool.yaml", "duration_weeks", "True", "a number, not true/false"),
    _case("wrong_type_share_bool.yaml", "cohort.female_share", "True", "a number, not true/false"),
    _case("wrong_type_name_list.yaml", "name", "['corpus', 'valid']", "valid string"),
    _case("wrong_type_start_date.yaml", "start_date", "'yesterday'", "valid date"),
    _case("impossible_date.yaml", "line 20, column 13", "start_date: 2025-02-30", "day is out of range for month"),
    _case("wrong_type_tagged_int.yaml", "line 7, column 9", 'size: !!int "twenty"', "cannot read 'twenty' as int"),
    _case("wrong_type_variables_string.yaml", "recording.variables", "'ck_u_l'", "valid list"),
    _case("wrong_type_extends.yaml", "extends", "3", "a file path or a list of file paths"),
    # NaN and infinity
    _case("nan_duration.yaml", "duration_weeks", "nan", FINITE),
    _case("inf_intensity.yaml", f"{SESSION0}.intensity", "inf", FINITE),
    _case("nan_female_share.yaml", "cohort.female_share", "nan", FINITE),
    _case("nan_intake_scale.yaml", "diet.intake_scale.vitamin_d_ug", "nan", FINITE),
    _case("neg_inf_physiology.yaml", "physiology.muscle.tau_fitness_d", "-inf", FINITE),
    _case("inf_mechanism_scale.yaml", "mechanisms.some_link.scale", "inf", FINITE),
    _case("nan_prior_mean.yaml", "cohort.age_y.mean", "nan", FINITE),
    # negative or absurd doses, durations and cohort sizes; empty cohorts
    _case("zero_duration.yaml", "duration_weeks", "0", "greater than or equal to 1"),
    _case("negative_duration.yaml", "duration_weeks", "-3", "greater than or equal to 1"),
    _case("absurd_duration.yaml", "duration_weeks", "100000", "less than or equal to 520"),
    _case("empty_cohort.yaml", "cohort.size", "0", "greater than or equal to 1"),
    _case("negative_cohort.yaml", "cohort.size", "-5", "greater than or equal to 1"),
    _case("absurd_cohort.yaml", "cohort.size", "1000000000000", "less than or equal to 1000000000"),
    _case("negative_session_minutes.yaml", f"{SESSION0}.duration_min", "-30", "greater than 0"),
    _case("absurd_session_minutes.yaml", f"{SESSION0}.duration_min", "100000", "less than or equal to 480"),
    _case("absurd_intensity.yaml", f"{SESSION0}.intensity", "7", "less than or equal to 1.3"),
    _case("zero_block_weeks.yaml", f"{PLAN0}.weeks", "0", "greater than or equal to 1"),
    _case("negative_intake_scale.yaml", "diet.intake_scale.iron_heme_mg", "-2", "greater than 0"),
    _case("zero_intake_scale.yaml", "diet.intake_scale.iron_heme_mg", "0", "greater than 0"),
    _case("absurd_intake_scale.yaml", "diet.intake_scale.vitamin_d_ug", "1000000.0", "up to 100"),
    _case("negative_mechanism_scale.yaml", "mechanisms.some_link.scale", "-1", "greater than or equal to 0"),
    _case("negative_physiology_value.yaml", "physiology.muscle.tau_fitness_d", "-1", "greater than 0"),
    _case("negative_seed.yaml", "seed", "-1", "greater than or equal to 0"),
    _case("absurd_seed.yaml", "seed", "123456789012345678901234567890", "less than or equal to 9223372036854775807"),
    _case("zero_recording_interval.yaml", "recording.interval_days", "0", "greater than or equal to 1"),
    _case("female_share_above_one.yaml", "cohort.female_share", "1.5", "less than or equal to 1"),
    _case("negative_share.yaml", "cohort.sport.endurance", "-0.25", "a share between 0 and 1"),
    _case("shares_not_summing.yaml", "cohort.diet", "'omnivore': 0.3", "diet shares must sum to 1 (got 0.5)"),
    _case("meal_shares_not_summing.yaml", "diet", "'share': 0.2", "meal shares must sum to 1 (got 0.4)"),
    _case("bad_clock_time.yaml", f"{SESSION0}.time", "'25:61'", "should match pattern"),
    _case("trait_prior_out_of_range.yaml", "cohort.traits.trainability_log_sd", "5", "less than or equal to 2"),
    # ranges whose low end exceeds the high end
    _case("latitude_low_above_high.yaml", "cohort.latitude_deg", "{'low': 60, 'high': 40}", "low (60.0) must not exceed high (40.0)"),
    _case("age_low_above_high.yaml", "cohort.age_y", "'low': 45, 'high': 16", "low (45.0) must be below high (16.0)"),
    _case("age_mean_outside_range.yaml", "cohort.age_y", "'mean': 80", "mean (80.0) must lie between low and high"),
    _case("outdoor_hours_low_above_high.yaml", "cohort.outdoor_hours_per_day_outdoor_sport", "{'low': 3, 'high': 1}", "must not exceed high"),
    _case("prior_beyond_trait_bounds.yaml", "cohort.body_mass_kg_male.high", "300", "within the physical bounds of body_mass_kg, [30, 200] kg"),
    ("outdoor_hours_beyond_a_day.yaml", [
        Expect(BAD / "outdoor_hours_beyond_a_day.yaml", "cohort.outdoor_hours_per_day_outdoor_sport.low", "20", "within the physical bounds of outdoor_h_per_day"),
        Expect(BAD / "outdoor_hours_beyond_a_day.yaml", "cohort.outdoor_hours_per_day_outdoor_sport.high", "24", "within the physical bounds of outdoor_h_per_day"),
    ]),
    _case("negative_prior_sd.yaml", "cohort.body_mass_kg_male.sd", "-9", "greater than or equal to 0"),
    # safety: tags that build Python objects, alias bombs
    _case("python_object_tag.yaml", "line 2, column 7", "!!python/object/apply:os.system", "tags that build Python objects are refused"),
    _case("python_name_tag.yaml", "line 2, column 7", "!!python/name:os.system", "tags that build Python objects are refused"),
    _case("python_module_tag.yaml", "line 2, column 7", "!!python/module:os", "tags that build Python objects are refused"),
    _case("bad_binary_tag.yaml", "line 20, column 8", '!!binary "not base64 at all!"', "failed to decode base64"),
    _case("alias_bomb.yaml", "<document>", "expands past the node limit", "at most 200000 values"),
    _case("alias_flood.yaml", "<document>", "<document>", "more than 200 YAML aliases"),
    # extends and plan files: missing, cycles, directories, bad content (named in its own file)
    _case("extends_missing.yaml", "<document>", str(BAD / "no_such_parent.yaml"), "an existing file",
          source=f"{BAD / 'extends_missing.yaml'} -> extends ({BAD / 'no_such_parent.yaml'})"),
    _case("extends_self.yaml", "extends", str(BAD / "extends_self.yaml"), "no circular 'extends'"),
    _case("extends_cycle.yaml", "extends", str(BAD / "extends_cycle.yaml"),
          f"no circular 'extends' (cycle: {BAD / 'extends_cycle.yaml'} -> {PARTS / 'cycle_back.yaml'} -> {BAD / 'extends_cycle.yaml'})",
          source=PARTS / "cycle_back.yaml"),
    _case("extends_directory.yaml", "<document>", str(PARTS), "a YAML file, not a directory",
          source=f"{BAD / 'extends_directory.yaml'} -> extends ({BAD / '../parts'})"),
    _case("extends_bad_parent.yaml", "cohort.size", "-1", "greater than or equal to 1", source=PARTS / "parent_bad_size.yaml"),
    _case("extends_malformed_parent.yaml", "line 4, column 1", "<end of file>", "expected ',' or '}'",
          source=f"{BAD / 'extends_malformed_parent.yaml'} -> extends ({BAD / '../parts/malformed.yaml'})"),
    _case("plan_file_missing.yaml", "training.plans.from_file", str(BAD / "no_such_plan.yaml"),
          "a training plan file: file not found"),
    _case("plan_file_directory.yaml", "training.plans.from_file", str(PARTS), "a training plan file, not a directory"),
    _case("plan_file_bad_value.yaml", "training.plans.from_file.blocks.0.sessions.0.intensity", "7", "less than or equal to 1.3",
          source=PARTS / "plan_bad_intensity.yaml"),
    _case("plan_file_malformed.yaml", "line 4, column 1", "<end of file>", "expected ',' or '}'",
          source=f"{BAD / 'plan_file_malformed.yaml'} -> training.plans.from_file ({PARTS / 'malformed.yaml'})"),
    _case("plan_file_is_list.yaml", "<document>", "'list'", "a mapping of settings at the top level",
          source=f"{BAD / 'plan_file_is_list.yaml'} -> training.plans.from_file ({PARTS / 'a_list.yaml'})"),
    # several problems in one file: one line each
    ("three_problems.yaml", [
        Expect(BAD / "three_problems.yaml", "duration_weeks", "0", "greater than or equal to 1"),
        Expect(BAD / "three_problems.yaml", "cohort.size", "0", "greater than or equal to 1"),
        Expect(BAD / "three_problems.yaml", "colour", "'red'", NO_KEY),
    ]),
]


def test_every_corpus_file_is_listed_once():
    names = [name for name, _ in CONFIG_CASES]
    assert len(names) == len(set(names))
    assert set(names) == {path.name for path in BAD.iterdir()}


@pytest.mark.parametrize(("name", "expects"), CONFIG_CASES, ids=[name for name, _ in CONFIG_CASES])
def test_bad_config_is_refused_clearly(name, expects, tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(BAD / name), "--out", str(out)], capsys)
    assert_refused(code, err, expects, out)


def _huge_file(folder: Path) -> Path:
    path = folder / "huge.yaml"
    path.write_text("notes: |\n" + ("  " + "x" * 98 + "\n") * 60_000)  # 6 MB
    return path


def _missing_file(folder: Path) -> Path:
    return folder / "does_not_exist.yaml"


#: (id, builder(tmp_path) -> config path, key path, value fragment, expected fragment)
GENERATED_CASES = [
    ("huge_file", _huge_file, "<document>", "bytes", "a file under 5000000 bytes"),
    ("missing_file", _missing_file, "<document>", "", "an existing file"),
]


@pytest.mark.parametrize(("build", "key_path", "value", "expected"), [c[1:] for c in GENERATED_CASES], ids=[c[0] for c in GENERATED_CASES])
def test_generated_bad_config_is_refused_clearly(build, key_path, value, expected, tmp_path, capsys):
    path = build(tmp_path)
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(path), "--out", str(out)], capsys)
    assert_refused(code, err, [Expect(path, key_path, value or path.name, expected)], out)


@pytest.mark.skipif(is_root(), reason="root reads files whatever their mode; the simulated test below covers this path")
def test_unreadable_file_is_refused_clearly(tmp_path, capsys):
    path = tmp_path / "locked.yaml"
    path.write_text(VALID.read_text())
    path.chmod(0)
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(path), "--out", str(out)], capsys)
    path.chmod(0o600)
    assert_refused(code, err, [Expect(path, "<document>", str(path), "a readable file")], out)


def test_unreadable_file_is_refused_clearly_simulated(tmp_path, capsys, monkeypatch):
    """As root chmod 000 does not stop reads, so the read itself is made to fail with EACCES."""
    path = tmp_path / "locked.yaml"
    path.write_text(VALID.read_text())
    real_open = Path.open

    def deny(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(path), "--out", str(out)], capsys)
    assert_refused(code, err, [Expect(path, "<document>", str(path), "a readable file")], out)


def test_alias_bomb_is_refused_quickly_and_small():
    """The billion-laughs file is refused before it is expanded (no memory blow-up)."""
    import tracemalloc

    from cohort.config.loader import load_config
    from cohort.errors import ConfigError

    tracemalloc.start()
    with pytest.raises(ConfigError):
        load_config(BAD / "alias_bomb.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200_000_000, f"peak {peak / 1e6:.0f} MB while refusing an alias bomb"


@pytest.mark.parametrize("name", ["plan_file_missing.yaml", "three_problems.yaml"])
def test_end_to_end_exit_code_and_no_traceback(name, tmp_path):
    """The same corpus cases through a real process: exit 2, the lines, no traceback, no output."""
    expects = dict(CONFIG_CASES)[name]
    out = tmp_path / "out"
    result = run_process(["run", str(BAD / name), "--out", str(out)], cwd=tmp_path)
    assert_refused(result.returncode, result.stderr, expects, out)
    assert result.stdout == ""


# -- experiment files ---------------------------------------------------------------------------

EXP_BAD = BAD.parent / "experiments" / "bad"


def _exp(name: str, key_path: str, value: str, expected: str, where: str | None = None, source: Path | str | None = None) -> tuple[str, list[Expect]]:
    if source is None:
        source = f"{EXP_BAD / name} ({where})" if where else EXP_BAD / name
    return name, [Expect(source, key_path, value, expected)]


#: (file in corpus/experiments/bad, the problem lines expected)
EXPERIMENT_CASES: list[tuple[str, list[Expect]]] = [
    _exp("malformed.yaml", "line 4, column 1", "<end of file>", "expected ',' or '}'"),
    _exp("empty.yaml", "<document>", "empty document", "a mapping of settings"),
    _exp("top_level_list.yaml", "<document>", "'list'", "a mapping of settings at the top level"),
    _exp("duplicate_key.yaml", "line 7, column 1", "seed: 6", "duplicate key 'seed'"),
    _exp("python_tag.yaml", "line 2, column 7", "!!python/object/apply:os.system", "tags that build Python objects are refused"),
    _exp("alias_bomb.yaml", "<document>", "expands past the node limit", "at most 200000 values"),
    _exp("unknown_key_top.yaml", "colour", "'red'", NO_KEY),
    _exp("missing_base.yaml", "base", "<missing>", "Field required"),
    _exp("base_file_missing.yaml", "<document>", "no_such_base.yaml", "an existing file", source=EXP_BAD / "../../no_such_base.yaml"),
    _exp("base_is_bad_config.yaml", "cohort.size", "-5", "greater than or equal to 1", source=BAD / "negative_cohort.yaml"),
    _exp("arms_as_list.yaml", "arms", "['control']", MAPPING),
    _exp("arm_unknown_key.yaml", "cohort.sise", "30", NO_KEY, where="arms.control"),
    _exp("arm_nan_value.yaml", "cohort.female_share", "nan", FINITE, where="arms.control"),
    _exp("zero_replicates.yaml", "replicates", "0", "greater than or equal to 1"),
    _exp("absurd_replicates.yaml", "replicates", "1000000", "less than or equal to 100000"),
    _exp("negative_seed.yaml", "seed", "-5", "greater than or equal to 0"),
    _exp("set_unknown_key.yaml", "cohort.sise", "3", NO_KEY, where="set"),
    _exp("set_absurd_cohort.yaml", "cohort.size", "1000000000000", "less than or equal to 1000000000", where="set"),
    _exp("record_unknown_key.yaml", "recording.intervals", "3", NO_KEY, where="record"),
    _exp("unknown_design.yaml", "sweep.design", "'random_walk'", "'grid', 'lhs', 'sobol' or 'morris'"),
    _exp("lhs_without_samples.yaml", "sweep", "'design': 'lhs'", "design 'lhs' needs 'samples'"),
    _exp("zero_samples.yaml", "sweep.samples", "0", "greater than or equal to 1"),
    _exp("sobol_not_power_of_two.yaml", "sweep", "'samples': 6", "sobol needs samples to be a power of 2 (got 6)"),
    _exp("factor_unknown_path.yaml", "cohort.sise", "1", NO_KEY, where="sweep.factors.cohort.sise"),
    _exp("factor_path_through_scalar.yaml", "sweep.factors.cohort.size.x", "'cohort.size.x'", "a path into a mapping, but cohort.size is"),
    _exp("factor_value_out_of_range.yaml", "cohort.size", "-5", "greater than or equal to 1", where="sweep.factors.cohort.size"),
    _exp("factor_nan_value.yaml", "cohort.female_share", "nan", FINITE, where="sweep.factors.cohort.female_share"),
    _exp("factor_inf_range.yaml", "sweep.factors.cohort.female_share.range.1", "inf", FINITE),
    _exp("factor_range_low_above_high.yaml", "sweep.factors.cohort.female_share", "'range': [0.8, 0.2]", "range low (0.8) must be below high (0.2)"),
    _exp("factor_values_and_range.yaml", "sweep.factors.cohort.female_share", "'values': [0.2]", "give exactly one of 'values' or 'range'"),
    _exp("factor_no_values.yaml", "sweep.factors.cohort.female_share.values", "[]", "at least 1 item"),
    _exp("factor_unknown_key.yaml", "sweep.factors.cohort.female_share.step", "0.1", NO_KEY),
    _exp("factor_loguniform_nonpositive.yaml", "sweep.factors.cohort.female_share", "'distribution': 'loguniform'", "a loguniform range needs low > 0"),
    _exp("factor_unknown_mechanism.yaml", "mechanisms.no_such_link", "'no_such_link'", "a mechanism id"),
    _exp("factor_mechanism_bad_field.yaml", "sweep.factors.mechanism.vitd_vdr_force.strength", "'mechanism.vitd_vdr_force.strength'", "'mechanism.<id>.scale' or 'mechanism.<id>.enabled'"),
    _exp("factor_unknown_parameter.yaml", "sweep.factors.physiology.muscle.no_such_parameter", "'no_such_parameter'", "a parameter of muscle, one of"),
    _exp("factor_unknown_strategy.yaml", "sweep.factors.strategy.no_such_strategy.product.vitamin_d_ug", "'strategy.no_such_strategy", "a strategy named 'no_such_strategy' in at least one arm"),
    _exp("factor_unknown_arm.yaml", "sweep.factors.arm.placebo.cohort.size", "'arm.placebo.cohort.size'", "an arm name, one of ['control', 'd3']"),
    _exp("unknown_product.yaml", "strategies.0.product", "'unobtainium_pill'", "unknown preset 'unobtainium_pill'", where="arms.d3"),
    _exp("unknown_product_nutrient.yaml", "strategies.0.product", "{'vitamin_q_ug': 50}", "unknown nutrient ['vitamin_q_ug']", where="arms.d3"),
    _exp("unknown_strategy_kind.yaml", "strategies.0", "'kind': 'magic'", "Input tag 'magic'", where="arms.d3"),
    _exp("unknown_schedule.yaml", "strategies.0.delivery.schedule", "'hourly'", "'daily', 'alternate_days'", where="arms.d3"),
    _exp("strategy_unknown_key.yaml", "strategies.0.dosage", "2", NO_KEY, where="arms.d3"),
    _exp("negative_dose.yaml", "strategies.0.product.vitamin_d_ug", "-50", "greater than or equal to 0", where="arms.d3"),
    _exp("nan_dose.yaml", "strategies.0.product.vitamin_d_ug", "nan", FINITE, where="arms.d3"),
    _exp("absurd_dose.yaml", "strategies.0.product.vitamin_d_ug", "1000000000.0", "a dose up to 1e+06 per day", where="arms.d3"),
]


def test_every_experiment_corpus_file_is_listed_once():
    names = [name for name, _ in EXPERIMENT_CASES]
    assert len(names) == len(set(names))
    assert set(names) == {path.name for path in EXP_BAD.iterdir()}


@pytest.mark.parametrize(("name", "expects"), EXPERIMENT_CASES, ids=[name for name, _ in EXPERIMENT_CASES])
def test_bad_experiment_is_refused_clearly(name, expects, tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_in_process(["experiment", str(EXP_BAD / name), "--out", str(out), "--jobs", "1", "--no-report"], capsys)
    assert_refused(code, err, expects, out)


def test_the_valid_starting_points_are_valid():
    """Every corpus case is one change away from these two files, which load cleanly."""
    from cohort.config.loader import load_config
    from cohort.experiment.spec import resolve_experiment

    assert load_config(VALID).cohort.size == 20
    experiment = resolve_experiment(EXP_BAD.parent / "valid_experiment.yaml")
    assert experiment.n_runs == 4 and set(experiment.spec.arms) == {"control", "d3"}


def test_a_long_path_is_named_whole_and_a_long_value_keeps_both_ends():
    """Paths are never shortened (the user must find the file); other long values keep both ends."""
    from cohort.errors import Problem

    deep = Path("/", *(f"directory_{i:02d}" for i in range(12)), "settings.yaml")
    line = str(Problem(str(deep), "", deep, "an existing file"))
    assert line == f"{deep}: <document>: got '{deep}'; expected an existing file"
    values = list(range(100))
    shown = str(Problem("x.yaml", "a.b", values, "a short list")).split("got ")[1].split("; expected")[0]
    assert shown.startswith("[0, 1, 2") and shown.endswith("98, 99]") and "..." in shown and len(shown) == 80
