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
    heavy_imports,
    overrides_with_seed,
    progress_bar,
)

NAME = "run"
HELP = "simulate one config and write runs/athletes/cohort_daily Parquet files and a manifest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", help="YAML config file")
    add_config_flags(parser)
    add_output_flags(parser)
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="with cohort.block_size: blocks simulated at once, one per process (default 1: in this process)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="with cohort.block_size: run the blocks on a Dask distributed scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--local-dask", action="store_true",
                        help="with cohort.block_size: run the blocks on a local Dask cluster (--jobs workers)")


def main(args: argparse.Namespace) -> int:
    # --out is checked first: a usable directory costs nothing to verify, start-up costs seconds
    from cohort.outputs import check_output_dir

    out = Path(args.out) if args.out else Path("results") / Path(args.config).stem
    check_output_dir(out, args.overwrite)

    from cohort.cli import announce_first_compile

    with heavy_imports():
        announce_first_compile()  # imports numba
        from cohort.config.loader import load_config
        from cohort.single_run import run

    config = load_config(args.config, overrides_with_seed(args))
    from cohort.errors import ConfigError, Problem
    from cohort.memory import check_memory

    blocked = config.cohort.block_size is not None
    if not blocked and (args.jobs != 1 or args.scheduler or args.local_dask):
        raise ConfigError([Problem(args.config, "cohort.block_size", None,
                                   "a block size: --jobs, --scheduler and --local-dask run the blocks of a blocked cohort")])
    if args.jobs < 1:
        raise ConfigError([Problem("--jobs", "jobs", args.jobs, "at least 1")])
    # the file named in the message (the model would say <api>); blocks on a remote cluster use its memory
    check_memory(config, args.config, processes=args.jobs if blocked and not args.scheduler else 1)
    total, unit = (config.cohort.size, "athlete") if blocked else (config.n_days, "day")
    with progress_bar(total, unit, config.name) as bar:
        result = run(config, out, overwrite=args.overwrite, progress=bar.update,
                     jobs=args.jobs, scheduler=args.scheduler, local_dask=args.local_dask)
    print(summary(config.name, result.runs.iloc[0], result.extra["timings"], out), file=sys.stderr)
    return 0


def summary(name: str, row: Any, timings: dict[str, float], out: Path) -> str:
    """One line: the command's whole wall time, then where it went."""
    wall = time.perf_counter() - STARTED
    if "blocks_s" in timings:  # a blocked cohort: build, compile and simulate summed over its blocks
        return (
            f"{name}: {int(row.n_athletes)} athletes x {int(row.n_days)} days in {int(row.n_blocks)} blocks of "
            f"{int(row.block_size)} ({row.executor}) in {wall:.2f} s (blocks {timings['blocks_s']:.2f} s; summed over "
            f"blocks: build {timings['build_s']:.2f}, compile {timings['compile_s']:.2f}, simulate {timings['simulate_s']:.2f} s; "
            f"{row.agent_days_per_s:,.0f} agent-days/s simulating) -> {out}"
        )
    parts = {
        "start-up": wall - timings["run_s"], "build": timings["build_s"], "compile": timings["compile_s"],
        "simulate": timings["simulate_s"], "results": timings["results_s"], "write": timings.get("write_s", 0.0),
    }
    spent = ", ".join(f"{label} {seconds:.2f}" for label, seconds in parts.items())
    return (
        f"{name}: {int(row.n_athletes)} athletes x {int(row.n_days)} days in {wall:.2f} s ({spent} s; "
        f"{row.agent_days_per_s:,.0f} agent-days/s simulating) -> {out}"
    )
