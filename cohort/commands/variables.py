"""``cohort variables``: list the state variables with units, owners and bounds."""

from __future__ import annotations

import argparse

NAME = "variables"
HELP = "list state variables (name, unit, owner, kind, physical bounds)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner", action="append", default=[], help="only these owners (repeatable)")


def main(args: argparse.Namespace) -> int:
    from cohort.physiology import load_all
    from cohort.state import STATE

    load_all()
    owners = sorted({entry.owner for entry in STATE})
    unknown = [owner for owner in args.owner if owner not in owners]
    if unknown:
        from cohort.errors import ConfigError, Problem

        raise ConfigError([Problem("--owner", "owner", owner, f"one of {owners}") for owner in unknown])
    for entry in STATE:
        if args.owner and entry.owner not in args.owner:
            continue
        var = entry.var
        print(f"{var.name:<34} {var.unit:<14} {entry.owner:<13} {var.kind:<6} [{var.lower:g}, {var.upper:g}]  {var.description}")
    return 0
