"""Muscle and training response: fitness-fatigue impulse response, damage, strength, VO2max.

State, per athlete (dimensionless "fitness units" unless a unit is named):

* ``fitness_strength``, ``fitness_endurance`` (g_s, g_e): Banister fitness components;
* ``plasma_volume_expansion`` (e): training-induced plasma volume expansion, fraction of the
  untrained plasma volume (the fast, central component of the endurance adaptation);
* ``fatigue`` (h): shared fatigue;
* ``muscle_damage_primary_au`` (D_1), ``muscle_damage_secondary_au`` (D_2), their sum
  ``muscle_damage_au`` (D), ``eccentric_exposure_au`` (E, repeated-bout memory), ``ck_u_l``;
* outcomes ``strength_1rm_kg``, ``vo2max_ml_kg_min``, ``mito_index``, ``readiness``,
  ``performance_index``, ``submax_vo2_rel``, ``submax_hr_bpm``.

Daily update (Banister impulse response, Morton 1990; Clarke & Skiba 2013), with loads in AU
(minutes x relative intensity) and R the athlete's response (status x trait):

    g_s(t+1) = g_s e^{-1/tau_1} + k_1 R_s a_s L_s            a_s: adapt_strength channel
    g_e(t+1) = g_e e^{-1/tau_1} + k_1 R_e a_e L_e            a_e: adapt_endurance channel
    h(t+1)   = h e^{-r/tau_2}  + k_2 R_status f cost L_total r: recovery, f: fatigue_gain
    E(t+1)   = E e^{-1/tau_RBE} + L_ecc,eff + E_daily (1 - e^{-1/tau_RBE})   repeated-bout memory
    D = D_1 + D_2   (two-phase muscle damage, below)                       L_ecc,eff = L_ecc + 0.3 L_res
    performance = 1 + c_p (g_s + g_e - h)                    k_2 = ratio k_1
    readiness = 1 / (1 + h + D)       (the schedule skips a day's training below readiness r*)

    cost   = 1 + sat(E - 1, G_E) for E > 1                          E: energy_cost channel
    1RM    = 1RM_u (1 + sat(s_s g_s, G_s)) F / ((1 + c_h h)(1 + c_D D))  F: force channel
    e(t+1) = a e + (E_PV - a e) u / (1 + u),  a = e^{-1/tau_PV}, u = k_PV L_e / E_PV   plasma volume
    VO2max = VO2max_u (1 + sat(s_e g_e, G_e)) (1 + m_PV beta e) O    O: o2_delivery channel
    sat(y, G) = y / (1 + y / G)    (gains saturate at the ceiling G)

Fast component: plasma volume (:func:`plasma_volume_vo2max`). Endurance exercise expands plasma
volume within days (Convertino 1980: +12.1 %, +427 mL, after 8 days of 2 h/d at 65 % VO2max; Green
1987: +20 % after 4 days of 2 h/d at ~71 %) and inactivity loses it within days (Cullinane 1986:
-5.0 +- 5.9 % within 2 days of stopping, no further change to day 10; Coyle 1986: -12 % after 2-4
weeks), much faster than the Banister fitness (tau_1 = 42 d). The expansion decays with time
constant tau_PV, and a day's endurance load L_e fills the share u / (1 + u) of the room left
below the ceiling E_PV, so e stays in [0, E_PV) whatever the load (about k_PV L_e while e and u are
small: the impulse form). The ceiling
is the largest expansion measured, ~25 % (Fellmann 1992's review: 9-25 %, 300-700 mL; Green 1987:
+20.3 % in 4 days): without it the impulse form grew without bound with the load (a legal plan of
three 3-h sessions a day passed 100 %, the state's physical bound). Its steady state on a constant
load is E_PV s / (1 - a + a s), s = u / (1 + u) (trained week ~34 AU/d: ~7 %; 16 km running a day,
~55 AU/d: ~10 %; 200 AU/d: ~18 %). beta is the relative VO2max change per relative plasma
volume change: the share of the VO2max lost in a few weeks of detraining (6 %) that restoring blood
volume brings back (to within 2-4 % of trained, Coyle 1986) over the plasma volume lost (12 %):
beta ~ 0.25 (0.17-0.33), the net of the higher stroke volume and the diluted arterial O2 content
(dextran expansion, like training hypervolaemia, dilutes Hb). The evidence is contested: the same
expansion left VO2max unchanged after 4 days of training (Green 1987) and in elite cyclists given
dextran (Warburton 1999), and a 5 % loss in 10 days did not lower it measurably (Cullinane 1986,
where beta predicts -1 %). Iron's Hb concentration does not read e (no modelled dilution of [Hb]
by training hypervolaemia, "sports anaemia": Hb stays the iron subsystem's own state).

Muscle damage in two phases (Warren 2001; Clarkson & Hubal 2002; Paulsen 2012).
The bout's mechanical injury D_1 (overstretched sarcomeres, excitation-contraction uncoupling:
most of the early strength loss, Warren 2001) resolves with half-life t_1; a fraction phi of what
resolves goes on to secondary damage D_2 (calcium-activated proteolysis and the inflammatory,
phagocytic phase: slow loss of contractile protein over the following days), which clears with
half-life t_2. Per day, with the day's new injury added at the bout:

    D_1' = D_1 + k_D L_ecc,eff e^{-E/E_RBE}                     primary (mechanical) injury
    T    = D_1' (1 - 2^{-1/t_1}),   D_1(t+1) = D_1' - T           primary resolving today
    D_2(t+1) = D_2 e^{-ln2 clr / t_2} + m phi sus T               secondary phase (clr, sus: channels)
    CK(t+1)  = CK_0 + (CK - CK_0) 2^{-1/t_CK} + r_CK (D_1 + D_2)  efflux from damaged fibres

Force falls with the total D, so it is lowest the day after the bout and recovers in two phases
(fast, E-C coupling; slow, the secondary phase); serum CK, cleared with half-life t_CK, rises within
a day (an early rise in every subject after eccentric stepping, Newham 1983) and peaks a day or two
later than force falls (24-48 h after leg eccentric work, Clarkson & Hubal 2002). The nutrient channels act on the secondary phase:
``damage_susceptibility`` (sus) scales how much of the resolving injury becomes secondary damage
and ``damage_clearance`` (clr) speeds its resolution (curcumin: anti-inflammatory, Tanabe 2015).
m is the strength of the ``secondary_muscle_damage`` mechanism (0: injury resolves with t_1 only).

Known limits of this structure (LIT-EIMD-DR's diagnosis). The new injury is linear in the eccentric
load (minutes x relative intensity), its recovery does not depend on its size, and the repeated-bout
protection grows with the same load; the data say none of the three holds. The dose-response has a
threshold and a plateau (sigmoid, not linear and not simply concave): 5 min of downhill walking
(-28 %, 5 km/h, 10 % body mass carried) changed nothing significantly, 40 min cut knee-extensor
strength by 19.2 +- 6.9 % at its peak (Maeo 2017, PLoS One 12:e0173909; n = 12 per group), and 20
min changed the markers 67-69 % less than 40 min (Maeo 2015, Appl Physiol Nutr Metab 40:274; 40 min:
-14 +- 10 % at 48 h, n = 14), where the model (24-h 1RM loss, intensity 0.4-1.0) gives 0.13-0.14 and
0.51-0.53 of the 40-min loss; 75 maximal eccentric knee-extensor contractions caused no loss while
150 and 300 caused the same (J Sports Sci 2023;41:1326), 30 maximal eccentric elbow-flexor actions
less than 50 or 70 (Chen & Nosaka 2006, J Sci Med Sport 9:57; n = 10 per group), and 30 and 45 min
of downhill running the same (Southall-Edwards 2022). The protection does not scale with the prior
bout's load either: 5 min of that walk a week before cut the 40-min loss to 9.9 +- 9.6 % (47-64 %
less on every marker; Maeo 2017) and 20 min one or four weeks before cut the changes by 54-61 %
(Maeo 2015), where e^{-E/E_RBE} gives 4-8 % and 15-29 % (bouts at intensity 0.4-1.0). Severe damage
recovers over more than a week where mild damage recovers in about two days (Paulsen 2012). k_D
itself is unmeasured (its parameter says what the closest bouts imply).

1RM_u and VO2max_u are the athlete's untrained (fully detrained, fresh) capacities; fatigue and
damage divide force, so force falls with slope c_h, c_D at first and stays positive by
construction (no floor).

Initial state: the steady state of the athlete's training history. With L_m the habitual mean
daily load of modality m (AU/d; :func:`cohort.training.habitual_loads`, 0 for untrained athletes)
and the channels magnesium's and the B vitamins' crosstalk give at the athlete's initial Mg status
and B-vitamin pools (f, r, cost, a_e as in the daily update; 1 when replete; all other channels
neutral; both subsystems initialise before muscle, :func:`start_of_day_channels`),

    g_s0 = k_1 R rho_s L_s / (1 - e^{-1/tau_1}),   g_e0 = k_1 R rho_e a_e L_e / (1 - e^{-1/tau_1})
    e_0  = E_PV s / (1 - a + a s),  s = u / (1 + u), u = k_PV L_e / E_PV,  a = e^{-1/tau_PV}
    h_0  = k_2 R f cost L_total / (1 - e^{-r/tau_2}),  E_0 = E_daily + L_ecc,eff / (1 - e^{-1/tau_RBE})
    D_1,0 = n a_1 / (1 - a_1),   D_2,0 = m phi n / (1 - a_2),   n = k_D L_ecc,eff e^{-E_0/E_RBE}
    (a_i = 2^{-1/t_i}),   CK_0 + r_CK (D_1,0 + D_2,0) / (1 - 2^{-1/t_CK})
    mito_0 = 1 + k_mito R rho_e L_e / (1 - e^{-1/tau_mito})

and the observed starting 1RM and VO2max (population norms by status, sex and sport) fix the
untrained capacities: 1RM_u = 1RM_0 (1 + c_h h_0)(1 + c_D D_0) / (1 + sat(s_s g_s0, G_s)),
VO2max_u = VO2max_0 / ((1 + sat(s_e g_e0, G_e)) (1 + m_PV beta e_0)). The habitual plan then holds an athlete near a
plateau, a heavier plan adapts them and less training loses what the history was holding
(detraining: Coyle 1984; Mujika & Padilla 2000).

Nutrient subsystems act only through the channels (adaptation efficiency, force, recovery,
fatigue gain, energy cost, O2 delivery, damage), all neutral (1) unless a mechanism is on.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr, ndtri

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology import b_vitamins, magnesium
from cohort.physiology.base import Subsystem
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.traits import T
from cohort.state import STATE, Var

NAME = "muscle"

V = STATE.declare(
    NAME,
    [
        Var("strength_1rm_baseline_kg", "kg", 5, 600, "1RM at the start of the run", "trait"),
        Var("vo2max_baseline_ml_kg_min", "mL/kg/min", 15, 100, "VO2max at the start of the run", "trait"),
        Var("strength_1rm_untrained_kg", "kg", 5, 600, "1RM without training adaptation, fresh (full detraining)", "trait"),
        Var("vo2max_untrained_ml_kg_min", "mL/kg/min", 10, 100, "VO2max without training adaptation (full detraining)", "trait"),
        Var("fitness_strength", "fitness units", 0, 50, "Banister fitness, strength component"),
        Var("fitness_endurance", "fitness units", 0, 50, "Banister fitness, endurance component"),
        Var("plasma_volume_expansion", "fraction", 0, 1, "training-induced plasma volume expansion, fraction of the untrained plasma volume"),
        Var("fatigue", "fitness units", 0, 50, "Banister fatigue"),
        Var("muscle_damage_au", "AU", 0, 100, "eccentric/unaccustomed-load muscle damage, primary + secondary"),
        Var("muscle_damage_primary_au", "AU", 0, 100, "primary (mechanical, E-C uncoupling) muscle damage"),
        Var("muscle_damage_secondary_au", "AU", 0, 100, "secondary (proteolytic, inflammatory) muscle damage"),
        Var("eccentric_exposure_au", "AU", 0, 1e5, "recent eccentric exposure (repeated-bout memory)"),
        Var("ck_u_l", "U/L", 0, 1e5, "serum creatine kinase (damage marker)"),
        Var("strength_1rm_kg", "kg", 0, 800, "expressed one-repetition maximum"),
        Var("vo2max_ml_kg_min", "mL/kg/min", 5, 150, "maximal oxygen uptake"),
        Var("mito_index", "ratio", 0.2, 5, "mitochondrial content relative to the untrained level (1 = no adaptation)"),
        Var("readiness", "0-1", 0, 1, "readiness to train (1 = fully fresh)"),
        Var("performance_index", "ratio", -1e3, 1e3, "Banister performance score, 1 = untrained and fresh (dimensionless index)"),
        Var("submax_vo2_rel", "ratio", 0.5, 2, "O2 cost of a fixed submaximal workload vs normal"),
        Var("submax_hr_bpm", "bpm", 60, 220, "heart rate at a fixed submaximal workload"),
    ],
)


class MuscleParams(Params):
    """Training-response parameters (Banister model and outcome mappings)."""

    tau_fitness_d: float = param(42.0, "d", (30.0, 60.0), ("morton1990", "clarke2013"), "fitness time constant tau_1", gt=0)
    tau_fatigue_d: float = param(7.0, "d", (5.0, 15.0), ("morton1990", "clarke2013"), "fatigue time constant tau_2", gt=0)
    fatigue_to_fitness_gain_ratio: float = param(2.0, "ratio", (1.5, 3.0), ("morton1990", "busso1994"), "k_2 / k_1")
    fitness_gain_per_au: float = param(
        1.0e-3, "fitness units/AU", (5e-4, 2e-3), ("hubal2005", "bouchard1999"),
        "k_1: fitness impulse per AU for an untrained athlete of response 1",
        fitted_to=("TR-STR", "TR-VO2"),
        procedure="hand-tuned with s_s, s_e fixed so the untrained median 1RM gain (TR-STR) and the HERITAGE mean "
        "VO2max gain (TR-VO2) fall inside their published ranges; no measurement of a Banister gain in AU exists",
    )
    strength_per_fitness: float = param(
        0.9, "fraction/fitness unit", (0.2, 1.2), ("hubal2005", "rhea2003"), "s_s: 1RM gain per unit strength fitness"
    )
    vo2max_per_fitness: float = param(
        0.42, "fraction/fitness unit", (0.2, 1.0), ("bouchard1999",), "s_e: VO2max gain per unit endurance fitness"
    )
    strength_gain_ceiling: float = param(
        3.0, "fraction", (1.5, 5.0), ("hubal2005",), "G_s: ceiling of the relative 1RM gain (Hubal: up to +250 %)", gt=0
    )
    vo2max_gain_ceiling: float = param(
        0.6, "fraction", (0.3, 1.0), ("bouchard1999",), "G_e: ceiling of the relative VO2max gain", gt=0
    )
    performance_per_fitness: float = param(
        0.6, "fraction/fitness unit", (0.1, 1.0), ("clarke2013", "bosquet2007"),
        "c_p: performance index per fitness unit (sets a 2-week taper's gain near Bosquet's ~2 %)",
    )
    fatigue_force_coupling: float = param(
        0.3, "fraction/fitness unit", (0.0, 1.0), ("clarke2013",), "c_h: force = 1/(1 + c_h h), initial 1RM loss per unit fatigue"
    )
    response_untrained: float = param(1.0, "ratio", (0.8, 1.2), ("ratamess2009", "rhea2003"), "status response, untrained")
    response_trained: float = param(0.30, "ratio", (0.2, 0.6), ("ratamess2009", "rhea2003"), "status response, trained")
    response_elite: float = param(0.12, "ratio", (0.03, 0.3), ("ratamess2009",), "status response, elite")
    hiit_endurance_weight: float = param(1.5, "ratio", (1.0, 2.5), ("milanovic2015",), "HIIT AU counted toward endurance load")
    hiit_strength_weight: float = param(0.3, "ratio", (0.0, 0.6), ("milanovic2015",), "HIIT AU counted toward strength load")
    damage_per_eccentric_au: float = param(
        0.02, "AU/AU", (0.005, 0.08), ("clarkson2002", "paulsen2012", "chen2007", "tanabe2015"),
        "k_D: primary injury per unaccustomed eccentric AU (minutes x relative intensity). Not measured: no study "
        "gives strength loss per time point (mean, SD) after a bout stated in minutes and relative intensity, and "
        "the closest ones disagree under the model's linear dose (LIT-EIMD-DR's diagnosis); 0.02 is a modelling "
        "choice. Put in model terms, Chen 2007's 30-min downhill run at 70 % VO2peak (-7 to -21 % over 0-4 d, no "
        "SDs) needs ~0.06 (0.02 gives -6 % at 24 h, -2 % at 96 h), and Tanabe 2015's maximal elbow-flexor bout "
        "(placebo -31 +- 13 % at 96 h) more than the range allows; the range takes in Chen's ~0.06",
    )
    damage_primary_half_life_d: float = param(
        1.0, "d", (0.5, 2.0), ("warren2001", "clarkson2002"),
        "t_1: half-life of the primary injury (E-C uncoupling, the bulk of the early strength loss, recovers "
        "over ~1-5 d: Warren 2001); MVC is lowest immediately after to 24 h (Clarkson & Hubal 2002)", gt=0,
    )
    damage_secondary_fraction: float = param(
        0.5, "fraction", (0.2, 0.8), ("warren2001", "paulsen2012"),
        "phi: share of the resolving primary injury that progresses to secondary damage (not measured as such: "
        "Warren 2001 attributes most early strength loss to E-C uncoupling and the prolonged deficit to a slow "
        "loss of contractile protein; modelling choice inside that split)", ge=0, le=1,
    )
    damage_secondary_half_life_d: float = param(
        3.0, "d", (2.0, 7.0), ("paulsen2012", "clarkson2002"),
        "t_2: half-life of secondary damage (moderate damage: force back within ~1 week, Paulsen 2012; "
        "recovery over days to >1 week, Clarkson & Hubal 2002)", gt=0,
    )
    repeated_bout_tau_d: float = param(60.0, "d", (20.0, 180.0), ("mchugh2003",), "decay of repeated-bout protection", gt=0)
    repeated_bout_exposure_au: float = param(
        60.0, "AU", (20.0, 200.0), ("mchugh2003",), "eccentric exposure that cuts new damage by 1/e", gt=0
    )
    damage_force_coupling: float = param(
        0.25, "fraction/AU", (0.1, 0.5), ("paulsen2012",), "c_D: force = 1/(1 + c_D D), initial 1RM loss per damage unit"
    )
    everyday_eccentric_au: float = param(
        10.0, "AU", (0.0, 30.0), ("mchugh2003",),
        "E_daily: repeated-bout memory from everyday eccentric activity (stairs, walking downhill), "
        "present without training (modelling choice: no measurement in AU)",
    )
    ck_baseline_u_l: float = param(150.0, "U/L", (60.0, 300.0), ("mougios2007",), "resting CK")
    ck_per_damage_u_l: float = param(600.0, "U/L per AU", (200.0, 2000.0), ("clarkson2002",), "CK release per damage unit per day")
    ck_half_life_d: float = param(1.0, "d", (0.5, 2.0), ("clarkson2002",), "CK clearance half-life", gt=0)
    plasma_volume_tau_d: float = param(
        2.0, "d", (1.0, 5.0), ("cullinane1986", "coyle1986", "convertino1980"),
        "tau_PV: time constant of the training-induced plasma volume expansion (Cullinane 1986: the whole "
        "-5.0 +- 5.9 % within 2 days of stopping, none after; Convertino 1980: +12 % within 8 days of training)", gt=0,
    )
    plasma_volume_gain_per_au: float = param(
        1.19e-3, "fraction/AU", (1.18e-3, 5.1e-3), ("convertino1980", "green1987"),
        "k_PV: plasma volume expansion per endurance AU while far below the ceiling, solved from each study's "
        "8- or 4-day course under the saturating update (tau_PV 2 d, E_PV 0.25; plasma_volume_gain_from): "
        "Convertino 1980, +12.1 % after 8 d x 78 AU/d: 1.19e-3; "
        "Green 1987, +20.3 % after 4 d x 85 AU/d: 5.1e-3",
        ge=0,
    )
    plasma_volume_max_fraction: float = param(
        0.25, "fraction", (0.203, 0.30), ("fellmann1992", "green1987"),
        "E_PV: ceiling of the training-induced plasma volume expansion (Fellmann 1992's review: 9-25 %, "
        "300-700 mL of plasma; at least Green 1987's +20.3 % in 4 days)",
        gt=0, le=1,
    )
    vo2max_per_plasma_volume: float = param(
        0.25, "fraction/fraction", (0.0, 0.33), ("coyle1986", "green1987", "warburton1999"),
        "beta: relative VO2max change per relative plasma volume change (Coyle 1986: restoring the 12 % plasma "
        "volume lost in 2-4 weeks of detraining brought VO2max from -6 % to within 2-4 % of trained, 2-4 points: "
        "0.17-0.33; Green 1987 and Warburton 1999: no VO2max change with expansion, 0)", ge=0,
    )
    mito_gain_per_au: float = param(
        2.0e-4, "index/AU", (5e-5, 6e-4), ("granata2018",), "mitochondrial biogenesis per endurance AU"
    )
    mito_tau_d: float = param(40.0, "d", (20.0, 80.0), ("granata2018",), "decay of mitochondrial gains", gt=0)
    energy_cost_ceiling: float = param(
        0.5, "fraction", (0.3, 0.8), ("lukaski2002",),
        "G: ceiling of the extra O2 cost of submaximal work from combined nutrient inefficiencies "
        "(severe Mg depletion alone gives ~+10-15 %)", gt=0,
    )
    submax_hr_bpm: float = param(130.0, "bpm", (110.0, 150.0), ("lukaski2002",), "HR at the reference submaximal workload", gt=0)
    hr_max_intercept_bpm: float = param(208.0, "bpm", (200.0, 220.0), ("tanaka2001",), "HRmax = a - b age: intercept a", gt=0)
    hr_max_age_slope_bpm_y: float = param(0.7, "bpm/y", (0.5, 1.0), ("tanaka2001",), "HRmax = a - b age: slope b")
    autoregulation_readiness: float = param(
        0.3, "0-1", (0.2, 0.4), ("halson2014", "meeusen2013"),
        "r*: readiness below which the day's training is skipped (h + D > 1/r* - 1 = 2.3 at 0.3: force down by "
        "~40 %, i.e. non-functional overreaching; the threshold itself is a modelling choice)",
        ge=0, le=1,
    )

    derived_names = (
        "fitness_decay", "fatigue_rate", "fatigue_decay", "fatigue_gain_per_au", "damage_primary_decay",
        "damage_secondary_rate", "damage_secondary_decay",
        "repeated_bout_rate", "rbe_decay", "ck_decay", "mito_decay", "plasma_volume_decay", "plasma_volume_gain_scaled",
    )

    def derived(self) -> dict[str, float]:
        return {
            "fitness_decay": math.exp(-1.0 / self.tau_fitness_d),
            "fatigue_rate": 1.0 / self.tau_fatigue_d,
            "fatigue_decay": math.exp(-1.0 / self.tau_fatigue_d),
            "fatigue_gain_per_au": self.fatigue_to_fitness_gain_ratio * self.fitness_gain_per_au,
            "damage_primary_decay": 0.5 ** (1.0 / self.damage_primary_half_life_d),
            "damage_secondary_rate": math.log(2.0) / self.damage_secondary_half_life_d,
            "damage_secondary_decay": 0.5 ** (1.0 / self.damage_secondary_half_life_d),
            "repeated_bout_rate": 1.0 / self.repeated_bout_exposure_au,
            "rbe_decay": math.exp(-1.0 / self.repeated_bout_tau_d),
            "ck_decay": math.exp(-math.log(2.0) / self.ck_half_life_d),
            "mito_decay": math.exp(-1.0 / self.mito_tau_d),
            "plasma_volume_decay": math.exp(-1.0 / self.plasma_volume_tau_d),
            "plasma_volume_gain_scaled": self.plasma_volume_gain_per_au / self.plasma_volume_max_fraction,
        }


P = PARAMS.declare(NAME, MuscleParams)


@kernel
def skips_training(readiness, p):
    """Readiness-guided training: the day's sessions are skipped when readiness < s r*.

        skip = readiness < s r*,   readiness = 1 / (1 + h + D)  (start of day)

    with r* = ``autoregulation_readiness`` and s the mechanism strength (0: never skip).
    Athletes and coaches cut or skip sessions when monitored fatigue is extreme (Halson 2014;
    Meeusen 2013: non-functional overreaching is treated with rest), which bounds fatigue
    near h + D = 1/r* - 1 instead of letting it grow with the load. The default cohort never
    comes near the threshold (lowest readiness over 10^6 simulated athletes: 0.44); it acts
    only where fatigue parameters or loads are extreme (sweeps, stress tests).
    """
    return readiness < p[M.readiness_autoregulation] * p[P.autoregulation_readiness]


@kernel
def secondary_damage(resolving, susceptibility, p):
    """New secondary damage (AU/d) = m phi sus T: a share phi of the primary injury T resolving today
    progresses to secondary (proteolytic, inflammatory) damage; sus is the ``damage_susceptibility``
    channel (curcumin lowers it) and m the mechanism strength (Warren 2001; Paulsen 2012)."""
    return p[M.secondary_muscle_damage] * p[P.damage_secondary_fraction] * susceptibility * resolving


@kernel
def plasma_volume_next(expansion, decay, ceiling, fill):
    """e' = a e + (E_PV - a e) u / (1 + u) with a = ``decay``, E_PV = ``ceiling``, u = ``fill``."""
    kept = expansion * decay
    return kept + (ceiling - kept) * fill / (1.0 + fill)


