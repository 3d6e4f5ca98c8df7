"""``cohort sensitivity RESULTS_DIR``: sensitivity indices of a sweep's outcomes."""

from __future__ import annotations

import argparse
import sys

NAME = "sensitivity"
HELP = "Sobol / Morris sensitivity indices (SALib) of a sweep's outcomes, with noise share and plots"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS_DIR", help="output directory of `cohort experiment`")
    parser.add_argument("--outcome", dest="outcomes", action="append", default=[], metavar="NAME",
                        help="recorded variable (repeatable; default: the experiment's outcomes)")
    parser.add_argument("--arm", default=None, help="arm to analyse (default: the reference, or with --paired the first other arm)")
    parser.add_argument("--paired", action="store_true",
                        help="analyse common-random-number paired differences arm - reference")
    parser.add_argument("--statistic", default="change", choices=("change", "end", "baseline", "min", "max"),
                        help="per-athlete statistic averaged over the cohort (default: change)")
    parser.add_argument("--out", default=None, metavar="DIR", help="where to write (default: RESULTS_DIR/sensitivity)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap confidence intervals")


def main(args: argparse.Namespace) -> int:
    import pandas as pd

    from cohort.sensitivity import analyze_sensitivity, write_sensitivity

    result = analyze_sensitivity(args.results, args.outcomes or None, arm=args.arm, paired=args.paired,
                                 statistic=args.statistic, seed=args.seed)
    target = write_sensitivity(args.results, result, args.out)
    with pd.option_context("display.width", 160, "display.max_rows", 200, "display.float_format", "{:.4g}".format):
        print(result.indices.drop(columns=["arm"]).to_string(index=False))
        print()
        print(result.noise.to_string(index=False))
    print(f"-> {target}", file=sys.stderr)
    return 0
