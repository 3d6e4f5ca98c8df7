"""Analysis of a blocked run (``cohort.block_size``): its results are streaming aggregates
(``cohort_daily`` per sex x training status, ``histograms``), not per-athlete tables, so there
are no paired contrasts; the analysis draws the aggregates' figures and tables.

``analyze_blocked(out_dir)`` writes ``figures/group_trajectories``, ``figures/group_prevalence``
and ``figures/histograms`` (PNG and SVG). Everything here is a function of the written frames.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cohort.plots.groups import SEX_ORDER, STATUS_ORDER

#: the file only a blocked run writes
HISTOGRAMS = "histograms.parquet"


def is_blocked_run(folder: str | Path) -> bool:
    """True for the output directory of a blocked run (it has ``histograms.parquet``)."""
    return (Path(folder) / HISTOGRAMS).is_file()


@dataclass
class BlockedResults:
    """The frames and metadata of a blocked run's directory."""

    folder: Path
    cohort_daily: pd.DataFrame
    histograms: pd.DataFrame
    runs: pd.DataFrame
    manifest: dict[str, Any]
    config: dict[str, Any]  # config.resolved.yaml

    @property
    def name(self) -> str:
        return str(self.config.get("name") or self.folder.name)

    @property
    def variables(self) -> list[str]:
        """Recorded variables (not threshold flags), in recording order."""
        daily = self.cohort_daily
        return [str(v) for v in pd.unique(daily.loc[daily.statistic == "mean", "variable"])]

    @property
    def days(self) -> list[int]:
        return sorted(int(d) for d in pd.unique(self.cohort_daily.day))

    @property
    def experiment_view(self) -> dict[str, Any]:
        """The run's config shaped like ``experiment.resolved.yaml`` (one arm ``run``), for the
        mechanism table of :mod:`cohort.analysis.mechanisms`."""
        return {"name": self.name, "base": self.config, "arms": {"run": {}}, "reference": "run"}


def read_blocked(out_dir: str | Path) -> BlockedResults:
    """Read a blocked run's directory. OutputError if a file it needs is missing."""
    import yaml

    from cohort.errors import OutputError

    folder = Path(out_dir)
    needed = ("cohort_daily.parquet", HISTOGRAMS, "runs.parquet")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise OutputError(f"{folder}: no {', '.join(missing)} (not a finished blocked `cohort run` directory)")
    manifest_path, config_path = folder / "manifest.json", folder / "config.resolved.yaml"
    return BlockedResults(
        folder=folder,
        cohort_daily=pd.read_parquet(folder / "cohort_daily.parquet"),
        histograms=pd.read_parquet(folder / HISTOGRAMS),
        runs=pd.read_parquet(folder / "runs.parquet"),
        manifest=json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {},
        config=(yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}) if config_path.is_file() else {},
    )


def shown_variables(results: BlockedResults) -> list[str]:
    """Variables worth a figure row: the preferred outcomes first, at most six."""
    from cohort.analysis import figure_outcomes

    return figure_outcomes(results.variables, None)


def group_label(sex: str, status: str) -> str:
    return "whole cohort" if sex == "all" else f"{sex}, {status}"


def short_group_label(sex: str, status: str) -> str:
    """A narrow column header: ``F trained``."""
    return "whole cohort" if sex == "all" else f"{sex[0].upper()} {status}"


def _groups(daily: pd.DataFrame) -> list[tuple[str, str]]:
    present = set(zip(daily.sex, daily.training_status, strict=True))
    ordered = [(sex, status) for sex in SEX_ORDER for status in STATUS_ORDER if (sex, status) in present]
    return ordered + [("all", "all")]


def group_sizes(results: BlockedResults) -> pd.DataFrame:
    """Athletes per sex and training status (rows) and in the whole cohort."""
    daily = results.cohort_daily
    first = daily[(daily.statistic == "n") & (daily.day == daily.day.min())]
    sizes = first.groupby(["sex", "training_status"], observed=True)["value"].first()
    groups = _groups(daily)
    counts = [int(sizes.get((sex, status), 0)) for sex, status in groups]
    total = counts[-1]
    return pd.DataFrame({
        "group": [group_label(sex, status) for sex, status in groups], "athletes": counts,
        "share %": [100.0 * count / total if total else float("nan") for count in counts],
    })


