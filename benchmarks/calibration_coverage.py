"""Coverage of `cohort calibrate`'s 90 % intervals over synthetic repeats (issue 14).

Draws true values from the priors, simulates and measures a small squad, calibrates it, and
counts the truths inside their 90 % posterior intervals (:mod:`cohort.calibration.coverage`).
Writes ``docs/calibration_coverage.png`` (interval per repeat against the truth) and
``docs/calibration_coverage.json`` (counts, binomial bands, chain diagnostics, timings).

    PYTHONPATH=. python benchmarks/calibration_coverage.py [--repeats 20] [--jobs 2]

About 20 repeats x 90 s / 2 processes on the shared 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure the tree this script is in

from cohort.calibration.coverage import FIA, HALF_LIFE, Design, run_coverage, summarise  # noqa: E402


def figure(intervals: pd.DataFrame, path: Path) -> None:
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    axes = fig.subplots(1, 2, width_ratios=[1, 2.2])
    for ax, parameter, label in ((axes[0], HALF_LIFE, "25(OH)D half-life [d] (squad)"), (axes[1], FIA, "small-dose iron absorption (per athlete)")):
        group = intervals[intervals.parameter == parameter].sort_values(["repeat", "column"]).reset_index(drop=True)
        x = np.arange(len(group))
        colour = np.where(group.covered, "tab:blue", "tab:red")
        ax.vlines(x, group.low_90, group.high_90, colors=colour, linewidth=2)
        ax.scatter(x, group.truth, marker="_", s=60, color="black", zorder=3, label="truth")
        ax.set_title(f"{label}: {int(group.covered.sum())}/{len(group)} covered", fontsize=9)
        ax.set_xlabel("repeat" if parameter == HALF_LIFE else "repeat x athlete", fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0].legend(fontsize=7, loc="upper left")
    fig.suptitle("90 % posterior intervals (blue covers the truth, red misses) over synthetic repeats, truths drawn from the priors", fontsize=9)
    fig.savefig(path, dpi=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--steps", type=int, default=Design.steps, help="emcee steps per walker")
    parser.add_argument("--burn", type=int, default=Design.burn, help="steps discarded")
    args = parser.parse_args()
    design = Design(repeats=args.repeats, steps=args.steps, burn=args.burn)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        intervals, diagnostics = run_coverage(design, ROOT / "configs" / "base.yaml", Path(folder), jobs=args.jobs)
    record = summarise(intervals, diagnostics, design)
    record["wall_seconds"] = time.perf_counter() - started
    record["jobs"] = args.jobs
    record["intervals"] = intervals.round(5).to_dict(orient="records")
    (ROOT / "docs" / "calibration_coverage.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    figure(intervals, ROOT / "docs" / "calibration_coverage.png")
    for parameter, numbers in record["parameters"].items():
        print(f"{parameter}: {numbers['covered']}/{numbers['intervals']} covered (band {numbers['band_99pct_at_nominal_0.9']})")
    print(f"acceptance {record['acceptance_fraction']}, max tau {record['max_autocorrelation_steps']:.1f} steps, "
          f"{record['seconds_per_repeat']:.0f} s per repeat, {record['wall_seconds']:.0f} s in all")


if __name__ == "__main__":
    main()
