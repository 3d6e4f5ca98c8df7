"""Literature validation cases of exercise-induced muscle damage (validation split); protocols in
``cohort/validation/protocols/<CASE-ID>.yaml``, run through the experiment API."""

from __future__ import annotations

import numpy as np

from cohort.validation.framework import Check, case
from cohort.validation.protocols import run_protocol


@case(
    "LIT-EIMD-DR", "Strength loss and its timing after one bout of downhill running", "muscle", ("maeo2017",), "[B]",
    "Maeo 2017 (Sci Rep, abstract): 14 young adults ran downhill for 45 min at -15 % slope at their maximal "
    "tolerable speed; knee-extensor maximal isometric torque fell by 14-17 % at 24-48 h (measured 24, 48 and "
    "72 h after). In silico (LIT-EIMD-DR.yaml): 300 untrained adults on the rest plan, one 45-min eccentric bout "
    "at intensity 0.9 at 10:00 on day 7; mean 1RM change (the model's strength outcome, true values) 24 and "
    "48 h after (the mornings after 8 and 9 days) and the time of the lowest mean 1RM among 24, 48 and 72 h. "
    "The paper's subjects' training status and the bout's eccentric load in AU are not stated in the model's "
    "terms (downhill running mapped to the eccentric modality); isometric torque is compared with 1RM.",
    kind="validation",
    mechanisms=("secondary_muscle_damage",),
    published="knee-extensor maximal torque -14 to -17 % at 24-48 h",
    diagnosis="The loss is too small, not too short-lived: the primary-injury size per unit eccentric load (k_D = "
    "0.02 AU per eccentric AU, unmeasured) or the mapping of downhill running to eccentric AU is off, not the split "
    "between the phases. The model's damage after a bout, as a share of the new injury, is 0.75 at 24 h, 0.57 at "
    "48 h, 0.44 at 72 h, 0.35 at 96 h and 0.17 at 7 d (t_1 = 1 d, phi = 0.5, t_2 = 3 d). Primary time courses "
    "recover as fast or faster: Chen 2007 (J Sports Sci 25:55; 30 min at -15 %, 70 % VO2peak, 10 untrained men) "
    "knee-extensor isometric strength down 7-21 % from just after the run to day 4 (abstract: the range over the "
    "time points, not each value; smallest/largest 0.33, model 96 h/0 h 0.35); Byrne & "
    "Eston 2002 (J Sports Sci 20:417; 100 eccentric squats at 80 % 1RM) -35 % at 1 h to -5 % at 7 d (model keeps "
    "more: ~-8 % at 7 d for -35 % at first); Paulsen 2012: downhill running causes mild damage with full recovery "
    "within a few days. A larger or slower secondary phase (Maeo's equal loss at 24 and 48 h) would contradict "
    "them. The magnitude is short: Chen's bout in model terms (30 min, eccentric intensity 0.7, untrained, rest "
    "plan) gives -5.8 % at 24 h and -2.2 % at 96 h, below the smallest loss Chen reports (7 %); the Maeo bout gives "
    "-10.5 % at 24 h (of which ~2 points are Banister fatigue) and -7.9 % at 48 h. k_D was not refitted: none of "
    "these primary sources gives per-time-point means and SDs of a bout whose eccentric load the model can express "
    "without a free mapping of running to eccentric AU, and k_D also sets the damage of resistance training's "
    "eccentric share (TR-STR, the steady states).",
)
def lit_eimd_dr() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-EIMD-DR")
    before = out.at_day("control", "strength_1rm_kg", 7)
    change = [100.0 * float(np.mean(out.at_day("control", "strength_1rm_kg", day) / before - 1.0)) for day in (8, 9, 10)]
    lowest_h = 24.0 * (1 + int(np.argmin(change)))
    return [
        Check("1RM change 24 h after the bout (mean)", change[0], -17.0, -14.0, "%"),
        Check("1RM change 48 h after the bout (mean)", change[1], -17.0, -14.0, "%"),
        Check("time of the lowest mean 1RM among 24, 48, 72 h", lowest_h, 24.0, 48.0, "h"),
    ]
