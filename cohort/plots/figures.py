"""The standard figure set of an experiment, as written by ``analyze_experiment``."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from cohort.plots.effects import effect_panels, forest_plot, subgroup_heatmap, waterfall
from cohort.plots.network import crosstalk_network
from cohort.plots.style import save_figure
from cohort.plots.time import endpoint_distributions, prevalence_plot, trajectories

__all__ = ["experiment_figures", "save_figure", "variable_units"]

log = logging.getLogger(__name__)


def variable_units(names: list[str]) -> dict[str, str]:
    """Units of registered state variables (empty for unknown names)."""
    from cohort.physiology import load_all
    from cohort.state import STATE

    load_all()
    return {name: STATE.entry(name).var.unit for name in names if name in STATE}


def experiment_figures(
    results: Any, contrasts: pd.DataFrame, prevalence: pd.DataFrame, paired: pd.DataFrame, outcomes: list[str], reference: str
) -> dict[str, Figure]:
    """name -> Figure: trajectories, endpoints, forest, waterfall, prevalence, subgroups, network."""
    arms = results.arms
    units = variable_units(outcomes)
    figures = {
        "trajectories": trajectories(results.cohort_daily, outcomes, arms=arms, reference=reference, units=units),
        "endpoints": endpoint_distributions(results.athletes, outcomes, arms=arms, reference=reference, units=units),
        "forest": forest_plot(contrasts, reference=reference),
        "effects": effect_panels(contrasts, reference=reference, units=units),
        "prevalence": prevalence_plot(prevalence, arms=arms, reference=reference),
        "subgroups": subgroup_heatmap(contrasts, arms=[a for a in arms if a != reference]),
    }
    if outcomes and not paired.empty:
        figures["waterfall"] = waterfall(paired, outcomes[0], arms=[a for a in arms if a != reference], units=units)
    try:
        from cohort.analysis.mechanisms import strength_table

        table = strength_table(results.resolved, arms, results.runs)
        figures["network"] = crosstalk_network(table, title="Crosstalk network (faded: off in every arm)")
    except Exception as exc:  # the network is decoration; never fail an analysis for it
        log.warning("crosstalk network figure skipped: %s", exc)
    return figures
