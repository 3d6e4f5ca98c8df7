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

import pandas as pd

log = logging.getLogger(__name__)

FIGURE_ORDER = ("flow", "forest", "effects", "trajectories", "endpoints", "waterfall", "prevalence", "subgroups", "network")
FIGURE_CAPTIONS = {
    "flow": "Participant flow (CONSORT-style, counts from flow.csv): screened at the screening visit through the observation "
    "layer, excluded by the first criterion failed, enrolled; every enrolled athlete is simulated in every arm (CRN), "
    "completed after dropout, adherent = adherence probability at or above the enrolment's threshold. "
    "Analyses, figures and tables below cover the enrolled athletes only.",
    "forest": "Effect of each arm against the reference (95 % bootstrap intervals; athletes resampled within replicate). "
    "Continuous outcomes as standardised mean differences; threshold flags as prevalence differences.",
    "effects": "Mean paired difference against the reference in each outcome's own unit (95 % bootstrap intervals).",
    "trajectories": "Cohort mean per arm over time; band: 10th-90th percentile of athletes.",
    "endpoints": "Change from baseline to the end of the run, all athletes and replicates, per arm.",
    "waterfall": "Per-athlete paired difference against the reference, sorted; dashed: smallest worthwhile change (0.2 x baseline SD).",
    "prevalence": "Share of athletes beyond each clinical threshold over time (band: range across replicates).",
    "subgroups": "Standardised mean difference by subgroup and outcome.",
    "network": "Crosstalk mechanisms of the model (arrows: facilitation; bars: inhibition; line style: evidence; faded: off in every arm).",
}

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}
th{background:#f4f4f4}td.text,th.text{text-align:left}
.warning{background:#fff3cd;border:1px solid #e0b400;padding:.8em 1em;border-radius:4px}
.hypothesis{background:#f6f6f6;border-left:4px solid #888;padding:.6em 1em}
figure{margin:1.2em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.85em;color:#555}
pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.8em;max-height:40em}
.evidence-established{color:#1b7837}.evidence-supported{color:#4d9221}.evidence-contested{color:#b35806}
.evidence-hypothesis{color:#b2182b;font-weight:bold}.evidence-contradicted{color:#762a83;font-weight:bold}
"""


def _table(frame: pd.DataFrame, text_columns: tuple[str, ...] = (), digits: int = 3, escape: bool = True) -> str:
    """A small HTML table; numbers rounded; ``text_columns`` left-aligned."""
    if frame.empty:
        return "<p><em>none</em></p>"
    head = "".join(f'<th class="{"text" if c in text_columns else ""}">{html.escape(str(c))}</th>' for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if isinstance(value, float):
                text = "" if pd.isna(value) else f"{value:.{digits}g}"
            else:
                text = str(value)
            text = html.escape(text) if escape else text
            cells.append(f'<td class="{"text" if column in text_columns else ""}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure_html(folder: Path, name: str) -> str:
    path = folder / "figures" / f"{name}.png"
    if not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    caption = html.escape(FIGURE_CAPTIONS.get(name, name))
    return f'<figure><img alt="{name}" src="data:image/png;base64,{data}"><figcaption><b>{name}.</b> {caption} (SVG: figures/{name}.svg)</figcaption></figure>'


def write_report(out_dir: str | Path, *, title: str | None = None) -> Path:
    """Write ``report.html`` into ``out_dir`` (running the analysis first if it has not run)."""
    from cohort.analysis import analyze_experiment, read_results
    from cohort.analysis.contrasts import CONTRAST_COLUMNS
    from cohort.analysis.mechanisms import hypothesis_warnings, strength_table

    folder = Path(out_dir)
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

    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(str(name))}</title><style>{CSS}</style></head><body>"]
    parts.append(f"<h1>{html.escape(str(name))}</h1>")
    athletes = results.athletes
    replicates = int(athletes["replicate"].nunique()) if "replicate" in athletes.columns else 1
    runs = int(athletes["run_id"].nunique()) if "run_id" in athletes.columns else 1
    per_run = int(len(athletes) / max(runs, 1))
    parts.append(
        f"<p>{len(arms)} arm(s): {html.escape(', '.join(arms))}; reference <b>{html.escape(reference)}</b>; "
        f"{replicates} replicate(s) with common random numbers; {per_run} athletes per run; {runs} run(s). "
        f"Generated {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}.</p>"
    )
    if hypothesis:
        parts.append(f"<div class='hypothesis'><b>Hypothesis (from the review).</b> {html.escape(str(hypothesis))}</div>")

    # mechanisms and the hypothesis warning
    try:
        table = strength_table(results.resolved, arms, results.runs)
        warnings = hypothesis_warnings(table, arms)
    except Exception as exc:  # registry problems must not hide the results
        log.warning("mechanism table unavailable: %s", exc)
        table, warnings = pd.DataFrame(), [f"The mechanism table could not be built ({exc}); evidence labels are not shown."]
    if warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        parts.append(
            "<div class='warning'><b>WARNING: mechanisms labelled hypothesis (or contradicted) were enabled.</b> "
            "They rest on claims whose evidence could not be verified; treat any effect they carry as a hypothesis, "
            f"not a prediction.<ul>{items}</ul></div>"
        )

    parts.append("<h2>Figures</h2>")
    parts.extend(_figure_html(folder, figure) for figure in FIGURE_ORDER)

    parts.append("<h2>Contrasts against the reference (whole cohort)</h2>")
    parts.append(
        "<p>Paired difference arm - reference per athlete (same athletes and random streams in every arm); "
        "mean and median with 95 % bootstrap intervals; SMD = mean difference / SD of the reference arm's change; "
        "responder rate = share of athletes beyond the smallest worthwhile change in the direction of the mean effect. "
        "Full table: <code>contrasts.csv</code>.</p>"
    )
    shown = [c for c in CONTRAST_COLUMNS if c not in ("reference", "subgroup_variable", "subgroup_level", "kind", "share_above", "share_below")]
    if not contrasts.empty:
        whole = contrasts[contrasts.subgroup_variable == "all"][shown]
        parts.append(_table(whole, ("outcome", "arm")))
        sub = contrasts[(contrasts.subgroup_variable != "all") & contrasts.smd.notna()].copy()
        if not sub.empty:
            sub["abs_smd"] = sub.smd.abs()
            top = sub.sort_values("abs_smd", ascending=False).head(15)
            parts.append("<h3>Largest subgroup effects (|SMD|)</h3>")
            parts.append(_table(top[["outcome", "arm", "subgroup_variable", "subgroup_level", "n", "mean_diff", "mean_low", "mean_high", "smd", "smd_low", "smd_high"]], ("outcome", "arm", "subgroup_variable", "subgroup_level")))
    else:
        parts.append("<p><em>No contrasts: a single arm, or no recorded outcomes.</em></p>")

    if not prevalence.empty:
        last = prevalence[prevalence.day == prevalence.groupby(["point", "arm"]).day.transform("max")]
        summary = last.groupby(["arm", "variable"], observed=True)["value"].agg(["mean", "min", "max"]).reset_index()
        summary[["mean", "min", "max"]] *= 100
        parts.append("<h2>Deficiency prevalence at the end (% of athletes; range across replicates)</h2>")
        parts.append(_table(summary, ("arm", "variable")))

    if results.draws is not None and not results.draws.empty:
        draws = results.draws
        summary = draws.groupby([c for c in ("arm", "purpose", "biomarker", "day") if c in draws.columns], observed=True).agg(
            n=("athlete", "size"), true_mean=("true_value", "mean"), measured_mean=("measured_value", "mean"), assay_cv=("assay_cv", "first")
        ).reset_index()
        parts.append("<h2>Blood draws (observation layer, with assay error)</h2>")
        parts.append(_table(summary, ("arm", "purpose", "biomarker")))

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

    failures = folder / "failures.json"
    if failures.is_file():
        text = failures.read_text(encoding="utf-8")
        if text.strip() not in ("", "[]", "{}"):
            parts.append("<h2>Failed runs</h2><pre>" + html.escape(text[:20000]) + "</pre>")

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
