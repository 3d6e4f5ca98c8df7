"""Experiment files of the validation cases (``<CASE-ID>.yaml``), the base configs they extend,
and the runner that measures them.

``base.yaml`` is the base of the cases converted from Python protocols (and of
:func:`cohort.validation.scenarios.make_config`); ``literature_base.yaml``, with its rest,
endurance, resistance, eccentric-bout and train-then-stop plans, is the base of the literature
cases ``LIT-...`` (modules ``lit_*.py``). :func:`run_protocol` runs it in-process through
:func:`cohort.experiment.runner.run_experiment` into a temporary folder and returns the frames
the case measures; arms share the seed, so athletes, diets and training are the same in every
arm (common random numbers) and per-athlete arm differences are paired.

A check that compares with a trial's measured outcome reads it as the trial measured it: lab draws
or performance tests (``lab_draws`` in the protocol, :mod:`cohort.observation`) at baseline and
end with the observation layer's sourced CVs (:meth:`Outcome.drawn`, :meth:`Outcome.drawn_change`),
and enrols on measured values. A variable without a sourced CV is read as its true value, and the
case says so.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtri


def protocol_file(case_id: str) -> Path:
    """Path of a case's experiment file (shipped inside the package)."""
    path = Path(str(resources.files(__name__) / f"{case_id}.yaml"))
    if not path.is_file():
        raise FileNotFoundError(f"no protocol file {path.name} in cohort/validation/protocols")
    return path


@dataclass(frozen=True)
class Outcome:
    """Frames of one protocol run: ``athletes`` (one row per athlete and arm) and, when the
    protocol records or draws them, ``trajectories`` (one row per athlete, arm and recording day),
    ``draws`` (simulated lab draws with assay error, :mod:`cohort.observation`) and ``events``
    (per-event iron absorption, ``record.events``)."""

    athletes: pd.DataFrame
    trajectories: pd.DataFrame | None
    draws: pd.DataFrame | None = None
    events: pd.DataFrame | None = None

    def arms(self) -> list[str]:
        return list(dict.fromkeys(self.athletes["arm"]))

    def column(self, arm: str, name: str) -> np.ndarray:
        """A per-athlete column of one arm, athletes in the same order in every arm."""
        rows = self.athletes[self.athletes["arm"] == arm].sort_values(["replicate", "athlete"])
        if rows.empty:
            raise KeyError(f"arm {arm!r} not in {self.arms()}")
        return rows[name].to_numpy()

    def at_day(self, arm: str, variable: str, day: int) -> np.ndarray:
        """Per-athlete ``variable`` of one arm once ``day`` days are simulated (0 = baseline)."""
        if self.trajectories is None:
            raise ValueError("this protocol does not record trajectories")
        frame = self.trajectories
        rows = frame[(frame["arm"] == arm) & (frame["day"] == day)].sort_values(["replicate", "athlete"])
        if rows.empty:
            raise KeyError(f"no trajectory rows for arm {arm!r} at day {day}")
        return rows[variable].to_numpy(dtype=float)

    def event(self, arm: str, kind: str, day: int, column: str, time_h: float | None = None) -> np.ndarray:
        """Per-athlete ``column`` of one arm's intake event of ``kind`` (meal, dose, test_meal) on
        ``day`` (at clock hour ``time_h`` when the day has several), athletes in the same order in
        every arm (one such event per athlete)."""
        if self.events is None:
            raise ValueError("this protocol records no events (record.events)")
        frame = self.events
        keep = (frame["arm"] == arm) & (frame["kind"] == kind) & (frame["day"] == day)
        if time_h is not None:
            keep &= frame["time_h"] == time_h
        rows = frame[keep]
        if rows.empty:
            at = "" if time_h is None else f" at {time_h} h"
            raise KeyError(f"no {kind} events for arm {arm!r} on day {day}{at}")
        return rows.sort_values(["replicate", "athlete"])[column].to_numpy(dtype=float)

    def drawn(self, arm: str, biomarker: str, week: int) -> np.ndarray:
        """Measured values (true value with assay error) of one arm's lab draw in study ``week``."""
        if self.draws is None:
            raise ValueError("this protocol takes no lab draws")
        frame = self.draws
        near = (frame["week"] - week).abs() < 0.5  # the end-of-run draw is on the last day
        rows = frame[(frame["arm"] == arm) & (frame["biomarker"] == biomarker) & near]
        if rows.empty:
            raise KeyError(f"no {biomarker} draws for arm {arm!r} in week {week}")
        return rows.sort_values(["replicate", "athlete"])["measured_value"].to_numpy(dtype=float)

    def drawn_change(self, arm: str, biomarker: str, end_week: int, start_week: int = 0) -> np.ndarray:
        """Measured change of one arm, as a trial computes it: the draw (or test) in ``end_week``
        minus the one in ``start_week``, each carrying its own assay or test-retest error."""
        return self.drawn(arm, biomarker, end_week) - self.drawn(arm, biomarker, start_week)


