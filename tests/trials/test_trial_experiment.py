"""An enrolled trial experiment end to end, from the CLI: enrolment through the observation
layer, flow.csv against enrolment.parquet and the diagram, the analysis restricted to the
enrolled athletes, and `cohort power` (null arm near alpha, power rising with size).

One small experiment (women screened for ferritin < 30 ug/L, 4 weeks, 2 replicates) is run
once per module; its runs take about a second once the kernels are compiled.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from cohort.cli import main
from cohort.observation import DEFAULT_ASSAY_CV
from tests.conftest import CONFIGS

TARGET = 60
IRON = {"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}},
        "delivery": {"schedule": "alternate_days", "time": "06:30"}}


def document(**changes):
    doc = {
        "name": "trial test", "hypothesis": "iron raises ferritin in iron-deficient women",
        "base": str(CONFIGS / "base.yaml"),
        "set": {"duration_weeks": 4, "cohort": {"size": 300, "female_share": 0.5, "sport": {"endurance": 1.0}}},
        "record": {"variables": ["ferritin_ug_l", "hb_g_dl", "vo2max_ml_kg_min"], "trajectories": True},
        "seed": 41, "replicates": 2, "reference": "control",
        "enrolment": {"include": ["sex == 'female'", "ferritin_ug_l < 30"], "exclude": ["hb_g_dl < 10"],
                      "target": TARGET, "dropout": 0.1},
        "arms": {
            "control": {},
            # screens on a value nobody has: never doses
            "never": {"strategies": [{**IRON, "screen": {"biomarker": "ferritin_ug_l", "below": 0.0, "weeks": [0]}}]},
            "iron": {"strategies": [{**IRON, "adherence": {"mean": 0.8, "concentration": 10}}]},
        },
        "outcomes": ["ferritin_ug_l", "hb_g_dl"],
    }
    doc.update(changes)
    return doc


def write(folder: Path, doc: dict) -> Path:
    path = folder / "trial.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trial(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("trial")
    out = folder / "out"
    assert main(["experiment", str(write(folder, document())), "--out", str(out), "--jobs", "1"]) == 0
    return out


def test_every_enrolled_athlete_meets_the_criteria_on_the_screened_value(trial):
    enrolment = pd.read_parquet(trial / "enrolment.parquet")
    athletes = pd.read_parquet(trial / "athletes.parquet")
    reference = athletes[athletes.arm == "control"].merge(enrolment, on=["point", "replicate", "athlete"])
    enrolled = reference[reference.enrolled]
    assert enrolled.groupby("replicate").size().tolist() == [TARGET, TARGET]
    assert (enrolled.sex == "female").all()
    assert (enrolled.ferritin_ug_l_screened < 30).all() and (enrolled.hb_g_dl_screened >= 10).all()
    # the screened value carries the observation layer's assay error: log ratio SD = sqrt(ln(1 + CV^2))
    screened = reference[reference.screened]
    log_ratio = np.log(screened.ferritin_ug_l_screened / screened.ferritin_ug_l_baseline)
    sigma = math.sqrt(math.log1p(DEFAULT_ASSAY_CV["ferritin_ug_l"] ** 2))
    assert abs(log_ratio.std() / sigma - 1) < 0.15  # >= 300 screened per replicate: SE of an SD ~ 4 %
    # so some enrolled women are truly replete (misclassified by the assay), as in a real screen
    assert (enrolled.ferritin_ug_l_baseline >= 30).any()
    # screening stopped when the target was reached: every screened-but-not-enrolled athlete failed a criterion
    assert (screened[~screened.enrolled].first_failed != "").all()


def test_flow_csv_agrees_with_the_enrolment_and_the_diagram(trial):
    from cohort.trials.flow import flow_figure, read_flow

    flow = read_flow(trial)
    enrolment = pd.read_parquet(trial / "enrolment.parquet")
    for replicate, rows in flow.groupby("replicate"):
        table = enrolment[enrolment.replicate == replicate]
        count = rows.set_index(["stage", "arm", "criterion"]).n
        assert count[("screened", "", "")] == table.screened.sum()
        assert count[("enrolled", "", "")] == table.enrolled.sum() == TARGET
        excluded = rows[rows.stage == "excluded"].n.sum()
        assert excluded + TARGET == count[("screened", "", "")]  # each candidate excluded once at most
        dropouts = int(table.dropout.sum())
        for arm in ("control", "never", "iron"):
            assert count[("allocated", arm, "")] == TARGET
            assert count[("completed", arm, "")] == TARGET - dropouts
        assert count[("adherent", "control", "")] == TARGET - dropouts  # no strategy: everyone adheres
        assert count[("adherent", "iron", "")] < TARGET - dropouts  # Beta(8, 2) adherence: ~ 40 % below 0.8
    texts = " ".join(text.get_text() for text in flow_figure(flow).axes[0].texts)
    totals = flow.groupby(["stage", "arm"]).n.sum()
    assert f"Screened\nn = {totals[('screened', '')]}" in texts
    assert f"Enrolled\nn = {totals[('enrolled', '')]}" in texts
    assert f"completed\nn = {totals[('completed', 'iron')]}" in texts
    assert (trial / "figures" / "flow.png").is_file()
    assert "<b>flow.</b>" in (trial / "report.html").read_text(encoding="utf-8")


def test_the_analysis_covers_the_enrolled_athletes_only(trial):
    contrasts = pd.read_csv(trial / "contrasts.csv")
    whole = contrasts[(contrasts.subgroup_variable == "all") & (contrasts.outcome == "ferritin_ug_l")]
    assert (whole.n == 2 * TARGET).all()
    daily = pd.read_parquet(trial / "cohort_daily.parquet")  # every simulated candidate
    from cohort.analysis import read_results

    enrolled_daily = read_results(trial).cohort_daily
    start = enrolled_daily[(enrolled_daily.day == 0) & (enrolled_daily.variable == "ferritin_ug_l")
                           & (enrolled_daily.statistic == "mean")]
    everyone = daily[(daily.day == 0) & (daily.variable == "ferritin_ug_l") & (daily.statistic == "mean")]
    # the enrolled women (screened < 30) start far below the whole screened cohort
    assert start.value.max() < 35 < everyone.value.min()
    # common random numbers: the arm that never doses is the control, athlete by athlete
    athletes = read_results(trial).athletes
    never = athletes[athletes.arm == "never"].ferritin_ug_l_end.to_numpy()
    control = athletes[athletes.arm == "control"].ferritin_ug_l_end.to_numpy()
    assert len(never) == 2 * TARGET and np.array_equal(never, control)


def test_power_of_a_strategy_that_never_doses_is_alpha_and_iron_power_rises(trial, tmp_path):
    out = tmp_path / "power"
    assert main(["power", str(trial), "--outcome", "ferritin_ug_l", "--sizes", "10,20,40", "--trials", "2000",
                 "--out", str(out)]) == 0
    table = pd.read_csv(out / "power.csv")
    null = table[table.arm == "never"]
    # each size: 2000 trials, binomial SE 0.0049 at 5 %; 3.5 SE
    assert (null.power.sub(0.05).abs() < 3.5 * math.sqrt(0.05 * 0.95 / 2000)).all(), null.power.tolist()
    assert (null.true_effect == 0).all()
    iron = table[table.arm == "iron"].sort_values("n_per_arm")
    assert iron.power.is_monotonic_increasing and iron.power.iloc[-1] > iron.power.iloc[0] + 0.1
    assert (iron.true_effect > 0).all()
    # estimates centre on the in-silico paired effect (SE of a mean of 2000 estimates, 4 SE)
    assert ((iron.mean_estimate - iron.true_effect).abs() < 4 * iron.sd_estimate / math.sqrt(2000)).all()
    assert (out / "figures" / "power.png").is_file()


@pytest.mark.parametrize(
    ("enrolment", "key", "says"),
    [
        ({"include": ["ferritin < 30"]}, "enrolment.include", "neither a state variable"),
        ({"include": ["ferritin_ug_l < 30; rm -rf"]}, "enrolment.include", "VARIABLE OPERATOR LITERAL"),
        ({"exclude": ["sex == 'woman'"]}, "enrolment.exclude", "not a level of sex"),
        ({"include": ["ferritin_ug_l < 30"], "dropout": 1.5}, "enrolment.dropout", "less than 1"),
        ({"include": ["ferritin_ug_l < 0"]}, "enrolment", "at least one of"),
    ],
)
def test_a_bad_enrolment_is_one_clear_error_and_nothing_is_written(tmp_path, capsys, enrolment, key, says):
    path = write(tmp_path, document(enrolment=enrolment))
    out = tmp_path / "out"
    assert main(["experiment", str(path), "--out", str(out), "--jobs", "1"]) == 2
    error = capsys.readouterr().err
    assert str(path) in error and key in error and says in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--outcome", "ferritin", "--sizes", "10"], "a recorded continuous outcome"),
        (["--outcome", "ferritin_ug_l", "--sizes", "10,x"], "comma-separated integers"),
        (["--outcome", "ferritin_ug_l", "--sizes", "10", "--alpha", "1.5"], "a significance level"),
    ],
)
def test_bad_power_input_exits_2(trial, tmp_path, capsys, flags, says):
    out = tmp_path / "power"
    assert main(["power", str(trial), *flags, "--out", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not (out / "power.csv").exists()


def test_power_runs_an_experiment_file_first_and_is_reproducible(tmp_path):
    doc = document(replicates=1, arms={"control": {}, "iron": {"strategies": [IRON]}})
    doc["enrolment"] = {**doc["enrolment"], "target": 30}
    path = write(tmp_path, doc)
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["power", str(path), "--outcome", "ferritin_ug_l", "--sizes", "5,10", "--trials", "200",
                 "--out", str(first), "--jobs", "1"]) == 0
    assert (first / "experiment" / "flow.csv").is_file()
    assert main(["power", str(first / "experiment"), "--outcome", "ferritin_ug_l", "--sizes", "5,10", "--trials", "200",
                 "--out", str(second)]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(first / "power.csv"), pd.read_csv(second / "power.csv"))
    table = pd.read_csv(first / "power.csv")
    assert table.pool_size.eq(30).all() and not table.with_replacement.any()


@pytest.mark.parametrize(
    ("changes", "key", "says"),
    [
        ({"record": {"variables": ["hb_g_dl"]}}, "record.variables", "a list including ferritin_ug_l"),
        ({"enrolment": {"include": ["ferritin_ug_l < 30"], "screening_day": 3}}, "enrolment.screening_day", "a recorded day"),
        ({"enrolment": {"include": ["ferritin_ug_l < 30"], "target": 500, "max_screened": 400}}, "enrolment.target",
         "reachable within max_screened=400"),
    ],
)
def test_an_enrolment_the_runs_could_not_honour_is_refused_before_running(tmp_path, capsys, changes, key, says):
    path = write(tmp_path, document(**changes))
    out = tmp_path / "out"
    assert main(["experiment", str(path), "--out", str(out), "--jobs", "1"]) == 2
    error = capsys.readouterr().err
    assert key in error and says in error
    assert not out.exists()


def test_a_later_screening_visit_screens_the_state_of_that_day(tmp_path):
    doc = document(replicates=1, arms={"control": {}, "iron": {"strategies": [IRON]}})
    doc["enrolment"] = {"include": ["ferritin_ug_l < 30"], "screening_day": 7, "target": 40}
    out = tmp_path / "out"
    assert main(["experiment", str(write(tmp_path, doc)), "--out", str(out), "--jobs", "1", "--no-report"]) == 0
    enrolment = pd.read_parquet(out / "enrolment.parquet")
    trajectories = pd.read_parquet(out / "trajectories.parquet")
    runs = pd.read_parquet(out / "runs.parquet")
    control = runs[runs.arm == "control"].run_id.iloc[0]
    day7 = trajectories[(trajectories.run_id == control) & (trajectories.day == 7)].sort_values("athlete")
    truth = day7.ferritin_ug_l.to_numpy()
    screened = enrolment.ferritin_ug_l_screened.to_numpy()
    assert enrolment.enrolled.sum() == 40
    assert (screened[enrolment.enrolled] < 30).all()
    # the day-7 draw of the assay stream, not the baseline's: log ratio to the day-7 truth has the assay SD
    sigma = math.sqrt(math.log1p(DEFAULT_ASSAY_CV["ferritin_ug_l"] ** 2))
    # (an athlete with empty stores has ferritin 0, and so has its draw: no ratio)
    drawn = enrolment.screened.to_numpy() & (truth > 0.0)
    log_ratio = np.log(screened[drawn] / truth[drawn])
    assert abs(log_ratio.std() / sigma - 1) < 0.2
