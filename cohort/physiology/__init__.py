"""Physiological subsystems and the model layout they declare.

Importing any module of this package first runs this file, which imports every declaring
module in one canonical order, so that the column indices baked into compiled (and cached)
kernels are the same in every process, whatever was imported first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cohort.physiology.base import Subsystem

#: Modules that declare state, day slots, parameters or mechanisms, in canonical order. This is
#: also the order subsystems initialise in; the order their phases run within a day is
#: declared separately, in ``cohort.engine.day.PHASES``. Magnesium and B vitamins come first (their
#: steady states need only traits and the training history) so that the subsystems whose channels
#: they scale start at the steady state of the athlete's Mg and B-vitamin status (muscle's energy
#: cost, fatigue gain and endurance adaptation, vitamin D activation); muscle comes next so that
#: the other nutrient subsystems may read its baselines (e.g. iron's O2 delivery reads baseline VO2max).
LAYOUT_MODULES = (
    "traits",
    "nutrients",
    "inputs",
    "channels",
    "magnesium",
    "b_vitamins",
    "muscle",
    "vitamin_d",
    "calcium",
    "microbiome",
    "antioxidants",
    "iron",
)

SUBSYSTEM_MODULES = LAYOUT_MODULES[4:]

for _name in LAYOUT_MODULES:
    importlib.import_module(f"cohort.physiology.{_name}")


def load_all() -> list[Subsystem]:
    """The :class:`~cohort.physiology.base.Subsystem` records in initialisation order."""
    return [importlib.import_module(f"cohort.physiology.{name}").SUBSYSTEM for name in SUBSYSTEM_MODULES]
