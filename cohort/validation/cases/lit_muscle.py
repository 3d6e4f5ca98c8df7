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
    diagnosis="The loss is too small, not too short-lived, and the structure, not only the primary-injury size k_D "
    "(AU per eccentric AU = minute x relative intensity; 0.02, a modelling choice), is what the data reject: the "
    "model's new injury is linear in minutes x intensity, its recovery does not depend on its size and its "
    "repeated-bout protection grows with the same load, and none of the three holds. Measured on this tree "
    "(2026-12-07; 1RM change 24/48/72/96 h after the bout, untrained, rest plan): this protocol -10.6/-7.9/-5.8/-4.2 % "
    "(about 2 points of it Banister fatigue); Chen 2007 (J Sports Sci 25:55; 30 min at -15 %, 70 % VO2peak, 10 "
    "untrained men; knee-extensor isometric strength -7 to -21 % from just after to day 4, the range over time points, "
    "no SDs in the abstract) as 30 min at intensity 0.7: -5.8/-4.3/-3.1/-2.2 %, below its smallest loss, with a CK "
    "peak 2.4-fold baseline against Chen's 3- to 6-fold (CK and myoglobin). k_D of 0.04 gives CK x3.7, 0.06 gives "
    "x5.1 and brings Chen's strength inside its range (-16.3/-12.7/-9.9/-7.7 %), but this protocol then overshoots "
    "(-27.2/-21.9 %) and LIT-CURC-CK's CK difference leaves its interval (-89 U/L vs -80.67 to -16.42; -59 at 0.04, "
    "-30 at 0.02); AOX-CURC still passes (curcumin/placebo ratio of 96-h losses 0.50 at 0.02, 0.60 at 0.04, 0.63 at "
    "0.06) and TR-STR is unmoved (untrained median 23.6/23.2/22.9 %). Tanabe 2015's 50 maximal elbow-flexor "
    "contractions (AOX-CURC; placebo MVC -31 +- 13 % at 96 h, n = 14) are an order of magnitude beyond the model "
    "at any k_D in range (its 30-min bout: -2.9 % at 96 h at 0.02, -10.5 % at 0.06). "
    "Dose: a threshold, then a plateau. Downhill walking (-28 %, 5 km/h, 10 % body mass carried): 5 min changed "
    "nothing significantly and 40 min cut knee-extensor strength by 19.2 +- 6.9 % at its peak (Maeo 2017, PLoS One "
    "12:e0173909, n = 12 per group); 20 min changed the markers 67-69 % less than 40 min (Maeo 2015, Appl Physiol "
    "Nutr Metab 40:274; 40 min: -14 +- 10 % at 48 h, n = 14). The model, with the walk as eccentric work at "
    "intensity 0.4 (1.0), loses 4.5 (10.5) % 24 h after 40 min, and 0.13 (0.14) and 0.51 (0.53) of that after 5 and "
    "20 min. 75 maximal eccentric knee-extensor contractions caused no loss while 150 and 300 caused the same (J "
    "Sports Sci 2023;41:1326, n = 10, crossover); 30 maximal eccentric elbow-flexor actions changed MVC less than "
    "50 or 70 (Chen & Nosaka 2006, J Sci Med Sport 9:57, n = 10 per group); 30 min at -15 % and 45 min at -10 or "
    "-12 % of downhill running gave the same force loss at 24 h, gone by 48 h (Southall-Edwards 2022, J Hum Sport "
    "Exerc; 12 men, 70 % of the velocity at VO2peak). Protection: 5 min of that walk a week before cut the 40-min "
    "loss to 9.9 +- 9.6 % (47-64 % less on strength, CK and soreness; Maeo 2017) and 20 min one or four weeks "
    "before cut the changes by 54-61 % (Maeo 2015), where the model's e^{-E/E_RBE} cuts the 24-h loss by 4 (8) % "
    "and 15 (29) %. Recovery: losses over 50 % last over a week, mild ones under 20 % recover in ~2 days (Paulsen "
    "2012, Exerc Immunol Rev 18:42), which fixed half-lives (t_1 = 1 d, t_2 = 3 d; damage left as a share of the "
    "new injury 0.75 at 24 h, 0.35 at 96 h) cannot give; individual responses split (Shoji 2021, Front Physiol; 100 "
    "maximal eccentric knee-extensor contractions, n = 28: -33 +- 12 % just after in both groups, then -12 to -22 % "
    "or -26 to -40 % at 1-3 d). Not yet built: a sigmoid (Hill) dose with a plateau, a protection that saturates "
    "with a small prior dose, and size-dependent recovery need their parameters fitted to a calibration case with "
    "means and SDs at several time points after bouts of two or more sizes; the downhill-walking series (Maeo "
    "2015, 2017) is the closest found (5/20/40 min at one grade and speed, with prior-bout arms), but its abstracts "
    "give SDs only for the 40-min bout's loss (its peak, or 48 h; with and without a prior bout), and the walk's "
    "relative intensity has no measure in the model's AU, so the fitted half-dose would carry that choice into "
    "every other eccentric bout. "
    "Reproduce the bout runs: cohort validate --protocol LIT-EIMD-DR --out DIR, then cohort experiment "
    "DIR/LIT-EIMD-DR.yaml --set 'events.bouts=[{day: 7, time: \"10:00\", modality: eccentric, duration_min: 30, "
    "intensity: 0.7}]' --set physiology.muscle.damage_per_eccentric_au=K (mean 1RM and CK on days 8-11 over day 7); "
    "the walks likewise (duration_min 5, 20 or 40; prior bouts on day 7 and the 40-min bout on day 14, with "
    "duration_weeks=4); the curcumin cases at K with cohort.validation.framework.case_settings.",
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
