"""Recording: chosen variables at a chosen interval into preallocated float32 arrays.

Step 0 is the initial state (baseline); step k holds the state at the end of day
``days[k] - 1`` for every ``interval_days``-th day and always the final day. Running per-athlete
minima and maxima of the recorded variables are kept in the compiled loop every day.

With ``recording.events``, the intake events of chosen days (default: the test-meal days, else
every day) are copied from the day vector after the kinetics into ``event_values`` (event
steps x athletes x events x :data:`~cohort.physiology.iron.clock.EVENT_FIELDS`), from which
:func:`cohort.results.event_frame` builds ``events.parquet``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cohort.config.models import Config, EventRecording
from cohort.errors import ConfigError, Problem
from cohort.physiology.base import Subsystem
from cohort.physiology.inputs import MAX_EVENTS
from cohort.physiology.iron.clock import EVENT_FIELDS
from cohort.state import STATE


def default_variables(subsystems: Sequence[Subsystem]) -> list[str]:
    names: list[str] = []
    for subsystem in subsystems:
        for name in subsystem.summary_variables:
            if name not in names:
                names.append(name)
        for threshold in subsystem.thresholds:
            if threshold.variable not in names:
                names.append(threshold.variable)
    return names


class Recorder:
    def __init__(self, config: Config, subsystems: Sequence[Subsystem], state: np.ndarray) -> None:
        n_days = config.n_days
        interval = config.recording.interval_days
        self.names = list(config.recording.variables or default_variables(subsystems))
        self.columns = np.array([STATE.index(name) for name in self.names], dtype=np.int64)
        record_days = [day for day in range(n_days) if (day + 1) % interval == 0]
        if not record_days or record_days[-1] != n_days - 1:
            record_days.append(n_days - 1)
        self.slot_of_day = np.full(n_days, -1, dtype=np.int64)
        for step, day in enumerate(record_days, start=1):
            self.slot_of_day[day] = step
        #: simulated days completed at each recording step (0 = baseline)
        self.days = np.array([0] + [day + 1 for day in record_days], dtype=np.int64)
        self.values = np.full((len(self.days), state.shape[0], len(self.columns)), np.nan, dtype=np.float32)
        self.values[0] = state[:, self.columns]
        self.event_days, self.event_kinds = event_days(config)
        self.event_slot = np.full(n_days, -1, dtype=np.int64)
        self.event_slot[self.event_days] = np.arange(len(self.event_days))
        self.event_values = np.zeros((len(self.event_days), state.shape[0], MAX_EVENTS, len(EVENT_FIELDS)), dtype=np.float32)
        self.summary_columns = self.columns
        self.baseline = state[:, self.columns].copy()
        self.minimum = self.baseline.copy()
        self.maximum = self.baseline.copy()

    def completed_steps(self, day: int) -> int:
        """Number of recording steps filled once ``day`` days are done."""
        return int(np.searchsorted(self.days, day, side="right"))


def event_days(config: Config) -> tuple[np.ndarray, tuple[str, ...]]:
    """Days (0-based) whose intake events are recorded, and the event kinds kept (none when off)."""
    choice = config.recording.events
    if choice is False:
        return np.zeros(0, dtype=np.int64), ()
    if choice is True:
        choice = EventRecording()
    assert isinstance(choice, EventRecording)
    if choice.days is not None:
        late = [day for day in choice.days if day >= config.n_days]
        if late:
            raise ConfigError([Problem("<config>", "recording.events.days", str(late), f"days of the run (< {config.n_days})")])
        days = sorted(set(choice.days))
    else:
        days = sorted({meal.day for meal in config.events.test_meals if meal.day < config.n_days}) or list(range(config.n_days))
    return np.array(days, dtype=np.int64), tuple(choice.kinds)
