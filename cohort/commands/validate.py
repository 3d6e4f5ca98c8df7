"""``cohort validate``: run validation cases against published findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "validate"
HELP = (
    "run the published-findings library and report pass/fail with citations: the calibration split "
    "must pass; the validation split (findings no parameter was set from) reports its pass rate"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--case", dest="cases", action="append", default=[], metavar="ID", help="case id (repeatable; default: all)")
    parser.add_argument("--out", default=None, help="directory for validation.csv and validation.md")
    parser.add_argument("--overwrite", action="store_true", help="replace a non-empty --out directory")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")


def main(args: argparse.Namespace) -> int:
    from cohort.errors import ConfigError, Problem
    from cohort.validation.framework import load_cases, run_cases, to_markdown

    registry = load_cases()
    if args.out:
        from cohort.outputs import check_output_dir

        check_output_dir(Path(args.out), args.overwrite)
    if args.list:
        for item in sorted(registry.values(), key=lambda c: c.id):
            print(f"{item.id:<12} {item.kind:<12} {item.subsystem:<13} {item.title}")
        return 0
    unknown = [case for case in args.cases if case not in registry]
    if unknown:
        raise ConfigError([Problem("--case", "case", case, f"one of {sorted(registry)}") for case in unknown])
    table = run_cases(args.cases or None, progress=lambda case_id: print(f"running {case_id} ...", file=sys.stderr))
    markdown = to_markdown(table)
    print(markdown)
    if args.out:
        from cohort.outputs import atomic_directory

        with atomic_directory(Path(args.out), overwrite=args.overwrite) as folder:
            table.to_csv(folder / "validation.csv", index=False)
            (folder / "validation.md").write_text(markdown, encoding="utf-8")
    case_passed = table.groupby("case").agg(kind=("kind", "first"), passed=("passed", "all"))
    lines = []
    for kind in ("calibration", "validation"):
        part = case_passed[case_passed.kind == kind]
        if len(part):
            missed = sorted(part.index[~part.passed])
            lines.append(f"{kind}: {int(part.passed.sum())} of {len(part)} cases passed; failed: {missed or 'none'}")
    print("\n".join(lines), file=sys.stderr)
    calibration_failed = case_passed[(case_passed.kind == "calibration") & ~case_passed.passed]
    return 1 if len(calibration_failed) else 0
