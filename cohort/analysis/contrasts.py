"""Paired contrasts of every arm against the reference arm.

Under common random numbers athlete ``a`` of replicate ``r`` at sweep point ``p`` is the same
person in every arm, so the effect of a strategy on that athlete is the paired difference

    difference = outcome_end(arm) - outcome_end(reference)      joined on (point, replicate, athlete)

(baselines are identical, so this equals the difference of changes). For threshold flags
(e.g. ``vitd_deficient``) the outcome is the end-of-run flag as 0/1, so the mean difference is
a difference in prevalence.

Per (point, outcome, arm, subgroup) the table gives n, the arm and reference means, the mean
and median difference with bootstrap percentile intervals (athletes resampled within
replicate; :mod:`cohort.analysis.bootstrap`), the standardised mean difference (mean
difference / SD of the reference arm's change *in the whole cohort*: subgroups share the
whole cohort's standardiser, so their SMDs compare like their mean differences), and responder shares: athletes whose paired
difference exceeds a threshold, by default the smallest worthwhile change, 0.2 x the
between-athlete SD of the outcome at baseline (Hopkins 2004); for flags, any change of the
flag. ``responder_rate`` is the share beyond the threshold in the direction of the mean
effect; ``share_above`` and ``share_below`` give both directions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cohort.analysis.bootstrap import paired_summaries, stratified_indices
from cohort.analysis.subgroups import MIN_SUBGROUP_SIZE, subgroup_table
from cohort.rng import stream

log = logging.getLogger(__name__)

KEYS = ["point", "replicate", "athlete"]
SWC_FRACTION = 0.2
REFERENCES = ("hopkins2004_swc",)
CONTRAST_COLUMNS = [
    "point", "outcome", "kind", "arm", "reference", "subgroup_variable", "subgroup_level", "n", "n_replicates",
    "reference_mean", "arm_mean", "mean_diff", "mean_low", "mean_high", "median_diff", "median_low", "median_high",
    "reference_sd_change", "smd", "smd_low", "smd_high", "threshold", "share_above", "share_below", "responder_rate",
]


def with_keys(athletes: pd.DataFrame) -> pd.DataFrame:
    """Add ``point``/``replicate``/``arm`` columns with defaults when a frame lacks them."""
    frame = athletes
    for column, default in (("point", 0), ("replicate", 0), ("arm", "run")):
        if column not in frame.columns:
            frame = frame.assign(**{column: default})
    return frame


def available_outcomes(athletes: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(continuous outcomes, threshold flags) recorded in an athletes frame."""
    continuous, flags = [], []
    for column in athletes.columns:
        if not column.endswith("_end"):
            continue
        name = column[: -len("_end")]
        if f"{name}_baseline" not in athletes.columns:
            continue
        if athletes[column].dtype == bool:
            flags.append(name)
        elif pd.api.types.is_numeric_dtype(athletes[column]):
            continuous.append(name)
    return continuous, flags


def select_outcomes(athletes: pd.DataFrame, requested: Sequence[str] | None) -> tuple[list[str], list[str]]:
    """Requested outcomes that exist (missing ones are logged and skipped); all flags always."""
    continuous, flags = available_outcomes(athletes)
    if requested:
        missing = [name for name in requested if name not in continuous and name not in flags]
        for name in missing:
            log.warning("outcome %r is not in the results (not recorded or not in this model); skipped", name)
        continuous = [name for name in requested if name in continuous]
        flags = sorted(set(flags) | {name for name in requested if name in flags}, key=flags.index)
    return continuous, flags


@dataclass
class Paired:
    """Arrays aligned on the reference arm's (point, replicate, athlete) rows of one point."""

    point: int
    reference_rows: pd.DataFrame  # the reference arm's athletes rows (traits, baselines)
    outcomes: list[str]
    kinds: list[str]
    baseline: np.ndarray  # (N, K)
    reference_end: np.ndarray  # (N, K)
    reference_change: np.ndarray  # (N, K)
    arm_end: dict[str, np.ndarray]  # arm -> (N, K)

    def differences(self, arm: str) -> np.ndarray:
        return self.arm_end[arm] - self.reference_end


