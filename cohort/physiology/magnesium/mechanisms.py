"""Magnesium's flow and effect kernels (absorption, losses, the renal threshold, the exchange between the pools,
the day's implicit extracellular step, the crosstalk effects) and their registration ``M``."""

from __future__ import annotations

import math

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.physiology.magnesium.parameters import P
from cohort.physiology.magnesium.variables import NAME, V

_MAX_DEPLETION = 0.5


@kernel
def depletion(x):
    """delta = min(0.5, max(0, 1 - s)): tissue Mg shortfall used by every effect."""
    return min(_MAX_DEPLETION, max(0.0, 1.0 - x[V.mg_status]))


@kernel
def sweat_loss(p, sweat_l):
    """Mg lost in training sweat by a replete athlete, mg/d: c_sweat V_sweat (Baker 2011: 9.8 mg/L
    whole body); :func:`losses` scales it with the extracellular status r."""
    return p[M.mg_sweat_loss] * p[P.sweat_magnesium_mg_l] * sweat_l


@kernel
def signalled_status(exchangeable_status, p):
    """(q, dq/dr): the tissue status serum signals to the kidney, q = sigma r / (1 - (1 - sigma) r) for
    r <= 1 (the inverse of r_eq, so q = s when the pools are in equilibrium) and 1 + (r - 1) / sigma
    above (its tangent, used only with the renal threshold off)."""
    sensitivity = p[P.serum_depletion_sensitivity]
    r = exchangeable_status
    if r > 1.0:
        return 1.0 + (r - 1.0) / sensitivity, 1.0 / sensitivity
    denominator = 1.0 - (1.0 - sensitivity) * r
    return sensitivity * r / denominator, sensitivity / (denominator * denominator)


@kernel
def urinary_flow(exchangeable_status, p, training_h):
    """(U, dU/dr): urinary Mg, mg/d, at extracellular status r (:func:`urinary_loss`) and its slope."""
    threshold = min(1.0, p[M.mg_renal_threshold])
    excess = max(0.0, exchangeable_status - 1.0)
    signalled, signalled_slope = signalled_status(exchangeable_status - threshold * excess, p)
    exercise = 1.0 + p[M.mg_exercise_urinary_loss] * p[P.urinary_exercise_per_h] * training_h
    gain = p[P.renal_conservation_gain]
    conservation = p[P.urinary_reference_mg_d] * math.exp(gain * (signalled - 1.0)) * exercise
    above = 1.0 if excess > 0.0 else 0.0
    slope = conservation * (1.0 + gain * signalled) * signalled_slope * (1.0 - threshold * above) + threshold * above * p[P.filtered_mg_d]
    return conservation * signalled + threshold * p[P.filtered_mg_d] * excess, slope


@kernel
def urinary_loss(exchangeable_status, p, training_h):
    """Urinary Mg, mg/d, at extracellular status r (serum Mg / its set point):

    U = U_ref q e^{g (q - 1)} (1 + s_u u_ex h) + w_T F max(0, r - 1),   q = q(r - w_T max(0, r - 1))

    q(r) = sigma r / (1 - (1 - sigma) r) is the tissue status serum signals (:func:`signalled_status`;
    q = s at equilibrium, so a steady state keeps the renal conservation g of the tissue status).
    F = GFR f_uf serum_0 M_Mg is the filtered Mg per unit r (~2.1 g/d; U_ref is ~4.8 % of it).
    Below the renal threshold (r < 1, depleted) tubular reabsorption rises and urine falls
    faster than the pool (renal conservation, g fitted to MG-DEPL); at and above it reabsorption
    is at its maximum (Tm, near the normal serum level; Quamme & Dirks 1986), so every extra mg
    filtered is excreted (w_T = mg_renal_threshold, 1 by default; off, the conservation curve
    continues above r = 1). Strenuous training raises urinary Mg (Nielsen & Lukaski 2006:
    requirement +10-20 % with sweat).
    """
    return urinary_flow(exchangeable_status, p, training_h)[0]


@kernel
def losses(exchangeable_status, training_h, sweat_l, p):
    """(sweat, urinary, total, slope), mg/d: the day's losses from the extracellular pool at status r,

    L(r) = r (fecal_endogenous + dermal + sweat_1) + U(r)   (:func:`sweat_loss`, :func:`urinary_loss`)

    and slope = dL/dr, for the implicit step of :func:`extracellular_status`.
    """
    sweat_replete = sweat_loss(p, sweat_l)
    obligatory = p[P.endogenous_fecal_mg_d] + p[P.dermal_mg_d] + sweat_replete
    urinary, urinary_slope = urinary_flow(exchangeable_status, p, training_h)
    return exchangeable_status * sweat_replete, urinary, exchangeable_status * obligatory + urinary, obligatory + urinary_slope


