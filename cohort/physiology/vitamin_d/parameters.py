"""Parameters of vitamin D (:class:`VitaminDParams`, ``P``)."""

from __future__ import annotations

import math

from cohort.parameters import PARAMS, Params, param
from cohort.physiology.vitamin_d.variables import NAME


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
        90.0, "ug/h", (50.0, 300.0), ("heaney2013", "holick1981"),
        "D3 made per outdoor hour in sportswear with the sun overhead; no study measures it in these units",
        fitted_to=("VD-SEASON", "VD-PREV"),
        procedure="joint grid (python -m cohort.validation.fits.vitamin_d season) of skin_yield_ug_per_h 60/90/120/150/180, skin_efficiency_cv and "
        "basal_input_cv 0.4/0.6/0.8 on VD-SEASON and VD-PREV: among points passing every check, the one nearest "
        "(summed squared relative distance) Backx 2017's June>75 -> March<50 share 0.20 and Farrokhyar 2015's "
        "prevalence 0.56 and winter/summer risk ratio 1.85",
    )
    skin_efficiency_cv: float = param(
        0.4, "ratio", (0.3, 1.0), ("armas2007", "heaney2013"),
        "SD/mean of the per-athlete cutaneous yield per UV dose (the 25(OH)D rise to a fixed UVB dose falls steeply "
        "with skin pigmentation, Armas 2007); no study gives its spread in athletes, so it was fitted",
        fitted_to=("VD-SEASON", "VD-PREV"),
        procedure="joint grid (python -m cohort.validation.fits.vitamin_d season) of skin_yield_ug_per_h 60/90/120/150/180, skin_efficiency_cv and "
        "basal_input_cv 0.4/0.6/0.8 on VD-SEASON and VD-PREV: among points passing every check, the one nearest "
        "(summed squared relative distance) Backx 2017's June>75 -> March<50 share 0.20 and Farrokhyar 2015's "
        "prevalence 0.56 and winter/summer risk ratio 1.85",
    )
    uv_altitude_gain_per_km: float = param(
        0.15, "per km", (0.10, 0.19), ("blumthaler1997",),
        "a_z: relative rise of vitamin-D-weighted UV per km of altitude. Blumthaler 1997 (clear sky, Alps): "
        "erythemal global irradiance +15.1 +- 1.8 %/1000 m at 60 deg and +18.6 +- 2.9 % at 20 deg solar "
        "elevation, +18 +- 2 % for summer daily totals; UVB at 300-320 nm (the previtamin D band) +11-24 %",
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
        procedure="joint grid (python -m cohort.validation.fits.vitamin_d season) of skin_yield_ug_per_h 60/90/120/150/180, skin_efficiency_cv and "
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
        500.0, "ug/d", (500.0, 50000.0), ("bargerlux1998", "mazahery2015"),
        "J_half: D3 flux at which 25-hydroxylation runs at half its linear efficiency. No study measures it; "
        "controlled graded dosing (Barger-Lux 1998: 25(OH)D +146 and +643 nmol/L after 8 weeks of 250 and "
        "1250 ug/d) is nearly proportional and wants J_half >= 5000 ug/d, but from ~700 ug/d the winter "
        "increment to 50 ug/d no longer falls with baseline 25(OH)D in every cohort draw (Mazahery & von Hurst "
        "2015), so it was fitted under that constraint and VD-BARGERLUX's 1250 ug/d arm stays too low (see its "
        "diagnosis)",
        gt=0, fitted_to=("VD-BARGERLUX",),
        procedure="grid 500-50,000 ug/d (python -m cohort.validation.fits.vitamin_d saturation) on VD-BARGERLUX: "
        "among values at which VD-DOSE, VD-KIN, VD-SEASON, VD-PREV and VD-TROUGH pass and the cohort increment to "
        "50 ug/d over a 12-week winter falls with baseline in cohorts of seeds 1-5 (the seeds' mean slope + 2.33 "
        "SD < 0, i.e. a single cohort's slope is negative with ~99 % probability; and < -0.05 holding absorption "
        "and half-life fixed), the one whose 1250/250 ug/d rise ratio is nearest Barger-Lux 1998's 4.40. Since "
        "the outdoor-time priors were sourced (skin yield refitted to 90 ug/h) the bound at 500 is +0.003 with "
        "every seed's slope still negative (-0.021 to -0.058), so no grid value meets it; kept at 500",
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
