"""Forecast: the calibrated squad under an experiment's arms, from each athlete's last visit.

For each of ``draws`` posterior draws (population and per-athlete values):

1. the squad's history is simulated under the calibration's own config (its strategies) up
   to each athlete's last observation day ``d_i``; the state there is that athlete's
   calibrated state, so the forecast is conditional on the data through the parameters;
2. for each arm, a run starts on date ``start_date + d_i`` (season and weekdays follow)
   from that state, with the arm's overrides (typically its ``strategies``, whose weeks
   count from the forecast's start) in place of the calibration config's, for ``weeks``
   weeks; the outcome is the true state at ``d_i + 7 weeks``.

Athletes sharing a last visit day share the forecast runs. Every run uses the calibration
seed: the same athletes, sessions and eating days in every arm and draw (common random
numbers), so arm differences are paired. From the experiment file only ``arms``,
``reference`` and ``outcomes`` are used; the squad and its seed come from the calibration.

Intervals are over posterior draws (parameter uncertainty) of the *true* value; add the
observation layer's assay error to compare with a future single draw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cohort.calibration.data import Observations
from cohort.calibration.run import prepare
from cohort.calibration.simulate import Simulator
from cohort.calibration.spec import Calibration
from cohort.config.loader import deep_merge
from cohort.errors import ConfigError, Problem, StateError
from cohort.state import STATE

Progress = Callable[[int], None]


@dataclasses.dataclass
class Calibrated:
    calibration: Calibration
    observations: Observations
    draws: pd.DataFrame
    record: dict[str, Any]


def load_calibrated(folder: Path) -> Calibrated:
    """A calibration output directory, with its calibration file and data re-read and checked."""
    record_path = folder / "calibration.json"
    posterior_path = folder / "posterior.parquet"
    for path in (record_path, posterior_path):
        if not path.is_file():
            raise ConfigError([Problem(str(folder), "", path, "a calibration output directory (cohort calibrate --out)")])
    record = json.loads(record_path.read_text(encoding="utf-8"))
    calibration, observations = prepare(record["spec_file"], int(record["simulation_seed"]))
    draws = pd.read_parquet(posterior_path)
    expected = Simulator(calibration, observations).layout.columns
    if list(draws.columns) != expected:
        raise ConfigError([Problem(str(posterior_path), "columns", list(draws.columns), f"the calibration's free parameters {expected} (was the spec or data changed?)")])
    return Calibrated(calibration, observations, draws, record)


def last_visits(observations: Observations) -> np.ndarray:
    """Each observed athlete's last observation day, in the order of ``observations.athletes``."""
    frame = pd.DataFrame({"athlete": observations.athlete, "day": observations.day})
    return frame.groupby("athlete").day.max().reindex(observations.athletes).to_numpy(dtype=np.int64)


def states_at_last_visits(simulator: Simulator, theta: np.ndarray, last: np.ndarray) -> dict[int, np.ndarray]:
    """The calibrated squad's full state on each last-visit day ``d`` (rows of all athletes)."""
    model = simulator.model(theta)
    states = {}
    for day in np.unique(last):
        model.advance(int(day) - model.day)
        states[int(day)] = model.state.copy()
    return states


def arm_calibration(calibrated: Calibrated, experiment: str | Path, arm: str, overrides: dict[str, Any], day: int, weeks: int) -> Calibration:
    """The calibration with an arm's overrides, starting ``day`` days after its start for ``weeks`` weeks."""
    base = calibrated.calibration
    start = base.base_config.start_date + dt.timedelta(days=day)
    doc = deep_merge(base.base_doc, {**overrides, "start_date": start.isoformat(), "duration_weeks": weeks})
    return dataclasses.replace(base, base_doc=doc, source=f"{experiment} (arms.{arm})")


def forecast(
    calibrated: Calibrated, experiment: str | Path, n_draws: int = 40, weeks: int = 12, progress: Progress | None = None
) -> pd.DataFrame:
    """Outcomes ``weeks`` after each athlete's last visit, per athlete and arm: median and 90 %
    interval over posterior draws, and the paired difference from the reference arm."""
    from cohort.experiment.spec import load_spec

    spec, _ = load_spec(experiment)
    outcomes = spec.outcomes or sorted(set(calibrated.observations.variable.tolist()))
    unknown = [name for name in outcomes if name not in STATE.names]
    if unknown:
        raise ConfigError([Problem(str(experiment), "outcomes", unknown, "state variables (see `cohort variables`)")])
    columns = np.array([STATE.index(name) for name in outcomes], dtype=np.int64)
    rng = np.random.default_rng(0)
    draws = calibrated.draws.to_numpy()
    chosen = np.sort(rng.choice(len(draws), size=min(n_draws, len(draws)), replace=False))
    rows = calibrated.observations.athletes
    labels = calibrated.observations.labels_of(rows)
    last = last_visits(calibrated.observations)
    history = Simulator(calibrated.calibration, calibrated.observations)
    simulators = {
        (arm, int(day)): Simulator(arm_calibration(calibrated, experiment, arm, overrides, int(day), weeks), calibrated.observations)
        for arm, overrides in spec.arms.items() for day in np.unique(last)
    }
    values = np.full((len(spec.arms), len(chosen), len(outcomes), len(rows)), np.nan)
    for k, draw in enumerate(chosen):
        try:
            states = states_at_last_visits(history, draws[draw], last)
        except StateError as exc:
            raise StateError(f"history, posterior draw {draw}: {exc}") from None
        for a, arm in enumerate(spec.arms):
            for day, state in states.items():
                members = np.flatnonzero(last == day)
                model = simulators[(arm, day)].model(draws[draw])
                model.state[rows[members]] = state[rows[members]]
                try:
                    model.advance(model.n_days_total)
                except StateError as exc:
                    raise StateError(f"arm {arm}, posterior draw {draw}, from day {day}: {exc}") from None
                values[a, k][:, members] = model.state[np.ix_(rows[members], columns)].T
            if progress is not None:
                progress(1)
    reference = list(spec.arms).index(spec.reference_arm)
    records = []
    for a, arm in enumerate(spec.arms):
        for j, outcome in enumerate(outcomes):
            for i, label in enumerate(labels):
                sample = values[a, :, j, i]
                difference = sample - values[reference, :, j, i]
                q05, q50, q95 = np.percentile(sample, [5, 50, 95])
                d05, d50, d95 = np.percentile(difference, [5, 50, 95])
                records.append({
                    "athlete": label, "arm": arm, "outcome": outcome, "from_day": int(last[i]), "day": int(last[i]) + 7 * weeks,
                    "median": q50, "low_90": q05, "high_90": q95,
                    "difference_median": d50, "difference_low_90": d05, "difference_high_90": d95,
                    "reference": spec.reference_arm, "draws": len(chosen),
                })
    return pd.DataFrame.from_records(records)
