"""Vitamin D, calcium and magnesium validation cases pass their published ranges."""

from __future__ import annotations

from cohort.validation.framework import load_cases, run_cases

CASES = ["VD-DOSE", "VD-KIN", "VD-SEASON", "VD-PREV", "MG-LOSS", "VD-CA", "MG-DEPL"]


def test_kinds_follow_calibration_targets():
    registry = load_cases()
    assert {registry[c].kind for c in ("VD-DOSE", "VD-KIN", "VD-SEASON", "VD-PREV", "MG-LOSS")} == {"calibration"}
    assert {registry[c].kind for c in ("VD-CA", "MG-DEPL")} == {"calibration"}


def test_vd_prev_uses_the_published_pass_ranges():
    table = run_cases(["VD-PREV"]).set_index("check")
    assert tuple(table.loc["prevalence of 25(OH)D < 80 nmol/L", ["low", "high"]]) == (0.44, 0.67)
    assert tuple(table.loc["winter/spring vs summer/autumn risk ratio", ["low", "high"]]) == (1.3, 2.7)
