"""The validation report: ``validation.html`` (one self-contained page), ``validation.csv`` and
``validation.md``, written atomically into one directory by ``cohort validate --report DIR``.

The page has a summary of pass rates by split and by subsystem, then one section per case: the
model value of each check against the published value and its interval (an embedded SVG figure),
the verdict, the citations, the mechanisms involved with their evidence labels, the protocol
(and its shipped experiment file, if any) and, for a known miss, the diagnosis.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd

from cohort.validation.framework import case_summary, load_cases, pass_rates, to_markdown, verdict

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
h3{margin:1.6em 0 .3em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}
th{background:#f4f4f4}td.text,th.text{text-align:left}
.case{border:1px solid #e4e4e4;border-radius:6px;padding:.4em 1em 1em;margin:1.2em 0}
.PASS{color:#1b7837;font-weight:bold}.FAIL{color:#b2182b;font-weight:bold}.MISS{color:#b35806;font-weight:bold}
.ERROR{color:#762a83;font-weight:bold}
.diagnosis{background:#fff3cd;border-left:4px solid #e0b400;padding:.5em 1em;margin:.6em 0}
.meta{font-size:.9em;color:#444}figure{margin:.6em 0}figure svg{max-width:100%;height:auto}
.evidence-established{color:#1b7837}.evidence-supported{color:#4d9221}.evidence-contested{color:#b35806}
.evidence-hypothesis{color:#b2182b;font-weight:bold}.evidence-contradicted{color:#762a83;font-weight:bold}
"""

_COLOURS = {"PASS": "#1b7837", "FAIL": "#b2182b", "MISS": "#d9730d", "ERROR": "#762a83"}


def _status(text: str) -> str:
    return text.split(":")[0]


