"""Regenerate synthetic_squad.csv: the squad of synthetic_squad.yaml simulated with known
parameters, measured with the observation layer's assay error (noise seed 101).

    PYTHONPATH=. python experiments/calibration/make_synthetic.py
"""

from pathlib import Path

from cohort.calibration.spec import load_calibration
from cohort.calibration.synthetic import synthetic_observations, visit_plan

HERE = Path(__file__).parent
TRUTH = {
    "physiology.vitamin_d.half_life_25ohd_d": 17.0,
    "physiology.iron.fia_small_dose": [0.12, 0.18, 0.25, 0.32, 0.40, 0.15, 0.22, 0.35],
}
VISITS = {"vitd_25oh_nmol_l": [0, 28, 56, 84], "ferritin_ug_l": [0, 28, 56, 84], "hb_g_dl": [0, 42, 84]}

if __name__ == "__main__":
    calibration = load_calibration(HERE / "synthetic_squad.yaml")
    frame = synthetic_observations(calibration, TRUTH, visit_plan(VISITS, range(8)), noise_seed=101)
    frame.drop(columns="true_value").to_csv(HERE / "synthetic_squad.csv", index=False, float_format="%.4g")
    print(frame.groupby("variable").value.describe())
