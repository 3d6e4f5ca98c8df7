"""Display labels of variables, in one place: ``label("vitd_25oh_nmol_l") == "25(OH)D (nmol/L)"``.

Every figure and table shows a variable by its human name and unit, never by its column id.
The human names are the table :data:`NAMES` below (keyed by the state registry's column
name, a crosstalk channel's name, or a nutrient id); the unit comes from the registry
(:mod:`cohort.state`), written for reading (``ug`` -> ``µg``, ``m2`` -> ``m²``), and is left
out where it says nothing (ratios, 0/1, codes). Threshold flags (prevalence outcomes such as
``vitd_deficient``) are labelled by their clinical definition. A test fails when a registered
state variable, channel, nutrient or threshold flag has no name here.
"""

from __future__ import annotations

import functools
import re

#: human names of nutrients (intake ids, ``habitual_<id>``, ``intake_<id>``)
NUTRIENT_NAMES = {
    "vitamin_d_ug": "vitamin D", "calcium_mg": "calcium", "magnesium_mg": "magnesium", "b1_mg": "thiamin (B1)",
    "b2_mg": "riboflavin (B2)", "b3_mg": "niacin (B3)", "b5_mg": "pantothenate (B5)", "b6_mg": "vitamin B6",
    "b7_ug": "biotin (B7)", "b9_ug": "folate (B9)", "b12_ug": "vitamin B12", "vitamin_c_mg": "vitamin C",
    "vitamin_e_mg": "vitamin E", "selenium_ug": "selenium", "polyphenol_mg": "polyphenols", "curcumin_mg": "curcuminoids",
    "iron_nonheme_mg": "non-heme iron", "iron_heme_mg": "heme iron", "fibre_g": "fibre",
}

_B = ("b1", "b2", "b3", "b5", "b6", "b7", "b9", "b12")

