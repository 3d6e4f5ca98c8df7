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
    u_B12    = n A_max (I/n) / (I/n + K_IF) + f_passive I   (intrinsic-factor absorption saturates
               per meal; n = 3 meals; Adams 1971: 50 % of 1 ug, 20 % of 5 ug absorbed)
    P_v(t+1) = P_v e^{-k_v} / (1 + e_v k_v L) + 100 (1 - e^{-k_v}) u_v / u_ref,v
               (e_v: exercise turnover per AU, only B2 and B6; 0 otherwise)
    steady state (L = 0): P_v = 100 u_v / u_ref,v,  i.e. pool = u_v / k_v

Biomarkers (saturation of the apo-enzyme with its coenzyme, ``AC = 1 + (AC_max - 1) K / (P + K)``,
with K set so that AC = AC_adequate at P = 100):

    EGRAC = 1 + (E_max - 1) K_2 / (P_2 + K_2)       ETKAC likewise from P_1
    PLP   = PLP_adequate r_PLP P_6 / 100            RBC folate = RBC_adequate P_9 / 100
            (r_PLP: per-athlete log-normal factor; PLP varies widely at equal intake)
    serum folate: first order (t1/2 ~ 1 week) toward S_adequate (w u_9/u_ref + (1-w) P_9/100)
    serum B12 = B_max P_12 / (P_12 + K_12)

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
Heyssel 1966; Coburn 1988; Belko 1983; Soares 1993; Manore 2000; van der Beek 1994;
Powers 2003, 2011; Hoey 2009; WHO 2015; Allen 2018.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE, Var

NAME = "b_vitamins"

VITAMINS = ("b1", "b2", "b3", "b5", "b6", "b7", "b9", "b12")
#: the intake (and microbial flow) unit of each vitamin, as in the nutrient ids
UNITS = {"b1": "mg", "b2": "mg", "b3": "mg", "b5": "mg", "b6": "mg", "b7": "ug", "b9": "ug", "b12": "ug"}
#: adult (male) RDA or AI, IOM 1998: the definition of 100 % adequacy (not a parameter)
ADEQUATE_INTAKE = {"b1": 1.2, "b2": 1.3, "b3": 16.0, "b5": 5.0, "b6": 1.3, "b7": 30.0, "b9": 400.0, "b12": 2.4}
#: meals a day's B12 is eaten over (the schedule's meal slots, cohort.engine.doses.MAX_MEALS);
#: intrinsic-factor absorption saturates per meal
B12_MEALS_PER_DAY = 3.0
#: bioavailability that defines the adequate absorbed input (the parameters' defaults)
REFERENCE_BIOAVAILABILITY = {"b1": 0.8, "b2": 0.85, "b3": 0.8, "b5": 0.5, "b6": 0.75, "b7": 0.7, "b9": 0.5}

V = STATE.declare(
    NAME,
    [
        *[Var(f"{v}_status_pct", "% of adequacy", 0.0, 1e6, f"vitamin {v.upper()} body pool (100 = steady state at the RDA/AI)")
          for v in VITAMINS],
        Var("b1_etkac", "ratio", 1.0, 5.0, "erythrocyte transketolase activation coefficient (B1)"),
        Var("b2_egrac", "ratio", 1.0, 5.0, "erythrocyte glutathione reductase activation coefficient (B2)"),
        Var("b6_plp_nmol_l", "nmol/L", 0.0, 1e6, "plasma pyridoxal 5'-phosphate (B6)"),
        Var("b6_plp_factor", "ratio", 0.05, 20.0, "athlete's plasma PLP relative to the population at equal B6 status", "trait"),
        Var("serum_folate_nmol_l", "nmol/L", 0.0, 1e5, "serum folate (recent intake)"),
        Var("rbc_folate_nmol_l", "nmol/L", 0.0, 1e6, "red-cell folate (stores)"),
        Var("serum_b12_pmol_l", "pmol/L", 0.0, 1e5, "serum vitamin B12"),
        Var("b_energy_capacity", "0-1", 0.0, 1.0, "energy-metabolism capacity left by the scarcest B vitamin"),
        Var("b_erythropoiesis_supply", "0-1", 0.0, 1.0, "B9/B12/B2 sufficiency for red-cell production"),
    ],
)

INTAKE = tuple(NUTRIENTS.intake[f"{v}_{UNITS[v]}"] for v in VITAMINS)
MICROBIAL = tuple(DAY.index(f"microbial_{v}_{UNITS[v]}") for v in VITAMINS)

