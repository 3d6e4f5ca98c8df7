"""Build-time check of the subsystems' read/write contracts (see physiology/base.py)."""

from __future__ import annotations

from collections.abc import Sequence

from cohort.errors import ContractError
from cohort.physiology.base import Subsystem
from cohort.physiology.channels import CONSUMER
from cohort.state import DAY, STATE


def check_contracts(subsystems: Sequence[Subsystem]) -> None:
    """Raise ContractError listing every inconsistency between declarations and the layout."""
    problems: list[str] = []
    names = {s.name for s in subsystems}
    readers_of: dict[str, set[str]] = {}
    for subsystem in subsystems:
        own = set(STATE.owned_by(subsystem.name))
        own_state = {n for n in own if STATE.entry(n).var.kind == "state"}
        for name in subsystem.writes:
            if name not in own_state:
                problems.append(f"{subsystem.name} writes {name!r}, which is not one of its state variables")
        unwritten = own_state - set(subsystem.writes)
        if unwritten:
            problems.append(f"{subsystem.name} owns state {sorted(unwritten)} but does not declare writing it")
        for name in subsystem.crosstalk_reads:
            if name not in STATE and not (name in DAY and DAY.entry(name).var.kind == "input"):
                problems.append(f"{subsystem.name} crosstalk reads unknown or non-state column {name!r}")
        for name in subsystem.contributes:
            if name not in DAY or DAY.entry(name).var.kind not in ("channel", "flow"):
                problems.append(f"{subsystem.name} contributes to {name!r}, which is not a channel")
            elif CONSUMER[name] == subsystem.name:
                problems.append(f"{subsystem.name} contributes to its own channel {name!r}")
        for name in subsystem.kinetics_reads:
            if name in own:
                continue
            if name in STATE:
                if STATE.entry(name).var.kind != "trait":
                    problems.append(
                        f"{subsystem.name} kinetics reads {name!r} of {STATE.entry(name).owner}; "
                        "cross-subsystem reads go through a crosstalk channel"
                    )
                continue
            if name in DAY:
                kind = DAY.entry(name).var.kind
                if kind in ("channel", "flow"):
                    if CONSUMER[name] != subsystem.name:
                        problems.append(f"{subsystem.name} reads channel {name!r}, consumed by {CONSUMER[name]}")
                    readers_of.setdefault(name, set()).add(subsystem.name)
                continue
            problems.append(f"{subsystem.name} kinetics reads unknown column {name!r}")
    for subsystem in subsystems:
        for name in subsystem.contributes:
            consumer = CONSUMER.get(name)
            if consumer in names and subsystem.name not in readers_of.get(name, set()) and consumer not in readers_of.get(name, set()):
                problems.append(f"{subsystem.name} contributes to {name!r} but its consumer {consumer} never reads it")
    owners = {entry.owner for entry in STATE if entry.var.kind == "state"}
    for owner in owners - names:
        problems.append(f"state owned by {owner!r}, which is not a subsystem")
    if problems:
        raise ContractError("subsystem contracts are inconsistent:\n  " + "\n  ".join(problems))