@kernel
def equilibrium_status(status, p):
    """r_eq(s) = s / (sigma + (1 - sigma) s): extracellular status in equilibrium with tissue status s.

    Serum falls by sigma of the tissue's fall near replete (Lukaski & Nielsen 2002: serum stays in
    range while tissue Mg falls) and reaches 0 only with the tissue, so every loss stays first order
    in the stores; the shape between is the simplest with both properties (untested)."""
    sensitivity = p[P.serum_depletion_sensitivity]
    return status / (sensitivity + (1.0 - sensitivity) * status)


@kernel
def exchange_conductance(replete_mg, p):
    """K = (f_x - f_E) Q_replete ln 2 / t_x, mg/d per unit status: the gross daily exchange between
    serum and the rapidly exchanging cell Mg (Avioli & Berman 1966; Silver 1960)."""
    return p[P.exchange_per_replete_mg_d] * replete_mg


@kernel
def exchange_flux(exchangeable_status, status, replete_mg, p):
    """Net Mg flux from the extracellular pool into the tissue pool, mg/d:

    J = K (min(r, 1) - r_eq(s)),   K = :func:`exchange_conductance`

    Tissue gains Mg when the extracellular pool stands above its equilibrium with the tissue and
    loses it when below; extracellular Mg above the replete level (r > 1) does not load tissue
    further (cells hold their Mg; replete adults retain 6.3 +- 10.3 % of a 30 mmol IV load over
    24 h, Gullestad 1994), so a replete tissue takes up nothing and the kidney clears the load.
    """
    return net_exchange(exchangeable_status, equilibrium_status(status, p), exchange_conductance(replete_mg, p))


@kernel
def net_exchange(exchangeable_status, equilibrium, conductance):
    """J = K (min(r, 1) - r_eq) of :func:`exchange_flux` from r_eq(s) and K already at hand (the day
    step computes them once, not at every iterate)."""
    return conductance * (min(exchangeable_status, 1.0) - equilibrium)


#: residual, as a share of the day's inflow to the extracellular pool (absorbed + E), below which the
#: implicit day step ends with a linear correction instead of another evaluation (:func:`extracellular_status`)
SOLVE_TOLERANCE = 1e-3


@kernel
def extracellular_status(status, exchangeable_mg, replete_mg, absorbed, training_h, sweat_l, p):
    """Tonight's extracellular status r' from this morning's E and tissue status s (backward Euler:
    the extracellular pool turns over in hours, so a day is one implicit step):

    E_replete r' + L(r') + J(r', s) = absorbed + E

    and the day's flows at r': returns (r', sweat, urinary, total losses L, exchange J). The left
    side rises with r' and is below the right at r' = 0 (every loss is first order), so the root
    is unique and positive. Newton's method from E / E_replete, kept inside a shrinking bracket by
    bisection (the left side has kinks at r' = 1), until the residual R at an iterate r is below
    :data:`SOLVE_TOLERANCE` of the right side (a day's intake moves r by ~1 %: usually one step,
    none on a steady day); then the last Newton step dr = -R / R' is applied to r and, to first
    order, to every flow (sweat + s_1 dr, urine + U' dr, J + K dr below the threshold), which
    leaves an error of order dr^2 ~ 1e-8 without evaluating the flows again. Tonight's pool is
    what those flows leave, E' = absorbed + E - L - J, so mass is conserved exactly.
    """
    pool = p[P.extracellular_fraction] * replete_mg
    exchange = exchange_conductance(replete_mg, p)
    equilibrium = equilibrium_status(status, p)
    target = absorbed + exchangeable_mg
    low = 0.0
    high = (target + exchange * max(0.0, equilibrium)) / pool
    r = min(high, exchangeable_mg / pool)
    for _ in range(80):
        sweat, urinary, total, slope = losses(r, training_h, sweat_l, p)
        conductance = exchange if r < 1.0 else 0.0
        flux = net_exchange(r, equilibrium, exchange)
        residual = pool * r + total + flux - target
        step = -residual / (pool + slope + conductance)
        if abs(residual) <= SOLVE_TOLERANCE * target:
            sweat_slope = sweat / r
            urinary_slope = slope - (total - urinary) / r
            total += slope * step
            flux += conductance * step
            return (target - total - flux) / pool, sweat + sweat_slope * step, urinary + urinary_slope * step, total, flux
        if residual > 0.0:
            high = r
        else:
            low = r
        candidate = r + step
        if candidate <= low or candidate >= high:
            candidate = 0.5 * (low + high)
        r = candidate
    return (target - total - flux) / pool, sweat, urinary, total, flux  # not reached in practice; mass still exact


#: meals a day's Mg is eaten over (the schedule's meal slots, cohort.engine.doses.MAX_MEALS); the
#: intake events carry no Mg, so a supplement dose is counted with the day's food
MEALS_PER_DAY = 3.0