#: human names of state variables and crosstalk channels (units come from the registry)
NAMES: dict[str, str] = {
    # athlete traits
    "female": "female", "age_y": "age", "body_mass_kg": "body mass", "height_m": "height", "bmi_kg_m2": "BMI",
    "body_surface_m2": "body surface area", "sport": "sport", "training_status": "training status",
    "diet_pattern": "diet pattern", "indoor": "indoor sport", "latitude_deg": "latitude", "altitude_m": "altitude",
    "outdoor_h_per_day": "daylight outdoors", "menstruating": "menstruating", "plan": "training plan",
    "trainability": "trainability", "endurance_responsiveness": "endurance responsiveness",
    "strength_responsiveness": "strength responsiveness", "compliance": "session compliance",
    "sweat_rate_l_h": "sweat rate",
    # muscle and training
    "strength_1rm_baseline_kg": "baseline 1RM", "vo2max_baseline_ml_kg_min": "baseline VO2max",
    "strength_1rm_untrained_kg": "untrained 1RM", "vo2max_untrained_ml_kg_min": "untrained VO2max",
    "fitness_strength": "strength fitness", "fitness_endurance": "endurance fitness", "fatigue": "fatigue",
    "plasma_volume_expansion": "plasma volume expansion",
    "muscle_damage_au": "muscle damage", "muscle_damage_primary_au": "primary muscle damage",
    "muscle_damage_secondary_au": "secondary muscle damage", "eccentric_exposure_au": "eccentric exposure", "ck_u_l": "creatine kinase",
    "strength_1rm_kg": "1RM strength", "vo2max_ml_kg_min": "VO2max", "mito_index": "mitochondrial content",
    "readiness": "readiness", "performance_index": "performance index", "submax_vo2_rel": "submaximal O2 cost",
    "submax_hr_bpm": "submaximal heart rate",
    # vitamin D
    "vitd_oral_absorption": "oral vitamin D3 absorption", "vitd_half_life_ratio": "relative 25(OH)D half-life",
    "vitd_basal_input_ratio": "relative basal vitamin D input", "vitd_skin_efficiency": "skin vitamin D3 yield",
    "vitd_skin_ug_d": "skin vitamin D3 synthesis",
    "vitd_d3_pool_ug": "vitamin D3 pool", "vitd_fat_store_ug": "vitamin D3 in fat", "vitd_25oh_nmol_l": "25(OH)D",
    "vitd_vdr_signal": "muscle VDR signal",
    # calcium
    "ca_absorption_fraction": "Ca absorption", "ca_absorbed_mg_d": "Ca absorbed", "ca_sweat_loss_mg_d": "Ca sweat loss",
    "ca_balance_mg_d": "Ca balance", "ca_balance_avg_mg_d": "Ca balance (running mean)",
    "ca_cumulative_balance_g": "cumulative Ca balance", "ca_intake_avg_mg_d": "Ca intake (running mean)",
    # magnesium
    "mg_replete_mg": "replete body Mg", "mg_serum_setpoint_mmol_l": "serum Mg set point", "mg_exchangeable_mg": "extracellular Mg", "mg_body_mg": "body Mg",
    "mg_status": "tissue Mg status", "mg_serum_mmol_l": "serum Mg", "mg_absorbed_mg_d": "Mg absorbed",
    "mg_sweat_loss_mg_d": "Mg sweat loss", "mg_urinary_mg_d": "urinary Mg", "mg_balance_mg_d": "Mg balance",
    # B vitamins
    **{f"{b}_status_pct": f"{b.upper()} status" for b in _B},
    "b1_etkac": "ETKAC (B1)", "b2_egrac": "EGRAC (B2)", "b6_plp_nmol_l": "plasma PLP (B6)",
    "b6_plp_factor": "PLP factor (B6)", "b12_food_absorption_factor": "food B12 release (B12)",
    "b12_serum_factor": "serum B12 factor (B12)", "serum_folate_nmol_l": "serum folate", "rbc_folate_nmol_l": "red-cell folate",
    "serum_b12_pmol_l": "serum B12", "b_energy_capacity": "B-vitamin energy capacity",
    "b_erythropoiesis_supply": "B-vitamin supply to erythropoiesis",
    # microbiome
    "microbiome_diversity": "gut microbiome diversity", **{f"producer_{b}_frac": f"gut {b.upper()} producers" for b in _B},
    # antioxidants
    "ascorbate_plasma_umol_l": "plasma vitamin C", "tocopherol_reduced_umol_l": "reduced alpha-tocopherol",
    "tocopherol_oxidized_umol_l": "oxidised alpha-tocopherol", "tocopherol_plasma_umol_l": "plasma alpha-tocopherol",
    "tocopherol_adipose_ug_g": "adipose alpha-tocopherol", "selenium_plasma_ug_l": "plasma selenium",
    "tocopherol_labelled_umol_l": "labelled plasma alpha-tocopherol (tracer)",
    "tocopherol_labelled_adipose_ug_g": "labelled adipose alpha-tocopherol (tracer)",
    "gpx_activity_rel": "GPx activity", "curcumin_plasma_ng_ml": "plasma curcuminoids", "curcumin_gut_mg": "curcuminoids in the gut", "ros_load_au": "ROS load",
    "redox_signal_rel": "redox signal", "oxidative_damage_au": "oxidative damage",
    "lipid_peroxidation_rel": "lipid peroxidation",
    # iron
    "menstrual_iron_loss_mg_d": "menstrual iron loss", "blood_volume_l": "blood volume",
    "hb_mass_baseline_g": "baseline Hb mass", "hb_set_g_dl": "Hb set point",
    "iron_absorption_efficiency": "iron absorption efficiency", "storage_iron_mg": "storage iron",
    "ferritin_ug_l": "ferritin", "hb_mass_g": "Hb mass", "hb_g_dl": "haemoglobin", "plasma_iron_mg": "plasma iron",
    "tsat_pct": "transferrin saturation", "il6_excess_pg_ml": "exercise IL-6 excess",
    "fe_signal_au": "absorbed-iron signal", "hepcidin_excess_nmol_l": "acute hepcidin excess",
    "hepcidin_effective_excess_nmol_l": "acute hepcidin excess at the gut",
    "hepcidin_nmol_l": "hepcidin (08:00)", "hepcidin_mean_nmol_l": "hepcidin (24-h mean)",
    "fe_absorbed_food_mg_d": "iron absorbed from food", "fe_absorbed_dose_mg_d": "iron absorbed from doses",
    "fe_lost_mg_d": "iron lost", "fe_absorbed_cum_mg": "iron absorbed (cumulative)",
    "fe_lost_cum_mg": "iron lost (cumulative)", "anaemia_flag": "anaemia", "ida_flag": "iron-deficiency anaemia",
    "idna_flag": "iron deficiency without anaemia", "iron_overload_flag": "iron overload",
    # crosstalk channels (multiplicative, 1 = neutral) and flows
    "adapt_endurance": "endurance adaptation efficiency", "adapt_strength": "strength adaptation efficiency",
    "adapt_mito": "mitochondrial biogenesis efficiency", "force": "force expression", "recovery": "fatigue clearance",
    "fatigue_gain": "fatigue per unit load", "energy_cost": "O2 cost of work", "o2_delivery": "O2 delivery",
    "damage_clearance": "muscle-damage clearance", "damage_susceptibility": "muscle-damage susceptibility",
    "calcium_absorption": "Ca absorption modifier", "vitd_activation": "vitamin D activation",
    "ros_production": "ROS production", "exercise_inflammation": "exercise IL-6 response",
    "hepcidin_exercise_response": "hepcidin response to IL-6", "erythropoiesis_supply": "erythropoiesis supply",
    **{f"microbial_{n}": f"microbial {NUTRIENT_NAMES[n]}" for n in ("b1_mg", "b2_mg", "b3_mg", "b5_mg", "b6_mg", "b7_ug", "b9_ug", "b12_ug")},
}

