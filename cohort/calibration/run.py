"""``calibrate``: load, check, estimate, simulate the posterior predictive, write the outputs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cohort.calibration.data import Observations, load_observations
from cohort.calibration.likelihood import LogPosterior
from cohort.calibration.methods import Chain, PointEstimate, optimize, sample, walkers_for
from cohort.calibration.simulate import Simulator
from cohort.calibration.spec import Calibration, load_calibration
from cohort.errors import ConfigError, Problem
from cohort.observation import measure
from cohort.state import STATE

Progress = Callable[[int], None]


@dataclass
class CalibrationResult:
    calibration: Calibration
    observations: Observations
    columns: list[str]
    point: PointEstimate | None
    chain: Chain | None
    draws: pd.DataFrame  # posterior draws (or the optimum), one column per free parameter
    predictive: pd.DataFrame  # per athlete, variable, day: median and 90 % band of a measurement
    observed: pd.DataFrame  # observations with their predictive interval
    point_values: dict[str, float] | None = None
    info: dict[str, Any] = field(default_factory=dict)


def prepare(spec_path: str | Path, seed: int | None = None) -> tuple[Calibration, Observations]:
    """Load and check the calibration file and its data (ConfigError on any problem)."""
    calibration = load_calibration(spec_path, seed)
    unknown = [v for v in calibration.spec.assay_cv if v not in STATE.names]
    if unknown:
        raise ConfigError([Problem(calibration.source, f"assay_cv.{v}", v, "a state variable (see `cohort variables`)") for v in unknown])
    observations = load_observations(
        calibration.data_path, calibration.base_config, calibration.spec.athletes, calibration.spec.assay_cv
    )
    return calibration, observations


def total_evaluations(calibration: Calibration, observations: Observations) -> int:
    """Model runs the calibration will make (for a progress bar)."""
    method = calibration.spec.method
    ndim = sum(len(observations.athletes) + (2 if p.pooled else 0) if p.per_athlete else 1 for p in calibration.priors)
    total = method.optimize.trials if method.optimize else 0
    if method.posterior:
        total += walkers_for(ndim, method.posterior) * method.posterior.steps
    return total + method.predictive_draws


def calibrate(calibration: Calibration, observations: Observations, progress: Progress | None = None) -> CalibrationResult:
    """Estimate the free parameters from the observations."""
    started = time.perf_counter()
    simulator = Simulator(calibration, observations)
    posterior = LogPosterior(simulator)
    method = calibration.spec.method
    point = optimize(posterior, method.optimize, progress) if method.optimize else None
    start = posterior.start_from(point.x) if point else None
    chain = sample(posterior, method.posterior, start, progress) if method.posterior else None
    columns = simulator.layout.columns
    x = chain.x if chain is not None else point.x[None, :]  # type: ignore[union-attr]
    draws = pd.DataFrame(posterior.values(x), columns=columns)
    predictive, observed = posterior_predictive(simulator, draws, method.predictive_draws, progress)
    info = {
        "evaluations": simulator.evaluations, "failed_evaluations": posterior.failures,
        "seconds": time.perf_counter() - started,
        "observations_in_90pct_predictive_interval": float(observed.inside_90.mean()),
    }
    point_values = dict(zip(columns, map(float, posterior.values(point.x)), strict=True)) if point else None
    return CalibrationResult(calibration, observations, columns, point, chain, draws, predictive, observed, point_values, info)


def posterior_predictive(
    simulator: Simulator, draws: pd.DataFrame, n_draws: int, progress: Progress | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate posterior draws weekly and on visit days; bands of a measurement (true x assay error)."""
    obs = simulator.observations
    n_days = simulator.calibration.base_config.n_days
    grid = np.union1d(np.arange(0, n_days + 1, 7), simulator.days)
    rng = np.random.default_rng(0)
    chosen = rng.choice(len(draws), size=min(n_draws, len(draws)), replace=False) if len(draws) > n_draws else np.arange(len(draws))
    rows = simulator.layout.athletes
    runs = []
    for k in chosen:
        runs.append(simulator.trajectories(draws.to_numpy()[k], grid)[:, :, rows])
        if progress is not None:
            progress(1)
    true = np.stack(runs)  # (draw, day, variable, athlete)
    cvs = {v: float(obs.cv[obs.variable == v][0]) for v in simulator.variables}
    repeats = 20  # assay errors per simulated draw
    z = rng.standard_normal((repeats, *true.shape))
    measured = np.empty_like(z)
    for j, variable in enumerate(simulator.variables):
        measured[:, :, :, j, :] = measure(true[None, :, :, j, :], cvs[variable], z[:, :, :, j, :])
    measured = measured.reshape(-1, *true.shape[1:])
    low, median, high = np.percentile(measured, [5, 50, 95], axis=0)
    true_median = np.median(true, axis=0)
    labels = simulator.layout.labels
    index = pd.MultiIndex.from_product([grid, simulator.variables, labels], names=["day", "variable", "athlete"])
    predictive = pd.DataFrame({
        "true_median": true_median.ravel(), "measured_median": median.ravel(),
        "measured_low_90": low.ravel(), "measured_high_90": high.ravel(),
    }, index=index).reset_index()
    observed = obs.frame().merge(predictive, on=["day", "variable", "athlete"], how="left")
    observed["inside_90"] = (observed.value >= observed.measured_low_90) & (observed.value <= observed.measured_high_90)
    return predictive, observed

