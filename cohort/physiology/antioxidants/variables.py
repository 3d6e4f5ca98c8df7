"""State variables of the antioxidant subsystem: vitamin C and E pools, Se/GPx, curcumin, ROS.

The equations are in the package docstring (:mod:`cohort.physiology.antioxidants`).
"""

from __future__ import annotations

from cohort.state import STATE, Var

NAME = "antioxidants"

V = STATE.declare(
    NAME,
    [
        Var("ascorbate_plasma_umol_l", "umol/L", 0, 1000, "plasma ascorbate (vitamin C)"),
        Var("tocopherol_reduced_umol_l", "umol/L", 0, 300, "reduced alpha-tocopherol, circulating/membrane pool"),
        Var("tocopherol_oxidized_umol_l", "umol/L", 0, 300, "oxidised alpha-tocopherol (tocopheroxyl/quinone)"),
        Var("tocopherol_plasma_umol_l", "umol/L", 0, 300, "total plasma alpha-tocopherol"),
        Var("tocopherol_adipose_ug_g", "ug/g", 0, 5000, "adipose-tissue alpha-tocopherol (slow reserve)"),
        Var("tocopherol_labelled_umol_l", "umol/L", 0, 300, "deuterium-labelled alpha-tocopherol in plasma (tracer, part of the total)"),
        Var("tocopherol_labelled_adipose_ug_g", "ug/g", 0, 5000, "labelled alpha-tocopherol in adipose tissue (tracer)"),
        Var("selenium_plasma_ug_l", "ug/L", 0, 2000, "plasma selenium"),
        Var("gpx_activity_rel", "fraction", 0, 1, "glutathione peroxidase activity, fraction of the Se-replete plateau"),
        Var("curcumin_gut_mg", "mg", 0, 1e6, "curcuminoids (plain-curcumin equivalents) not yet absorbed, at midnight"),
        Var("curcumin_plasma_ng_ml", "ng/mL", 0, 1e5, "plasma curcuminoids at midnight (end of day)"),
        Var("ros_load_au", "AU", 0, 1e5, "ROS produced today (resting + training)"),
        Var("redox_signal_rel", "ratio", 0, 10, "ROS escaping quenching per unit ROS, vs reference diet"),
        Var("oxidative_damage_au", "AU", 0, 1e4, "oxidative damage from ROS beyond the defences"),
        Var("lipid_peroxidation_rel", "ratio", 0, 1e3, "F2-isoprostane-like lipid peroxidation, 1 = rested reference"),
    ],
)
