"""The standard figure set of an experiment, as written by ``analyze_experiment``.

Plots depend on no analysis code: the analysis computes every frame (contrasts, prevalence,
paired differences, the mechanism strength table) and passes it in, so the dependency runs
one way, analysis -> plots.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from cohort.plots.effects import effect_panels, forest_plot, subgroup_effects, waterfall
from cohort.plots.network import crosstalk_network
from cohort.plots.style import save_figure
from cohort.plots.time import endpoint_distributions, prevalence_plot, trajectories

__all__ = ["experiment_figures", "save_figure"]


def experiment_figures(
    results: Any,
    contrasts: pd.DataFrame,
    prevalence: pd.DataFrame,
    paired: pd.DataFrame,
    outcomes: list[str],
    reference: str,
    mechanisms: pd.DataFrame | None = None,
) -> dict[str, Figure]:
    """name -> Figure: trajectories, endpoints, forest, waterfall, prevalence, subgroups, and
    the network when ``mechanisms`` (the strength table per arm) is given.

    ``results`` provides ``arms``, ``athletes``, ``cohort_daily`` and ``point_labels``
    (:class:`cohort.analysis.Results`)."""
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
    if mechanisms is not None and not mechanisms.empty:
        figures["network"] = crosstalk_network(mechanisms, title="Crosstalk network (faded: off in every arm)")
    return figures
