"""Gut microbiome: B-vitamin producer capacity, moved by fibre, antibiotics and (optionally) training.

State, per athlete:

* ``microbiome_diversity`` (D, ratio): richness/biomass index of the community, 1 = a typical
  adult on a reference fibre intake;
* ``producer_b1_frac`` ... ``producer_b12_frac`` (f_v, fraction): share of the community whose
  genomes can synthesise vitamin v de novo (Magnusdottir 2015: 40-65 % of 256 gut genomes
  for each of the eight vitamins; the athlete-specific composition).

Daily kinetics (F = intake_fibre_g, r = F / F_ref, L = load_total_au, A = antibiotic_course):

    D*_fibre = D_0 + (1 - D_0) (1 + K_F) r / (K_F + r)     (= 1 at the reference intake)
    D*       = (1 + s_fibre (D*_fibre - 1)) (1 + s_exercise g_ex min(1, L / L_ref))
    D(t+1)   = [D* + (D - D*) 2^{-1/t1/2,rec}] (1 - s_abx a A)
    f_v      unchanged (except by the optional weekly group-sharing step below)

Crosstalk (host-available microbial supply, a flow per vitamin in its intake unit per day):

    microbial_v = s_supply RDA_v (y_v / 100) (f_v / f_ref) D h_v

y_v: theoretical production as % of the reference intake (Magnusdottir 2015: B6 ~86 %,
folate ~37 %, B12 ~31 %, niacin ~27 %, biotin ~4.5 %, B2 ~2.8 %, B1 ~2.3 %, B5 <1 %; an
upper bound of what the colon makes); h_v: the share the host absorbs from the colon
(carrier-mediated for B1, B2, B5, B6, B7, B9, niacin; intrinsic-factor-bound B12 is absorbed
only in the ileum, upstream of the producers, so h_B12 ~ 0; Said 2011).

Population step (every 7 days; ``microbiome_group_sharing``, hypothesis, off by default):
athletes who train and eat together share microbes (Song 2013; Brito 2019):

    f_v,i <- f_v,i + s_share c (mean_{j in group(i)} f_v,j - f_v,i)
"""

from __future__ import annotations

import numpy as np

from cohort.distributions import truncated_normal
from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology.b_vitamins import ADEQUATE_INTAKE, UNITS, VITAMINS
from cohort.physiology.base import Subsystem
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE, Var

NAME = "microbiome"

V = STATE.declare(
    NAME,
    [
        Var("microbiome_diversity", "ratio", 0.0, 5.0, "gut community richness/biomass index (1 = typical adult)"),
        *[Var(f"producer_{v}_frac", "fraction", 0.0, 1.0, f"share of gut genomes that synthesise vitamin {v.upper()}")
          for v in VITAMINS],
    ],
)

FLOW = tuple(DAY.index(f"microbial_{v}_{UNITS[v]}") for v in VITAMINS)
FIBRE = NUTRIENTS.intake["fibre_g"]
PRODUCER_COLUMNS = tuple(V.producer_b1_frac + j for j in range(len(VITAMINS)))

_MAG = ("magnusdottir2015",)


