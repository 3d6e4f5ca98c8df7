"""Power of a real trial, from emulated trials: power, minimal detectable effect, estimates.

For each arm against the reference, each size ``n`` per arm and each sweep point,
:func:`cohort.trials.emulation.emulate_trials` runs ``trials`` emulated trials. ``power.csv``
has one row per (point, outcome, arm, n_per_arm):

``power``            share of trials with p < alpha (two-sided t test on the arm effect);
``power_low/high``   its 95 % Wilson interval (binomial error of the emulation);
``mde``              minimal detectable effect at 80 % power, ``(t_{1-alpha/2, df} + t_{0.8, df})
                     x RMS(se)`` with the trials' mean df and standard errors (outcome units);
``mean_estimate``, ``sd_estimate``, ``estimate_q025``, ``estimate_q975``: the distribution of
                     the estimated effects over trials;
``true_effect``      the in-silico paired effect: mean over the enrolled athletes of
                     end(arm) - end(reference), every athlete in both arms (no observation error);
``mean_completed``   completers per trial (both arms), after dropout;
``failed_trials``    trials that could not be analysed (fewer than 2 completers in an arm; for
                     ANCOVA a baseline without spread): they count as not rejecting;
``with_replacement`` True when ``2 n`` exceeds the enrolled pool, so athletes were drawn with
                     replacement (the same simulated athlete may appear twice): enrol more
                     (``enrolment.target`` or replicates) before trusting that row.

:func:`analytic_power` is the textbook power of a two-sample t test (noncentral t), used to
check the emulation on a normal outcome.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from cohort.trials.emulation import Analysis, Pool, emulate_trials

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

POWER_COLUMNS = [
    "point", "outcome", "arm", "reference", "analysis", "n_per_arm", "trials", "power", "power_low", "power_high",
    "mde", "mean_estimate", "sd_estimate", "estimate_q025", "estimate_q975", "true_effect", "mean_se",
    "mean_completed", "failed_trials", "pool_size", "with_replacement", "cv", "dropout", "alpha",
]
TARGET_POWER = 0.8


def analytic_power(effect: float, sd: float, n_per_arm: int, alpha: float = 0.05) -> float:
    """Power of a two-sided two-sample t test with equal arms: noncentral t with
    ``df = 2n - 2`` and noncentrality ``effect / (sd sqrt(2 / n))``."""
    df = 2 * n_per_arm - 2
    noncentrality = effect / (sd * math.sqrt(2.0 / n_per_arm))
    critical = stats.t.ppf(1.0 - alpha / 2.0, df)
    return float(stats.nct.sf(critical, df, noncentrality) + stats.nct.cdf(-critical, df, noncentrality))


def wilson_interval(successes: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval of a binomial proportion."""
    if total == 0:
        return float("nan"), float("nan")
    share = successes / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def minimal_detectable_effect(se: np.ndarray, df: np.ndarray, alpha: float, power: float = TARGET_POWER) -> float:
    """``(t_{1-alpha/2} + t_{power}) x RMS(se)`` at the trials' mean degrees of freedom."""
    valid = np.isfinite(se) & np.isfinite(df)
    if not valid.any():
        return float("nan")
    mean_df = float(np.mean(df[valid]))
    rms = float(np.sqrt(np.mean(se[valid] ** 2)))
    return float((stats.t.ppf(1 - alpha / 2, mean_df) + stats.t.ppf(power, mean_df)) * rms)


def power_rows(
    pool: Pool,
    sizes: Sequence[int],
    trials: int,
    seed_sequence: np.random.SeedSequence,
    *,
    cv: float,
    analysis: Analysis,
    alpha: float,
    dropout: float,
) -> list[dict[str, float]]:
    """One dict per size (the numeric columns of ``power.csv``)."""
    rows = []
    for n, child in zip(sizes, seed_sequence.spawn(len(sizes)), strict=True):
        result = emulate_trials(pool, n, trials, np.random.default_rng(child), cv=cv, analysis=analysis, dropout=dropout)
        rejections = int(np.sum(np.nan_to_num(result.p_value, nan=1.0) < alpha))
        low, high = wilson_interval(rejections, trials)
        finite = result.estimate[np.isfinite(result.estimate)]
        rows.append({
            "n_per_arm": n, "trials": trials, "power": rejections / trials, "power_low": low, "power_high": high,
            "mde": minimal_detectable_effect(result.se, result.df, alpha),
            "mean_estimate": float(finite.mean()) if len(finite) else float("nan"),
            "sd_estimate": float(finite.std(ddof=1)) if len(finite) > 1 else float("nan"),
            "estimate_q025": float(np.quantile(finite, 0.025)) if len(finite) else float("nan"),
            "estimate_q975": float(np.quantile(finite, 0.975)) if len(finite) else float("nan"),
            "true_effect": pool.paired_effect, "mean_se": float(np.nanmean(result.se)) if np.isfinite(result.se).any() else float("nan"),
            "mean_completed": float(result.n_completed.mean()), "pool_size": pool.size,
            "with_replacement": 2 * n > pool.size, "failed_trials": int(np.sum(~np.isfinite(result.estimate))),
        })
    return rows


