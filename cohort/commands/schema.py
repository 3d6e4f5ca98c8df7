"""``cohort schema``: print the JSON Schema of config files, or of experiment files with
``--experiment`` (for editors and validators)."""

from __future__ import annotations

import argparse
import json

NAME = "schema"
HELP = "print the JSON Schema of config files (--experiment: of experiment files)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--physiology", action="store_true", help="include every subsystem's parameter schema")
    parser.add_argument("--experiment", action="store_true", help="the schema of experiment files (experiments/*.yaml)")


def main(args: argparse.Namespace) -> int:
    if args.experiment:
        from cohort.experiment.spec import experiment_schema

        print(json.dumps(experiment_schema(), indent=2, default=str))
        return 0
    from cohort.config.models import Config

    schema = Config.model_json_schema()
    if args.physiology:
        from cohort.parameters import PARAMS
        from cohort.physiology import load_all

        load_all()
        schema["properties"]["physiology"]["properties"] = {
            section: model.model_json_schema() for section, model in PARAMS.sections.items()
        }
    print(json.dumps(schema, indent=2, default=str))
    return 0
