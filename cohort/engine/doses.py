"""Supplement doses as tables the compiled schedule phase reads.

Strategies (``cohort.strategies``) compile to these arrays; the engine only reads them. A
*product* is one thing taken at one time: its nutrient amounts per dose, the days it is
scheduled, its clock time, what it is taken with. Per athlete: whether they are eligible
(updated at screening time points) and their adherence probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cohort.physiology.inputs import BLOCK_PHASES, MAX_EVENTS
from cohort.physiology.nutrients import NUTRIENTS

TIME_FIXED, TIME_AFTER_SESSION, TIME_WITH_MEAL = 0, 1, 2
#: Intake-event slots: the first ``MAX_MEALS`` hold meals, the rest supplement doses.
MAX_MEALS = 3
MAX_DOSE_EVENTS = MAX_EVENTS - MAX_MEALS
#: What an intake event carries (the iron event clock, vitamin C and curcumin kinetics read these); a
#: dose with none of them needs no event, its nutrients enter the day's intake only.
EVENT_NUTRIENTS = ("iron_nonheme_mg", "iron_heme_mg", "vitamin_c_mg", "calcium_mg", "polyphenol_mg", "curcumin_mg")


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

    def needs_event(self) -> np.ndarray:
        """(products,) True for a product that carries anything an intake event records."""
        columns = [NUTRIENTS.ids.index(name) for name in EVENT_NUTRIENTS]
        return (self.amount[:, columns].sum(axis=1) + self.co_ingested.sum(axis=1)) > 0.0

    def dose_event_demand(self) -> int:
        """Most separate dose events any day can need (doses at one clock time share one).

        Doses with a meal join the meal's event; a fixed-time dose needs one event per clock
        time; a dose after a session one per (offset, rest-day time). The count is an upper
        bound: two timings that happen to coincide on a day are counted apart.
        """
        timed = np.flatnonzero(self.needs_event() & (self.timing[:, 0] != TIME_WITH_MEAL))
        keys = [
            (mode, clock_or_offset, 0.0 if mode == TIME_FIXED else rest_day_clock)
            for mode, clock_or_offset, _, rest_day_clock in self.timing[timed].tolist()
        ]
        if not keys:
            return 0
        due = self.scheduled[timed] > 0.0
        per_time = np.array([due[[k for k, key in enumerate(keys) if key == unique]].any(axis=0) for unique in set(keys)])
        return int(per_time.sum(axis=0).max())

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