@kernel
def absorbed_replete(intake_mg, p):
    """Net Mg absorbed by a replete athlete, mg/d, from a day's intake I over n equal meals.

    A_1 = w [n V_max (I/n) / (I/n + K_t) + f_p I] + (1 - w) a I,   w = min(1, strength) (1 by default)

    A saturable (transcellular, TRPM6) route plus a paracellular fraction (Fine 1991: net
    absorption 65 % of 36 mg and 11 % of 960 mg per meal, 7 % paracellular): 34 % of 350 mg/d,
    22 % of 650 mg/d, so a 300 mg/d supplement adds ~30 mg/d, not a fixed share of the dose.
    With the switch off, the former fixed fraction a of intake; a scale between 0 and 1 blends
    the two; above 1 it stays at the measured curve (a blend past it would absorb less than
    nothing at high intake, and no study measures a stronger saturation).
    """
    per_meal = intake_mg / MEALS_PER_DAY
    transcellular = MEALS_PER_DAY * p[P.transcellular_capacity_mg_meal] * per_meal / (per_meal + p[P.transcellular_half_saturation_mg_meal])
    saturable = transcellular + p[P.paracellular_fraction] * intake_mg
    weight = min(1.0, p[M.mg_saturable_absorption])
    return weight * saturable + (1.0 - weight) * p[P.fractional_absorption] * intake_mg


@kernel
def tissue_equilibrium(exchangeable_status, p):
    """Tissue status in equilibrium with extracellular status r (J = 0): the inverse of r_eq below
    the replete level, s = sigma r / (1 - (1 - sigma) r), and 1 at or above it (tissue does not load
    past replete)."""
    if exchangeable_status >= 1.0:
        return 1.0
    return signalled_status(exchangeable_status, p)[0]


@kernel
def steady_flows(exchangeable_status, intake_mg, training_h, sweat_l, p):
    """(absorbed, sweat, urinary, balance), mg/d, on a day both pools are in equilibrium at
    extracellular status r (tissue at :func:`tissue_equilibrium`, no exchange):

    absorbed = (1 + k_a max(0, 1 - s)) absorbed_1(I);  balance = absorbed - L(r)
    """
    status = tissue_equilibrium(exchangeable_status, p)
    absorbed = (1.0 + p[P.absorption_adaptation] * max(0.0, 1.0 - status)) * absorbed_replete(intake_mg, p)
    sweat, urinary, total, _ = losses(exchangeable_status, training_h, sweat_l, p)
    return absorbed, sweat, urinary, absorbed - total


@kernel
def daily_flows(status, intake_mg, training_h, sweat_l, p):
    """(absorbed, sweat, urinary, balance), mg/d, at tissue status s <= 1 with the extracellular pool
    in equilibrium with it (r = r_eq(s)): :func:`steady_flows` at r_eq(s)."""
    return steady_flows(equilibrium_status(status, p), intake_mg, training_h, sweat_l, p)


@kernel
def ryr1_fatigue(p, delta):
    """fatigue_gain x (1 + s c_R delta): Mg2+ competes with Ca2+ at RyR1; low Mg -> SR Ca leak, fatigue.

    HYPOTHESIS, off by default: a mechanistic idea from one narrative review (Nielsen & Lukaski
    2006); no human study measures a whole-body fatigue effect of Mg depletion, so its size is unknown.
    """
    return 1.0 + p[M.mg_ryr1_antagonism] * p[P.fatigue_per_depletion] * delta


@kernel
def serca_recovery(p, delta):
    """recovery x (1 - s c_S delta): SERCA needs Mg-ATP; low Mg slows relaxation and recovery.

    HYPOTHESIS, off by default (as the RyR1 effect): mechanism only, whole-body size unmeasured.
    """
    return max(0.1, 1.0 - p[M.mg_serca_relaxation] * p[P.recovery_per_depletion] * delta)


@kernel
def vitd_activation(p, delta):
    """vitd_activation x (1 - s min(m_max, c_D max(0, delta - delta_0))): weak multiplier 0.8-1.0 when Mg is low.

    All vitamin D hydroxylases need Mg (Uwitonze & Razzaque 2018); in an RCT Mg supplementation
    changed 25(OH)D depending on baseline status (Dai 2018).
    """
    shortfall = max(0.0, delta - p[P.vitd_activation_threshold])
    return 1.0 - p[M.mg_vitd_activation] * min(p[P.vitd_activation_max_loss], p[P.vitd_activation_per_depletion] * shortfall)


@kernel
def energy_cost(p, delta):
    """energy_cost x (1 + s c_E delta): Mg depletion raises O2 use (+10-15 %) and HR (~+10 bpm)
    at a fixed submaximal workload (Lukaski & Nielsen 2002, 10 women, ~3 mo at ~50-60 % RDA)."""
    return 1.0 + p[M.mg_energy_cost] * p[P.energy_cost_per_depletion] * delta


