"""TR-BAN, TR-STR and TR-VO2 pass their published ranges."""

from __future__ import annotations

import pytest

from cohort.validation.framework import run_cases


@pytest.mark.parametrize("case_id", ["TR-BAN", "TR-STR", "TR-VO2"])
def test_training_case_passes(case_id):
    table = run_cases([case_id])
    failing = table[~table.passed]
    assert failing.empty, failing[["check", "value", "low", "high"]].to_string()
