"""Coverage of the calibration's 90 % intervals over synthetic repeats (validation of the method).

Simulation-based calibration (Cook, Gelman & Rubin 2006, doi:10.1198/106186006X136976; Talts
et al. 2018, arXiv:1804.06788): in each repeat the true values are drawn from the priors (the
half-life of 25(OH)D for the squad, a small-dose iron absorption per athlete), a squad is
simulated with them (its own seed), measured with the observation layer's assay error (its
own noise seed), and calibrated by the whole pipeline (Optuna optimum, then emcee). If the
posterior is right, each central 90 % interval contains its truth with probability 0.90 on
average over the prior, so the count of covered truths is Binomial(n, 0.9). Truths drawn from
the prior matter: a fixed truth near the middle of a prior that the data cannot narrow
(iron absorption of a replete athlete, whose ferritin barely responds) would be covered
always, inflating coverage.

Each repeat is a few thousand model runs of a small squad; repeats run on the experiment
executors (:class:`cohort.experiment.executors.LocalProcesses`).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

HALF_LIFE = "physiology.vitamin_d.half_life_25ohd_d"
FIA = "physiology.iron.fia_small_dose"


@dataclass(frozen=True)
class Design:
    """A coverage study: squad, visits, method settings and number of repeats."""

    athletes: int = 6
    weeks: int = 8
    repeats: int = 20
    seed: int = 0  # truths: numpy Generator((seed, repeat)); squad seed 100 + repeat; noise seed 10_000 + repeat
    vitd_days: tuple[int, ...] = (0, 28, 56)
    ferritin_days: tuple[int, ...] = (0, 14, 28, 42, 56)
    trials: int = 30
    walkers: int | None = None
    steps: int = 900  # 600 kept: ~17-29 autocorrelation times (tau 21-35 steps); 300 steps gave 84 % for the FIA
    burn: int = 300

    def spec(self, base: Path, repeat: int) -> dict[str, Any]:
        """The calibration file of one repeat (a female endurance squad on alternate-day iron)."""
        return {
            "name": f"coverage repeat {repeat}",
            "base": str(Path(base).resolve()),
            "set": {
                "duration_weeks": self.weeks,
                "cohort": {"size": self.athletes, "female_share": 1.0, "sport": {"endurance": 1.0}},
                "strategies": [{
                    "name": "iron", "product": {"iron": {"form": "ferrous_sulfate", "elemental_mg": 60}},
                    "delivery": {"schedule": "alternate_days", "time": "06:30"},
                }],
            },
            "seed": 100 + repeat,
            "data": "data.csv",
            "parameters": {HALF_LIFE: {}, FIA: {"per_athlete": True}},
            "method": {
                "optimize": {"trials": self.trials, "seed": repeat},
                "posterior": {"steps": self.steps, "burn": self.burn, "walkers": self.walkers, "seed": repeat},
                "predictive_draws": 1,
            },
        }


def run_repeat(task: tuple[Design, str, int, str]) -> dict[str, Any]:
    """Draw truths, simulate data, calibrate; per-truth intervals and the chain's diagnostics."""
    from cohort.calibration.run import calibrate, prepare
    from cohort.calibration.spec import load_calibration
    from cohort.calibration.synthetic import synthetic_observations, visit_plan

    design, base, repeat, folder = task
    with tempfile.TemporaryDirectory(dir=folder) as work:
        spec_path = Path(work) / "spec.yaml"
        spec_path.write_text(yaml.safe_dump(design.spec(Path(base), repeat)), encoding="utf-8")
        calibration = load_calibration(spec_path)
        rng = np.random.default_rng((design.seed, repeat))
        truth: dict[str, Any] = {}
        for prior in calibration.priors:  # uniform in x over the prior box
            low, high = prior.x_bounds
            x = rng.uniform(low, high, size=design.athletes if prior.per_athlete else None)
            truth[prior.path] = np.asarray(prior.from_x(x)).tolist()
        visits = {"vitd_25oh_nmol_l": list(design.vitd_days), "ferritin_ug_l": list(design.ferritin_days)}
        frame = synthetic_observations(calibration, truth, visit_plan(visits, range(design.athletes)), 10_000 + repeat)
        frame.drop(columns="true_value").to_csv(calibration.data_path, index=False)
        result = calibrate(*prepare(spec_path))
    values = [truth[HALF_LIFE], *truth[FIA]]
    rows = []
    for column, value in zip(result.draws.columns, values, strict=True):
        low, median, high = np.percentile(result.draws[column], [5, 50, 95])
        rows.append({
            "repeat": repeat, "parameter": column.split("[")[0], "column": column, "truth": float(value),
            "low_90": float(low), "median": float(median), "high_90": float(high), "covered": bool(low <= value <= high),
        })
    assert result.chain is not None
    diagnostics = result.chain.diagnostics
    tau = [t for t in diagnostics["autocorrelation_time_steps"] if t is not None]
    return {
        "rows": rows,
        "acceptance_fraction": diagnostics["acceptance_fraction"],
        "max_autocorrelation_steps": max(tau) if tau else math.nan,
        "kept_steps": design.steps - design.burn,
        "walkers": diagnostics["walkers"],
        "evaluations": result.info["evaluations"],
        "failed_evaluations": result.info["failed_evaluations"],
        "seconds": result.info["seconds"],
    }


