"""Vitamin D, calcium and magnesium cases keep their splits and published intervals."""

from __future__ import annotations

from cohort.validation.framework import load_cases, run_cases


def test_kinds_follow_calibration_targets():
    registry = load_cases()
    assert {registry[c].kind for c in ("VD-DOSE", "VD-KIN", "VD-SEASON", "VD-PREV", "MG-LOSS", "VD-CA", "MG-DEPL")} == {"calibration"}


def test_vd_prev_uses_the_published_intervals():
    table = run_cases(["VD-PREV"]).set_index("check")
    assert tuple(table.loc["prevalence of 25(OH)D < 80 nmol/L", ["low", "high", "published"]]) == (0.44, 0.67, 0.56)
    assert tuple(table.loc["winter/spring vs summer/autumn risk ratio", ["low", "high"]]) == (1.3, 2.7)
