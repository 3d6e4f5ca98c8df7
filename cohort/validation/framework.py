"""Registry and runner of validation cases."""

from __future__ import annotations

import importlib
import math
import pkgutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Check:
    """One measured quantity and its published pass range (inclusive)."""

    name: str
    value: float
    low: float
    high: float
    unit: str = ""

    @property
    def passed(self) -> bool:
        return math.isfinite(self.value) and self.low <= self.value <= self.high


@dataclass(frozen=True)
class ValidationCase:
    id: str
    title: str
    subsystem: str
    kind: str  # the split: "calibration" or "validation" (see KINDS)
    citations: tuple[str, ...]
    evidence: str  # tag of the finding: "[A]", "[B]", "[C]" as in calibration_targets.md
    protocol: str
    run: Callable[[], list[Check]] = field(repr=False)


#: The library has two halves.
#: calibration: findings that may inform parameters (a parameter fitted to one names it in
#: ``fitted_to``); the model must reproduce them, and a failure fails `cohort validate`.
#: validation: findings no parameter may be set from (a test enforces that no parameter cites
#: a validation case or its studies). They measure what the model predicts out of sample; their
#: pass rate is reported, and a miss is shown with its diagnosis rather than hidden.
KINDS = ("calibration", "validation")

CASES: dict[str, ValidationCase] = {}


def case(
    id: str,  # noqa: A002
    title: str,
    subsystem: str,
    citations: tuple[str, ...],
    evidence: str,
    protocol: str,
    kind: str = "calibration",
) -> Callable[[Callable[[], list[Check]]], Callable[[], list[Check]]]:
    """Decorator registering a function returning checks as a validation case."""

    def register(function: Callable[[], list[Check]]) -> Callable[[], list[Check]]:
        if id in CASES:
            raise ValueError(f"validation case {id!r} registered twice")
        if kind not in KINDS:
            raise ValueError(f"validation case {id!r}: kind must be one of {KINDS}")
        CASES[id] = ValidationCase(id, title, subsystem, kind, citations, evidence, protocol, function)
        return function

    return register


def load_cases() -> dict[str, ValidationCase]:
    from cohort.validation import cases

    for module in pkgutil.iter_modules(cases.__path__):
        importlib.import_module(f"cohort.validation.cases.{module.name}")
    return CASES


def run_cases(ids: Iterable[str] | None = None, progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Run the selected cases (all by default); one row per check."""
    from cohort.bibliography import resolve

    registry = load_cases()
    selected = list(ids) if ids else sorted(registry)
    unknown = [i for i in selected if i not in registry]
    if unknown:
        raise KeyError(f"unknown validation case(s) {unknown}; known: {sorted(registry)}")
    rows = []
    for case_id in selected:
        item = registry[case_id]
        if progress:
            progress(case_id)
        started = time.perf_counter()
        try:
            checks = item.run()
            error = ""
        except Exception as exc:  # a case that crashes is reported as failed, with the reason
            checks = [Check("case raised", float("nan"), 0, 0)]
            error = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - started
        for check in checks:
            rows.append(
                {
                    "case": item.id,
                    "kind": item.kind,
                    "subsystem": item.subsystem,
                    "check": check.name,
                    "value": check.value,
                    "low": check.low,
                    "high": check.high,
                    "unit": check.unit,
                    "passed": check.passed,
                    "evidence": item.evidence,
                    "citation": "; ".join(resolve(key).split(".")[0] + f" [{key}]" for key in item.citations),
                    "error": error,
                    "seconds": round(elapsed, 2),
                }
            )
    return pd.DataFrame(rows)


def to_markdown(table: pd.DataFrame) -> str:
    lines = ["| case | kind | check | value | pass range | unit | result | citation |", "|---|---|---|---|---|---|---|---|"]
    for row in table.itertuples():
        result = "PASS" if row.passed else ("ERROR: " + row.error if row.error else ("MISS" if row.kind == "validation" else "FAIL"))
        lines.append(
            f"| {row.case} | {row.kind} | {row.check} | {row.value:.4g} | {row.low:g} to {row.high:g} | {row.unit} | {result} | {row.citation} |"
        )
    return "\n".join(lines) + "\n"