@kernel
def plasma_volume_step(expansion, load_endurance, p):
    """Next day's plasma volume expansion e' = a e + (E_PV - a e) u / (1 + u), u = k_PV L_e / E_PV:
    the decay of e with tau_PV, and the day's endurance load L_e (AU) filling the share u / (1 + u)
    of the room left below the ceiling E_PV (Fellmann 1992), so 0 <= e < E_PV for any load."""
    return plasma_volume_next(
        expansion, p[P.plasma_volume_decay], p[P.plasma_volume_max_fraction], p[P.plasma_volume_gain_scaled] * load_endurance
    )


def plasma_volume_gain_from(expansion: float, load_au: float, days: int, tau_d: float, ceiling: float) -> float:
    """k_PV at which ``days`` days of a constant endurance load ``load_au`` (AU/d) expand plasma volume
    from 0 to ``expansion`` under :func:`plasma_volume_step` (bisection; how the parameter's value
    is read from a training study's course)."""
    decay = math.exp(-1.0 / tau_d)
    step = getattr(plasma_volume_next, "py_func", plasma_volume_next)  # Python floats: no compiled specialisation
    low, high = 0.0, 1.0
    for _ in range(200):
        gain = 0.5 * (low + high)
        e = 0.0
        for _ in range(days):
            e = step(e, decay, ceiling, gain * load_au / ceiling)
        low, high = (gain, high) if e < expansion else (low, gain)
    return 0.5 * (low + high)


