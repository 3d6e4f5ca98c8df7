"""Calibration outputs, written atomically into one directory:

``posterior.parquet``    one column per free parameter; rows are posterior draws (or the
                         optimum alone when no posterior was sampled)
``calibration.json``     spec, method settings, seeds, priors, point estimate, summaries and
                         diagnostics (acceptance, autocorrelation, ESS, predictive coverage)
``predictive.parquet``   per athlete, variable and day: median true value and 90 % band of a
                         measurement under the posterior (parameters x assay error)
``observed.parquet``     the observations with their predictive interval
``figures/``             posterior predictive per variable, marginals and pairs, per-athlete forest
``report.html``          the above on one page
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cohort.calibration.run import CalibrationResult
from cohort.outputs import atomic_directory, write_json, write_parquet

#: athletes drawn per predictive figure (the first ones by label order)
MAX_PANELS = 20


def summary(draws: pd.DataFrame) -> dict[str, dict[str, float]]:
    out = {}
    for column in draws.columns:
        values = draws[column].to_numpy()
        q05, q50, q95 = np.percentile(values, [5, 50, 95])
        out[column] = {"mean": float(values.mean()), "sd": float(values.std()), "q05": float(q05), "median": float(q50), "q95": float(q95)}
    return out


def calibration_record(result: CalibrationResult, spec_path: str) -> dict[str, Any]:
    from cohort import __version__

    calibration = result.calibration
    point = result.point
    return {
        "cohort_version": __version__,
        "spec_file": str(Path(spec_path).resolve()),
        "name": calibration.spec.name,
        "data_file": str(calibration.data_path),
        "spec": calibration.spec.model_dump(mode="json"),
        "simulation_seed": calibration.base_config.seed,
        "common_random_numbers": "every candidate simulated with simulation_seed",
        "likelihood": "log-normal assay error of cohort.observation, CV per variable below",
        "assay_cv": {v: float(result.observations.cv[result.observations.variable == v][0]) for v in sorted(set(result.observations.variable))},
        "priors": [
            {"parameter": p.path, "low": p.low, "high": p.high, "distribution": "loguniform" if p.log else "uniform",
             "per_athlete": p.per_athlete, "pooling": "partial" if p.pooled else "none"}
            for p in calibration.priors
        ],
        "athletes": {label: int(row) for label, row in zip(result.observations.labels_of(result.observations.athletes), result.observations.athletes, strict=True)},
        "n_observations": len(result.observations),
        "method": {
            "optimize": point.diagnostics if point else None,
            "posterior": result.chain.diagnostics if result.chain else None,
        },
        "point_estimate": (
            {"log_posterior": point.log_posterior, "values": result.point_values} if point else None
        ),
        "posterior_summary": summary(result.draws),
        "diagnostics": result.info,
    }


def write_outputs(result: CalibrationResult, out: Path, overwrite: bool, spec_path: str) -> None:
    with atomic_directory(out, overwrite) as folder:
        write_parquet(result.draws, folder / "posterior.parquet")
        write_parquet(result.predictive, folder / "predictive.parquet")
        write_parquet(result.observed, folder / "observed.parquet")
        record = calibration_record(result, spec_path)
        write_json(record, folder / "calibration.json")
        (folder / "figures").mkdir()
        figures = predictive_figures(result, folder / "figures")
        figures += parameter_figures(result, folder / "figures")
        (folder / "report.html").write_text(report_html(result, record, figures), encoding="utf-8")


def predictive_figures(result: CalibrationResult, folder: Path) -> list[str]:
    names = []
    labels = sorted(set(result.observed.athlete), key=_natural)[:MAX_PANELS]
    for variable, band in result.predictive.groupby("variable"):
        cols = min(5, len(labels))
        rows = math.ceil(len(labels) / cols)
        figure = Figure(figsize=(2.6 * cols, 2.1 * rows), layout="constrained")
        axes = figure.subplots(rows, cols, sharex=True, squeeze=False)
        for ax, label in zip(axes.flat, labels, strict=False):
            mine = band[band.athlete == label].sort_values("day")
            ax.fill_between(mine.day, mine.measured_low_90, mine.measured_high_90, color="tab:blue", alpha=0.25, lw=0)
            ax.plot(mine.day, mine.true_median, color="tab:blue", lw=1.2)
            seen = result.observed[(result.observed.athlete == label) & (result.observed.variable == variable)]
            ax.plot(seen.day, seen.value, "o", color="black", ms=3.5)
            ax.set_title(f"athlete {label}", fontsize=8)
            ax.tick_params(labelsize=7)
        for ax in axes.flat[len(labels):]:
            ax.set_visible(False)
        figure.supxlabel("study day", fontsize=9)
        figure.supylabel(str(variable), fontsize=9)
        figure.suptitle(f"{variable}: data (dots), posterior median (line), 90 % predictive band of a measurement", fontsize=9)
        name = f"predictive_{variable}.png"
        figure.savefig(folder / name, dpi=110)
        names.append(name)
    return names


def parameter_figures(result: CalibrationResult, folder: Path) -> list[str]:
    names = []
    draws = result.draws
    population = [p.path for p in result.calibration.priors if not p.per_athlete]
    individual = [p for p in result.calibration.priors if p.per_athlete]
    shown = population + [c for p in individual for c in draws.columns if c.startswith(p.path + "[")][: max(0, 4 - len(population))]
    if shown:
        k = len(shown)
        figure = Figure(figsize=(2.4 * k + 0.6, 2.4 * k), layout="constrained")
        axes = figure.subplots(k, k, squeeze=False)
        for i, row_name in enumerate(shown):
            for j, col_name in enumerate(shown):
                ax = axes[i, j]
                if j > i:
                    ax.set_visible(False)
                elif i == j:
                    ax.hist(draws[col_name], bins=30, color="tab:blue", alpha=0.7)
                    ax.set_yticks([])
                else:
                    ax.plot(draws[col_name], draws[row_name], ".", ms=1.5, alpha=0.4, color="tab:blue")
                if i == k - 1:
                    ax.set_xlabel(_short(col_name), fontsize=7)
                if j == 0 and i > 0:
                    ax.set_ylabel(_short(row_name), fontsize=7)
                ax.tick_params(labelsize=6)
        figure.suptitle("posterior marginals and pairs", fontsize=9)
        figure.savefig(folder / "pairs.png", dpi=110)
        names.append("pairs.png")
    for prior in individual:
        columns = [c for c in draws.columns if c.startswith(prior.path + "[")]
        figure = Figure(figsize=(5.5, 0.28 * len(columns) + 1.2), layout="constrained")
        ax = figure.subplots()
        q05, q50, q95 = (draws[columns].quantile(q).to_numpy() for q in (0.05, 0.5, 0.95))
        y = np.arange(len(columns))
        ax.hlines(y, q05, q95, color="tab:blue")
        ax.plot(q50, y, "o", color="tab:blue", ms=4)
        ax.set_yticks(y, [c[len(prior.path) + 1:-1] for c in columns], fontsize=7)
        ax.axvspan(prior.low, prior.high, color="grey", alpha=0.08)
        ax.set_xlim(prior.low, prior.high)
        ax.set_xlabel(f"{prior.path} (prior range shaded)", fontsize=8)
        ax.set_ylabel("athlete", fontsize=8)
        name = f"athletes_{prior.path.split('.')[-1]}.png"
        figure.savefig(folder / name, dpi=110)
        names.append(name)
    return names


def report_html(result: CalibrationResult, record: dict[str, Any], figures: list[str]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{s['median']:.4g}</td><td>{s['q05']:.4g}</td><td>{s['q95']:.4g}</td><td>{s['sd']:.3g}</td></tr>"
        for name, s in record["posterior_summary"].items()
    )
    images = "".join(f'<figure><img src="figures/{html.escape(f)}" style="max-width:100%"><figcaption>{html.escape(f)}</figcaption></figure>' for f in figures)
    diagnostics = html.escape(str(record["method"])) + "<br>" + html.escape(str(record["diagnostics"]))
    kind = "posterior draws" if result.chain is not None else "optimum (no posterior sampled)"
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(record['name'])}: calibration</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 8px;text-align:right}}td:first-child{{text-align:left}}</style></head><body>
<h1>{html.escape(record['name'])}: calibration</h1>
<p>{record['n_observations']} observations of {len(record['athletes'])} athletes; data {html.escape(record['data_file'])};
simulation seed {record['simulation_seed']} (common random numbers). Summaries from {len(result.draws)} {kind}.
Observations inside their 90 % posterior predictive interval: {100 * result.info['observations_in_90pct_predictive_interval']:.0f} %.</p>
<table><tr><th>parameter</th><th>median</th><th>5 %</th><th>95 %</th><th>sd</th></tr>{rows}</table>
<h2>Diagnostics</h2><p style="font-size:smaller">{diagnostics}</p>
<h2>Figures</h2>{images}
</body></html>
"""


def _short(name: str) -> str:
    return name.split(".", 2)[-1]


def _natural(label: str) -> tuple[int, Any]:
    return (0, int(label)) if label.isdigit() else (1, label)