def pools_from_athletes(athletes: pd.DataFrame, reference: str, outcome: str) -> dict[tuple[int, str], Pool]:
    """(point, arm) -> Pool of the athletes in ``athletes`` (already restricted to the enrolled),
    pairing each arm's rows with the reference's on (point, replicate, athlete)."""
    from cohort.analysis.contrasts import with_keys

    frame = with_keys(athletes)
    keys = ["point", "replicate", "athlete"]
    columns = [f"{outcome}_baseline", f"{outcome}_end"]
    ref = frame[frame.arm == reference][keys + columns]
    pools = {}
    for arm in [a for a in pd.unique(frame.arm) if a != reference]:
        rows = frame[frame.arm == arm][[*keys, f"{outcome}_end"]]
        paired = ref.merge(rows, on=keys, suffixes=("", "_arm"))
        for point, group in paired.groupby("point", sort=True):
            pools[(int(point), str(arm))] = Pool(
                baseline=group[f"{outcome}_baseline"].to_numpy(np.float64),
                end_reference=group[f"{outcome}_end"].to_numpy(np.float64),
                end_arm=group[f"{outcome}_end_arm"].to_numpy(np.float64),
            )
    return pools


def power_figure(table: pd.DataFrame) -> Figure:
    """Power curve per arm (with Wilson intervals) and the estimates' spread per size
    (2.5-97.5 % range and mean) beside the in-silico paired effect."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 4.2), layout="constrained")
    curve, spread = figure.subplots(1, 2)
    for index, (arm, rows) in enumerate(table.groupby("arm", sort=False)):
        rows = rows.sort_values("n_per_arm")
        colour = f"C{index}"
        curve.plot(rows.n_per_arm, rows.power, marker="o", color=colour, label=arm)
        curve.fill_between(rows.n_per_arm, rows.power_low, rows.power_high, color=colour, alpha=0.2)
        offset = (index - (table.arm.nunique() - 1) / 2) * 0.04
        x = np.log2(rows.n_per_arm.to_numpy(float)) + offset
        spread.errorbar(x, rows.mean_estimate, yerr=[rows.mean_estimate - rows.estimate_q025, rows.estimate_q975 - rows.mean_estimate],
                        fmt="o", color=colour, capsize=3, label=f"{arm}: estimates (mean, 95 % range)")
        spread.axhline(float(rows.true_effect.iloc[0]), color=colour, linestyle="--", linewidth=1, label=f"{arm}: in-silico paired effect")
    alpha = float(table.alpha.iloc[0]) if len(table) else 0.05
    curve.axhline(TARGET_POWER, color="grey", linestyle=":", linewidth=1)
    curve.axhline(alpha, color="grey", linestyle="--", linewidth=1)
    curve.set_xscale("log", base=2)
    sizes = sorted(table.n_per_arm.unique())
    curve.set_xticks(sizes, [str(s) for s in sizes])
    curve.minorticks_off()
    curve.set_ylim(0, 1.02)
    curve.set_xlabel("athletes randomised per arm")
    curve.set_ylabel(f"power (p < {alpha:g}); band: 95 % Wilson")
    curve.legend(fontsize=8)
    spread.set_xticks(np.log2(np.array(sizes, dtype=float)), [str(s) for s in sizes])
    spread.axhline(0, color="black", linewidth=0.6)
    spread.set_xlabel("athletes randomised per arm")
    unit = table.outcome.iloc[0] if len(table) else ""
    spread.set_ylabel(f"estimated effect on {unit}")
    spread.legend(fontsize=7)
    return figure


def power_table(
    results_dir: str | Path,
    outcome: str,
    sizes: Sequence[int],
    *,
    trials: int = 1000,
    analysis: Analysis = "ancova",
    alpha: float = 0.05,
    cv: float | None = None,
    dropout: float | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """``power.csv`` of a results directory (enrolled athletes only when it has an enrolment).

    ``cv`` defaults to the enrolment's / observation layer's CV of ``outcome``; ``dropout`` to the
    enrolment's. Raises ConfigError for an outcome that was not recorded or a single-arm result.
    """
    from cohort.analysis import read_results
    from cohort.analysis.contrasts import available_outcomes
    from cohort.errors import ConfigError, Problem
    from cohort.observation import assay_cv
    from cohort.rng import stream_key
    from cohort.trials.enrolment import spec_enrolment

    results = read_results(results_dir)
    continuous, _ = available_outcomes(results.athletes)
    if outcome not in continuous:
        raise ConfigError([Problem("--outcome", "outcome", outcome, f"a recorded continuous outcome, one of {continuous}")])
    if len(results.arms) < 2:
        raise ConfigError([Problem(str(results_dir), "arms", results.arms, "an experiment with at least two arms")])
    enrolment = spec_enrolment(results.manifest)
    if cv is None:
        from cohort.observation import DEFAULT_ASSAY_CV, FALLBACK_ASSAY_CV

        cv = enrolment.cv(outcome) if enrolment is not None else assay_cv(outcome)
        if outcome not in DEFAULT_ASSAY_CV and (enrolment is None or outcome not in enrolment.assay_cv):
            log.warning("measurement CV of %s: no sourced value, using the unsourced fallback %.0f %% (set --cv)",
                        outcome, 100 * FALLBACK_ASSAY_CV)
    if dropout is None:
        dropout = enrolment.dropout if enrolment is not None else 0.0
    reference = results.reference
    rows = []
    for (point, arm), pool in pools_from_athletes(results.athletes, reference, outcome).items():
        sequence = np.random.SeedSequence([seed, stream_key(f"trial.emulation.{outcome}.{arm}.{analysis}"), point])
        for row in power_rows(pool, sizes, trials, sequence, cv=cv, analysis=analysis, alpha=alpha, dropout=dropout):
            rows.append({"point": point, "outcome": outcome, "arm": arm, "reference": reference, "analysis": analysis,
                         **row, "cv": cv, "dropout": dropout, "alpha": alpha})
    return pd.DataFrame(rows, columns=POWER_COLUMNS)
