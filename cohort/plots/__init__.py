"""Plots: pure functions of tidy result frames returning matplotlib Figures (seaborn style).

No simulation happens here. Save with :func:`cohort.plots.style.save_figure` (PNG and SVG).
"""

from __future__ import annotations

from cohort.plots.effects import effect_panels, forest_plot, subgroup_effects, waterfall
from cohort.plots.network import crosstalk_network
from cohort.plots.style import save_figure
from cohort.plots.time import endpoint_distributions, prevalence_plot, trajectories

__all__ = [
    "crosstalk_network", "effect_panels", "endpoint_distributions", "forest_plot", "prevalence_plot", "save_figure",
    "subgroup_effects", "trajectories", "waterfall",
]
