"""Vitamin D, calcium and magnesium validation cases pass their published ranges."""

from __future__ import annotations

import pytest

from cohort.validation.framework import load_cases, run_cases

CASES = ["VD-DOSE", "VD-KIN", "VD-SEASON", "VD-PREV", "MG-LOSS", "VD-CA", "MG-DEPL"]


@pytest.mark.parametrize("case_id", CASES)
def test_case_passes(case_id):
    table = run_cases([case_id])
    assert (table["case"] == case_id).all()
    assert (table["error"] == "").all(), table["error"].iloc[0]
    failed = table[~table["passed"]]
    assert failed.empty, failed[["check", "value", "low", "high"]].to_string()


def test_kinds_follow_calibration_targets():
    registry = load_cases()
    assert {registry[c].kind for c in ("VD-DOSE", "VD-KIN", "VD-SEASON", "VD-PREV", "MG-LOSS")} == {"calibration"}
    assert {registry[c].kind for c in ("VD-CA", "MG-DEPL")} == {"sanity"}


def test_vd_prev_uses_the_published_pass_ranges():
    table = run_cases(["VD-PREV"]).set_index("check")
    assert tuple(table.loc["prevalence of 25(OH)D < 80 nmol/L", ["low", "high"]]) == (0.44, 0.67)
    assert tuple(table.loc["winter/spring vs summer/autumn risk ratio", ["low", "high"]]) == (1.3, 2.7)
