"""Vitamin D: skin synthesis, oral intake, a D3 body store, serum 25(OH)D and the VDR signal.

State, per athlete:

* ``vitd_skin_ug_d`` (S_k): today's cutaneous vitamin D3 synthesis, ug/d;
* ``vitd_d3_pool_ug`` (P): circulating and hepatic vitamin D3, ug (half-life ~1 d);
* ``vitd_fat_store_ug`` (F): vitamin D3 stored in adipose tissue, ug (half-life ~6 wk);
* ``vitd_25oh_nmol_l`` (C): serum 25-hydroxyvitamin D, nmol/L;
* ``vitd_vdr_signal`` (A): muscle 1,25(OH)2D/VDR signal, 0-1 (saturating in C);
* trait ``vitd_oral_absorption`` (R): per-athlete efficiency of oral D3 absorption (mean 1);
* trait ``vitd_half_life_ratio`` (H): the athlete's 25(OH)D half-life relative to the mean
  (15.1 +/- 3.1 d, with vitamin D-binding protein; Jones 2014);
* trait ``vitd_basal_input_ratio`` (U): the athlete's all-source basal input relative to the
  population mean (unrecorded food sources such as 25(OH)D in meat, fortified foods; mean 1);
* trait ``vitd_skin_efficiency`` (E): per-athlete cutaneous D3 yield per UV dose (skin type,
  clothing, sunscreen, time of day outdoors; mean 1).

Daily update (one-day step, decays precomputed from half-lives):

    S_k   = s_skin Y E h_out w(doy, lat) / (1 + Y E h_out w / S_max)      (skin synthesis)
    w     = max(0, (sin e - sin e_0) / (1 - sin e_0))^gamma,  sin e = cos(lat - delta(doy))
    I     = s_oral (b R I_oral + I_basal U)                               (oral and basal input)
    out_P = P (1 - e^{-k_P});   out_F = F (1 - e^{-k_F})
    P'    = P - out_P + I + (1 - f_skin) S_k
    F'    = F - out_F + f_oral out_P + f_skin S_k                         (fat storage)
    J     = (1 - f_oral) out_P + out_F                                    (D3 reaching the liver, ug/d)
    C'    = C e^{-k_C r(C) / H} + g B M J / (1 + J / J_half)              (saturable 25-hydroxylation)
    r(C)  = 1 + kappa (C - C_ref)                                        (CYP24A1 catabolism induced by status)
    A'    = A + (M C / (C + K_A) - A)(1 - e^{-1/tau_A})                   (VDR signal)

with B = e^{-beta max(0, BMI - BMI_ref)} (volumetric dilution in adipose tissue, Ekwaru 2014),
M the ``vitd_activation`` channel (magnesium: all vitamin D hydroxylases need Mg), delta the
solar declination and e the noon solar elevation. k_C is the 25(OH)D clearance at C_ref, where
the stable-isotope half-life of 15.1 d was measured (Jones 2014, pooled mean ~49 nmol/L); 24-
hydroxylation, the main catabolic route, is induced as status rises (the 24,25(OH)2D/25(OH)D
ratio rises with 25(OH)D: Kaufmann 2014; and with supplementation: Francic 2019), so clearance
is faster in replete and slower in deficient athletes. kappa comes from the same isotope study:
half-lives of 14.7 d at 69 and 15.6 d at 29 nmol/L. Near C_ref and without saturation the
steady state is C = g B (b R I_oral + I_basal U + S_k) / (1 - e^{-k_C}); the low-dose slope is
~0.7 nmol/L per ug/d (Heaney 2003; Aloia 2008), and saturation makes the dose response concave
(Ekwaru 2014).

Baseline status and response to a dose are separate: baseline comes from the determinants
(latitude, season, outdoor hours, skin efficiency E, BMI, basal input U and diet), while the
rise from a dose shrinks with baseline through r(C) (Mazahery & von Hurst 2015; Zittermann
2014) and varies between athletes through R, which scales only oral D3 (absorption, Borel
2015) and so barely touches baseline, where basal and cutaneous input dominate. The one trait
that moves both baseline and response in proportion, H (SD/mean 0.1, between the part of the
isotope half-life's spread that DBP explains and its whole measured spread), is too small to
reverse the baseline dependence: in configs/base.yaml the 12-week winter increment to 50 ug/d
falls by 0.04 nmol/L per nmol/L of baseline (0.14 with R and H held fixed; it rose by 0.36
when one response trait multiplied every input).
Skin synthesis is ~0 from November to February above ~40 N (Webb 1988; Kimlin 2007); routing
cutaneous D3 mostly through the fat store delays the serum peak ~8 weeks after the solstice
(Kasahara 2013). A 100,000 IU bolus enters the D3 pool, is partly stored and partly
hydroxylated at a saturated rate, giving a prompt ~30 nmol/L rise (Ilahi 2008).

Crosstalk, from the start-of-day state (deficit D = max(0, 1 - A / A_ref), A_ref = A at
75 nmol/L): force x (1 - s c_F D) (supported), strength adaptation x (1 - s c_S D)
(contested), mitochondrial adaptation x (1 - s c_M D) (hypothesis, off), calcium absorption
x (1 + s (G(C) - 1)) with G = [C/(C+K_Ca)] / [C_ref/(C_ref+K_Ca)] (contested). D is 0 at
>= 75 nmol/L, 0.30 at 25 and 0.51 at 12.5 nmol/L, so replete athletes lose nothing and
supplementing them gains nothing, as in the athlete meta-analysis (Han 2019).
"""

