"""``cohort validate``: run validation cases against published findings."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

NAME = "validate"
HELP = (
    "run the published-findings library and report pass/fail with citations: the calibration split "
    "must pass; the validation split (findings no parameter was set from) reports its pass rate"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--case", dest="cases", action="append", default=[], metavar="ID", help="case id (repeatable; default: all)")
    parser.add_argument("--out", default=None, help="directory for validation.csv and validation.md (with --protocol: the experiment files)")
    parser.add_argument("--report", default=None, metavar="DIR",
                        help="directory for the HTML report (validation.html, with figures embedded) plus validation.csv and validation.md")
    parser.add_argument("--overwrite", action="store_true", help="replace a non-empty --out/--report directory")
    parser.add_argument("--list", action="store_true", help="list the cases (split, subsystem, protocol kind) and exit")
    parser.add_argument("--protocol", default=None, metavar="ID",
                        help="print the experiment file of case ID (with --out DIR: write it and the base config it extends "
                             "into DIR, ready for `cohort experiment DIR/ID.yaml`) and exit")


def _write_protocol(case_id: str, out: str | None, overwrite: bool, known: list[str]) -> int:
    from cohort.errors import ConfigError, Problem
    from cohort.validation.framework import export_protocol, protocol_files, protocol_text

    available = protocol_files()
    if case_id not in available:
        why = f" ({case_id}'s protocol is Python code only)" if case_id in known else ""
        raise ConfigError([Problem("--protocol", "case", case_id, f"a case with an experiment file{why}, one of {available}")])
    if out is None:
        print(f"# extends a base config shipped next to it: `cohort validate --protocol {case_id} --out DIR` writes both\n")
        print(protocol_text(case_id), end="")
        return 0
    from cohort.outputs import atomic_directory

    with atomic_directory(Path(out), overwrite=overwrite) as folder:
        names = [path.name for path in export_protocol(case_id, folder)]
    print(f"wrote {', '.join(str(Path(out) / name) for name in names)}; run: "
          f"cohort experiment {Path(out) / names[0]} --out results/{case_id}")
    return 0


def main(args: argparse.Namespace) -> int:
    from cohort.errors import ConfigError, Problem
    from cohort.validation.framework import (
        case_summary,
        load_cases,
        provenance_problems,
        run_cases,
        to_markdown,
    )

    registry = load_cases()
    if args.protocol:
        return _write_protocol(args.protocol, args.out, args.overwrite, sorted(registry))
    if args.list:
        for item in sorted(registry.values(), key=lambda c: c.id):
            source = "yaml" if item.protocol_file else "python"
            print(f"{item.id:<13} {item.kind:<12} {item.subsystem:<13} {source:<7} {item.title}")
        return 0
    unknown = [case for case in args.cases if case not in registry]
    if unknown:
        raise ConfigError([Problem("--case", "case", case, f"one of {sorted(registry)}") for case in unknown])
    from cohort.outputs import check_output_dir

    for folder in (args.out, args.report):
        if folder:
            check_output_dir(Path(folder), args.overwrite)  # before minutes of simulation, not after
    started = time.perf_counter()
    table = run_cases(args.cases or None, progress=lambda case_id: print(f"running {case_id} ...", file=sys.stderr))
    elapsed = time.perf_counter() - started
    markdown = to_markdown(table)
    print(markdown)
    if args.out:
        from cohort.outputs import atomic_directory

        with atomic_directory(Path(args.out), overwrite=args.overwrite) as folder:
            table.to_csv(folder / "validation.csv", index=False)
            (folder / "validation.md").write_text(markdown, encoding="utf-8")
    if args.report:
        from cohort.validation.report import write_report

        page = write_report(table, Path(args.report), overwrite=args.overwrite, provenance=provenance_problems())
        print(f"report: {page}", file=sys.stderr)
    summary = case_summary(table)
    lines = []
    for kind in ("calibration", "validation"):
        part = summary[summary.kind == kind]
        if len(part):
            missed = sorted(part.index[~part.passed])
            lines.append(f"{kind}: {int(part.passed.sum())} of {len(part)} cases passed; failed: {missed or 'none'}")
    lines.append(f"{len(summary)} cases in {elapsed:.0f} s")
    print("\n".join(lines), file=sys.stderr)
    calibration_failed = summary[(summary.kind == "calibration") & ~summary.passed]
    return 1 if len(calibration_failed) else 0
