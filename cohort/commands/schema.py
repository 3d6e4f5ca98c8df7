"""``cohort schema``: print the JSON Schema of the config (for editors and validators)."""

from __future__ import annotations

import argparse
import json

NAME = "schema"
HELP = "print the JSON Schema of config files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--physiology", action="store_true", help="include every subsystem's parameter schema")


def main(args: argparse.Namespace) -> int:
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
