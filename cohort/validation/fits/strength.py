"""Reproduce the fit of the strength-specific responsiveness prior to TR-STR (a calibration case).

No study measures the spread of a strength-specific responsiveness trait: Hubal 2005 gives the
spread of 1RM gains (0 to +250 % in 585 untrained adults), which also carries trainability and
the training dose. The gamma shape of the trait (``cohort.traits.strength_specific_shape``) was
therefore fitted to TR-STR by a grid search: every check of the case is run at each grid value
(all other settings at their defaults) and the value kept is the one, among those passing every
check, whose share of untrained athletes gaining < 5 % is nearest the middle of that check's
interval (12.5 %): a near-non-responder share that no single draw of the cohort pushes out.

Measured when fitted (2026-12-07): shape 1.6 (the earlier reading of Hubal's CV) 21.25 % (fails),
1.8 19.0, 2.0 17.25, 2.2 16.75, 2.5 15.0, 3.0 12.5 (all other checks inside) -> 3.0, a trait CV of
0.58, inside the 0.5-1 Hubal's gains suggest.
Run: ``python -m cohort.validation.fits.strength``. Calibration cases only.
"""

from __future__ import annotations

from cohort.validation.framework import Check, case_settings, load_cases

GRID = (1.6, 1.8, 2.0, 2.2, 2.5, 3.0, 3.5)
SHARE = "untrained share gaining <5 %"
TARGET = 12.5


def run(shape: float) -> dict[str, Check]:
    """TR-STR's checks with the trait's gamma shape set to ``shape``."""
    registry = load_cases()
    assert registry["TR-STR"].kind == "calibration"
    with case_settings([f"cohort.traits.strength_specific_shape={shape}"]):
        return {check.name: check for check in registry["TR-STR"].run()}


def fit() -> float:
    best, best_error = float("nan"), float("inf")
    for shape in GRID:
        checks = run(shape)
        passed = all(check.passed for check in checks.values())
        print(f"shape {shape}: " + ", ".join(f"{name} {check.value:.2f}" for name, check in checks.items())
              + ("" if passed else " [a check fails]"), flush=True)
        if passed and abs(checks[SHARE].value - TARGET) < best_error:
            best, best_error = shape, abs(checks[SHARE].value - TARGET)
    print(f"-> strength_specific_shape = {best}")
    return best


if __name__ == "__main__":
    fit()
