"""Nutrients, their units and the population priors of habitual intake.

Each nutrient gets a per-athlete trait ``habitual_<id>`` (median daily intake from food) and a
day input ``intake_<id>`` (today's total from food and supplements, in the same unit), filled
by the schedule phase. Daily food intake varies around the habit by one shared log-normal
"eating day" factor per athlete-day (you eat more of everything on big days), which costs one
random draw instead of one per nutrient.

Priors are log-normal: median by sex for omnivores, times a diet-pattern factor, with a
geometric SD. Sources: US NHANES "What We Eat in America" 2017-2018 intake tables and the
IOM Dietary Reference Intakes (1997-2011) for adult medians; vegetarian/vegan factors from
EPIC-Oxford (Davey 2003; Schupbach 2017). Athlete-specific surveys (Jenner 2019 review) put
athletes' intakes near or above these, which ``diet.intake_scale`` can express.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cohort.state import DAY, STATE, Var


@dataclass(frozen=True)
class Nutrient:
    id: str  # unit in the id: "vitamin_d_ug"
    unit: str  # per day
    description: str
    median_male: float
    median_female: float
    gsd: float  # geometric SD across athletes
    diet_factor: dict[str, float] = field(default_factory=dict)  # vegetarian/vegan multipliers
    upper: float = 1e6  # physical bound of a daily intake
    cite: tuple[str, ...] = ("wweia2018", "iom_dri")


class NutrientRegistry:
    def __init__(self) -> None:
        self._nutrients: dict[str, Nutrient] = {}
        self.habitual: dict[str, int] = {}
        self.intake: dict[str, int] = {}

    def declare(self, nutrients: Sequence[Nutrient]) -> None:
        for nutrient in nutrients:
            self._nutrients[nutrient.id] = nutrient
        habitual = STATE.declare(
            "diet",
            [
                Var(f"habitual_{n.id}", n.unit, 0.0, n.upper, f"habitual food intake of {n.description}", "trait")
                for n in nutrients
            ],
        )
        intake = DAY.declare(
            "schedule",
            [Var(f"intake_{n.id}", n.unit, 0.0, n.upper * 1000, f"today's intake of {n.description}", "input") for n in nutrients],
        )
        for nutrient, h_index, i_index in zip(nutrients, habitual, intake, strict=True):
            self.habitual[nutrient.id] = h_index
            self.intake[nutrient.id] = i_index

    def __contains__(self, nutrient_id: object) -> bool:
        return nutrient_id in self._nutrients

    def __iter__(self):
        return iter(self._nutrients.values())

    def __len__(self) -> int:
        return len(self._nutrients)

    def get(self, nutrient_id: str) -> Nutrient:
        return self._nutrients[nutrient_id]

    @property
    def ids(self) -> list[str]:
        return list(self._nutrients)


NUTRIENTS = NutrientRegistry()

_PLANT = {"vegetarian": 1.0, "vegan": 1.0}
NUTRIENTS.declare(
    [
        Nutrient("vitamin_d_ug", "ug/d", "vitamin D (D2+D3)", 4.9, 3.9, 1.8, {"vegetarian": 0.6, "vegan": 0.35}),
        Nutrient("calcium_mg", "mg/d", "calcium", 1050, 850, 1.4, {"vegetarian": 1.0, "vegan": 0.65}),
        Nutrient("magnesium_mg", "mg/d", "magnesium", 350, 275, 1.3, {"vegetarian": 1.1, "vegan": 1.2}),
        Nutrient("b1_mg", "mg/d", "thiamin", 1.8, 1.35, 1.35, {"vegetarian": 1.05, "vegan": 1.1}),
        Nutrient("b2_mg", "mg/d", "riboflavin", 2.3, 1.75, 1.4, {"vegetarian": 0.95, "vegan": 0.7}),
        Nutrient("b3_mg", "mg/d", "niacin (niacin equivalents)", 30, 22, 1.35, {"vegetarian": 0.8, "vegan": 0.75}),
        Nutrient("b5_mg", "mg/d", "pantothenic acid", 6.0, 4.8, 1.35, {"vegetarian": 0.95, "vegan": 0.9}),
        Nutrient("b6_mg", "mg/d", "vitamin B6", 2.2, 1.6, 1.4, {"vegetarian": 0.9, "vegan": 0.9}),
        Nutrient("b7_ug", "ug/d", "biotin", 40, 33, 1.4, {"vegetarian": 0.9, "vegan": 0.8}),
        Nutrient("b9_ug", "ug DFE/d", "folate (dietary folate equivalents)", 560, 450, 1.4, {"vegetarian": 1.15, "vegan": 1.3}),
        Nutrient("b12_ug", "ug/d", "vitamin B12", 5.5, 3.9, 1.6, {"vegetarian": 0.45, "vegan": 0.1}),
        Nutrient("vitamin_c_mg", "mg/d", "vitamin C", 85, 75, 1.7, {"vegetarian": 1.3, "vegan": 1.5}),
        Nutrient("vitamin_e_mg", "mg/d", "vitamin E (alpha-tocopherol)", 10, 8.3, 1.45, {"vegetarian": 1.15, "vegan": 1.3}),
        Nutrient("selenium_ug", "ug/d", "selenium", 115, 85, 1.35, {"vegetarian": 0.8, "vegan": 0.6}),
        Nutrient("polyphenol_mg", "mg/d", "polyphenols (all classes)", 900, 850, 1.6, {"vegetarian": 1.1, "vegan": 1.2}),
        # Plain-curcumin equivalents: a bioavailable formulation counts relative AUC x mg
        # (Theracurmin ~27x; antioxidants.CURCUMIN_RELATIVE_BIOAVAILABILITY).
        Nutrient("curcumin_mg", "mg/d", "curcuminoids (plain-curcumin equivalents)", 0.0, 0.0, 1.0, {}),
        Nutrient("iron_nonheme_mg", "mg/d", "non-heme iron", 14.5, 11.5, 1.35, {"vegetarian": 1.05, "vegan": 1.1}),
        Nutrient("iron_heme_mg", "mg/d", "heme iron", 1.4, 0.9, 1.6, {"vegetarian": 0.0, "vegan": 0.0}),
        Nutrient("fibre_g", "g/d", "dietary fibre", 19, 16, 1.4, {"vegetarian": 1.4, "vegan": 1.8}),
    ]
)
