"""``cohort calibrate SPEC``: estimate a squad's uncertain parameters from its lab history."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohort.commands.common import add_output_flags, progress_bar

NAME = "calibrate"
HELP = "fit free parameters (population and per athlete) to a squad's observations: Optuna optimum, emcee posterior"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="calibration YAML file (experiments/calibration/*.yaml)")
    parser.add_argument("--seed", type=int, default=None, help="override the simulation seed of every candidate")
    add_output_flags(parser)


def main(args: argparse.Namespace) -> int:
    from cohort.calibration.outputs import write_outputs
    from cohort.calibration.run import calibrate, prepare, total_evaluations
    from cohort.errors import ConfigError, Problem
    from cohort.outputs import check_output_dir

    if args.seed is not None and not 0 <= args.seed <= 2**63 - 1:
        raise ConfigError([Problem("--seed", "seed", args.seed, "an integer from 0 to 2**63 - 1")])
    calibration, observations = prepare(args.spec, args.seed)
    out = Path(args.out) if args.out else Path("results") / Path(args.spec).stem
    check_output_dir(out, args.overwrite)
    with progress_bar(total_evaluations(calibration, observations), "run", calibration.spec.name) as bar:
        result = calibrate(calibration, observations, progress=bar.update)
    write_outputs(result, out, args.overwrite, str(args.spec))
    info = result.info
    print(
        f"{calibration.spec.name}: {len(observations)} observations, {len(result.columns)} free values, "
        f"{info['evaluations']} simulations in {info['seconds']:.0f} s; "
        f"{100 * info['observations_in_90pct_predictive_interval']:.0f} % of observations in their 90 % predictive interval -> {out}",
        file=sys.stderr,
    )
    return 0
