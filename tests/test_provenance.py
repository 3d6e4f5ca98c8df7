"""Every parameter has a unit, a literature range, citations that resolve and a provenance that
keeps the validation split out of sample; every mechanism has an evidence label, citations that
resolve and an equation. Fails for any subsystem that forgets one.

Provenance rules (:func:`cohort.validation.framework.provenance_problems`): a parameter is
``sourced`` or ``fitted``; a fitted one names existing *calibration* cases and a procedure; no
parameter is fitted to a validation case, and no parameter's ``cite`` keys overlap the citations
of a validation-split case, so validation cases rest on studies no parameter was set from.

Mechanism citations do not count in that overlap. A mechanism's citations are evidence that a
link exists and which way it acts (its label says how strong that evidence is); the numbers that
set its size are parameters, which carry their own citations and are checked. A validation case
may therefore test a mechanism whose existence the same study showed (e.g. Stoffel 2017 for the
dose-hepcidin link), as long as no parameter value was taken from that study.
"""

from __future__ import annotations

import pytest

from cohort.bibliography import references, resolve
from cohort.mechanisms import EVIDENCE_LEVELS, MECHANISMS
from cohort.parameters import PARAMS
from cohort.physiology import load_all
from cohort.physiology.nutrients import NUTRIENTS
from cohort.validation.framework import (
    ValidationCase,
    load_cases,
    parameter_provenance,
    provenance_problems,
)

load_all()
FIELDS = [(section, name, meta) for section, model in PARAMS.sections.items() for name, meta in model.field_meta().items()]


@pytest.mark.parametrize(("section", "name", "meta"), FIELDS, ids=[f"{s}.{n}" for s, n, _ in FIELDS])
def test_parameter_is_documented(section, name, meta):
    assert meta.get("unit"), f"{section}.{name} has no unit"
    low, high = meta["range"]
    assert low <= meta["default"] <= high, f"{section}.{name} default outside its range"
    assert meta.get("cite"), f"{section}.{name} has no citation"
    for key in meta["cite"]:
        resolve(key)
    assert meta.get("description") and len(meta["description"]) > 10


def test_no_parameter_rests_on_a_validation_case():
    problems = provenance_problems()
    assert not problems, "\n".join(problems)


def test_every_parameter_is_sourced_or_fitted_to_calibration_cases():
    registry = load_cases()
    for name, meta in parameter_provenance():
        assert meta["provenance"] in ("sourced", "fitted"), name
        if meta["provenance"] == "fitted":
            assert meta["procedure"], name
            assert meta["fitted_to"] and all(registry[c].kind == "calibration" for c in meta["fitted_to"]), name


def _case(case_id: str, kind: str, citations: tuple[str, ...]) -> ValidationCase:
    return ValidationCase(case_id, "t", "s", kind, citations, "[A]", "p", lambda: [])


FAKE_REGISTRY = {"CAL": _case("CAL", "calibration", ("studyA",)), "VAL": _case("VAL", "validation", ("studyB",))}


def _meta(cite=("studyA",), fitted_to=(), procedure="") -> dict:
    return {"cite": list(cite), "fitted_to": list(fitted_to), "procedure": procedure,
            "provenance": "fitted" if fitted_to else "sourced"}


@pytest.mark.parametrize(
    ("meta", "problem"),
    [
        (_meta(fitted_to=("VAL",), procedure="bisection"), "fitted to 'VAL', a validation-split case"),
        (_meta(fitted_to=("NOPE",), procedure="bisection"), "fitted to 'NOPE', which is not a case"),
        (_meta(cite=("studyA", "studyB")), "cites 'studyB', a study of validation case(s) ['VAL']"),
        ({**_meta(), "provenance": "guessed"}, "provenance 'guessed' is neither 'sourced' nor 'fitted'"),
        ({**_meta(fitted_to=("CAL",), procedure="x"), "procedure": ""}, "fitted without the calibration cases and the procedure"),
        ({**_meta(), "procedure": "bisection"}, "sourced but names fitted_to/procedure"),
    ],
)
def test_the_provenance_rules_catch_each_breach(meta, problem):
    problems = provenance_problems([("fake.p", meta)], FAKE_REGISTRY)
    assert problems == [f"fake.p: {problem}"]


def test_a_parameter_fitted_to_a_calibration_case_is_clean():
    assert provenance_problems([("fake.p", _meta(fitted_to=("CAL",), procedure="bisection on CAL's slope, seed 1"))], FAKE_REGISTRY) == []


@pytest.mark.parametrize("mechanism", list(MECHANISMS), ids=lambda m: m.id)
def test_mechanism_is_documented(mechanism):
    assert mechanism.evidence in EVIDENCE_LEVELS
    assert mechanism.citations, f"{mechanism.id} has no citation"
    for key in mechanism.citations:
        resolve(key)
    assert mechanism.equation, f"{mechanism.id}: its function needs a docstring with the equation"
    assert mechanism.summary
    if mechanism.evidence in ("hypothesis", "contradicted"):
        assert not mechanism.default_enabled, f"{mechanism.id} is {mechanism.evidence} but on by default"


def test_nutrient_priors_cite_sources():
    for nutrient in NUTRIENTS:
        for key in nutrient.cite:
            resolve(key)


def test_bibliography_has_no_empty_entries():
    assert references()
    assert all(len(text) > 20 for text in references().values())