@kernel
def plasma_volume_vo2max(expansion, p):
    """VO2max factor of the training-induced plasma volume expansion e (fraction of the untrained
    plasma volume): 1 + m beta e, with beta = ``vo2max_per_plasma_volume`` (relative VO2max change
    per relative plasma volume change, net of haemodilution: Coyle 1986) and m the mechanism
    strength (0: VO2max does not read plasma volume; e is still simulated)."""
    return 1.0 + p[M.plasma_volume_vo2max] * p[P.vo2max_per_plasma_volume] * expansion


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism(
            "secondary_muscle_damage", NAME, "primary muscle damage", "secondary muscle damage", 1, "supported",
            ("warren2001", "paulsen2012", "clarkson2002", "newham1983"),
            "after an eccentric bout, a share of the mechanical injury progresses over days to secondary "
            "(proteolytic, inflammatory) damage, prolonging the strength loss and the CK efflux",
            secondary_damage,
            parameters=("damage_secondary_fraction", "damage_secondary_half_life_d"),
        ),
        Mechanism(
            "readiness_autoregulation", NAME, "readiness", "training load", -1, "supported", ("halson2014", "meeusen2013"),
            "training is skipped on days that start with readiness below r* (monitoring-guided rest)",
            skips_training, parameters=("autoregulation_readiness",),
        ),
        Mechanism(
            "plasma_volume_vo2max", NAME, "plasma volume expansion", "VO2max", 1, "contested",
            ("coyle1986", "convertino1980", "cullinane1986", "green1987", "warburton1999", "sawka2000", "fellmann1992"),
            "endurance training expands plasma volume within days and inactivity loses it within days; the "
            "higher stroke volume raises VO2max (Coyle 1986: most of an early detraining loss reversed by "
            "volume expansion), though hypervolaemia alone left VO2max unchanged in other studies",
            plasma_volume_vo2max,
            parameters=("plasma_volume_tau_d", "plasma_volume_gain_per_au", "plasma_volume_max_fraction", "vo2max_per_plasma_volume"),
        ),
    ],
)


