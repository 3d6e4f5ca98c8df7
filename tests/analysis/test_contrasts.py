"""Paired contrasts and bootstrap intervals against hand-computed cases."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from cohort.analysis.bootstrap import paired_summary, stratified_indices
from cohort.analysis.contrasts import contrast_table, paired_differences, select_outcomes
from tests.analysis.synthetic import athletes_frame


def tiny(differences: dict[int, list[float]], baseline: dict[int, list[float]] | None = None) -> pd.DataFrame:
    """Two arms, one outcome ``x``; control end = baseline + 1; treat end = control end + difference."""
    rows = []
    for replicate, diffs in differences.items():
        n = len(diffs)
        base = np.array((baseline or {}).get(replicate, np.arange(n, dtype=float) * 10))
        control = base + 1.0
        for arm, end in (("control", control), ("treat", control + np.array(diffs))):
            rows.append(pd.DataFrame({
                "run_id": f"{arm}{replicate}", "point": 0, "arm": arm, "replicate": replicate, "athlete": np.arange(n),
                "sex": "female", "x_baseline": base, "x_end": end, "x_change": end - base,
            }))
    return pd.concat(rows, ignore_index=True)


def test_paired_differences_join_on_replicate_and_athlete():
    frame = tiny({0: [1.0, 2.0, 3.0], 1: [4.0, 5.0, 6.0]})
    # shuffle the rows: the join must not depend on row order
    frame = frame.sample(frac=1.0, random_state=3)
    paired = paired_differences(frame, "control", ["x"])
    paired = paired.sort_values(["replicate", "athlete"])
    assert paired.difference.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert set(paired.arm) == {"treat"}


def test_mean_median_smd_and_responders_match_hand_computation():
    diffs = {0: [0.0, 1.0, 2.0, 3.0, 4.0], 1: [5.0, 6.0, 7.0, 8.0, 9.0]}
    frame = tiny(diffs)
    table = contrast_table(frame, "control", ["x"], n_boot=200, seed=1)
    row = table[(table.subgroup_variable == "all")].iloc[0]
    every = np.arange(10.0)
    assert row.n == 10 and row.n_replicates == 2
    assert row.mean_diff == pytest.approx(every.mean())
    assert row.median_diff == pytest.approx(np.median(every))
    # the reference change is 1 for everyone: SD 0, so the SMD is undefined
    assert np.isnan(row.smd)
    # threshold: 0.2 x SD of the reference baseline (0, 10, 20, 30, 40 in each replicate)
    baseline = np.tile(np.arange(5) * 10.0, 2)
    threshold = 0.2 * baseline.std(ddof=1)
    assert row.threshold == pytest.approx(threshold)
    assert row.share_above == pytest.approx((every > threshold).mean())
    assert row.responder_rate == row.share_above
    assert row.arm_mean - row.reference_mean == pytest.approx(row.mean_diff)


def test_stratified_bootstrap_keeps_replicates_apart():
    # within each replicate every athlete has the same difference: resampling athletes within
    # replicate can never change the mean, so the interval collapses to the estimate (2.0);
    # pooling replicates would give an interval of about +-0.8.
    frame = tiny({0: [1.0] * 6, 1: [3.0] * 6})
    row = contrast_table(frame, "control", ["x"], n_boot=500, seed=2).query("subgroup_variable == 'all'").iloc[0]
    assert (row.mean_diff, row.mean_low, row.mean_high) == (2.0, 2.0, 2.0)


def test_bootstrap_interval_equals_explicit_resampling():
    rng = np.random.default_rng(5)
    difference = rng.normal(1.0, 2.0, 30)
    reference_change = rng.normal(3.0, 1.5, 30)
    strata = np.repeat([0, 1, 2], 10)
    indices = stratified_indices(strata, 400, np.random.default_rng(9))
    # every resample draws 10 from each replicate, only from that replicate
    assert indices.shape == (400, 30)
    for stratum in range(3):
        block = indices[:, 10 * stratum : 10 * (stratum + 1)]
        assert ((block >= 10 * stratum) & (block < 10 * (stratum + 1))).all()
    summary = paired_summary(difference, reference_change, indices, confidence=0.9)
    means = [difference[row].mean() for row in indices]  # the slow way, one resample at a time
    smds = [difference[row].mean() / reference_change[row].std(ddof=1) for row in indices]
    assert summary["mean_low"] == pytest.approx(np.percentile(means, 5))
    assert summary["mean_high"] == pytest.approx(np.percentile(means, 95))
    assert summary["smd"] == pytest.approx(difference.mean() / reference_change.std(ddof=1))
    assert summary["smd_low"] == pytest.approx(np.percentile(smds, 5))
    assert summary["median_high"] == pytest.approx(np.percentile([np.median(difference[row]) for row in indices], 95))


def test_contrasts_are_seeded_and_cover_the_true_effect():
    frame = athletes_frame(n=200, replicates=2, effect=2.0)
    first = contrast_table(frame, "control", n_boot=300, seed=4)
    second = contrast_table(frame, "control", n_boot=300, seed=4)
    pd.testing.assert_frame_equal(first, second)
    row = first.query("outcome == 'strength_1rm_kg' and subgroup_variable == 'all'").iloc[0]
    # response ~ N(2, 1) per athlete: the 95 % interval of the mean (n = 400) is about +-0.1
    assert row.mean_low < 2.0 + 0.25 and row.mean_high > 2.0 - 0.25
    assert row.mean_high - row.mean_low < 0.4
    flag = first.query("outcome == 'vitd_deficient' and subgroup_variable == 'all'").iloc[0]
    assert flag.kind == "flag" and flag.mean_diff < 0  # +20 nmol/L lowers end prevalence


def test_subgroups_split_the_cohort():
    frame = athletes_frame(n=40, replicates=2)
    table = contrast_table(frame, "control", ["strength_1rm_kg"], n_boot=50, seed=1)
    sexes = table[(table.subgroup_variable == "sex") & (table.outcome == "strength_1rm_kg")].set_index("subgroup_level").n
    assert sexes["female"] == 40 and sexes["male"] == 40  # 20 of each per replicate
    assert {"all", "sex", "sport", "baseline vitd_deficient"} <= set(table.subgroup_variable)


def test_missing_outcomes_are_skipped_with_a_note(caplog):
    frame = athletes_frame(n=20, replicates=1)
    with caplog.at_level(logging.WARNING):
        continuous, flags = select_outcomes(frame, ["strength_1rm_kg", "ferritin_ug_l"])
    assert continuous == ["strength_1rm_kg"] and flags == ["vitd_deficient"]
    assert "ferritin_ug_l" in caplog.text


def test_identical_arms_give_zero_contrasts():
    frame = athletes_frame(n=30, replicates=2, arms=("control", "copy"), effect=0.0)
    copy_rows = frame.arm == "copy"
    frame.loc[copy_rows, "strength_1rm_kg_end"] = frame.loc[frame.arm == "control", "strength_1rm_kg_end"].to_numpy()
    table = contrast_table(frame, "control", ["strength_1rm_kg"], n_boot=50, seed=1)
    row = table.query("outcome == 'strength_1rm_kg' and subgroup_variable == 'all'").iloc[0]
    assert (row.mean_diff, row.mean_low, row.mean_high, row.smd) == (0.0, 0.0, 0.0, 0.0)


def test_subgroups_share_the_whole_cohorts_standardiser():
    """Used to fail: each subgroup divided by its own (narrower) SD, so both halves of a split
    had SMDs above the whole cohort's (6.60 and 5.09 against 4.07 in the quickstart)."""
    from tests.analysis.synthetic import athletes_frame

    table = contrast_table(athletes_frame(n=60, replicates=2), "control", ["strength_1rm_kg"], n_boot=50, seed=3)
    rows = table[(table.outcome == "strength_1rm_kg") & (table.arm == "treat")].set_index(["subgroup_variable", "subgroup_level"])
    whole = rows.loc[("all", "all")]
    for level in ("female", "male"):
        sub = rows.loc[("sex", level)]
        assert sub.reference_sd_change == pytest.approx(whole.reference_sd_change)
        assert sub.smd == pytest.approx(sub.mean_diff / whole.reference_sd_change)
    # n-weighted subgroup SMDs average to the whole cohort's, as their mean differences do
    halves = rows.loc[[("sex", "female"), ("sex", "male")]]
    assert (halves.smd * halves.n).sum() / halves.n.sum() == pytest.approx(whole.smd, rel=1e-9)
