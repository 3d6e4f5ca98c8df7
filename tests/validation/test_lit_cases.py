"""The literature validation cases (``cohort/validation/cases/lit_*.py``): each runs through its
experiment file and returns finite values with finite two-sided ranges, cites resolvable
references no parameter uses, and belongs to the validation split. Passing is not asserted:
a miss is a finding about the model and stays visible in ``cohort validate``."""

from __future__ import annotations

import math

import pytest

from cohort.bibliography import resolve
from cohort.parameters import PARAMS
from cohort.physiology import load_all
from cohort.validation.framework import load_cases
from cohort.validation.protocols import protocol_file

REGISTRY = load_cases()
LIT = sorted(case_id for case_id in REGISTRY if case_id.startswith("LIT-"))


def test_the_library_has_at_least_eighteen_literature_cases_across_subsystems():
    assert len(LIT) >= 18
    assert {REGISTRY[c].subsystem for c in LIT} >= {"iron", "vitamin_d", "calcium", "magnesium", "b_vitamins", "antioxidants", "muscle"}


@pytest.mark.parametrize("case_id", LIT)
def test_case_is_validation_split_with_resolving_citations_and_a_protocol_file(case_id):
    item = REGISTRY[case_id]
    assert item.kind == "validation"
    assert item.evidence in ("[A]", "[B]")
    assert item.citations
    for key in item.citations:
        assert resolve(key)
    assert protocol_file(case_id).is_file()
    doc = item.run.__doc__ or ""
    assert "mechanisms:" in doc and "published:" in doc and "diagnosis:" in doc


def test_no_parameter_cites_a_literature_case_study():
    load_all()
    cited = {key for model in PARAMS.sections.values() for meta in model.field_meta().values() for key in meta["cite"]}
    used = {key for case_id in LIT for key in REGISTRY[case_id].citations}
    assert not cited & used, f"parameters cite validation studies: {sorted(cited & used)}"


@pytest.mark.parametrize("case_id", LIT)
def test_case_runs_and_returns_finite_values_with_two_sided_ranges(case_id):
    checks = REGISTRY[case_id].run()
    assert checks
    for check in checks:
        assert math.isfinite(check.value), f"{case_id}: {check.name} is {check.value}"
        assert math.isfinite(check.low) and math.isfinite(check.high)
        assert check.low < check.high, f"{case_id}: {check.name} range {check.low}..{check.high}"
