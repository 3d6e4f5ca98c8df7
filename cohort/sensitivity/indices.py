"""Sensitivity indices of sweep outcomes (SALib analysers) and the share of stochastic noise.

Outcome of a run = the cohort mean of an athlete column (``<variable>_change`` by default).
Per sweep point the analysers see either the replicate-averaged outcome of one arm, or the
replicate-averaged common-random-number paired difference ``arm - reference`` (same seed,
same athletes), which removes most between-cohort noise from a strategy's effect.

Methods by design: ``sobol`` -> Sobol first-order and total indices (Saltelli estimators,
bootstrap CIs); ``morris`` -> mu, mu* (with CI) and sigma of the elementary effects;
``lhs`` -> RBD-FAST first-order indices; ``grid`` -> first-order shares of variance of the
point means, ``Var(E[Y|X_i]) / Var(Y)`` (exact for a full factorial, no CI).

Noise share: mean between-replicate variance at the same point over the total variance of
run outcomes (``noise_share``), and the same for replicate means (``noise_share_of_means``:
within / replicates over the variance of point means), which is what the indices see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cohort.errors import CohortError, ConfigError, Problem

STATISTICS = ("change", "end", "baseline", "min", "max")


@dataclass
class SweepResults:
    """What the analysers need from an experiment output directory."""

    out: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    design: pd.DataFrame

    @property
    def kind(self) -> str:
        return str(self.manifest["design"]["kind"])

    @property
    def factors(self) -> list[str]:
        return list(self.manifest["design"]["factors"])

    @property
    def problem(self) -> dict[str, Any]:
        return dict(self.manifest["design"]["problem"])

    @property
    def settings(self) -> dict[str, Any]:
        return dict(self.manifest["design"]["settings"])

    @property
    def reference(self) -> str:
        return str(self.manifest["experiment"]["reference"])

    @property
    def arms(self) -> list[str]:
        return list(self.manifest["experiment"]["arms"])


def load_results(out: str | Path) -> SweepResults:
    out = Path(out)
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        runs = pd.read_parquet(out / "runs.parquet")
        design = pd.read_parquet(out / "design.parquet")
    except FileNotFoundError as exc:
        raise ConfigError([Problem(str(out), "", Path(exc.filename), "the output directory of a finished `cohort experiment`")]) from None
    if manifest.get("kind") != "experiment":
        raise ConfigError([Problem(str(out), "manifest.json", manifest.get("kind"), "an experiment manifest")])
    return SweepResults(out, manifest, runs, design)


def outcome_column(athlete_columns: list[str], outcome: str, statistic: str) -> str:
    for candidate in (outcome, f"{outcome}_{statistic}"):
        if candidate in athlete_columns:
            return candidate
    variables = sorted({c.rsplit("_", 1)[0] for c in athlete_columns if c.endswith("_change")})
    raise ConfigError([Problem("--outcome", "outcome", outcome, f"a recorded variable, one of {variables}")])


def run_outcomes(results: SweepResults, outcomes: list[str], statistic: str = "change") -> pd.DataFrame:
    """One row per run: labels and the cohort mean of each outcome (reads only needed columns)."""
    import pyarrow.parquet as pq

    path = results.out / "athletes.parquet"
    columns = pq.read_schema(path).names
    wanted = {outcome: outcome_column(columns, outcome, statistic) for outcome in outcomes}
    athletes = pd.read_parquet(path, columns=["run_id", *sorted(set(wanted.values()))])
    means = athletes.groupby("run_id", sort=False)[sorted(set(wanted.values()))].mean()
    frame = results.runs[["run_id", "point", "arm", "replicate", "status", *results.factors]].copy()
    for outcome, column in wanted.items():
        frame[outcome] = frame["run_id"].map(means[column]).astype(float)
    return frame


def point_values(frame: pd.DataFrame, outcome: str, arm: str, reference: str | None = None) -> pd.DataFrame:
    """Per point: replicate mean, replicate variance and count of one arm's outcome, or of the
    CRN paired difference ``arm - reference`` when ``reference`` is given."""
    table = frame.pivot_table(index=["point", "replicate"], columns="arm", values=outcome, aggfunc="first", dropna=False)
    if arm not in table.columns or (reference is not None and reference not in table.columns):
        raise ConfigError([Problem("--arm", "arm", arm, f"an arm of this experiment, one of {sorted(frame.arm.unique())}")])
    values = table[arm] - table[reference] if reference is not None else table[arm]
    grouped = values.groupby(level="point")
    out = pd.DataFrame({"mean": grouped.mean(), "var": grouped.var(ddof=1), "n": grouped.count()})
    return out.reindex(range(int(frame.point.max()) + 1))


def noise_share(points: pd.DataFrame, replicate_values: pd.Series | None = None) -> dict[str, float]:
    """Share of variance due to stochastic noise (see module docstring)."""
    within = float(points["var"].mean()) if points["var"].notna().any() else float("nan")
    replicates = float(points["n"].mean())
    between = float(points["mean"].var(ddof=1))
    total = float(replicate_values.var(ddof=1)) if replicate_values is not None else within + between
    return {
        "within_point_var": within,
        "total_var": total,
        "noise_share": within / total if total > 0 else float("nan"),
        "noise_share_of_means": (within / replicates) / between if between > 0 and replicates > 0 else float("nan"),
        "replicates": replicates,
    }


def sobol_indices(problem: dict[str, Any], y: np.ndarray, *, second_order: bool = False, seed: int = 0,
                  conf_level: float = 0.95, num_resamples: int = 200) -> pd.DataFrame:
    from SALib.analyze import sobol

    result = sobol.analyze(problem, np.asarray(y, dtype=float), calc_second_order=second_order, conf_level=conf_level,
                           num_resamples=num_resamples, seed=seed)
    rows = []
    for k, name in enumerate(problem["names"]):
        rows.append({"factor": name, "index": "S1", "value": result["S1"][k], "conf": result["S1_conf"][k]})
        rows.append({"factor": name, "index": "ST", "value": result["ST"][k], "conf": result["ST_conf"][k]})
    return pd.DataFrame(rows)


def morris_indices(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, *, num_levels: int = 4, seed: int = 0,
                   conf_level: float = 0.95, num_resamples: int = 200) -> pd.DataFrame:
    from SALib.analyze import morris

    result = morris.analyze(problem, np.asarray(x, dtype=float), np.asarray(y, dtype=float), num_levels=num_levels,
                            conf_level=conf_level, num_resamples=num_resamples, seed=seed)
    rows = []
    for k, name in enumerate(problem["names"]):
        rows.append({"factor": name, "index": "mu", "value": result["mu"][k], "conf": np.nan})
        rows.append({"factor": name, "index": "mu_star", "value": result["mu_star"][k], "conf": result["mu_star_conf"][k]})
        rows.append({"factor": name, "index": "sigma", "value": result["sigma"][k], "conf": np.nan})
    return pd.DataFrame(rows)


def rbd_fast_indices(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, *, seed: int = 0,
                     conf_level: float = 0.95) -> pd.DataFrame:
    from SALib.analyze import rbd_fast

    result = rbd_fast.analyze(problem, np.asarray(x, dtype=float), np.asarray(y, dtype=float),
                              conf_level=conf_level, seed=seed)
    return pd.DataFrame({"factor": problem["names"], "index": "S1", "value": result["S1"], "conf": result["S1_conf"]})


def grid_main_effects(levels: pd.DataFrame, y: pd.Series) -> pd.DataFrame:
    """First-order variance shares of a full factorial: Var(E[Y | X_i]) / Var(Y) (population)."""
    total = float(np.var(y.to_numpy(dtype=float)))
    rows = []
    for name in levels.columns:
        conditional = y.groupby(levels[name].astype(str).to_numpy()).mean()
        weights = y.groupby(levels[name].astype(str).to_numpy()).size() / len(y)
        share = float((weights * (conditional - y.mean()) ** 2).sum() / total) if total > 0 else float("nan")
        rows.append({"factor": name, "index": "S1", "value": share, "conf": np.nan})
    return pd.DataFrame(rows)


def indices_for(results: SweepResults, points: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Indices of one outcome's point means, by the experiment's design."""
    y = points["mean"]
    if y.isna().any():
        missing = points.index[y.isna()].tolist()[:5]
        raise CohortError(f"sensitivity needs an outcome at every sweep point; missing at points {missing} "
                          "(failed runs? resume the experiment first)")
    kind = results.kind
    problem = results.problem
    matrix = results.design.sort_values("point").reindex(columns=results.factors).to_numpy(dtype=float)
    settings = results.settings
    if kind == "sobol":
        return sobol_indices(problem, y.to_numpy(), second_order=bool(settings.get("second_order")), seed=seed).assign(method="sobol")
    if kind == "morris":
        return morris_indices(problem, matrix, y.to_numpy(), num_levels=int(settings.get("num_levels", 4)), seed=seed).assign(method="morris")
    if kind == "lhs":
        return rbd_fast_indices(problem, matrix, y.to_numpy(), seed=seed).assign(method="rbd_fast")
    if kind == "grid":
        levels = results.runs.drop_duplicates("point").set_index("point").sort_index()[results.factors]
        return grid_main_effects(levels, y).assign(method="grid_variance")
    raise CohortError("this experiment has no sweep: nothing to analyse for sensitivity")


