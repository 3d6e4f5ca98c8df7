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

Layout of this package (everything above is importable from ``cohort.physiology.vitamin_d``):

* :mod:`~cohort.physiology.vitamin_d.variables`: ``NAME`` and the state variables ``V``;
* :mod:`~cohort.physiology.vitamin_d.parameters`: :class:`VitaminDParams` and ``P``;
* :mod:`~cohort.physiology.vitamin_d.mechanisms`: the mechanism kernels and their registration ``M``;
* :mod:`~cohort.physiology.vitamin_d.kinetics`: the daily ``crosstalk`` and ``kinetics`` kernels;
* :mod:`~cohort.physiology.vitamin_d.initial`: the seasonal spin-up (``initialize``);
* this file: the :class:`~cohort.physiology.base.Subsystem` record ``SUBSYSTEM``.
"""

from __future__ import annotations

from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.vitamin_d.initial import (
    DEFAULT_START_DAY_OF_YEAR,
    SKIN_SAMPLES,
    SPIN_UP_CHUNK,
    SPIN_UP_DAYS,
    initialize,
)
from cohort.physiology.vitamin_d.kinetics import crosstalk, kinetics
from cohort.physiology.vitamin_d.mechanisms import (
    M,
    adiposity_factor,
    calcium_absorption_factor,
    clearance_decay,
    fat_storage,
    hydroxylation,
    oral_input,
    skin_synthesis,
    steady_level,
    vdr_deficit,
    vdr_force,
    vdr_mitochondria,
    vdr_strength_adaptation,
)
from cohort.physiology.vitamin_d.parameters import P, VitaminDParams
from cohort.physiology.vitamin_d.variables import INTAKE_VITAMIN_D, NAME, V

__all__ = [
    "DEFAULT_START_DAY_OF_YEAR",
    "INTAKE_VITAMIN_D",
    "M",
    "NAME",
    "P",
    "SKIN_SAMPLES",
    "SPIN_UP_CHUNK",
    "SPIN_UP_DAYS",
    "SUBSYSTEM",
    "V",
    "VitaminDParams",
    "adiposity_factor",
    "calcium_absorption_factor",
    "clearance_decay",
    "crosstalk",
    "fat_storage",
    "hydroxylation",
    "initialize",
    "kinetics",
    "oral_input",
    "skin_synthesis",
    "steady_level",
    "vdr_deficit",
    "vdr_force",
    "vdr_mitochondria",
    "vdr_strength_adaptation",
]


SUBSYSTEM = Subsystem(
    name=NAME,
    params=VitaminDParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("vitd_25oh_nmol_l", "vitd_vdr_signal"),
    contributes=("force", "adapt_strength", "adapt_mito", "calcium_absorption"),
    kinetics_reads=("latitude_deg", "altitude_m", "outdoor_h_per_day", "bmi_kg_m2", "day_of_year", "intake_vitamin_d_ug", "vitd_activation"),
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
