"""A live cohort: one arm of a config or experiment, changed with overrides and stepped by day.

Every change is a ``--set``-style override (``dotted.path=value``) applied to the arm's
document and validated by :func:`cohort.config.loader.build_config`, so the explorer accepts
exactly what a config file or ``cohort run --set`` accepts, with the same error lines.
Mechanism switches are the config's own ``mechanisms: {id: {enabled, scale}}``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cohort.config.models import Config
from cohort.engine.model import CohortModel

#: The live view records every day (the config's interval is meant for files on disk).
LIVE_RECORDING = ("recording.interval_days=1",)


@dataclass
class Scenario:
    """The arms a live session can pick from: arm -> (document, provenance)."""

    source: str
    arms: dict[str, tuple[dict[str, Any], dict[str, str]]]
    reference: str
    outcomes: list[str] = field(default_factory=list)

    @property
    def arm_names(self) -> list[str]:
        return list(self.arms)


def is_experiment_file(path: str | Path) -> bool:
    """An experiment file names a ``base`` config and a ``hypothesis``; a config does neither."""
    from cohort.config.loader import load_yaml_document

    data = load_yaml_document(Path(path))
    return "base" in data and "hypothesis" in data


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Arms of an experiment file (with its ``set`` and ``--set`` overrides), or the one
    config of a config file as the arm ``config``. Raises ConfigError."""
    from cohort.config.loader import apply_overrides, build_config, resolve_document

    path = Path(path)
    overrides = list(overrides or [])
    if is_experiment_file(path):
        from cohort.experiment.spec import resolve_experiment

        experiment = resolve_experiment(path, overrides)
        arms = {arm: (experiment.arm_docs[arm], experiment.arm_provs[arm]) for arm in experiment.arm_docs}
        return Scenario(str(path), arms, experiment.spec.reference_arm, list(experiment.spec.outcomes or []))
    data, provenance = resolve_document(path)
    data = apply_overrides(data, overrides, provenance)
    build_config(data, provenance, str(path))  # a config that does not validate fails here, once
    return Scenario(str(path), {"config": (data, provenance)}, "config")


def mechanism_overrides(settings: dict[str, tuple[bool, float]]) -> list[str]:
    """``{id: (enabled, scale)}`` -> ``mechanisms.<id>.enabled/scale`` overrides."""
    out = []
    for mechanism_id, (enabled, scale) in sorted(settings.items()):
        out.append(f"mechanisms.{mechanism_id}.enabled={'true' if enabled else 'false'}")
        out.append(f"mechanisms.{mechanism_id}.scale={float(scale)!r}")
    return out


def build_arm_config(scenario: Scenario, arm: str, overrides: list[str]) -> Config:
    """The validated config of ``arm`` with ``overrides`` (and daily recording) applied."""
    from cohort.config.loader import apply_overrides, build_config

    document, provenance = scenario.arms[arm]
    provenance = dict(provenance)
    data = apply_overrides(copy.deepcopy(document), [*overrides, *LIVE_RECORDING], provenance)
    return build_config(data, provenance, scenario.source)


def dose_fields(document: dict[str, Any]) -> dict[str, float]:
    """Numeric product amounts of the arm's strategies as override paths:
    ``strategies.<i>.product.<nutrient>[.<field>]`` -> value (what a dose control edits)."""
    out: dict[str, float] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}")
        elif isinstance(node, int | float) and not isinstance(node, bool):
            out[prefix] = float(node)

    for index, strategy in enumerate(document.get("strategies") or []):
        if isinstance(strategy, dict):
            walk(strategy.get("product") or {}, f"strategies.{index}.product")
    return out


class LiveCohort:
    """A :class:`CohortModel` of one arm, built as ``cohort run`` builds it, stepped on demand.

    Parameters
    ----------
    scenario:
        From :func:`load_scenario`.
    arm:
        The arm to simulate (``config`` for a config file).
    overrides:
        ``dotted.path=value`` strings (doses, parameters, ``mechanisms.<id>.scale`` ...).
    """

    def __init__(self, scenario: Scenario, arm: str, overrides: list[str] | None = None) -> None:
        self.scenario = scenario
        self.arm = arm
        self.overrides = list(overrides or [])
        self.config = build_arm_config(scenario, arm, self.overrides)
        self.model = CohortModel(self.config, run_id=f"explore.{arm}")
        self.names: list[str] = list(self.model.recorder.names)

    @property
    def day(self) -> int:
        return int(self.model.day)

    @property
    def n_days(self) -> int:
        return int(self.model.n_days_total)

    @property
    def finished(self) -> bool:
        return self.day >= self.n_days

    def advance(self, days: int) -> int:
        """Advance up to ``days`` days (never past the configured duration); days advanced."""
        before = self.day
        self.model.advance(days)
        return self.day - before

    def cohort_daily(self) -> pd.DataFrame:
        """``cohort_daily`` frame (mean, sd, quantiles, prevalence per recorded day) so far,
        labelled with the arm: the frame ``cohort run`` writes, from the same code."""
        return self.model.result(arm=self.arm).cohort_daily.assign(arm=self.arm)

    def prevalence(self) -> pd.DataFrame:
        """Deficiency prevalence over time (:func:`cohort.analysis.prevalence.prevalence_over_time`)."""
        from cohort.analysis.prevalence import prevalence_over_time

        daily = self.cohort_daily().assign(run_id=f"p00000.{self.arm}.r000", point=0, replicate=0)
        return prevalence_over_time(daily)

    def current(self, variable: str) -> np.ndarray:
        """Every athlete's value of a state variable now (a copy)."""
        return np.array(self.model.column(variable), dtype=np.float64)

    def mean_now(self, variable: str) -> float:
        return float(self.current(variable).mean()) if self.model.n_athletes else float("nan")

    def athlete_trajectory(self, athlete: int) -> pd.DataFrame:
        """One athlete's recorded variables so far: columns ``day`` and one per variable."""
        recorder = self.model.recorder
        steps = recorder.completed_steps(self.day)
        frame = pd.DataFrame(recorder.values[:steps, athlete, :].astype(np.float64), columns=self.names)
        frame.insert(0, "day", recorder.days[:steps])
        return frame

    def athlete_traits(self, athlete: int) -> dict[str, Any]:
        """The athlete's row of the ``athletes`` frame's trait columns (sex, sport, diet, ...)."""
        from cohort.results import TRAIT_COLUMNS

        row = self.model.result().athletes.iloc[athlete]
        return {key: row[key] for key in ("sex", *TRAIT_COLUMNS[1:]) if key in row.index}
