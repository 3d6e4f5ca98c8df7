"""The Mesa model: ``CohortModel`` owns the state block; ``Athlete`` is a view of one row.

No physiology runs per agent in Python: ``CohortModel.step()`` advances the whole cohort by
one day through the compiled kernels (:mod:`cohort.engine.day`), and ``advance(n)`` runs n
days in compiled chunks. A model built from a config carries that config's supplementation
strategies (:mod:`cohort.engine.study`), however it is built.

Mesa conventions hold, as the Mesa tutorial uses them:

* ``CohortModel()`` builds the packaged quickstart config; ``CohortModel(config=..., seed=...)``
  takes a :class:`~cohort.config.models.Config` or a YAML path and an optional seed, so
  ``mesa.batch_run(CohortModel, {"config": path, "seed": range(3)}, max_steps=...)`` works;
* ``step()`` advances one day and counts ``model.steps``; ``model.running`` turns False on the
  last day, so ``while model.running: model.step()`` and ``run_model()`` end there, and a
  ``step()`` past the end raises :class:`~cohort.errors.StateError`;
* ``model.agents`` / ``agents_by_type`` hold one ``Athlete`` per row (made on first access, so
  large batch runs do not pay for them); athletes cannot be added or removed;
* ``model.datacollector`` is a model-level ``mesa.DataCollector`` with cohort reporters
  (:data:`COHORT_REPORTERS`), collected after every ``step()``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mesa
import numba
import numpy as np

from cohort.config.models import Config
from cohort.engine.contracts import check_contracts
from cohort.engine.day import simulate, simulate_threads
from cohort.engine.doses import DoseTables
from cohort.engine.recording import Recorder
from cohort.engine.scenario import parameter_vector, subsystem_params
from cohort.engine.study import compile_study, performance_test_hooks, who_mask
from cohort.errors import CohortError, ConfigError, Problem, StateError
from cohort.generation import sample_traits
from cohort.memory import check_memory
from cohort.observation import ObservationLog
from cohort.physiology import load_all
from cohort.rng import DailyStreams, stream
from cohort.squad.labs import PinRecord, pin_labs
from cohort.squad.table import load_squad
from cohort.state import DAY, STATE
from cohort.training import (
    clock_hours,
    compile_bouts,
    compile_plans,
    habitual_loads,
    training_history,
)

if TYPE_CHECKING:
    import pandas as pd

    from cohort.results import Columns

#: Days simulated per compiled call; random draws for a chunk are made at once.
CHUNK_DAYS = 28
#: Below this many athletes a chunk runs on one thread (thread start-up would dominate).
THREADED_MIN_ATHLETES = 1000


class ThreadChoice:
    """Chooses, chunk by chunk, between one thread and ``threads`` by measured speed.

    On a machine shared with other work the threaded day loop can lose to one thread (a thread
    on a busy core holds the others at the end of the loop; issue 15 measured 3.5x slower on
    2 threads at load 2.7). Results are bit-identical either way, so the choice is free: each
    option's wall time per agent-day is tracked (the mean of its last two chunks), the faster
    one runs, and now and then a chunk runs the other one (a probe) so a change of load is
    noticed. Both are tried first (threads, then one); probes come every ``FIRST_PROBE``
    chunks, twice as far apart after each probe that confirms the choice (up to
    ``LAST_PROBE``), and every ``FIRST_PROBE`` again after one that overturns it.

    One thread is tried (first or as a probe) only while ``contended()`` says other work is
    runnable beside this process: on an idle machine the threads keep their cores and cannot
    lose, and a probe would cost a chunk at one-thread speed (2 of the 13 chunks of a 52-week
    run). The default reads the number of runnable tasks from ``/proc/loadavg``.
    """

    FIRST_PROBE = 4
    LAST_PROBE = 32

    def __init__(self, threads: int, contended: Callable[[int], bool] | None = None) -> None:
        self.threads = threads
        self.contended = contended or machine_contended
        self.ns_per_agent_day: dict[int, list[float]] = {threads: [], 1: []}
        self.interval = self.FIRST_PROBE
        self.since_probe = 0
        self.probing = False
        self.choice = threads

    def best(self) -> int:
        return min(self.ns_per_agent_day, key=lambda option: float(np.mean(self.ns_per_agent_day[option])))

    def next(self) -> int:
        """The thread count for the next chunk."""
        if not self.ns_per_agent_day[self.threads]:
            return self.threads
        if not self.ns_per_agent_day[1]:
            return 1 if self.contended(self.threads) else self.threads
        self.probing = self.since_probe >= self.interval and (self.choice == 1 or self.contended(self.threads))
        if self.probing:
            return self.threads if self.choice == 1 else 1
        return self.choice

    def record(self, threads: int, seconds: float, agent_days: int) -> None:
        """The wall time of a chunk of ``agent_days`` that ran on ``threads``."""
        seen = self.ns_per_agent_day[threads]
        seen.append(seconds * 1e9 / max(agent_days, 1))
        del seen[:-2]
        if any(not values for values in self.ns_per_agent_day.values()):
            return
        best = self.best()
        if self.probing:
            self.interval = min(2 * self.interval, self.LAST_PROBE) if best == self.choice else self.FIRST_PROBE
            self.since_probe = 0
            self.probing = False
        else:
            self.since_probe += 1
        self.choice = best


def machine_contended(threads: int) -> bool:
    """True when more tasks are runnable than the cores ``threads`` threads leave free (this
    process's own calling thread not counted; ``/proc/loadavg``'s running/total field, an
    instant count). True where that cannot be read, so the measured choice still runs."""
    try:
        with open("/proc/loadavg", encoding="ascii") as loadavg:
            running = int(loadavg.read().split()[3].split("/")[0])
        cores = len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError, AttributeError):
        return True
    return running - 1 > cores - threads


class StartStates:
    """Athletes and initial states of cohorts built earlier, shared by the runs that would draw
    and solve the same ones: an experiment's arms of one replicate (same seed, same config apart
    from their strategies). The experiment runner keeps one per worker and experiment run; a model built
    without one draws and solves its own.

    Nothing a run's start reads depends on ``strategies`` (they act from day 0 on, through dose
    tables and hooks) or on the config's ``name``; every other key is part of the key, and a
    squad table by its file's size and modification time. Entries are copied in and out (runs
    change their state in place), at most ``entries`` of them and ``max_bytes`` in all, oldest
    dropped first. The start is the same either way, bit for bit (tested).
    """

    def __init__(self, entries: int = 4, max_bytes: int = 64 * 2**20) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self.hits = 0
        self._kept: dict[str, tuple[dict[str, np.ndarray], np.ndarray, list[Any]]] = {}

    @staticmethod
    def key(config: Config) -> str:
        import hashlib
        import json

        settings = config.model_dump(mode="json", exclude={"strategies", "name"})
        if config.cohort.squad is not None:
            try:
                stat = Path(config.cohort.squad).stat()
                settings["squad_file"] = [stat.st_size, stat.st_mtime_ns]
            except OSError:
                settings["squad_file"] = None
        return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()

    def get(self, config: Config) -> tuple[dict[str, np.ndarray], np.ndarray, list[Any]] | None:
        kept = self._kept.get(self.key(config))
        if kept is None:
            return None
        self.hits += 1
        return self._copy(kept)

    def put(self, config: Config, start: tuple[dict[str, np.ndarray], np.ndarray, list[Any]]) -> None:
        if self._nbytes(start) > self.max_bytes:
            return
        key = self.key(config)
        self._kept.pop(key, None)
        while self._kept and (len(self._kept) >= self.entries
                              or sum(map(self._nbytes, self._kept.values())) + self._nbytes(start) > self.max_bytes):
            self._kept.pop(next(iter(self._kept)))  # the oldest first
        self._kept[key] = self._copy(start)

    @staticmethod
    def _nbytes(start: tuple[dict[str, np.ndarray], np.ndarray, list[Any]]) -> int:
        traits, state, _ = start
        return int(state.nbytes + sum(values.nbytes for values in traits.values()))

    @staticmethod
    def _copy(start: tuple[dict[str, np.ndarray], np.ndarray, list[Any]]) -> tuple[dict[str, np.ndarray], np.ndarray, list[Any]]:
        traits, state, pins = start
        return {name: values.copy() for name, values in traits.items()}, state.copy(), list(pins)


# A hook that may change dose eligibility between chunks (screen-and-treat, stopping rules):
# called with (model, day) at the days listed by the hook provider.
ObservationHook = Callable[["CohortModel", int], None]

#: The config ``CohortModel()`` builds when given none (the repository's configs/quickstart.yaml,
#: shipped in the package).
DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "data" / "configs" / "quickstart.yaml"


def cohort_mean(model: CohortModel, variable: str) -> float:
    """Cohort mean of one state variable (a model-level DataCollector reporter)."""
    return float(model.state[:, STATE.index(variable)].mean()) if model.n_athletes else float("nan")


#: Model-level reporters of ``model.datacollector``: the day and cohort means (units in names).
COHORT_REPORTERS: dict[str, Any] = {
    "day": "day",
    **{
        f"mean_{name}": partial(cohort_mean, variable=name)
        for name in (
            "vitd_25oh_nmol_l", "ferritin_ug_l", "hb_g_dl", "mg_serum_mmol_l",
            "ascorbate_plasma_umol_l", "vo2max_ml_kg_min", "strength_1rm_kg",
        )
    },
}


def resolve_config(config: Config | str | Path | None, seed: int | None = None) -> Config:
    """The config a model is built from: a Config, a YAML path, or None (:data:`DEFAULT_CONFIG`);
    ``seed`` (if given) replaces the config's seed."""
    from cohort.config.loader import load_config

    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed <= 2**63 - 1):
        raise ConfigError([Problem("<api>", "seed", seed, "an integer from 0 to 2**63 - 1")])
    if config is None:
        config = DEFAULT_CONFIG
    if isinstance(config, str | Path):
        return load_config(config, [f"seed={int(seed)}"] if seed is not None else [])
    if not isinstance(config, Config):
        raise ConfigError([Problem("<api>", "config", type(config).__name__, "a cohort Config, a YAML path or None")])
    return config if seed is None else config.model_copy(update={"seed": int(seed)})


