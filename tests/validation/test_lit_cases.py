"""The literature validation cases (``cohort/validation/cases/lit_*.py``): each runs through its
experiment file and returns finite values with finite two-sided ranges, cites resolvable
references, and belongs to the validation split (that no parameter cites their studies is
tests/test_provenance.py's rule for every validation case). Passing is not asserted: a miss is a
finding about the model and stays visible in ``cohort validate``."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cohort.bibliography import resolve
from cohort.observation import DEFAULT_ASSAY_CV
from cohort.validation.framework import load_cases
from cohort.validation.protocols import geometric_mean, protocol_file, ratio_interval_from_p, run_protocol

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
    assert item.published


@pytest.mark.parametrize("case_id", LIT)
def test_case_runs_and_returns_finite_values_with_two_sided_ranges(case_id):
    checks = REGISTRY[case_id].run()
    assert checks
    for check in checks:
        assert math.isfinite(check.value), f"{case_id}: {check.name} is {check.value}"
        assert math.isfinite(check.low) and math.isfinite(check.high)
        assert check.low < check.high, f"{case_id}: {check.name} range {check.low}..{check.high}"


def test_a_measured_change_carries_two_independent_test_errors():
    """Cases compare with trials' change scores, which carry the error of a baseline and an end
    test. In the no-iron arm of LIT-FE-HOUSTON (600 adults, 12 weeks) the SD of the measured VO2max
    change must be that of the true change plus two independent log-normal test errors,
    sqrt(var(true change) + 2 CV^2 mean(VO2max^2)), within 10 % (sampling SE of an SD with n = 600
    is ~3 %); and the measured mean change must match the true one within 3 standard errors (the
    error is mean-preserving)."""
    out = run_protocol("LIT-FE-HOUSTON")
    baseline = out.column("placebo", "vo2max_ml_kg_min_baseline")
    true_change = out.column("placebo", "vo2max_ml_kg_min_end") - baseline
    measured = out.drawn_change("placebo", "vo2max_ml_kg_min", 12)
    cv = DEFAULT_ASSAY_CV["vo2max_ml_kg_min"]
    expected_sd = math.sqrt(np.var(true_change) + 2.0 * cv**2 * np.mean(baseline**2))
    assert np.std(measured) == pytest.approx(expected_sd, rel=0.10)
    assert np.std(measured) > 2.0 * np.std(true_change)
    se = np.std(measured, ddof=1) / math.sqrt(len(measured))
    assert abs(measured.mean() - true_change.mean()) < 3.0 * se


def test_ratio_interval_from_p_puts_the_null_on_the_edge_at_the_reported_p():
    """The widest 95 % interval consistent with a two-sided p: at p = 0.05 it reaches 1 exactly (r^2 to 1
    for r < 1), at smaller p it excludes 1, and it is symmetric on the log scale."""
    low, high = ratio_interval_from_p(0.731, 0.05)
    assert high == pytest.approx(1.0, abs=1e-4) and low == pytest.approx(0.731**2, rel=1e-3)
    low, high = ratio_interval_from_p(1.45, 0.001)
    assert 1.0 < low < 1.45 < high and math.log(high / 1.45) == pytest.approx(math.log(1.45 / low))
    assert ratio_interval_from_p(0.638, 0.025)[1] < 1.0


def test_geometric_mean_refuses_non_positive_values():
    assert geometric_mean(np.array([1.0, 4.0])) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="positive"):
        geometric_mean(np.array([1.0, 0.0]))
