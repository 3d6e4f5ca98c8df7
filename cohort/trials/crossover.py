"""Crossover trials: allocation of athletes to sequences and the within-athlete analysis.

Each sequence of an experiment's ``crossover:`` section (:mod:`cohort.experiment.crossover`)
is one run of the whole cohort. In replicate r every athlete is allocated to one sequence at
random, balanced (sequence sizes differ by at most one): a permutation of the athletes from the
stream ``crossover.allocation`` of the run seed, athlete at rank k getting sequence k mod S.
The allocation is the same in every sequence's run of that replicate (same seed), so each athlete
is observed in exactly one run, as in a real crossover trial.

Period outcome ``y_ip`` of athlete i in treatment period p: the measured value at the period's
end minus the one at its start (``analysis: change``) or the end value (``end``), measured by
the observation layer (assay or test-retest error) at the period visits.

Estimate (fixed-effects model, within athletes)::

    y_ip = a_i + pi_p + tau_arm(i, p) + e_ip

with athlete effects a_i, period effects pi_p (pi_1 = 0) and arm effects tau (tau_reference =
0), solved by ordinary least squares after removing athlete means (the within transformation);
standard errors from the residual variance with N - I - (P - 1) - (A - 1) degrees of freedom.
For a 2 x 2 design this is the classical estimate (mean AB difference - mean BA difference) / 2.

Carry-over is made visible two ways: the mean period-start value per sequence and period (a
treatment that outlasts its washout raises the next period's start in the sequences that had it),
and, for two treatment periods, the Grizzle test of the athletes' period sums between sequences
(a between-athlete comparison, low power). The in-silico true effect beside the estimate is the
paired difference of true period-1 outcomes between sequences starting with the arm and with
the reference (every athlete in both runs, no observation error, no carry-over).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cohort.rng import stream

TIDY_COLUMNS = [
    "point", "replicate", "athlete", "sequence", "period", "arm", "outcome",
    "start_day", "end_day", "start", "end", "value", "true_start", "true_end", "true_value",
]


def allocate(seed: int, n_athletes: int, n_sequences: int) -> np.ndarray:
    """Sequence index of every athlete: random, balanced (sizes differ by at most one)."""
    order = stream(seed, "crossover.allocation").permutation(n_athletes)
    sequence = np.empty(n_athletes, dtype=np.int64)
    sequence[order] = np.arange(n_athletes) % n_sequences
    return sequence


def tidy(spec: Mapping[str, Any], runs: pd.DataFrame, draws: pd.DataFrame, allocated_only: bool = True) -> pd.DataFrame:
    """One row per (point, replicate, athlete, period, outcome): the athlete's allocated sequence,
    the arm given, period start/end (measured and true) and the period outcome (``value``).

    ``allocated_only=False`` keeps every athlete in every sequence (the in-silico truth, which no
    trial observes)."""
    from cohort.experiment.crossover import VISITS, Crossover

    crossover = Crossover.model_validate(spec)
    names = list(crossover.sequences)
    windows = crossover.treatment_windows
    visits = draws[draws.purpose == VISITS]
    frames = []
    for run in runs.itertuples(index=False):
        if run.arm not in crossover.sequences:
            continue
        mine = visits[visits.run_id == run.run_id]
        if mine.empty:
            continue
        n = int(mine.athlete.max()) + 1
        allocated = (np.flatnonzero(allocate(int(run.seed), n, len(names)) == names.index(run.arm))
                     if allocated_only else np.arange(n))
        for outcome in crossover.outcomes:
            table = mine[mine.biomarker == outcome]
            measured = table.pivot_table(index="athlete", columns="day", values="measured_value").reindex(allocated)
            true = table.pivot_table(index="athlete", columns="day", values="true_value").reindex(allocated)
            for period, (first, end) in enumerate(windows, start=1):
                frame = pd.DataFrame({
                    "point": int(run.point), "replicate": int(run.replicate), "athlete": allocated, "sequence": run.arm,
                    "period": period, "arm": crossover.sequences[run.arm][period - 1], "outcome": outcome,
                    "start_day": first, "end_day": end,
                    "start": measured[first].to_numpy(), "end": measured[end].to_numpy(),
                    "true_start": true[first].to_numpy(), "true_end": true[end].to_numpy(),
                })
                frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    change = crossover.analysis == "change"
    out["value"] = out.end - out.start if change else out.end
    out["true_value"] = out.true_end - out.true_start if change else out.true_end
    return out[TIDY_COLUMNS].sort_values(["point", "outcome", "replicate", "athlete", "period"], ignore_index=True)


def fixed_effects(frame: pd.DataFrame, reference: str) -> dict[str, dict[str, float]]:
    """Within-athlete OLS of ``value`` on period and arm: per non-reference arm its effect, SE,
    95 % CI, p and the residual df (see the module docstring)."""
    ids = frame.replicate.astype(str) + ":" + frame.athlete.astype(str)
    periods = sorted(frame.period.unique())
    arms = [arm for arm in pd.unique(frame.arm) if arm != reference]
    columns = [(frame.period == p).to_numpy(float) for p in periods[1:]] + [(frame.arm == a).to_numpy(float) for a in arms]
    design = np.column_stack(columns) if columns else np.zeros((len(frame), 0))
    y = frame.value.to_numpy(float)

    def within(values: np.ndarray) -> np.ndarray:
        table = pd.DataFrame(values)
        return (table - table.groupby(ids.to_numpy()).transform("mean")).to_numpy()

    x_w, y_w = within(design), within(y[:, None])[:, 0]
    coef, *_ = np.linalg.lstsq(x_w, y_w, rcond=None)
    residual = y_w - x_w @ coef
    df = len(y) - ids.nunique() - design.shape[1]
    out: dict[str, dict[str, float]] = {}
    if df <= 0:
        return out
    sigma2 = float(residual @ residual) / df
    covariance = sigma2 * np.linalg.pinv(x_w.T @ x_w)
    t_crit = float(stats.t.ppf(0.975, df))
    for k, arm in enumerate(arms):
        j = len(periods) - 1 + k
        se = float(np.sqrt(covariance[j, j]))
        estimate = float(coef[j])
        out[arm] = {"estimate": estimate, "se": se, "low": estimate - t_crit * se, "high": estimate + t_crit * se,
                    "p_value": float(2 * stats.t.sf(abs(estimate / se), df)) if se > 0 else float("nan"), "df": float(df)}
    return out


def _carryover_p(frame: pd.DataFrame) -> float:
    """Grizzle test (two treatment periods, two sequences): Welch t test of athletes' period sums."""
    if frame.period.nunique() != 2 or frame.sequence.nunique() != 2:
        return float("nan")
    sums = frame.groupby(["sequence", "replicate", "athlete"]).value.sum()
    first, second = (sums.xs(name, level="sequence").to_numpy() for name in pd.unique(frame.sequence))
    return float(stats.ttest_ind(first, second, equal_var=False).pvalue)