class MicrobiomeParams(Params):
    """Microbial B-vitamin production, its host availability and what moves the community."""

    producer_fraction_reference: float = param(
        0.5, "fraction", (0.4, 0.65), _MAG, "f_ref: typical share of genomes producing each vitamin", gt=0, le=1
    )
    producer_fraction_sd: float = param(
        0.08, "fraction", (0.03, 0.15), ("magnusdottir2015", "das2019"), "between-athlete SD of producer shares"
    )
    b1_production_pct_rda: float = param(2.3, "% of RDA", (1.0, 5.0), _MAG, "y_B1: theoretical microbial thiamin output")
    b2_production_pct_rda: float = param(2.8, "% of RDA", (1.0, 6.0), _MAG, "y_B2: theoretical microbial riboflavin output")
    b3_production_pct_rda: float = param(27.0, "% of RDA", (10.0, 50.0), _MAG, "y_B3: theoretical microbial niacin output")
    b5_production_pct_rda: float = param(0.78, "% of RDA", (0.3, 2.0), _MAG, "y_B5: theoretical microbial pantothenate output")
    b6_production_pct_rda: float = param(86.0, "% of RDA", (40.0, 100.0), _MAG, "y_B6: theoretical microbial B6 output")
    b7_production_pct_rda: float = param(4.5, "% of RDA", (2.0, 10.0), _MAG, "y_B7: theoretical microbial biotin output")
    b9_production_pct_rda: float = param(37.0, "% of RDA", (15.0, 60.0), _MAG, "y_B9: theoretical microbial folate output")
    b12_production_pct_rda: float = param(31.0, "% of RDA", (10.0, 60.0), _MAG, "y_B12: theoretical microbial B12 output")
    colonic_availability: float = param(
        0.3, "fraction", (0.1, 0.6), ("said2011", "magnusdottir2015"), "h_v: share of colonic production the host absorbs (not B12)", le=1
    )
    colonic_b12_availability: float = param(
        0.01, "fraction", (0.0, 0.05), ("said2011", "magnusdottir2015"), "h_B12: colonic B12 is barely absorbed (ileal IF uptake)", le=1
    )
    fibre_reference_g_d: float = param(18.0, "g/d", (15.0, 30.0), ("wweia2018", "makki2018"), "F_ref: fibre intake at D* = 1", gt=0)
    fibre_half_saturation_ratio: float = param(
        1.0, "ratio", (0.3, 3.0), ("makki2018", "sonnenburg2016"), "K_F: fibre (relative to F_ref) at half the fibre-driven gain", gt=0
    )
    diversity_floor: float = param(
        0.6, "ratio", (0.4, 0.8), ("sonnenburg2016", "makki2018"), "D_0: diversity on a fibre-free diet", le=1
    )
    diversity_recovery_half_life_d: float = param(
        14.0, "d", (5.0, 45.0), ("palleja2018", "dethlefsen2011", "david2014"), "t1/2,rec: approach of D to its target", gt=0
    )
    antibiotic_depletion_per_day: float = param(
        0.08, "1/d", (0.03, 0.3), ("dethlefsen2011", "palleja2018"), "a: fraction of the community lost per day of antibiotics", le=1
    )
    exercise_diversity_gain: float = param(
        0.1, "ratio", (0.0, 0.2), ("clarke2014", "allen2018ex"), "g_ex: diversity gain with regular training (hypothesis)"
    )
    exercise_reference_load_au: float = param(60.0, "AU/d", (30.0, 120.0), ("allen2018ex",), "L_ref: load that gives the full gain", gt=0)
    group_sharing_rate: float = param(
        0.05, "fraction/step", (0.0, 0.2), ("song2013", "brito2019"), "c: pull toward the group mean per weekly step", le=1
    )

    derived_names = (
        *[f"{v}_flow_scale" for v in VITAMINS], "recovery_decay", "fibre_gain_numerator", "fibre_reference_inverse", "exercise_reference_inverse",
    )

    def derived(self) -> dict[str, float]:
        out = {}
        for v in VITAMINS:
            availability = self.colonic_b12_availability if v == "b12" else self.colonic_availability
            production = ADEQUATE_INTAKE[v] * getattr(self, f"{v}_production_pct_rda") / 100.0
            out[f"{v}_flow_scale"] = production * availability / self.producer_fraction_reference
        out["recovery_decay"] = 0.5 ** (1.0 / self.diversity_recovery_half_life_d)
        out["fibre_gain_numerator"] = (1.0 - self.diversity_floor) * (1.0 + self.fibre_half_saturation_ratio)
        out["fibre_reference_inverse"] = 1.0 / self.fibre_reference_g_d
        out["exercise_reference_inverse"] = 1.0 / self.exercise_reference_load_au
        return out

    @classmethod
    def reference_host_supply(cls) -> dict[str, float]:
        """Host-available supply (per day, intake units) of a reference community (f = f_ref, D = 1)."""
        scales = cls().derived()
        reference = cls.model_fields["producer_fraction_reference"].default
        return {v: scales[f"{v}_flow_scale"] * reference for v in VITAMINS}