def case_figure(rows: pd.DataFrame) -> str:
    """SVG (inline markup) of one case: per check, its interval (bar), published value (diamond) and model value (dot)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(rows)
    fig, axes = plt.subplots(n, 1, figsize=(7.5, 0.62 * n + 0.35), squeeze=False)
    for ax, row in zip(axes[:, 0], rows.itertuples(), strict=True):
        status = _status(verdict(row))
        colour = _COLOURS[status]
        low, high = float(row.low), float(row.high)
        points = [low, high] + [v for v in (row.value, row.published) if isinstance(v, float) and math.isfinite(v)]
        left, right = min(points), max(points)
        pad = 0.08 * (right - left) if right > left else max(abs(left), 1.0) * 0.1
        ax.set_xlim(left - pad, right + pad)
        ax.set_ylim(-1, 1)
        ax.axvspan(low, high, color="#9ecae1", alpha=0.55, lw=0)
        if math.isfinite(row.published):
            ax.plot([row.published], [0], marker="D", color="#08519c", ms=7, ls="none")
        if math.isfinite(row.value):
            ax.plot([row.value], [0], marker="o", color=colour, ms=8, ls="none", markeredgecolor="white")
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="x", labelsize=7, length=2, pad=1)
        label = f"{row.check} [{row.unit}]" if row.unit else str(row.check)
        ax.set_title(label if len(label) < 110 else label[:107] + "...", fontsize=7.5, loc="left", pad=2)
    fig.tight_layout(h_pad=0.4)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prolog so the figure sits inline


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th class='text'>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td class='text'>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False)
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _mechanisms_html(ids: str) -> str:
    from cohort.mechanisms import MECHANISMS
    from cohort.physiology import load_all

    load_all()
    if not ids:
        return "none of the registry (core model equations)"
    parts = []
    for mechanism_id in ids.split():
        if mechanism_id in MECHANISMS:
            evidence = MECHANISMS.get(mechanism_id).evidence
            parts.append(f"<code>{html.escape(mechanism_id)}</code> <span class='evidence-{evidence}'>({evidence})</span>")
        else:
            parts.append(f"<code>{html.escape(mechanism_id)}</code> (not in the registry)")
    return ", ".join(parts)


def _number(value: Any) -> str:
    return "" if not isinstance(value, float) or not math.isfinite(value) else f"{value:.4g}"


def _case_html(case_id: str, rows: pd.DataFrame) -> str:
    registry = load_cases()
    item = registry.get(case_id)
    first = rows.iloc[0]
    verdicts = [verdict(row) for row in rows.itertuples()]
    overall = "PASS" if all(v == "PASS" for v in verdicts) else _status(next(v for v in verdicts if v != "PASS"))
    checks = pd.DataFrame(
        {
            "check": rows["check"],
            "model": [_number(v) for v in rows["value"]],
            "published": [_number(v) for v in rows["published"]],
            "interval": [f"{lo:g} to {hi:g}" for lo, hi in zip(rows["low"], rows["high"], strict=True)],
            "unit": rows["unit"],
            "verdict": verdicts,
        }
    )
    protocol = html.escape(item.protocol) if item else ""
    if first.protocol_file:
        protocol += (f"<br>Experiment file: <code>{html.escape(first.protocol_file)}</code> "
                     f"(<code>cohort validate --protocol {html.escape(case_id)} --out DIR</code>, then "
                     f"<code>cohort experiment DIR/{html.escape(first.protocol_file)}</code>)")
    else:
        protocol += "<br>Protocol in Python only (not expressible as an experiment file)."
    parts = [
        f"<div class='case' id='{html.escape(case_id)}'>",
        f"<h3>{html.escape(case_id)}: {html.escape(str(first.title))} <span class='{overall}'>{overall}</span></h3>",
        f"<p class='meta'>Split: <b>{html.escape(str(first.kind))}</b> &middot; subsystem {html.escape(str(first.subsystem))} "
        f"&middot; evidence {html.escape(str(first.evidence))} &middot; {first.seconds:g} s</p>",
    ]
    if item and item.published:
        parts.append(f"<p><b>Published:</b> {html.escape(item.published)}</p>")
    parts.append(f"<figure>{case_figure(rows)}<figcaption class='meta'>Bar: published interval; diamond: published value; "
                 "dot: model (green pass, red fail, orange validation miss).</figcaption></figure>")
    parts.append(_table(checks))
    if first.error:
        parts.append(f"<p class='ERROR'>The case raised: {html.escape(str(first.error))}</p>")
    if first.diagnosis and overall != "PASS":
        parts.append(f"<div class='diagnosis'><b>Diagnosis.</b> {html.escape(str(first.diagnosis))}</div>")
    elif first.diagnosis:
        parts.append(f"<div class='diagnosis'><b>Diagnosis recorded for a miss, but the case now passes:</b> "
                     f"{html.escape(str(first.diagnosis))}</div>")
    parts.append(f"<p class='meta'><b>Mechanisms:</b> {_mechanisms_html(str(first.mechanisms))}</p>")
    parts.append(f"<p class='meta'><b>Protocol:</b> {protocol}</p>")
    parts.append(f"<p class='meta'><b>Citations:</b> {html.escape(str(first.citation))}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _rates_html(table: pd.DataFrame) -> str:
    by_kind = pass_rates(table, "kind")
    by_subsystem = pass_rates(table, "subsystem")
    fmt = lambda frame: frame.assign(pass_rate=[f"{100 * r:.0f} %" for r in frame["pass_rate"]])  # noqa: E731
    return ("<h2>Pass rates</h2><p>By split (calibration cases must pass; validation cases measure out-of-sample "
            "prediction):</p>" + _table(fmt(by_kind)) + "<p>By subsystem and split:</p>" + _table(fmt(by_subsystem)))


def render_html(table: pd.DataFrame, provenance: list[str] | None = None, title: str = "cohort validation report") -> str:
    """The report page for a :func:`~cohort.validation.framework.run_cases` table."""
    summary = case_summary(table)
    index = ", ".join(
        f"<a href='#{html.escape(c)}' class='{'PASS' if ok else ('MISS' if k == 'validation' else 'FAIL')}'>{html.escape(c)}</a>"
        for c, ok, k in zip(summary.index, summary["passed"], summary["kind"], strict=True)
    )
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='meta'>{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC &middot; {len(summary)} cases, {len(table)} checks, "
        f"{table.groupby('case')['seconds'].first().sum():.0f} s of simulation.</p>",
        "<p>Each case runs an in-silico version of a published protocol and compares emergent model output with the "
        "published value and an interval from its published uncertainty. <b>Calibration</b> cases may inform "
        "parameters and must pass; <b>validation</b> cases rest on studies no parameter was set from.</p>",
        _rates_html(table),
    ]
    if provenance is not None:
        if provenance:
            parts.append("<div class='diagnosis'><b>Provenance breaches</b> (parameters set from validation studies):<ul>"
                         + "".join(f"<li>{html.escape(p)}</li>" for p in provenance) + "</ul></div>")
        else:
            parts.append("<p>Provenance: no parameter is fitted to, or cites a study of, a validation-split case.</p>")
    parts.append(f"<h2>Cases</h2><p>{index}</p>")
    for kind in ("calibration", "validation"):
        ids = [c for c in summary.index if summary.loc[c, "kind"] == kind]
        if ids:
            parts.append(f"<h2>{kind.title()} split</h2>")
            parts.extend(_case_html(c, table[table["case"] == c]) for c in ids)
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(table: pd.DataFrame, out: Path, overwrite: bool = False, provenance: list[str] | None = None) -> Path:
    """Write validation.html, validation.csv and validation.md into ``out`` atomically; return the HTML path."""
    from cohort.outputs import atomic_directory

    page = render_html(table, provenance)  # rendered before anything is written: a failure leaves ``out`` untouched
    with atomic_directory(Path(out), overwrite=overwrite) as folder:
        table.to_csv(folder / "validation.csv", index=False)
        (folder / "validation.md").write_text(to_markdown(table), encoding="utf-8")
        (folder / "validation.html").write_text(page, encoding="utf-8")
    return Path(out) / "validation.html"
