"""``cohort sensitivity RESULTS_DIR``: sensitivity indices of a sweep's outcomes."""

from __future__ import annotations

import argparse

NAME = "sensitivity"
HELP = "Sobol / Morris sensitivity indices (SALib) of a sweep's outcomes, with noise share and plots"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS_DIR", help="output directory of `cohort experiment`")


def main(args: argparse.Namespace) -> int:
    from cohort.errors import CohortError

    raise CohortError("cohort sensitivity: not implemented yet")
