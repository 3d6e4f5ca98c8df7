"""SE-GPX and AOX-BLUNT pass their ranges (CRN-paired arms; see cohort/validation/cases/antioxidants.py)."""

from __future__ import annotations

import pytest

from cohort.validation.framework import run_cases


@pytest.mark.parametrize("case_id", ["SE-GPX", "AOX-BLUNT"])
def test_antioxidant_case_passes(case_id):
    table = run_cases([case_id])
    assert not table.empty
    assert (table.error == "").all(), table.error.iloc[0]
    failing = table[~table.passed]
    assert failing.empty, failing[["check", "value", "low", "high"]].to_string()
