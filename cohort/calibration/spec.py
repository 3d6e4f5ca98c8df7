"""The calibration file: which squad, which data, which parameters are free and their priors.

Example (``experiments/calibration/synthetic_squad.yaml``)::

    name: synthetic squad
    base: ../../configs/base.yaml          # config the squad is simulated with
    set: {cohort: {size: 8}, duration_weeks: 12}
    seed: 11                               # seed of every candidate (common random numbers)
    data: synthetic_squad.csv              # athlete, day (or date), variable, value[, unit]
    parameters:
      physiology.vitamin_d.half_life_25ohd_d: {}              # prior: literature range, uniform
      physiology.iron.fia_small_dose: {per_athlete: true}     # one value per observed athlete
    method:
      optimize: {sampler: tpe, trials: 60}
      posterior: {sampler: emcee, steps: 300, burn: 150}

Free parameters are factor paths as in experiment sweeps (:mod:`cohort.experiment.spec`):
``physiology.<subsystem>.<param>``, ``mechanism.<id>.scale`` or any numeric config path. A
prior is uniform (or log-uniform) over ``range``; ``range: literature`` (the default for a
physiology parameter) takes the parameter's declared literature range. ``per_athlete: true``
(physiology parameters only) gives every observed athlete their own value, carried in their
own row of the model's parameter matrix (``model.params[model.group[i]]``); with
``pooling: partial`` those values are drawn from a population distribution whose mean and SD
are calibrated too (partial pooling: athletes with few visits borrow strength from the squad).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cohort.config.loader import (
    _provenance,
    build_config,
    deep_merge,
    load_yaml_document,
    problems_from_validation,
    resolve_document,
)
from cohort.config.models import Config
from cohort.errors import ConfigError, Problem
from cohort.experiment.spec import Factor, apply_factor, check_range, expand_factors


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class FreeParameter(_Strict):
    """One free parameter and its prior."""

    range: tuple[float, float] | Literal["literature"] | None = Field(
        None, description="[low, high] of the prior; 'literature' (default for physiology) takes the declared range"
    )
    distribution: Literal["uniform", "loguniform"] = "uniform"
    per_athlete: bool = Field(False, description="one value per observed athlete (physiology parameters only)")
    pooling: Literal["none", "partial"] = Field(
        "none", description="per-athlete values independent ('none') or drawn from a calibrated population distribution ('partial')"
    )

    @model_validator(mode="after")
    def _range(self) -> FreeParameter:
        check_range(self.range, self.distribution)
        if self.pooling == "partial" and not self.per_athlete:
            raise ValueError("pooling: partial needs per_athlete: true")
        return self


class Optimize(_Strict):
    sampler: Literal["tpe", "cmaes"] = "tpe"
    trials: int = Field(60, ge=1, le=100_000)
    seed: int = Field(0, ge=0, le=2**32 - 1)


class Posterior(_Strict):
    sampler: Literal["emcee"] = "emcee"
    walkers: int | None = Field(None, ge=4, le=10_000, description="default: max(8, 2 x dimensions), even")
    steps: int = Field(300, ge=2, le=1_000_000)
    burn: int = Field(150, ge=0, description="steps discarded as burn-in")
    thin: int = Field(1, ge=1)
    seed: int = Field(0, ge=0, le=2**32 - 1)

    @model_validator(mode="after")
    def _burn(self) -> Posterior:
        if self.burn >= self.steps:
            raise ValueError(f"burn ({self.burn}) must be below steps ({self.steps})")
        return self


class Method(_Strict):
    optimize: Optimize | None = Field(default_factory=Optimize, description="point estimate (null: skip)")
    posterior: Posterior | None = Field(default_factory=Posterior, description="posterior sampling (null: skip)")
    predictive_draws: int = Field(40, ge=1, le=10_000, description="posterior draws simulated for the figures")

    @model_validator(mode="after")
    def _something(self) -> Method:
        if self.optimize is None and self.posterior is None:
            raise ValueError("give 'optimize', 'posterior' or both")
        return self


class CalibrationSpec(_Strict):
    """The calibration file."""

    name: str = Field(min_length=1)
    base: str = Field(description="base config file, relative to the calibration file")
    set: dict[str, Any] = Field(default_factory=dict, description="overrides applied to the base config")
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="seed of every simulated candidate")
    data: str = Field(description="observations (CSV or Parquet), relative to the calibration file")
    athletes: dict[str, int] | None = Field(
        None, description="athlete label in the data -> cohort row (default: integer labels are rows)"
    )
    parameters: dict[str, FreeParameter] = Field(min_length=1)
    assay_cv: dict[str, float] = Field(
        default_factory=dict, description="total CV of one draw per variable (default: cohort.observation)"
    )
    method: Method = Field(default_factory=Method)

    @model_validator(mode="after")
    def _cvs(self) -> CalibrationSpec:
        for name, cv in self.assay_cv.items():
            if not 0 < cv < 5:
                raise ValueError(f"assay_cv.{name} = {cv}: a CV between 0 and 5")
        return self


@dataclass(frozen=True)
class Prior:
    """A resolved free parameter: uniform over [low, high] in x (x = value, or log(value)).

    ``pooled``: a per-athlete parameter whose athletes' x are drawn from a population normal
    (truncated to the box) with a calibrated mean and SD (see :mod:`cohort.calibration.likelihood`).
    """

    path: str
    low: float
    high: float
    log: bool
    per_athlete: bool
    pooled: bool = False

    def to_x(self, value: float | np.ndarray) -> Any:
        return np.log(value) if self.log else value

    def from_x(self, x: float | np.ndarray) -> Any:
        return np.exp(x) if self.log else x

    @property
    def x_bounds(self) -> tuple[float, float]:
        return (math.log(self.low), math.log(self.high)) if self.log else (self.low, self.high)


@dataclass
class Calibration:
    """A loaded calibration: spec, base document (for candidates), base config and priors."""

    spec: CalibrationSpec
    source: str
    folder: Path
    base_doc: dict[str, Any]
    base_prov: dict[str, str]
    base_config: Config
    priors: list[Prior]

    @property
    def data_path(self) -> Path:
        return self.folder / self.spec.data

    def config_for(self, values: dict[str, float]) -> Config:
        """The validated config with population-level parameter ``values`` applied."""
        doc = copy.deepcopy(self.base_doc)
        for path, value in values.items():
            error = apply_factor(doc, "calibration", path, float(value))
            if error is not None:
                raise ConfigError([Problem(self.source, f"parameters.{path}", path, str(error))])
        return build_config(doc, self.base_prov, self.source)


def load_calibration(path: str | Path, seed: int | None = None) -> Calibration:
    """Read and validate a calibration file and its base config. Raises ConfigError."""
    path = Path(path)
    data = load_yaml_document(path)
    source = str(path)
    try:
        spec = CalibrationSpec.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(problems_from_validation(exc, data, {}, source)) from None
    folder = path.resolve().parent
    base_path = folder / spec.base
    if not base_path.is_file():
        raise ConfigError([Problem(source, "base", base_path, "an existing config file")])
    base_data, prov = resolve_document(base_path)
    _provenance(spec.set, f"{source} (set)", "", prov)
    prov.pop("", None)
    doc = deep_merge(base_data, spec.set)
    doc["name"] = spec.name
    if seed is not None:
        doc["seed"] = seed
    elif spec.seed is not None:
        doc["seed"] = spec.seed
    base_config = build_config(doc, prov, source)
    priors = resolve_priors(spec, source)
    calibration = Calibration(spec, source, folder, doc, prov, base_config, priors)
    _check_paths(calibration)
    return calibration


def resolve_priors(spec: CalibrationSpec, source: str) -> list[Prior]:
    """Priors of the free parameters, literature ranges looked up as for sweeps."""
    problems: list[Problem] = []
    factors: dict[str, Factor] = {}
    for name, parameter in spec.parameters.items():
        key = f"parameters.{name}"
        physiology = name.startswith("physiology.") and len(name.split(".")) == 3 and not name.endswith("*")
        if parameter.per_athlete and not physiology:
            problems.append(Problem(source, key, name, "'physiology.<subsystem>.<param>' for a per_athlete parameter"))
            continue
        prior_range = parameter.range if parameter.range is not None else ("literature" if physiology else None)
        if prior_range is None:
            problems.append(Problem(source, f"{key}.range", None, "[low, high] (only physiology parameters have a literature range)"))
            continue
        factors[name] = Factor(range=prior_range, distribution=parameter.distribution)
    if problems:
        raise ConfigError(problems)
    try:
        expanded = expand_factors(factors, source)
    except ConfigError as exc:
        raise ConfigError([
            Problem(p.source, p.key_path.replace("sweep.factors.", "parameters."), p.value, p.expected) for p in exc.problems
        ]) from None
    priors = []
    for name, parameter in spec.parameters.items():
        factor = expanded.get(name)
        if factor is None:
            raise ConfigError([Problem(source, f"parameters.{name}", name, "a parameter with a literature range low < high")])
        assert isinstance(factor.range, tuple)
        low, high = factor.range
        if parameter.distribution == "loguniform" and low <= 0:
            raise ConfigError([Problem(source, f"parameters.{name}.distribution", "loguniform", "uniform (the range includes 0)")])
        priors.append(Prior(
            name, float(low), float(high), parameter.distribution == "loguniform", parameter.per_athlete, parameter.pooling == "partial"
        ))
    return priors


def _check_paths(calibration: Calibration) -> None:
    """Every free parameter must be a path the config accepts (checked at its prior's midpoint)."""
    problems: list[Problem] = []
    for prior in calibration.priors:
        middle = float(prior.from_x(0.5 * sum(prior.x_bounds)))
        try:
            calibration.config_for({prior.path: middle})
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
