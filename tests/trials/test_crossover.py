"""Crossover designs: the sequences as runs (windows moved into periods), balanced random
allocation, the within-athlete estimate (checked against the 2 x 2 formula and a known effect),
and a small crossover experiment end to end (determinism, CRN, outputs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from cohort.errors import ConfigError
from cohort.experiment.crossover import VISITS
from cohort.experiment.spec import resolve_experiment
from cohort.trials.crossover import allocate, fixed_effects
from tests.conftest import CONFIGS

IRON = {"name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}}, "delivery": {"schedule": "daily"}}
CROSSOVER = {
    "periods": [{"days": 14}, {"washout": 14}, {"days": 14}],
    "sequences": {"AB": ["iron", "none"], "BA": ["none", "iron"]},
    "outcomes": ["ferritin_ug_l", "hb_g_dl"],
}


def write(folder: Path, **changes) -> Path:
    document = {
        "name": "crossover test", "hypothesis": "iron raises ferritin, within athletes",
        "base": str(CONFIGS / "base.yaml"), "set": {"duration_weeks": 6, "cohort": {"size": 30}},
        "record": {"interval_days": 7, "variables": ["ferritin_ug_l", "hb_g_dl"]},
        "seed": 11, "replicates": 2, "reference": "none",
        "arms": {"none": {}, "iron": {"strategies": [IRON]}}, "crossover": CROSSOVER,
    }
    document.update(changes)
    path = folder / "crossover.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_each_sequence_gives_its_arms_in_their_periods(tmp_path):
    experiment = resolve_experiment(write(tmp_path))
    assert sorted({run.arm for run in experiment.runs}) == ["AB", "BA"]
    windows = {}
    for sequence in ("AB", "BA"):
        config = experiment.point_config(0, sequence)
        windows[sequence] = [(s.name, s.first_day, s.end_day) for s in config.strategies if s.name != VISITS]
        visits = next(s for s in config.strategies if s.name == VISITS)
        assert visits.draw_days == [0, 14, 28, 42]
    assert windows == {"AB": [("iron", 0, 14)], "BA": [("iron", 28, 42)]}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"crossover": {**CROSSOVER, "sequences": {"AB": ["iron", "placebo"], "BA": ["none", "iron"]}}}, "placebo"),
        ({"crossover": {**CROSSOVER, "sequences": {"AB": ["iron"], "BA": ["none"]}}}, "lists 1 arms for 2 treatment periods"),
        ({"crossover": {**CROSSOVER, "periods": [{"days": 14, "washout": 3}, {"days": 14}]}}, "either"),
        ({"arms": {"none": {}, "iron": {"strategies": [IRON], "diet": {"day_to_day_cv": 0.1}}}}, "arms.iron"),
        ({"set": {"duration_weeks": 5, "cohort": {"size": 30}}}, "duration_weeks >= 6"),
        ({"arms": {"none": {}, "iron": {"strategies": [{**IRON, "screen": {"biomarker": "ferritin_ug_l", "below": 30}}]}}}, "screen"),
    ],
)
def test_bad_crossovers_are_config_errors_naming_the_key(tmp_path, changes, key):
    with pytest.raises(ConfigError) as error:
        resolve_experiment(write(tmp_path, **changes))
    assert key in str(error.value)


def test_allocation_is_random_balanced_and_reproducible():
    first, again, other = allocate(5, 101, 2), allocate(5, 101, 2), allocate(6, 101, 2)
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert sorted(np.bincount(first).tolist()) == [50, 51]
    assert abs(first[:50].mean() - 0.5) < 0.25  # not in athlete order


def _two_by_two(effect: float, period: float, n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    athlete = np.repeat(np.arange(n), 2)
    sequence = np.where(athlete < n // 2, "AB", "BA")
    p = np.tile([1, 2], n)
    arm = np.where((sequence == "AB") == (p == 1), "a", "b")
    level = rng.normal(0, 5, n)[athlete]
    value = level + period * (p == 2) + effect * (arm == "a") + rng.normal(0, 1, 2 * n)
    return pd.DataFrame({"replicate": 0, "athlete": athlete, "sequence": sequence, "period": p, "arm": arm, "value": value})


def test_the_within_athlete_estimate_is_the_two_by_two_formula_and_recovers_the_effect():
    frame = _two_by_two(effect=2.0, period=3.0)
    fitted = fixed_effects(frame, reference="b")["a"]
    d = frame.pivot_table(index=["sequence", "athlete"], columns="period", values="value")
    d = (d[1] - d[2]).groupby(level="sequence").mean()
    assert fitted["estimate"] == pytest.approx((d["AB"] - d["BA"]) / 2, rel=1e-9)
    assert fitted["low"] < 2.0 < fitted["high"]
    assert fitted["high"] - fitted["low"] < 0.4  # within-athlete: the athlete SD of 5 does not enter


def test_a_crossover_experiment_runs_deterministically_with_common_random_numbers(tmp_path):
    from cohort.experiment.runner import run_experiment

    path = write(tmp_path)
    run_experiment(path, tmp_path / "one", jobs=1, analyze=False)
    run_experiment(path, tmp_path / "two", jobs=1, analyze=False)
    one, two = (pd.read_csv(tmp_path / name / "crossover.csv") for name in ("one", "two"))
    pd.testing.assert_frame_equal(one, two)
    table = pd.read_parquet(tmp_path / "one" / "crossover.parquet")
    # every athlete in exactly one sequence per replicate, both periods, balanced
    per = table[table.outcome == "ferritin_ug_l"].groupby(["replicate", "athlete"])
    assert (per.sequence.nunique() == 1).all() and (per.period.nunique() == 2).all()
    assert sorted(table.groupby(["replicate", "sequence"]).athlete.nunique().tolist()) == [15, 15, 15, 15]
    # CRN: day-0 truth is the same athletes' in both sequences' runs
    draws = pd.read_parquet(tmp_path / "one" / "draws.parquet")
    day0 = draws[(draws.day == 0) & (draws.biomarker == "ferritin_ug_l")].pivot_table(index=["replicate", "athlete"], columns="arm", values="true_value")
    assert np.array_equal(day0["AB"], day0["BA"])
    # iron raises ferritin within athletes: period change on iron above that off iron
    estimate = one[one.outcome == "ferritin_ug_l"].iloc[0]
    assert estimate.kind == "crossover" and estimate.arm == "iron" and estimate.mean_diff > 0
    assert estimate.true_effect_period1 > 0
