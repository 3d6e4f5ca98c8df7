"""``cohort run CONFIG``: simulate one config and write its results."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from cohort.commands.common import (
    STARTED,
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
    # --out is checked first: a usable directory costs nothing to verify, start-up costs seconds
    from cohort.outputs import check_output_dir

    out = Path(args.out) if args.out else Path("results") / Path(args.config).stem
    check_output_dir(out, args.overwrite)

    from cohort.cli import announce_first_compile

    announce_first_compile()

    from cohort.config.loader import load_config
    from cohort.single_run import run

    config = load_config(args.config, overrides_with_seed(args))
    from cohort.memory import check_memory

    check_memory(config, args.config)  # the file named in the message (the model would say <api>)
    with progress_bar(config.n_days, "day", config.name) as bar:
        result = run(config, out, overwrite=args.overwrite, progress=bar.update)
    print(summary(config.name, result.runs.iloc[0], result.extra["timings"], out), file=sys.stderr)
    return 0


def summary(name: str, row: Any, timings: dict[str, float], out: Path) -> str:
    """One line: the command's whole wall time, then where it went."""
    wall = time.perf_counter() - STARTED
    parts = {
        "start-up": wall - timings["run_s"], "build": timings["build_s"], "compile": timings["compile_s"],
        "simulate": timings["simulate_s"], "results": timings["results_s"], "write": timings.get("write_s", 0.0),
    }
    spent = ", ".join(f"{label} {seconds:.2f}" for label, seconds in parts.items())
    return (
        f"{name}: {int(row.n_athletes)} athletes x {int(row.n_days)} days in {wall:.2f} s ({spent} s; "
        f"{row.agent_days_per_s:,.0f} agent-days/s simulating) -> {out}"
    )
