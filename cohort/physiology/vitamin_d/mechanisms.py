"""Vitamin D's mechanism kernels (skin synthesis, oral input, storage, hydroxylation, clearance, VDR
effects) and their registration (``M``). Each kernel's docstring is the equation shown by ``cohort mechanisms``.
"""

from __future__ import annotations

import math

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.physiology.base import modulate
from cohort.physiology.traits import T
from cohort.physiology.vitamin_d.parameters import P
from cohort.physiology.vitamin_d.variables import INTAKE_VITAMIN_D, NAME, V

_DEG = math.pi / 180.0
#: solar declination (rad) by day of year 0..366 (Cooper 1969), a compile-time constant table
_DECLINATION = np.array([23.44 * _DEG * math.sin(2.0 * math.pi * (284.0 + doy) / 365.0) for doy in range(367)])


@kernel
def altitude_uv_factor(x, p):
    """A = 1 + s a_z z / 1000: vitamin-D UV relative to sea level at altitude z (m).

    Less air, ozone and aerosol above a site: clear-sky erythemal irradiance rises 15-19 % per
    1000 m (Blumthaler 1997), so the same outdoor hours make more D3 higher up. Linear in z as
    measured (577-3576 m); A = 1 at sea level (the default prior). The elevation threshold e_0
    is kept (its altitude dependence is not measured in vitamin-D terms).
    """
    return 1.0 + p[M.vitd_altitude_uv] * p[P.uv_altitude_gain_per_km] * x[T.altitude_m] * 0.001


@kernel
def skin_synthesis(x, p, day_of_year):
    """Cutaneous D3 (ug/d) from season, latitude and outdoor hours.

    delta = 23.44 deg sin(2 pi (284 + doy) / 365)          (solar declination, Cooper 1969)
    sin e = cos(lat - delta)                                (noon solar elevation e)
    w     = max(0, (sin e - sin e_0) / (1 - sin e_0))^gamma  (vitamin-D UV; 0 below e_0 ~35 deg)
    S_k   = Y E h_out w A / (1 + Y E h_out w A / S_max)     [ug/d], E the athlete's skin efficiency,
                                                            A the altitude factor

    Zero from November to February above ~40 N (Webb 1988; Kimlin 2007); indoor-sport
    athletes differ through their fewer outdoor hours h_out (cohort priors, docs/defaults.md:
    indoor U(1.0, 2.4) h/d, the general population's summer time outdoors, Diffey 2011 and
    Thieden 2006; outdoor U(1.4, 3.7) h/d, that plus 0.4-1.3 h/d of outdoor training,
    Wilson-Barnes 2020). Skin area, clothing, sunscreen and time of day are not modelled apart:
    they sit in E and Y, which are fitted.

    References: Webb AR et al. J Clin Endocrinol Metab 1988; Kimlin MG et al. J Photochem
    Photobiol B 2007; Heaney RP et al. J Nutr 2013.
    """
    hours = x[T.outdoor_h_per_day]
    if hours <= 0.0:
        return 0.0
    sine_elevation = math.cos(x[T.latitude_deg] * _DEG - _DECLINATION[int(day_of_year)])
    excess = sine_elevation - p[P.uv_threshold_sine]
    if excess <= 0.0:
        return 0.0
    relative = excess * p[P.uv_threshold_scale]
    exponent = p[P.uv_elevation_exponent]
    weight = relative * relative if exponent == 2.0 else relative**exponent
    made = p[P.skin_yield_ug_per_h] * x[V.vitd_skin_efficiency] * hours * weight * altitude_uv_factor(x, p)
    return made / (1.0 + made * p[P.inverse_skin_saturation])


@kernel
def oral_input(x, p, d):
    """Absorbed oral vitamin D3 plus all-source basal input (ug/d).

    I = b R I_oral + I_basal U, with I_oral today's food and supplement intake (daily, weekly or
    bolus doses arrive on their days), R the athlete's absorption efficiency (mean 1; Borel
    2015), I_basal the mean non-tabulated input (Heaney 2013) and U the athlete's share of it.
    """
    oral = p[P.oral_bioavailability] * x[V.vitd_oral_absorption] * d[INTAKE_VITAMIN_D]
    return oral + p[P.basal_input_ug_d] * x[V.vitd_basal_input_ratio]