from __future__ import annotations

import math

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.parameters import PARAMS, Params, param
from cohort.physiology.base import Subsystem, Threshold, modulate
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.physiology.traits import T
from cohort.state import DAY, STATE, Var

NAME = "vitamin_d"
#: day of year of the default config start date (6 January), used when none is supplied
DEFAULT_START_DAY_OF_YEAR = 6
SPIN_UP_DAYS = 240  # ~5 fat-store half-lives after a steady start at the recent mean input
SPIN_UP_CHUNK = 4096
SKIN_SAMPLES = 13  # weekly samples over the quarter before the spin-up starts

V = STATE.declare(
    NAME,
    [
        Var("vitd_oral_absorption", "ratio", 0.02, 20, "per-athlete efficiency of oral vitamin D3 absorption (mean 1)", "trait"),
        Var("vitd_half_life_ratio", "ratio", 0.05, 20, "the athlete's 25(OH)D half-life / population mean", "trait"),
        Var("vitd_basal_input_ratio", "ratio", 0.02, 20, "the athlete's all-source basal vitamin D input / population mean", "trait"),
        Var("vitd_skin_efficiency", "ratio", 0.02, 20, "per-athlete cutaneous vitamin D3 yield per UV dose (mean 1)", "trait"),
        Var("vitd_skin_ug_d", "ug/d", 0, 2000, "today's cutaneous vitamin D3 synthesis"),
        Var("vitd_d3_pool_ug", "ug", 0, 1e6, "circulating and hepatic vitamin D3"),
        Var("vitd_fat_store_ug", "ug", 0, 1e7, "vitamin D3 stored in adipose tissue"),
        Var("vitd_25oh_nmol_l", "nmol/L", 0, 3000, "serum 25-hydroxyvitamin D (intoxication cases reach >1000)"),
        Var("vitd_vdr_signal", "0-1", 0, 1, "muscle 1,25(OH)2D/VDR signal (saturating in 25(OH)D)"),
    ],
)

INTAKE_VITAMIN_D = NUTRIENTS.intake["vitamin_d_ug"]


