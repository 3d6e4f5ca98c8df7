"""``cohort mechanisms``: print the mechanism registry."""

from __future__ import annotations

import argparse

NAME = "mechanisms"
HELP = "list every crosstalk mechanism with its evidence label, default and citations"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--subsystem", action="append", default=[], help="only these subsystems (repeatable)")
    parser.add_argument("--evidence", action="append", default=[], help="only these evidence labels (repeatable)")
    parser.add_argument("--equations", action="store_true", help="print each mechanism's equation")
    parser.add_argument("--format", choices=("table", "csv", "markdown"), default="table")


def registry_frame():
    import pandas as pd

    from cohort.mechanisms import MECHANISMS
    from cohort.physiology import load_all

    load_all()
    rows = [
        {
            "id": m.id,
            "subsystem": m.subsystem,
            "link": f"{m.source} -> {m.target}",
            "sign": "+" if m.sign > 0 else "-",
            "evidence": m.evidence,
            "default": "on" if m.default_enabled else "off",
            "citations": ", ".join(m.citations),
            "summary": m.summary,
            "equation": m.equation,
        }
        for m in MECHANISMS
    ]
    return pd.DataFrame(rows, columns=["id", "subsystem", "link", "sign", "evidence", "default", "citations", "summary", "equation"])


def main(args: argparse.Namespace) -> int:
    from cohort.errors import ConfigError, Problem
    from cohort.mechanisms import EVIDENCE_LEVELS

    frame = registry_frame()
    bad = [Problem("--evidence", "evidence", e, f"one of {list(EVIDENCE_LEVELS)}") for e in args.evidence if e not in EVIDENCE_LEVELS]
    known = set(frame.subsystem)
    bad += [Problem("--subsystem", "subsystem", s, f"one of {sorted(known)}") for s in args.subsystem if s not in known]
    if bad:
        raise ConfigError(bad)
    if args.subsystem:
        frame = frame[frame.subsystem.isin(args.subsystem)]
    if args.evidence:
        frame = frame[frame.evidence.isin(args.evidence)]
    columns = ["id", "subsystem", "link", "sign", "evidence", "default", "citations"]
    if args.format == "csv":
        print(frame.to_csv(index=False), end="")
    elif args.format == "markdown":
        from cohort.analysis.markdown import markdown_table

        print(markdown_table(frame[columns + ["summary"]]), end="")
    else:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(frame[columns].to_string(index=False))
        if args.equations:
            for row in frame.itertuples():
                print(f"\n{row.id} ({row.evidence}): {row.summary}\n{row.equation}")
    print(f"\n{len(frame)} mechanisms")
    return 0
