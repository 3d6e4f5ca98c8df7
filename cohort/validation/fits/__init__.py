"""Reproducible fits of the parameters marked ``fitted`` (``param(fitted_to=..., procedure=...)``).

Each module re-runs the calibration cases its parameters were fitted to on the stated grid and
prints the result, e.g. ``python -m cohort.validation.fits.vitamin_d season``. Only cases of the
calibration split may inform a parameter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from cohort.validation.framework import Check, case_settings, load_cases


def case_checks(case_id: str, settings: Iterable[str]) -> dict[str, Check]:
    """The checks of calibration case ``case_id`` run with config ``settings`` (``dotted.path=value``)."""
    registry = load_cases()
    if registry[case_id].kind != "calibration":
        raise ValueError(f"{case_id} is a {registry[case_id].kind} case: only calibration cases may inform a parameter")
    with case_settings(list(settings)):
        return {check.name: check for check in registry[case_id].run()}


def grid_search(name: str, grid: Iterable[float], run: Callable[[float], tuple[float, dict[str, Check]]],
                target: float) -> float:
    """The grid value, among those at which every check passes, whose measured quantity is nearest
    ``target``; ``run(value)`` returns (measured, checks). Every grid point is printed, so the fit
    can be read and reproduced; NaN when no value passes."""
    best, best_error = math.nan, math.inf
    for value in grid:
        measured, checks = run(value)
        passed = all(check.passed for check in checks.values())
        print(f"{name} {value}: measured {measured:.4g}; " + ", ".join(f"{key} {check.value:.3f}" for key, check in checks.items())
              + ("" if passed else " [a check fails]"), flush=True)
        if passed and abs(measured - target) < best_error:
            best, best_error = value, abs(measured - target)
    print(f"-> {name} = {best}")
    return best
