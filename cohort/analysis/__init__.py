"""Analysis of experiment results: paired contrasts against the reference arm with bootstrap
intervals, standardised effects, responders, subgroups, and deficiency prevalence over time.

``analyze_experiment(out_dir)`` reads the consolidated Parquet files of an experiment (or of a
single ``cohort run``) and writes ``contrasts.parquet``/``contrasts.csv``, ``prevalence.parquet``
and ``figures/*.png|svg``. Everything here is a function of tidy frames; nothing simulates.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cohort.analysis.contrasts import (
    available_outcomes,
    contrast_table,
    paired_differences,
    select_outcomes,
    with_keys,
)
from cohort.analysis.prevalence import prevalence_over_time, summarise_prevalence

__all__ = [
    "AnalysisResult", "analyze_experiment", "contrast_table", "paired_differences", "prevalence_over_time",
    "read_results", "summarise_prevalence",
]

log = logging.getLogger(__name__)

#: outcomes shown first in figures when an experiment names none
PREFERRED_OUTCOMES = (
    "strength_1rm_kg", "vo2max_ml_kg_min", "fatigue", "mito_index", "vitd_25oh_nmol_l", "ferritin_ug_l",
    "hb_g_dl", "mg_serum_mmol_l", "ascorbate_plasma_umol_l", "readiness", "ck_u_l",
)
MAX_FIGURE_OUTCOMES = 6


@dataclass
class Results:
    """The frames and metadata of a results directory."""

    folder: Path
    athletes: pd.DataFrame
    cohort_daily: pd.DataFrame
    runs: pd.DataFrame | None
    draws: pd.DataFrame | None
    manifest: dict[str, Any]
    resolved: dict[str, Any]

    @property
    def arms(self) -> list[str]:
        order = list((self.resolved.get("arms") or {}).keys())
        present = [str(a) for a in pd.unique(with_keys(self.athletes).arm)]
        return [a for a in order if a in present] + [a for a in present if a not in order]

    @property
    def reference(self) -> str:
        experiment = self.manifest.get("experiment") or {}
        reference = experiment.get("reference") or self.resolved.get("reference")
        arms = self.arms
        return reference if reference in arms else arms[0]

    @property
    def factors(self) -> list[str]:
        """Sweep factors (dotted paths), in the experiment's order; empty without a sweep."""
        sweep = self.resolved.get("sweep") or {}
        return list((sweep.get("factors") or {}).keys())

    @property
    def point_labels(self) -> dict[int, str]:
        """point -> its factor values (``elemental_mg=60, schedule=daily``); empty without a sweep."""
        from cohort.analysis.points import point_labels

        return point_labels(self.runs, self.factors)

    @property
    def requested_outcomes(self) -> list[str] | None:
        experiment = self.manifest.get("experiment") or {}
        return experiment.get("outcomes") or self.resolved.get("outcomes") or None


def read_results(out_dir: str | Path, *, enrolled_only: bool = True) -> Results:
    """Read the frames of an experiment or run directory. OutputError if there are none.

    With an enrolment (``enrolment.parquet``, :mod:`cohort.trials.enrolment`) and
    ``enrolled_only``, the athletes and cohort_daily frames cover the enrolled athletes only.
    """
    import yaml

    from cohort.errors import OutputError
    from cohort.trials.enrolment import enrolled_view

    folder = Path(out_dir)
    athletes_path = folder / "athletes.parquet"
    if not athletes_path.is_file():
        raise OutputError(f"{folder}: no athletes.parquet (not a finished `cohort run` or `cohort experiment` directory)")
    optional = {}
    for name in ("cohort_daily", "runs", "draws"):
        path = folder / f"{name}.parquet"
        optional[name] = pd.read_parquet(path) if path.is_file() else None
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8")) if (folder / "manifest.json").is_file() else {}
    resolved_path = folder / "experiment.resolved.yaml"
    resolved = yaml.safe_load(resolved_path.read_text(encoding="utf-8")) if resolved_path.is_file() else {}
    daily = optional["cohort_daily"]
    athletes = pd.read_parquet(athletes_path)
    if enrolled_only:
        athletes, daily = enrolled_view(folder, athletes, daily, optional["runs"])
    return Results(
        folder=folder,
        athletes=athletes,
        cohort_daily=daily if daily is not None else pd.DataFrame(columns=["run_id", "day", "variable", "statistic", "value"]),
        runs=optional["runs"],
        draws=optional["draws"],
        manifest=manifest,
        resolved=resolved or {},
    )


