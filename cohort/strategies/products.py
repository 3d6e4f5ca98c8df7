"""Products: named presets, iron salts and beverages, converted to nutrient amounts per dose.

Every amount ends up as a vector in :data:`cohort.physiology.nutrients.NUTRIENTS` order, in each
nutrient's own unit (IU are converted here, once, with :mod:`cohort.units`).

Iron forms: the dose is elemental iron, all of it non-heme (``iron_nonheme_mg``). The model
does not give forms different bioavailability: head-to-head differences per mg of elemental
iron between ferrous salts are small and inconsistent, so a multiplier would be unsourced.
``salt_mg`` is converted with each salt's iron mass fraction (stoichiometry of the hydrate
named; NIH ODS lists 20 % for ferrous sulfate, 33 % fumarate, 12 % gluconate). Chelate
powders sold as "ferrous bisglycinate" are often ~20 % iron by label: prefer ``elemental_mg``.

Presets are illustrative label contents, not brands; each lists its source.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cohort import units
from cohort.strategies.models import Product, TakenWith

#: iron mass fraction of each salt (Fe 55.845 g/mol over the salt's molar mass)
IRON_FRACTION = {
    "ferrous_sulfate": 55.845 / 278.01,  # FeSO4.7H2O, 20.1 %
    "ferrous_sulfate_dried": 55.845 / 169.92,  # FeSO4.H2O, 32.9 %
    "ferrous_fumarate": 55.845 / 169.90,  # FeC4H2O4, 32.9 %
    "ferrous_gluconate": 55.845 / 482.17,  # C12H22FeO14.2H2O, 11.6 %
    "ferrous_bisglycinate": 55.845 / 203.96,  # C4H8FeN2O4, 27.4 % (pure chelate)
}

#: polyphenol mg per cup, mid-range of the 100-400 mg per serving Hurrell 1999 measured in
#: black tea, coffee and cocoa beverages (herb teas: 20-50 mg); content varies with brewing.
BEVERAGE_POLYPHENOL_MG = {"tea_cups": 200.0, "coffee_cups": 200.0}


@dataclass(frozen=True)
class Preset:
    amounts: dict[str, float]
    description: str
    cite: tuple[str, ...]


PRESETS: dict[str, Preset] = {
    "b_complex": Preset(
        {"b1_mg": 50, "b2_mg": 50, "b3_mg": 50, "b5_mg": 50, "b6_mg": 50, "b7_ug": 50, "b9_ug": 680, "b12_ug": 50},
        "high-dose 'B-50' complex label; 400 ug folic acid = 680 ug DFE when taken with food",
        ("iom_dri",),
    ),
    "b_complex_rda": Preset(
        {"b1_mg": 1.2, "b2_mg": 1.3, "b3_mg": 16, "b5_mg": 5, "b6_mg": 1.3, "b7_ug": 30, "b9_ug": 400, "b12_ug": 2.4},
        "B vitamins at the adult male RDA/AI",
        ("iom_dri",),
    ),
    "multivitamin": Preset(
        {
            "vitamin_d_ug": 25, "vitamin_c_mg": 80, "vitamin_e_mg": 12, "b1_mg": 1.1, "b2_mg": 1.4, "b3_mg": 16,
            "b5_mg": 6, "b6_mg": 1.4, "b7_ug": 50, "b9_ug": 340, "b12_ug": 2.5, "calcium_mg": 120,
            "magnesium_mg": 100, "selenium_ug": 55, "iron_nonheme_mg": 14,
        },
        "multivitamin-mineral at ~100 % of EU nutrient reference values (vitamin D 25 ug; Ca and Mg partial, as in tablets)",
        ("eu_1169_2011",),
    ),
    "d_mg_ca": Preset(
        {"vitamin_d_ug": 25, "magnesium_mg": 250, "calcium_mg": 500},
        "crosstalk-aware stack: vitamin D3 with the magnesium its activation needs and calcium",
        ("eu_1169_2011",),
    ),
    "iron_vitamin_c": Preset(
        {"iron_nonheme_mg": 60, "vitamin_c_mg": 80},
        "60 mg elemental iron with 80 mg vitamin C in the same tablet",
        ("stoffel2017",),
    ),
    "antioxidant_high": Preset(
        {"vitamin_c_mg": 1000, "vitamin_e_mg": 235},
        "daily 1000 mg vitamin C + 235 mg vitamin E, the dose that blunted training adaptation",
        ("paulsen2014",),
    ),
    "curcumin": Preset({"curcumin_mg": 500}, "500 mg curcuminoids", ("nicol2015",)),
}


def _add(vector: np.ndarray, ids: list[str], key: str, amount: float) -> None:
    if key == "vitamin_d_iu":
        vector[ids.index("vitamin_d_ug")] += units.vitamin_d_iu_to_ug(amount)
    elif key == "vitamin_e_iu":
        vector[ids.index("vitamin_e_mg")] += units.vitamin_e_iu_to_mg(amount, natural=True)
    elif key == "vitamin_e_iu_synthetic":
        vector[ids.index("vitamin_e_mg")] += units.vitamin_e_iu_to_mg(amount, natural=False)
    else:
        vector[ids.index(key)] += amount


def product_amounts(product: Product) -> np.ndarray:
    """Nutrient amounts of one dose, NUTRIENTS order and units."""
    from cohort.physiology.nutrients import NUTRIENTS

    ids = NUTRIENTS.ids
    vector = np.zeros(len(ids))
    if product.preset is not None:
        for key, amount in PRESETS[product.preset].amounts.items():
            _add(vector, ids, key, amount)
    for key, amount in product.amounts.items():
        _add(vector, ids, key, amount)
    if product.iron is not None:
        iron = product.iron
        elemental = iron.elemental_mg if iron.elemental_mg is not None else iron.salt_mg * IRON_FRACTION[iron.form]  # type: ignore[operator]
        vector[ids.index("iron_nonheme_mg")] += elemental
    return vector * product.scale


def taken_with_amounts(taken_with: TakenWith) -> np.ndarray:
    """(vitamin C mg, calcium mg, polyphenol mg) co-ingested with a dose (DoseTables.co_ingested)."""
    polyphenol = taken_with.polyphenol_mg + sum(
        getattr(taken_with, key) * mg for key, mg in BEVERAGE_POLYPHENOL_MG.items()
    )
    return np.array([taken_with.vitamin_c_mg, taken_with.calcium_mg, polyphenol])
