"""Parameter recovery: data simulated with known values plus assay noise, calibrated with the
full pipeline (Optuna MAP, then emcee); the truth must lie in the 90 % posterior interval at
near-nominal coverage over repeats (different true values and noise seeds).

Population parameter: the plasma half-life of 25(OH)D; per-athlete parameter: the fractional
absorption of a small fasting iron dose (``fia_small_dose``), one per athlete.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from cohort.calibration.run import calibrate, prepare
from tests.calibration.conftest import make_data, write_spec

#: (true half-life [d], true per-athlete FIA, noise seed) per repeat
REPEATS = [
    (12.0, [0.15, 0.22, 0.30, 0.38], 11),
    (15.0, [0.30, 0.38, 0.15, 0.22], 12),
    (18.0, [0.22, 0.15, 0.38, 0.30], 13),
]
METHOD = {"optimize": {"trials": 40, "seed": 0}, "posterior": {"steps": 160, "burn": 80, "seed": 0}, "predictive_draws": 2}


@pytest.mark.slow
def test_truth_in_90_percent_interval_at_near_nominal_coverage(tmp_path):
    covered, total, widths = 0, 0, []
    report = []
    for k, (half_life, fia, noise_seed) in enumerate(REPEATS):
        folder = tmp_path / f"repeat{k}"
        folder.mkdir()
        spec = write_spec(folder, method=METHOD)
        truth = {"physiology.vitamin_d.half_life_25ohd_d": half_life, "physiology.iron.fia_small_dose": fia}
        make_data(spec, noise_seed=noise_seed, truth=truth)
        draws = calibrate(*prepare(spec)).draws
        values = [half_life, *fia]
        for column, value in zip(draws.columns, values, strict=True):
            low, high = np.percentile(draws[column], [5, 95])
            covered += int(low <= value <= high)
            total += 1
            report.append(f"{column}: truth {value} in [{low:.3g}, {high:.3g}]")
        widths.append(np.subtract(*np.percentile(draws.iloc[:, 0], [95, 5])))
    print(f"covered {covered} of {total}; half-life 90 % interval widths {np.round(widths, 2).tolist()} d")
    print("\n".join(report))
    # 15 intervals at nominal 90 %: P(10 or fewer covered) = 1.3 %
    assert covered >= 11, "\n".join(report)
    # and the intervals are informative: the half-life's is well inside its 10-20 d prior
    assert max(widths) < 5.0, (widths, yaml.safe_dump(report))