def _true_effect(frame: pd.DataFrame, arm: str, reference: str) -> float:
    """Paired true period-1 effect: mean true outcome of every athlete in the sequence(s) starting
    with ``arm`` minus that in the sequence(s) starting with ``reference`` (``frame``: every athlete
    in every sequence, :func:`tidy` with ``allocated_only=False``)."""
    first = frame[frame.period == 1]
    means = first.groupby("arm").true_value.mean()
    return float(means.get(arm, np.nan) - means.get(reference, np.nan))


def estimates(table: pd.DataFrame, truth: pd.DataFrame, reference: str) -> pd.DataFrame:
    """One row per (point, outcome, arm vs reference): the crossover estimate and its context."""
    rows = []
    for (point, outcome), frame in table.groupby(["point", "outcome"], sort=True):
        fitted = fixed_effects(frame, reference)
        carry = _carryover_p(frame)
        truth_here = truth[(truth.point == point) & (truth.outcome == outcome)]
        for arm, result in fitted.items():
            rows.append({
                "point": point, "outcome": outcome, "kind": "crossover", "arm": arm, "reference": reference,
                "n": int(frame.groupby(["replicate", "athlete"]).ngroups), "n_replicates": int(frame.replicate.nunique()),
                "reference_mean": float(frame[frame.arm == reference].value.mean()),
                "arm_mean": float(frame[frame.arm == arm].value.mean()),
                "mean_diff": result["estimate"], "mean_low": result["low"], "mean_high": result["high"],
                "se": result["se"], "p_value": result["p_value"], "df": result["df"],
                "carryover_p": carry, "true_effect_period1": _true_effect(truth_here, arm, reference),
            })
    return pd.DataFrame(rows)


def period_means(table: pd.DataFrame) -> pd.DataFrame:
    """Mean measured period start, end and outcome per (point, outcome, sequence, period, arm)."""
    return (table.groupby(["point", "outcome", "sequence", "period", "arm"], sort=True)
            .agg(n=("athlete", "size"), start=("start", "mean"), end=("end", "mean"), value=("value", "mean"))
            .reset_index())


def write_crossover(out_dir: str | Path) -> pd.DataFrame | None:
    """Write ``crossover.parquet`` (tidy, allocated athletes), ``crossover_periods.csv`` and
    ``crossover.csv`` (estimates) for an experiment with a crossover section."""
    import json

    from cohort.outputs import write_parquet

    folder = Path(out_dir)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    experiment = manifest.get("experiment") or {}
    spec = (experiment.get("spec") or {}).get("crossover")
    if not spec or not (folder / "draws.parquet").is_file():
        return None
    runs = pd.read_parquet(folder / "runs.parquet")
    runs = runs[runs.status == "done"]
    draws = pd.read_parquet(folder / "draws.parquet")
    table = tidy(spec, runs, draws)
    everyone = tidy(spec, runs, draws, allocated_only=False)
    reference = experiment.get("reference") or next(iter(spec["sequences"].values()))[0]
    result = estimates(table, everyone, reference)
    write_parquet(table, folder / "crossover.parquet")
    for name, frame in (("crossover.csv", result), ("crossover_periods.csv", period_means(table))):
        temporary = folder / f".{name}.tmp"
        frame.to_csv(temporary, index=False)
        temporary.replace(folder / name)
    return result
