"""Initial iron status of a cohort: ferritin, Hb set point, blood volume, losses, hepcidin."""

from __future__ import annotations

import math

import numpy as np

from cohort.parameters import Params
from cohort.physiology import hepcidin
from cohort.physiology.iron.parameters import IronParams

# Baseline ferritin (ug/L), log-normal by sex and menstrual status, lower on plant diets:
# ID (ferritin < 30) in ~25-35 % of menstruating and ~5 % of male athletes (Koehler 2012:
# ferritin < 35 in 57 % F / 31 % M of young elite athletes; Sims 2022; Galesloot 2011 for adults).
_FERRITIN_MEDIAN = {"male": 90.0, "female": 45.0, "female_non_menstruating": 75.0}
_FERRITIN_GSD = 1.9
_DIET_FERRITIN = np.array([1.0, 0.7, 0.6])  # omnivore, vegetarian, vegan (Haider 2018 meta-analysis)
# Iron-replete Hb set point (g/dL): mean and SD in white adults (Beutler & Waalen 2006).
_HB_SET = {"male": (15.1, 0.9), "female": (13.6, 0.8)}
# Blood volume (L/kg) by sex, +8 % per training-status step (Schmidt & Prommer 2010; Heinicke 2001).
_BV_PER_KG = {"male": 0.075, "female": 0.066}


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    assert isinstance(params, IronParams)
    female = traits["female"] > 0.5
    menstruating = traits["menstruating"] > 0.5
    n = female.shape[0]
    diet = traits["diet_pattern"].astype(int)
    status = traits["training_status"]
    mass = traits["body_mass_kg"]

    median = np.where(
        female,
        np.where(menstruating, _FERRITIN_MEDIAN["female"], _FERRITIN_MEDIAN["female_non_menstruating"]),
        _FERRITIN_MEDIAN["male"],
    ) * _DIET_FERRITIN[diet]
    ferritin = np.clip(median * np.exp(math.log(_FERRITIN_GSD) * rng.standard_normal(n)), 3.0, 800.0)
    hb_set = np.where(
        female, rng.normal(*_HB_SET["female"], n), rng.normal(*_HB_SET["male"], n)
    )
    hb_set = np.clip(hb_set, 11.0, 18.5)
    # Iron-restricted erythropoiesis has already lowered Hb in athletes with empty stores.
    deficit = 0.12 * np.clip(1.0 - ferritin / 15.0, 0.0, 1.0)
    hb = hb_set * (1.0 - deficit)
    blood_volume = mass * np.where(female, _BV_PER_KG["female"], _BV_PER_KG["male"]) * (1.0 + 0.08 * status)
    blood_volume = blood_volume * np.exp(rng.normal(0.0, 0.07, n))
    hb_mass = 10.0 * hb * blood_volume
    stores = ferritin * params.storage_mg_per_ferritin
    menstrual = np.where(
        menstruating,
        params.menstrual_median_mg_d * np.exp(params.menstrual_log_sd * rng.standard_normal(n)),
        0.0,
    )
    menstrual = np.clip(menstrual, 0.0, params.menstrual_max_mg_d)
    sigma = params.absorption_efficiency_log_sd
    efficiency = np.clip(np.exp(sigma * rng.standard_normal(n) - 0.5 * sigma * sigma), 0.1, 10.0)

    derived = params.derived()
    h_base = params.hepcidin_ref_nmol_l * (ferritin / 50.0) ** params.hepcidin_ferritin_slope
    h_base = h_base / (1.0 + params.hepcidin_erythroid_suppression * deficit)
    mean_hepcidin = h_base * (1.0 + derived["mean_circadian"])
    export = 1.0 / (1.0 + mean_hepcidin / params.export_hepcidin_nmol_l)
    store_share = ferritin / (ferritin + params.mobilization_ferritin_ug_l)
    tibc_factor = 1.0 + params.tibc_upregulation * (1.0 - store_share)
    tsat = np.clip(derived["tsat_scale"] * export * (1.0 + params.mobilization_ratio * store_share) / tibc_factor, 0.5, 100.0)
    plasma_volume = blood_volume - hb_mass / params.mchc_g_l
    plasma_iron = 0.01 * tsat * params.tibc_mg_l * tibc_factor * plasma_volume
    sample_shape = float(hepcidin.circadian_shape(params.sample_clock_h, params.circadian_trough_h))

    anaemic = hb < np.where(female, 12.0, 13.0)
    deficient = ferritin < 30.0
    zeros = np.zeros(n)
    return {
        "menstrual_iron_loss_mg_d": menstrual,
        "blood_volume_l": blood_volume,
        "hb_mass_baseline_g": hb_mass,
        "hb_set_g_dl": hb_set,
        "iron_absorption_efficiency": efficiency,
        "storage_iron_mg": stores,
        "ferritin_ug_l": ferritin,
        "hb_mass_g": hb_mass,
        "hb_g_dl": hb,
        "plasma_iron_mg": plasma_iron,
        "tsat_pct": tsat,
        "il6_excess_pg_ml": zeros,
        "fe_signal_au": zeros,
        "hepcidin_excess_nmol_l": zeros,
        "hepcidin_nmol_l": h_base * (1.0 + params.circadian_amplitude * sample_shape),
        "hepcidin_mean_nmol_l": mean_hepcidin,
        "fe_absorbed_food_mg_d": zeros,
        "fe_absorbed_dose_mg_d": zeros,
        "fe_lost_mg_d": zeros,
        "fe_absorbed_cum_mg": zeros,
        "fe_lost_cum_mg": zeros,
        "anaemia_flag": anaemic.astype(np.float64),
        "ida_flag": (anaemic & deficient).astype(np.float64),
        "idna_flag": (deficient & ~anaemic).astype(np.float64),
        "iron_overload_flag": ((ferritin > np.where(female, 200.0, 300.0)) | (tsat > 45.0)).astype(np.float64),
    }
