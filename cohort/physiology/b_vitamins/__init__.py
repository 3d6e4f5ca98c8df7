"""B vitamins: eight body pools, their biomarkers, the coenzyme bottleneck and erythropoiesis.

State, per athlete:

* ``b1_status_pct`` ... ``b12_status_pct`` (P_v): body pool of each vitamin as % of adequacy.
  100 % is the steady-state pool an untrained adult reaches at the adult (male) RDA/AI
  (``ADEQUATE_INTAKE``, IOM 1998) absorbed with the default bioavailability and without
  microbial supply. A pool in physiological units is P_v / 100 x (adequate absorbed input /
  k_v): e.g. ~30 mg thiamin, ~1-2.5 mg vitamin B12 (IOM 1998; Heyssel 1966).
* biomarkers: ``b1_etkac`` (erythrocyte transketolase activation coefficient), ``b2_egrac``
  (erythrocyte glutathione reductase activation coefficient), ``b6_plp_nmol_l`` (plasma
  pyridoxal 5'-phosphate), ``serum_folate_nmol_l`` (recent intake), ``rbc_folate_nmol_l``
  (stores), ``serum_b12_pmol_l``;
* ``b_energy_capacity`` (0-1, the coenzyme bottleneck) and ``b_erythropoiesis_supply`` (0-1),
  recorded copies of what the crosstalk phase contributes.

Daily kinetics (exact one-day step of first-order turnover k_v = ln2 / t1/2_v, with the
day's absorbed input u_v held constant; L = load_total_au):

    u_v      = F_v I_v + M_v                      F_v bioavailability, I_v intake_<v>,
                                                  M_v microbial_<v> flow (host-available)
    u_B12    = n A_max (f I/n) / (f I/n + K_IF) + f_passive f I + M_12
               (intrinsic-factor absorption saturates per meal; n = 3 meals; Adams 1971: 50 % of
               1 ug, 20 % of 5 ug absorbed; f: the athlete's food-release factor, r_AG with
               food-bound malabsorption, whose prevalence rises with age, else 1)
    P_v(t+1) = P_v e^{-k_v} / (1 + e_v k_v L) + 100 (1 - e^{-k_v}) u_v / u_ref,v
               (e_v: exercise turnover per AU, only B2 and B6; 0 otherwise)
    steady state (L = 0): P_v = 100 u_v / u_ref,v,  i.e. pool = u_v / k_v

Biomarkers (saturation of the apo-enzyme with its coenzyme, ``AC = 1 + (AC_max - 1) K / (P + K)``,
with K set so that AC = AC_adequate at P = 100):

    EGRAC = 1 + (E_max - 1) K_2 / (P_2 + K_2)       ETKAC likewise from P_1
    PLP   = PLP_adequate r_PLP P_6 / 100            RBC folate = RBC_adequate P_9 / 100
            (r_PLP: per-athlete log-normal factor; PLP varies widely at equal intake)
    serum folate: first order (t1/2 ~ 1 week) toward S_adequate (w u_9/u_ref + (1-w) P_9/100)
    serum B12 = g B_max P_12 / (P_12 + K_12)
               (g: the athlete's serum factor, log-normal with mean 1: serum B12 at equal stores
               varies between people)

Between-person variation of B12 (per-athlete traits drawn at initialisation, so each athlete
starts at the steady state of their own intake, food release and serum factor; switches
``b12_food_malabsorption`` and ``b12_serum_individuality``):

    f = r_AG with probability pi(age) = clip(pi_52 + pi' (age - 52 y), 0, 1), else 1
        (severe atrophic gastritis: 4.8 % at 50-54 y, 8.7 % at 70-74 y, Weck 2007; r_AG = 0.2,
        King 1979, Miller 1992)
    g ~ LogNormal(-sigma^2/2, sigma),  sigma = sqrt(0.375^2 - 0.227^2) = 0.30
        (0.375: log SD of serum B12 in 600 Dutch adults >= 65 y, CV 0.38-0.39, Brouwer-Brolsma
        2015; 0.227: the log SD the model's own omnivore intake prior and food-bound
        malabsorption give at those ages; ``test_serum_b12_factor_sigma_is_the_population_spread_left_by_intake``)

Crosstalk (from the start-of-day pools; m = min over the energy-metabolism coenzymes B1, B2,
B3, B5, B6, B7 of P_v, the scarcest one; folate and B12 act through red-cell production,
Woolf & Manore 2006):

    deficit  = s_severe max(0, 1 - m / P_def) + s_marginal d_marg clamp((100 - m)/(100 - P_def), 0, 1)
    capacity = max(0, 1 - deficit)
    adapt_endurance *= max(0, 1 - a_adapt (1 - capacity))
    fatigue_gain    *= 1 + a_fatigue (1 - capacity)
    energy_cost     *= 1 + a_cost (1 - capacity)
    erythropoiesis_supply *= (1 - s_912 (1 - min(1, min(P_9, P_12) / P_ery)))
                            (1 - s_2 w_2 g_2),   g_2 = max(0, u(P_2) - u(100)) / (1 - u(100))
    u(P) = K_2 / (P + K_2): flavin-unsaturated share of glutathione reductase (EGRAC's K_2), so
    the riboflavin term is graded with EGRAC above its adequate value, not a threshold

References: IOM 1998 (DRIs for the B vitamins); Ariaey-Nejad 1970; Herbert 1962;
Heyssel 1966; Krasinski 1986; Weck 2007; King 1979; Carmel 1995; Hazra 2008; Tucker 2000;
Brouwer-Brolsma 2015; Coburn 1988; Belko 1983; Soares 1993; Manore 2000; van der Beek 1994;
Powers 2003, 2011; Hoey 2009; WHO 2015; Allen 2018.

Layout of this package (everything above is importable from ``cohort.physiology.b_vitamins``):

* :mod:`~cohort.physiology.b_vitamins.variables`: ``NAME``, the vitamins, their units and adequate
  intakes, and the state variables ``V``;
* :mod:`~cohort.physiology.b_vitamins.parameters`: :class:`BVitaminsParams`, ``P``, B12 absorption
  and the reference absorbed input;
* :mod:`~cohort.physiology.b_vitamins.mechanisms`: the mechanism kernels and their registration ``M``;
* :mod:`~cohort.physiology.b_vitamins.kinetics`: the daily ``crosstalk`` and ``kinetics`` kernels;
* :mod:`~cohort.physiology.b_vitamins.initial`: the initial status (``initialize``) and the channels it
  gives the subsystems that initialise after it (``initial_channels``: muscle);
* this file: the :class:`~cohort.physiology.base.Subsystem` record ``SUBSYSTEM``.
"""

