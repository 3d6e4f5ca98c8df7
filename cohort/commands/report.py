"""``cohort report RESULTS_DIR``: analyse a results directory and write ``report.html``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "report"
HELP = "analyse an experiment (or run) directory and write report.html with figures, contrasts and evidence labels"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", help="directory written by `cohort experiment` or `cohort run`")
    parser.add_argument("--reanalyse", action="store_true", help="recompute contrasts and figures even if present")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples (default 1000)")


def main(args: argparse.Namespace) -> int:
    from cohort.analysis import analyze_experiment
    from cohort.errors import ConfigError, Problem
    from cohort.report import write_report

    folder = Path(args.results)
    if not folder.is_dir():
        raise ConfigError([Problem("RESULTS_DIR", "results", str(folder), "an existing results directory")])
    if args.bootstrap < 10:
        raise ConfigError([Problem("--bootstrap", "bootstrap", args.bootstrap, "at least 10 resamples")])
    if args.reanalyse or not (folder / "contrasts.parquet").is_file():
        analyze_experiment(folder, n_boot=args.bootstrap)
    path = write_report(folder)
    print(f"report written: {path}", file=sys.stderr)
    return 0
