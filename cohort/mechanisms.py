"""The mechanism registry: every crosstalk link of the model as data.

A mechanism is one causal link (``source -> target`` with a sign), implemented by one small
compiled function whose docstring states the equation, units and references. Its effective
strength sits in the flat parameter vector (section ``mechanism``) as

    strength = nominal_strength * scale   if enabled else 0

so that any link can be ablated or scaled from a config (``mechanisms: {id: {enabled, scale}}``).
Mechanisms labelled ``hypothesis`` or ``contradicted`` are off by default.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from cohort.parameters import PARAMS

Evidence = Literal["established", "supported", "contested", "hypothesis", "contradicted"]
EVIDENCE_LEVELS: tuple[Evidence, ...] = (
    "established",
    "supported",
    "contested",
    "hypothesis",
    "contradicted",
)


@dataclass(frozen=True)
class Mechanism:
    """One crosstalk link.

    ``function`` is the kernel implementing it; its docstring is the equation shown to users.
    ``nominal_strength`` is the strength when enabled with scale 1 (usually 1.0: the
    literature-derived effect size lives in the subsystem's parameters).
    """

    id: str
    subsystem: str
    source: str
    target: str
    sign: int
    evidence: Evidence
    citations: tuple[str, ...]
    summary: str
    function: Callable[..., Any] | None = None
    nominal_strength: float = 1.0
    enabled_by_default: bool | None = None
    parameters: tuple[str, ...] = field(default=())

    @property
    def default_enabled(self) -> bool:
        if self.enabled_by_default is not None:
            return self.enabled_by_default
        return self.evidence not in ("hypothesis", "contradicted")

    @property
    def equation(self) -> str:
        doc = getattr(self.function, "__doc__", None) or ""
        return doc.strip()


class MechanismRegistry:
    def __init__(self) -> None:
        self._mechanisms: dict[str, Mechanism] = {}

    def declare(self, subsystem: str, mechanisms: Sequence[Mechanism]) -> Any:
        """Register mechanisms; return a namedtuple of their strength indices in the vector."""
        for mechanism in mechanisms:
            if mechanism.id in self._mechanisms:
                raise ValueError(f"mechanism {mechanism.id!r} declared twice")
            if mechanism.subsystem != subsystem:
                raise ValueError(f"mechanism {mechanism.id!r} declared by {subsystem!r}")
            if mechanism.evidence not in EVIDENCE_LEVELS:
                raise ValueError(f"mechanism {mechanism.id!r}: unknown evidence label")
            if mechanism.sign not in (-1, 1):
                raise ValueError(f"mechanism {mechanism.id!r}: sign must be +1 or -1")
            self._mechanisms[mechanism.id] = mechanism
        names = [m.id for m in mechanisms]
        indices = PARAMS.extend_extra("mechanism", names)
        return namedtuple(f"{subsystem.title().replace('_', '')}Mechanisms", names)(*indices)

    def __iter__(self):
        return iter(self._mechanisms.values())

    def __contains__(self, mechanism_id: object) -> bool:
        return mechanism_id in self._mechanisms

    def __len__(self) -> int:
        return len(self._mechanisms)

    def get(self, mechanism_id: str) -> Mechanism:
        return self._mechanisms[mechanism_id]

    @property
    def ids(self) -> list[str]:
        return list(self._mechanisms)

    def strengths(self, settings: dict[str, Any]) -> dict[str, float]:
        """Effective strengths ``{"mechanism.<id>": value}`` given config settings."""
        out = {}
        for mechanism in self._mechanisms.values():
            setting = settings.get(mechanism.id)
            enabled = mechanism.default_enabled
            scale = 1.0
            if setting is not None:
                enabled = mechanism.default_enabled if setting.enabled is None else setting.enabled
                scale = setting.scale
            out[f"mechanism.{mechanism.id}"] = mechanism.nominal_strength * scale if enabled else 0.0
        return out


MECHANISMS = MechanismRegistry()
