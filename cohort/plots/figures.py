"""The standard figure set of an experiment, as written by ``analyze_experiment``."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from cohort.plots.effects import effect_panels, forest_plot, subgroup_effects, waterfall
from cohort.plots.network import crosstalk_network
from cohort.plots.style import save_figure
from cohort.plots.time import endpoint_distributions, prevalence_plot, trajectories

__all__ = ["experiment_figures", "save_figure"]

log = logging.getLogger(__name__)


def experiment_figures(
    results: Any, contrasts: pd.DataFrame, prevalence: pd.DataFrame, paired: pd.DataFrame, outcomes: list[str], reference: str
) -> dict[str, Figure]:
    """name -> Figure: trajectories, endpoints, forest, waterfall, prevalence, subgroups, network."""
    arms = results.arms
    labels = results.point_labels
    figures = {
        "trajectories": trajectories(results.cohort_daily, outcomes, arms=arms, reference=reference),
        "endpoints": endpoint_distributions(results.athletes, outcomes, arms=arms, reference=reference),
        "forest": forest_plot(contrasts, reference=reference, point_labels=labels),
        "effects": effect_panels(contrasts, reference=reference, point_labels=labels),
        "prevalence": prevalence_plot(prevalence, arms=arms, reference=reference),
        "subgroups": subgroup_effects(contrasts, arms=[a for a in arms if a != reference]),
    }
    if outcomes and not paired.empty:
        figures["waterfall"] = waterfall(paired, outcomes[0], arms=[a for a in arms if a != reference])
    if len(labels) > 1:  # figures of one sweep point say which (forest and effects show every point)
        first = labels[min(labels)]
        for name in ("trajectories", "endpoints", "prevalence", "subgroups", "waterfall"):
            if name in figures and figures[name].axes:
                figures[name].suptitle(f"sweep point {min(labels)}: {first} (of {len(labels)} points)", fontsize="medium")
    try:
        from cohort.analysis.mechanisms import strength_table

        table = strength_table(results.resolved, arms, results.runs)
        figures["network"] = crosstalk_network(table, title="Crosstalk network (faded: off in every arm)")
    except Exception as exc:  # the network is decoration; never fail an analysis for it
        log.warning("crosstalk network figure skipped: %s", exc)
    return figures
