"""``cohort forecast DIR EXPERIMENT``: the calibrated squad under an experiment's arms."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohort.commands.common import add_output_flags, progress_bar

NAME = "forecast"
HELP = "simulate a calibrated squad (cohort calibrate --out DIR) from each athlete's last visit under an experiment's arms; intervals per athlete and arm"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="DIR", help="a calibration output directory")
    parser.add_argument("experiment", metavar="EXPERIMENT", help="experiment YAML file (its arms, reference and outcomes)")
    parser.add_argument("--draws", type=int, default=40, metavar="N", help="posterior draws simulated per arm (default 40)")
    parser.add_argument("--weeks", type=int, default=12, metavar="N", help="weeks forecast from each athlete's last visit (default 12)")
    add_output_flags(parser)


def main(args: argparse.Namespace) -> int:
    from cohort.calibration.forecast import forecast, load_calibrated
    from cohort.errors import ConfigError, Problem
    from cohort.experiment.spec import load_spec
    from cohort.outputs import atomic_directory, check_output_dir, write_parquet

    if args.draws < 1:
        raise ConfigError([Problem("--draws", "draws", args.draws, "a positive integer")])
    if not 1 <= args.weeks <= 520:
        raise ConfigError([Problem("--weeks", "weeks", args.weeks, "a number of weeks from 1 to 520")])
    folder = Path(args.results)
    if not folder.is_dir():
        raise ConfigError([Problem("DIR", "results", str(folder), "an existing calibration output directory")])
    calibrated = load_calibrated(folder)
    spec, _ = load_spec(args.experiment)
    out = Path(args.out) if args.out else folder / f"forecast-{Path(args.experiment).stem}"
    check_output_dir(out, args.overwrite)
    total = len(spec.arms) * min(args.draws, len(calibrated.draws))
    with progress_bar(total, "run", "forecast") as bar:
        table = forecast(calibrated, args.experiment, args.draws, args.weeks, progress=bar.update)
    with atomic_directory(out, args.overwrite) as target:
        write_parquet(table, target / "forecast.parquet")
        table.to_csv(target / "forecast.csv", index=False, float_format="%.5g")
    print(f"forecast: {table.athlete.nunique()} athletes x {table.arm.nunique()} arms x {table.outcome.nunique()} outcomes, "
          f"{args.weeks} weeks from each athlete's last visit -> {out}", file=sys.stderr)
    return 0
