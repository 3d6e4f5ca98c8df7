"""The crosstalk network (the review's Figure 1) drawn from the mechanism registry.

Nodes are the entities the mechanisms link (nutrients, regulators and drivers on an outer
ring grouped by the subsystem that declares them, muscle functions on an inner ring; no graph
library: the layout is fixed, so the figure is the same every time). Edges follow the review's convention: arrows for
facilitation (sign +1), blunted bars for inhibition (sign -1); colour by sign; line style
and width by evidence label; links that are switched off (default off, or off in the
experiment when ``active`` is given) are faded.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from cohort.plots.style import empty_figure, theme

EVIDENCE_STYLE: dict[str, dict[str, Any]] = {
    "established": {"linestyle": "solid", "linewidth": 2.4},
    "supported": {"linestyle": "solid", "linewidth": 1.5},
    "contested": {"linestyle": (0, (5, 3)), "linewidth": 1.4},
    "hypothesis": {"linestyle": (0, (1, 2)), "linewidth": 1.4},
    "contradicted": {"linestyle": (0, (5, 2, 1, 2)), "linewidth": 1.2},
}
SIGN_COLOUR = {1: "#1b7837", -1: "#b2182b"}
NETWORK_COLUMNS = ("id", "subsystem", "source", "target", "sign", "evidence")

#: Registry sources/targets are free text ("1,25(OH)2D/VDR signal -> force"). For a readable
#: figure they are mapped to the entities of the review's Figure 1 by the first matching
#: pattern (regular expression, case-insensitive); unmatched text is kept as it is.
#: Group: "driver" (outer ring, grey), "nutrient" (outer ring), "muscle" (inner ring).
VOCABULARY: tuple[tuple[str, str, str], ...] = (
    (r"hepcidin", "hepcidin", "nutrient"),
    (r"antibiotic", "antibiotics", "driver"),
    (r"microbio|producer|microbial", "gut microbiome", "nutrient"),
    (r"fibre|fiber", "dietary fibre", "driver"),
    (r"curcumin", "curcumin", "nutrient"),
    (r"polyphenol", "polyphenols (tea, coffee)", "nutrient"),
    (r"vitamin c", "vitamin C", "nutrient"),
    (r"vitamin e\b", "vitamin E", "nutrient"),
    (r"selenium", "selenium", "nutrient"),
    (r"\bgpx\b", "GPx", "nutrient"),
    (r"il-6|inflammation", "IL-6 / inflammation", "muscle"),
    (r"oxidative damage|lipid peroxid|hydroperox", "oxidative damage", "muscle"),
    (r"\bros\b", "ROS", "nutrient"),
    (r"muscle damage", "muscle damage", "muscle"),
    (r"sunlight", "sunlight", "driver"),
    (r"menstrua", "menstruation", "driver"),
    (r"bmi|adipos", "adiposity", "driver"),
    (r"clock time", "circadian clock", "driver"),
    (r"running|training|exercise", "training load", "driver"),
    (r"erythropoie", "erythropoiesis", "nutrient"),
    (r"hb mass|haemoglobin|hemoglobin|red-cell|o2 delivery|vo2max", "haemoglobin / O2 delivery", "muscle"),
    (r"iron absorption|iron \(dose\)|absorbed iron", "iron absorption", "nutrient"),
    (r"iron|ferritin|transferrin", "iron stores", "nutrient"),
    (r"calcium", "calcium", "nutrient"),
    (r"magnesium", "magnesium", "nutrient"),
    (r"vitamin d|25\(oh\)d|vdr|d3", "vitamin D", "nutrient"),
    (r"riboflavin|b2|b6|folate|b12|b vitamin|b-vitamin|thiamin", "B vitamins", "nutrient"),
    (r"adapt_endurance|energy_cost|energy metabolism", "energy metabolism", "muscle"),
    (r"energy cost", "energy cost of work", "muscle"),
    (r"mitochondri", "mitochondrial adaptation", "muscle"),
    (r"strength adaptation", "strength adaptation", "muscle"),
    (r"endurance adaptation", "endurance adaptation", "muscle"),
    (r"fatigue", "fatigue", "muscle"),
    (r"recovery|relaxation", "recovery", "muscle"),
    (r"force|contraction", "force", "muscle"),
)


def canonical(text: str) -> tuple[str, str]:
    """(entity, group) of a registry source or target (see :data:`VOCABULARY`)."""
    import re

    for pattern, entity, group in VOCABULARY:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return entity, group
    return text, "nutrient"


def entity_links(mechanisms: pd.DataFrame) -> pd.DataFrame:
    """Mechanisms with ``source``/``target`` mapped to entities (``*_group`` columns added);
    links inside one entity (e.g. vitamin D kinetics) are dropped: they are not crosstalk."""
    frame = mechanisms.copy()
    sources = [canonical(str(text)) for text in frame.source]
    targets = [canonical(str(text)) for text in frame.target]
    frame["source"], frame["source_group"] = [s for s, _ in sources], [g for _, g in sources]
    frame["target"], frame["target_group"] = [t for t, _ in targets], [g for _, g in targets]
    return frame[frame.source != frame.target].reset_index(drop=True)


def node_layout(mechanisms: pd.DataFrame) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Positions: muscle entities on an inner ring, the rest on the outer ring with nodes of
    one subsystem adjacent (drivers first); node -> colour group (subsystem or driver/muscle)."""
    ring: dict[str, str] = {}
    mentions: dict[str, dict[str, int]] = {}
    for row in mechanisms.itertuples():
        for node, group in ((str(row.source), getattr(row, "source_group", "nutrient")), (str(row.target), getattr(row, "target_group", "nutrient"))):
            ring.setdefault(node, group)
            counts = mentions.setdefault(node, {})
            counts[str(row.subsystem)] = counts.get(str(row.subsystem), 0) + 1
    home: dict[str, str] = {}
    for node, counts in mentions.items():
        # a nutrient node belongs to the subsystem whose mechanisms mention it most
        group = ring[node]
        home[node] = "training and environment" if group == "driver" else ("muscle" if group == "muscle" else max(counts, key=lambda k: counts[k]))
    subsystems = ["training and environment", *dict.fromkeys(mechanisms.subsystem.astype(str)), "muscle"]
    positions: dict[str, tuple[float, float]] = {}
    for members, radius in (([n for n in home if ring[n] != "muscle"], 1.0), ([n for n in home if ring[n] == "muscle"], 0.45)):
        ordered = sorted(members, key=lambda node: (subsystems.index(home[node]) if home[node] in subsystems else len(subsystems), node))
        for k, node in enumerate(ordered):
            angle = math.pi / 2 - 2 * math.pi * (k + 0.5) / max(1, len(ordered))
            positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions, home


