"""Flags shared by several subcommands, and the progress bar."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _process_started() -> float:
    """The ``time.perf_counter()`` reading at which this process started (from /proc on Linux,
    so interpreter start-up counts too), else now."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat, open("/proc/uptime", encoding="ascii") as uptime:
            started_s = int(stat.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
            up_s = float(uptime.read().split()[0])
        age = up_s - started_s
        return time.perf_counter() - age if 0.0 <= age < 3600.0 else time.perf_counter()
    except (OSError, ValueError, IndexError):
        return time.perf_counter()


#: When the command started (the CLI imports this module first): wall-time reports include start-up
STARTED = _process_started()


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=None, help="override the config's seed")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="dotted.path=value",
        help="override a config value (repeatable), validated like file values",
    )


def add_output_flags(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--out", required=required, default=None, help="output directory")
    parser.add_argument("--overwrite", action="store_true", help="replace a non-empty output directory")


def overrides_with_seed(args: argparse.Namespace) -> list[str]:
    overrides = list(args.overrides)
    if args.seed is not None:
        if not 0 <= args.seed <= 2**63 - 1:
            from cohort.errors import ConfigError, Problem

            raise ConfigError([Problem("--seed", "seed", args.seed, "an integer from 0 to 2**63 - 1")])
        overrides.append(f"seed={args.seed}")
    return overrides


@contextmanager
def heavy_imports() -> Iterator[None]:
    """Import a command's modules without the garbage collector, then freeze what they made.

    Importing numba, pandas, scipy, mesa and the package creates ~1,300 modules of objects that
    live until exit; the collector traversed them ~450 times (3 full passes) during a tiny
    ``cohort run``, ~0.27 CPU-s (benchmarks/profile_notes.md section 11). Module objects seldom
    form garbage cycles; after the imports ``gc.freeze()`` moves them out of later passes and
    collection resumes for the command's own work. Frozen objects are still freed by reference
    count; only cycles among them would stay. So the freeze is done once per process (nothing
    frozen yet): a test or script calling ``main()`` repeatedly does not freeze its own objects
    again and again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def progress_bar(total: int, unit: str, description: str) -> Iterator[Any]:
    """A tqdm bar on stderr (quiet when stderr is not a terminal and CI is set)."""
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, desc=description, file=sys.stderr, dynamic_ncols=True, leave=False) as bar:
        yield bar


def add_analysis_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS_DIR", help="a results directory (cohort run or cohort experiment)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples (default 1000)")


def results_folder(args: argparse.Namespace) -> Path:
    """The RESULTS_DIR argument, checked, with the --bootstrap count checked too."""
    from cohort.errors import ConfigError, Problem

    folder = Path(args.results)
    if not folder.is_dir():
        raise ConfigError([Problem("RESULTS_DIR", "results", str(folder), "an existing results directory")])
    if args.bootstrap < 10:
        raise ConfigError([Problem("--bootstrap", "bootstrap", args.bootstrap, "at least 10 resamples")])
    return folder
