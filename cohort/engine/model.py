"""The Mesa model: ``CohortModel`` owns the state block; ``Athlete`` is a view of one row.

No physiology runs per agent in Python: ``CohortModel.step()`` advances the whole cohort by
one day through the compiled kernels (:mod:`cohort.engine.day`), and ``advance(n)`` runs n
days in compiled chunks. Mesa conventions hold: ``model.agents`` is an ``AgentSet`` of
``Athlete`` objects (created on first access, so large batch runs do not pay for them), and a
model-level ``mesa.DataCollector`` can use the cohort reporters.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import mesa
import numba
import numpy as np

from cohort.config.models import Config
from cohort.engine.contracts import check_contracts
from cohort.engine.day import simulate, simulate_threads
from cohort.engine.doses import DoseTables
from cohort.engine.recording import Recorder
from cohort.engine.scenario import parameter_vector, subsystem_params
from cohort.errors import StateError
from cohort.generation import sample_traits
from cohort.physiology import load_all
from cohort.rng import DailyStreams, stream
from cohort.state import DAY, STATE
from cohort.training import clock_hours, compile_plans

#: Days simulated per compiled call; random draws for a chunk are made at once.
CHUNK_DAYS = 28
#: Below this many athletes a chunk runs on one thread (thread start-up would dominate).
THREADED_MIN_ATHLETES = 1000

# A hook that may change dose eligibility between chunks (screen-and-treat, stopping rules):
# called with (model, day) at the days listed by the hook provider.
ObservationHook = Callable[["CohortModel", int], None]


class Athlete(mesa.Agent):
    """A read-only view of one athlete's row of the model's state block.

    Every state variable is a read-only property (``athlete.ferritin_ug_l``); ``athlete[name]``
    does the same by name, and ``athlete.as_series()`` returns the whole row.
    """

    def __init__(self, model: CohortModel, row: int) -> None:
        super().__init__(model)
        self.row = row

    def __getitem__(self, name: str) -> float:
        return float(self.model.state[self.row, STATE.index(name)])

    def as_series(self):
        import pandas as pd

        return pd.Series(self.model.state[self.row], index=STATE.names, name=self.row)

    def step(self) -> None:  # physiology is advanced for the whole cohort by the model
        return None


def _make_property(column: int) -> property:
    return property(lambda self: float(self.model.state[self.row, column]))


class CohortModel(mesa.Model):
    """A cohort of simulated athletes advancing one day per ``step()``.

    Parameters
    ----------
    config:
        A validated :class:`cohort.config.models.Config`.
    run_id:
        Name used in error messages and outputs.
    dose_tables:
        Compiled supplementation (default: none). Built by :mod:`cohort.strategies`.
    observation_hooks:
        (days, hook) pairs called before the listed days are simulated.
    threads:
        Threads for the compiled day loop (athletes in parallel; results are bit-identical
        whatever the number). Default: numba's current thread count, which experiment
        workers set to 1 because they parallelise over runs instead.
    """

    def __init__(
        self,
        config: Config,
        *,
        run_id: str = "run-0",
        dose_tables: DoseTables | None = None,
        observation_hooks: list[tuple[list[int], ObservationHook]] | None = None,
        antibiotic_days: np.ndarray | None = None,
        threads: int | None = None,
    ) -> None:
        super().__init__(seed=config.seed)
        timer = time.perf_counter()
        self.config = config
        self.run_id = run_id
        self.subsystems = load_all()
        check_contracts(self.subsystems)
        self.n_days_total = config.n_days
        self.plans = compile_plans(config)
        self.params_models = subsystem_params(config)
        self.params = parameter_vector(config)[None, :].copy()
        self.traits = sample_traits(config, self.plans.names)
        self.n_athletes = config.cohort.size
        self.group = np.zeros(self.n_athletes, dtype=np.int64)
        #: athletes who train (and eat) together: same plan and same sport
        self.training_group = (self.traits["plan"] * 4 + self.traits["sport"]).astype(np.int64)
        self.state = self._initial_state()
        self.day = 0
        self.meals = np.array([[clock_hours(m.time), m.share] for m in config.diet.meals])
        self.neutral = DAY.neutral()
        self.dose_tables = dose_tables or DoseTables.empty(self.n_athletes, self.n_days_total)
        self.streams = DailyStreams(
            config.seed, self.n_athletes, self.dose_tables.names,
            training_cv=config.training.day_to_day_cv, diet_cv=config.diet.day_to_day_cv,
        )
        if antibiotic_days is None:  # from the config's events (cohort-wide antibiotic courses)
            antibiotic_days = np.zeros(self.n_days_total)
            antibiotic_days[config.events.antibiotic_day_indices(self.n_days_total)] = 1.0
        self.antibiotic_days = antibiotic_days
        self.observation_hooks = observation_hooks or []
        self.recorder = Recorder(config, self.subsystems, self.state)
        self.lower, self.upper = STATE.bounds()
        self.violation = np.full(3, -1, dtype=np.int64)
        self.threads = threads
        self._agents_made = False
        self.timings = {"build_s": time.perf_counter() - timer, "simulate_s": 0.0}

    # -- construction -------------------------------------------------------------------
    def _initial_state(self) -> np.ndarray:
        state = np.full((self.n_athletes, len(STATE)), np.nan)
        known: dict[str, np.ndarray] = {
            # season of day 0, for subsystems that start from a seasonal steady state
            "start_day_of_year": np.full(self.n_athletes, float(self.config.start_date.timetuple().tm_yday)),
            # the habitual week and meals, for subsystems that start from a steady state of them
            "plan_sessions": self.plans.sessions,
            "meals": np.array([[clock_hours(m.time), m.share] for m in self.config.diet.meals]),
        }
        for name, values in self.traits.items():
            state[:, STATE.index(name)] = values
            known[name] = values
        for subsystem in self.subsystems:
            rng = stream(self.config.seed, f"init.{subsystem.name}")
            initial = subsystem.initialize(dict(known), self.params_models[subsystem.name], rng, self.params[0])
            for name, column in initial.items():
                if STATE.entry(name).owner != subsystem.name:
                    raise StateError(f"{subsystem.name}.initialize set {name!r}, owned by {STATE.entry(name).owner}")
                state[:, STATE.index(name)] = column
                known[name] = column
        missing = [STATE.names[j] for j in range(len(STATE)) if self.n_athletes and np.isnan(state[:, j]).any()]
        if missing:
            raise StateError(f"run {self.run_id}: no initial value for {missing}")
        return state

    # -- Mesa ---------------------------------------------------------------------------
    @property
    def agents(self) -> mesa.agent.AgentSet:
        if not self._agents_made:
            self._agents_made = True
            for row in range(self.n_athletes):
                Athlete(self, row)
        return super().agents

    def step(self) -> None:
        """Advance the cohort by one day."""
        self.advance(1)

    def run_model(self) -> None:
        """Run to the end of the configured duration."""
        self.advance(self.n_days_total - self.day)
        self.running = False

    # -- simulation ---------------------------------------------------------------------
    def _population_steps(self) -> None:
        per_athlete = None
        for subsystem in self.subsystems:
            step = subsystem.population_step
            if step is not None and self.day > 0 and self.day % subsystem.population_interval_days == 0:
                if per_athlete is None:  # a zero-copy view when every athlete shares one scenario
                    per_athlete = (
                        np.broadcast_to(self.params[0], (self.n_athletes, self.params.shape[1]))
                        if self.params.shape[0] == 1
                        else self.params[self.group]
                    )
                step(self.state, per_athlete, self.training_group, self.day)

    def _next_stop(self, limit: int) -> int:
        stop = min(limit, self.day + CHUNK_DAYS)
        for subsystem in self.subsystems:
            if subsystem.population_step is not None:
                interval = subsystem.population_interval_days
                stop = min(stop, (self.day // interval + 1) * interval)
        for days, _hook in self.observation_hooks:
            for day in days:
                if self.day < day < stop:
                    stop = day
        return stop

    def advance(self, n_days: int) -> None:
        """Advance ``n_days`` days (at most to the end of the configured duration)."""
        limit = min(self.n_days_total, self.day + max(0, n_days))
        timer = time.perf_counter()
        while self.day < limit:
            self._population_steps()
            for days, hook in self.observation_hooks:
                if self.day in days:
                    hook(self, self.day)
            stop = self._next_stop(limit)
            chunk = stop - self.day
            noise, adherence = self.streams.draw(chunk)
            violated = self._simulate_chunk(chunk, noise, adherence)
            if violated:
                self._raise_violation()
            self.day = stop
        self.timings["simulate_s"] += time.perf_counter() - timer

    def _simulate_chunk(self, chunk: int, noise: np.ndarray, adherence: np.ndarray) -> bool:
        """Run the compiled kernel for ``chunk`` days, on threads for large cohorts."""
        tables = self.dose_tables
        recorder = self.recorder
        threads = numba.get_num_threads() if self.threads is None else self.threads
        threads = min(threads, numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
        threaded = threads > 1 and self.n_athletes >= THREADED_MIN_ATHLETES
        arguments = (
            self.state, self.params, self.group, self.neutral, self.day, chunk,
            self.config.start_date.timetuple().tm_yday, self.antibiotic_days,
            self.plans.sessions, self.plans.phase, self.meals, noise, adherence,
            tables.amount, tables.scheduled, tables.phase_mask, tables.timing, tables.co_ingested,
            tables.eligible, tables.adherence,
            recorder.slot_of_day, recorder.columns, recorder.values, recorder.summary_columns,
            recorder.minimum, recorder.maximum, self.lower, self.upper, self.violation,
        )
        if not threaded:
            return bool(simulate(*arguments))
        previous = numba.get_num_threads()
        numba.set_num_threads(threads)
        try:
            return bool(simulate_threads(*arguments))
        finally:
            numba.set_num_threads(previous)

    def _raise_violation(self) -> None:
        athlete, column, day = (int(v) for v in self.violation)
        entry = list(STATE)[column]
        value = float(self.state[athlete, column])
        raise StateError(
            f"run {self.run_id}: {entry.var.name} = {value!r} {entry.var.unit} for athlete {athlete} "
            f"on day {day} is outside its physical bounds [{entry.var.lower}, {entry.var.upper}] "
            f"(owner: {entry.owner})"
        )

    # -- views --------------------------------------------------------------------------
    def column(self, name: str) -> np.ndarray:
        """A read-only view of one state variable across the cohort."""
        view = self.state[:, STATE.index(name)]
        view.flags.writeable = False
        return view

    def result(self, **labels: Any):
        from cohort.results import CohortResult

        return CohortResult.from_model(self, **labels)


for _entry in STATE:
    if not hasattr(Athlete, _entry.var.name):
        setattr(Athlete, _entry.var.name, _make_property(_entry.index))
