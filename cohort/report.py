"""The HTML report of an experiment (or run) directory: ``report.html``, one self-contained file.

Sections: the hypothesis and design; a warning when mechanisms labelled ``hypothesis`` (or
``contradicted``) were switched on or varied in any arm; the figures (embedded PNG); the
contrasts of the whole cohort and the largest subgroup effects; deficiency prevalence at
the end; blood draws (when the study made any); every mechanism in effect with its
evidence label, per arm; failures; and the resolved configuration.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

FIGURE_ORDER = ("flow", "forest", "effects", "trajectories", "endpoints", "waterfall", "prevalence", "subgroups", "network")
FIGURE_CAPTIONS = {
    "flow": "Participant flow (CONSORT-style, counts from flow.csv): screened at the screening visit through the observation "
    "layer, excluded by the first criterion failed, enrolled; every enrolled athlete is simulated in every arm (CRN), "
    "completed after dropout, adherent = adherence probability at or above the enrolment's threshold. "
    "Analyses, figures and tables below cover the enrolled athletes only.",
    "forest": "Effect of each arm against the reference (95 % bootstrap intervals; athletes resampled within replicate). "
    "Continuous outcomes as standardised mean differences (symmetric-log axis when one effect dwarfs the others; "
    "values next to the dots); threshold flags as prevalence differences. The intervals are narrow because the "
    "effects are paired in silico: the same simulated athletes with and without the strategy (common random numbers), "
    "so they show how precisely the simulation pins down the model's mean effect, not the uncertainty of a trial, "
    "which compares different people and would show far wider intervals.",
    "effects": "Mean paired difference against the reference in each outcome's own unit (95 % bootstrap intervals "
    "of paired in-silico effects, see above).",
    "trajectories": "Cohort mean per arm over time; band: 10th-90th percentile of athletes.",
    "endpoints": "Change from baseline to the end of the run, all athletes and replicates, per arm.",
    "waterfall": "Per-athlete paired difference against the reference, sorted; dashed: smallest worthwhile change (0.2 x baseline SD).",
    "prevalence": "Share of athletes beyond each clinical threshold over time (band: range across replicates).",
    "subgroups": "Standardised mean difference by subgroup (n: athletes x replicates) for the outcomes each arm moved, "
    "with 95 % bootstrap intervals; every subgroup is standardised by the whole cohort's SD of the reference arm's "
    "change, so a dot right of the dashed whole-cohort line means a larger mean effect in that subgroup.",
    "network": "Crosstalk mechanisms of the model (arrows: facilitation; bars: inhibition; line style: evidence; faded: off in every arm).",
    "group_trajectories": "Mean over time per sex (colour) and training status (column), every athlete of the cohort; "
    "band: mean ± SD (population SD, exact); dotted: the outermost recorded percentiles, read from the merged "
    "histograms (approximate to one bin width; missing where they fall outside the bins' range).",
    "group_prevalence": "Share of athletes beyond each clinical threshold over time, exact counts: whole cohort (thick grey) "
    "and per group (colour: training status; line style: female solid, male dashed); the most prevalent thresholds first.",
    "arm_differences": "Paired difference arm - reference over time, every athlete of the cohort: mean of the "
    "per-athlete differences (same athletes and random streams in every arm, block by block), band: mean ± SD of "
    "those differences (exact), dotted: their outermost recorded percentiles (from histograms, approximate).",
    "arm_trajectories": "Whole-cohort mean per arm over time; band: the outermost recorded percentiles of athletes.",
    "arm_prevalence": "Whole-cohort share of athletes beyond each clinical threshold over time, per arm (exact counts).",
    "histograms": "Distribution of each variable across the whole cohort at the chosen recording steps: share of athletes "
    "per histogram bin (bins span block 0's recorded range widened by a quarter each side; athletes outside it are "
    "counted in the legend); x axis: 0.1st to 99.9th percentile of the steps pooled.",
}
#: figures of a blocked run's report, in order (the arm figures for arms over a blocked cohort)
BLOCKED_FIGURE_ORDER = ("group_trajectories", "group_prevalence", "histograms")
ARM_FIGURE_ORDER = ("arm_differences", "arm_trajectories", "arm_prevalence")

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
.table-wrap{overflow-x:auto;max-width:100%;margin:.6em 0}.table-wrap.tall{max-height:32em;overflow-y:auto}
table{border-collapse:collapse;font-size:.85em;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;white-space:nowrap}
th{background:#f4f4f4;position:sticky;top:0}td.text,th.text{text-align:left;white-space:normal;min-width:8em}
.warning{background:#fff3cd;border:1px solid #e0b400;padding:.8em 1em;border-radius:4px}
.hypothesis{background:#f6f6f6;border-left:4px solid #888;padding:.6em 1em}
figure{margin:1.2em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.85em;color:#555}
pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.8em;max-height:40em}
.evidence-established{color:#1b7837}.evidence-supported{color:#4d9221}.evidence-contested{color:#b35806}
.evidence-hypothesis{color:#b2182b;font-weight:bold}.evidence-contradicted{color:#762a83;font-weight:bold}
"""


