"""``cohort report RESULTS_DIR``: analyse a results directory and write ``report.html``."""

from __future__ import annotations

import argparse
import sys

from cohort.commands.common import add_analysis_flags, results_folder

NAME = "report"
HELP = "analyse an experiment (or run, or blocked run) directory and write report.html with figures, tables and evidence labels"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_analysis_flags(parser)
    parser.add_argument("--reanalyse", action="store_true", help="recompute contrasts and figures even if present")
    parser.add_argument(
        "--days", type=int, nargs="+", default=None, metavar="DAY",
        help="a blocked run: recorded days to draw the histograms at (default: first, middle and last)",
    )


def main(args: argparse.Namespace) -> int:
    from cohort.analysis import analyze_experiment
    from cohort.analysis.blocked import is_blocked_run
    from cohort.report import write_report

    folder = results_folder(args)
    if not is_blocked_run(folder) and (args.reanalyse or not (folder / "contrasts.parquet").is_file()):
        analyze_experiment(folder, n_boot=args.bootstrap)
    path = write_report(folder, days=args.days)
    print(f"report written: {path}", file=sys.stderr)
    return 0
