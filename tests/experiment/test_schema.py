"""`cohort schema --experiment`: a valid JSON Schema that every ready experiment file meets and
that rejects the mistakes it can see (unknown keys, wrong types), arms' strategies included."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from cohort.cli import main
from tests.conftest import EXPERIMENTS

FILES = sorted(EXPERIMENTS.glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    from cohort.experiment.spec import experiment_schema

    schema = experiment_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_cli_prints_the_experiment_schema(capsys):
    assert main(["schema", "--experiment"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"arms", "crossover", "enrolment", "sweep", "hypothesis"} <= set(schema["properties"])
    assert "strategies" in schema["properties"]["arms"]["additionalProperties"]["properties"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_experiment_file_meets_the_schema(validator, path):
    errors = [error.message for error in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []


def _crossover_document():
    return yaml.safe_load((EXPERIMENTS / "trial_crossover_iron.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.pop("hypothesis"),
        lambda d: d["arms"]["iron"]["strategies"][0].update(start_dya=3),
        lambda d: d["arms"]["iron"]["strategies"][0].update(product=5),
        lambda d: d["arms"]["iron"]["strategies"][0]["delivery"].update(time="6:30"),
        lambda d: d["crossover"]["periods"][0].update(days="four weeks"),
        lambda d: d["crossover"].update(sequence={}),
        lambda d: d["arms"].update({"bad name": {}}),
    ],
    ids=["no-hypothesis", "strategy-key-typo", "product-type", "clock-time", "period-type", "crossover-key-typo", "arm-name"],
)
def test_the_schema_rejects_what_the_loader_rejects(validator, spoil):
    document = copy.deepcopy(_crossover_document())
    assert not list(validator.iter_errors(document))
    spoil(document)
    assert list(validator.iter_errors(document))
