"""Supplement doses and test meals as tables the compiled schedule phase reads.

Strategies (``cohort.strategies``) and test meals (``events.test_meals``) compile to these
arrays; the engine only reads them. A *product* is one thing taken at one time: its nutrient
amounts per dose, the days it is scheduled, its clock time, what it is taken with. Per
athlete: whether they are eligible (updated at screening time points) and their adherence
probability (1 for a test meal: it is given, not self-administered).

A test meal (timing mode ``TIME_TEST_MEAL``) has its own intake-event slot
(``TEST_MEAL_EVENT``); its timing row holds (mode, clock h, fast before h, fast after h), a
negative fast meaning no fast: habitual meals and doses falling in [t - before, t + after]
are not taken that day (their share of the day's food is not eaten).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cohort.physiology.inputs import BLOCK_PHASES, MAX_EVENTS
from cohort.physiology.nutrients import NUTRIENTS

TIME_FIXED, TIME_AFTER_SESSION, TIME_WITH_MEAL, TIME_TEST_MEAL = 0, 1, 2, 3
#: Intake-event slots: the first ``MAX_MEALS`` hold meals, the last the day's test meal, the
#: rest supplement doses.
MAX_MEALS = 3
TEST_MEAL_EVENT = MAX_EVENTS - 1
MAX_DOSE_EVENTS = MAX_EVENTS - MAX_MEALS - 1
#: Columns of ``DoseTables.co_ingested``: taken with a dose (vitamin C, calcium, polyphenols,
#: mg) and a test meal's phytic acid and deuterium-labelled alpha-tocopherol (mg).
CO_VITC, CO_CALCIUM, CO_POLYPHENOL, CO_PHYTATE, CO_LABELLED_VITE = range(5)
N_CO = 5
#: What an intake event carries (the iron event clock, vitamin C and curcumin kinetics read these); a
#: dose with none of them needs no event, its nutrients enter the day's intake only.
EVENT_NUTRIENTS = ("iron_nonheme_mg", "iron_heme_mg", "vitamin_c_mg", "calcium_mg", "polyphenol_mg", "curcumin_mg")


@dataclass
class DoseTables:
    names: tuple[str, ...]
    amount: np.ndarray  # (products, nutrients) per dose, NUTRIENTS order
    scheduled: np.ndarray  # (products, days) 1.0 when a dose is due that day
    phase_mask: np.ndarray  # (products, block phases) 1.0 when allowed in that block phase
    timing: np.ndarray  # (products, 4): mode, clock time h / offset h, meal index (test meal: fast before h), rest-day clock time h (TIME_AFTER_SESSION; test meal: fast after h)
    co_ingested: np.ndarray  # (products, N_CO): vitamin C, calcium, polyphenol taken with it, phytic acid, labelled vitamin E (mg)
    eligible: np.ndarray  # (athletes, products) 1.0 when the athlete is on the product
    adherence: np.ndarray  # (athletes, products) probability of taking a due dose

    def __post_init__(self) -> None:
        # the compiled schedule indexes these columns without bounds checks
        if self.co_ingested.shape[1] != N_CO or self.timing.shape[1] != 4:
            raise ValueError(f"DoseTables: co_ingested needs {N_CO} columns and timing 4 (got {self.co_ingested.shape}, {self.timing.shape})")

    @property
    def n_products(self) -> int:
        return len(self.names)

    def needs_event(self) -> np.ndarray:
        """(products,) True for a product that carries anything an intake event records."""
        columns = [NUTRIENTS.ids.index(name) for name in EVENT_NUTRIENTS]
        return (self.amount[:, columns].sum(axis=1) + self.co_ingested[:, :CO_PHYTATE].sum(axis=1)) > 0.0

    def dose_event_demand(self) -> int:
        """Most separate dose events any day can need (doses at one clock time share one).

        Doses with a meal join the meal's event; a fixed-time dose needs one event per clock
        time; a dose after a session one per (offset, rest-day time). The count is an upper
        bound: two timings that happen to coincide on a day are counted apart.
        """
        timed = np.flatnonzero(
            self.needs_event() & (self.timing[:, 0] != TIME_WITH_MEAL) & (self.timing[:, 0] != TIME_TEST_MEAL)
        )
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
            co_ingested=np.zeros((0, N_CO)),
            eligible=np.zeros((n_athletes, 0)),
            adherence=np.zeros((n_athletes, 0)),
        )
