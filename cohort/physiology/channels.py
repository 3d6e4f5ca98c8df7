"""The crosstalk interface: every channel through which one subsystem acts on another.

Channels are reset each day (multiplicative ``channel`` to 1, additive ``flow`` to 0). In the
crosstalk phase every subsystem *contributes* from the start-of-day state (``d[C.force] *=
factor``); later that day the channel's one *consumer* reads it. Nutrient modules therefore
never depend on each other's order within a day, and switching a mechanism off leaves its
channel neutral. A channel at its neutral value means "no effect".
"""

from __future__ import annotations

from cohort.state import DAY, Var

_CHANNELS = (
    # name, consumer, unit, kind, description
    ("adapt_endurance", "muscle", "ratio", "channel", "efficiency of endurance (VO2max) adaptation"),
    ("adapt_strength", "muscle", "ratio", "channel", "efficiency of strength adaptation"),
    ("adapt_mito", "muscle", "ratio", "channel", "efficiency of mitochondrial biogenesis"),
    ("force", "muscle", "ratio", "channel", "expressed force relative to capacity"),
    ("recovery", "muscle", "ratio", "channel", "rate of fatigue clearance"),
    ("fatigue_gain", "muscle", "ratio", "channel", "fatigue per unit of training load"),
    ("energy_cost", "muscle", "ratio", "channel", "O2 cost of submaximal work (1 = normal)"),
    ("o2_delivery", "muscle", "ratio", "channel", "O2 delivery relative to the athlete's baseline"),
    ("damage_clearance", "muscle", "ratio", "channel", "rate of secondary muscle-damage clearance"),
    ("damage_susceptibility", "muscle", "ratio", "channel", "share of the primary injury progressing to secondary damage"),
    ("calcium_absorption", "calcium", "ratio", "channel", "fractional calcium absorption vs reference"),
    ("vitd_activation", "vitamin_d", "ratio", "channel", "25(OH)D -> 1,25(OH)2D conversion"),
    ("ros_production", "antioxidants", "ratio", "channel", "ROS generated per unit load"),
    ("exercise_inflammation", "iron", "ratio", "channel", "exercise IL-6 response"),
    ("hepcidin_exercise_response", "iron", "ratio", "channel", "hepcidin rise per unit IL-6"),
    ("erythropoiesis_supply", "iron", "ratio", "channel", "B9/B12/B2 sufficiency for red-cell production"),
    ("microbial_b1_mg", "b_vitamins", "mg/d", "flow", "host-available microbial thiamin"),
    ("microbial_b2_mg", "b_vitamins", "mg/d", "flow", "host-available microbial riboflavin"),
    ("microbial_b3_mg", "b_vitamins", "mg/d", "flow", "host-available microbial niacin"),
    ("microbial_b5_mg", "b_vitamins", "mg/d", "flow", "host-available microbial pantothenate"),
    ("microbial_b6_mg", "b_vitamins", "mg/d", "flow", "host-available microbial B6"),
    ("microbial_b7_ug", "b_vitamins", "ug/d", "flow", "host-available microbial biotin"),
    ("microbial_b9_ug", "b_vitamins", "ug/d", "flow", "host-available microbial folate"),
    ("microbial_b12_ug", "b_vitamins", "ug/d", "flow", "host-available microbial B12"),
)

C = DAY.declare(
    "channels",
    [
        Var(name, unit, 0.0, 1e3 if kind == "channel" else 1e4, f"{description} (consumed by {consumer})", kind)  # type: ignore[arg-type]
        for name, consumer, unit, kind, description in _CHANNELS
    ],
)

CONSUMER = {name: consumer for name, consumer, _unit, _kind, _description in _CHANNELS}