@kernel
def oxidative_stress(p, delta):
    """ros_production x (1 + s c_O delta). HYPOTHESIS, off by default: the review's source
    (Zhang 2022) was not found; animal data only."""
    return 1.0 + p[M.mg_oxidative_stress] * p[P.ros_per_depletion] * delta


@kernel
def exercise_inflammation(p, delta):
    """exercise_inflammation x (1 + s c_I delta). HYPOTHESIS, off by default (as oxidative stress)."""
    return 1.0 + p[M.mg_exercise_inflammation] * p[P.inflammation_per_depletion] * delta


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism(
            "mg_saturable_absorption", NAME, "magnesium per meal", "fractional Mg absorption", -1, "supported",
            ("fine1991",),
            "Mg absorption saturates per meal (transcellular V_max, K_t) plus 7 % paracellular: 65 % of 36 mg, "
            "11 % of 960 mg absorbed (Fine 1991); off: a fixed fraction of intake", absorbed_replete,
            parameters=("transcellular_capacity_mg_meal", "transcellular_half_saturation_mg_meal", "paracellular_fraction",
                        "fractional_absorption"),
        ),
        Mechanism(
            "mg_sweat_loss", NAME, "training sweat", "magnesium balance", -1, "established", ("baker2011", "montain2007"),
            "Mg lost in sweat (9.8 mg/L whole body; 1-15 mg/L across methods)", sweat_loss,
            parameters=("sweat_magnesium_mg_l",),
        ),
        Mechanism(
            "mg_exercise_urinary_loss", NAME, "training", "urinary magnesium", -1, "supported", ("nielsen2006",),
            "strenuous exercise raises urinary Mg (requirement +10-20 % with sweat)", urinary_loss,
            parameters=("urinary_exercise_per_h", "urinary_reference_mg_d", "renal_conservation_gain"),
        ),
        Mechanism(
            "mg_renal_threshold", NAME, "serum magnesium above the replete level", "urinary magnesium", +1, "supported",
            ("quamme1986", "gullestad1994"),
            "tubular Mg reabsorption is at its maximum near the normal serum level, so Mg filtered above it is "
            "excreted (F = GFR x ultrafiltrable serum Mg per unit status): replete adults retain 6.3 % of a 30 mmol "
            "IV load over 24 h (Gullestad 1994); off: the conservation curve continues above replete",
            urinary_loss,
            parameters=("glomerular_filtration_l_d", "ultrafiltrable_fraction", "extracellular_fraction",
                        "exchangeable_fraction", "exchange_half_life_h"),
        ),
        Mechanism(
            "mg_ryr1_antagonism", NAME, "magnesium status", "fatigue per load", -1, "hypothesis", ("nielsen2006",),
            "mechanistic idea (one narrative review, no whole-body outcome data): low Mg -> more SR Ca leak and "
            "fatigue", ryr1_fatigue,
            parameters=("fatigue_per_depletion",),
        ),
        Mechanism(
            "mg_serca_relaxation", NAME, "magnesium status", "recovery", +1, "hypothesis", ("nielsen2006",),
            "mechanistic idea (one narrative review, no whole-body outcome data): Mg-ATP for SERCA, low Mg -> slower "
            "relaxation and recovery", serca_recovery,
            parameters=("recovery_per_depletion",),
        ),
        Mechanism(
            "mg_vitd_activation", NAME, "magnesium status", "vitamin D activation", +1, "supported",
            ("uwitonze2018", "dai2018"),
            "vitamin D hydroxylases need Mg: weak multiplier 0.8-1.0 when Mg is low", vitd_activation,
            parameters=("vitd_activation_per_depletion", "vitd_activation_threshold", "vitd_activation_max_loss"),
        ),
        Mechanism(
            "mg_energy_cost", NAME, "magnesium status", "energy cost of submaximal work", -1, "supported", ("lukaski2002",),
            "Mg depletion raises O2 cost (+10-15 %) and HR (~+10 bpm)", energy_cost,
            parameters=("energy_cost_per_depletion",),
        ),
        Mechanism(
            "mg_oxidative_stress", NAME, "magnesium status", "exercise ROS production", -1, "hypothesis", ("nielsen2006",),
            "review claim (Zhang 2022, not found): Mg deficiency amplifies exercise oxidative stress", oxidative_stress,
            parameters=("ros_per_depletion",),
        ),
        Mechanism(
            "mg_exercise_inflammation", NAME, "magnesium status", "exercise inflammation (IL-6)", -1, "hypothesis",
            ("nielsen2006",),
            "review claim (Zhang 2022, not found): Mg deficiency amplifies exercise inflammation", exercise_inflammation,
            parameters=("inflammation_per_depletion",),
        ),
    ],
)
