"""Shared look of cohort figures: seaborn theme, arm colours, figure grids, saving.

Figures are built on :class:`matplotlib.figure.Figure` directly (no pyplot state), so plotting
functions are pure: tidy frames in, a Figure out.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

REFERENCE_COLOUR = "#4d4d4d"


@contextmanager
def theme() -> Iterator[None]:
    """Publication style: white grid, paper context."""
    with sns.axes_style("whitegrid"), sns.plotting_context("paper", font_scale=1.15):
        yield


def arm_palette(arms: Sequence[str], reference: str | None = None) -> dict[str, tuple[float, float, float] | str]:
    """Reference arm in dark grey, the others in the colour-blind palette, in order."""
    colours = iter(sns.color_palette("colorblind", max(1, len(arms))))
    palette: dict[str, tuple[float, float, float] | str] = {}
    for arm in arms:
        palette[arm] = REFERENCE_COLOUR if arm == reference else next(colours)
    return palette


def grid(n_panels: int, ncols: int = 3, panel_size: tuple[float, float] = (4.2, 3.2)) -> tuple[Figure, list[Axes]]:
    """A figure with ``n_panels`` axes in rows of ``ncols``; unused axes are removed."""
    n_panels = max(1, n_panels)
    ncols = min(ncols, n_panels)
    nrows = math.ceil(n_panels / ncols)
    figure = Figure(figsize=(panel_size[0] * ncols, panel_size[1] * nrows), layout="constrained")
    axes = list(figure.subplots(nrows, ncols, squeeze=False).ravel())
    for extra in axes[n_panels:]:
        figure.delaxes(extra)
    return figure, axes[:n_panels]


def arm_legend(figure: Figure, axis: Axes, title: str) -> None:
    """One legend for the whole figure, outside the panels (it covered data in the first one)."""
    handles, labels = axis.get_legend_handles_labels()
    if handles:
        figure.legend(handles, labels, title=title, loc="outside right upper", fontsize="small", title_fontsize="small")


def empty_figure(message: str) -> Figure:
    """A small figure saying why there is nothing to show."""
    figure = Figure(figsize=(5, 2), layout="constrained")
    axis = figure.subplots()
    axis.axis("off")
    axis.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return figure


def save_figure(figure: Figure, stem: Path, formats: Sequence[str] = ("png", "svg"), dpi: int = 150) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` (atomically); return the paths."""
    paths = []
    for extension in formats:
        path = stem.with_name(f"{stem.name}.{extension}")
        temporary = path.with_name(f".{path.name}.tmp")
        figure.savefig(temporary, format=extension, dpi=dpi)
        temporary.replace(path)
        paths.append(path)
    return paths


