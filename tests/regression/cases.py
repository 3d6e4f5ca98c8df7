"""Seeded standard runs summarised for the regression baseline (``baseline.json``).

Each case is a config file plus ``--set`` overrides; its summary is the cohort mean at the
end of the run of each main biomarker and performance outcome. Regenerate deliberately with
``python -m tests.regression.update`` (prints what changed) after a change that is meant to
move the model.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("baseline.json")

#: relative and absolute tolerance of a summary value against the baseline: runs are
#: deterministic (seeded streams, CRN), so only floating-point summation order may differ
RTOL = 1e-6
ATOL = 1e-9

#: end-of-run cohort means reported for every case (present in the model's state)
OUTCOMES = (
    "vitd_25oh_nmol_l", "ca_cumulative_balance_g", "mg_status", "mg_serum_mmol_l", "b2_egrac", "serum_b12_pmol_l",
    "rbc_folate_nmol_l", "microbiome_diversity", "ascorbate_plasma_umol_l", "tocopherol_plasma_umol_l",
    "selenium_plasma_ug_l", "ferritin_ug_l", "hb_g_dl", "hepcidin_nmol_l", "fe_absorbed_cum_mg",
    "strength_1rm_kg", "vo2max_ml_kg_min", "fatigue", "ck_u_l",
)

#: name -> (config file under the repository, overrides)
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "quickstart": ("configs/quickstart.yaml", ("cohort.size=120", "duration_weeks=8")),
    "iron_vitc_vitd_stack": (
        "configs/quickstart.yaml",
        (
            "cohort.size=120", "duration_weeks=8",
            'strategies=[{name: iron, product: {iron_nonheme_mg: 60}, delivery: {time: "08:00", taken_with: {vitamin_c_mg: 80}}},'
            ' {name: d3, product: {vitamin_d_ug: 50}, delivery: {time: "07:00"}},'
            ' {name: mg, product: {magnesium_mg: 300}, delivery: {time: "21:00"}}]',
        ),
    ),
    "endurance_squad": ("configs/endurance_squad.yaml", ("cohort.size=120", "duration_weeks=8")),
}


def summarise(case: str) -> dict[str, float]:
    """Run ``case`` and return outcome -> cohort mean at the end of the run."""
    from cohort.config.loader import load_config
    from cohort.engine.model import CohortModel

    path, overrides = CASES[case]
    config = load_config(ROOT / path, list(overrides))
    model = CohortModel(config, run_id=f"regression-{case}")
    model.advance(config.n_days)
    return {name: float(np.mean(model.column(name))) for name in OUTCOMES}


def load_baseline() -> dict[str, dict[str, float]]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.is_file() else {}


def differences(case: str, expected: dict[str, float], actual: dict[str, float]) -> list[str]:
    """Readable lines for every outcome outside the tolerance (or missing on either side)."""
    lines = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual or name not in expected:
            lines.append(f"{case}.{name}: {'only in baseline' if name in expected else 'new (not in baseline)'}")
            continue
        old, new = expected[name], actual[name]
        if not np.isclose(new, old, rtol=RTOL, atol=ATOL):
            change = f"{100 * (new - old) / old:+.3g} %" if old else "from 0"
            lines.append(f"{case}.{name}: {old:.6g} -> {new:.6g} ({change})")
    return lines
