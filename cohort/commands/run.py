"""``cohort run CONFIG``: simulate one config and write its results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohort.commands.common import (
    add_config_flags,
    add_output_flags,
    overrides_with_seed,
    progress_bar,
)

NAME = "run"
HELP = "simulate one config and write runs/athletes/cohort_daily Parquet files and a manifest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", help="YAML config file")
    add_config_flags(parser)
    add_output_flags(parser)


def main(args: argparse.Namespace) -> int:
    from cohort.config.loader import load_config
    from cohort.outputs import check_output_dir
    from cohort.single_run import run

    config = load_config(args.config, overrides_with_seed(args))
    out = Path(args.out) if args.out else Path("results") / Path(args.config).stem
    check_output_dir(out, args.overwrite)
    with progress_bar(config.n_days, "day", config.name) as bar:
        result = run(config, out, overwrite=args.overwrite, progress=bar.update)
    row = result.runs.iloc[0]
    print(
        f"{config.name}: {int(row.n_athletes)} athletes x {int(row.n_days)} days in {row.simulate_s:.2f} s "
        f"({row.agent_days_per_s:,.0f} agent-days/s) -> {out}",
        file=sys.stderr,
    )
    return 0
