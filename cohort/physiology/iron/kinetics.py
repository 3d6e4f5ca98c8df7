"""The iron subsystem's two daily kernels: :func:`crosstalk` and :func:`kinetics` (with flags).

:func:`kinetics` runs the event clock (:mod:`cohort.physiology.iron.clock`), then the daily iron
traffic between stores, plasma and Hb mass; the equations are in the package docstring
(:mod:`cohort.physiology.iron`).
"""

from __future__ import annotations

from cohort.jit import kernel
from cohort.physiology.base import modulate
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.iron.clock import day_clock
from cohort.physiology.iron.mechanisms import (
    K,
    ferroportin_export,
    gi_iron_mg,
    haemolysis_hb_g,
    hb_o2_delivery,
    menstrual_iron_mg,
    sweat_iron_mg,
    tissue_iron_adaptation,
    tsat_restriction,
)
from cohort.physiology.iron.parameters import P
from cohort.physiology.iron.variables import V
from cohort.physiology.muscle import V as MUSCLE
from cohort.physiology.traits import T


@kernel
def hb_concentration_g_l(hb_mass_g, x, p):
    """[Hb] (g/L) = M / (BV0 + (1 - phi)(M - M0)/MCHC): plasma volume offsets a share phi of any
    change in red-cell volume (phi = 1: blood volume defended)."""
    change = (1.0 - p[P.plasma_volume_compensation]) * (hb_mass_g - x[V.hb_mass_baseline_g]) / p[P.mchc_g_l]
    return hb_mass_g / (x[V.blood_volume_l] + change)


@kernel
def crosstalk(x, p, d):
    """Hb mass -> O2 delivery -> VO2max; tissue iron -> endurance adaptation (muscle's channels)."""
    vo2max_ml_min = x[MUSCLE.vo2max_baseline_ml_kg_min] * x[T.body_mass_kg]
    factor = modulate(p[K.hb_mass_o2_delivery], hb_o2_delivery(x[V.hb_mass_g], x[V.hb_mass_baseline_g], vo2max_ml_min, p))
    d[C.o2_delivery] *= factor
    ferritin = x[V.ferritin_ug_l]
    if ferritin < p[P.tissue_iron_ferritin_ug_l]:
        d[C.adapt_endurance] *= modulate(p[K.iron_deficiency_endurance_adaptation], tissue_iron_adaptation(ferritin, p))


@kernel
def kinetics(x, p, d):
    """Advance iron by one day: event clock, then the daily iron traffic (module docstring)."""
    hb_fe = p[P.hb_iron_mg_per_g]
    _level, il6, food, dose, signal, excess, effective, mean_hepcidin, sample = day_clock(x, p, d, 24.0)
    absorbed = food + dose

    stores = x[V.storage_iron_mg]
    mass = x[V.hb_mass_g]
    ferritin = x[V.ferritin_ug_l]
    hb = hb_concentration_g_l(mass, x, p)
    hb_set = 10.0 * x[V.hb_set_g_dl]
    mass_set = hb_set * x[V.blood_volume_l]
    turnover = p[P.rbc_turnover]
    phi0 = hb_fe * mass_set * turnover  # normal erythroid iron flux, mg/d

    # Losses (mg Fe) and red-cell destruction.
    endurance = d[I.load_endurance_au]
    sweat = p[K.sweat_iron_loss] * sweat_iron_mg(d, x[T.body_surface_m2], p)
    basal = p[P.basal_loss_ug_kg_d] * 1e-3 * x[T.body_mass_kg]
    blood = p[K.menstrual_iron_loss] * menstrual_iron_mg(x, hb, p) + p[K.gi_iron_loss] * gi_iron_mg(endurance, hb, p)
    haemolysed_g = p[K.footstrike_haemolysis] * haemolysis_hb_g(endurance, p)
    destroyed_g = mass * turnover + haemolysed_g
    urinary = hb_fe * haemolysed_g * p[P.haemolysis_urinary_fraction]
    recycled = hb_fe * destroyed_g - urinary

    # Plasma inflow and transferrin saturation (quasi-steady within the day).
    export = modulate(p[K.hepcidin_ferroportin_export], ferroportin_export(mean_hepcidin, p))
    store_share = ferritin / (ferritin + p[P.mobilization_ferritin_ug_l])
    inflow = absorbed + export * (recycled + p[P.mobilization_ratio] * phi0 * store_share)
    tibc_factor = 1.0 + p[P.tibc_upregulation] * (1.0 - store_share)
    # transferrin cannot carry more than its capacity: TSAT saturates at 100 % (excess: NTBI)
    tsat = min(100.0, p[P.tsat_scale] * (inflow / phi0) / tibc_factor)

    # Erythropoiesis: EPO drive x B-vitamin supply x iron supply (TSAT), limited by iron on hand.
    drive = min(p[P.epo_max_drive], max(0.0, 1.0 + p[P.epo_gain] * (1.0 - hb / hb_set)))
    restriction = modulate(p[K.tsat_erythropoiesis], tsat_restriction(tsat, p))
    plasma_volume = x[V.blood_volume_l] - mass / p[P.mchc_g_l]
    plasma_new = 0.01 * tsat * p[P.tibc_mg_l] * tibc_factor * plasma_volume
    available = stores + recycled + absorbed - basal - sweat - (plasma_new - x[V.plasma_iron_mg])
    production_fe = hb_fe * mass_set * turnover * drive * d[C.erythropoiesis_supply] * restriction
    # red cells cannot take more iron than reaches plasma today or than the body has on hand
    production_fe = min(production_fe, inflow, max(available, 0.0))

    lost = basal + sweat + blood + urinary
    x[V.storage_iron_mg] = available - production_fe
    x[V.hb_mass_g] = mass - destroyed_g - blood / hb_fe + production_fe / hb_fe
    x[V.plasma_iron_mg] = plasma_new
    x[V.tsat_pct] = tsat
    x[V.ferritin_ug_l] = x[V.storage_iron_mg] * p[P.ferritin_per_mg]
    x[V.hb_g_dl] = 0.1 * hb_concentration_g_l(x[V.hb_mass_g], x, p)
    x[V.il6_excess_pg_ml] = il6
    x[V.fe_signal_au] = signal
    x[V.hepcidin_excess_nmol_l] = excess
    x[V.hepcidin_effective_excess_nmol_l] = effective
    x[V.hepcidin_nmol_l] = sample
    x[V.hepcidin_mean_nmol_l] = mean_hepcidin
    x[V.fe_absorbed_food_mg_d] = food
    x[V.fe_absorbed_dose_mg_d] = dose
    x[V.fe_lost_mg_d] = lost
    x[V.fe_absorbed_cum_mg] += absorbed
    x[V.fe_lost_cum_mg] += lost
    set_flags(x)


@kernel
def set_flags(x):
    """Clinical flags: anaemia (Hb < 12 F / 13 M g/dL, WHO), ID (ferritin < 30), overload."""
    female = x[T.female] > 0.5
    anaemic = x[V.hb_g_dl] < (12.0 if female else 13.0)
    deficient = x[V.ferritin_ug_l] < 30.0
    x[V.anaemia_flag] = 1.0 if anaemic else 0.0
    x[V.ida_flag] = 1.0 if (anaemic and deficient) else 0.0
    x[V.idna_flag] = 1.0 if (deficient and not anaemic) else 0.0
    overload = x[V.ferritin_ug_l] > (200.0 if female else 300.0) or x[V.tsat_pct] > 45.0
    x[V.iron_overload_flag] = 1.0 if overload else 0.0