@kernel
def fat_storage(p):
    """Shares of D3 routed through adipose tissue: (min(1, s f_oral), min(1, s f_skin)).

    out_P = P (1 - e^{-k_P});  F' = F - F (1 - e^{-k_F}) + s f_oral out_P + s f_skin S_k
    J     = (1 - s f_oral) out_P + F (1 - e^{-k_F})

    About three quarters of body cholecalciferol sits in fat (Heaney 2009); the store keeps
    feeding 25(OH)D for weeks after a bolus (Ilahi 2008) and delays the seasonal peak.
    """
    storage = p[M.vitd_fat_storage]
    return min(1.0, storage * p[P.oral_to_fat_fraction]), min(1.0, storage * p[P.skin_to_fat_fraction])


@kernel
def adiposity_factor(x, p):
    """B = e^{-s beta max(0, BMI - BMI_ref)}: 25(OH)D diluted in adipose tissue (in (0, 1] for any BMI).

    Ekwaru 2014: obese ~19.8 and overweight ~8.0 nmol/L lower than normal weight at any dose.
    """
    excess = max(0.0, x[T.bmi_kg_m2] - p[P.adiposity_reference_bmi])
    return math.exp(-p[M.vitd_adiposity] * p[P.adiposity_slope_per_bmi] * excess)


@kernel
def hydroxylation(x, p, flux, activation, saturation):
    """25(OH)D produced today (nmol/L per d) from the D3 flux J (ug/d) reaching the liver.

    prod = g B M J / (1 + s J / J_half),   B: adiposity factor

    Saturable 25-hydroxylation makes the steady-state dose response concave: serum D3 accumulates
    relative to 25(OH)D at high input (Hollis 2007; Barger-Lux 1998: D3 +13/+137/+883 and 25(OH)D
    +29/+146/+643 nmol/L after 8 weeks of 25/250/1250 ug/d). In 25(OH)D terms controlled dosing is
    nearly proportional, so J_half is fitted to that trial (VD-BARGERLUX) under the constraint that the
    increment to a fixed dose still falls with baseline; Ekwaru 2014's observational flattening (1.1
    nmol/L per 1000 IU at 15-20k IU/d) is not reproduced and informs no parameter (VD-EKWARU).
    B is the adiposity offset (obese ~20, overweight ~8 nmol/L lower); M the magnesium-dependent
    activation channel.
    """
    if flux <= 0.0:
        return 0.0
    adiposity = adiposity_factor(x, p)
    efficiency = 1.0 / (1.0 + saturation * flux * p[P.inverse_half_saturation])
    return p[P.hydroxylation_gain_nmol_l_per_ug] * adiposity * activation * flux * efficiency


@kernel
def clearance_decay(level, half_life_ratio, p):
    """Fraction of 25(OH)D left after one day at level C (nmol/L): e^{-k_C r(C) / H}.

    r(C) = 1 + s kappa (C - C_ref);  H: the athlete's half-life relative to the mean

    CYP24A1 24-hydroxylation, the main catabolic route of 25(OH)D (Jones 2012), is induced
    as status rises: the 24,25(OH)2D/25(OH)D ratio climbs with 25(OH)D (Kaufmann 2014) and
    with supplementation (Francic 2019). Clearance is therefore faster when replete and slower
    when deficient, so a fixed dose raises 25(OH)D less the higher the baseline (the marginal
    clearance d(C r)/dC = 1 + kappa (2C - C_ref) grows twice as fast as r), as dose-response
    meta-analyses find (Mazahery & von Hurst 2015; Zittermann 2014). r(C_ref) = 1: the pooled
    15.1 d isotope half-life (Jones 2014) holds at C_ref; kappa is the same study's small
    difference between Gambian (69 nmol/L, 14.7 d) and UK men (29 nmol/L, 15.6 d). r > 0 for
    every C >= 0 because kappa C_ref < 1 over the parameter ranges. H varies between people
    with their vitamin D-binding protein (15.1 +/- 3.1 d, Jones 2014).
    """
    induction = 1.0 + p[M.vitd_catabolism_induction] * p[P.catabolism_induction_per_nmol_l] * (
        level - p[P.half_life_reference_nmol_l]
    )
    return math.exp(p[P.log_clearance_decay] * induction / half_life_ratio)


