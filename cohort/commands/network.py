"""``cohort network``: draw the crosstalk network from the mechanism registry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "network"
HELP = "draw the crosstalk network (the review's Figure 1) from the mechanism registry"
FORMATS = ("png", "svg", "pdf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="crosstalk_network.png", help="output file (.png, .svg or .pdf; default crosstalk_network.png)")
    parser.add_argument("--evidence", action="append", default=[], help="only links with these evidence labels (repeatable)")


def main(args: argparse.Namespace) -> int:
    from cohort.analysis.mechanisms import registry_frame
    from cohort.errors import ConfigError, Problem
    from cohort.mechanisms import EVIDENCE_LEVELS
    from cohort.plots.network import crosstalk_network

    out = Path(args.out)
    extension = out.suffix.lstrip(".").lower()
    problems = []
    if extension not in FORMATS:
        problems.append(Problem("--out", "out", out, f"a file name ending in one of {['.' + f for f in FORMATS]}"))
    problems += [Problem("--evidence", "evidence", e, f"one of {list(EVIDENCE_LEVELS)}") for e in args.evidence if e not in EVIDENCE_LEVELS]
    if out.parent != Path("") and not out.parent.is_dir():
        problems.append(Problem("--out", "out", out, "a file in an existing directory"))
    if problems:
        raise ConfigError(problems)
    frame = registry_frame()
    if args.evidence:
        frame = frame[frame.evidence.isin(args.evidence)]
    figure = crosstalk_network(frame, title="Micronutrient crosstalk network (faded: off by default)")
    temporary = out.with_name(f".{out.name}.tmp")
    figure.savefig(temporary, format=extension, dpi=200)
    temporary.replace(out)
    print(f"{len(frame)} mechanisms -> {out}", file=sys.stderr)
    return 0
