"""Parameters of the B vitamins (:class:`BVitaminsParams`, ``P``) and the absorption that defines
100 % adequacy (:func:`reference_absorbed`)."""

from __future__ import annotations

import math
from typing import Any

from cohort.jit import kernel
from cohort.parameters import PARAMS, Params, param
from cohort.physiology.b_vitamins.variables import (
    ADEQUATE_INTAKE,
    B12_MEALS_PER_DAY,
    NAME,
    REFERENCE_BIOAVAILABILITY,
    VITAMINS,
)

_IOM = ("iom_dri",)


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
    b12_malabsorption_prevalence_52y: float = param(
        0.048, "fraction", (0.027, 0.081), ("weck2007", "krasinski1986"),
        "pi_52: prevalence of food-bound B12 malabsorption (severe atrophic gastritis, pepsinogen I < 25 ug/L) at 52 y "
        "(ESTHER 50-54 y: 4.8 %; 2.7 % with the Japanese definition; Krasinski 1986: 8.1 % severe at 60-99 y)", ge=0, le=1,
    )
    b12_malabsorption_prevalence_per_y: float = param(
        0.00195, "1/y", (0.0015, 0.0032), ("weck2007",),
        "pi': rise of that prevalence per year of age (ESTHER: 4.8 % at 50-54 y -> 8.7 % at 70-74 y; 2.7 -> 9.1 % "
        "with the Japanese definition); linear, 0 below ~27 y", ge=0,
    )
    b12_malabsorption_food_fraction: float = param(
        0.2, "fraction", (0.05, 0.5), ("king1979", "iom_dri", "carmel1995"),
        "r_AG: food-bound B12 released (and absorbed) by a malabsorber relative to a normal stomach (hypochlorhydric "
        "patients 0.06-0.34 % vs controls 0.61-5.6 % urinary excretion, King 1979; normal food-bound absorption "
        "> 12 % vs controls' 12-39 %, Miller 1992 in IOM 1998)", gt=0, le=1,
    )
    serum_b12_between_athlete_log_sd: float = param(
        0.30, "log units", (0.20, 0.375), ("brouwerbrolsma2015", "tucker2000", "hazra2008"),
        "sigma: SD of log serum B12 between athletes at equal B12 stores: sqrt(0.375^2 - 0.227^2), the population's "
        "log SD (serum B12 275 +- 104 and 290 +- 113 pmol/L, CV 0.38-0.39, 600 Dutch adults >= 65 y, Brouwer-Brolsma "
        "2015) less the part the model's omnivore intake prior and food-bound malabsorption explain at those ages "
        "(0.227; intake explains little, Tucker 2000); range: FUT2 alone (~0.06, Hazra 2008) is too small, the whole "
        "population spread (0.375) the upper bound",
        ge=0,
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
        # the Python function: dispatching the kernel on scalars would load (or compile) one
        # more specialisation, ~0.2 s of every start-up, for one number (IEEE arithmetic, no
        # fastmath: the same value); with NUMBA_DISABLE_JIT the kernel is the function itself
        python_function = getattr(b12_absorbed, "py_func", b12_absorbed)
        return float(python_function(
            ADEQUATE_INTAKE["b12"], fields["b12_if_capacity_ug_meal"].default,
            fields["b12_if_half_saturation_ug_meal"].default, fields["b12_passive_fraction"].default,
        ))
    return ADEQUATE_INTAKE[vitamin] * REFERENCE_BIOAVAILABILITY[vitamin]


P = PARAMS.declare(NAME, BVitaminsParams)

_BIO = (P.b1_bioavailability, P.b2_bioavailability, P.b3_bioavailability, P.b5_bioavailability,
        P.b6_bioavailability, P.b7_bioavailability, P.b9_bioavailability)
