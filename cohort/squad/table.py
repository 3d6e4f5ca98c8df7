"""A squad table: real athletes (one row each) read, checked and turned into known traits and labs.

A table is a CSV or Parquet file with one row per athlete. ``id`` and ``sex`` are required;
every other column is optional and, where a cell is empty, the value is drawn from the
config's priors conditional on the athlete's known traits (:func:`cohort.generation.sample_traits`).
Units are those of the column names (``cohort variables``):

* traits: ``age_y``, ``body_mass_kg``, ``height_m``, ``sport`` (endurance, strength_power, team,
  mixed), ``training_status`` (untrained, trained, elite), ``diet`` (omnivore, vegetarian,
  vegan), ``indoor`` and ``menstruating`` (0/1, yes/no, true/false), ``latitude_deg``, ``altitude_m``,
  ``outdoor_h_per_day``, ``compliance``, ``sweat_rate_l_h`` and habitual intakes
  ``habitual_<nutrient>`` (e.g. ``habitual_iron_nonheme_mg``);
* baseline labs (:data:`LABS`), which pin each athlete's initial state
  (:mod:`cohort.squad.labs`).

Every problem is reported at once, each naming the file, the row (athlete id) and the column and
what was expected; nothing is simulated from a table with a problem.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

import numpy as np

from cohort.config.models import DIETS, SPORTS, STATUSES
from cohort.errors import ConfigError, Problem
from cohort.physiology.nutrients import NUTRIENTS

#: baseline labs a table may give: column -> (plausible range in the column's unit, unit hint).
#: Ranges are wide physiological limits; a value outside is almost always a unit mix-up.
LABS: dict[str, tuple[float, float, str]] = {
    "ferritin_ug_l": (1.0, 1500.0, "ug/L (= ng/mL)"),
    "hb_g_dl": (6.0, 22.0, "g/dL (g/L / 10)"),
    "vitd_25oh_nmol_l": (5.0, 375.0, "nmol/L (ng/mL x 2.496)"),
    "strength_1rm_kg": (5.0, 600.0, "kg"),
    "vo2max_ml_kg_min": (15.0, 95.0, "mL/kg/min"),
    "mg_serum_mmol_l": (0.3, 1.6, "mmol/L (mg/dL / 2.43)"),
    "b2_egrac": (1.0, 2.5, "an activation coefficient (ratio)"),
}

#: numeric trait columns -> (range, unit hint); ranges are the state registry's physical bounds
#: or narrower plausible limits where a unit mix-up would otherwise pass (height in cm).
NUMERIC_TRAITS: dict[str, tuple[float, float, str]] = {
    "age_y": (10.0, 100.0, "years"),
    "body_mass_kg": (30.0, 200.0, "kg"),
    "height_m": (1.2, 2.3, "metres (cm / 100)"),
    "latitude_deg": (-90.0, 90.0, "degrees north"),
    "altitude_m": (-500.0, 6000.0, "metres above sea level"),
    "outdoor_h_per_day": (0.0, 16.0, "daylight hours outdoors per day"),
    "compliance": (0.0, 1.0, "a probability in [0, 1]"),
    "sweat_rate_l_h": (0.25, 3.0, "L/h"),
    **{f"habitual_{n.id}": (0.0, 1e6, "the unit of `cohort variables`") for n in NUTRIENTS},
}

#: categorical columns -> (trait name, allowed labels in code order)
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sport": ("sport", SPORTS),
    "training_status": ("training_status", STATUSES),
    "diet": ("diet_pattern", DIETS),
}
FLAGS = ("indoor", "menstruating")
_TRUE = {"1", "1.0", "yes", "true", "y"}
_FALSE = {"0", "0.0", "no", "false", "n"}
_SEX = {"female": 1.0, "f": 1.0, "male": 0.0, "m": 0.0}
REQUIRED = ("id", "sex")
KNOWN_COLUMNS = (*REQUIRED, *NUMERIC_TRAITS, *CATEGORIES, *FLAGS, *LABS)


@dataclass(frozen=True)
class Squad:
    """A checked squad table.

    Attributes
    ----------
    path:
        The file read.
    ids:
        Athlete ids in row order (row i of the table is athlete i of the cohort).
    traits:
        Trait name -> values (n,), NaN where the cell was empty (drawn from the priors).
    labs:
        Lab variable -> measured values (n,) in the variable's unit, NaN where not measured.
    """

    path: Path
    ids: tuple[str, ...]
    traits: dict[str, np.ndarray] = field(default_factory=dict)
    labs: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)


def _read_cells(path: Path) -> tuple[list[str], list[list[object]]]:
    """Column names and rows of cells (strings from a CSV, typed values from Parquet)."""
    import pandas as pd

    source = str(path)
    if not path.is_file():
        raise ConfigError([Problem(source, "", path, "a squad table file (CSV or Parquet): file not found")])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
        elif suffix in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
        else:
            raise ConfigError([Problem(source, "", path, "a .csv or .parquet squad table")])
    except ConfigError:
        raise
    except Exception as exc:  # parser errors of either format: one line naming the file
        raise ConfigError([Problem(source, "", path, f"a readable CSV or Parquet table ({type(exc).__name__}: {exc})")]) from None
    columns = [str(c).strip() for c in frame.columns]
    rows = [list(row) for row in frame.itertuples(index=False, name=None)]
    return columns, rows


def _missing(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip()
    return isinstance(cell, float) and math.isnan(cell)  # a Parquet null


def _number(cell: object) -> float | None:
    if isinstance(cell, bool):
        return None
    try:
        return float(str(cell).strip()) if isinstance(cell, str) else float(cell)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def parse_squad(path: Path) -> Squad:
    """Read and check a squad table (module docstring). Raises ConfigError listing every problem."""
    source = str(path)
    columns, rows = _read_cells(path)
    problems: list[Problem] = []
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    for name in unknown:
        problems.append(Problem(source, f"column {name!r}", name, f"a known column: {', '.join(KNOWN_COLUMNS)}"))
    for name in REQUIRED:
        if name not in columns:
            problems.append(Problem(source, f"column {name!r}", "<missing>", f"a {name!r} column (required)"))
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    for name in duplicated:
        problems.append(Problem(source, f"column {name!r}", name, "each column once"))
    if not rows:
        problems.append(Problem(source, "", path, "at least one athlete row"))
    if problems:
        raise ConfigError(problems)

    n = len(rows)
    index = {name: columns.index(name) for name in columns}
    ids: list[str] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(rows, start=2):  # CSV line numbers (line 1 is the header)
        cell = cells[index["id"]]
        label = "" if _missing(cell) else str(cell).strip()
        if not label:
            problems.append(Problem(source, f"line {line}, column 'id'", cell, "a non-empty athlete id"))
        elif label in seen:
            problems.append(Problem(source, f"athlete {label!r}, column 'id'", label, f"a unique id (also on line {seen[label]})"))
        else:
            seen[label] = line
        ids.append(label or f"<line {line}>")

    def where(row: int, column: str) -> str:
        return f"athlete {ids[row]!r}, column {column!r}"

    traits: dict[str, np.ndarray] = {}
    labs: dict[str, np.ndarray] = {}
    female = np.full(n, np.nan)
    for row in range(n):
        cell = rows[row][index["sex"]]
        value = None if _missing(cell) else _SEX.get(str(cell).strip().lower())
        if value is None:
            problems.append(Problem(source, where(row, "sex"), cell, "female or male (f/m)"))
        else:
            female[row] = value
    traits["female"] = female
    for name, table in (("numeric", NUMERIC_TRAITS), ("lab", LABS)):
        for column, (low, high, unit) in table.items():
            if column not in index:
                continue
            values = np.full(n, np.nan)
            for row in range(n):
                cell = rows[row][index[column]]
                if _missing(cell):
                    continue
                number = _number(cell)
                if number is None or not math.isfinite(number):
                    problems.append(Problem(source, where(row, column), cell, f"a finite number in {unit}"))
                elif not low <= number <= high:
                    problems.append(Problem(source, where(row, column), cell, f"{unit} within [{low:g}, {high:g}]"))
                else:
                    values[row] = number
            (labs if name == "lab" else traits)[column] = values
    def coded(column: str, code: Callable[[str], float | None], expected: str) -> np.ndarray:
        """A label column as numbers (NaN where empty); a label ``code`` cannot read is a problem."""
        values = np.full(n, np.nan)
        for row in range(n):
            cell = rows[row][index[column]]
            if _missing(cell):
                continue
            value = code(str(cell).strip().lower())
            if value is None:
                problems.append(Problem(source, where(row, column), cell, expected))
            else:
                values[row] = value
        return values

    for column, (trait, labels) in CATEGORIES.items():
        if column in index:
            traits[trait] = coded(column, partial(_category_code, labels), f"one of {', '.join(labels)}")
    for column in FLAGS:
        if column in index:
            traits[column] = coded(column, lambda label: 1.0 if label in _TRUE else 0.0 if label in _FALSE else None,
                                   "0/1 (or yes/no, true/false)")
    if "menstruating" in traits:
        for male in np.flatnonzero((traits["menstruating"] == 1.0) & (female == 0.0)):
            problems.append(Problem(source, where(int(male), "menstruating"), rows[int(male)][index["menstruating"]], "0 for a male athlete"))
    if problems:
        raise ConfigError(problems)
    return Squad(path=path, ids=tuple(ids), traits=traits, labs=labs)


def _category_code(labels: tuple[str, ...], label: str) -> float | None:
    return float(labels.index(label)) if label in labels else None


@lru_cache(maxsize=8)
def _cached(path: Path, modified_ns: int, size: int) -> Squad:
    return parse_squad(path)


def load_squad(path: str | Path) -> Squad:
    """The checked squad table at ``path``, read once per file version (path, mtime, size)."""
    resolved = Path(path).resolve()
    try:
        info = resolved.stat()
    except OSError:
        return parse_squad(resolved)  # raises the one-line file error
    return _cached(resolved, info.st_mtime_ns, info.st_size)