_IOM = ("iom_dri",)
#: B1, B2, B3, B5, B6, B7 (the first six pools) are coenzymes of energy metabolism
ENERGY_COENZYMES = 6

#: Whether the crosstalk phase multiplies B-vitamin sufficiency into ``erythropoiesis_supply``
#: (read by iron's red-cell production); the value is also recorded as ``b_erythropoiesis_supply``.
ERYTHROPOIESIS_CHANNEL = True


class BVitaminsParams(Params):
    """Kinetics, biomarker mappings and crosstalk effect sizes of the B vitamins."""

    b1_half_life_d: float = param(14.0, "d", (9.0, 18.0), ("ariaey_nejad1970", "iom_dri"), "thiamin body-pool half-life", gt=0)
    b2_half_life_d: float = param(7.0, "d", (3.0, 21.0), ("powers2003", "iom_dri"), "riboflavin (tissue flavin) half-life", gt=0)
    b3_half_life_d: float = param(14.0, "d", (5.0, 40.0), _IOM, "niacin (tissue NAD) pool half-life", gt=0)
    b5_half_life_d: float = param(7.0, "d", (3.0, 21.0), _IOM, "pantothenate pool half-life", gt=0)
    b6_half_life_d: float = param(21.0, "d", (7.0, 50.0), ("coburn1988", "iom_dri"), "vitamin B6 pool half-life (mostly muscle)", gt=0)
    b7_half_life_d: float = param(7.0, "d", (2.0, 30.0), _IOM, "biotin pool half-life", gt=0)
    b9_half_life_d: float = param(
        70.0, "d", (50.0, 150.0), ("herbert1962", "iom_dri"),
        "body folate (liver, red cells) half-life (Herbert: red-cell folate low after ~17 wk without folate)", gt=0
    )
    b12_half_life_d: float = param(
        693.0, "d", (350.0, 1400.0), ("heyssel1966", "iom_dri"), "vitamin B12 store half-life (0.1 %/d loss; range 0.05-0.2 %/d)", gt=0
    )
    b1_bioavailability: float = param(0.8, "fraction", (0.5, 0.95), _IOM, "absorbed fraction of dietary thiamin", gt=0, le=1)
    b2_bioavailability: float = param(0.85, "fraction", (0.6, 0.95), ("zempleni1996", "iom_dri"), "absorbed fraction of riboflavin", gt=0, le=1)
    b3_bioavailability: float = param(0.8, "fraction", (0.5, 0.95), _IOM, "absorbed fraction of niacin equivalents", gt=0, le=1)
    b5_bioavailability: float = param(0.5, "fraction", (0.4, 0.65), _IOM, "absorbed fraction of pantothenate", gt=0, le=1)
    b6_bioavailability: float = param(0.75, "fraction", (0.6, 0.9), _IOM, "absorbed fraction of vitamin B6", gt=0, le=1)
    b7_bioavailability: float = param(0.7, "fraction", (0.5, 1.0), _IOM, "absorbed fraction of biotin", gt=0, le=1)
    b9_bioavailability: float = param(0.5, "fraction", (0.3, 0.8), _IOM, "absorbed fraction of food folate (per ug DFE)", gt=0, le=1)
    b12_if_capacity_ug_meal: float = param(
        1.24, "ug/meal", (1.0, 2.5), ("adams1971", "iom_dri"),
        "A_max: intrinsic-factor-mediated B12 absorption capacity per meal (IF-receptor saturation at ~1.5-2.5 ug/meal, "
        "IOM 1998); with K_IF and f_passive it reproduces Adams 1971 (50 % of 1 ug, 20 % of 5 ug, ~5 % of 25 ug absorbed)",
        gt=0,
    )
    b12_if_half_saturation_ug_meal: float = param(
        1.53, "ug/meal", (1.0, 2.5), ("adams1971", "iom_dri"),
        "K_IF: B12 per meal at half the IF capacity (solved with A_max from Adams' 1 ug and 5 ug absorption, 1 % passive)",
        gt=0,
    )
    b12_passive_fraction: float = param(
        0.01, "fraction", (0.005, 0.015), ("iom_dri", "adams1971"), "f_passive: B12 absorbed by diffusion (~1 % of any dose)", le=1
    )
    b2_exercise_turnover_per_au: float = param(
        0.02, "1/AU", (0.008, 0.04), ("belko1983", "soares1993", "manore2000"),
        "e_2: fractional rise of riboflavin turnover per AU of daily training load (Belko: +20-60 % requirement at ~20 AU/d)",
    )
    b6_exercise_turnover_per_au: float = param(
        0.003, "1/AU", (0.0, 0.01), ("manore2000", "woolf2006"), "e_6: fractional rise of B6 turnover per AU (4-pyridoxic acid loss rises slightly)"
    )
    egrac_adequate: float = param(1.2, "ratio", (1.1, 1.3), ("hoey2009", "powers2003"), "EGRAC at 100 % riboflavin adequacy", gt=1)
    egrac_max: float = param(2.5, "ratio", (1.8, 3.0), ("hoey2009", "powers2003"), "E_max: EGRAC of a fully flavin-depleted enzyme", gt=1)
    etkac_adequate: float = param(1.1, "ratio", (1.05, 1.15), ("whitfield2018", "iom_dri"), "ETKAC at 100 % thiamin adequacy", gt=1)
    etkac_max: float = param(1.6, "ratio", (1.4, 2.0), ("whitfield2018",), "ETKAC of a fully depleted enzyme", gt=1)
    plp_adequate_nmol_l: float = param(
        24.0, "nmol/L", (20.0, 35.0), ("iom_dri", "morris2008"), "plasma PLP at 100 % B6 adequacy (EAR set to keep PLP >= 20 nmol/L)", gt=0
    )
    plp_between_athlete_log_sd: float = param(
        0.35, "log units", (0.2, 0.5), ("morris2008",), "SD of log PLP between athletes at equal B6 intake (low PLP common even at 2-3 mg/d)"
    )
    serum_folate_adequate_nmol_l: float = param(20.0, "nmol/L", (12.0, 30.0), ("who_folate2015", "iom_dri"), "serum folate at adequacy", gt=0)
    serum_folate_half_life_d: float = param(7.0, "d", (3.0, 14.0), ("herbert1962",), "serum folate response half-life", gt=0)
    serum_folate_intake_weight: float = param(0.7, "fraction", (0.5, 0.9), ("herbert1962",), "w: share of serum folate set by recent intake", le=1)
    rbc_folate_adequate_nmol_l: float = param(800.0, "nmol/L", (600.0, 1100.0), ("who_folate2015",), "red-cell folate at adequacy", gt=0)
    serum_b12_adequate_pmol_l: float = param(300.0, "pmol/L", (220.0, 400.0), ("allen2018", "iom_dri"), "serum B12 at 100 % adequacy", gt=0)
    serum_b12_max_pmol_l: float = param(650.0, "pmol/L", (450.0, 1000.0), ("allen2018",), "B_max: serum B12 with full stores", gt=0)
    deficiency_threshold_pct: float = param(
        40.0, "% of adequacy", (30.0, 70.0), ("vanderbeek1994", "woolf2006", "hoey2009"),
        "P_def: pool below which a coenzyme limits energy metabolism, at the biochemical deficiency cut-offs "
        "(EGRAC 1.4 ~ 42 %, ETKAC 1.25 ~ 28 %); van der Beek: intake <55 % RDA for 11 wk lowered VO2max ~7 %", gt=0
    )
    marginal_deficit_depth: float = param(
        0.1, "fraction", (0.0, 0.3), ("woolf2006", "soares1993"), "d_marg: capacity lost at P_def by the marginal (hypothesis) term", le=1
    )
    adaptation_loss_per_deficit: float = param(
        1.0, "ratio", (0.5, 1.5), ("vanderbeek1994", "lukaski2004"), "a_adapt: loss of endurance adaptation per unit capacity deficit"
    )
    fatigue_gain_per_deficit: float = param(
        0.5, "ratio", (0.2, 1.0), ("vanderbeek1994", "lukaski2004"), "a_fatigue: rise of fatigue per unit load per unit deficit"
    )
    energy_cost_per_deficit: float = param(
        0.1, "ratio", (0.03, 0.2), ("vanderbeek1994", "lukaski2004"), "a_cost: rise of submaximal O2 cost per unit deficit"
    )
    erythropoiesis_threshold_pct: float = param(
        25.0, "% of adequacy", (15.0, 50.0), ("green2017", "herbert1962", "allen2018"),
        "P_ery: pool below which B9/B12/B2 limit red-cell production (frank deficiency: RBC folate ~200 nmol/L, serum B12 ~115 pmol/L)", gt=0
    )
    riboflavin_erythropoiesis_weight: float = param(
        0.3, "fraction", (0.1, 0.5), ("powers2011", "fairweathertait1992"),
        "w_2: share of red-cell production lost with a fully flavin-depleted enzyme (graded with EGRAC above adequacy)", le=1
    )

    derived_names = (
        *[f"{v}_decay" for v in VITAMINS],
        *[f"{v}_gain" for v in VITAMINS],
        "b2_rate", "b6_rate", "egrac_k", "etkac_k", "serum_b12_k", "serum_folate_decay", "b9_reference_absorbed_inverse", "marginal_span",
        "deficiency_threshold_inverse", "erythropoiesis_threshold_inverse", "egrac_unsaturated_adequate",
    )

    def derived(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for v in VITAMINS:
            decay = 0.5 ** (1.0 / getattr(self, f"{v}_half_life_d"))
            out[f"{v}_decay"] = decay
            out[f"{v}_gain"] = (1.0 - decay) * 100.0 / reference_absorbed(v)
        out["b2_rate"] = math.log(2.0) / self.b2_half_life_d
        out["b6_rate"] = math.log(2.0) / self.b6_half_life_d
        out["egrac_k"] = 100.0 * (self.egrac_adequate - 1.0) / max(self.egrac_max - self.egrac_adequate, 1e-6)
        out["etkac_k"] = 100.0 * (self.etkac_adequate - 1.0) / max(self.etkac_max - self.etkac_adequate, 1e-6)
        out["serum_b12_k"] = 100.0 * max(self.serum_b12_max_pmol_l / self.serum_b12_adequate_pmol_l - 1.0, 1e-6)
        out["serum_folate_decay"] = 0.5 ** (1.0 / self.serum_folate_half_life_d)
        out["b9_reference_absorbed_inverse"] = 1.0 / reference_absorbed("b9")
        out["deficiency_threshold_inverse"] = 1.0 / self.deficiency_threshold_pct
        out["erythropoiesis_threshold_inverse"] = 1.0 / self.erythropoiesis_threshold_pct
        out["egrac_unsaturated_adequate"] = out["egrac_k"] / (100.0 + out["egrac_k"])
        out["marginal_span"] = 1.0 / max(100.0 - self.deficiency_threshold_pct, 1.0)
        return out


@kernel
def b12_absorbed(intake_ug_d: Any, capacity_ug_meal: float, half_saturation_ug_meal: float, passive: float) -> Any:
    """Absorbed B12 (ug/d) of a day's intake I eaten over n = ``B12_MEALS_PER_DAY`` equal meals.

    absorbed = n A_max (I/n) / (I/n + K_IF) + f_passive I

    The intrinsic-factor route saturates per meal (ileal IF-receptor capacity, ~1.5-2.5 ug per
    meal, IOM 1998); its initial slope A_max / K_IF (0.81) stays below 1, so no more is absorbed
    than eaten. Per meal: 49 % of 1 ug, 20 % of 5 ug, 5.7 % of 25 ug (Adams 1971 as summarised
    by IOM 1998: ~50 %, 20 %, just over 5 %); at the RDA, 2.4 ug/d, 54 % (IOM assumes 50 %).
    Supplement doses are counted with the day's food (the intake events carry no B12), which
    overstates the absorption of one large dose by at most n A_max (~2.5 ug/d).
    """
    per_meal = intake_ug_d / B12_MEALS_PER_DAY
    return B12_MEALS_PER_DAY * capacity_ug_meal * per_meal / (per_meal + half_saturation_ug_meal) + passive * intake_ug_d


def reference_absorbed(vitamin: str) -> float:
    """The absorbed input (per day) that defines 100 % adequacy of ``vitamin``."""
    if vitamin == "b12":
        fields = BVitaminsParams.model_fields
        return float(b12_absorbed(
            ADEQUATE_INTAKE["b12"], fields["b12_if_capacity_ug_meal"].default,
            fields["b12_if_half_saturation_ug_meal"].default, fields["b12_passive_fraction"].default,
        ))
    return ADEQUATE_INTAKE[vitamin] * REFERENCE_BIOAVAILABILITY[vitamin]


P = PARAMS.declare(NAME, BVitaminsParams)

_BIO = (P.b1_bioavailability, P.b2_bioavailability, P.b3_bioavailability, P.b5_bioavailability,
        P.b6_bioavailability, P.b7_bioavailability, P.b9_bioavailability)


@kernel
def energy_capacity(x, p):
    """Energy-metabolism capacity left by the scarcest B vitamin (0-1).

    m = min_{v in B1, B2, B3, B5, B6, B7} P_v (% of adequacy; B9/B12 act via erythropoiesis);
    capacity = max(0, 1 - s_severe max(0, 1 - m/P_def)
                        - s_marginal d_marg clamp((100 - m)/(100 - P_def), 0, 1))

    The severe term (``b_energy_bottleneck``, supported) acts only below the deficiency
    threshold P_def, where restricted B1/B2/B6 intake lowered VO2max ~7 % (van der Beek
    1994); above it marginal status did not change mechanical efficiency (Soares 1993), so
    the marginal term (``b_marginal_bottleneck``) is a hypothesis, off by default.

    References: van der Beek EJ et al. J Am Coll Nutr 1994; Woolf & Manore 2006.
    """
    m = x[V.b1_status_pct]
    for j in range(1, ENERGY_COENZYMES):
        value = x[V.b1_status_pct + j]
        if value < m:
            m = value
    severe = 1.0 - m * p[P.deficiency_threshold_inverse]
    if severe < 0.0:
        severe = 0.0
    marginal = (100.0 - m) * p[P.marginal_span]
    if marginal < 0.0:
        marginal = 0.0
    elif marginal > 1.0:
        marginal = 1.0
    capacity = 1.0 - p[M.b_energy_bottleneck] * severe - p[M.b_marginal_bottleneck] * p[P.marginal_deficit_depth] * marginal
    return max(capacity, 0.0)


@kernel
def erythropoiesis_sufficiency(x, p):
    """B-vitamin sufficiency for red-cell production (0-1), consumed by iron.

    f_912 = 1 - s_912 (1 - min(1, min(P_9, P_12) / P_ery))        folate/B12: DNA synthesis
    f_2   = 1 - s_2 w_2 g_2                                        riboflavin: iron mobilisation
    g_2   = max(0, u(P_2) - u(100)) / (1 - u(100)),  u(P) = K_2/(P + K_2)
    supply = f_912 f_2

    Folate and B12 act only in frank deficiency (megaloblastic anaemia). Riboflavin acts graded
    with the flavin-unsaturated share of glutathione reductase, i.e. with EGRAC above its
    adequate value: 0 at adequacy, ~0.15 at EGRAC 1.4 (marginal), 1 when fully depleted.
    Correcting marginal deficiency (EGRAC >= 1.4) raised Hb in UK women (Powers 2011); reduced
    flavins release ferritin iron (mobilisation) while riboflavin did not change iron absorption
    in Gambian men (Fairweather-Tait 1992): one RCT and mechanistic data, hence ``supported``.

    References: Green & Datta Mitra 2017 (megaloblastic anaemia); Powers 2011 (RIBOFEM);
    Fairweather-Tait 1992.
    """
    inverse = p[P.erythropoiesis_threshold_inverse]
    low = min(x[V.b9_status_pct], x[V.b12_status_pct]) * inverse
    folate_b12 = 1.0 - p[M.b9_b12_erythropoiesis] * (1.0 - min(low, 1.0))
    k2 = p[P.egrac_k]
    adequate = p[P.egrac_unsaturated_adequate]
    unsaturated = k2 / (max(x[V.b2_status_pct], 0.0) + k2)
    graded = max(0.0, unsaturated - adequate) / (1.0 - adequate)
    riboflavin = 1.0 - p[M.b2_erythropoiesis] * p[P.riboflavin_erythropoiesis_weight] * graded
    return max(folate_b12, 0.0) * max(riboflavin, 0.0)  # an amplified (s > 1) limit saturates at 0


@kernel
def exercise_turnover(x, p, d):
    """Training raises riboflavin (and slightly B6) turnover; returns the divisors of the decay.

    k_v,eff = k_v (1 + s_v e_v L),  L = load_total_au (AU/d);
    one-day survival e^{-k_v} / (1 + s_v e_v k_v L)  (~ e^{-k_v,eff} for small k_v e_v L).

    References: Belko AZ et al. Am J Clin Nutr 1983 (exercise raised riboflavin requirement
    of women); Soares MJ et al. Br J Nutr 1993 (EGRAC 1.36 -> 1.57 with 18 d of exercise);
    Manore MM. Am J Clin Nutr 2000 (4-pyridoxic acid loss rises with exercise).
    """
    load = d[I.load_total_au]
    b2 = 1.0 + p[M.b2_exercise_turnover] * p[P.b2_exercise_turnover_per_au] * p[P.b2_rate] * load
    b6 = 1.0 + p[M.b6_exercise_turnover] * p[P.b6_exercise_turnover_per_au] * p[P.b6_rate] * load
    return b2, b6


@kernel
def crosstalk(x, p, d):
    """Bottleneck -> endurance adaptation, fatigue, energy cost; B9/B12/B2 -> erythropoiesis."""
    deficit = 1.0 - energy_capacity(x, p)
    if deficit > 0.0:
        d[C.adapt_endurance] *= max(0.0, 1.0 - p[P.adaptation_loss_per_deficit] * deficit)
        d[C.fatigue_gain] *= 1.0 + p[P.fatigue_gain_per_deficit] * deficit
        d[C.energy_cost] *= 1.0 + p[P.energy_cost_per_deficit] * deficit
    if ERYTHROPOIESIS_CHANNEL:
        d[C.erythropoiesis_supply] *= erythropoiesis_sufficiency(x, p)


@kernel
def kinetics(x, p, d):
    """Advance the eight pools one day and update the biomarkers (module docstring)."""
    b2_divisor, b6_divisor = exercise_turnover(x, p, d)
    for vitamin in range(7):  # b1 .. b9: linear absorption
        absorbed = p[_BIO[vitamin]] * d[INTAKE[vitamin]] + d[MICROBIAL[vitamin]]
        survival = p[P.b1_decay + vitamin]
        if vitamin == 1:
            survival = survival / b2_divisor
        elif vitamin == 4:
            survival = survival / b6_divisor
        x[V.b1_status_pct + vitamin] = x[V.b1_status_pct + vitamin] * survival + p[P.b1_gain + vitamin] * absorbed
    intake12 = d[INTAKE[7]]
    absorbed12 = b12_absorbed(
        intake12, p[P.b12_if_capacity_ug_meal], p[P.b12_if_half_saturation_ug_meal], p[P.b12_passive_fraction]
    ) + d[MICROBIAL[7]]
    x[V.b12_status_pct] = x[V.b12_status_pct] * p[P.b12_decay] + p[P.b12_gain] * absorbed12

    p1 = x[V.b1_status_pct]
    p2 = x[V.b2_status_pct]
    k1 = p[P.etkac_k]
    k2 = p[P.egrac_k]
    x[V.b1_etkac] = 1.0 + (p[P.etkac_max] - 1.0) * k1 / (p1 + k1)
    x[V.b2_egrac] = 1.0 + (p[P.egrac_max] - 1.0) * k2 / (p2 + k2)
    x[V.b6_plp_nmol_l] = p[P.plp_adequate_nmol_l] * x[V.b6_plp_factor] * x[V.b6_status_pct] * 0.01
    x[V.rbc_folate_nmol_l] = p[P.rbc_folate_adequate_nmol_l] * x[V.b9_status_pct] * 0.01
    absorbed9 = p[P.b9_bioavailability] * d[INTAKE[6]] + d[MICROBIAL[6]]
    weight = p[P.serum_folate_intake_weight]
    target = p[P.serum_folate_adequate_nmol_l] * (
        weight * absorbed9 * p[P.b9_reference_absorbed_inverse] + (1.0 - weight) * x[V.b9_status_pct] * 0.01
    )
    decay = p[P.serum_folate_decay]
    x[V.serum_folate_nmol_l] = x[V.serum_folate_nmol_l] * decay + (1.0 - decay) * target
    p12 = x[V.b12_status_pct]
    x[V.serum_b12_pmol_l] = p[P.serum_b12_max_pmol_l] * p12 / (p12 + p[P.serum_b12_k])
    x[V.b_energy_capacity] = energy_capacity(x, p)
    x[V.b_erythropoiesis_supply] = erythropoiesis_sufficiency(x, p)


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism(
            "b2_exercise_turnover", NAME, "training load", "riboflavin pool (b2_status_pct, EGRAC)", -1, "supported",
            ("belko1983", "soares1993", "manore2000"),
            "Training raises riboflavin turnover, so EGRAC worsens at constant intake (Kern 2023, cited by the review, does not exist).",
            function=exercise_turnover, parameters=("b2_exercise_turnover_per_au", "b2_half_life_d"),
        ),
        Mechanism(
            "b6_exercise_turnover", NAME, "training load", "vitamin B6 pool (b6_status_pct, PLP)", -1, "supported",
            ("manore2000", "woolf2006"),
            "Training slightly raises B6 loss as 4-pyridoxic acid.",
            function=exercise_turnover, parameters=("b6_exercise_turnover_per_au", "b6_half_life_d"),
        ),
        Mechanism(
            "b_energy_bottleneck", NAME, "scarcest of B1/B2/B3/B5/B6/B7 (deficient)", "adapt_endurance, fatigue_gain, energy_cost", 1, "supported",
            ("vanderbeek1994", "woolf2006", "lukaski2004"),
            "Deficiency of any energy-metabolism B vitamin below P_def limits ATP production: slower endurance adaptation, more fatigue, higher O2 cost.",
            function=energy_capacity,
            parameters=("deficiency_threshold_pct", "adaptation_loss_per_deficit", "fatigue_gain_per_deficit", "energy_cost_per_deficit"),
        ),
        Mechanism(
            "b_marginal_bottleneck", NAME, "scarcest of B1/B2/B3/B5/B6/B7 (marginal)", "adapt_endurance, fatigue_gain, energy_cost", 1, "hypothesis",
            ("woolf2006", "soares1993"),
            "Review claim that marginal (not deficient) B-vitamin status already limits ATP production; Soares 1993 found no change in efficiency.",
            function=energy_capacity, parameters=("marginal_deficit_depth", "deficiency_threshold_pct"),
        ),
        Mechanism(
            "b9_b12_erythropoiesis", NAME, "folate and vitamin B12 pools", "erythropoiesis_supply", 1, "established",
            ("green2017", "herbert1962", "allen2018"),
            "Folate or B12 depletion impairs DNA synthesis of erythroblasts (megaloblastic anaemia).",
            function=erythropoiesis_sufficiency, parameters=("erythropoiesis_threshold_pct",),
        ),
        Mechanism(
            "b2_erythropoiesis", NAME, "riboflavin pool", "erythropoiesis_supply", 1, "supported",
            ("powers2011", "powers2003", "fairweathertait1992"),
            "Riboflavin status graded with EGRAC limits red-cell production (iron mobilisation); one RCT: correcting "
            "marginal deficiency improved haemoglobin in young women (RIBOFEM); no effect on iron absorption in men.",
            function=erythropoiesis_sufficiency, parameters=("riboflavin_erythropoiesis_weight", "egrac_max", "egrac_adequate"),
        ),
    ],
)

