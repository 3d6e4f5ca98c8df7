"""Validation against published human data (``cohort validate``).

A :class:`ValidationCase` runs an in-silico version of a published protocol and returns
:class:`Check` values with pass ranges taken from ``validation/calibration_targets.md``.
Cases live in :mod:`cohort.validation.cases` modules, one per subsystem, and register
themselves with :func:`case`. Disagreements are reported, never hidden: a failing check
prints its measured value next to the published range and citation.
"""

from cohort.validation.framework import CASES, Check, ValidationCase, case, run_cases

__all__ = ["CASES", "Check", "ValidationCase", "case", "run_cases"]
