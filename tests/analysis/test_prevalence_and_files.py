"""Prevalence over time and the files analyze_experiment writes."""

from __future__ import annotations

import pandas as pd
import pytest

from cohort.analysis import analyze_experiment
from cohort.analysis.prevalence import prevalence_over_time, summarise_prevalence
from cohort.errors import OutputError
from tests.analysis.synthetic import athletes_frame, daily_frame, write_experiment_dir


def test_prevalence_over_time_is_tidy_and_summarised_across_replicates():
    daily = daily_frame(athletes_frame(n=20, replicates=2))
    prevalence = prevalence_over_time(daily)
    assert list(prevalence.columns) == ["point", "arm", "replicate", "day", "week", "variable", "value"]
    assert set(prevalence.variable) == {"vitd_deficient"}
    summary = summarise_prevalence(prevalence)
    one = summary.query("arm == 'control' and day == 14").iloc[0]
    values = prevalence.query("arm == 'control' and day == 14").value
    assert one["mean"] == pytest.approx(values.mean()) and one["low"] == values.min() and one["n_replicates"] == 2


def test_analyze_experiment_writes_contrasts_prevalence_and_figures(tmp_path):
    folder = write_experiment_dir(tmp_path / "exp")
    analysis = analyze_experiment(folder, n_boot=100)
    contrasts = pd.read_parquet(folder / "contrasts.parquet")
    assert (folder / "contrasts.csv").is_file() and (folder / "prevalence.parquet").is_file()
    assert set(contrasts.arm) == {"treat"} and set(contrasts.reference) == {"control"}
    assert {"strength_1rm_kg", "vitd_25oh_nmol_l", "vitd_deficient"} == set(contrasts.outcome)
    for name in ("trajectories", "endpoints", "forest", "effects", "waterfall", "prevalence", "subgroups"):
        assert (folder / "figures" / f"{name}.png").stat().st_size > 0
        assert (folder / "figures" / f"{name}.svg").stat().st_size > 0
    assert analysis.reference == "control"


def test_analyze_experiment_needs_results(tmp_path):
    with pytest.raises(OutputError, match="athletes.parquet"):
        analyze_experiment(tmp_path)