_REFERENCE_MICROBIOME = "microbiome"


def reference_microbial_supply() -> dict[str, float]:
    """Host-available microbial supply of a reference community (per day), if a microbiome is declared.

    Looked up through the parameter registry (the microbiome module is declared after this
    one and must not be imported here), so that initial pools start at steady state.
    """
    model = PARAMS.sections.get(_REFERENCE_MICROBIOME)
    supply = getattr(model, "reference_host_supply", None) if model is not None else None
    return dict(supply()) if supply is not None else {}


@kernel
def _initial_channels(pools, p, x, out):
    """Energy capacity and erythropoiesis sufficiency of each row of ``pools`` (the eight
    status columns), with the compiled crosstalk functions; ``x`` is a scratch state row."""
    for i in range(pools.shape[0]):
        for j in range(pools.shape[1]):
            x[V.b1_status_pct + j] = pools[i, j]
        out[i, 0] = energy_capacity(x, p)
        out[i, 1] = erythropoiesis_sufficiency(x, p)


def habitual_survival(traits: dict[str, np.ndarray], decay: float, turnover_per_au_d: float) -> np.ndarray:
    """Each athlete's expected one-day survival of a pool, E[e^{-k} / (1 + e k L)], over the days of
    their training history: the compiled plan ``traits["plan_sessions"][history_plan]`` (L =
    minutes x intensity summed over the day's sessions), each day done with the history
    compliance c (:func:`cohort.training.training_history`; 0 for untrained athletes):
    c E_days[...] + (1 - c) e^{-k}.

    With survival s_t independent of the pool, the mean steady state of P' = P s_t + g u is
    g u / (1 - E[s]); the survival at the mean load would put trained athletes too low
    (1/(1 + a L) is convex in L). No plan or no history: no training (survival e^{-k}).
    """
    n = traits["female"].shape[0]
    sessions = traits.get("plan_sessions")
    if sessions is None or sessions.shape[1] == 0 or turnover_per_au_d == 0.0 or "history_plan" not in traits:
        return np.full(n, decay)
    loads = (sessions[..., 1] * sessions[..., 2]).sum(axis=2)  # (plans, days) AU
    per_plan = (decay / (1.0 + turnover_per_au_d * loads)).mean(axis=1)
    compliance = traits["history_compliance"]
    return np.asarray(compliance * per_plan[traits["history_plan"].astype(int)] + (1.0 - compliance) * decay)


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Pools at the steady state of each athlete's habitual intake, habitual training and a reference microbiome.

    Habitual training is the athlete's training history, the one muscle and antioxidants start
    adapted to (:func:`cohort.training.training_history`: the habitual plan of their sport, else
    their assigned plan, each day done with their compliance; :func:`habitual_survival`; none:
    no training), so riboflavin and B6 pools of trained and elite athletes start at the steady
    state of the training they did before day 0 and a cohort that keeps it does not drift;
    untrained athletes start untrained (sedentary steady state) and begin the plan on day 0. Uses the run's
    parameters and switches (``vector``; defaults when None).
    """
    assert isinstance(params, BVitaminsParams)
    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    microbial = reference_microbial_supply()
    derived = params.derived()
    out: dict[str, np.ndarray] = {}
    absorbed: dict[str, np.ndarray] = {}
    for v in VITAMINS:
        intake = traits[f"habitual_{v}_{UNITS[v]}"]
        if v == "b12":
            food = b12_absorbed(
                intake, params.b12_if_capacity_ug_meal, params.b12_if_half_saturation_ug_meal, params.b12_passive_fraction
            )
        else:
            food = getattr(params, f"{v}_bioavailability") * intake
        absorbed[v] = food + microbial.get(v, 0.0)
        out[f"{v}_status_pct"] = 100.0 * absorbed[v] / reference_absorbed(v)
    # fixed point of P' = P e^{-k} / (1 + e k L) + (1 - e^{-k}) 100 u / u_ref (kinetics docstring)
    for v, strength, per_au in (
        ("b2", p[M.b2_exercise_turnover], params.b2_exercise_turnover_per_au),
        ("b6", p[M.b6_exercise_turnover], params.b6_exercise_turnover_per_au),
    ):
        decay = derived[f"{v}_decay"]
        survival = habitual_survival(traits, decay, float(strength * per_au * derived[f"{v}_rate"]))
        out[f"{v}_status_pct"] = out[f"{v}_status_pct"] * (1.0 - decay) / (1.0 - survival)
    k1, k2 = derived["etkac_k"], derived["egrac_k"]
    out["b1_etkac"] = 1.0 + (params.etkac_max - 1.0) * k1 / (out["b1_status_pct"] + k1)
    out["b2_egrac"] = 1.0 + (params.egrac_max - 1.0) * k2 / (out["b2_status_pct"] + k2)
    sd = params.plp_between_athlete_log_sd
    out["b6_plp_factor"] = np.exp(rng.normal(-0.5 * sd * sd, sd, out["b6_status_pct"].shape[0]))
    out["b6_plp_nmol_l"] = params.plp_adequate_nmol_l * out["b6_plp_factor"] * out["b6_status_pct"] / 100.0
    out["rbc_folate_nmol_l"] = params.rbc_folate_adequate_nmol_l * out["b9_status_pct"] / 100.0
    weight = params.serum_folate_intake_weight
    out["serum_folate_nmol_l"] = params.serum_folate_adequate_nmol_l * (
        weight * absorbed["b9"] / reference_absorbed("b9") + (1.0 - weight) * out["b9_status_pct"] / 100.0
    )
    p12 = out["b12_status_pct"]
    out["serum_b12_pmol_l"] = params.serum_b12_max_pmol_l * p12 / (p12 + derived["serum_b12_k"])
    # the recorded crosstalk values, from the same compiled functions and the run's switches
    pools = np.ascontiguousarray(np.stack([out[f"{v}_status_pct"] for v in VITAMINS], axis=1))
    channels = np.empty((pools.shape[0], 2))
    _initial_channels(pools, p, np.zeros(len(STATE)), channels)
    out["b_energy_capacity"] = channels[:, 0]
    out["b_erythropoiesis_supply"] = channels[:, 1]
    return out


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
    contributes=("adapt_endurance", "fatigue_gain", "energy_cost", *(("erythropoiesis_supply",) if ERYTHROPOIESIS_CHANNEL else ())),
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
