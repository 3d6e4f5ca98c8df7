"""Figures from tiny synthetic frames: the right panels, labels and files."""

from __future__ import annotations

import numpy as np
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
    subgroup_effects,
    trajectories,
    waterfall,
)
from cohort.plots.network import edges_drawn
from tests.analysis.synthetic import athletes_frame, daily_frame


def _dots(axis) -> dict:  # type: ignore[no-untyped-def]
    """Series label -> x data of its error-bar dots."""
    return {container.get_label(): np.asarray(container.lines[0].get_xdata(), dtype=float) for container in axis.containers}


@pytest.fixture(scope="module")
def frames():
    athletes = athletes_frame(n=30, replicates=2, arms=("control", "treat", "other"))
    contrasts = contrast_table(athletes, "control", ["strength_1rm_kg", "vitd_25oh_nmol_l"], n_boot=50, seed=1)
    return athletes, daily_frame(athletes), contrasts


def test_trajectories_one_panel_per_variable_with_a_line_per_arm(frames):
    _, daily, _ = frames
    figure = trajectories(daily, ["strength_1rm_kg", "vitd_25oh_nmol_l", "not_recorded"], reference="control")
    assert isinstance(figure, Figure)
    axes = figure.axes
    assert [a.get_title() for a in axes] == ["1RM strength", "25(OH)D"]
    assert axes[0].get_ylabel() == "1RM strength (kg)" and axes[0].get_xlabel() == "week"
    lines = {line.get_label(): line for line in axes[0].get_lines() if not line.get_label().startswith("_")}
    assert list(lines) == ["control", "treat", "other"]
    # the plotted mean line is the mean of replicate means of the frame, day by day, in weeks
    expected = daily[(daily.variable == "strength_1rm_kg") & (daily.statistic == "mean") & (daily.arm == "treat")].groupby("day").value.mean()
    np.testing.assert_allclose(lines["treat"].get_xdata(), expected.index.to_numpy() / 7.0)
    np.testing.assert_allclose(lines["treat"].get_ydata(), expected.to_numpy())
    (legend,) = figure.legends  # one legend for the figure, outside the panels
    assert [text.get_text() for text in legend.get_texts()] == ["control", "treat", "other"]


def test_endpoint_distributions(frames):
    athletes, _, _ = frames
    figure = endpoint_distributions(athletes, ["strength_1rm_kg"], reference="control")
    axis = figure.axes[0]
    assert axis.get_ylabel() == "change in 1RM strength (kg)"
    assert [t.get_text() for t in axis.get_xticklabels()] == ["control", "treat", "other"]


def test_forest_plot_has_a_continuous_and_a_flag_panel(frames):
    _, _, contrasts = frames
    figure = forest_plot(contrasts, reference="control")
    assert len(figure.axes) == 2
    assert figure.axes[0].get_xlabel() == "standardised mean difference vs control"
    assert "% points" in figure.axes[1].get_xlabel()
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["1RM strength", "25(OH)D"]
    # plotted dots are the table's SMDs (arm "treat": first series, one dot per outcome)
    whole = contrasts[(contrasts.subgroup_variable == "all") & (contrasts.kind == "continuous") & (contrasts.arm == "treat")]
    dots = _dots(figure.axes[0])["treat"]
    np.testing.assert_allclose(dots, whole.set_index("outcome").loc[["strength_1rm_kg", "vitd_25oh_nmol_l"], "smd"].to_numpy())


def test_forest_plot_shows_every_sweep_point_named_by_its_factors(frames):
    _, _, contrasts = frames
    two = pd.concat([contrasts, contrasts.assign(point=1, smd=contrasts.smd * 2)], ignore_index=True)
    figure = forest_plot(two, reference="control", point_labels={0: "dose=20", 1: "dose=40"})
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["treat, dose=20", "treat, dose=40", "other, dose=20", "other, dose=40"]
    dots = _dots(figure.axes[0])
    np.testing.assert_allclose(dots["treat, dose=40"], 2 * dots["treat, dose=20"])


def test_forest_plot_uses_a_symlog_axis_when_one_effect_dwarfs_the_others(frames):
    _, _, contrasts = frames
    squashed = contrasts.copy()
    vitd = (squashed.outcome == "vitd_25oh_nmol_l") & (squashed.kind == "continuous")
    squashed.loc[vitd, ["smd", "smd_low", "smd_high"]] = [21.0, 20.0, 22.0]
    squashed.loc[~vitd & (squashed.kind == "continuous"), ["smd", "smd_low", "smd_high"]] = [0.4, 0.3, 0.5]
    assert forest_plot(squashed, reference="control").axes[0].get_xscale() == "symlog"
    assert forest_plot(contrasts, reference="control").axes[0].get_xscale() == "linear"


def test_effect_panels_in_natural_units(frames):
    _, _, contrasts = frames
    figure = effect_panels(contrasts, reference="control")
    assert [a.get_title() for a in figure.axes] == ["1RM strength (kg)", "25(OH)D (nmol/L)"]
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
    assert figure.axes[0].get_title() == "25(OH)D < 30 nmol/L" and "prevalence" in figure.axes[0].get_ylabel()
    effects = subgroup_effects(contrasts)
    # panels only for outcomes with subgroup rows (the arms moved them), never blank columns
    moved = contrasts[(contrasts.subgroup_variable != "all") & (contrasts.kind == "continuous")]
    assert len(effects.axes) == len(moved.groupby(["arm", "outcome"]))
    axis = effects.axes[0]
    ticks = [t.get_text() for t in axis.get_yticklabels()]
    assert ticks[0].startswith("whole cohort (n=") and any(t.startswith("sex: female (n=") for t in ticks)
    arm, outcome = axis.get_title().split(": ")[0], "strength_1rm_kg" if "1RM" in axis.get_title() else "vitd_25oh_nmol_l"
    rows = contrasts[(contrasts.arm == arm) & (contrasts.outcome == outcome) & (contrasts.subgroup_variable != "all")]
    plotted = axis.containers[0].lines[0].get_xdata()  # subgroup dots (the whole cohort is the second series)
    np.testing.assert_allclose(np.sort(plotted), np.sort(rows.smd.to_numpy()))


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


def test_plots_depend_on_no_analysis_code():
    """Dependencies run one way, analysis -> plots (the network used to import the analysis back)."""
    from pathlib import Path

    import cohort.plots

    folder = Path(cohort.plots.__file__).parent
    text = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.py")}
    importers = [name for name, source in text.items() if "from cohort.analysis" in source or "import cohort.analysis" in source]
    assert importers == []
