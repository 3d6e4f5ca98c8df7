"""Registries of named columns: the state block and the per-athlete day vector.

The model's state is one float64 block ``state[athlete, variable]``. Each subsystem declares
its variables here (name, unit, owner, physical bounds); the declaration returns a namedtuple
of column indices that the compiled kernels use as constants, e.g. ``x[V.vitd_25oh_nmol_l]``.

The *day vector* ``day[athlete, slot]`` holds what lives for one day only: the schedule and
intakes (inputs, written by the engine's schedule phase) and the crosstalk *channels*
(multiplicative modifiers reset to 1 and additive flows reset to 0 each day, to which
subsystems contribute from the start-of-day state, and which their declared consumer reads
later in the day).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

SlotKind = Literal["state", "trait", "input", "channel", "flow"]


@dataclass(frozen=True)
class Var:
    """One named column.

    Parameters
    ----------
    name:
        Column name with its unit in it where confusion is dangerous (``ferritin_ug_l``).
    unit:
        Unit string shown in outputs.
    lower, upper:
        Physical bounds. Leaving them is an error, never silently clipped.
    description:
        One line for the user.
    kind:
        ``state`` (evolves), ``trait`` (constant per athlete), ``input`` (day schedule/intake),
        ``channel`` (multiplicative crosstalk modifier, neutral value 1), ``flow`` (additive
        crosstalk input such as microbial vitamin supply, neutral value 0).
    """

    name: str
    unit: str
    lower: float
    upper: float
    description: str
    kind: SlotKind = "state"


@dataclass(frozen=True)
class Entry:
    var: Var
    owner: str
    index: int


class Registry:
    """An ordered, append-only table of columns with owners."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._entries: list[Entry] = []
        self._by_name: dict[str, Entry] = {}

    def declare(self, owner: str, variables: Sequence[Var]) -> Any:
        """Register ``variables`` as owned by ``owner``; return a namedtuple of their indices."""
        fields = []
        for var in variables:
            if var.name in self._by_name:
                raise ValueError(f"{self.label} column {var.name!r} declared twice")
            if not var.name.isidentifier():
                raise ValueError(f"{self.label} column name {var.name!r} is not an identifier")
            if not var.lower <= var.upper:
                raise ValueError(f"{self.label} column {var.name!r} has lower > upper bound")
            entry = Entry(var, owner, len(self._entries))
            self._entries.append(entry)
            self._by_name[var.name] = entry
            fields.append(var.name)
        indices = namedtuple(f"{owner.title().replace('_', '')}{self.label.title()}", fields)  # type: ignore[misc]
        return indices(*(self._by_name[name].index for name in fields))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self):
        return iter(self._entries)

    def entry(self, name: str) -> Entry:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"no {self.label} column named {name!r}") from None

    def index(self, name: str) -> int:
        return self.entry(name).index

    @property
    def names(self) -> list[str]:
        return [entry.var.name for entry in self._entries]

    def owned_by(self, owner: str) -> list[str]:
        return [e.var.name for e in self._entries if e.owner == owner]

    def of_kind(self, kind: SlotKind) -> list[str]:
        return [e.var.name for e in self._entries if e.var.kind == kind]

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lower = np.array([e.var.lower for e in self._entries], dtype=np.float64)
        upper = np.array([e.var.upper for e in self._entries], dtype=np.float64)
        return lower, upper

    def neutral(self) -> np.ndarray:
        """Start-of-day values for the day vector: 1 for channels, 0 for inputs."""
        return np.array([1.0 if e.var.kind == "channel" else 0.0 for e in self._entries])


STATE = Registry("state")
DAY = Registry("day")