def crosstalk_network(mechanisms: pd.DataFrame, *, title: str = "Micronutrient crosstalk network", entities: bool = True) -> Figure:
    """Draw the network. ``mechanisms``: one row per mechanism with columns id, subsystem,
    source, target, sign (+1/-1), evidence, and optionally ``active`` (bool) or
    ``default_enabled`` (bool) marking links in effect. With ``entities`` the free-text
    sources and targets are mapped to the review's entities (:func:`entity_links`)."""
    missing = [c for c in NETWORK_COLUMNS if c not in mechanisms.columns]
    if missing:
        raise ValueError(f"mechanism frame lacks columns {missing}")
    if mechanisms.empty:
        return empty_figure("no mechanisms are registered yet")
    if entities:
        mechanisms = entity_links(mechanisms)
    positions, home = node_layout(mechanisms)
    groups = list(dict.fromkeys(home.values()))
    palette = [colour for k, colour in enumerate(sns.color_palette("tab10", 10)) if k != 7]  # no grey: drivers are grey
    colours = {group: palette[k % len(palette)] for k, group in enumerate(groups)}
    colours.update({g: c for g, c in (("training and environment", "#9e9e9e"), ("muscle", "#8c2d04")) if g in colours})
    active_column = "active" if "active" in mechanisms.columns else ("default_enabled" if "default_enabled" in mechanisms.columns else None)
    pair_count: dict[tuple[str, str], int] = {}
    with theme():
        figure = Figure(figsize=(12, 10.5))
        axis = figure.add_axes((0.0, 0.0, 1.0, 0.95))
        axis.set_aspect("equal")
        axis.axis("off")
        for row in mechanisms.itertuples():
            source, target = str(row.source), str(row.target)
            if source == target:
                continue
            key = (source, target)
            pair_count[key] = pair_count.get(key, 0) + 1
            bend = 0.18 + 0.12 * (pair_count[key] - 1)
            style = EVIDENCE_STYLE.get(str(row.evidence), EVIDENCE_STYLE["hypothesis"])
            on = bool(getattr(row, active_column)) if active_column else True
            arrow = FancyArrowPatch(
                posA=positions[source], posB=positions[target], connectionstyle=f"arc3,rad={bend}",
                arrowstyle="-|>,head_length=6,head_width=3" if int(row.sign) > 0 else "-[,widthB=4,lengthB=0",
                color=SIGN_COLOUR.get(int(row.sign), "black"), alpha=0.9 if on else 0.25,
                shrinkA=14, shrinkB=14, mutation_scale=1.6, zorder=1, **style,
            )
            axis.add_patch(arrow)
        for node, (x, y) in positions.items():
            colour = colours[home[node]]
            axis.scatter([x], [y], s=260, color=colour, edgecolor="white", linewidth=1.5, zorder=3)
            angle = math.degrees(math.atan2(y, x))
            rotation = angle if -90 <= angle <= 90 else angle + 180
            radius = math.hypot(x, y) or 1.0
            offset = (radius + 0.07) / radius
            axis.text(offset * x, offset * y, node.replace("_", " "), rotation=rotation, rotation_mode="anchor",
                      ha="left" if x >= 0 else "right", va="center", fontsize=9 if radius > 0.9 else 8,
                      color="black", zorder=4, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7} if radius < 0.9 else None)
        axis.set_xlim(-1.75, 1.75)
        axis.set_ylim(-1.6, 1.6)
        sign_handles = [
            Line2D([], [], color=SIGN_COLOUR[1], marker=">", markersize=6, label="facilitates (+)"),
            Line2D([], [], color=SIGN_COLOUR[-1], marker="|", markersize=9, label="inhibits (-)"),
        ]
        evidence_handles = [Line2D([], [], color="#333333", label=name, **style) for name, style in EVIDENCE_STYLE.items()]
        fade = [Line2D([], [], color="#333333", alpha=0.25, linewidth=1.5, label="switched off")] if active_column else []
        subsystem_handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=colours[g], label=g) for g in groups]
        first = axis.legend(handles=sign_handles + evidence_handles + fade, title="link", loc="upper left", fontsize=8, title_fontsize=9, frameon=False)
        axis.add_artist(first)
        axis.legend(handles=subsystem_handles, title="node (declared by)", loc="upper right", fontsize=8, title_fontsize=9, frameon=False)
        axis.set_title(title)
    return figure


def edges_drawn(figure: Figure) -> int:
    """Number of link arrows in a network figure (for tests and checks)."""
    return int(np.sum([isinstance(patch, FancyArrowPatch) for axis in figure.axes for patch in axis.patches]))
