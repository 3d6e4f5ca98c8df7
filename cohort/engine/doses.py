"""Supplement doses as tables the compiled schedule phase reads.

Strategies (``cohort.strategies``) compile to these arrays; the engine only reads them. A
*product* is one thing taken at one time: its nutrient amounts per dose, the days it is
scheduled, its clock time, what it is taken with. Per athlete: whether they are eligible
(updated at screening time points) and their adherence probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cohort.physiology.inputs import BLOCK_PHASES
from cohort.physiology.nutrients import NUTRIENTS

TIME_FIXED, TIME_AFTER_SESSION, TIME_WITH_MEAL = 0, 1, 2


@dataclass
class DoseTables:
    names: tuple[str, ...]
    amount: np.ndarray  # (products, nutrients) per dose, NUTRIENTS order
    scheduled: np.ndarray  # (products, days) 1.0 when a dose is due that day
    phase_mask: np.ndarray  # (products, block phases) 1.0 when allowed in that block phase
    timing: np.ndarray  # (products, 4): mode, clock time h / offset h, meal index, rest-day clock time h (TIME_AFTER_SESSION)
    co_ingested: np.ndarray  # (products, 3): vitamin C mg, calcium mg, polyphenol mg taken with it
    eligible: np.ndarray  # (athletes, products) 1.0 when the athlete is on the product
    adherence: np.ndarray  # (athletes, products) probability of taking a due dose

    @property
    def n_products(self) -> int:
        return len(self.names)

    @classmethod
    def empty(cls, n_athletes: int, n_days: int) -> DoseTables:
        return cls(
            names=(),
            amount=np.zeros((0, len(NUTRIENTS))),
            scheduled=np.zeros((0, n_days)),
            phase_mask=np.zeros((0, len(BLOCK_PHASES))),
            timing=np.zeros((0, 4)),
            co_ingested=np.zeros((0, 3)),
            eligible=np.zeros((n_athletes, 0)),
            adherence=np.zeros((n_athletes, 0)),
        )
