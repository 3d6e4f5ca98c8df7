"""Observations simulated from known parameters, with the observation layer's assay error.

Used by the shipped example (``experiments/calibration/make_synthetic.py``) and the parameter
recovery tests: simulate the calibration's squad with ``truth``, take the true state on
each visit day, and measure it with :func:`cohort.observation.measure` using normals from
the assay streams of ``noise_seed`` (a seed other than the simulation's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cohort.calibration.data import Observations
from cohort.calibration.simulate import Simulator
from cohort.calibration.spec import Calibration
from cohort.observation import assay_cv, assay_normals, measure
from cohort.state import STATE


def visit_plan(visits: Mapping[str, Sequence[int]], athletes: Sequence[int]) -> pd.DataFrame:
    """Every athlete measured for each variable on its visit days: frame (athlete, day, variable)."""
    frames = [
        pd.DataFrame({"athlete": np.asarray(sorted(athletes), dtype=np.int64), "day": int(day), "variable": variable})
        for variable, days in visits.items()
        for day in days
    ]
    return pd.concat(frames, ignore_index=True)


def synthetic_observations(
    calibration: Calibration,
    truth: Mapping[str, float | Sequence[float]],
    plan: pd.DataFrame,
    noise_seed: int,
) -> pd.DataFrame:
    """A tidy data frame (athlete, day, variable, value, unit, true_value) measured from a simulation.

    ``truth`` maps each free parameter to its value (a sequence, one per observed athlete in
    row order, for a per-athlete parameter); ``plan`` lists the draws (athlete row, day,
    variable), e.g. from :func:`visit_plan`.
    """
    plan = plan.reset_index(drop=True)
    rows = np.unique(plan.athlete.to_numpy())
    cvs = {v: assay_cv(v, calibration.spec.assay_cv.get(v)) for v in plan.variable.unique()}
    observations = Observations(
        athlete=plan.athlete.to_numpy(dtype=np.int64), label=plan.athlete.astype(str).to_numpy(), day=plan.day.to_numpy(dtype=np.int64),
        variable=plan.variable.to_numpy().astype(str), value=np.ones(len(plan)),
        cv=plan.variable.map(cvs).to_numpy(dtype=np.float64),
    )
    simulator = Simulator(calibration, observations)
    theta = []
    for prior in simulator.layout.population:
        theta.append(float(truth[prior.path]))  # type: ignore[arg-type]
    for prior in simulator.layout.individual:
        values = np.asarray(truth[prior.path], dtype=np.float64)
        if values.shape != (len(rows),):
            raise ValueError(f"{prior.path}: give one true value per athlete ({len(rows)})")
        theta.extend(values.tolist())
    true_values = simulator.predict(np.asarray(theta))
    n = calibration.base_config.cohort.size
    measured = np.empty(len(plan))
    for (variable, day), index in plan.groupby(["variable", "day"]).groups.items():
        z = assay_normals(noise_seed, str(variable), int(day), n)[plan.athlete.to_numpy()[index]]
        measured[index] = measure(true_values[index], cvs[str(variable)], z)
    plan["value"] = measured
    plan["unit"] = [STATE.entry(v).var.unit for v in plan.variable]
    plan["true_value"] = true_values
    return plan