@kernel
def status_response(x, p):
    """Response to training by status: untrained 1, trained ~0.4, elite ~0.12 (ACSM 2009)."""
    status = x[T.training_status]
    if status < 0.5:
        return p[P.response_untrained]
    if status < 1.5:
        return p[P.response_trained]
    return p[P.response_elite]


@kernel
def saturating_gain(gain, ceiling):
    """sat(y, G) = y / (1 + y/G): linear for small gains, never above the ceiling G."""
    return gain / (1.0 + gain / ceiling)


@kernel
def effective_energy_cost(channel, ceiling):
    """Relative O2 cost of submaximal work: 1 + sat(c - 1, G) for c > 1, else c.

    Inefficiencies from several nutrients multiply in the energy_cost channel; their combined
    extra cost saturates at the ceiling G instead of compounding without limit.
    """
    if channel <= 1.0:
        return channel
    return 1.0 + saturating_gain(channel - 1.0, ceiling)


@kernel
def submax_heart_rate(cost, age_y, p):
    """HR at the fixed submaximal workload, bpm, at relative O2 cost ``cost``.

    ~10 bpm per 10 % extra O2 cost at a fixed workload (Lukaski & Nielsen 2002); the rise
    saturates below the age-predicted maximum (Tanaka 2001), so HR < HRmax by construction.
    """
    hr_max = p[P.hr_max_intercept_bpm] - p[P.hr_max_age_slope_bpm_y] * age_y
    hr_ref = p[P.submax_hr_bpm]
    hr_rise = 0.0 if cost == 1.0 else hr_ref * (cost**0.8 - 1.0)
    return hr_ref + (saturating_gain(hr_rise, hr_max - hr_ref) if hr_rise > 0.0 else hr_rise)


