"""Validation against published human data (``cohort validate``).

A :class:`ValidationCase` runs an in-silico version of a published protocol and returns
:class:`Check` values: an emergent model quantity, the published value and a two-sided
interval from its published uncertainty. Cases live in :mod:`cohort.validation.cases` modules,
one per subsystem, and register themselves with :func:`case`, stating their split
(``calibration``: may inform parameters, must pass; ``validation``: no parameter rests on its
studies, see :func:`~cohort.validation.framework.provenance_problems`), the mechanisms involved
and, for a known miss, a diagnosis. Protocols the experiment vocabulary can express ship as
experiment files in :mod:`cohort.validation.protocols` (``cohort validate --protocol ID``);
:mod:`cohort.validation.report` writes the HTML report (``cohort validate --report DIR``).
Disagreements are reported, never hidden.
"""

from cohort.validation.framework import (
    CASES,
    KINDS,
    Check,
    ValidationCase,
    case,
    protocol_models,
    run_cases,
)

__all__ = ["CASES", "KINDS", "Check", "ValidationCase", "case", "protocol_models", "run_cases"]