P = PARAMS.declare(NAME, MicrobiomeParams)


@kernel
def microbial_supply(x, p, d):
    """microbial_v += s_supply (RDA_v y_v / 100) (h_v / f_ref) f_v D   (intake units per day).

    Host-available B-vitamin output of the colonic community. Production estimates are
    Magnusdottir 2015's genome-based upper bounds; colonic uptake is carrier-mediated for
    all but B12 (Said 2011), so microbial B12 reaches the host only as ~1 % of output.

    References: Magnusdottir S et al. Front Genet 2015;6:148; Said HM. Biochem J 2011.
    """
    strength = p[M.microbial_b_vitamin_supply] * x[V.microbiome_diversity]
    for j in range(8):
        d[FLOW[j]] += strength * p[P.b1_flow_scale + j] * x[V.producer_b1_frac + j]


@kernel
def diversity_target(x, p, d):
    """D* = (1 + s_fibre (D*_fibre - 1)) (1 + s_exercise g_ex min(1, L / L_ref)).

    D*_fibre = D_0 + (1 - D_0)(1 + K_F) r / (K_F + r), r = fibre / F_ref: fermentable fibre
    feeds saccharolytic (and B-vitamin producing) taxa; a fibre-poor diet loses diversity
    (Makki 2018; Sonnenburg 2016). The exercise term (Clarke 2014; Allen 2018) is a
    hypothesis: the review's source for it (Ticinesi 2024) is distorted.
    """
    ratio = d[FIBRE] * p[P.fibre_reference_inverse]
    fibre = p[P.diversity_floor] + p[P.fibre_gain_numerator] * ratio / (p[P.fibre_half_saturation_ratio] + ratio)
    target = 1.0 + p[M.microbiome_fibre] * (fibre - 1.0)
    load = min(1.0, d[I.load_total_au] * p[P.exercise_reference_inverse])
    return target * (1.0 + p[M.microbiome_exercise_shift] * p[P.exercise_diversity_gain] * load)


@kernel
def antibiotic_depletion(x, p, d):
    """D <- D (1 - s_abx a) on each day of an antibiotic course; recovery toward D* afterwards.

    Broad-spectrum courses collapse diversity within days; recovery takes weeks to months
    and is often incomplete (Dethlefsen & Relman 2011; Palleja 2018).
    """
    return 1.0 - p[M.microbiome_antibiotic_depletion] * p[P.antibiotic_depletion_per_day] * d[I.antibiotic_course]


@kernel
def crosstalk(x, p, d):
    """Host-available microbial B vitamins -> the B-vitamin pools (flows)."""
    microbial_supply(x, p, d)


@kernel
def kinetics(x, p, d):
    """Diversity relaxes toward its fibre/exercise target; antibiotics deplete it."""
    target = diversity_target(x, p, d)
    diversity = target + (x[V.microbiome_diversity] - target) * p[P.recovery_decay]
    x[V.microbiome_diversity] = diversity * antibiotic_depletion(x, p, d)