@kernel
def crosstalk(x, p, d):
    """Muscle contributes nothing to other subsystems' channels."""
    return


@kernel
def kinetics(x, p, d):
    """Advance fitness, fatigue, damage and the outcomes by one day (module docstring)."""
    response = status_response(x, p)
    cost = effective_energy_cost(d[C.energy_cost], p[P.energy_cost_ceiling])
    hiit = d[I.load_hiit_au]
    load_strength = d[I.load_resistance_au] + d[I.load_eccentric_au] + p[P.hiit_strength_weight] * hiit
    load_endurance = d[I.load_endurance_au] + p[P.hiit_endurance_weight] * hiit
    k1 = p[P.fitness_gain_per_au]
    decay = p[P.fitness_decay]

    x[V.fitness_strength] = x[V.fitness_strength] * decay + (
        k1 * response * x[T.strength_responsiveness] * d[C.adapt_strength] * load_strength
    )
    x[V.fitness_endurance] = x[V.fitness_endurance] * decay + (
        k1 * response * x[T.endurance_responsiveness] * d[C.adapt_endurance] * load_endurance
    )
    recovery = d[C.recovery]
    fatigue_decay = p[P.fatigue_decay] if recovery == 1.0 else math.exp(-p[P.fatigue_rate] * recovery)
    x[V.fatigue] = x[V.fatigue] * fatigue_decay + (
        p[P.fatigue_gain_per_au] * response * d[C.fatigue_gain] * cost * d[I.load_total_au]
    )

    # Primary injury from unaccustomed eccentric work, blunted by the repeated-bout effect; the
    # share of it resolving today feeds the secondary phase (module docstring).
    eccentric = d[I.load_eccentric_au] + 0.3 * d[I.load_resistance_au]
    primary = x[V.muscle_damage_primary_au]
    if eccentric > 0.0:
        novelty = math.exp(-x[V.eccentric_exposure_au] * p[P.repeated_bout_rate])
        primary += p[P.damage_per_eccentric_au] * eccentric * novelty
    resolving = primary * (1.0 - p[P.damage_primary_decay])
    x[V.muscle_damage_primary_au] = primary - resolving
    clearance = d[C.damage_clearance]
    secondary_decay = p[P.damage_secondary_decay] if clearance == 1.0 else math.exp(-p[P.damage_secondary_rate] * clearance)
    x[V.muscle_damage_secondary_au] = x[V.muscle_damage_secondary_au] * secondary_decay + secondary_damage(
        resolving, d[C.damage_susceptibility], p
    )
    x[V.muscle_damage_au] = x[V.muscle_damage_primary_au] + x[V.muscle_damage_secondary_au]
    # Repeated-bout memory: training eccentric work plus everyday activity, which holds E at E_daily.
    rbe_decay = p[P.rbe_decay]
    x[V.eccentric_exposure_au] = x[V.eccentric_exposure_au] * rbe_decay + eccentric + p[P.everyday_eccentric_au] * (1.0 - rbe_decay)
    # CK starts at or above its baseline and only gains damage-driven release: never below baseline.
    ck_excess = (x[V.ck_u_l] - p[P.ck_baseline_u_l]) * p[P.ck_decay] + p[P.ck_per_damage_u_l] * x[V.muscle_damage_au]
    x[V.ck_u_l] = p[P.ck_baseline_u_l] + ck_excess

    x[V.plasma_volume_expansion] = plasma_volume_step(x[V.plasma_volume_expansion], load_endurance, p)
    x[V.mito_index] = 1.0 + (x[V.mito_index] - 1.0) * p[P.mito_decay] + (
        p[P.mito_gain_per_au] * response * x[T.endurance_responsiveness] * d[C.adapt_mito] * load_endurance
    )

    h = x[V.fatigue]
    damage = x[V.muscle_damage_au]
    force = d[C.force] / ((1.0 + p[P.fatigue_force_coupling] * h) * (1.0 + p[P.damage_force_coupling] * damage))
    strength_gain = saturating_gain(p[P.strength_per_fitness] * x[V.fitness_strength], p[P.strength_gain_ceiling])
    x[V.strength_1rm_kg] = x[V.strength_1rm_untrained_kg] * (1.0 + strength_gain) * force
    endurance_gain = saturating_gain(p[P.vo2max_per_fitness] * x[V.fitness_endurance], p[P.vo2max_gain_ceiling])
    x[V.vo2max_ml_kg_min] = (
        x[V.vo2max_untrained_ml_kg_min] * (1.0 + endurance_gain) * plasma_volume_vo2max(x[V.plasma_volume_expansion], p)
        * d[C.o2_delivery]
    )
    x[V.performance_index] = 1.0 + p[P.performance_per_fitness] * (x[V.fitness_strength] + x[V.fitness_endurance] - h)
    x[V.readiness] = 1.0 / (1.0 + h + damage)
    x[V.submax_vo2_rel] = cost
    x[V.submax_hr_bpm] = submax_heart_rate(cost, x[T.age_y], p)