class Athlete(mesa.Agent):
    """A read-only view of one athlete's row of the model's state block.

    Every state variable is a read-only property (``athlete.ferritin_ug_l``); ``athlete[name]``
    does the same by name, and ``athlete.as_series()`` returns the whole row.
    """

    def __init__(self, model: CohortModel, row: int) -> None:
        if isinstance(row, bool) or not isinstance(row, int | np.integer) or not 0 <= row < model.n_athletes:
            raise ValueError(f"Athlete row {row!r} is outside the cohort (rows 0..{model.n_athletes - 1})")
        if not model._making_agents:
            raise ValueError(
                f"athlete {row} already exists: a CohortModel makes exactly one Athlete per row of its "
                f"state block; select it from model.agents (e.g. model.agents.select(lambda a: a.row == {row}))"
            )
        super().__init__(model)
        self.row = int(row)

    def __getitem__(self, name: str) -> float:
        return float(self.model.state[self.row, STATE.index(name)])

    def as_series(self):
        import pandas as pd

        return pd.Series(self.model.state[self.row], index=STATE.names, name=self.row)

    def step(self) -> None:  # physiology is advanced for the whole cohort by the model
        return None

    def remove(self) -> None:
        """Refused: every athlete stays in the study's state block and results."""
        raise CohortError(
            f"athlete {self.row} cannot be removed: a CohortModel simulates and records every athlete "
            "of its cohort to the end. Model a withdrawal in the analysis (drop the athlete's rows "
            "from the results) or set cohort.size for a smaller cohort."
        )


