"""Candidate parameters -> the model's true value at every observed draw.

A candidate is a flat vector ``theta`` of parameter values (not transformed): first the
population-level parameters in spec order, then one block per per-athlete parameter with
one value per observed athlete (in the order of :attr:`Observations.athletes`), then, for
each partially pooled per-athlete parameter, its population mean (a value; for a log-uniform
prior the geometric mean) and SD (of x: the value, or its log). Those two do not enter the
simulation, only the prior (:class:`cohort.calibration.likelihood.LogPosterior`).

Population values go into the config exactly as sweep factors do
(:func:`cohort.experiment.spec.apply_factor`), so the candidate's initial state is built
with them. Per-athlete values give each athlete their own row of the model's parameter
matrix (``model.params``, ``model.group = arange(n)``), with derived constants recomputed
(:meth:`cohort.parameters.ParamTable.vector`). Initial states are built before that, from
the population values: an athlete's own value acts from day 0 on.

Every candidate runs with the calibration's seed (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cohort.calibration.data import Observations
from cohort.calibration.spec import Calibration, Prior
from cohort.config.models import Config
from cohort.engine.model import CohortModel
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS
from cohort.state import STATE


@dataclass
class Layout:
    """Names and order of the entries of ``theta``."""

    priors: list[Prior]
    athletes: np.ndarray  # observed cohort rows
    labels: list[str]  # their labels in the data

    @property
    def population(self) -> list[Prior]:
        return [p for p in self.priors if not p.per_athlete]

    @property
    def individual(self) -> list[Prior]:
        return [p for p in self.priors if p.per_athlete]

    @property
    def pooled(self) -> list[Prior]:
        return [p for p in self.individual if p.pooled]

    @property
    def hyper(self) -> list[Prior]:
        """Population mean and SD of each pooled parameter, as entries of ``theta``: the mean
        uniform over the parameter's box, the SD of x uniform over 1-50 % of the box's width
        (a uniform prior on the SD, Gelman 2006, doi:10.1214/06-BA117A)."""
        out = []
        for prior in self.pooled:
            low, high = prior.x_bounds
            out.append(Prior(f"{prior.path}:mean", prior.low, prior.high, prior.log, False))
            out.append(Prior(f"{prior.path}:sd", 0.01 * (high - low), 0.5 * (high - low), False, False))
        return out

    @property
    def columns(self) -> list[str]:
        """One name per entry: ``path``, ``path[athlete label]``, ``path:mean``, ``path:sd``."""
        names = [p.path for p in self.population]
        for prior in self.individual:
            names += [f"{prior.path}[{label}]" for label in self.labels]
        return names + [p.path for p in self.hyper]

    @property
    def entry_priors(self) -> list[Prior]:
        """The prior of each entry of ``theta``."""
        return self.population + [p for p in self.individual for _ in self.labels] + self.hyper

    def pooling(self) -> list[tuple[np.ndarray, int, int, Prior]]:
        """Per pooled parameter: indices of its athletes' entries, of its mean and of its SD."""
        n_pop, n = len(self.population), len(self.athletes)
        first_hyper = n_pop + n * len(self.individual)
        out = []
        for prior in self.pooled:
            k = self.individual.index(prior)
            j = first_hyper + 2 * self.pooled.index(prior)
            out.append((np.arange(n_pop + k * n, n_pop + (k + 1) * n), j, j + 1, prior))
        return out

    def split(self, theta: np.ndarray) -> tuple[dict[str, float], dict[str, np.ndarray]]:
        n_pop = len(self.population)
        population = {p.path: float(theta[j]) for j, p in enumerate(self.population)}
        n = len(self.athletes)
        individual = {
            p.path: np.asarray(theta[n_pop + k * n: n_pop + (k + 1) * n], dtype=np.float64)
            for k, p in enumerate(self.individual)
        }
        return population, individual


@dataclass
class Simulator:
    """Simulates candidates and returns the true value behind each observation."""

    calibration: Calibration
    observations: Observations
    layout: Layout = field(init=False)
    evaluations: int = 0
    _config_key: tuple[float, ...] | None = field(default=None, init=False, repr=False)
    _config: Config | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        rows = self.observations.athletes
        self.layout = Layout(self.calibration.priors, rows, self.observations.labels_of(rows))
        obs = self.observations
        self._days = np.unique(obs.day)
        self._variables = sorted(set(obs.variable.tolist()))
        self._columns = [STATE.index(v) for v in self._variables]
        self._var_index = np.array([self._variables.index(v) for v in obs.variable], dtype=np.int64)
        self._day_index = np.searchsorted(self._days, obs.day)

    def config(self, population: dict[str, float]) -> Config:
        key = tuple(population.values())
        if self._config is None or key != self._config_key:
            self._config = self.calibration.config_for(population)
            self._config_key = key
        return self._config

    def model(self, theta: np.ndarray) -> CohortModel:
        """A model built for candidate ``theta`` (not yet run)."""
        population, individual = self.layout.split(np.asarray(theta, dtype=np.float64))
        model = CohortModel(self.config(population))
        if individual:
            set_individual_parameters(model, self.layout.athletes, individual)
        return model

    def trajectories(self, theta: np.ndarray, days: np.ndarray | None = None) -> np.ndarray:
        """True state of the observed variables on ``days`` (default: the observed days):
        array (day, variable, athlete of the cohort)."""
        self.evaluations += 1
        model = self.model(theta)
        wanted = [int(d) for d in (self._days if days is None else days)]
        out = np.full((len(wanted), len(self._variables), model.n_athletes), np.nan)

        def draw(m: CohortModel, day: int) -> None:
            out[wanted.index(day)] = m.state[:, self._columns].T

        model.observation_hooks = [*model.observation_hooks, ([d for d in wanted if d < model.n_days_total], draw)]
        model.advance(model.n_days_total)
        if wanted[-1] == model.n_days_total:
            draw(model, wanted[-1])
        return out

    def predict(self, theta: np.ndarray) -> np.ndarray:
        """True value behind each observation row (raises StateError for an infeasible candidate)."""
        states = self.trajectories(theta)
        return states[self._day_index, self._var_index, self.observations.athlete]

    @property
    def days(self) -> np.ndarray:
        return self._days

    @property
    def variables(self) -> list[str]:
        return list(self._variables)


def set_individual_parameters(model: CohortModel, rows: np.ndarray, values: dict[str, np.ndarray]) -> None:
    """Give athletes ``rows`` their own parameter vectors (others keep the population row)."""
    base = model.params[0]
    strengths = MECHANISMS.strengths(model.config.mechanisms)
    matrix = np.repeat(base[None, :], len(rows) + 1, axis=0)
    for k in range(len(rows)):
        models = dict(model.params_models)
        for path, column in values.items():
            _, section, name = path.split(".")
            current = models[section]
            models[section] = type(current).model_validate({**current.model_dump(), name: float(column[k])})
        matrix[k + 1] = PARAMS.vector(models, strengths)
    group = np.zeros(model.n_athletes, dtype=np.int64)
    group[rows] = np.arange(1, len(rows) + 1)
    model.params = matrix
    model.group = group