class VitaminDParams(Params):
    """Vitamin D kinetics and VDR effects."""

    uv_threshold_elevation_deg: float = param(
        35.0, "deg", (30.0, 42.0), ("webb1988", "kimlin2007"),
        "noon solar elevation below which skin makes no vitamin D (no synthesis Nov-Feb at 42 N)",
    )
    uv_elevation_exponent: float = param(
        2.0, "1", (1.0, 3.0), ("engelsen2010", "kimlin2007"), "steepness of vitamin-D UV with solar elevation", gt=0
    )
    skin_yield_ug_per_h: float = param(
        120.0, "ug/h", (50.0, 300.0), ("heaney2013", "holick1981"),
        "D3 made per outdoor hour in sportswear with the sun overhead; no study measures it in these units",
        fitted_to=("VD-SEASON", "VD-PREV"),
        procedure="joint grid (python -m cohort.validation.fits.vitamin_d season) of skin_yield_ug_per_h 120/150/180, skin_efficiency_cv and "
        "basal_input_cv 0.4/0.6/0.8 on VD-SEASON and VD-PREV: among points passing every check, the one nearest "
        "(summed squared relative distance) Backx 2017's June>75 -> March<50 share 0.20 and Farrokhyar 2015's "
        "prevalence 0.56 and winter/summer risk ratio 1.85",
    )
    skin_efficiency_cv: float = param(
        0.4, "ratio", (0.3, 1.0), ("armas2007", "heaney2013"),
        "SD/mean of the per-athlete cutaneous yield per UV dose (the 25(OH)D rise to a fixed UVB dose falls steeply "
        "with skin pigmentation, Armas 2007); no study gives its spread in athletes, so it was fitted",
        fitted_to=("VD-SEASON", "VD-PREV"),
        procedure="joint grid (python -m cohort.validation.fits.vitamin_d season) of skin_yield_ug_per_h 120/150/180, skin_efficiency_cv and "
        "basal_input_cv 0.4/0.6/0.8 on VD-SEASON and VD-PREV: among points passing every check, the one nearest "
        "(summed squared relative distance) Backx 2017's June>75 -> March<50 share 0.20 and Farrokhyar 2015's "
        "prevalence 0.56 and winter/summer risk ratio 1.85",
    )
    skin_saturation_ug_d: float = param(
        250.0, "ug/d", (100.0, 500.0), ("holick1981",), "photo-equilibrium ceiling of daily skin synthesis", gt=0
    )
    oral_bioavailability: float = param(
        0.8, "fraction", (0.5, 0.95), ("borel2015",), "fraction of oral vitamin D3 absorbed", le=1.0
    )
    basal_input_ug_d: float = param(
        35.0, "ug/d", (20.0, 67.0), ("heaney2013",),
        "all-source basal input not in food tables (25(OH)D in meat, etc.; 778-2667 IU/d)",
    )
    basal_input_cv: float = param(
        0.6, "ratio", (0.2, 0.8), ("heaney2013",),
        "SD/mean of the athletes' basal input (cohort means span 778-2667 IU/d, Heaney 2013); no study gives the "
        "spread between people, so it was fitted",
        fitted_to=("VD-SEASON", "VD-PREV"),
        procedure="joint grid (python -m cohort.validation.fits.vitamin_d season) of skin_yield_ug_per_h 120/150/180, skin_efficiency_cv and "
        "basal_input_cv 0.4/0.6/0.8 on VD-SEASON and VD-PREV: among points passing every check, the one nearest "
        "(summed squared relative distance) Backx 2017's June>75 -> March<50 share 0.20 and Farrokhyar 2015's "
        "prevalence 0.56 and winter/summer risk ratio 1.85",
    )
    d3_pool_half_life_d: float = param(
        1.0, "d", (0.5, 3.0), ("heaney2009", "ilahi2008"), "half-life of circulating/hepatic vitamin D3", gt=0
    )
    fat_store_half_life_d: float = param(
        45.0, "d", (30.0, 90.0), ("heaney2009", "kasahara2013"),
        "half-life of vitamin D3 in adipose tissue (effective washout 30-60 d)", gt=0,
    )
    oral_to_fat_fraction: float = param(
        0.3, "fraction", (0.1, 0.6), ("heaney2009", "ilahi2008"), "share of oral D3 leaving the pool into fat", le=1.0
    )
    skin_to_fat_fraction: float = param(
        0.8, "fraction", (0.5, 0.95), ("heaney2009", "kasahara2013"),
        "share of cutaneous D3 that is stored before hydroxylation (sets the ~8-week seasonal lag)", le=1.0,
    )
    hydroxylation_gain_nmol_l_per_ug: float = param(
        0.06, "nmol/L per ug", (0.03, 0.1), ("heaney2003", "aloia2008"),
        "25(OH)D made per ug D3 reaching the liver (sets the 0.7 nmol/L per ug/d slope)",
    )
    hydroxylation_half_saturation_ug_d: float = param(
        500.0, "ug/d", (200.0, 2000.0), ("ekwaru2014", "heaney2003"),
        "D3 flux at which 25-hydroxylation runs at half its linear efficiency (concave dose response)", gt=0,
    )
    half_life_25ohd_d: float = param(
        15.0, "d", (10.0, 20.0), ("jones2014",), "plasma half-life of 25(OH)D3 at the reference status", gt=0
    )
    half_life_cv: float = param(
        0.1, "ratio", (0.08, 0.2), ("jones2014",),
        "SD/mean of the athletes' 25(OH)D3 half-life. Jones 2014: 15.1 +/- 3.1 d (0.2, an upper bound: the SD "
        "includes the noise of each fitted half-life); DBP explains 0.04 d per mg/L x ~30 mg/L SD = 1.2 d (0.08)",
    )
    half_life_reference_nmol_l: float = param(
        49.0, "nmol/L", (29.0, 69.0), ("jones2014",),
        "C_ref: 25(OH)D at which the pooled 15.1 d half-life applies (UK men 29, Gambian men 69 nmol/L)", gt=0,
    )
    catabolism_induction_per_nmol_l: float = param(
        0.0015, "per nmol/L", (0.0, 0.005), ("jones2014", "kaufmann2014"),
        "kappa: relative rise of 25(OH)D clearance per nmol/L (24-hydroxylation induced by status). Jones 2014: "
        "half-life 14.7 d at 69 vs 15.6 d at 29 nmol/L gives (15.6/14.7 - 1) / (20 + 20 x 15.6/14.7) = 0.0015, "
        "with an SE of the difference (~1 d) that leaves 0-0.005",
    )
    adiposity_slope_per_bmi: float = param(
        0.022, "per kg/m2", (0.01, 0.035), ("ekwaru2014",),
        "beta: relative 25(OH)D lost per BMI unit above the reference (obese ~-20, overweight ~-8 nmol/L)",
    )
    adiposity_reference_bmi: float = param(22.0, "kg/m2", (20.0, 25.0), ("ekwaru2014",), "BMI without dilution")
    oral_absorption_cv: float = param(
        0.6, "ratio", (0.2, 0.7), ("borel2015", "aloia2008"),
        "SD/mean of the per-athlete oral D3 absorption efficiency (absorption varies widely between people, "
        "Borel 2015); no study isolates its CV, so it was fitted",
        fitted_to=("VD-DOSE",),
        procedure="VD-DOSE protocol (python -m cohort.validation.fits.vitamin_d dose): CV 0.3-0.7 in steps of 0.1; the value whose "
        "between-athlete SD/mean of the 25 ug/d slope is nearest Aloia 2008's 0.53",
    )
    vdr_half_saturation_nmol_l: float = param(
        20.0, "nmol/L", (10.0, 40.0), ("ceglia2013",), "25(OH)D giving half-maximal local VDR signal", gt=0
    )
    vdr_reference_nmol_l: float = param(
        75.0, "nmol/L", (50.0, 100.0), ("iom2011", "holick2011"), "replete 25(OH)D: no VDR deficit above it", gt=0
    )
    vdr_signal_tau_d: float = param(
        7.0, "d", (2.0, 30.0), ("ceglia2013",), "time constant of the genomic VDR signal", gt=0
    )
    vdr_force_effect: float = param(
        0.10, "fraction per unit deficit", (0.0, 0.3), ("beaudart2014", "han2019"),
        "c_F: force lost per unit VDR deficit: 3 % at 25 nmol/L, none >= 75 nmol/L. Beaudart 2014: SMD 0.17 on "
        "strength over 30 RCTs, larger when baseline < 30 nmol/L; with a between-person SD of strength of ~15-20 % "
        "of the mean that is ~3 %",
    )
    vdr_adaptation_effect: float = param(
        0.20, "fraction per unit deficit", (0.0, 0.5), ("ceglia2013", "han2019", "agergaard2015"),
        "c_S: strength-adaptation efficiency lost per unit VDR deficit (-6 % at 25 nmol/L); trials adding vitamin D "
        "to resistance training in replete men found no added gain (Agergaard 2015), none isolates the deficient",
    )
    vdr_mito_effect: float = param(
        0.20, "fraction per unit deficit", (0.0, 0.5), ("ceglia2013",),
        "c_M: mitochondrial-adaptation efficiency lost per unit VDR deficit (review claim, unverified)",
    )
    calcium_absorption_half_saturation_nmol_l: float = param(
        25.0, "nmol/L", (5.0, 60.0), ("heaney2003ca", "iom2011"),
        "K_Ca: gives a ratio ~1.16 between 85 and 50 nmol/L (Heaney 1.65; IOM ~1.0)", gt=0,
    )

    derived_names = (
        "uv_threshold_sine", "uv_threshold_scale", "pool_loss", "store_loss",
        "vdr_relax", "inverse_vdr_reference_signal", "inverse_calcium_reference_signal", "inverse_half_saturation",
        "inverse_skin_saturation", "log_clearance_decay",
    )

    def derived(self) -> dict[str, float]:
        sine = math.sin(math.radians(self.uv_threshold_elevation_deg))
        return {
            "uv_threshold_sine": sine,
            "uv_threshold_scale": 1.0 / (1.0 - sine),
            "pool_loss": 1.0 - 0.5 ** (1.0 / self.d3_pool_half_life_d),
            "store_loss": 1.0 - 0.5 ** (1.0 / self.fat_store_half_life_d),
            "vdr_relax": 1.0 - math.exp(-1.0 / self.vdr_signal_tau_d),
            "inverse_vdr_reference_signal": (self.vdr_reference_nmol_l + self.vdr_half_saturation_nmol_l)
            / self.vdr_reference_nmol_l,
            "inverse_calcium_reference_signal": (self.vdr_reference_nmol_l + self.calcium_absorption_half_saturation_nmol_l)
            / self.vdr_reference_nmol_l,
            "inverse_half_saturation": 1.0 / self.hydroxylation_half_saturation_ug_d,
            "inverse_skin_saturation": 1.0 / self.skin_saturation_ug_d,
            "log_clearance_decay": -math.log(2.0) / self.half_life_25ohd_d,
        }