def format_number(value: float) -> str:
    """A table number: thousands separated, about three significant digits, no exponent for
    ordinary magnitudes (1234.5 -> "1,235", 12.345 -> "12.3", 0.01234 -> "0.0123")."""
    if pd.isna(value):
        return ""
    magnitude = abs(value)
    if magnitude == 0 or float(value).is_integer() and magnitude < 1e6:
        return f"{value:,.0f}"
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 1e-3:
        digits = max(0, 2 - int(np.floor(np.log10(magnitude))))
        return f"{value:.{digits}f}"
    return f"{value:.2e}"


def _table(frame: pd.DataFrame, text_columns: tuple[str, ...] = (), escape: bool = True, tall: bool = False) -> str:
    """An HTML table in a horizontally scrolling wrapper; numbers formatted; ``text_columns`` left-aligned."""
    if frame.empty:
        return "<p><em>none</em></p>"
    head = "".join(f'<th class="{"text" if c in text_columns else ""}">{html.escape(str(c))}</th>' for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if isinstance(value, float | np.floating):
                text = format_number(float(value))
            else:
                text = str(value)
            text = html.escape(text) if escape else text
            cells.append(f'<td class="{"text" if column in text_columns else ""}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    wrap = "table-wrap tall" if tall else "table-wrap"
    return f"<div class='{wrap}'><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"


#: contrast columns shown in the report, with their headers
CONTRAST_HEADERS = {
    "outcome": "outcome", "arm": "arm", "n": "n", "n_replicates": "replicates", "reference_mean": "reference mean",
    "arm_mean": "arm mean", "mean_diff": "mean diff", "mean_low": "95 % low", "mean_high": "95 % high",
    "median_diff": "median diff", "smd": "SMD", "smd_low": "SMD low", "smd_high": "SMD high",
    "responder_rate": "responders",
}


def contrast_rows(contrasts: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Whole-cohort contrasts for the report: outcomes by label, sweep points by their factor
    values (one column per factor, instead of point numbers)."""
    from cohort.analysis.points import short_factor
    from cohort.labels import label

    whole = contrasts[contrasts.subgroup_variable == "all"].copy()
    whole["outcome"] = [label(o) for o in whole.outcome]
    columns = [c for c in CONTRAST_HEADERS if c in whole.columns]
    factor_columns: list[str] = []
    if "point" in whole.columns and whole.point.nunique() > 1 and len(factors.columns) > 1:
        whole = whole.merge(factors, on="point", how="left")
        factor_columns = [c for c in factors.columns if c != "point"]
        whole = whole.rename(columns={c: short_factor(c) for c in factor_columns})
        factor_columns = [short_factor(c) for c in factor_columns]
    return whole[factor_columns + columns].rename(columns=CONTRAST_HEADERS)


def _figure_html(folder: Path, name: str) -> str:
    path = folder / "figures" / f"{name}.png"
    if not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    caption = html.escape(FIGURE_CAPTIONS.get(name, name))
    return f'<figure><img alt="{name}" src="data:image/png;base64,{data}"><figcaption><b>{name}.</b> {caption} (SVG: figures/{name}.svg)</figcaption></figure>'


def write_report(out_dir: str | Path, *, title: str | None = None, days: list[int] | None = None) -> Path:
    """Write ``report.html`` into ``out_dir`` (running the analysis first if it has not run).
    A blocked run's directory gets :func:`write_blocked_report` (``days``: its histograms' days)."""
    from cohort.analysis import analyze_experiment, read_results
    from cohort.analysis.blocked import is_blocked_run
    from cohort.analysis.points import point_factors
    from cohort.labels import label, subgroup_label

    folder = Path(out_dir)
    if is_blocked_run(folder):
        return write_blocked_report(folder, title=title, days=days)
    if not (folder / "contrasts.parquet").is_file() or not (folder / "figures").is_dir():
        analyze_experiment(folder)
    results = read_results(folder)
    contrasts = pd.read_parquet(folder / "contrasts.parquet")
    prevalence = pd.read_parquet(folder / "prevalence.parquet") if (folder / "prevalence.parquet").is_file() else pd.DataFrame()
    experiment = results.manifest.get("experiment") or {}
    arms = results.arms
    reference = results.reference
    name = title or experiment.get("name") or results.resolved.get("name") or (results.manifest.get("config") or {}).get("name") or folder.name
    hypothesis = experiment.get("hypothesis") or results.resolved.get("hypothesis")

    parts = _page_start(str(name))
    athletes = results.athletes
    replicates = int(athletes["replicate"].nunique()) if "replicate" in athletes.columns else 1
    runs = int(athletes["run_id"].nunique()) if "run_id" in athletes.columns else 1
    per_run = int(len(athletes) / max(runs, 1))
    parts.append(
        f"<p>{len(arms)} {'sequence(s)' if (experiment.get('spec') or {}).get('crossover') else 'arm(s)'}: {html.escape(', '.join(arms))}; reference <b>{html.escape(reference)}</b>; "
        f"{replicates} replicate(s) with common random numbers; {per_run} athletes per run; {runs} run(s). "
        f"Generated {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}.</p>"
    )
    if hypothesis:
        parts.append(_hypothesis_html(hypothesis))

    table, warning = _mechanisms(results.resolved, arms, results.runs)
    parts.append(warning)

    crossover_rows = contrasts[contrasts.kind == "crossover"] if "kind" in contrasts.columns else contrasts.iloc[:0]
    contrasts = contrasts.drop(crossover_rows.index)
    if not crossover_rows.empty:
        parts.append("<h2>Crossover: within-athlete estimates</h2>")
        parts.append(
            "<p>Each athlete allocated (random, balanced) to one sequence and observed in it only; period outcome "
            "measured with assay / test-retest error; estimate from the within-athlete model "
            "y = athlete + period + arm (95 % t interval). Carry-over: Grizzle test of period sums (two periods) and the "
            "period-start means below. The in-silico true effect is the paired period-1 difference (every athlete in "
            "both sequences, no error). Full tables: <code>crossover.csv</code>, <code>crossover_periods.csv</code>, "
            "<code>crossover.parquet</code>.</p>"
        )
        columns = ["outcome", "arm", "reference", "n", "mean_diff", "mean_low", "mean_high", "p_value", "carryover_p", "true_effect_period1"]
        shown = crossover_rows[[c for c in columns if c in crossover_rows.columns]].assign(outcome=lambda f: [label(o) for o in f.outcome])
        parts.append(_table(shown.rename(columns={"mean_diff": "estimate", "mean_low": "95 % low", "mean_high": "95 % high"}), ("outcome", "arm", "reference")))
        periods_path = folder / "crossover_periods.csv"
        if periods_path.is_file():
            periods = pd.read_csv(periods_path)
            periods["outcome"] = [label(o) for o in periods.outcome]
            parts.append("<h3>Period means by sequence (measured)</h3>")
            parts.append(_table(periods, ("outcome", "sequence", "arm"), tall=True))

    parts.append("<h2>Figures</h2>")
    if not crossover_rows.empty:
        parts.append(
            "<p><em>A crossover's runs are its sequences: the figures and the contrasts below compare whole "
            f"sequences (each against {html.escape(reference)}) over the whole study, periods and washouts together. "
            "They show the design's trajectories, not the treatment effect, which is the within-athlete estimate above.</em></p>"
        )
    parts.extend(_figure_html(folder, figure) for figure in FIGURE_ORDER)

    parts.append("<h2>Contrasts against the reference (whole cohort)</h2>")
    parts.append(
        "<p>Paired difference arm - reference per athlete (same athletes and random streams in every arm); "
        "mean and median with 95 % bootstrap intervals of these paired in-silico effects (not a trial's uncertainty); "
        "SMD = mean difference / SD of the reference arm's change; "
        "responders = share of athletes beyond the smallest worthwhile change in the direction of the mean effect. "
        "Flags (clinical cut-offs) as differences in the share of athletes (0.1 = 10 percentage points). "
        "Full table: <code>contrasts.csv</code>.</p>"
    )
    if not contrasts.empty:
        factors = point_factors(results.runs, results.factors)
        shown = contrast_rows(contrasts, factors)
        parts.append(_table(shown, tuple(c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])), tall=True))
        sub = contrasts[(contrasts.subgroup_variable != "all") & contrasts.smd.notna()].copy()
        if not sub.empty:
            sub["abs_smd"] = sub.smd.abs()
            top = sub.sort_values("abs_smd", ascending=False).head(15)
            top = top.assign(outcome=[label(o) for o in top.outcome],
                             subgroup=[subgroup_label(v, lv) for v, lv in zip(top.subgroup_variable, top.subgroup_level, strict=True)])
            headers = {"outcome": "outcome", "arm": "arm", "subgroup": "subgroup", "n": "n",
                       "mean_diff": "mean diff", "mean_low": "95 % low", "mean_high": "95 % high", "smd": "SMD", "smd_low": "SMD low", "smd_high": "SMD high"}
            if "point" in top.columns and contrasts.point.nunique() > 1:
                labels = results.point_labels
                top = top.assign(sweep_point=[labels.get(int(p), str(p)) for p in top.point])
                headers = {"sweep_point": "sweep point", **headers}
            parts.append("<h3>Largest subgroup effects (|SMD|, whole-cohort standardiser)</h3>")
            parts.append(_table(top[list(headers)].rename(columns=headers), ("sweep point", "outcome", "arm", "subgroup")))
    else:
        parts.append("<p><em>No contrasts: a single arm, or no recorded outcomes.</em></p>")

    if not prevalence.empty:
        last = prevalence[prevalence.day == prevalence.groupby(["point", "arm"]).day.transform("max")]
        summary = last.groupby(["arm", "variable"], observed=True)["value"].agg(["mean", "min", "max"]).reset_index()
        summary[["mean", "min", "max"]] *= 100
        summary["variable"] = [label(v) for v in summary.variable]
        summary = summary.rename(columns={"variable": "threshold", "mean": "mean %", "min": "min %", "max": "max %"})
        parts.append("<h2>Deficiency prevalence at the end (% of athletes; range across replicates and sweep points)</h2>")
        parts.append(_table(summary, ("arm", "threshold"), tall=True))

    if results.draws is not None and not results.draws.empty:
        draws = results.draws
        summary = draws.groupby([c for c in ("arm", "purpose", "biomarker", "day") if c in draws.columns], observed=True).agg(
            n=("athlete", "size"), true_mean=("true_value", "mean"), measured_mean=("measured_value", "mean"), assay_cv=("assay_cv", "first")
        ).reset_index()
        parts.append("<h2>Blood draws (observation layer, with assay error)</h2>")
        summary["biomarker"] = [label(b) for b in summary.biomarker]
        parts.append(_table(summary, ("arm", "purpose", "biomarker")))

    parts.extend(_mechanism_section(table))

    failures = folder / "failures.json"
    if failures.is_file():
        text = failures.read_text(encoding="utf-8")
        if text.strip() not in ("", "[]", "{}"):
            parts.append("<h2>Failed runs</h2><pre>" + html.escape(text[:20000]) + "</pre>")

    return _finish_page(folder, parts)


def write_blocked_report(out_dir: str | Path, *, title: str | None = None, days: list[int] | None = None) -> Path:
    """``report.html`` of a blocked run (:mod:`cohort.blocks`): the cohort's groups, figures of
    the aggregates (time courses per sex x training status, prevalence, histograms at ``days``),
    tables at the start and the end, mechanisms with their evidence, the resolved config. For
    arms over a blocked cohort (:mod:`cohort.experiment.blocked`), the paired arm differences
    (figures and tables) come first and the per-group sections show the reference arm.
    Figures are (re)drawn every time."""
    from cohort.analysis.blocked import (
        analyze_blocked,
        difference_table,
        group_sizes,
        prevalence_difference_table,
        prevalence_table,
        read_blocked,
        shown_variables,
        time_course_table,
    )

    analyze_blocked(out_dir, days=days)
    results = read_blocked(out_dir)
    folder, arms, reference = results.folder, results.arms, results.reference
    run = results.runs.iloc[0]
    parts = _page_start(title or results.name)
    weeks = int(run["n_days"]) / 7
    interval = int(results.config.get("recording", {}).get("interval_days", 0)) or "?"
    blocks = (f"{int(run['n_athletes']):,} athletes simulated in {int(run['n_blocks']):,} block(s) of {int(run['block_size']):,} "
              f"({html.escape(str(run['executor']))}), {weeks:g} weeks, recorded every {interval} day(s)")
    exact = ("Means, SDs, counts and prevalences are exact; percentiles are read from merged histograms "
             "(approximate to a bin width).")
    generated = f"Generated {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}."
    if len(arms) > 1:
        parts.append(
            f"<p>{len(arms)} arms over a blocked cohort: {html.escape(', '.join(arms))}; reference <b>{html.escape(reference)}</b>; "
            f"{blocks}. Every arm runs the same blocks (same athletes and random streams: common random numbers), and the "
            "arm differences are reduced from each athlete's paired difference, so their mean and SD are those of the "
            f"per-athlete effect. {exact} Full tables: <code>differences.parquet</code>, <code>cohort_daily.parquet</code> "
            f"(per arm), <code>histograms.parquet</code>. {generated}</p>"
        )
        hypothesis = results.experiment.get("hypothesis")
        if hypothesis:
            parts.append(_hypothesis_html(hypothesis))
    else:
        parts.append(
            f"<p>Blocked run: {blocks}; results are streaming aggregates over every athlete, per sex x training status "
            "(no per-athlete tables, so no paired contrasts: run the arms as an experiment over the blocked cohort for "
            f"that). {exact} Full tables: <code>cohort_daily.parquet</code>, <code>histograms.parquet</code>. {generated}</p>"
        )
    table, warning = _mechanisms(results.experiment_view, arms, results.runs)
    parts.append(warning)
    parts.append("<h2>Cohort</h2>")
    parts.append(_table(group_sizes(results), ("group",)))
    variables = shown_variables(results)
    if len(arms) > 1:
        parts.append(f"<h2>Arm differences against {html.escape(reference)} (paired)</h2>")
        parts.extend(_figure_html(folder, figure) for figure in ARM_FIGURE_ORDER)
        parts.append("<h3>Paired differences at the end (arm - reference, per athlete)</h3>")
        parts.append(_table(difference_table(results, variables), ("arm", "variable", "group"), tall=True))
        parts.append("<h3>Prevalence differences at the end (whole cohort, percentage points; thresholds whose "
                     "prevalence differed between the arms at some step)</h3>")
        parts.append(_table(prevalence_difference_table(results), ("arm", "threshold"), tall=True))
        parts.append(f"<h2>Reference arm ({html.escape(reference)}): figures</h2>")
    else:
        parts.append("<h2>Figures</h2>")
    parts.extend(_figure_html(folder, figure) for figure in BLOCKED_FIGURE_ORDER)
    parts.append("<h2>Start and end per group</h2>")
    parts.append(_table(time_course_table(results, variables), ("variable", "group"), tall=True))
    parts.append("<h2>Prevalence at the start and the end (% of athletes)</h2>")
    parts.append("<p>Whole cohort at the first and the last recording step; groups (F female, M male) at the last step.</p>")
    parts.append(_table(prevalence_table(results), ("threshold",), tall=True))
    parts.extend(_mechanism_section(table))
    return _finish_page(folder, parts)


def _page_start(name: str) -> list[str]:
    """The page's head (style sheet) and title."""
    return [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(name)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(name)}</h1>",
    ]


def _hypothesis_html(hypothesis: Any) -> str:
    """The experiment's hypothesis, boxed."""
    return f"<div class='hypothesis'><b>Hypothesis (from the review).</b> {html.escape(str(hypothesis))}</div>"


def _mechanisms(resolved: dict[str, Any], arms: list[str], runs: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    """The mechanism strength table per arm and the hypothesis warning's HTML (empty when none)."""
    from cohort.analysis.mechanisms import hypothesis_warnings, strength_table

    try:
        table = strength_table(resolved, arms, runs)
        warnings = hypothesis_warnings(table, arms)
    except Exception as exc:  # registry problems must not hide the results
        log.warning("mechanism table unavailable: %s", exc)
        table, warnings = pd.DataFrame(), [f"The mechanism table could not be built ({exc}); evidence labels are not shown."]
    if not warnings:
        return table, ""
    items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
    return table, (
        "<div class='warning'><b>WARNING: mechanisms labelled hypothesis (or contradicted) were enabled.</b> "
        "They rest on claims whose evidence could not be verified; treat any effect they carry as a hypothesis, "
        f"not a prediction.<ul>{items}</ul></div>"
    )


def _mechanism_section(table: pd.DataFrame) -> list[str]:
    """Every mechanism in effect with its evidence label and strength per arm."""
    parts: list[str] = []
    parts.append("<h2>Mechanisms and their evidence</h2>")
    if not table.empty:
        active = table[table.active].copy()
        active["evidence"] = [f"<span class='evidence-{html.escape(e)}'>{html.escape(e)}</span>" for e in active.evidence]
        active["link"] = [html.escape(f"{s} -> {t} ({'+' if int(g) > 0 else '-'})") for s, t, g in zip(active.source, active.target, active.sign, strict=True)]
        for column in ("id", "subsystem", "citations"):
            active[column] = [html.escape(str(v)) for v in active[column]]
        columns = ["id", "subsystem", "link", "evidence", *[c for c in active.columns if c.startswith("strength[")], "varied", "citations"]
        parts.append("<p>Mechanisms in effect in at least one arm (strength 0 = off in that arm).</p>")
        parts.append(_table(active[columns], ("id", "subsystem", "link", "evidence", "citations"), escape=False))
        off = table[~table.active]
        if not off.empty:
            parts.append(f"<p>Off in every arm: {html.escape(', '.join(f'{i} ({e})' for i, e in zip(off.id, off.evidence, strict=True)))}.</p>")
    else:
        parts.append("<p><em>No mechanisms are registered.</em></p>")
    return parts


def _finish_page(folder: Path, parts: list[str]) -> Path:
    """Append the resolved configuration, close the page and write ``report.html`` atomically."""
    for config_name in ("experiment.resolved.yaml", "config.resolved.yaml"):
        path = folder / config_name
        if path.is_file():
            parts.append(f"<h2>Resolved configuration ({config_name})</h2><pre>{html.escape(path.read_text(encoding='utf-8'))}</pre>")
            break
    parts.append("</body></html>")
    target = folder / "report.html"
    temporary = folder / ".report.html.tmp"
    temporary.write_text("\n".join(parts), encoding="utf-8")
    temporary.replace(target)
    return target
