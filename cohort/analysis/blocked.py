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
    """The frames and metadata of a blocked run's directory, or of an experiment's arms over a
    blocked cohort (:mod:`cohort.experiment.blocked`): then ``cohort_daily`` and ``histograms``
    are the reference arm's, ``arms_daily`` every arm's, ``differences`` the paired differences."""

    folder: Path
    cohort_daily: pd.DataFrame
    histograms: pd.DataFrame
    runs: pd.DataFrame
    manifest: dict[str, Any]
    config: dict[str, Any]  # config.resolved.yaml (the reference arm's)
    experiment: dict[str, Any]  # experiment.resolved.yaml, empty for a run
    arms_daily: pd.DataFrame
    differences: pd.DataFrame

    @property
    def arms(self) -> list[str]:
        return [str(a) for a in self.runs["arm"]] if "arm" in self.runs.columns else ["run"]

    @property
    def reference(self) -> str:
        return reference_arm(self.runs) if "reference" in self.runs.columns else self.arms[0]

    @property
    def name(self) -> str:
        return str(self.experiment.get("name") or self.config.get("name") or self.folder.name)

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
        """``experiment.resolved.yaml``, or a run's config shaped like it (one arm ``run``), for
        the mechanism table of :mod:`cohort.analysis.mechanisms`."""
        if self.experiment:
            return self.experiment
        return {"name": self.name, "base": self.config, "arms": {"run": {}}, "reference": "run"}


def reference_arm(runs: pd.DataFrame) -> str:
    """The reference arm of an experiment's ``runs`` table over a blocked cohort."""
    return str(runs.loc[runs["reference"].astype(bool), "arm"].iloc[0])


def read_blocked(out_dir: str | Path) -> BlockedResults:
    """Read a blocked run's directory. OutputError if a file it needs is missing."""
    import yaml

    from cohort.errors import OutputError

    folder = Path(out_dir)
    needed = ("cohort_daily.parquet", HISTOGRAMS, "runs.parquet")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise OutputError(f"{folder}: no {', '.join(missing)} (not a finished blocked `cohort run` directory)")
    def document(name: str) -> dict[str, Any]:
        path = folder / name
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}

    manifest_path, differences_path = folder / "manifest.json", folder / "differences.parquet"
    daily, histograms = pd.read_parquet(folder / "cohort_daily.parquet"), pd.read_parquet(folder / HISTOGRAMS)
    runs = pd.read_parquet(folder / "runs.parquet")
    if "arm" in daily.columns:  # arms: the single-run views show the reference arm
        reference = reference_arm(runs)
        arms_daily, daily, histograms = daily, daily[daily.arm == reference], histograms[histograms.arm == reference]
    else:
        arms_daily = daily.assign(arm="run")
    return BlockedResults(
        folder=folder, cohort_daily=daily, histograms=histograms, runs=runs,
        manifest=json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {},
        config=document("config.resolved.yaml"), experiment=document("experiment.resolved.yaml"), arms_daily=arms_daily,
        differences=pd.read_parquet(differences_path) if differences_path.is_file() else pd.DataFrame(),
    )


def shown_variables(results: BlockedResults) -> list[str]:
    """Variables worth a figure row: the experiment's outcomes, else the preferred ones first, at
    most six."""
    from cohort.analysis import figure_outcomes

    return figure_outcomes(results.variables, results.experiment.get("outcomes") or None)


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


def difference_table(results: BlockedResults, variables: Sequence[str]) -> pd.DataFrame:
    """Per arm (other than the reference), variable and group at the last recording step: the
    paired differences arm - reference per athlete: n, mean, SD, outermost quantiles."""
    from cohort.labels import label
    from cohort.plots.groups import quantile_pair

    frame = results.differences
    if frame.empty:
        return pd.DataFrame()
    last = frame[(frame.day == frame.day.max()) & frame.variable.isin(variables)]
    table = last.pivot_table(index=["arm", "variable", "sex", "training_status"], columns="statistic", values="value", observed=True)
    pair = quantile_pair(list(table.columns))
    rows = []
    for arm in results.arms:
        for variable in variables:
            for sex, status in _groups(last):
                if (arm, variable, sex, status) not in table.index:
                    continue
                one = table.loc[(arm, variable, sex, status)]
                row = {"arm": arm, "variable": label(variable), "group": group_label(sex, status), "n": one["n"],
                       "mean difference": one["mean"], "SD of differences": one["sd"]}
                if pair is not None:
                    row.update({f"{pair[0][1:]}th pct": one[pair[0]], f"{pair[1][1:]}th pct": one[pair[1]]})
                rows.append(row)
    return pd.DataFrame(rows)


def prevalence_difference_table(results: BlockedResults) -> pd.DataFrame:
    """Per arm and threshold whose prevalence differs between the arms at some step: whole-cohort
    prevalence difference arm - reference at the last step, percentage points; largest first."""
    from cohort.labels import label

    frame = results.differences
    if frame.empty:
        return pd.DataFrame()
    rows = frame[(frame.statistic == "prevalence") & (frame.sex == "all") & (frame.day == frame.day.max())]
    every = frame[(frame.statistic == "prevalence") & (frame.sex == "all")]
    moved = every.groupby("variable", observed=True)["value"].apply(lambda v: bool((v.abs() > 0).any()))
    rows = rows[rows.variable.isin(moved.index[moved])]
    out = pd.DataFrame({"arm": rows.arm, "threshold": [label(v) for v in rows.variable], "difference (points)": 100 * rows.value})
    return out.reindex(out["difference (points)"].abs().sort_values(ascending=False, kind="stable").index).reset_index(drop=True)


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
    if len(results.arms) > 1:
        from cohort.plots.groups import arm_differences
        from cohort.plots.time import prevalence_plot, trajectories

        whole = results.arms_daily[results.arms_daily.sex == "all"]
        prevalence = whole[whole.statistic == "prevalence"]
        figures["arm_trajectories"] = trajectories(whole, variables, arms=results.arms, reference=results.reference)
        figures["arm_differences"] = arm_differences(results.differences, variables, results.reference)
        figures["arm_prevalence"] = prevalence_plot(prevalence, arms=results.arms, reference=results.reference)
    return {name: save_figure(figure, target / name) for name, figure in figures.items()}
