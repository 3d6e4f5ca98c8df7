"""Tiny synthetic result frames in the experiment layout (experiments.md), built by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml


def athletes_frame(n: int = 40, replicates: int = 2, arms: tuple[str, ...] = ("control", "treat"), effect: float = 2.0, seed: int = 1) -> pd.DataFrame:
    """Athletes rows: same athletes (traits, baselines) in every arm; ``treat`` adds ``effect``
    (plus athlete-level noise) to strength and lowers the deficiency flag's prevalence."""
    rng = np.random.default_rng(seed)
    rows = []
    for replicate in range(replicates):
        sex = np.where(np.arange(n) % 2 == 0, "female", "male")
        sport = np.array(["endurance", "team"])[np.arange(n) % 3 % 2]
        baseline = rng.normal(100, 10, n)
        control_change = rng.normal(5, 3, n)
        response = effect + rng.normal(0, 1, n)
        vitd_baseline = rng.normal(50, 15, n)
        for k, arm in enumerate(arms):
            end = baseline + control_change + (response * k)
            vitd_end = vitd_baseline + 20 * k
            rows.append(
                pd.DataFrame(
                    {
                        "run_id": f"p00000.{arm}.r{replicate:03d}", "point": 0, "arm": arm, "replicate": replicate,
                        "athlete": np.arange(n), "sex": sex, "sport": sport, "training_status": "trained", "diet_pattern": "omnivore",
                        "strength_1rm_kg_baseline": baseline, "strength_1rm_kg_end": end, "strength_1rm_kg_change": end - baseline,
                        "vitd_25oh_nmol_l_baseline": vitd_baseline, "vitd_25oh_nmol_l_end": vitd_end,
                        "vitd_25oh_nmol_l_change": vitd_end - vitd_baseline,
                        "vitd_deficient_baseline": vitd_baseline < 50, "vitd_deficient_end": vitd_end < 50,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def daily_frame(athletes: pd.DataFrame, days: tuple[int, ...] = (0, 7, 14)) -> pd.DataFrame:
    """cohort_daily rows (mean, sd, q10, q50, q90 and a prevalence) interpolated linearly."""
    rows = []
    last = max(days)
    for (arm, replicate, run_id), group in athletes.groupby(["arm", "replicate", "run_id"], sort=False):
        for day in days:
            share = day / last
            for variable in ("strength_1rm_kg", "vitd_25oh_nmol_l"):
                values = group[f"{variable}_baseline"] + share * group[f"{variable}_change"]
                stats = {"mean": values.mean(), "sd": values.std(), "q10": values.quantile(0.1), "q50": values.median(), "q90": values.quantile(0.9)}
                for statistic, value in stats.items():
                    rows.append({"run_id": run_id, "day": day, "variable": variable, "statistic": statistic, "value": float(value), "point": 0, "arm": arm, "replicate": replicate})
            vitd = group.vitd_25oh_nmol_l_baseline + share * group.vitd_25oh_nmol_l_change
            rows.append({"run_id": run_id, "day": day, "variable": "vitd_deficient", "statistic": "prevalence", "value": float((vitd < 50).mean()), "point": 0, "arm": arm, "replicate": replicate})
    return pd.DataFrame(rows)


def write_experiment_dir(folder: Path, athletes: pd.DataFrame | None = None, resolved: dict | None = None) -> Path:
    """A results directory as the experiment runner leaves it (consolidated frames only)."""
    athletes = athletes_frame() if athletes is None else athletes
    folder.mkdir(parents=True, exist_ok=True)
    athletes.to_parquet(folder / "athletes.parquet")
    daily_frame(athletes).to_parquet(folder / "cohort_daily.parquet")
    runs = athletes.drop_duplicates("run_id")[["run_id", "point", "arm", "replicate"]].assign(seed=1, status="done")
    runs.to_parquet(folder / "runs.parquet")
    arms = list(pd.unique(athletes.arm))
    document = resolved or {
        "name": "synthetic", "hypothesis": "Treatment raises strength.", "reference": arms[0],
        "arms": {arm: {} for arm in arms}, "outcomes": ["strength_1rm_kg", "vitd_25oh_nmol_l"], "base": {"mechanisms": {}},
    }
    (folder / "experiment.resolved.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    return folder
