"""What every physiological subsystem module provides, and the contract the model checks.

A subsystem module (``calcium.py``, the ``iron/`` package, ...) owns its state variables, its
frozen parameter model and its mechanisms, and exposes one :class:`Subsystem` record:

* ``crosstalk(x, p, d)`` (compiled): reads the *start-of-day* state of any subsystem and
  multiplies its factors into crosstalk channels of the day vector ``d``;
* ``kinetics(x, p, d)`` (compiled): advances its own state by one day, reading only its own
  state, athlete traits, day inputs and the channels it consumes;
* ``initialize(traits, params, rng, vector)`` (numpy): initial values of its state for a cohort;
* optionally ``population_step``: an athlete-to-athlete interaction (e.g. microbiome
  exchange within a training group) run on the whole cohort every few days.

``x`` is one athlete's state row, ``p`` the scenario's flat parameter vector, ``d`` the
athlete's day vector. The contract (what is read and written) is declared by name and
checked when a model is built (:func:`cohort.engine.contracts.check_contracts`) and by a
test that poisons every undeclared column with NaN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from cohort.jit import kernel
from cohort.parameters import Params


@dataclass(frozen=True)
class Threshold:
    """A clinical cut-off reported as prevalence and as a per-athlete flag."""

    name: str  # e.g. "vitd_deficient"
    variable: str
    below: bool  # True: flag when value < cutoff; False: when value > cutoff
    cutoff: float
    description: str
    cite: tuple[str, ...] = ()


@kernel
def modulate(strength: float, factor: float) -> float:
    """A mechanism's multiplicative effect at strength s: max(0, 1 + s (f - 1)).

    s = 0 removes the link (1), s = 1 is the literature effect (f), s > 1 amplifies it; an
    amplified inhibition saturates at complete inhibition (0) instead of turning negative.
    """
    return max(0.0, 1.0 + strength * (factor - 1.0))


@kernel
def power(base: float, exponent: float) -> float:
    """base ** exponent, without the ``pow`` call (~20 multiply-adds) when the exponent is 1 or 0.

    Mechanism effects written as powers ``f^m`` (m the mechanism strength) sit at m = 1 by
    default and at m = 0 when switched off; both give the same bits as ``**`` (IEEE ``pow``
    returns ``base`` for exponent 1 and 1 for exponent 0, for any base).
    """
    if exponent == 1.0:
        return base
    if exponent == 0.0:
        return 1.0
    return base**exponent


PopulationStep = Callable[[np.ndarray, np.ndarray, np.ndarray, int], None]

#: ``initialize(traits, params, rng, vector)``: ``vector`` is the run's flat parameter vector
#: (every subsystem's parameters and the mechanism strengths), for initial states that
#: depend on which mechanisms are on; ``None`` means defaults. ``traits`` holds the traits,
#: the state of subsystems initialised earlier, ``start_day_of_year``, the training history
#: (:func:`cohort.training.training_history`: ``history_plan``, ``history_compliance``; its mean
#: loads ``habitual_load_*_au``) and, for steady states of the habitual week, ``plan_sessions``
#: (the run's compiled plans, indexed by ``history_plan``) and ``meals`` (clock h, share).
Initializer = Callable[[dict[str, np.ndarray], Params, np.random.Generator, np.ndarray | None], dict[str, np.ndarray]]


@dataclass(frozen=True)
class Subsystem:
    name: str
    params: type[Params]
    crosstalk: Any  # numba dispatcher (x, p, d) -> None
    kinetics: Any  # numba dispatcher (x, p, d) -> None
    initialize: Initializer
    crosstalk_reads: tuple[str, ...] = ()
    contributes: tuple[str, ...] = ()  # channels
    kinetics_reads: tuple[str, ...] = ()  # own state is always readable
    writes: tuple[str, ...] = ()  # own state variables updated by kinetics
    summary_variables: tuple[str, ...] = ()  # recorded and summarised by default
    thresholds: tuple[Threshold, ...] = ()
    #: optional athlete-to-athlete interaction, run on the whole cohort (numpy) every
    #: ``population_interval_days`` days: f(state, params[group], training_group, day) -> None,
    #: mutating only this subsystem's state columns in place.
    population_step: PopulationStep | None = None
    population_interval_days: int = 7
    description: str = ""
