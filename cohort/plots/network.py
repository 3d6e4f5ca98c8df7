"""The crosstalk network (the review's Figure 1) drawn from the mechanism registry.

Nodes are the entities the mechanisms link, laid out by subsystem: each subsystem's nodes
sit on a small circle of their own (named beside it), the subsystems around a ring, and the
muscle functions most links point to in the centre; no graph library: the layout is fixed,
so the figure is the same every time. Edges follow the review's convention: arrows for
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
#: subsystem ids as cluster titles
GROUP_NAMES = {"vitamin_d": "vitamin D", "b_vitamins": "B vitamins", "microbiome": "gut microbiome"}
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


def _homes(mechanisms: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """node -> subsystem group (drivers: training and environment; muscle functions: muscle;
    a nutrient node: the subsystem whose mechanisms mention it most), and the group order."""
    ring: dict[str, str] = {}
    mentions: dict[str, dict[str, int]] = {}
    for row in mechanisms.itertuples():
        for node, group in ((str(row.source), getattr(row, "source_group", "nutrient")), (str(row.target), getattr(row, "target_group", "nutrient"))):
            ring.setdefault(node, group)
            counts = mentions.setdefault(node, {})
            counts[str(row.subsystem)] = counts.get(str(row.subsystem), 0) + 1
    home: dict[str, str] = {}
    for node, counts in mentions.items():
        group = ring[node]
        home[node] = "training and environment" if group == "driver" else ("muscle" if group == "muscle" else max(counts, key=lambda k: counts[k]))
    order = ["training and environment", *dict.fromkeys(mechanisms.subsystem.astype(str)), "muscle"]
    order = [g for g in order if g in home.values()] + sorted(set(home.values()) - set(order))
    return home, order


def _cluster_radius(n: int) -> float:
    """Radius of a subsystem's own circle: nodes ~0.27 apart along it."""
    return 0.0 if n <= 1 else max(0.15, 0.27 * n / (2 * math.pi))


def node_layout(mechanisms: pd.DataFrame) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Positions grouped by subsystem: muscle functions on a circle in the centre, every other
    subsystem's nodes on a small circle of their own, the circles spaced around a ring by
    their size; node -> its group (subsystem, training and environment, or muscle)."""
    home, order = _homes(mechanisms)
    members = {group: sorted(node for node in home if home[node] == group) for group in order}
    outer = [g for g in order if g != "muscle"]
    widths = [2 * _cluster_radius(len(members[g])) + 0.3 for g in outer]
    total = sum(widths) or 1.0
    positions: dict[str, tuple[float, float]] = {}
    start = math.pi / 2
    for group, width in zip(outer, widths, strict=True):
        angle = start - math.pi * width / total  # centre of this subsystem's share of the ring
        start -= 2 * math.pi * width / total
        centre = (1.2 * math.cos(angle), 1.2 * math.sin(angle))
        radius = _cluster_radius(len(members[group]))
        for k, node in enumerate(members[group]):
            # nodes of a cluster start on the side facing the centre of the figure
            theta = angle + math.pi + 2 * math.pi * k / max(1, len(members[group]))
            positions[node] = (centre[0] + radius * math.cos(theta), centre[1] + radius * math.sin(theta))
    muscle = members.get("muscle", [])
    for k, node in enumerate(muscle):
        theta = math.pi / 2 - 2 * math.pi * (k + 0.5) / max(1, len(muscle))
        positions[node] = (0.42 * math.cos(theta), 0.42 * math.sin(theta))
    return positions, home


def _centre_of(group: str, positions: dict[str, tuple[float, float]], home: dict[str, str]) -> tuple[float, float]:
    points = np.array([positions[node] for node in positions if home[node] == group])
    return (float(points[:, 0].mean()), float(points[:, 1].mean())) if points.size else (0.0, 0.0)


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
        figure = Figure(figsize=(12, 11))
        axis = figure.add_axes((0.0, 0.0, 1.0, 0.95))
        axis.set_aspect("equal")
        axis.axis("off")
        for row in mechanisms.itertuples():
            source, target = str(row.source), str(row.target)
            if source == target:
                continue
            key = (source, target)
            pair_count[key] = pair_count.get(key, 0) + 1
            bend = (0.35 if home.get(source) == home.get(target) else 0.12) + 0.1 * (pair_count[key] - 1)
            style = EVIDENCE_STYLE.get(str(row.evidence), EVIDENCE_STYLE["hypothesis"])
            on = bool(getattr(row, active_column)) if active_column else True
            arrow = FancyArrowPatch(
                posA=positions[source], posB=positions[target], connectionstyle=f"arc3,rad={bend}",
                arrowstyle="-|>,head_length=6,head_width=3" if int(row.sign) > 0 else "-[,widthB=4,lengthB=0",
                color=SIGN_COLOUR.get(int(row.sign), "black"), alpha=0.9 if on else 0.25,
                shrinkA=14, shrinkB=14, mutation_scale=1.6, zorder=1, **style,
            )
            axis.add_patch(arrow)
        centres = {group: _centre_of(group, positions, home) for group in groups}
        for node, (x, y) in positions.items():
            colour = colours[home[node]]
            axis.scatter([x], [y], s=200, color=colour, edgecolor="white", linewidth=1.5, zorder=3)
            # label pointing away from the node's own cluster (muscle: away from the figure centre)
            cx, cy = centres[home[node]] if home[node] != "muscle" else (0.0, 0.0)
            dx, dy = x - cx, y - cy
            if math.hypot(dx, dy) < 1e-9:
                dx, dy = x, y
            norm = math.hypot(dx, dy) or 1.0
            axis.text(x + 0.055 * dx / norm, y + 0.055 * dy / norm, node.replace("_", " "), ha="left" if dx >= 0 else "right",
                      va="center", fontsize=9, color="black", zorder=4,
                      bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
        for group, (cx, cy) in centres.items():
            if group == "muscle":
                axis.text(0.0, 0.0, "muscle", ha="center", va="center", fontsize=11, color=colours[group], fontweight="bold", zorder=2)
                continue
            nodes = [n for n in positions if home[n] == group]
            if len(nodes) == 1:
                continue  # a one-node subsystem: its node's label and colour name it
            reach = max(math.hypot(positions[n][0] - cx, positions[n][1] - cy) for n in nodes)
            gx, gy = cx, cy + (reach + 0.2) * (1.0 if cy >= -0.2 else -1.0)
            axis.text(gx, gy, GROUP_NAMES.get(group, group.replace("_", " ")), ha="center", va="center", fontsize=10.5, color=colours[group],
                      fontweight="bold", zorder=2)
        axis.set_xlim(-2.0, 2.0)
        axis.set_ylim(-1.9, 1.9)
        sign_handles = [
            Line2D([], [], color=SIGN_COLOUR[1], marker=">", markersize=6, label="facilitates (+)"),
            Line2D([], [], color=SIGN_COLOUR[-1], marker="|", markersize=9, label="inhibits (-)"),
        ]
        evidence_handles = [Line2D([], [], color="#333333", label=name, **style) for name, style in EVIDENCE_STYLE.items()]
        fade = [Line2D([], [], color="#333333", alpha=0.25, linewidth=1.5, label="switched off")] if active_column else []
        axis.legend(handles=sign_handles + evidence_handles + fade, title="link", loc="upper left", fontsize=8, title_fontsize=9, frameon=False)
        axis.set_title(title)
    return figure


def edges_drawn(figure: Figure) -> int:
    """Number of link arrows in a network figure (for tests and checks)."""
    return int(np.sum([isinstance(patch, FancyArrowPatch) for axis in figure.axes for patch in axis.patches]))
