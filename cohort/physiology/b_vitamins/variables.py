"""State variables and constants of the B vitamins: the eight pools, biomarkers, intake and
microbial-flow slots. The equations are in the package docstring (:mod:`cohort.physiology.b_vitamins`).
"""

from __future__ import annotations

from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE, Var

NAME = "b_vitamins"

VITAMINS = ("b1", "b2", "b3", "b5", "b6", "b7", "b9", "b12")
#: the intake (and microbial flow) unit of each vitamin, as in the nutrient ids
UNITS = {"b1": "mg", "b2": "mg", "b3": "mg", "b5": "mg", "b6": "mg", "b7": "ug", "b9": "ug", "b12": "ug"}
#: adult (male) RDA or AI, IOM 1998: the definition of 100 % adequacy (not a parameter)
ADEQUATE_INTAKE = {"b1": 1.2, "b2": 1.3, "b3": 16.0, "b5": 5.0, "b6": 1.3, "b7": 30.0, "b9": 400.0, "b12": 2.4}
#: meals a day's B12 is eaten over (the schedule's meal slots, cohort.engine.doses.MAX_MEALS);
#: intrinsic-factor absorption saturates per meal
B12_MEALS_PER_DAY = 3.0
#: bioavailability that defines the adequate absorbed input (the parameters' defaults)
REFERENCE_BIOAVAILABILITY = {"b1": 0.8, "b2": 0.85, "b3": 0.8, "b5": 0.5, "b6": 0.75, "b7": 0.7, "b9": 0.5}

V = STATE.declare(
    NAME,
    [
        *[Var(f"{v}_status_pct", "% of adequacy", 0.0, 1e6, f"vitamin {v.upper()} body pool (100 = steady state at the RDA/AI)")
          for v in VITAMINS],
        Var("b1_etkac", "ratio", 1.0, 5.0, "erythrocyte transketolase activation coefficient (B1)"),
        Var("b2_egrac", "ratio", 1.0, 5.0, "erythrocyte glutathione reductase activation coefficient (B2)"),
        Var("b6_plp_nmol_l", "nmol/L", 0.0, 1e6, "plasma pyridoxal 5'-phosphate (B6)"),
        Var("b6_plp_factor", "ratio", 0.05, 20.0, "athlete's plasma PLP relative to the population at equal B6 status", "trait"),
        Var("b12_food_absorption_factor", "fraction", 0.0, 1.0,
            "share of food-bound B12 released for absorption (1 = normal stomach; < 1 with food-bound malabsorption)", "trait"),
        Var("b12_serum_factor", "ratio", 0.05, 20.0, "athlete's serum B12 relative to the population at equal B12 stores", "trait"),
        Var("serum_folate_nmol_l", "nmol/L", 0.0, 1e5, "serum folate (recent intake)"),
        Var("rbc_folate_nmol_l", "nmol/L", 0.0, 1e6, "red-cell folate (stores)"),
        Var("serum_b12_pmol_l", "pmol/L", 0.0, 1e5, "serum vitamin B12"),
        Var("b_energy_capacity", "0-1", 0.0, 1.0, "energy-metabolism capacity left by the scarcest B vitamin"),
        Var("b_erythropoiesis_supply", "0-1", 0.0, 1.0, "B9/B12/B2 sufficiency for red-cell production"),
    ],
)

INTAKE = tuple(NUTRIENTS.intake[f"{v}_{UNITS[v]}"] for v in VITAMINS)
MICROBIAL = tuple(DAY.index(f"microbial_{v}_{UNITS[v]}") for v in VITAMINS)

#: B1, B2, B3, B5, B6, B7 (the first six pools) are coenzymes of energy metabolism
ENERGY_COENZYMES = 6

#: Whether the crosstalk phase multiplies B-vitamin sufficiency into ``erythropoiesis_supply``
#: (read by iron's red-cell production); the value is also recorded as ``b_erythropoiesis_supply``.
ERYTHROPOIESIS_CHANNEL = True