def time_course_table(results: BlockedResults, variables: Sequence[str]) -> pd.DataFrame:
    """Per variable and group: mean and SD at the first and the last recording step, the end's
    outermost quantiles, and the change of the mean."""
    from cohort.labels import label
    from cohort.plots.groups import quantile_pair

    daily = results.cohort_daily
    first, last = min(results.days), max(results.days)
    chosen = daily[daily.variable.isin(variables) & daily.day.isin([first, last])]
    table = chosen.pivot_table(index=["variable", "sex", "training_status", "day"], columns="statistic", values="value", observed=True)
    pair = quantile_pair(list(table.columns))
    rows = []
    for variable in variables:
        for sex, status in _groups(daily):
            if (variable, sex, status, first) not in table.index or (variable, sex, status, last) not in table.index:
                continue
            start, end = table.loc[(variable, sex, status, first)], table.loc[(variable, sex, status, last)]
            row = {"variable": label(variable), "group": group_label(sex, status), "start mean": start["mean"], "start SD": start["sd"],
                   "end mean": end["mean"], "end SD": end["sd"]}
            if pair is not None:
                row.update({f"end {pair[0][1:]}th pct": end[pair[0]], f"end {pair[1][1:]}th pct": end[pair[1]]})
            row["change of mean"] = end["mean"] - start["mean"]
            rows.append(row)
    return pd.DataFrame(rows)


def prevalence_table(results: BlockedResults) -> pd.DataFrame:
    """Per threshold (crossed at some step): whole-cohort % at the start and the end, and each
    group's % at the end (columns ``F untrained`` ... ``M elite``); most prevalent at the end first."""
    from cohort.labels import label

    daily = results.cohort_daily
    frame = daily[daily.statistic == "prevalence"]
    if frame.empty:
        return pd.DataFrame()
    first, last = min(results.days), max(results.days)
    crossed = frame.groupby("variable", observed=True)["value"].max()
    thresholds = [str(v) for v in crossed.index[crossed > 0]]
    value = frame.set_index(["variable", "sex", "training_status", "day"])["value"]
    rows = []
    for threshold in thresholds:
        row = {"threshold": label(threshold), "cohort, start": 100 * value.get((threshold, "all", "all", first), float("nan")),
               "cohort, end": 100 * value.get((threshold, "all", "all", last), float("nan"))}
        for sex, status in _groups(daily)[:-1]:
            row[short_group_label(sex, status)] = 100 * value.get((threshold, sex, status, last), float("nan"))
        rows.append(row)
    return pd.DataFrame(rows).sort_values("cohort, end", ascending=False, kind="stable").reset_index(drop=True)


def analyze_blocked(out_dir: str | Path, *, days: Sequence[int] | None = None) -> dict[str, list[Path]]:
    """Draw a blocked run's figures into ``out_dir/figures`` (histograms at ``days``: recorded
    days, default first, middle and last); returns name -> paths written."""
    from cohort.errors import ConfigError, Problem
    from cohort.plots.groups import (
        chosen_days,
        group_prevalence,
        group_trajectories,
        histogram_panels,
    )
    from cohort.plots.style import save_figure

    results = read_blocked(out_dir)
    try:
        steps = chosen_days(results.days, days)
    except ValueError as exc:
        raise ConfigError([Problem("--days", "days", list(days or []), f"recorded days of {results.folder} ({exc})")]) from exc
    variables = shown_variables(results)
    target = results.folder / "figures"
    target.mkdir(exist_ok=True)
    figures = {
        "group_trajectories": group_trajectories(results.cohort_daily, variables),
        "group_prevalence": group_prevalence(results.cohort_daily),
        "histograms": histogram_panels(results.histograms, variables, steps),
    }
    return {name: save_figure(figure, target / name) for name, figure in figures.items()}
