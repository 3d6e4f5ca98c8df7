"""Figures from tiny synthetic frames: the right panels, labels and files."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from cohort.analysis.contrasts import contrast_table, paired_differences
from cohort.analysis.prevalence import prevalence_over_time
from cohort.plots import (
    crosstalk_network,
    effect_panels,
    endpoint_distributions,
    forest_plot,
    prevalence_plot,
    save_figure,
    subgroup_heatmap,
    trajectories,
    waterfall,
)
from cohort.plots.network import edges_drawn
from tests.analysis.synthetic import athletes_frame, daily_frame


@pytest.fixture(scope="module")
def frames():
    athletes = athletes_frame(n=30, replicates=2, arms=("control", "treat", "other"))
    contrasts = contrast_table(athletes, "control", ["strength_1rm_kg", "vitd_25oh_nmol_l"], n_boot=50, seed=1)
    return athletes, daily_frame(athletes), contrasts


def test_trajectories_one_panel_per_variable_with_a_line_per_arm(frames):
    _, daily, _ = frames
    figure = trajectories(daily, ["strength_1rm_kg", "vitd_25oh_nmol_l", "not_recorded"], reference="control", units={"strength_1rm_kg": "kg"})
    assert isinstance(figure, Figure)
    axes = figure.axes
    assert [a.get_title() for a in axes] == ["strength_1rm_kg", "vitd_25oh_nmol_l"]
    assert axes[0].get_ylabel() == "strength_1rm_kg (kg)" and axes[0].get_xlabel() == "week"
    assert [line.get_label() for line in axes[0].get_lines() if not line.get_label().startswith("_")] == ["control", "treat", "other"]
    (legend,) = figure.legends  # one legend for the figure, outside the panels
    assert [text.get_text() for text in legend.get_texts()] == ["control", "treat", "other"]


def test_endpoint_distributions(frames):
    athletes, _, _ = frames
    figure = endpoint_distributions(athletes, ["strength_1rm_kg"], reference="control")
    axis = figure.axes[0]
    assert axis.get_ylabel() == "change in strength_1rm_kg"
    assert [t.get_text() for t in axis.get_xticklabels()] == ["control", "treat", "other"]


def test_forest_plot_has_a_continuous_and_a_flag_panel(frames):
    _, _, contrasts = frames
    figure = forest_plot(contrasts, reference="control")
    assert len(figure.axes) == 2
    assert figure.axes[0].get_xlabel() == "standardised mean difference vs control"
    assert "% points" in figure.axes[1].get_xlabel()
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["strength_1rm_kg", "vitd_25oh_nmol_l"]


def test_effect_panels_in_natural_units(frames):
    _, _, contrasts = frames
    figure = effect_panels(contrasts, reference="control", units={"strength_1rm_kg": "kg"})
    assert [a.get_title() for a in figure.axes] == ["strength_1rm_kg (kg)", "vitd_25oh_nmol_l"]
    assert figure.axes[0].get_xlabel() == "difference vs control"
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["treat", "other"]


def test_waterfall_panel_per_arm(frames):
    athletes, _, _ = frames
    paired = paired_differences(athletes, "control", ["strength_1rm_kg"])
    figure = waterfall(paired, "strength_1rm_kg", threshold=1.0)
    assert [a.get_title().split(":")[0] for a in figure.axes] == ["treat", "other"]
    # responders, adverse responders and the rest: three filled areas over 60 athletes (30 x 2 replicates)
    assert len(figure.axes[0].collections) == 3
    assert figure.axes[0].get_xlim() == (-0.5, 59.5)


def test_prevalence_and_subgroup_heatmap(frames):
    athletes, daily, contrasts = frames
    figure = prevalence_plot(prevalence_over_time(daily), reference="control")
    assert figure.axes[0].get_title() == "vitd_deficient" and "prevalence" in figure.axes[0].get_ylabel()
    heatmap = subgroup_heatmap(contrasts)
    titles = [a.get_title() for a in heatmap.axes if a.get_title()]
    assert titles == ["treat", "other"]
    assert "sex: female" in [t.get_text() for t in heatmap.axes[0].get_yticklabels()]


def test_crosstalk_network_draws_every_link():
    mechanisms = pd.DataFrame(
        [
            ("mg_vitd", "magnesium", "magnesium", "vitamin D activation", 1, "supported", True),
            ("vitc_fe", "iron", "vitamin C", "iron absorption", 1, "established", True),
            ("ca_fe", "iron", "calcium", "iron absorption", -1, "contested", True),
            ("vitc_hepcidin", "iron", "vitamin C", "hepcidin", -1, "contradicted", False),
        ],
        columns=["id", "subsystem", "source", "target", "sign", "evidence", "default_enabled"],
    )
    figure = crosstalk_network(mechanisms)
    assert edges_drawn(figure) == 4
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert "iron absorption" in labels and "vitamin C" in labels
    with pytest.raises(ValueError, match="lacks columns"):
        crosstalk_network(mechanisms.drop(columns=["evidence"]))


def test_empty_inputs_give_a_figure_that_says_so(tmp_path):
    figure = forest_plot(pd.DataFrame(columns=["point", "outcome", "kind", "arm", "subgroup_variable", "subgroup_level"]))
    assert "no contrasts" in figure.axes[0].texts[0].get_text()
    paths = save_figure(figure, tmp_path / "empty")
    assert [p.name for p in paths] == ["empty.png", "empty.svg"] and all(p.stat().st_size > 0 for p in paths)