# Baseline 1RM (back squat, multiples of body mass) and VO2max (mL/kg/min) by status and sex;
# population norms summarised in ACSM's Guidelines (11th ed.) and Ratamess 2009.
_RELATIVE_1RM = {(0, 0): 1.0, (0, 1): 0.7, (1, 0): 1.5, (1, 1): 1.1, (2, 0): 2.0, (2, 1): 1.5}
_VO2MAX = {(0, 0): 40.0, (0, 1): 33.0, (1, 0): 55.0, (1, 1): 47.0, (2, 0): 68.0, (2, 1): 58.0}
_SPORT_STRENGTH = np.array([0.85, 1.2, 1.0, 1.0])
_SPORT_VO2 = np.array([1.1, 0.88, 1.0, 1.0])
#: Between-athlete log SDs of 1RM and VO2max within a status/sex/sport group, and the
#: truncation of their normal scores (norms beyond +-2.5 SD are not represented).
_LOG_SD_1RM, _LOG_SD_VO2, _TRUNCATION_SD = 0.15, 0.10, 2.5


def _truncated_normal_scores(rng: np.random.Generator, n: int) -> np.ndarray:
    """Standard-normal scores truncated to +-2.5 (inverse CDF of a uniform on the kept range)."""
    tail = float(ndtr(-_TRUNCATION_SD))
    return np.asarray(ndtri(tail + (1.0 - 2.0 * tail) * rng.random(n)))


