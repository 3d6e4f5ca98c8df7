"""The iron validation cases run and pass their published ranges (calibration_targets.md)."""

from __future__ import annotations

import pytest

from cohort.validation.framework import run_cases

IRON_CASES = ["FE-HEP-EX", "FE-DOSE", "FE-LOSS", "FE-ABS-SF", "FE-HB-VO2"]


@pytest.mark.parametrize("case_id", IRON_CASES)
def test_iron_case_passes(case_id):  # type: ignore[no-untyped-def]
    table = run_cases([case_id])
    assert (table["error"] == "").all(), table["error"].iloc[0]
    failed = table[~table["passed"]]
    assert failed.empty, failed[["check", "value", "low", "high"]].to_string()
    assert len(table) >= 2
