"""Lazy reads of a results directory (``cohort run`` or ``cohort experiment``) for the explorer.

Parquet files are opened as ``pyarrow.dataset`` datasets and read with column projection and
row filters (``point``, ``arm``), so a sweep with millions of athlete rows only reads the one
outcome column, or the rows of one point, that a view needs. Per-run outcomes, point values
and indices come from :mod:`cohort.sensitivity.indices`; subgroups from
:mod:`cohort.analysis.subgroups`; nothing is recomputed here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.dataset as ds

from cohort.errors import ConfigError, Problem

STATISTICS = ("change", "end", "baseline")
#: bins per continuous factor in a response surface (a factor with fewer values keeps them)
SURFACE_BINS = 6


class ResultsBrowser:
    """Metadata at once; frames on demand, cached per request (outcome, statistic, arm, point)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        manifest_path = self.folder / "manifest.json"
        if not manifest_path.is_file() or not (self.folder / "athletes.parquet").is_file():
            raise ConfigError([Problem(str(self.folder), "results", str(self.folder), "a results directory with manifest.json and athletes.parquet")])
        self.manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        self.athletes = ds.dataset(self.folder / "athletes.parquet", format="parquet")
        daily = self.folder / "cohort_daily.parquet"
        self.cohort_daily = ds.dataset(daily, format="parquet") if daily.is_file() else None
        from cohort.analysis.contrasts import with_keys

        runs = self.folder / "runs.parquet"
        # a single run's runs.parquet has no point/arm/replicate: the analysis defaults fill them
        self.runs = with_keys(pd.read_parquet(runs) if runs.is_file() else pd.DataFrame({"run_id": ["run-0"]}))
        self.sweep = None
        if self.manifest.get("kind") == "experiment" and (self.folder / "design.parquet").is_file():
            from cohort.sensitivity.indices import load_results

            self.sweep = load_results(self.folder)
        self._cache: dict[tuple[Any, ...], Any] = {}

    # -- metadata -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        experiment = self.manifest.get("experiment") or {}
        return str(experiment.get("name") or self.manifest.get("config_name") or self.folder.name)

    @property
    def arms(self) -> list[str]:
        return [str(a) for a in pd.unique(self.runs["arm"])]

    @property
    def reference(self) -> str:
        experiment = self.manifest.get("experiment") or {}
        reference = experiment.get("reference")
        return str(reference) if reference in self.arms else self.arms[0]

    @property
    def factors(self) -> list[str]:
        return self.sweep.factors if self.sweep is not None else []

    @property
    def numeric_factors(self) -> list[str]:
        return [f for f in self.factors if pd.api.types.is_numeric_dtype(self.runs[f])]

    @property
    def n_points(self) -> int:
        return int(self.runs["point"].max()) + 1

    @property
    def outcomes(self) -> list[str]:
        """Recorded variables (those with a ``_change`` column), requested outcomes first."""
        names = [c[: -len("_change")] for c in self.athletes.schema.names if c.endswith("_change")]
        requested = [o for o in (self.manifest.get("experiment") or {}).get("outcomes") or [] if o in names]
        return requested + [n for n in names if n not in requested]

    def point_factors(self, point: int) -> dict[str, Any]:
        row = self.runs[self.runs.point == point].iloc[0]
        return {factor: row[factor] for factor in self.factors}

    # -- per run and per point --------------------------------------------------------------
    def run_outcomes(self, outcome: str, statistic: str = "change") -> pd.DataFrame:
        """Cohort mean of one outcome per run (reads one athlete column)."""
        key = ("runs", outcome, statistic)
        if key not in self._cache:
            if self.sweep is not None:
                from cohort.sensitivity.indices import run_outcomes

                self._cache[key] = run_outcomes(self.sweep, [outcome], statistic)
            else:
                column = f"{outcome}_{statistic}"
                table = self.athletes.to_table(columns=["run_id", column]).to_pandas()
                means = table.groupby("run_id", sort=False)[column].mean()
                self._cache[key] = self.runs.assign(**{outcome: self.runs.run_id.map(means).astype(float)})
        return self._cache[key]

    def points(self, outcome: str, arm: str, *, paired: bool = False, statistic: str = "change") -> pd.DataFrame:
        """Per point: replicate mean/var/n of ``arm`` (or of the paired ``arm - reference``)
        with the point's factor values (:func:`cohort.sensitivity.indices.point_values`)."""
        from cohort.sensitivity.indices import point_values

        key = ("points", outcome, arm, paired, statistic)
        if key not in self._cache:
            per_run = self.run_outcomes(outcome, statistic)
            values = point_values(per_run, outcome, arm, self.reference if paired else None)
            factors = self.runs.drop_duplicates("point").set_index("point").sort_index()[self.factors]
            self._cache[key] = values.join(factors).reset_index()
        return self._cache[key]

    def indices(self, outcome: str, arm: str, *, paired: bool = False, statistic: str = "change") -> pd.DataFrame:
        """Sensitivity indices of the point means by the sweep's design (empty without a sweep)."""
        if self.sweep is None:
            return pd.DataFrame(columns=["factor", "index", "value", "conf", "method"])
        from cohort.sensitivity.indices import indices_for

        key = ("indices", outcome, arm, paired, statistic)
        if key not in self._cache:
            points = self.points(outcome, arm, paired=paired, statistic=statistic).set_index("point")
            self._cache[key] = indices_for(self.sweep, points)
        return self._cache[key]

    def arm_table(self, outcome: str, point: int = 0, statistic: str = "change") -> pd.DataFrame:
        """Per arm at one point: mean over replicates of the cohort-mean outcome, and its spread."""
        per_run = self.run_outcomes(outcome, statistic)
        rows = per_run[per_run.point == point]
        return rows.groupby("arm", sort=False)[outcome].agg(["mean", "std", "count"]).reset_index()

    # -- rows of one point ------------------------------------------------------------------
    def athletes_at(self, point: int, columns: list[str], arm: str | None = None) -> pd.DataFrame:
        """Athlete rows of one point (and arm) with only ``columns`` (+ labels) read."""
        names = set(self.athletes.schema.names)
        wanted = [c for c in dict.fromkeys(["run_id", "arm", "replicate", *columns]) if c in names]
        condition = None
        if "point" in names:
            condition = ds.field("point") == point
        if arm is not None and "arm" in names:
            by_arm = ds.field("arm") == arm
            condition = by_arm if condition is None else condition & by_arm
        return self.athletes.to_table(columns=wanted, filter=condition).to_pandas()

    def subgroups(self, outcome: str, point: int, arm: str, statistic: str = "change") -> pd.DataFrame:
        """Mean outcome and athlete count per subgroup level (sex, sport, diet, training status,
        baseline deficiencies) at one point and arm (memberships: :func:`subgroup_table`)."""
        from cohort.analysis.subgroups import TRAIT_SUBGROUPS, subgroup_table

        flags = [c for c in self.athletes.schema.names if c.endswith("_baseline") and pd.api.types.is_bool_dtype(self.athletes.schema.field(c).type.to_pandas_dtype())]
        column = f"{outcome}_{statistic}"
        frame = self.athletes_at(point, [column, *TRAIT_SUBGROUPS, *flags], arm)
        membership = subgroup_table(frame)
        values = frame[column].to_numpy()[membership["row"].to_numpy()]
        table = membership.assign(value=values).groupby(["subgroup_variable", "subgroup_level"], sort=False)["value"]
        return table.agg(mean="mean", n="count").reset_index()

    def daily_at(self, point: int) -> pd.DataFrame:
        """``cohort_daily`` rows of one point (all arms and replicates)."""
        if self.cohort_daily is None:
            return pd.DataFrame(columns=["run_id", "day", "variable", "statistic", "value"])
        names = set(self.cohort_daily.schema.names)
        condition = ds.field("point") == point if "point" in names else None
        return self.cohort_daily.to_table(filter=condition).to_pandas()


def binned(points: pd.DataFrame, factor: str, bins: int = SURFACE_BINS) -> pd.Series:
    """A factor's values for a response surface: as they are when there are few, else the
    midpoints of equal-count bins (a display choice; the points themselves are unchanged)."""
    values = points[factor]
    if values.nunique() <= bins or not pd.api.types.is_numeric_dtype(values):
        return values
    codes = pd.qcut(values, bins, duplicates="drop")
    return codes.map(lambda interval: float(np.round(interval.mid, 3))).astype(float)


@lru_cache(maxsize=4)
def open_results(folder: str) -> ResultsBrowser:
    """One browser per folder per process (the page reuses it across sessions)."""
    return ResultsBrowser(folder)