@kernel
def steady_level(production, half_life_ratio, p):
    """25(OH)D (nmol/L) at which a constant daily production (nmol/L per d) is cleared:
    C (1 - e^{-k_C r(C) / H}) = production, by bisection (the left side rises with C)."""
    low, high = 0.0, 3000.0
    for _ in range(60):
        middle = 0.5 * (low + high)
        if middle * (1.0 - clearance_decay(middle, half_life_ratio, p)) < production:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


@kernel
def vdr_deficit(x, p):
    """D = max(0, 1 - A / A_ref): VDR signal shortfall versus a replete athlete (75 nmol/L)."""
    return max(0.0, 1.0 - x[V.vitd_vdr_signal] * p[P.inverse_vdr_reference_signal])


@kernel
def vdr_force(x, p, deficit):
    """force x (1 - s c_F D): 1,25(OH)2D/VDR raises Ca-handling capacity and force, mainly when deficient.

    Saturating in 25(OH)D: no effect above ~75 nmol/L. Supported by meta-analyses of small
    effect size (Beaudart 2014 JCEM: SMD 0.17 on strength; Han 2019 JISSN, athletes: no
    significant effect when replete). The review's "Oshima 2023" does not exist.
    """
    return 1.0 - p[M.vitd_vdr_force] * p[P.vdr_force_effect] * deficit


@kernel
def vdr_strength_adaptation(x, p, deficit):
    """adapt_strength x (1 - s c_S D): VDR deficit blunts strength adaptation (Ceglia & Harris 2013).

    CONTESTED: the mechanism is plausible (VDR in muscle, Ceglia & Harris 2013), but adding
    vitamin D to resistance training gave no extra gain in young or older men (Agergaard 2015)
    and athletes' meta-analysis finds no clear effect (Han 2019); D = 0 when replete, so the
    effect is confined to deficient athletes, where no trial isolates it.
    """
    return max(0.0, 1.0 - p[M.vitd_vdr_strength_adaptation] * p[P.vdr_adaptation_effect] * deficit)


@kernel
def vdr_mitochondria(x, p, deficit):
    """adapt_mito x (1 - s c_M D). HYPOTHESIS (off by default): the review's mitochondrial claim
    rests on "Chang 2024", which could not be found; mechanistic plausibility only."""
    return 1.0 - p[M.vitd_mitochondria] * p[P.vdr_mito_effect] * deficit


@kernel
def calcium_absorption_factor(x, p):
    """calcium_absorption x (1 + s (G - 1)), G = [C/(C+K_Ca)] / [C_ref/(C_ref+K_Ca)].

    CONTESTED: Heaney 2003 (J Am Coll Nutr) found 65 % higher absorption at 86.5 than at
    50.2 nmol/L; the IOM 2011 committee found no clear rise above ~30-50 nmol/L. The default
    K_Ca gives ~1.16 between 85 and 50 nmol/L, and a clear fall when deficient.
    """
    level = x[V.vitd_25oh_nmol_l]
    signal = level / (level + p[P.calcium_absorption_half_saturation_nmol_l])
    return modulate(p[M.vitd_calcium_absorption], signal * p[P.inverse_calcium_reference_signal])


