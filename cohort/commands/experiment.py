"""``cohort experiment FILE``: run arms x replicates x sweep points with common random numbers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohort.commands.common import add_config_flags

NAME = "experiment"
HELP = "run an experiment file (arms x replicates x sweep points) with a progress bar; resumable"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="experiment YAML file (experiments/*.yaml)")
    parser.add_argument("--out", default=None, metavar="DIR", help="output directory (default: results/<file stem>)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="worker processes (default: one per core; 1 runs in this process)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run on a Dask distributed scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--local-dask", action="store_true",
                        help="start a local Dask cluster on 127.0.0.1 (--jobs workers, no dashboard)")
    parser.add_argument("--chunk-size", type=int, default=None, metavar="RUNS",
                        help="runs per chunk of work (default: chosen from cohort size and workers)")
    parser.add_argument("--resume", action="store_true",
                        help="continue (or extend) the experiment in --out, reusing every completed run")
    parser.add_argument("--overwrite", action="store_true", help="replace a non-empty output directory")
    parser.add_argument("--no-report", action="store_true", help="skip the analysis and report steps")
    add_config_flags(parser)


def main(args: argparse.Namespace) -> int:
    from cohort.errors import ConfigError, Problem
    from cohort.experiment.runner import run_experiment

    problems = []
    if args.jobs is not None and args.jobs < 1:
        problems.append(Problem("--jobs", "jobs", args.jobs, "a positive integer"))
    if args.chunk_size is not None and args.chunk_size < 1:
        problems.append(Problem("--chunk-size", "chunk_size", args.chunk_size, "a positive integer"))
    if args.scheduler and args.local_dask:
        problems.append(Problem("--scheduler", "scheduler", args.scheduler, "either --scheduler or --local-dask, not both"))
    if args.resume and args.overwrite:
        problems.append(Problem("--resume", "resume", True, "either --resume or --overwrite, not both"))
    if problems:
        raise ConfigError(problems)
    out = Path(args.out) if args.out else Path("results") / Path(args.file).stem

    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes can then be forked
    bars: list[tqdm] = []  # opened at the first report, so input errors print no empty bar

    def progress(done: int, total: int, unit: str = "run") -> None:
        if not bars:
            bars.append(tqdm(total=total, unit=unit, desc=Path(args.file).stem, file=sys.stderr,
                             dynamic_ncols=True, leave=False))
        bar = bars[0]
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        result = run_experiment(
            args.file, out, jobs=args.jobs, scheduler=args.scheduler, local_dask=args.local_dask,
            resume=args.resume, overwrite=args.overwrite, overrides=args.overrides, seed=args.seed,
            progress=progress, analyze=not args.no_report, chunk_size=args.chunk_size,
        )
    finally:
        for bar in bars:
            bar.close()
    print(f"{result.summary()} -> {out}", file=sys.stderr)
    if not result.ok:
        print(f"cohort: {result.failed} run(s) failed; see {out / 'failures.json'}", file=sys.stderr)
        return 1
    return 0
