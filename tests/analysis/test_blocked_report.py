"""`cohort report` of a blocked run: sections, figures drawn from the aggregates with readable
labels, tables that agree with cohort_daily, and the hypothesis warning from the run's config."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.figure import Figure

from cohort.analysis.blocked import (
    group_sizes,
    is_blocked_run,
    prevalence_table,
    read_blocked,
    shown_variables,
    time_course_table,
)
from cohort.cli import main
from cohort.config.loader import load_config
from cohort.labels import label
from cohort.plots.groups import group_prevalence, group_trajectories, histogram_panels
from cohort.single_run import run
from tests.conftest import CONFIGS

SMALL = ["cohort.size=600", "cohort.block_size=250", "duration_weeks=3", "recording.sample_athletes=20"]


@pytest.fixture(scope="module")
def blocked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("blocked") / "run"
    run(load_config(CONFIGS / "base.yaml", SMALL), out)
    return out


def copy(blocked: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(blocked, tmp_path / "run"))


def texts(figure: Figure) -> list[str]:
    """Every title, axis label, tick-free text and legend entry of a figure."""
    found = [text.get_text() for text in figure.texts]
    found += [legend.get_title().get_text() for legend in figure.legends]
    found += [entry.get_text() for legend in figure.legends for entry in legend.get_texts()]
    for axis in figure.axes:
        found += [axis.get_title(), axis.get_xlabel(), axis.get_ylabel()]
        legend = axis.get_legend()
        if legend is not None:
            found += [entry.get_text() for entry in legend.get_texts()]
    return [t for t in found if t]


def assert_no_raw_ids(figure: Figure, ids: list[str]) -> None:
    shown = texts(figure)
    assert shown
    for text in shown:
        assert not any(re.search(rf"\b{re.escape(raw)}\b", text) for raw in ids if "_" in raw), text


def test_a_blocked_run_is_recognised(blocked: Path, tmp_path: Path) -> None:
    assert is_blocked_run(blocked)
    assert not is_blocked_run(tmp_path)


def test_cli_report_of_a_blocked_run_has_its_sections_and_figures(blocked: Path, tmp_path: Path) -> None:
    folder = copy(blocked, tmp_path)
    assert main(["plot", str(folder)]) == 0
    assert {p.name for p in (folder / "figures").iterdir()} == {
        f"{name}.{ext}" for name in ("group_trajectories", "group_prevalence", "histograms") for ext in ("png", "svg")
    }
    assert main(["report", str(folder)]) == 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == [
        "Cohort", "Figures", "Start and end per group", "Prevalence at the start and the end (% of athletes)",
        "Mechanisms and their evidence", "Resolved configuration (config.resolved.yaml)",
    ]
    assert "600 athletes simulated in 3 block(s) of 250" in page
    for name in ("group_trajectories", "group_prevalence", "histograms"):
        assert re.search(rf'<img alt="{name}" src="data:image/png;base64,[A-Za-z0-9+/]{{1000,}}', page), name
        assert (folder / "figures" / f"{name}.svg").is_file()
    assert "WARNING" not in page  # base.yaml switches no hypothesis mechanism on
    assert "contrasts.parquet" not in {p.name for p in folder.iterdir()}  # no per-athlete analysis ran


def test_report_warns_when_the_run_switched_a_hypothesis_mechanism_on(blocked: Path, tmp_path: Path) -> None:
    folder = copy(blocked, tmp_path)
    path = folder / "config.resolved.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["mechanisms"] = {"vitd_mitochondria": {"enabled": True}}
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    assert main(["report", str(folder)]) == 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "WARNING" in page and "vitd_mitochondria (hypothesis" in page


def test_histogram_days_must_be_recorded(blocked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy(blocked, tmp_path)
    assert main(["report", str(folder), "--days", "0", "13"]) == 2
    assert "--days" in capsys.readouterr().err
    assert main(["report", str(folder), "--days", "0", "21"]) == 0
    histograms = Path(folder / "figures" / "histograms.svg").read_text(encoding="utf-8")
    assert "week 0" in histograms and "week 3" in histograms


def test_tables_agree_with_cohort_daily(blocked: Path) -> None:
    results = read_blocked(blocked)
    daily = results.cohort_daily
    sizes = group_sizes(results)
    assert sizes.athletes.iloc[:-1].sum() == sizes.athletes.iloc[-1] == 600
    assert sizes["share %"].iloc[:-1].sum() == pytest.approx(100.0)
    variables = shown_variables(results)
    assert variables[:2] == ["strength_1rm_kg", "vo2max_ml_kg_min"]
    table = time_course_table(results, variables)
    whole = table[(table.group == "whole cohort") & (table.variable == label("vitd_25oh_nmol_l"))].iloc[0]
    pick = daily[(daily.sex == "all") & (daily.variable == "vitd_25oh_nmol_l")].set_index(["day", "statistic"]).value
    assert whole["start mean"] == pick[(0, "mean")] and whole["end SD"] == pick[(21, "sd")]
    assert whole["end 10th pct"] == pick[(21, "q10")]
    assert whole["change of mean"] == pytest.approx(pick[(21, "mean")] - pick[(0, "mean")])
    prevalence = prevalence_table(results)
    row = prevalence[prevalence.threshold == label("vitd_insufficient")].iloc[0]
    share = daily[(daily.variable == "vitd_insufficient") & (daily.statistic == "prevalence")].set_index(["sex", "training_status", "day"]).value
    assert row["cohort, end"] == pytest.approx(100 * share[("all", "all", 21)])
    assert row["F elite"] == pytest.approx(100 * share[("female", "elite", 21)])
    assert list(prevalence["cohort, end"]) == sorted(prevalence["cohort, end"], reverse=True)


def test_group_trajectories_draw_mean_sd_and_quantiles_per_group(blocked: Path) -> None:
    results = read_blocked(blocked)
    daily = results.cohort_daily
    variables = ["vitd_25oh_nmol_l", "ferritin_ug_l"]
    figure = group_trajectories(daily, variables)
    assert len(figure.axes) == 2 * 3
    assert [axis.get_title() for axis in figure.axes[:3]] == ["untrained", "trained", "elite"]
    assert figure.axes[0].get_ylabel() == label("vitd_25oh_nmol_l") and figure.axes[3].get_ylabel() == label("ferritin_ug_l")
    assert_no_raw_ids(figure, results.variables)
    # the female trained panel: its mean line and its 10th/90th percentile lines are cohort_daily's
    axis = figure.axes[1]
    rows = daily[(daily.sex == "female") & (daily.training_status == "trained") & (daily.variable == "vitd_25oh_nmol_l")]
    table = rows.pivot_table(index="day", columns="statistic", values="value")
    lines = {tuple(np.round(line.get_ydata(), 9)) for line in axis.get_lines()}
    for statistic in ("mean", "q10", "q90"):
        assert tuple(np.round(table[statistic].to_numpy(), 9)) in lines, statistic
    band = axis.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx((table["mean"] - table["sd"]).min())
    assert band.max() == pytest.approx((table["mean"] + table["sd"]).max())


def test_group_prevalence_panels_are_thresholds_by_label(blocked: Path) -> None:
    results = read_blocked(blocked)
    daily = results.cohort_daily
    figure = group_prevalence(daily, max_panels=4)
    thresholds = [str(v) for v in pd.unique(daily.loc[daily.statistic == "prevalence", "variable"])]
    titles = [axis.get_title() for axis in figure.axes]
    assert len(titles) == 4 and set(titles) <= {label(t) for t in thresholds}
    assert_no_raw_ids(figure, results.variables + thresholds)
    first = next(t for t in thresholds if label(t) == titles[0])
    whole = daily[(daily.sex == "all") & (daily.variable == first) & (daily.statistic == "prevalence")].sort_values("day")
    drawn = next(line for line in figure.axes[0].get_lines() if line.get_label() == "whole cohort")
    np.testing.assert_allclose(drawn.get_ydata(), 100 * whole.value.to_numpy())


def test_histograms_show_every_athlete_at_the_chosen_days(blocked: Path) -> None:
    results = read_blocked(blocked)
    figure = histogram_panels(results.histograms, ["vitd_25oh_nmol_l"], [0, 21])
    (axis,) = figure.axes
    assert axis.get_xlabel() == label("vitd_25oh_nmol_l")
    steps = list(axis.patches)
    assert len(steps) == 2
    counts = results.histograms[(results.histograms.variable == "vitd_25oh_nmol_l")]
    for patch, day in zip(steps, (0, 21), strict=True):
        one = counts[counts.day == day]
        inside = one[np.isfinite(one.low) & np.isfinite(one.high)]["count"].sum()
        heights = patch.get_data().values
        assert heights.sum() == pytest.approx(100 * inside / one["count"].sum())
        assert one["count"].sum() == 600
