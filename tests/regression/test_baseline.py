"""Seeded regression baseline: summaries of standard runs against ``baseline.json``.

A failure lists every changed summary (old -> new). When the change is intended (physiology
moved on purpose), regenerate with ``python -m tests.regression.update`` and commit the diff.
"""

from __future__ import annotations

import pytest

from tests.regression.cases import CASES, differences, load_baseline, summarise


@pytest.mark.parametrize("case", list(CASES))
def test_standard_run_matches_the_baseline(case: str) -> None:
    baseline = load_baseline()
    assert case in baseline, f"no baseline for {case}: run `python -m tests.regression.update`"
    changed = differences(case, baseline[case], summarise(case))
    assert not changed, "model output moved (regenerate with `python -m tests.regression.update` if intended):\n" + "\n".join(changed)


def test_differences_are_listed_readably() -> None:
    lines = differences("case", {"a": 1.0, "b": 2.0, "gone": 1.0}, {"a": 1.1, "b": 2.0 * (1 + 1e-9), "new": 3.0})
    assert lines == ["case.a: 1 -> 1.1 (+10 %)", "case.gone: only in baseline", "case.new: new (not in baseline)"]
