"""Regenerate squad_monitoring.csv: 20 named athletes, dated visits near weeks 0, 8 and 16
(+-3 days, ~10 % missed), simulated with the true values below and measured with the
observation layer's assay error (noise seed 7).

    PYTHONPATH=. python experiments/calibration/make_squad.py
"""

from pathlib import Path

import numpy as np
import pandas as pd

from cohort.calibration.spec import load_calibration
from cohort.calibration.synthetic import synthetic_observations

HERE = Path(__file__).parent
HALF_LIFE_D = 14.0
FIA = np.round(np.random.default_rng(3).uniform(0.12, 0.40, 20), 3)  # per athlete A01..A20
VARIABLES = ("vitd_25oh_nmol_l", "ferritin_ug_l", "hb_g_dl")

if __name__ == "__main__":
    calibration = load_calibration(HERE / "squad_monitoring.yaml")
    rng = np.random.default_rng(5)
    n_days = calibration.base_config.n_days
    rows = []
    for athlete in range(20):
        for target in (0, 56, n_days):
            day = int(np.clip(target + rng.integers(-3, 4), 0, n_days))
            if target and rng.random() < 0.1:
                continue  # missed visit
            rows += [(athlete, day, variable) for variable in VARIABLES]
    plan = pd.DataFrame(rows, columns=["athlete", "day", "variable"])
    truth = {"physiology.vitamin_d.half_life_25ohd_d": HALF_LIFE_D, "physiology.iron.fia_small_dose": FIA.tolist()}
    frame = synthetic_observations(calibration, truth, plan, noise_seed=7)
    start = pd.Timestamp(calibration.base_config.start_date)
    out = pd.DataFrame({
        "athlete": [f"A{row + 1:02d}" for row in frame.athlete],
        "date": [(start + pd.Timedelta(days=int(d))).date().isoformat() for d in frame.day],
        "variable": frame.variable, "value": frame.value, "unit": frame.unit,
    })
    out.to_csv(HERE / "squad_monitoring.csv", index=False, float_format="%.4g")
    print(f"{len(out)} rows; true fia_small_dose per athlete: {FIA.tolist()}")