def _values(frame: pd.DataFrame, name: str, kind: str, when: str) -> np.ndarray:
    return frame[f"{name}_{when}"].to_numpy(dtype=np.float64)


def pair(athletes: pd.DataFrame, reference: str, continuous: list[str], flags: list[str]) -> list[Paired]:
    """Align every arm with the reference arm, per sweep point."""
    athletes = with_keys(athletes)
    outcomes = continuous + flags
    kinds = ["continuous"] * len(continuous) + ["flag"] * len(flags)
    out = []
    for point, at_point in athletes.groupby("point", sort=True):
        reference_rows = at_point[at_point.arm == reference].sort_values(KEYS).reset_index(drop=True)
        if reference_rows.empty:
            log.warning("point %s has no reference arm %r rows; skipped", point, reference)
            continue
        index = pd.MultiIndex.from_frame(reference_rows[KEYS])
        baseline = np.column_stack([_values(reference_rows, n, k, "baseline") for n, k in zip(outcomes, kinds, strict=True)]) if outcomes else np.zeros((len(reference_rows), 0))
        reference_end = np.column_stack([_values(reference_rows, n, k, "end") for n, k in zip(outcomes, kinds, strict=True)]) if outcomes else np.zeros((len(reference_rows), 0))
        arm_end = {}
        for arm, rows in at_point.groupby("arm", sort=False, observed=True):
            if arm == reference:
                continue
            aligned = rows.set_index(KEYS).reindex(index)
            if aligned[aligned.columns[0]].isna().any():
                log.warning("arm %r at point %s lacks some reference athletes; they are dropped from its contrasts", arm, point)
            arm_end[str(arm)] = np.column_stack([aligned[f"{n}_end"].to_numpy(dtype=np.float64) for n in outcomes]) if outcomes else np.zeros((len(index), 0))
        out.append(Paired(int(point), reference_rows, outcomes, kinds, baseline, reference_end, reference_end - baseline, arm_end))
    return out


def paired_differences(athletes: pd.DataFrame, reference: str, outcomes: Sequence[str] | None = None) -> pd.DataFrame:
    """Long frame of per-athlete paired differences: point, replicate, athlete, arm, outcome,
    kind, baseline, reference_value, value, difference."""
    continuous, flags = select_outcomes(with_keys(athletes), outcomes)
    pieces = []
    for paired in pair(athletes, reference, continuous, flags):
        rows = paired.reference_rows
        for arm, end in paired.arm_end.items():
            for k, name in enumerate(paired.outcomes):
                pieces.append(
                    pd.DataFrame(
                        {
                            "point": paired.point, "replicate": rows.replicate.to_numpy(), "athlete": rows.athlete.to_numpy(),
                            "arm": arm, "outcome": name, "kind": paired.kinds[k], "baseline": paired.baseline[:, k],
                            "reference_value": paired.reference_end[:, k], "value": end[:, k],
                            "difference": end[:, k] - paired.reference_end[:, k],
                        }
                    )
                )
    columns = ["point", "replicate", "athlete", "arm", "outcome", "kind", "baseline", "reference_value", "value", "difference"]
    return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=columns)


def responder_thresholds(paired: Paired, fraction: float = SWC_FRACTION) -> np.ndarray:
    """Per outcome: fraction x SD of the reference baseline (continuous), 0.5 for flags."""
    thresholds = np.empty(len(paired.outcomes))
    for k, kind in enumerate(paired.kinds):
        column = paired.baseline[:, k]
        column = column[np.isfinite(column)]
        thresholds[k] = 0.5 if kind == "flag" else (fraction * column.std(ddof=1) if column.size > 1 else 0.0)
    return thresholds


