"""Bad command-line input: ``--set`` paths and values, ``--seed``, unknown flags and commands,
missing or unusable config and output paths. Each gets one clear line, exit code 2, no
traceback and nothing written. ``SET_CASES``, ``FLAG_CASES`` and ``OUTPUT_CASES`` are counted
in the closing note."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.reliability._corpus import (
    BAD,
    EXIT_INPUT,
    VALID,
    Expect,
    assert_refused,
    is_root,
    problem_lines,
    run_in_process,
    run_process,
)

DOTTED = "a dotted path of names"
NO_KEY = "no such key"
FINITE = "a finite number"


def _set(text: str, key_path: str, value: str, expected: str, source: str = "--set") -> tuple[str, list[Expect]]:
    return text, [Expect(source, key_path, value, expected)]


#: (the --set argument, the problem lines expected)
SET_CASES: list[tuple[str, list[Expect]]] = [
    # bad dotted paths
    _set("", "<document>", "''", "dotted.path=value"),
    _set("cohort.size", "cohort.size", "'cohort.size'", "dotted.path=value"),
    _set("=3", "<document>", "'=3'", DOTTED),
    _set("=", "<document>", "'='", DOTTED),
    _set("a..b=3", "a..b", "'a..b=3'", DOTTED),
    _set(".size=3", ".size", "'.size=3'", DOTTED),
    _set("cohort.=3", "cohort.", "'cohort.=3'", DOTTED),
    _set("cohort size=3", "cohort size", "'cohort size=3'", DOTTED),
    _set("cohort.size.x=3", "cohort.size.x", "3", "a path into a mapping, but cohort.size is not one"),
    _set("name.first=x", "name.first", "'x'", "a path into a mapping, but name is not one"),
    _set("training.plans.simple.blocks.7.weeks=3", "training.plans.simple.blocks.7.weeks", "3",
         "an index below 1 at training.plans.simple.blocks.7"),
    _set("training.plans.simple.blocks.first.weeks=3", "training.plans.simple.blocks.first.weeks", "3",
         "an index below 1 at training.plans.simple.blocks.first"),
    _set("cohort.colour=red", "cohort.colour", "'red'", NO_KEY),
    _set("colour=red", "colour", "'red'", NO_KEY),
    # values that are not plain YAML, or not what the key expects
    _set("cohort.size=[1,", "cohort.size", "'[1,'", "a plain YAML value"),
    _set("cohort.size=!!python/object/apply:os.system", "cohort.size", "!!python/object/apply:os.system", "could not determine a constructor"),
    _set("start_date=2025-02-30", "start_date", "'2025-02-30'", "day is out of range for month"),
    _set("cohort={size: 3, size: 4}", "cohort", "{size: 3, size: 4}", "duplicate key 'size'"),
    _set("duration_weeks=", "duration_weeks", "''", "valid integer"),
    _set("duration_weeks=true", "duration_weeks", "True", "a number, not true/false"),
    _set("cohort.size=twenty", "cohort.size", "'twenty'", "valid integer"),
    _set("cohort=[20]", "cohort", "[20]", "valid dictionary"),
    # NaN and infinity
    _set("cohort.size=.nan", "cohort.size", "nan", FINITE),
    _set("cohort.female_share=.inf", "cohort.female_share", "inf", FINITE),
    _set("physiology.muscle.tau_fitness_d=-.inf", "physiology.muscle.tau_fitness_d", "-inf", FINITE),
    _set("diet.intake_scale.vitamin_d_ug=.NaN", "diet.intake_scale.vitamin_d_ug", "nan", FINITE),
    # negative or absurd sizes, durations, doses
    _set("cohort.size=0", "cohort.size", "0", "greater than or equal to 1"),
    _set("cohort.size=-5", "cohort.size", "-5", "greater than or equal to 1"),
    _set("cohort.size=1000000000000", "cohort.size", "1000000000000", "less than or equal to 1000000000"),
    _set("duration_weeks=0", "duration_weeks", "0", "greater than or equal to 1"),
    _set("duration_weeks=100000", "duration_weeks", "100000", "less than or equal to 520"),
    _set("diet.intake_scale.vitamin_d_ug=-1", "diet.intake_scale.vitamin_d_ug", "-1", "greater than 0"),
    _set("diet.intake_scale.vitamin_d_ug=1e9", "diet.intake_scale.vitamin_d_ug", "1000000000.0", "up to 100"),
    _set("physiology.muscle.tau_fitness_d=-1", "physiology.muscle.tau_fitness_d", "-1", "greater than 0"),
    # unknown ids
    _set("diet.intake_scale.unobtainium_mg=2", "diet.intake_scale.unobtainium_mg", "'unobtainium_mg'", "a nutrient id"),
    _set("mechanisms.no_such_link.enabled=true", "mechanisms.no_such_link", "'no_such_link'", "a mechanism id"),
    _set("physiology.liver.glycogen_g=1", "physiology.liver", "'liver'", "a subsystem, one of"),
    _set("physiology.muscle.no_such_parameter=1", "physiology.muscle.no_such_parameter", "1", NO_KEY),
    _set("recording.variables=[nope_var]", "recording.variables.0", "'nope_var'", "a state variable name"),
    # ranges whose low end exceeds the high end (also when only one end is set)
    _set("cohort.latitude_deg={low: 60, high: 40}", "cohort.latitude_deg", "'low': 60", "low (60.0) must not exceed high (40.0)"),
    _set("cohort.latitude_deg.low=70", "cohort.latitude_deg", "'low': 70", "low (70.0) must not exceed high"),
    _set("cohort.age_y.low=50", "cohort.age_y", "'low': 50", "low (50.0) must be below high"),
]


@pytest.mark.parametrize(("text", "expects"), SET_CASES, ids=[f"set[{t}]" for t, _ in SET_CASES])
def test_bad_set_is_refused_clearly(text, expects, tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(VALID), "--set", text, "--out", str(out)], capsys)
    assert_refused(code, err, expects, out)


def test_several_bad_sets_give_one_line_each(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_in_process(
        ["run", str(VALID), "--set", "cohort.size=0", "--set", "duration_weeks=.inf", "--set", "cohort.sise=3", "--out", str(out)],
        capsys,
    )
    assert_refused(code, err, [
        Expect("--set", "cohort.size", "0", "greater than or equal to 1"),
        Expect("--set", "duration_weeks", "inf", FINITE),
        Expect("--set", "cohort.sise", "3", NO_KEY),
    ], out)


def test_setting_one_end_of_a_default_range_keeps_the_other_fields(tmp_path):
    """`--set cohort.age_y.low=18` starts from the default prior, not from an empty mapping."""
    from cohort.config.loader import load_config
    from cohort.config.models import CohortPriors

    defaults = CohortPriors()
    config = load_config(VALID, ["cohort.age_y.low=18", "cohort.traits.compliance_mean=0.5"])
    assert config.cohort.age_y.low == 18
    assert (config.cohort.age_y.mean, config.cohort.age_y.sd, config.cohort.age_y.high) == (
        defaults.age_y.mean, defaults.age_y.sd, defaults.age_y.high)
    assert config.cohort.traits.compliance_mean == 0.5
    assert config.cohort.traits.trainability_log_sd == defaults.traits.trainability_log_sd


#: (id, argv with {valid} and {out} placeholders, expected problem lines, or a fragment of
#: argparse's one error line)
FLAG_CASES: list[tuple[str, list[str], list[Expect] | str]] = [
    ("seed_negative", ["run", "{valid}", "--seed", "-1", "--out", "{out}"], [Expect("--seed", "seed", "-1", "an integer from 0 to 2**63 - 1")]),
    ("seed_huge", ["run", "{valid}", "--seed", str(2**70), "--out", "{out}"], [Expect("--seed", "seed", str(2**70), "an integer from 0 to 2**63 - 1")]),
    ("seed_text", ["run", "{valid}", "--seed", "abc", "--out", "{out}"], "argument --seed: invalid int value: 'abc'"),
    ("seed_float", ["run", "{valid}", "--seed", "1.5", "--out", "{out}"], "argument --seed: invalid int value: '1.5'"),
    ("seed_nan", ["run", "{valid}", "--seed", "nan", "--out", "{out}"], "argument --seed: invalid int value: 'nan'"),
    ("unknown_flag", ["run", "{valid}", "--out", "{out}", "--bogus"], "unrecognized arguments: --bogus"),
    ("unknown_command", ["simulate", "{valid}"], "invalid choice: 'simulate'"),
    ("missing_config_argument", ["run", "--out", "{out}"], "the following arguments are required: config"),
    ("out_without_value", ["run", "{valid}", "--out"], "argument --out: expected one argument"),
    ("set_without_value", ["run", "{valid}", "--out", "{out}", "--set"], "argument --set: expected one argument"),
    ("missing_config_file", ["run", "{missing}", "--out", "{out}"], [Expect("{missing}", "<document>", "", "an existing file")]),
    ("config_is_directory", ["run", "{corpus_bad}", "--out", "{out}"], [Expect("{corpus_bad}", "<document>", "", "a YAML file, not a directory")]),
    ("mechanisms_bad_evidence", ["mechanisms", "--evidence", "proven"], [Expect("--evidence", "evidence", "'proven'", "one of ['established'")]),
    ("mechanisms_bad_subsystem", ["mechanisms", "--subsystem", "liver"], [Expect("--subsystem", "subsystem", "'liver'", "one of [")]),
    ("mechanisms_bad_format", ["mechanisms", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    ("validate_unknown_case", ["validate", "--case", "NO-SUCH-CASE"], [Expect("--case", "case", "'NO-SUCH-CASE'", "one of [")]),
    # cohort experiment: flags checked before anything runs (its fault tests live in tests/experiment)
    ("experiment_zero_jobs", ["experiment", "{experiment}", "--out", "{out}", "--jobs", "0"], [Expect("--jobs", "jobs", "0", "a positive integer")]),
    ("experiment_negative_chunk", ["experiment", "{experiment}", "--out", "{out}", "--chunk-size", "-1"], [Expect("--chunk-size", "chunk_size", "-1", "a positive integer")]),
    ("experiment_resume_and_overwrite", ["experiment", "{experiment}", "--out", "{out}", "--resume", "--overwrite"], [Expect("--resume", "resume", "True", "either --resume or --overwrite, not both")]),
    ("experiment_two_schedulers", ["experiment", "{experiment}", "--out", "{out}", "--scheduler", "tcp://127.0.0.1:1", "--local-dask"], [Expect("--scheduler", "scheduler", "'tcp://127.0.0.1:1'", "either --scheduler or --local-dask")]),
    ("experiment_jobs_text", ["experiment", "{experiment}", "--out", "{out}", "--jobs", "many"], "argument --jobs: invalid int value: 'many'"),
    ("experiment_bad_set", ["experiment", "{experiment}", "--out", "{out}", "--jobs", "1", "--set", "cohort.size=0"], [Expect("--set", "cohort.size", "0", "greater than or equal to 1")]),
    ("experiment_negative_seed", ["experiment", "{experiment}", "--out", "{out}", "--jobs", "1", "--seed", "-3"], [Expect("--seed", "seed", "-3", "an integer")]),
]


def _fill(argv: list[str], tmp_path: Path) -> list[str]:
    names = {"{valid}": str(VALID), "{out}": str(tmp_path / "out"), "{missing}": str(tmp_path / "missing.yaml"), "{corpus_bad}": str(BAD),
             "{experiment}": str(BAD.parent / "experiments" / "valid_experiment.yaml")}
    return [names.get(arg, arg) for arg in argv]


@pytest.mark.parametrize(("argv", "expects"), [c[1:] for c in FLAG_CASES], ids=[c[0] for c in FLAG_CASES])
def test_bad_flag_is_refused_clearly(argv, expects, tmp_path, capsys):
    code, _, err = run_in_process(_fill(argv, tmp_path), capsys)
    out = tmp_path / "out"
    if isinstance(expects, str):  # argparse: usage, then one error line
        assert code == EXIT_INPUT
        assert "Traceback" not in err
        last = problem_lines(err)[-1]
        assert last.startswith("cohort: error: ") and expects in last, err
        assert [line for line in problem_lines(err) if line.startswith("cohort:")] == [last]
        assert not out.exists()
    else:
        filled = []
        for expect in expects:
            (source,) = _fill([str(expect.source)], tmp_path)
            filled.append(Expect(source, expect.key_path, expect.value or Path(source).name, expect.expected))
        assert_refused(code, err, filled, out)


def test_no_command_prints_help_and_exits_2(capsys):
    code, out, err = run_in_process([], capsys)
    assert code == EXIT_INPUT
    assert "usage: cohort" in out and "Traceback" not in err


# -- output paths that exist or cannot be written -----------------------------------------------


def test_non_empty_output_directory_is_left_untouched(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("earlier results")
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line == f"cohort: --out {out}: directory exists and is not empty (use --overwrite to replace it)"
    assert [p.name for p in out.iterdir()] == ["precious.txt"]
    assert (out / "precious.txt").read_text() == "earlier results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_experiment_into_a_non_empty_directory_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep").write_text("k")
    experiment = BAD.parent / "experiments" / "valid_experiment.yaml"
    code, _, err = run_in_process(["experiment", str(experiment), "--out", str(out), "--jobs", "1", "--no-report"], capsys)
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line.startswith(f"cohort: --out {out}: directory exists and is not empty")
    assert os.listdir(out) == ["keep"]


def test_output_path_that_is_a_file_is_refused(tmp_path, capsys):
    out = tmp_path / "results.txt"
    out.write_text("not a directory")
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line == f"cohort: --out {out}: exists and is not a directory"
    assert out.read_text() == "not a directory"


def test_output_below_a_file_is_refused_before_simulating(tmp_path, capsys, monkeypatch):
    """A file in the way of the output path: refused up front (it used to simulate, then crash)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    out = blocker / "sub" / "out"
    import cohort.single_run

    monkeypatch.setattr(cohort.single_run, "build_model", lambda *a, **k: pytest.fail("simulated before checking --out"))
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line == f"cohort: --out {out}: {blocker} is in the way (it is a file, not a directory)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


