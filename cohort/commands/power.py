"""``cohort power EXPERIMENT_OR_RESULTS``: power of a real trial, from emulated trials."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohort.commands.common import add_config_flags

NAME = "power"
HELP = "emulate real parallel-group trials from an experiment's enrolled athletes: power, MDE, estimates"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="EXPERIMENT_OR_RESULTS",
                        help="an experiment file (run first, into OUT/experiment) or a results directory")
    parser.add_argument("--outcome", required=True, metavar="VAR", help="a recorded continuous outcome, e.g. ferritin_ug_l")
    parser.add_argument("--sizes", default="20,40,80,160", metavar="N,N,...", help="athletes randomised per arm (default 20,40,80,160)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output directory for power.csv and figures/")
    parser.add_argument("--trials", type=int, default=1000, metavar="N", help="emulated trials per size (default 1000)")
    parser.add_argument("--analysis", choices=("ancova", "change"), default="ancova",
                        help="ANCOVA on baseline (default) or change scores")
    parser.add_argument("--alpha", type=float, default=0.05, help="two-sided significance level (default 0.05)")
    parser.add_argument("--cv", type=float, default=None, metavar="FRACTION",
                        help="measurement CV of the outcome (default: the enrolment's or the observation layer's)")
    parser.add_argument("--dropout", type=float, default=None, metavar="P",
                        help="per-athlete dropout probability (default: the enrolment's, else 0)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes when running an experiment file")
    parser.add_argument("--overwrite", action="store_true", help="replace power results already in --out")
    add_config_flags(parser)  # --seed: the experiment's seed (file) and the emulation's seed


def _sizes(text: str) -> list[int] | None:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        return None
    return sizes if sizes and all(size >= 2 for size in sizes) else None


def main(args: argparse.Namespace) -> int:
    from cohort.errors import ConfigError, Problem

    problems = []
    sizes = _sizes(args.sizes)
    if sizes is None:
        problems.append(Problem("--sizes", "sizes", args.sizes, "comma-separated integers >= 2, e.g. 20,40,80,160"))
    if args.trials < 10:
        problems.append(Problem("--trials", "trials", args.trials, "at least 10 emulated trials"))
    if not 0.0 < args.alpha < 1.0:
        problems.append(Problem("--alpha", "alpha", args.alpha, "a significance level in (0, 1)"))
    if args.cv is not None and not 0.0 <= args.cv < 2.0:
        problems.append(Problem("--cv", "cv", args.cv, "a coefficient of variation in [0, 2)"))
    if args.dropout is not None and not 0.0 <= args.dropout < 1.0:
        problems.append(Problem("--dropout", "dropout", args.dropout, "a probability in [0, 1)"))
    source = Path(args.source)
    if not source.exists():
        problems.append(Problem("EXPERIMENT_OR_RESULTS", "source", str(source), "an experiment file or a results directory"))
    if source.is_dir() and args.overrides:
        problems.append(Problem("--set", "set", args.overrides, "no --set with a results directory (it applies when running an experiment file)"))
    out = Path(args.out)
    if (out / "power.csv").exists() and not args.overwrite:
        problems.append(Problem("--out", "out", str(out), "a directory without power.csv (or --overwrite)"))
    if problems:
        raise ConfigError(problems)

    results = source
    if source.is_file():
        from cohort.experiment.runner import run_experiment

        results = out / "experiment"
        result = run_experiment(source, results, jobs=args.jobs, overrides=args.overrides, seed=args.seed,
                                overwrite=args.overwrite)
        print(f"{result.summary()} -> {results}", file=sys.stderr)
        if not result.ok:
            print(f"cohort: {result.failed} run(s) failed; see {results / 'failures.json'}", file=sys.stderr)
            return 1

    from cohort.outputs import write_parquet
    from cohort.plots.style import save_figure
    from cohort.trials.power import power_figure, power_table

    assert sizes is not None
    table = power_table(results, args.outcome, sizes, trials=args.trials, analysis=args.analysis, alpha=args.alpha,
                        cv=args.cv, dropout=args.dropout, seed=args.seed or 0)
    out.mkdir(parents=True, exist_ok=True)
    temporary = out / ".power.csv.tmp"
    table.to_csv(temporary, index=False)
    temporary.replace(out / "power.csv")
    write_parquet(table, out / "power.parquet")
    (out / "figures").mkdir(exist_ok=True)
    save_figure(power_figure(table), out / "figures" / "power")
    for row in table.itertuples():
        print(f"{row.arm} vs {row.reference}, n={row.n_per_arm}/arm: power {row.power:.3f} "
              f"[{row.power_low:.3f}, {row.power_high:.3f}], MDE {row.mde:.3g}, mean estimate {row.mean_estimate:.3g} "
              f"(in-silico paired effect {row.true_effect:.3g})", file=sys.stderr)
    failed = table[table.failed_trials > 0]
    if len(failed):
        print(f"cohort: note: {int(failed.failed_trials.sum())} emulated trials could not be analysed "
              "(see failed_trials in power.csv; for a baseline without spread use --analysis change)", file=sys.stderr)
    small = table[table.with_replacement]
    if len(small):
        print(f"cohort: note: sizes {sorted(set(small.n_per_arm))} exceed the enrolled pool "
              f"({int(small.pool_size.min())} athletes); they were resampled with replacement", file=sys.stderr)
    print(f"power.csv -> {out}", file=sys.stderr)
    return 0