#: registry unit -> unit as displayed ("" leaves the unit out)
_UNIT_DISPLAY = {
    "ratio": "", "0/1": "", "code": "", "index": "", "0-1": "", "probability": "", "fraction": "",
    "m2": "m²", "kg/m2": "kg/m²", "deg N": "°N", "fitness units": "AU",
}


def display_unit(unit: str) -> str:
    """A registry unit as shown to readers: ``ug`` -> ``µg``, ``umol`` -> ``µmol``, ratios left out."""
    if unit in _UNIT_DISPLAY:
        return _UNIT_DISPLAY[unit]
    return re.sub(r"\bu(g|mol)\b", r"µ\1", unit)


@functools.cache
def _registry() -> tuple[dict[str, str], dict[str, str]]:
    """(variable -> registry unit, threshold flag -> its clinical definition)."""
    from cohort.physiology import load_all
    from cohort.state import DAY, STATE

    subsystems = load_all()
    units = {entry.var.name: entry.var.unit for entry in STATE}
    units.update({entry.var.name: entry.var.unit for entry in DAY if entry.var.kind in ("channel", "flow")})
    flags = {threshold.name: threshold.description for subsystem in subsystems for threshold in subsystem.thresholds}
    return units, flags


def name(variable: str) -> str:
    """Human name without unit (``"25(OH)D"``); unknown ids are spelled out (underscores -> spaces)."""
    if variable in NAMES:
        return NAMES[variable]
    for prefix, words in (("habitual_", "habitual"), ("intake_", "intake of")):
        if variable.startswith(prefix) and variable[len(prefix):] in NUTRIENT_NAMES:
            return f"{words} {NUTRIENT_NAMES[variable[len(prefix):]]}"
    flags = _registry()[1]
    if variable in flags:
        return _flag_name(flags[variable])
    return variable.replace("_", " ")


def _flag_name(description: str) -> str:
    """``"25(OH)D < 30 nmol/L (deficient, IOM 2011)"`` -> ``"25(OH)D < 30 nmol/L"``: the cut-off,
    without a closing remark in brackets (short ones such as ``(M)`` stay) or a leading name."""
    short = re.sub(r"\s\([^()]{4,}\)$", "", description)
    short = short.split(": ")[-1]
    return " ".join(display_unit(word) for word in short.split(" "))


def unit(variable: str) -> str:
    """Displayed unit of a registered variable ("" when it has none worth showing or is unknown)."""
    units, flags = _registry()
    if variable in flags:
        return "% of athletes"
    if variable.startswith("habitual_") and variable not in units:
        return ""
    return display_unit(units.get(variable, ""))


def label(variable: str) -> str:
    """Axis/table label: human name and unit, ``"25(OH)D (nmol/L)"``; a flag: its cut-off."""
    if variable in _registry()[1]:
        return name(variable)
    shown = unit(variable)
    return f"{name(variable)} ({shown})" if shown else name(variable)


def subgroup_label(variable: str, level: str) -> str:
    """A subgroup of the contrasts table: ``("baseline vitd_deficient", "yes")`` -> ``"25(OH)D < 30 nmol/L at
    baseline: yes"``, ``("training_status", "elite")`` -> ``"training status: elite"``."""
    if variable == "all":
        return "whole cohort"
    if variable.startswith("baseline "):
        return f"{label(variable[len('baseline '):])} at baseline: {level}"
    return f"{variable.replace('_', ' ')}: {str(level).replace('_', ' ')}"


def labelled(variables: list[str]) -> dict[str, str]:
    """variable -> label, for renaming table columns or index values."""
    return {variable: label(variable) for variable in variables}


def missing_labels() -> list[str]:
    """Registered state variables, channels, flows, nutrients and flags with no human name."""
    units, flags = _registry()
    from cohort.physiology.nutrients import NUTRIENTS

    missing = [v for v in units if v not in NAMES and name(v) == v.replace("_", " ")]
    missing += [n for n in NUTRIENTS.ids if n not in NUTRIENT_NAMES]
    missing += [f for f, description in flags.items() if not description]
    return missing