def contrast_table(
    athletes: pd.DataFrame,
    reference: str,
    outcomes: Sequence[str] | None = None,
    *,
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    subgroups: tuple[str, ...] | None = None,
    responder_fraction: float = SWC_FRACTION,
    subgroup_medians: bool = False,
) -> pd.DataFrame:
    """The contrasts table (see the module docstring); one row per point x outcome x arm x subgroup level.

    Median intervals are bootstrapped for the whole cohort, and for subgroups only when
    ``subgroup_medians`` (sorting every resample is the costly part); subgroup rows always
    carry the median point estimate. Subgroup rows are written only for outcomes the arm
    changed in at least one athlete (the others are exactly zero in every subgroup).
    """
    continuous, flags = select_outcomes(with_keys(athletes), outcomes)
    rows = []
    for paired in pair(athletes, reference, continuous, flags):
        thresholds = responder_thresholds(paired, responder_fraction)
        groups = subgroup_table(paired.reference_rows, subgroups)
        # subgroup rows only for outcomes the arm changed at all (the others are zero everywhere)
        moved = {arm: np.flatnonzero(np.nanmax(np.abs(paired.differences(arm)), axis=0, initial=0.0) > 0) for arm in paired.arm_end}
        replicate = paired.reference_rows.replicate.to_numpy()
        # one standardiser per outcome for the whole cohort and every subgroup
        with np.errstate(invalid="ignore"):
            whole_sd = np.array([np.nanstd(paired.reference_change[:, k], ddof=1) if np.isfinite(paired.reference_change[:, k]).sum() > 1 else np.nan
                                 for k in range(len(paired.outcomes))])
        for (variable, level), members in groups.groupby(["subgroup_variable", "subgroup_level"], sort=False):
            positions = members.row.to_numpy()
            if positions.size < MIN_SUBGROUP_SIZE:
                continue
            for arm, end in paired.arm_end.items():
                columns = np.arange(len(paired.outcomes)) if variable == "all" else moved[arm]
                if columns.size == 0:
                    continue
                differences = end[positions][:, columns] - paired.reference_end[positions][:, columns]
                keep = np.isfinite(differences).all(axis=1)
                if not keep.any():
                    continue
                strata = replicate[positions][keep]
                rng = stream(seed, f"bootstrap.{paired.point}.{arm}.{variable}.{level}")
                indices = stratified_indices(strata, n_boot, rng)
                summaries = paired_summaries(
                    differences[keep], paired.reference_change[positions][keep][:, columns], indices, confidence,
                    medians=variable == "all" or subgroup_medians,
                    standardiser=None if variable == "all" else whole_sd[columns],
                )
                reference_mean = paired.reference_end[positions][keep][:, columns].mean(axis=0)
                arm_mean = end[positions][keep][:, columns].mean(axis=0)
                above = (differences[keep] > thresholds[columns]).mean(axis=0)
                below = (differences[keep] < -thresholds[columns]).mean(axis=0)
                for k, column in enumerate(columns):
                    name = paired.outcomes[column]
                    summary = {key: float(values[k]) for key, values in summaries.items()}
                    rows.append(
                        {
                            "point": paired.point, "outcome": name, "kind": paired.kinds[column], "arm": arm, "reference": reference,
                            "subgroup_variable": variable, "subgroup_level": level, "n": int(keep.sum()),
                            "n_replicates": int(np.unique(strata).size),
                            "reference_mean": float(reference_mean[k]), "arm_mean": float(arm_mean[k]),
                            **summary, "threshold": float(thresholds[column]), "share_above": float(above[k]),
                            "share_below": float(below[k]),
                            "responder_rate": float(above[k] if summary["mean_diff"] >= 0 else below[k]),
                        }
                    )
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=CONTRAST_COLUMNS)
    return table[[c for c in CONTRAST_COLUMNS if c in table.columns]]