def _labelled(frame: pd.DataFrame | None, runs: pd.DataFrame) -> pd.DataFrame | None:
    if frame is None or "arm" in frame:
        return frame
    return frame.merge(runs, on="run_id", how="left")


def run_protocol(case_id: str) -> Outcome:
    """Run a case's experiment file in this process and return its frames."""
    from cohort.experiment.runner import run_experiment
    from cohort.validation.framework import active_settings

    with tempfile.TemporaryDirectory(prefix=f"cohort-{case_id}-") as folder:
        result = run_experiment(
            protocol_file(case_id), Path(folder) / "out", jobs=1, analyze=False, overrides=active_settings()
        )
        if not result.ok:
            raise RuntimeError(f"{case_id}: {result.failed} run(s) failed: {result.failures[0]['error']}")
        frames = result.to_frames()
        runs = frames["runs"][["run_id", "arm", "replicate"]]
        optional = {}
        for name in ("draws", "events"):
            file = Path(folder) / "out" / f"{name}.parquet"
            optional[name] = _labelled(pd.read_parquet(file), runs) if file.is_file() else None
        return Outcome(athletes=frames["athletes"], trajectories=_labelled(frames.get("trajectories"), runs), **optional)


def smd(treated: np.ndarray, control: np.ndarray) -> float:
    """Standardised mean difference (Cohen's d with the pooled SD) of two samples."""
    pooled = np.sqrt(0.5 * (np.var(treated, ddof=1) + np.var(control, ddof=1)))
    return float((np.mean(treated) - np.mean(control)) / pooled) if pooled > 0 else float("nan")


def hedges_g(treated: np.ndarray, control: np.ndarray) -> float:
    """Hedges' g: :func:`smd` times the small-sample correction 1 - 3 / (4 (n1 + n2) - 9)."""
    n = len(treated) + len(control)
    return smd(treated, control) * (1.0 - 3.0 / (4.0 * n - 9.0))


def geometric_mean(values: np.ndarray) -> float:
    """exp(mean(log x)): the summary isotope studies report for absorption and its ratios (absorbed
    amounts and FIA are log-normal across people; tables give "geometric means")."""
    if values.size == 0 or np.any(values <= 0.0):
        raise ValueError(f"a geometric mean needs positive values ({values.size} given, min {values.min(initial=np.inf)})")
    return float(np.exp(np.mean(np.log(values))))


#: two-sided standard-normal quantile of a 95 % interval
Z_95 = 1.96


def ratio_interval_from_p(ratio: float, p_value: float) -> tuple[float, float]:
    """Widest 95 % interval of a ratio r reported with a two-sided p at or below ``p_value`` (the
    bound, e.g. 0.05 for "P < .05", or the p reported): with z_p its standard-normal quantile
    (1.96 at 0.05, 3.29 at 0.001), SE(ln r) <= |ln r| / z_p, so the interval is r e^(-+1.96 SE),
    (low, high)."""
    half = Z_95 * abs(math.log(ratio)) / float(ndtri(1.0 - 0.5 * p_value))
    return ratio * math.exp(-half), ratio * math.exp(half)