def _saturating(gain: np.ndarray, ceiling: float) -> np.ndarray:
    return gain / (1.0 + gain / ceiling)


def start_of_day_channels(traits: dict[str, np.ndarray], vector: np.ndarray) -> dict[str, np.ndarray]:
    """The channels muscle's steady state reads (energy cost, fatigue gain, recovery, endurance
    adaptation), as the run's crosstalk gives them at the athlete's initial status of the subsystems
    that initialise before muscle: magnesium then B vitamins (``cohort.engine.day.PHASES`` order;
    :func:`cohort.physiology.magnesium.initial_channels`,
    :func:`cohort.physiology.b_vitamins.initial_channels`), 1 where a subsystem contributes nothing."""
    n = traits["female"].shape[0]
    out = {name: np.ones(n) for name in ("energy_cost", "fatigue_gain", "recovery", "adapt_endurance")}
    for contributed in (magnesium.initial_channels(traits, vector), b_vitamins.initial_channels(traits, vector)):
        for name in out:
            if name in contributed:
                out[name] = out[name] * contributed[name]
    return out


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Training state at the steady state of each athlete's training history (module docstring)."""
    assert isinstance(params, MuscleParams)
    q = params
    derived = q.derived()
    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    secondary_strength = float(p[M.secondary_muscle_damage])
    n = traits["female"].shape[0]
    status = traits["training_status"].astype(int)
    female = traits["female"].astype(int)
    sport = traits["sport"].astype(int)
    rel_1rm = np.array([_RELATIVE_1RM[(s, f)] for s, f in zip(status, female, strict=True)]) if n else np.zeros(0)
    vo2 = np.array([_VO2MAX[(s, f)] for s, f in zip(status, female, strict=True)]) if n else np.zeros(0)
    strength = traits["body_mass_kg"] * rel_1rm * _SPORT_STRENGTH[sport] * np.exp(_LOG_SD_1RM * _truncated_normal_scores(rng, n))
    vo2max = vo2 * _SPORT_VO2[sport] * np.exp(_LOG_SD_VO2 * _truncated_normal_scores(rng, n))

    # Habitual loads (AU/d) in the kernel's strength/endurance split.
    endurance = traits["habitual_load_endurance_au"]
    resistance = traits["habitual_load_resistance_au"]
    hiit = traits["habitual_load_hiit_au"]
    eccentric = traits["habitual_load_eccentric_au"]
    load_strength = resistance + eccentric + q.hiit_strength_weight * hiit
    load_endurance = endurance + q.hiit_endurance_weight * hiit
    load_total = endurance + resistance + hiit + eccentric
    response = np.select([status == 0, status == 1], [q.response_untrained, q.response_trained], q.response_elite)
    # the channels magnesium's and the B vitamins' crosstalk give at the athlete's initial Mg status
    # and B-vitamin pools (1 when replete), multiplied in the run's phase order
    channels = start_of_day_channels(traits, p)
    gain = q.fitness_gain_per_au * response
    fitness_strength = gain * traits["strength_responsiveness"] * load_strength / (1.0 - derived["fitness_decay"])
    fitness_endurance = gain * traits["endurance_responsiveness"] * channels["adapt_endurance"] * load_endurance / (
        1.0 - derived["fitness_decay"]
    )
    cost = np.array([effective_energy_cost(c, p[P.energy_cost_ceiling]) for c in channels["energy_cost"]])
    recovery = channels["recovery"]
    fatigue_decay = np.where(recovery == 1.0, derived["fatigue_decay"], np.exp(-derived["fatigue_rate"] * recovery))
    fatigue = derived["fatigue_gain_per_au"] * response * channels["fatigue_gain"] * cost * load_total / (1.0 - fatigue_decay)
    eccentric_daily = eccentric + 0.3 * resistance
    exposure = q.everyday_eccentric_au + eccentric_daily / (1.0 - derived["rbe_decay"])
    new_damage = q.damage_per_eccentric_au * eccentric_daily * np.exp(-exposure * derived["repeated_bout_rate"])
    primary = new_damage * derived["damage_primary_decay"] / (1.0 - derived["damage_primary_decay"])
    secondary = secondary_strength * q.damage_secondary_fraction * new_damage / (1.0 - derived["damage_secondary_decay"])
    damage = primary + secondary
    ck = q.ck_baseline_u_l + q.ck_per_damage_u_l * damage / (1.0 - derived["ck_decay"])
    fill = derived["plasma_volume_gain_scaled"] * load_endurance
    fill = fill / (1.0 + fill)
    decay = derived["plasma_volume_decay"]
    plasma_volume = q.plasma_volume_max_fraction * fill / (1.0 - decay + decay * fill)  # plasma_volume_step's fixed point
    # the run's factor itself, as a Python function on arrays (no compiled array specialisation)
    plasma_factor = getattr(plasma_volume_vo2max, "py_func", plasma_volume_vo2max)(plasma_volume, p)
    mito = 1.0 + q.mito_gain_per_au * response * traits["endurance_responsiveness"] * load_endurance / (
        1.0 - derived["mito_decay"]
    )

    force = 1.0 / ((1.0 + q.fatigue_force_coupling * fatigue) * (1.0 + q.damage_force_coupling * damage))
    strength_untrained = strength / ((1.0 + _saturating(q.strength_per_fitness * fitness_strength, q.strength_gain_ceiling)) * force)
    vo2max_untrained = vo2max / (
        (1.0 + _saturating(q.vo2max_per_fitness * fitness_endurance, q.vo2max_gain_ceiling)) * plasma_factor
    )
    return {
        "strength_1rm_baseline_kg": strength,
        "vo2max_baseline_ml_kg_min": vo2max,
        "strength_1rm_untrained_kg": strength_untrained,
        "vo2max_untrained_ml_kg_min": vo2max_untrained,
        "fitness_strength": fitness_strength,
        "fitness_endurance": fitness_endurance,
        "plasma_volume_expansion": plasma_volume,
        "fatigue": fatigue,
        "muscle_damage_au": damage,
        "muscle_damage_primary_au": primary,
        "muscle_damage_secondary_au": secondary,
        "eccentric_exposure_au": exposure,
        "ck_u_l": ck,
        "strength_1rm_kg": strength,
        "vo2max_ml_kg_min": vo2max,
        "mito_index": mito,
        "readiness": 1.0 / (1.0 + fatigue + damage),
        "performance_index": 1.0 + q.performance_per_fitness * (fitness_strength + fitness_endurance - fatigue),
        "submax_vo2_rel": cost,
        "submax_hr_bpm": np.array([submax_heart_rate(c, a, p) for c, a in zip(cost, traits["age_y"], strict=True)]),
    }


SUBSYSTEM = Subsystem(
    name=NAME,
    params=MuscleParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    kinetics_reads=(
        "training_status", "age_y", "strength_responsiveness", "endurance_responsiveness",
        "strength_1rm_untrained_kg", "vo2max_untrained_ml_kg_min",
        "load_resistance_au", "load_eccentric_au", "load_hiit_au", "load_endurance_au", "load_total_au",
        "adapt_strength", "adapt_endurance", "adapt_mito", "force", "recovery", "fatigue_gain",
        "energy_cost", "o2_delivery", "damage_clearance", "damage_susceptibility",
    ),
    writes=(
        "fitness_strength", "fitness_endurance", "plasma_volume_expansion", "fatigue", "muscle_damage_au", "muscle_damage_primary_au",
        "muscle_damage_secondary_au", "eccentric_exposure_au", "ck_u_l", "mito_index", "strength_1rm_kg",
        "vo2max_ml_kg_min", "performance_index", "readiness", "submax_vo2_rel", "submax_hr_bpm",
    ),
    summary_variables=("strength_1rm_kg", "vo2max_ml_kg_min", "fatigue", "mito_index", "ck_u_l", "readiness"),
    description="Fitness-fatigue training response, muscle damage, strength and VO2max",
)
