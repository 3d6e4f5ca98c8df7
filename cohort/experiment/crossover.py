"""Crossover designs: the ``crossover:`` section of an experiment and its sequences as runs.

::

    arms:
      none: {}
      iron: {strategies: [{name: iron, product: {iron: {form: ferrous_sulfate, elemental_mg: 60}}}]}
    crossover:
      periods: [{days: 28}, {washout: 28}, {days: 28}]
      sequences: {AB: [iron, none], BA: [none, iron]}
      outcomes: [ferritin_ug_l, hb_g_dl]

Treatment periods (``days``) and washouts (``washout``) follow each other from day 0. A
sequence lists the arm given in each treatment period. Each sequence is simulated as one run
of the whole cohort (per replicate and sweep point, with common random numbers: the same
athletes and streams in every sequence); every athlete is then *allocated* to one sequence
(:mod:`cohort.trials.crossover`) and observed in that run only, as in a real crossover trial.

A sequence's run has, for treatment period k (days ``s_k`` .. ``e_k - 1``), the strategies of
its arm with their windows moved into the period: a strategy's own start day ``a`` and stop day
``b`` (default the period's end) become ``s_k + a`` and ``min(s_k + b, e_k)``. Arms of a
crossover may set nothing but ``strategies``, and those may not screen, stop on a biomarker or
draw labs (they are whole-run rules); the outcomes are drawn at the start and the end of every
treatment period (a ``lab_draws`` strategy, :data:`VISITS`, with the observation layer's CVs or
``assay_cv``).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from cohort.errors import ConfigError, Problem
from cohort.strategies.models import FoodFirst, LabDraws, Name, Strategy, Supplement

#: name of the lab-draws strategy holding the period visits (purpose of their draws)
VISITS = "crossover_visits"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Period(_Strict):
    """A treatment period (``days``) or a washout (``washout``), in days."""

    days: int | None = Field(None, ge=1, le=3640, description="length of a treatment period (days)")
    washout: int | None = Field(None, ge=1, le=3640, description="length of a washout (days, nothing given)")

    @model_validator(mode="after")
    def _one(self) -> Period:
        if (self.days is None) == (self.washout is None):
            raise ValueError("a period is either {days: N} (treatment) or {washout: N}")
        return self

    @property
    def length(self) -> int:
        return int(self.days if self.days is not None else self.washout or 0)


class Crossover(_Strict):
    """Periods, sequences of arms and the outcomes measured at each period's start and end."""

    periods: list[Period] = Field(min_length=2)
    sequences: dict[Name, list[str]] = Field(min_length=2, description="sequence name -> arm given in each treatment period")
    outcomes: list[str] = Field(min_length=1, description="state variables measured at the start and end of each treatment period")
    assay_cv: dict[str, float] = Field(default_factory=dict, description="CV of one measurement per outcome; default the observation layer's")
    analysis: str = Field("change", pattern="^(change|end)$", description="period outcome: change within the period (end - start) or end value")

    @model_validator(mode="after")
    def _shape(self) -> Crossover:
        n = len(self.treatment_windows)
        if n < 2:
            raise ValueError(f"a crossover needs at least two treatment periods ({{days: N}}); got {n}")
        for name, arms in self.sequences.items():
            if len(arms) != n:
                raise ValueError(f"sequence {name!r} lists {len(arms)} arms for {n} treatment periods")
        if len({tuple(arms) for arms in self.sequences.values()}) < len(self.sequences):
            raise ValueError("two sequences give the same arms in the same order")
        return self

    @property
    def treatment_windows(self) -> list[tuple[int, int]]:
        """(first day, end day) of each treatment period."""
        windows, day = [], 0
        for period in self.periods:
            if period.days is not None:
                windows.append((day, day + period.days))
            day += period.length
        return windows

    @property
    def n_days(self) -> int:
        return sum(period.length for period in self.periods)

    @property
    def visit_days(self) -> list[int]:
        return sorted({day for window in self.treatment_windows for day in window})


_STRATEGY: TypeAdapter[Any] = TypeAdapter(Strategy)


def _windowed(raw: dict[str, Any], window: tuple[int, int], where: str, source: str) -> dict[str, Any]:
    try:
        strategy = _STRATEGY.validate_python(raw)
    except ValidationError as exc:
        raise ConfigError([Problem(source, where, raw.get("name") if isinstance(raw, dict) else raw, str(exc.errors()[0]["msg"]))]) from None
    if isinstance(strategy, LabDraws) or (isinstance(strategy, Supplement) and (strategy.screen or strategy.stop_when)):
        raise ConfigError([Problem(
            source, where, strategy.name,
            "in a crossover arm, supplements and food-first strategies without screen/stop_when "
            "(the crossover draws its outcomes itself: crossover.outcomes)",
        )])
    assert isinstance(strategy, Supplement | FoodFirst)
    first, end = window
    start = first + strategy.first_day
    stop = end if strategy.end_day is None else min(first + strategy.end_day, end)
    if start >= stop:
        raise ConfigError([Problem(source, where, strategy.name, f"a strategy that starts within its period (days {first}..{end - 1})")])
    out = {key: value for key, value in raw.items() if key not in ("start_week", "stop_week", "start_day", "stop_day")}
    return {**out, "start_day": start, "stop_day": stop}


def sequence_documents(
    crossover: Crossover, data: dict[str, Any], arms: dict[str, dict[str, Any]], n_days: int, source: str,
) -> dict[str, dict[str, Any]]:
    """The config document of each sequence: ``data`` (base + set) with the arms' strategies
    moved into their periods and the outcome visits. Raises ConfigError naming the key."""
    problems = []
    for arm, doc in arms.items():
        extra = sorted(set(doc) - {"strategies"})
        if extra:
            problems.append(Problem(source, f"arms.{arm}", extra, "only 'strategies' in a crossover arm (the rest cannot change between periods)"))
    for name, sequence in crossover.sequences.items():
        for k, arm in enumerate(sequence):
            if arm not in arms:
                problems.append(Problem(source, f"crossover.sequences.{name}.{k}", arm, f"an arm, one of {list(arms)}"))
    if crossover.n_days > n_days:
        problems.append(Problem(source, "crossover.periods", f"{crossover.n_days} days",
                                f"periods within the run ({n_days} days): set duration_weeks >= {-(-crossover.n_days // 7)}"))
    if problems:
        raise ConfigError(problems)
    base = [s for s in data.get("strategies") or []]
    out: dict[str, dict[str, Any]] = {}
    for name, sequence in crossover.sequences.items():
        strategies: list[dict[str, Any]] = []
        used: set[str] = set()
        for k, (arm, window) in enumerate(zip(sequence, crossover.treatment_windows, strict=True)):
            given = arms[arm].get("strategies", base)
            for j, raw in enumerate(given):
                moved = _windowed(raw, window, f"arms.{arm}.strategies.{j}", source)
                if moved["name"] in used:  # the same strategy again in a later period
                    moved["name"] = f"{moved['name']}_p{k + 1}"
                used.add(moved["name"])
                strategies.append(moved)
        visits: dict[str, Any] = {"kind": "lab_draws", "name": VISITS, "biomarkers": list(crossover.outcomes), "days": crossover.visit_days}
        if crossover.assay_cv:
            visits["assay_cv"] = dict(crossover.assay_cv)
        document = copy.deepcopy(data)
        document["strategies"] = [*strategies, visits]
        out[name] = document
    return out