@dataclass
class AnalysisResult:
    contrasts: pd.DataFrame
    prevalence: pd.DataFrame
    paired: pd.DataFrame
    figures: dict[str, list[Path]] = field(default_factory=dict)
    outcomes: list[str] = field(default_factory=list)
    reference: str = ""


def figure_outcomes(continuous: list[str], requested: list[str] | None) -> list[str]:
    """Outcomes worth a panel: the experiment's own, else preferred ones, at most six."""
    if requested:
        chosen = [name for name in requested if name in continuous]
    else:
        chosen = [name for name in PREFERRED_OUTCOMES if name in continuous]
        chosen += [name for name in continuous if name not in chosen]
    return chosen[:MAX_FIGURE_OUTCOMES]


def analyze_experiment(
    out_dir: str | Path,
    *,
    n_boot: int = 1000,
    seed: int = 20250101,
    figures: bool = True,
    responder_fraction: float = 0.2,
) -> AnalysisResult:
    """Analyse a results directory in place; returns the frames it wrote."""
    from cohort.outputs import write_parquet

    results = read_results(out_dir)
    folder = results.folder
    athletes = with_keys(results.athletes)
    reference = results.reference
    continuous, flags = select_outcomes(athletes, results.requested_outcomes)
    if not continuous and results.requested_outcomes:
        log.warning("none of the experiment's outcomes were recorded; analysing every recorded variable")
        continuous, flags = available_outcomes(athletes)
    outcomes = continuous + flags
    contrasts = contrast_table(athletes, reference, outcomes, n_boot=n_boot, seed=seed, responder_fraction=responder_fraction)
    if (folder / "crossover.csv").is_file():  # a crossover design's within-athlete estimates (cohort.trials.crossover)
        crossover = pd.read_csv(folder / "crossover.csv")
        if not crossover.empty:
            crossover = crossover.assign(subgroup_variable="all", subgroup_level="all")
            contrasts = pd.concat([contrasts, crossover], ignore_index=True) if not contrasts.empty else crossover
    prevalence = prevalence_over_time(results.cohort_daily)
    paired = paired_differences(athletes, reference, outcomes)
    write_parquet(contrasts, folder / "contrasts.parquet")
    temporary = folder / ".contrasts.csv.tmp"
    contrasts.to_csv(temporary, index=False)
    temporary.replace(folder / "contrasts.csv")
    write_parquet(prevalence, folder / "prevalence.parquet")
    analysis = AnalysisResult(contrasts, prevalence, paired, outcomes=outcomes, reference=reference)
    if figures:
        from cohort.analysis.mechanisms import strength_table
        from cohort.plots.figures import experiment_figures, save_figure

        shown = figure_outcomes(continuous, results.requested_outcomes)
        target = folder / "figures"
        target.mkdir(exist_ok=True)
        try:
            mechanisms = strength_table(results.resolved, results.arms, results.runs)
        except Exception as exc:  # the network is decoration; never fail an analysis for it
            log.warning("crosstalk network figure skipped: %s", exc)
            mechanisms = None
        for name, figure in experiment_figures(results, contrasts, prevalence, paired, shown, reference, mechanisms).items():
            analysis.figures[name] = save_figure(figure, target / name)
        if (folder / "flow.csv").is_file():  # an enrolled experiment (cohort.trials.flow)
            from cohort.trials.flow import flow_figure, read_flow

            analysis.figures["flow"] = save_figure(flow_figure(read_flow(folder)), target / "flow")
    return analysis