@pytest.mark.skipif(is_root(), reason="root writes into read-only directories; the simulated test below covers this path")
def test_read_only_parent_is_refused(tmp_path, capsys):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    out = parent / "out"
    try:
        code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    finally:
        parent.chmod(0o755)
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line.startswith(f"cohort: --out {out}: ") and "not writable" in line
    assert list(parent.iterdir()) == []


def test_read_only_parent_is_refused_simulated(tmp_path, capsys, monkeypatch):
    """As root, permission bits do not stop writes: the write probe is made to fail with EACCES
    (what a read-only mount or a root-squashed share gives), before anything is simulated."""
    import errno

    import cohort.single_run

    parent = tmp_path / "locked"
    parent.mkdir()
    real_mkdtemp = tempfile.mkdtemp

    def deny(*args, dir=None, **kwargs):  # type: ignore[no-untyped-def]  # noqa: A002
        if dir is not None and Path(dir) == parent:
            raise PermissionError(errno.EACCES, "Permission denied", str(parent))
        return real_mkdtemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", deny)
    monkeypatch.setattr(cohort.single_run, "build_model", lambda *a, **k: pytest.fail("simulated before checking --out"))
    out = parent / "out"
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line == f"cohort: --out {out}: cannot write in {parent} (Permission denied)"
    assert list(parent.iterdir()) == []


#: output-path faults above, counted in the closing note
OUTPUT_CASES = ("non_empty_directory", "experiment_non_empty_directory", "path_is_a_file", "file_in_the_way", "read_only_parent")


def test_end_to_end_bad_flags_exit_2_without_traceback(tmp_path):
    """Through a real process: a bad --set and a bad --seed together, and a non-empty --out."""
    out = tmp_path / "out"
    result = run_process(["run", str(VALID), "--set", "cohort.size=-5", "--out", str(out)], cwd=tmp_path)
    assert_refused(result.returncode, result.stderr, [Expect("--set", "cohort.size", "-5", "greater than or equal to 1")], out)
    out.mkdir()
    (out / "keep").write_text("k")
    result = run_process(["run", str(VALID), "--out", str(out)], cwd=tmp_path)
    assert result.returncode == EXIT_INPUT and "Traceback" not in result.stderr
    assert problem_lines(result.stderr) == [f"cohort: --out {out}: directory exists and is not empty (use --overwrite to replace it)"]
    assert os.listdir(out) == ["keep"]