P = PARAMS.declare(NAME, VitaminDParams)

_DEG = math.pi / 180.0
#: solar declination (rad) by day of year 0..366 (Cooper 1969), a compile-time constant table
_DECLINATION = np.array([23.44 * _DEG * math.sin(2.0 * math.pi * (284.0 + doy) / 365.0) for doy in range(367)])


@kernel
def skin_synthesis(x, p, day_of_year):
    """Cutaneous D3 (ug/d) from season, latitude and outdoor hours.

    delta = 23.44 deg sin(2 pi (284 + doy) / 365)          (solar declination, Cooper 1969)
    sin e = cos(lat - delta)                                (noon solar elevation e)
    w     = max(0, (sin e - sin e_0) / (1 - sin e_0))^gamma  (vitamin-D UV; 0 below e_0 ~35 deg)
    S_k   = Y E h_out w / (1 + Y E h_out w / S_max)         [ug/d], E the athlete's skin efficiency

    Zero from November to February above ~40 N (Webb 1988; Kimlin 2007); indoor-sport
    athletes differ through their fewer outdoor hours.

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
    made = p[P.skin_yield_ug_per_h] * x[V.vitd_skin_efficiency] * hours * weight
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

    Saturable 25-hydroxylation makes the steady-state dose response concave (12 vs 1.1 nmol/L
    per 1000 IU at low vs 15-20k IU/d, Ekwaru 2014); B is the adiposity offset (obese ~20,
    overweight ~8 nmol/L lower); M the magnesium-dependent activation channel.
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
            ("ekwaru2014", "heaney2003"),
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


@kernel
def crosstalk(x, p, d):
    """VDR deficit -> force, strength and (hypothesis) mitochondrial adaptation; 25(OH)D -> Ca absorption."""
    deficit = vdr_deficit(x, p)
    if deficit > 0.0:
        d[C.force] *= vdr_force(x, p, deficit)
        d[C.adapt_strength] *= vdr_strength_adaptation(x, p, deficit)
        d[C.adapt_mito] *= vdr_mitochondria(x, p, deficit)
    d[C.calcium_absorption] *= calcium_absorption_factor(x, p)


@kernel
def kinetics(x, p, d):
    """Advance skin synthesis, the D3 pool and fat store, 25(OH)D and the VDR signal one day."""
    strength = p[M.vitd_skin_synthesis]
    skin = strength * skin_synthesis(x, p, d[I.day_of_year]) if strength > 0.0 else 0.0
    oral = p[M.vitd_oral_intake] * oral_input(x, p, d)
    oral_to_fat, skin_to_fat = fat_storage(p)
    pool = x[V.vitd_d3_pool_ug]
    store = x[V.vitd_fat_store_ug]
    out_pool = pool * p[P.pool_loss]
    out_store = store * p[P.store_loss]
    x[V.vitd_d3_pool_ug] = pool - out_pool + oral + (1.0 - skin_to_fat) * skin
    x[V.vitd_fat_store_ug] = store - out_store + oral_to_fat * out_pool + skin_to_fat * skin
    flux = (1.0 - oral_to_fat) * out_pool + out_store
    activation = d[C.vitd_activation]
    production = hydroxylation(x, p, flux, activation, p[M.vitd_hydroxylation_saturation])
    level = x[V.vitd_25oh_nmol_l]
    level = level * clearance_decay(level, x[V.vitd_half_life_ratio], p) + production
    x[V.vitd_25oh_nmol_l] = level
    # relaxes toward a target in [0, 1) with a step in (0, 1): stays in [0, 1) by construction
    target = activation * level / (level + p[P.vdr_half_saturation_nmol_l])
    x[V.vitd_vdr_signal] += (target - x[V.vitd_vdr_signal]) * p[P.vdr_relax]
    x[V.vitd_skin_ug_d] = skin


@kernel
def _spin_up(rows, p, neutral, habitual_column, first_day_of_year, n_days):
    """Start each athlete at the steady state of their recent mean input, then run their own
    kinetics over the ``n_days`` before the start (habitual diet, no doses, neutral channels)."""
    d = np.empty(neutral.shape[0])
    for i in range(rows.shape[0]):
        x = rows[i]
        # mean skin synthesis over the ~3 months before the first day (what the store holds)
        skin = 0.0
        for k in range(SKIN_SAMPLES):
            skin += skin_synthesis(x, p, float((first_day_of_year - 1 - 7 * (k + 1)) % 365 + 1))
        skin *= p[M.vitd_skin_synthesis] / SKIN_SAMPLES
        d[:] = neutral
        d[INTAKE_VITAMIN_D] = x[habitual_column]
        oral = p[M.vitd_oral_intake] * oral_input(x, p, d)
        oral_to_fat, skin_to_fat = fat_storage(p)
        pool = (oral + (1.0 - skin_to_fat) * skin) / p[P.pool_loss]
        store = (oral_to_fat * pool * p[P.pool_loss] + skin_to_fat * skin) / p[P.store_loss]
        production = hydroxylation(x, p, oral + skin, 1.0, p[M.vitd_hydroxylation_saturation])
        level = steady_level(production, x[V.vitd_half_life_ratio], p)
        x[V.vitd_d3_pool_ug] = pool
        x[V.vitd_fat_store_ug] = store
        x[V.vitd_25oh_nmol_l] = level
        x[V.vitd_vdr_signal] = level / (level + p[P.vdr_half_saturation_nmol_l])
        for t in range(n_days):  # kinetics only reads d: the neutral day and the intake stay set
            d[I.day_of_year] = (first_day_of_year - 1 + t) % 365 + 1
            kinetics(x, p, d)


def _lognormal_mean_one(rng: np.random.Generator, cv: float, n: int) -> np.ndarray:
    """Lognormal draws with mean 1 and SD/mean ``cv``."""
    sigma = math.sqrt(math.log(1.0 + cv**2))
    return np.exp(rng.normal(-0.5 * sigma**2, sigma, n))


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Start every athlete from their own seasonal steady state at the run's start date.

    From the steady state of their mean input over the preceding quarter, the athlete's kinetics run for 240 days
    (~5 fat-store half-lives) on habitual diet up to the day before the start
    (``traits["start_day_of_year"]``, default 6 January), so baseline status reflects sex,
    diet, latitude, outdoor hours, BMI, oral absorption and season, with the run's mechanism
    switches (``vector``; default switches when None). Assumes replete Mg (activation 1).
    """
    assert isinstance(params, VitaminDParams)
    n = traits["female"].shape[0]
    absorption = _lognormal_mean_one(rng, params.oral_absorption_cv, n)
    skin_efficiency = _lognormal_mean_one(rng, params.skin_efficiency_cv, n)
    basal = _lognormal_mean_one(rng, params.basal_input_cv, n)
    half_life = _lognormal_mean_one(rng, params.half_life_cv, n)
    start = traits.get("start_day_of_year")
    start_doy = int(start[0]) if start is not None and len(start) else DEFAULT_START_DAY_OF_YEAR
    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    habitual = NUTRIENTS.habitual["vitamin_d_ug"]
    first = (start_doy - 1 - SPIN_UP_DAYS) % 365 + 1
    own = [STATE.index(name) for name in STATE.owned_by(NAME)]
    out = np.zeros((n, len(own)))
    for begin in range(0, n, SPIN_UP_CHUNK):  # full state rows, a chunk at a time (bounded memory)
        end = min(n, begin + SPIN_UP_CHUNK)
        rows = np.zeros((end - begin, len(STATE)))
        for name, values in traits.items():
            if name in STATE:
                rows[:, STATE.index(name)] = values[begin:end]
        rows[:, V.vitd_oral_absorption] = absorption[begin:end]
        rows[:, V.vitd_skin_efficiency] = skin_efficiency[begin:end]
        rows[:, V.vitd_basal_input_ratio] = basal[begin:end]
        rows[:, V.vitd_half_life_ratio] = half_life[begin:end]
        _spin_up(rows, p, DAY.neutral(), habitual, first, SPIN_UP_DAYS)
        out[begin:end] = rows[:, own]
    return {name: out[:, k].copy() for k, name in enumerate(STATE.owned_by(NAME))}


