"""Deficiency prevalence over time, per arm: the share of athletes beyond each clinical
threshold at every recording step (``cohort_daily`` rows with statistic ``prevalence``),
per replicate, and summarised across replicates (mean, min, max).
"""

from __future__ import annotations

import pandas as pd

from cohort.analysis.contrasts import with_keys

PREVALENCE_COLUMNS = ["point", "arm", "replicate", "day", "week", "variable", "value"]


def prevalence_over_time(cohort_daily: pd.DataFrame) -> pd.DataFrame:
    """Tidy prevalence: point, arm, replicate, day, week, variable (threshold name), value (share)."""
    frame = with_keys(cohort_daily)
    frame = frame[frame.statistic == "prevalence"]
    if frame.empty:
        return pd.DataFrame(columns=PREVALENCE_COLUMNS)
    out = frame.assign(week=frame.day / 7.0)[PREVALENCE_COLUMNS]
    return out.sort_values(["point", "variable", "arm", "replicate", "day"]).reset_index(drop=True)


def summarise_prevalence(prevalence: pd.DataFrame) -> pd.DataFrame:
    """Mean, min and max of the prevalence across replicates per point, arm, day and variable."""
    if prevalence.empty:
        return pd.DataFrame(columns=["point", "arm", "day", "week", "variable", "mean", "low", "high", "n_replicates"])
    grouped = prevalence.groupby(["point", "arm", "day", "week", "variable"], observed=True, sort=True)["value"]
    return grouped.agg(mean="mean", low="min", high="max", n_replicates="count").reset_index()
