"""Every parameter has a unit, a literature range and citations that resolve; every mechanism
has an evidence label, citations that resolve and an equation. Fails for any subsystem that
forgets one."""

from __future__ import annotations

import pytest

from cohort.bibliography import references, resolve
from cohort.mechanisms import EVIDENCE_LEVELS, MECHANISMS
from cohort.parameters import PARAMS
from cohort.physiology import load_all
from cohort.physiology.nutrients import NUTRIENTS

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