def group_sharing(state: np.ndarray, params: np.ndarray, training_group: np.ndarray, day: int) -> None:
    """Weekly pull of producer shares toward the training group's mean (in place).

    f_v,i <- f_v,i + s_share c (mean of f_v over athlete i's group - f_v,i); athletes who
    train and eat together exchange gut microbes (cohabitation: Song 2013; social networks:
    Brito 2019). The model's first athlete-to-athlete interaction; a hypothesis, off by default.
    """
    rate = params[:, M.microbiome_group_sharing] * params[:, P.group_sharing_rate]
    if state.shape[0] == 0 or not np.any(rate > 0):
        return
    groups = np.unique(training_group, return_inverse=True)[1]
    counts = np.bincount(groups)
    for column in PRODUCER_COLUMNS:
        values = state[:, column]
        means = np.bincount(groups, weights=values) / counts
        state[:, column] = values + rate * (means[groups] - values)


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism(
            "microbial_b_vitamin_supply", NAME, "gut B-vitamin producers", "B-vitamin pools (microbial_* flows)", 1, "supported",
            ("magnusdottir2015", "said2011"),
            "Colonic bacteria make B vitamins; the host absorbs part of it, almost none of the B12.",
            function=microbial_supply,
            parameters=("producer_fraction_reference", "colonic_availability", "colonic_b12_availability",
                        *[f"{v}_production_pct_rda" for v in VITAMINS]),
        ),
        Mechanism(
            "microbiome_fibre", NAME, "dietary fibre", "microbiome_diversity", 1, "supported",
            ("makki2018", "sonnenburg2016", "david2014"),
            "Fermentable fibre sustains a diverse, producer-rich community; a fibre-poor diet erodes it.",
            function=diversity_target,
            parameters=("fibre_reference_g_d", "fibre_half_saturation_ratio", "diversity_floor", "diversity_recovery_half_life_d"),
        ),
        Mechanism(
            "microbiome_antibiotic_depletion", NAME, "antibiotic course", "microbiome_diversity", -1, "established",
            ("dethlefsen2011", "palleja2018"),
            "Antibiotics deplete the community within days; it recovers over weeks.",
            function=antibiotic_depletion, parameters=("antibiotic_depletion_per_day", "diversity_recovery_half_life_d"),
        ),
        Mechanism(
            "microbiome_exercise_shift", NAME, "training load", "microbiome_diversity", 1, "hypothesis",
            ("clarke2014", "allen2018ex", "ticinesi2017", "ticinesi2019"),
            "Regular training shifts the community toward higher diversity (review cites the distorted Ticinesi 2024).",
            function=diversity_target, parameters=("exercise_diversity_gain", "exercise_reference_load_au"),
        ),
        Mechanism(
            "microbiome_group_sharing", NAME, "training group's microbiome", "producer_*_frac", 1, "hypothesis",
            ("song2013", "brito2019"),
            "Athletes who train and eat together drift toward a shared composition (weekly population step).",
            function=group_sharing, parameters=("group_sharing_rate",),
        ),
    ],
)


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Producer shares sampled around f_ref; diversity at the target of the habitual fibre intake."""
    assert isinstance(params, MicrobiomeParams)
    n = traits["female"].shape[0]
    out: dict[str, np.ndarray] = {}
    for v in VITAMINS:
        # truncated, not clipped (a clip piled the tails onto 0.05 and 0.95)
        out[f"producer_{v}_frac"] = truncated_normal(
            rng.standard_normal((n,)), params.producer_fraction_reference, params.producer_fraction_sd, 0.05, 0.95
        )
    derived = params.derived()
    ratio = traits["habitual_fibre_g"] / params.fibre_reference_g_d
    out["microbiome_diversity"] = params.diversity_floor + derived["fibre_gain_numerator"] * ratio / (
        params.fibre_half_saturation_ratio + ratio
    )
    return out


SUBSYSTEM = Subsystem(
    name=NAME,
    params=MicrobiomeParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=tuple(STATE.owned_by(NAME)),
    contributes=tuple(f"microbial_{v}_{UNITS[v]}" for v in VITAMINS),
    kinetics_reads=("intake_fibre_g", "load_total_au", "antibiotic_course"),
    # producer shares change only in the population step; kinetics leaves them as they are
    writes=tuple(STATE.owned_by(NAME)),
    summary_variables=("microbiome_diversity",),
    population_step=group_sharing,
    population_interval_days=7,
    description="Gut microbiome: B-vitamin producer capacity moved by fibre and antibiotics; optional training-group sharing",
)
