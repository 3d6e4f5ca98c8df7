"""Subgroups for contrast breakdowns: the whole cohort, sex, sport, diet, training status, and
baseline status (every clinical threshold flag at baseline, e.g. vitamin D deficient or not).

Membership is read from the reference arm's rows; traits and baselines are identical across
arms under common random numbers, so the same athletes form a subgroup in every arm.
"""

from __future__ import annotations

import pandas as pd

#: trait column -> subgroup variable name
TRAIT_SUBGROUPS = {"sex": "sex", "sport": "sport", "diet_pattern": "diet", "training_status": "training_status"}
#: levels smaller than this (athletes x replicates) are skipped
MIN_SUBGROUP_SIZE = 10
#: baseline-status subgroups need at least this share of athletes on each side of the threshold
MIN_BASELINE_SHARE = 0.05


def baseline_flags(frame: pd.DataFrame) -> list[str]:
    """Threshold flags present at baseline (``<flag>_baseline`` boolean columns)."""
    return [column[: -len("_baseline")] for column in frame.columns if column.endswith("_baseline") and frame[column].dtype == bool]


def subgroup_table(frame: pd.DataFrame, traits: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Long table (row index of ``frame``, subgroup_variable, subgroup_level) of memberships.

    Includes ``all`` and, per trait and baseline flag, one level per value.
    """
    pieces = [pd.DataFrame({"row": frame.index, "subgroup_variable": "all", "subgroup_level": "all"})]
    for column, name in TRAIT_SUBGROUPS.items():
        if traits is not None and name not in traits:
            continue
        if column in frame.columns:
            pieces.append(pd.DataFrame({"row": frame.index, "subgroup_variable": name, "subgroup_level": frame[column].astype(str).to_numpy()}))
    for flag in baseline_flags(frame):
        if traits is not None and "baseline" not in traits:
            continue
        share = float(frame[f"{flag}_baseline"].mean()) if len(frame) else 0.0
        if min(share, 1.0 - share) < MIN_BASELINE_SHARE:
            continue  # (almost) everyone on one side: no subgroup contrast to make
        level = frame[f"{flag}_baseline"].map({True: "yes", False: "no"}).to_numpy()
        pieces.append(pd.DataFrame({"row": frame.index, "subgroup_variable": f"baseline {flag}", "subgroup_level": level}))
    return pd.concat(pieces, ignore_index=True)
