"""``cohort plot RESULTS_DIR``: (re)draw the figures of a results directory into figures/."""

from __future__ import annotations

import argparse
import sys

from cohort.commands.common import add_analysis_flags, results_folder

NAME = "plot"
HELP = "analyse a results directory and draw its figures (PNG and SVG) into RESULTS_DIR/figures"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_analysis_flags(parser)


def main(args: argparse.Namespace) -> int:
    from cohort.analysis import analyze_experiment
    from cohort.analysis.blocked import analyze_blocked, is_blocked_run

    folder = results_folder(args)
    if is_blocked_run(folder):
        figures = analyze_blocked(folder)
    else:
        figures = analyze_experiment(folder, n_boot=args.bootstrap).figures
    for name, paths in figures.items():
        print(f"{name}: {', '.join(str(p) for p in paths)}", file=sys.stderr)
    return 0
