"""Inclusion and exclusion criteria: ``VARIABLE OPERATOR LITERAL``, parsed without ``eval``.

Grammar (whitespace is free)::

    criterion := name operator literal
    name      := [A-Za-z_][A-Za-z0-9_]*           a state variable or an athlete trait
    operator  := "<" | "<=" | ">" | ">=" | "==" | "!="
    literal   := number | 'text' | "text"

Examples: ``"ferritin_ug_l < 35"``, ``"hb_g_dl >= 12"``, ``"sex == 'female'"``,
``"sport != 'team'"``. Text literals only take ``==`` and ``!=``.

Which variables may be named (checked when the experiment file is read):

* a state variable (``cohort variables`` lists them): screened as a lab value at the screening
  visit, through the observation layer (assay error);
* a categorical trait: ``sex`` (female/male), ``sport``, ``training_status``, ``diet_pattern``;
* a numeric trait column of the athletes table (``age_y``, ``body_mass_kg``, ``bmi_kg_m2``, ...),
  read without error (it is a trait, not a lab value).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
}
#: categorical traits and their levels (the athletes table's spelling)
CATEGORICAL_TRAITS: dict[str, tuple[str, ...]] = {}

_PATTERN = re.compile(
    r"""^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op><=|>=|==|!=|<|>)\s*
        (?P<literal>'[^']*'|"[^"]*"|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$""",
    re.VERBOSE,
)


def categorical_traits() -> dict[str, tuple[str, ...]]:
    """Categorical trait name -> allowed levels (from the results' code tables)."""
    if not CATEGORICAL_TRAITS:
        from cohort.config.models import DIETS, SPORTS, STATUSES

        CATEGORICAL_TRAITS.update({
            "sex": ("female", "male"), "sport": tuple(SPORTS), "training_status": tuple(STATUSES),
            "diet_pattern": tuple(DIETS),
        })
    return CATEGORICAL_TRAITS


def numeric_traits() -> tuple[str, ...]:
    from cohort.results import TRAIT_COLUMNS

    categorical = {"female", "sport", "training_status", "diet_pattern"}
    return tuple(name for name in TRAIT_COLUMNS if name not in categorical)


@dataclass(frozen=True)
class Criterion:
    """One parsed criterion; ``text`` is the original string (used as its label in flow.csv)."""

    text: str
    name: str
    op: str
    value: float | str

    @property
    def is_lab(self) -> bool:
        """True when the variable is screened as a lab value (a state variable, not a trait)."""
        return self.name not in categorical_traits() and self.name not in numeric_traits()

    def holds(self, values: np.ndarray) -> np.ndarray:
        """Boolean array: the criterion holds for each value (NaN never meets a criterion)."""
        result = OPERATORS[self.op](values, self.value)
        return np.asarray(result, dtype=bool)


def parse_criterion(text: str) -> Criterion:
    """Parse one criterion; ValueError says what was expected."""
    if not isinstance(text, str):
        raise ValueError(f"a criterion string like \"ferritin_ug_l < 35\", got {text!r}")
    match = _PATTERN.match(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not 'VARIABLE OPERATOR LITERAL' (operators < <= > >= == !=; a number or a quoted text), "
            "e.g. \"ferritin_ug_l < 35\" or \"sex == 'female'\""
        )
    name, op, literal = match["name"], match["op"], match["literal"]
    value: float | str = literal[1:-1] if literal[0] in "'\"" else float(literal)
    categorical = categorical_traits()
    if name in categorical:
        if not isinstance(value, str) or op not in ("==", "!="):
            raise ValueError(f"{text!r}: {name} is categorical; use == or != with a quoted level, one of {list(categorical[name])}")
        if value not in categorical[name]:
            raise ValueError(f"{text!r}: {value!r} is not a level of {name}; levels are {list(categorical[name])}")
        return Criterion(text, name, op, value)
    if isinstance(value, str):
        raise ValueError(f"{text!r}: {name} is numeric; compare it with a number")
    if name not in numeric_traits():
        from cohort.physiology import load_all
        from cohort.state import STATE

        load_all()
        if name not in STATE:
            raise ValueError(
                f"{text!r}: {name!r} is neither a state variable (see `cohort variables`) nor a trait "
                f"({sorted([*categorical, *numeric_traits()])})"
            )
    return Criterion(text, name, op, value)