SUBSYSTEM = Subsystem(
    name=NAME,
    params=VitaminDParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("vitd_25oh_nmol_l", "vitd_vdr_signal"),
    contributes=("force", "adapt_strength", "adapt_mito", "calcium_absorption"),
    kinetics_reads=("latitude_deg", "outdoor_h_per_day", "bmi_kg_m2", "day_of_year", "intake_vitamin_d_ug", "vitd_activation"),
    writes=("vitd_skin_ug_d", "vitd_d3_pool_ug", "vitd_fat_store_ug", "vitd_25oh_nmol_l", "vitd_vdr_signal"),
    summary_variables=("vitd_25oh_nmol_l", "vitd_vdr_signal"),
    thresholds=(
        Threshold("vitd_deficient", "vitd_25oh_nmol_l", True, 30.0, "25(OH)D < 30 nmol/L (deficient, IOM 2011)", ("iom2011",)),
        Threshold("vitd_insufficient", "vitd_25oh_nmol_l", True, 50.0, "25(OH)D < 50 nmol/L (insufficient, IOM 2011)", ("iom2011",)),
        Threshold("vitd_below_75", "vitd_25oh_nmol_l", True, 75.0, "25(OH)D < 75 nmol/L (Endocrine Society)", ("holick2011",)),
        Threshold("vitd_below_80", "vitd_25oh_nmol_l", True, 80.0, "25(OH)D < 80 nmol/L (32 ng/mL; Farrokhyar 2015)", ("farrokhyar2015",)),
    ),
    description="Vitamin D: skin synthesis, intake, D3 fat store, 25(OH)D and the VDR signal",
)