def run_coverage(design: Design, base: Path, folder: Path, jobs: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All repeats: (intervals, one row per truth; diagnostics, one row per repeat)."""
    from cohort.experiment.executors import InProcess, LocalProcesses

    tasks = [(design, str(base), repeat, str(folder)) for repeat in range(design.repeats)]
    executor: Any = LocalProcesses(jobs) if jobs > 1 else InProcess()
    outputs = {}
    with executor:
        for task, output in executor.map(run_repeat, tasks):
            if isinstance(output, BaseException):
                raise output
            outputs[task[2]] = output
    rows = [row for repeat in sorted(outputs) for row in outputs[repeat]["rows"]]
    diagnostics = pd.DataFrame([
        {"repeat": repeat, **{k: v for k, v in outputs[repeat].items() if k != "rows"}} for repeat in sorted(outputs)
    ])
    return pd.DataFrame(rows), diagnostics


def binomial_band(n: int, p: float = 0.9, level: float = 0.99) -> tuple[int, int]:
    """Smallest and largest count of covered truths consistent with Binomial(n, p): the central
    ``level`` range (each tail at most (1 - level) / 2)."""
    counts = np.arange(n + 1)
    pmf = np.array([math.comb(n, int(k)) * p**k * (1 - p) ** (n - k) for k in counts])
    cdf = np.cumsum(pmf)
    tail = (1 - level) / 2
    low = int(counts[np.searchsorted(cdf, tail, side="right")]) if cdf[0] <= tail else 0
    survival = 1 - np.concatenate([[0.0], cdf[:-1]])  # P(X >= k)
    high = int(counts[survival > tail][-1])
    return low, high


def summarise(intervals: pd.DataFrame, diagnostics: pd.DataFrame, design: Design) -> dict[str, Any]:
    """Coverage per parameter with its binomial band, and the chains' diagnostics."""
    out: dict[str, Any] = {"design": asdict(design), "parameters": {}}
    for parameter, group in intervals.groupby("parameter"):
        n = len(group)
        low, high = binomial_band(n)
        out["parameters"][parameter] = {
            "intervals": n, "covered": int(group.covered.sum()), "coverage": float(group.covered.mean()),
            "band_99pct_at_nominal_0.9": [low, high],
            "median_width": float((group.high_90 - group.low_90).median()),
        }
    out["acceptance_fraction"] = [float(diagnostics.acceptance_fraction.min()), float(diagnostics.acceptance_fraction.max())]
    out["max_autocorrelation_steps"] = float(diagnostics.max_autocorrelation_steps.max())
    out["kept_steps"] = int(diagnostics.kept_steps.iloc[0])
    out["walkers"] = int(diagnostics.walkers.iloc[0])
    out["evaluations_per_repeat"] = int(diagnostics.evaluations.median())
    out["failed_evaluations"] = int(diagnostics.failed_evaluations.sum())
    out["seconds_per_repeat"] = float(diagnostics.seconds.median())
    return out