from __future__ import annotations

from cohort.physiology.b_vitamins.initial import (
    CONTRIBUTES,
    habitual_survival,
    initial_channels,
    initialize,
    reference_microbial_supply,
)
from cohort.physiology.b_vitamins.kinetics import crosstalk, kinetics
from cohort.physiology.b_vitamins.mechanisms import (
    M,
    energy_capacity,
    erythropoiesis_sufficiency,
    exercise_turnover,
)
from cohort.physiology.b_vitamins.parameters import (
    BVitaminsParams,
    P,
    b12_absorbed,
    reference_absorbed,
)
from cohort.physiology.b_vitamins.variables import (
    ADEQUATE_INTAKE,
    B12_MEALS_PER_DAY,
    ENERGY_COENZYMES,
    ERYTHROPOIESIS_CHANNEL,
    INTAKE,
    MICROBIAL,
    NAME,
    REFERENCE_BIOAVAILABILITY,
    UNITS,
    VITAMINS,
    V,
)
from cohort.physiology.base import Subsystem, Threshold
from cohort.state import STATE

__all__ = [
    "ADEQUATE_INTAKE",
    "B12_MEALS_PER_DAY",
    "BVitaminsParams",
    "CONTRIBUTES",
    "ENERGY_COENZYMES",
    "ERYTHROPOIESIS_CHANNEL",
    "INTAKE",
    "M",
    "MICROBIAL",
    "NAME",
    "P",
    "REFERENCE_BIOAVAILABILITY",
    "SUBSYSTEM",
    "THRESHOLDS",
    "UNITS",
    "V",
    "VITAMINS",
    "b12_absorbed",
    "crosstalk",
    "energy_capacity",
    "erythropoiesis_sufficiency",
    "exercise_turnover",
    "habitual_survival",
    "initial_channels",
    "initialize",
    "kinetics",
    "reference_absorbed",
    "reference_microbial_supply",
]

THRESHOLDS = (
    Threshold("b1_deficient", "b1_etkac", False, 1.25, "thiamin deficiency: ETKAC > 1.25", ("whitfield2018",)),
    Threshold("b2_marginal", "b2_egrac", False, 1.3, "marginal riboflavin status: EGRAC > 1.3", ("hoey2009", "powers2003")),
    Threshold("b2_deficient", "b2_egrac", False, 1.4, "riboflavin deficiency: EGRAC > 1.4", ("hoey2009", "powers2003")),
    Threshold("b6_deficient", "b6_plp_nmol_l", True, 20.0, "vitamin B6 inadequacy: plasma PLP < 20 nmol/L", ("iom_dri", "morris2008")),
    Threshold("folate_deficient_serum", "serum_folate_nmol_l", True, 6.8, "folate deficiency: serum folate < 6.8 nmol/L", ("who_folate2015",)),
    Threshold("folate_deficient_rbc", "rbc_folate_nmol_l", True, 340.0, "folate deficiency: red-cell folate < 340 nmol/L", ("who_folate2015",)),
    Threshold("b12_deficient", "serum_b12_pmol_l", True, 148.0, "vitamin B12 deficiency: serum B12 < 148 pmol/L", ("allen2018",)),
    Threshold("b12_low", "serum_b12_pmol_l", True, 221.0, "low/marginal vitamin B12: serum B12 < 221 pmol/L", ("allen2018",)),
)

SUBSYSTEM = Subsystem(
    name=NAME,
    params=BVitaminsParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=tuple(f"{v}_status_pct" for v in VITAMINS),
    contributes=CONTRIBUTES,
    kinetics_reads=(
        "load_total_au",
        *[f"intake_{v}_{UNITS[v]}" for v in VITAMINS],
        *[f"microbial_{v}_{UNITS[v]}" for v in VITAMINS],
    ),
    writes=tuple(n for n in STATE.owned_by(NAME) if STATE.entry(n).var.kind == "state"),
    summary_variables=("b2_egrac", "b6_plp_nmol_l", "rbc_folate_nmol_l", "serum_b12_pmol_l", "b_energy_capacity"),
    thresholds=THRESHOLDS,
    description="B-vitamin pools (B1-B12), biomarkers, coenzyme bottleneck and B-vitamin supply to erythropoiesis",
)
