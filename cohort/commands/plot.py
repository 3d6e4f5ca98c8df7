"""``cohort plot RESULTS_DIR``: (re)draw the figures of a results directory into figures/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "plot"
HELP = "analyse a results directory and draw its figures (PNG and SVG) into RESULTS_DIR/figures"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", help="directory written by `cohort experiment` or `cohort run`")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples (default 1000)")


def main(args: argparse.Namespace) -> int:
    from cohort.analysis import analyze_experiment
    from cohort.errors import ConfigError, Problem

    folder = Path(args.results)
    if not folder.is_dir():
        raise ConfigError([Problem("RESULTS_DIR", "results", str(folder), "an existing results directory")])
    if args.bootstrap < 10:
        raise ConfigError([Problem("--bootstrap", "bootstrap", args.bootstrap, "at least 10 resamples")])
    analysis = analyze_experiment(folder, n_boot=args.bootstrap)
    for name, paths in analysis.figures.items():
        print(f"{name}: {', '.join(str(p) for p in paths)}", file=sys.stderr)
    return 0
