"""Calibration behaviour: outputs, determinism, per-athlete parameters, the objective's optimum."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import yaml

from cohort.calibration.likelihood import LogPosterior
from cohort.calibration.run import calibrate, prepare
from cohort.calibration.simulate import Simulator
from cohort.cli import main
from tests.calibration.conftest import TRUE_FIA, TRUE_HALF_LIFE_D, make_data, write_spec


def test_cli_writes_posterior_report_and_figures(small_calibration, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["calibrate", str(small_calibration), "--out", str(out)]) == 0
    posterior = pd.read_parquet(out / "posterior.parquet")
    expected = ["physiology.vitamin_d.half_life_25ohd_d"] + [f"physiology.iron.fia_small_dose[{a}]" for a in range(4)]
    assert list(posterior.columns) == expected
    record = json.loads((out / "calibration.json").read_text())
    walkers = record["method"]["posterior"]["walkers"]
    assert len(posterior) == walkers * (6 - 2)
    assert record["simulation_seed"] == 5 and record["method"]["optimize"]["seed"] == 0
    # every draw lies inside its prior (literature) range
    assert posterior.iloc[:, 0].between(10.0, 20.0).all() and posterior.iloc[:, 1:].stack().between(0.1, 0.45).all()
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert figures == ["athletes_fia_small_dose.png", "pairs.png", "predictive_ferritin_ug_l.png", "predictive_vitd_25oh_nmol_l.png"]
    assert "figures/pairs.png" in (out / "report.html").read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no partial directory left
    # an existing output directory is refused (exit 2) before any simulation
    assert main(["calibrate", str(small_calibration), "--out", str(out)]) == 2


def test_same_spec_gives_the_same_draws(small_calibration):
    calibration, observations = prepare(small_calibration)
    first = calibrate(calibration, observations).draws
    second = calibrate(*prepare(small_calibration)).draws
    pd.testing.assert_frame_equal(first, second)


def test_an_athletes_own_parameter_moves_only_that_athlete(small_calibration):
    calibration, observations = prepare(small_calibration)
    simulator = Simulator(calibration, observations)
    theta = np.array([15.0, 0.2, 0.2, 0.2, 0.2])
    moved = theta.copy()
    moved[1 + 2] = 0.4  # athlete 2 absorbs twice as much
    base = simulator.trajectories(theta)
    changed = simulator.trajectories(moved)
    ferritin = simulator.variables.index("ferritin_ug_l")
    assert changed[-1, ferritin, 2] > 1.1 * base[-1, ferritin, 2]  # more iron absorbed, more stored
    others = [0, 1, 3]
    np.testing.assert_allclose(changed[:, :, others], base[:, :, others], rtol=1e-12)


def test_population_value_runs_like_the_config_override(small_calibration):
    """A candidate's population value acts exactly like --set physiology.<...>=value."""
    from cohort.config.loader import load_config
    from cohort.single_run import run

    calibration, observations = prepare(small_calibration)
    simulator = Simulator(calibration, observations)
    last = simulator.trajectories(np.array([12.0, 0.2, 0.2, 0.2, 0.2]), np.array([56]))
    spec = yaml.safe_load(small_calibration.read_text())
    folder = small_calibration.parent
    (folder / "base.yaml").write_text(yaml.safe_dump({"extends": spec["base"], **spec["set"], "seed": 5}))
    config = load_config(folder / "base.yaml", ["physiology.vitamin_d.half_life_25ohd_d=12.0", "physiology.iron.fia_small_dose=0.2"])
    result = run(config)
    athletes = result.to_frames()["athletes"]
    np.testing.assert_allclose(last[0, simulator.variables.index("vitd_25oh_nmol_l")], athletes["vitd_25oh_nmol_l_end"].to_numpy(), rtol=1e-6)


def test_optimum_is_near_the_truth_and_beats_it_only_by_noise(tmp_path):
    spec = write_spec(tmp_path, parameters={"physiology.vitamin_d.half_life_25ohd_d": {}},
                      method={"optimize": {"trials": 25, "sampler": "tpe"}, "posterior": None, "predictive_draws": 2})
    make_data(spec, truth={"physiology.vitamin_d.half_life_25ohd_d": TRUE_HALF_LIFE_D})
    calibration, observations = prepare(spec)
    result = calibrate(calibration, observations)
    assert result.point is not None and result.point_values is not None
    estimate = result.point_values["physiology.vitamin_d.half_life_25ohd_d"]
    assert abs(estimate - TRUE_HALF_LIFE_D) < 1.5, estimate  # prior range is 10-20 d
    truth_logp = LogPosterior(Simulator(calibration, observations))(np.array([TRUE_HALF_LIFE_D]))
    # the optimum fits the noisy data at least as well as the truth, but not absurdly better
    assert truth_logp - 0.5 <= result.point.log_posterior <= truth_logp + 10.0
    assert len(result.draws) == 1  # no posterior asked: the optimum is the only row


def test_cmaes_sampler_runs(tmp_path):
    spec = write_spec(tmp_path, parameters={"physiology.vitamin_d.half_life_25ohd_d": {}, "physiology.iron.fia_small_dose": {"distribution": "loguniform"}},
                      method={"optimize": {"trials": 12, "sampler": "cmaes"}, "posterior": None, "predictive_draws": 2})
    make_data(spec, truth={"physiology.vitamin_d.half_life_25ohd_d": TRUE_HALF_LIFE_D, "physiology.iron.fia_small_dose": float(np.mean(TRUE_FIA))})
    result = calibrate(*prepare(spec))
    assert result.point_values is not None
    assert 0.1 <= result.point_values["physiology.iron.fia_small_dose"] <= 0.45
