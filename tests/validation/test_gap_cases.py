"""Validation-split cases the model was known to miss run and report finite values; the former gap case that passes is in the calibration split and must pass."""

from __future__ import annotations

import math

import pytest

from cohort.validation.framework import load_cases

GAP_CASES = ("FE-ALT-DAY", "FE-PREV-MALE", "VD-EKWARU", "VD-PREV-RR", "VD-TROUGH")
SANITY_CASES = ("FE-VITC-LONG",)


@pytest.mark.parametrize("case_id", GAP_CASES)
def test_gap_case_runs_with_finite_values(case_id: str) -> None:
    item = load_cases()[case_id]
    assert item.kind == "validation"
    checks = item.run()
    assert checks
    for check in checks:
        assert math.isfinite(check.value), check.name
        assert check.low <= check.high


@pytest.mark.parametrize("case_id", SANITY_CASES)
def test_former_gap_case_passes(case_id: str) -> None:
    item = load_cases()[case_id]
    assert item.kind == "calibration"
    checks = item.run()
    assert checks
    assert all(check.passed for check in checks), [(c.name, c.value) for c in checks]