@dataclass
class SensitivityResult:
    indices: pd.DataFrame  # outcome, arm, contrast, method, factor, index, value, conf
    noise: pd.DataFrame  # outcome, arm, contrast, noise statistics
    points: pd.DataFrame  # outcome, arm, contrast, point, factor values, mean, var, n
    runs: pd.DataFrame  # per-run outcomes
    statistic: str = "change"  # what each athlete contributes: change from baseline, or end value


def analyze_sensitivity(out: str | Path, outcomes: list[str] | None = None, *, arm: str | None = None,
                        paired: bool = False, statistic: str = "change", seed: int = 0) -> SensitivityResult:
    """Indices and noise shares for each outcome of a sweep in ``out``."""
    results = load_results(out)
    if statistic not in STATISTICS:
        raise ConfigError([Problem("--statistic", "statistic", statistic, f"one of {list(STATISTICS)}")])
    outcomes = outcomes or list(results.manifest["experiment"].get("outcomes") or []) or default_outcomes(results)
    arm = arm or (next((a for a in results.arms if a != results.reference), results.reference) if paired else results.reference)
    if paired and arm == results.reference:
        raise ConfigError([Problem("--arm", "arm", arm, "an arm other than the reference for a paired analysis")])
    reference = results.reference if paired else None
    contrast = f"{arm} - {reference}" if paired else arm
    per_run = run_outcomes(results, outcomes, statistic)
    index_rows, noise_rows, point_rows = [], [], []
    factor_values = results.runs.drop_duplicates("point").set_index("point").sort_index()[results.factors]
    for outcome in outcomes:
        points = point_values(per_run, outcome, arm, reference)
        index_rows.append(indices_for(results, points, seed).assign(outcome=outcome, arm=arm, contrast=contrast))
        if paired:
            table = per_run.pivot_table(index=["point", "replicate"], columns="arm", values=outcome, aggfunc="first")
            replicate_values = table[arm] - table[reference]
        else:
            replicate_values = per_run.loc[per_run.arm == arm, outcome]
        noise_rows.append({"outcome": outcome, "arm": arm, "contrast": contrast, **noise_share(points, replicate_values)})
        point_rows.append(points.join(factor_values).reset_index().assign(outcome=outcome, arm=arm, contrast=contrast))
    indices = pd.concat(index_rows, ignore_index=True)
    indices = indices[["outcome", "arm", "contrast", "method", "factor", "index", "value", "conf"]]
    return SensitivityResult(indices, pd.DataFrame(noise_rows), pd.concat(point_rows, ignore_index=True), per_run, statistic)


def default_outcomes(results: SweepResults) -> list[str]:
    import pyarrow.parquet as pq

    columns = pq.read_schema(results.out / "athletes.parquet").names
    preferred = [name for name in ("strength_1rm_kg", "vo2max_ml_kg_min") if f"{name}_change" in columns]
    return preferred or [c[: -len("_change")] for c in columns if c.endswith("_change")][:2]