M = MECHANISMS.declare(
    NAME,
    [
        Mechanism(
            "vitd_skin_synthesis", NAME, "sunlight (season, latitude, outdoor hours)", "vitamin D3", +1, "established",
            ("webb1988", "kimlin2007", "kasahara2013", "heaney2013"),
            "UVB makes vitamin D3 in skin; ~0 Nov-Feb above ~40 N", skin_synthesis,
            parameters=("uv_threshold_elevation_deg", "uv_elevation_exponent", "skin_yield_ug_per_h", "skin_saturation_ug_d"),
        ),
        Mechanism(
            "vitd_altitude_uv", NAME, "altitude", "vitamin-D UV (skin synthesis)", +1, "supported", ("blumthaler1997",),
            "UVB rises ~15 % per 1000 m of altitude: more skin D3 per outdoor hour higher up", altitude_uv_factor,
            parameters=("uv_altitude_gain_per_km",),
        ),
        Mechanism(
            "vitd_oral_intake", NAME, "dietary and supplemental vitamin D", "vitamin D3", +1, "established",
            ("heaney2003", "aloia2008", "heaney2013", "borel2015"),
            "food, basal and supplement D3 (daily, weekly, bolus) enter the D3 pool", oral_input,
            parameters=("oral_bioavailability", "basal_input_ug_d"),
        ),
        Mechanism(
            "vitd_fat_storage", NAME, "vitamin D3", "adipose D3 store -> 25(OH)D", +1, "supported",
            ("heaney2009", "ilahi2008", "kasahara2013"),
            "D3 stored in fat re-releases over weeks: bolus washout and the ~8-week seasonal lag", fat_storage,
            parameters=("fat_store_half_life_d", "oral_to_fat_fraction", "skin_to_fat_fraction"),
        ),
        Mechanism(
            "vitd_hydroxylation_saturation", NAME, "vitamin D3 flux", "25(OH)D production efficiency", -1, "supported",
            ("bargerlux1998", "heaney2003", "hollis2007"),
            "saturable 25-hydroxylation: concave dose response", hydroxylation,
            parameters=("hydroxylation_gain_nmol_l_per_ug", "hydroxylation_half_saturation_ug_d"),
        ),
        Mechanism(
            "vitd_catabolism_induction", NAME, "25(OH)D", "25(OH)D clearance (CYP24A1)", -1, "supported",
            ("jones2014", "jones2012", "kaufmann2014", "francic2019", "mazahery2015", "zittermann2014"),
            "24-hydroxylation rises with status: the rise per dose shrinks with baseline 25(OH)D", clearance_decay,
            parameters=("catabolism_induction_per_nmol_l", "half_life_reference_nmol_l"),
        ),
        Mechanism(
            "vitd_adiposity", NAME, "BMI (adiposity)", "25(OH)D", -1, "supported", ("ekwaru2014",),
            "volumetric dilution: obese ~20, overweight ~8 nmol/L lower at any dose", adiposity_factor,
            parameters=("adiposity_slope_per_bmi", "adiposity_reference_bmi"),
        ),
        Mechanism(
            "vitd_calcium_absorption", NAME, "25(OH)D", "calcium fractional absorption", +1, "contested",
            ("heaney2003ca", "iom2011"),
            "vitamin D status raises Ca absorption (Heaney 2003) - disputed above ~50 nmol/L (IOM 2011)",
            calcium_absorption_factor, parameters=("calcium_absorption_half_saturation_nmol_l", "vdr_reference_nmol_l"),
        ),
        Mechanism(
            "vitd_vdr_force", NAME, "1,25(OH)2D/VDR signal", "force", +1, "supported",
            ("ceglia2013", "beaudart2014", "han2019"),
            "VDR raises Ca-handling capacity and force, mainly when deficient", vdr_force,
            parameters=("vdr_half_saturation_nmol_l", "vdr_reference_nmol_l", "vdr_force_effect", "vdr_signal_tau_d"),
        ),
        Mechanism(
            "vitd_vdr_strength_adaptation", NAME, "1,25(OH)2D/VDR signal", "strength adaptation", +1, "contested",
            ("ceglia2013", "beaudart2014", "han2019", "agergaard2015"),
            "VDR deficit blunts strength adaptation (mechanism; trials of vitamin D with training find no added gain "
            "in replete men)", vdr_strength_adaptation,
            parameters=("vdr_half_saturation_nmol_l", "vdr_reference_nmol_l", "vdr_adaptation_effect"),
        ),
        Mechanism(
            "vitd_mitochondria", NAME, "1,25(OH)2D/VDR signal", "mitochondrial adaptation", +1, "hypothesis",
            ("ceglia2013",),
            "review claim (Chang 2024, not found): vitamin D supports mitochondrial function", vdr_mitochondria,
            parameters=("vdr_mito_effect",),
        ),
    ],
)
