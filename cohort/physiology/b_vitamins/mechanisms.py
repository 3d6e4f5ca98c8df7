"""The B vitamins' mechanism kernels and their registration (``M``).

Each kernel's docstring is the equation shown by ``cohort mechanisms``.
"""

from __future__ import annotations

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.physiology.b_vitamins.parameters import P
from cohort.physiology.b_vitamins.variables import ENERGY_COENZYMES, NAME, V
from cohort.physiology.inputs import I


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
def b12_food_release(x, p):
    """Share of the day's B12 intake released from food for intrinsic-factor binding (0-1).

    f_eff = max(0, 1 - s_mal (1 - f)),   f = ``b12_food_absorption_factor`` (per-athlete trait):
        f = r_AG with probability pi(age) = clip(pi_52 + pi' (age - 52 y), 0, 1), else 1
    absorbed B12 = b12_absorbed(f_eff I) + microbial supply      (I: intake, ug/d)

    Severe atrophic gastritis (serum pepsinogen I < 25 ug/L) leaves too little acid and pepsin
    to free protein-bound B12, so less reaches intrinsic factor; crystalline B12 is absorbed
    normally (Carmel 1995). Prevalence rises with age: 4.8 % at 50-54 y to 8.7 % at 70-74 y
    (Weck 2007, ESTHER, n = 9,444); 29 of 359 Boston elderly aged 60-99 (8.1 %; Krasinski
    1986); extrapolated linearly it reaches 0 near 27 y, where atrophic gastritis is rare
    (no age-specific data below 50 y). r_AG: protein-bound B12 absorbed by hypochlorhydric
    patients relative to controls (King 1979: urinary excretion 0.06-0.34 % vs 0.61-5.6 %,
    ratio ~0.1) up to the lower limit of normal food-bound absorption in Miller 1992 (12 % vs
    controls' 12-39 %, ratio ~0.5; IOM 1998). Supplement B12 is counted with food (intake
    events carry no B12), so the factor also lowers a malabsorber's supplement absorption,
    which in life is normal: a limitation for supplement trials in older cohorts.
    """
    release = 1.0 - p[M.b12_food_malabsorption] * (1.0 - x[V.b12_food_absorption_factor])
    return max(release, 0.0)  # an amplified (s > 1) malabsorption saturates at no release


@kernel
def b12_serum_scale(x, p):
    """Athlete's serum B12 relative to the population at equal B12 stores.

    g_eff = g^s_ser,  g = ``b12_serum_factor`` ~ LogNormal(-sigma^2/2, sigma) (mean 1)
    (s_ser = 0: no individuality; s_ser = 2 doubles the log spread; positive at any strength)
    serum B12 = g_eff B_max P_12 / (P_12 + K_12)

    Serum B12 is ~80 % haptocorrin-bound, and its binding-protein and genetic determinants
    (FUT2 non-secretors, ~20 % of Europeans, +10-25 %; Hazra 2008) shift serum B12 at equal
    stores and intake. sigma is the between-person log SD of serum B12 left when intake is
    held equal (parameter ``serum_b12_between_athlete_log_sd``).
    """
    return x[V.b12_serum_factor] ** p[M.b12_serum_individuality]


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
        Mechanism(
            "b12_food_malabsorption", NAME, "age (atrophic gastritis)", "B12 absorption (b12_status_pct, serum B12)", -1, "established",
            ("weck2007", "krasinski1986", "carmel1995", "king1979", "iom_dri"),
            "Severe atrophic gastritis, more common with age, impairs release of protein-bound B12 from food: "
            "a per-athlete food-release factor lowers B12 absorption and stores.",
            function=b12_food_release,
            parameters=("b12_malabsorption_prevalence_52y", "b12_malabsorption_prevalence_per_y", "b12_malabsorption_food_fraction"),
        ),
        Mechanism(
            "b12_serum_individuality", NAME, "per-athlete serum B12 factor", "serum B12", 1, "supported",
            ("brouwerbrolsma2015", "tucker2000", "hazra2008"),
            "Serum B12 varies between people at equal intake (binding proteins, FUT2 secretor status); "
            "a per-athlete log-normal factor scales serum B12 at given stores (biomarker only).",
            function=b12_serum_scale, parameters=("serum_b12_between_athlete_log_sd",),
        ),
    ],
)