def _make_property(column: int) -> property:
    return property(lambda self: float(self.model.state[self.row, column]))


class CohortModel(mesa.Model):
    """A cohort of simulated athletes advancing one day per ``step()``.

    Parameters
    ----------
    config:
        A validated :class:`cohort.config.models.Config`, a YAML config path, or None for the
        packaged quickstart config (:data:`DEFAULT_CONFIG`). Its strategies are compiled in.
    seed:
        Replaces the config's seed (for ``mesa.batch_run`` and Solara model parameters).
    run_id:
        Name used in error messages and outputs.
    dose_tables:
        Supplement tables built by hand (tests and validation cases), for a config without
        strategies; by default the config's strategies are compiled (:mod:`cohort.engine.study`).
    observation_hooks:
        (days, hook) pairs called before the listed days are simulated, after the study's own.
    threads:
        Threads for the compiled day loop (athletes in parallel; results are bit-identical
        whatever the number). Default: numba's current thread count, which experiment
        workers set to 1 because they parallelise over runs instead.

    Notes
    -----
    All of the simulation's randomness comes from named streams seeded from ``config.seed``
    (:mod:`cohort.rng`). Mesa's ``model.rng`` and ``model.random`` are seeded from the same
    seed but never used by the simulation: they are there for user code (e.g. shuffling or
    sampling agents), and drawing from them cannot change simulated results.
    """

    def __init__(
        self,
        config: Config | str | Path | None = None,
        *,
        seed: int | None = None,
        run_id: str = "run-0",
        dose_tables: DoseTables | None = None,
        observation_hooks: list[tuple[list[int], ObservationHook]] | None = None,
        antibiotic_days: np.ndarray | None = None,
        threads: int | None = None,
        start_states: StartStates | None = None,
    ) -> None:
        timer = time.perf_counter()
        source = str(config) if isinstance(config, str | Path) else "<api>"
        config = resolve_config(config, seed)
        if config.cohort.block_size is not None:
            raise ConfigError([Problem(
                source, "cohort.block_size", config.cohort.block_size,
                "no block_size for a CohortModel, which holds its whole cohort in memory: run a blocked cohort "
                "with `cohort run` or cohort.single_run.run (blocks of cohort.blocks)",
            )])
        check_memory(config, source)  # before any allocation: refuse what cannot fit, naming the keys
        super().__init__(seed=config.seed)
        self._making_agents = False
        self._agents_made = False
        self.config = config
        self.run_id = run_id
        self.subsystems = load_all()
        check_contracts(self.subsystems)
        self.n_days_total = config.n_days
        self.plans = compile_plans(config)
        self.params_models = subsystem_params(config)
        self.params = parameter_vector(config)[None, :].copy()
        self.n_athletes = config.cohort.size
        self.group = np.zeros(self.n_athletes, dtype=np.int64)
        self.meals = np.array([[clock_hours(m.time), m.share] for m in config.diet.meals])
        #: measured labs of a squad table and the determinants solved for them (cohort.squad.labs)
        self.squad_pins: list[PinRecord] = []
        start = start_states.get(config) if start_states is not None else None
        if start is None:  # the athletes, drawn and started at their steady states
            self.traits = sample_traits(config, self.plans.names)
            self.state = self._initial_state()
            if start_states is not None:
                start_states.put(config, (self.traits, self.state, self.squad_pins))
        else:  # the same athletes as an earlier run of this seed and config (e.g. another arm)
            self.traits, self.state, self.squad_pins = start
        #: athletes who train (and eat) together: same plan and same sport
        self.training_group = (self.traits["plan"] * 4 + self.traits["sport"]).astype(np.int64)
        self.day = 0
        self.neutral = DAY.neutral()
        study = compile_study(config) if config.strategies or config.events.test_meals else None
        if study is not None and dose_tables is not None:
            raise ValueError("dose_tables given for a config with strategies: the strategies already define the doses")
        if study is not None:
            dose_tables = study.tables
        self.dose_tables = dose_tables or DoseTables.empty(self.n_athletes, self.n_days_total)
        self.streams = DailyStreams(
            config.seed, self.n_athletes, self.dose_tables.names,
            training_cv=config.training.day_to_day_cv, diet_cv=config.diet.day_to_day_cv,
        )
        if antibiotic_days is None:  # from the config's events (cohort-wide antibiotic courses)
            antibiotic_days = np.zeros(self.n_days_total)
            antibiotic_days[config.events.antibiotic_day_indices(self.n_days_total)] = 1.0
        self.antibiotic_days = antibiotic_days
        tests, final_tests = performance_test_hooks(config)
        self.observation_hooks = (study.hooks if study else []) + tests + (observation_hooks or [])
        #: blood draws of this run (screening, stopping rules, lab visits)
        self.observations = ObservationLog(config.seed, self.n_athletes)
        #: lab visits on the morning after the last day, drawn by ``result()``
        self.final_draws = (study.final_draws if study else []) + final_tests
        #: product row -> athletes passing its ``who`` filter (screening only enrols these)
        self.who_masks = study.enrol(self.state) if study else {}
        #: single bouts per athlete (events.bouts; cohort.training.compile_bouts)
        self.bouts = compile_bouts(config, self.plans, [who_mask(bout.who, self.state) for bout in config.events.bouts])
        self.recorder = Recorder(config, self.subsystems, self.state)
        self.lower, self.upper = STATE.bounds()
        self.violation = np.full(3, -1, dtype=np.int64)
        self.threads = threads
        self._thread_choice: ThreadChoice | None = None
        self.running = self.day < self.n_days_total
        self.datacollector = mesa.DataCollector(model_reporters=dict(COHORT_REPORTERS))
        self._compiled: set[Any] = set()
        self.timings = {"build_s": time.perf_counter() - timer, "compile_s": 0.0, "simulate_s": 0.0}

    # -- construction -------------------------------------------------------------------
    def _initial_state(self) -> np.ndarray:
        state = np.full((self.n_athletes, len(STATE)), np.nan)
        known: dict[str, np.ndarray] = {
            # season of day 0, for subsystems that start from a seasonal steady state
            "start_day_of_year": np.full(self.n_athletes, float(self.config.start_date.timetuple().tm_yday)),
            # training history, for subsystems that start adapted to it: its mean loads (muscle,
            # antioxidants) and its plan and compliance (iron, B vitamins: the plan's compiled days)
            **habitual_loads(self.config, self.traits),
            **training_history(self.config, self.traits),
            # log SD of the eating-day factor, for steady states under day-to-day intake variation
            "eating_day_log_sd": np.full(self.n_athletes, float(np.sqrt(np.log1p(self.config.diet.day_to_day_cv**2)))),
            # the compiled plans (history_plan indexes them) and meals, for steady states of them
            "plan_sessions": self.plans.sessions,
            "meals": self.meals,
        }
        for name, values in self.traits.items():
            state[:, STATE.index(name)] = values
            known[name] = values
        squad = load_squad(self.config.cohort.squad) if self.config.cohort.squad is not None else None
        for subsystem in self.subsystems:
            rng = stream(self.config.seed, f"init.{subsystem.name}")
            initial = subsystem.initialize(dict(known), self.params_models[subsystem.name], rng, self.params[0])
            if squad is not None:  # measured labs pin the athletes' steady states
                pins, solved_traits = pin_labs(
                    squad, subsystem, initial, known, self.params_models[subsystem.name], self.params[0],
                    self.config.diet.intake_scale, partial(stream, self.config.seed, f"init.{subsystem.name}"),
                )
                self.squad_pins += pins
                for name, values in solved_traits.items():  # e.g. a habitual intake solved for ferritin
                    self.traits[name] = known[name] = state[:, STATE.index(name)] = values
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
    def _make_agents(self) -> None:
        if self._agents_made:
            return
        self._agents_made = self._making_agents = True
        try:
            for row in range(self.n_athletes):
                Athlete(self, row)
        finally:
            self._making_agents = False

    @property
    def agents(self) -> mesa.agent.AgentSet:
        self._make_agents()
        return super().agents

    @property
    def agents_by_type(self) -> dict[type[mesa.Agent], mesa.agent.AgentSet]:
        self._make_agents()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        self._make_agents()
        return super().agent_types

    def step(self) -> None:
        """Advance the cohort by one day, then collect ``model.datacollector``.

        Raises StateError past the configured duration (``model.running`` is then False).
        """
        if self.day >= self.n_days_total:
            self.steps = self.day  # Mesa counted this call before it reached us
            raise StateError(
                f"run {self.run_id}: step() past the end of the study (day {self.day} of "
                f"{self.n_days_total}); stop when model.running is False"
            )
        self.advance(1)
        self.datacollector.collect(self)

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
        compiled_before = self.timings["compile_s"]
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
            self.steps = self.day  # one Mesa step is one day, however the days were advanced
        self.running = self.day < self.n_days_total
        self.timings["simulate_s"] += time.perf_counter() - timer - (self.timings["compile_s"] - compiled_before)

    def _simulate_chunk(self, chunk: int, noise: np.ndarray, adherence: np.ndarray) -> bool:
        """Run the compiled kernel for ``chunk`` days, on threads for large cohorts.

        With ``threads=None`` (the default), a cohort large enough for threads runs each chunk
        on numba's threads or on one, whichever :class:`ThreadChoice` measured faster; an
        explicit ``threads`` is obeyed as given."""
        tables = self.dose_tables
        recorder = self.recorder
        threads = numba.get_num_threads() if self.threads is None else self.threads
        threads = min(threads, numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
        choice = None
        if self.threads is None and threads > 1 and self.n_athletes >= THREADED_MIN_ATHLETES:
            if self._thread_choice is None or self._thread_choice.threads != threads:
                self._thread_choice = ThreadChoice(threads)
            choice = self._thread_choice
            threads = choice.next()
        # the measured choice's one-thread option runs the prange kernel on one thread: the same
        # speed as the serial kernel (620 vs 680 CPU-ns per agent-day, 10,000 athletes), and no
        # second kernel to compile on a first run
        threaded = (threads > 1 or choice is not None) and self.n_athletes >= THREADED_MIN_ATHLETES
        arguments = (
            self.state, self.params, self.group, self.neutral, self.day, chunk,
            self.config.start_date.timetuple().tm_yday, self.antibiotic_days,
            self.plans.sessions, self.plans.phase, self.meals, self.bouts, noise, adherence,
            tables.amount, tables.scheduled, tables.phase_mask, tables.timing, tables.co_ingested,
            tables.eligible, tables.adherence,
            recorder.slot_of_day, recorder.columns, recorder.values, recorder.event_slot, recorder.event_values,
            recorder.summary_columns,
            recorder.minimum, recorder.maximum, self.lower, self.upper, self.violation,
        )
        kernel = simulate_threads if threaded else simulate
        self._compile(kernel, arguments)
        timer = time.perf_counter()
        if not threaded:
            violated = bool(simulate(*arguments))
        else:
            previous = numba.get_num_threads()
            numba.set_num_threads(threads)
            try:
                violated = bool(simulate_threads(*arguments))
            finally:
                numba.set_num_threads(previous)
        if choice is not None:
            choice.record(threads, time.perf_counter() - timer, chunk * self.n_athletes)
        return violated

    def _compile(self, kernel: Any, arguments: tuple[Any, ...]) -> None:
        """Load (or compile) ``kernel`` for these argument types, timed as ``compile_s``.

        Kept out of ``simulate_s`` so agent-days per second measure simulation only; a no-op
        once loaded, and under ``NUMBA_DISABLE_JIT=1`` (plain Python functions)."""
        compile_for = getattr(kernel, "compile", None)
        if compile_for is None or kernel in self._compiled:
            return
        timer = time.perf_counter()
        compile_for(tuple(numba.typeof(argument) for argument in arguments))
        self._compiled.add(kernel)
        self.timings["compile_s"] += time.perf_counter() - timer

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
        """Tidy results of the days simulated so far; a study's blood draws are in
        ``result.extra["draws"]`` (lab visits due the morning after the last day drawn first)."""
        from cohort.results import CohortResult

        return CohortResult.from_columns(*self.result_columns(**labels))

    def result_columns(self, **labels: Any) -> tuple[dict[str, Columns], dict[str, pd.DataFrame]]:
        """What :meth:`result` holds, before pandas: the tidy frames as
        :class:`cohort.results.Columns` (``runs``, ``athletes``, ``cohort_daily``,
        ``trajectories``) and the optional frames (``events``, ``draws``). Experiments write
        their parts from the columns directly (``Columns.table()``)."""
        from cohort.results import extra_frames, result_columns

        if self.day == self.n_days_total:
            for hook in self.final_draws:
                hook(self, self.day)
        extra = extra_frames(self, **labels)
        if len(self.observations):
            extra["draws"] = self.observations.frame(self.run_id, labels)
        return result_columns(self, **labels), extra


for _entry in STATE:
    if not hasattr(Athlete, _entry.var.name):
        setattr(Athlete, _entry.var.name, _make_property(_entry.index))
