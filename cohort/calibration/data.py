"""The squad's observations: a tidy table checked row by row.

Columns: ``athlete``, ``day`` (study day, 0 = the config's ``start_date``) or ``date``,
``variable`` (a state variable, see ``cohort variables``), ``value`` and optionally ``unit``
(must equal the variable's unit). A value is a morning draw: the state at the start of its
day, as the observation layer measures it (``day`` may also be the last day + 1: the end).

Athletes: integer labels are rows of the simulated cohort (0 .. size-1); other labels need
the calibration file's ``athletes`` mapping (label -> row).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cohort.config.models import Config
from cohort.errors import ConfigError, Problem
from cohort.observation import assay_cv
from cohort.state import STATE

#: at most this many problems of one kind are listed (then a count)
MAX_LISTED = 5


@dataclass(frozen=True)
class Observations:
    """Observations aligned by row: cohort row, day, variable, measured value and assay CV."""

    athlete: np.ndarray  # int64 cohort rows
    label: np.ndarray  # athlete labels as given (str)
    day: np.ndarray  # int64
    variable: np.ndarray  # str
    value: np.ndarray  # float64
    cv: np.ndarray  # float64

    def __len__(self) -> int:
        return len(self.value)

    @property
    def athletes(self) -> np.ndarray:
        """Observed cohort rows, sorted."""
        return np.unique(self.athlete)

    def labels_of(self, rows: np.ndarray) -> list[str]:
        first = {int(a): str(lab) for a, lab in zip(self.athlete, self.label, strict=True)}
        return [first[int(row)] for row in rows]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({
            "athlete": self.label, "row": self.athlete, "day": self.day, "variable": self.variable,
            "value": self.value, "assay_cv": self.cv,
        })


def read_table(path: Path) -> pd.DataFrame:
    """A CSV or Parquet file as a frame. Raises ConfigError naming the file."""
    if not path.is_file():
        raise ConfigError([Problem(str(path), "", path, "an existing CSV or Parquet data file")])
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype={"athlete": str, "variable": str, "unit": str})
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise ConfigError([Problem(str(path), "", path, f"a readable CSV or Parquet file ({exc})")]) from None


def load_observations(
    path: Path, config: Config, athletes: dict[str, int] | None = None, cvs: dict[str, float] | None = None
) -> Observations:
    """Read and check the data file against ``config``. Raises ConfigError, one Problem per issue."""
    frame = read_table(path)
    source = str(path)
    csv = path.suffix.lower() not in (".parquet", ".pq")
    time_column = "day" if "day" in frame.columns else "date"
    missing = [c for c in ("athlete", time_column, "variable", "value") if c not in frame.columns]
    if missing:
        raise ConfigError([Problem(source, "columns", list(frame.columns), f"columns athlete, day (or date), variable, value (missing {missing})")])
    if frame.empty:
        raise ConfigError([Problem(source, "rows", 0, "at least one observation row")])

    def where(i: int) -> str:  # a CSV's line number (header is line 1), or a Parquet row
        return f"{source}:{i + 2}" if csv else f"{source} row {i}"

    problems: dict[str, list[Problem]] = {}

    def add(kind: str, problem: Problem) -> None:
        problems.setdefault(kind, []).append(problem)

    n_days = config.n_days
    # athletes
    labels = frame["athlete"].astype(str).str.strip().to_numpy()
    rows = np.full(len(frame), -1, dtype=np.int64)
    for i, label in enumerate(labels):
        if athletes is not None:
            row = athletes.get(label)
            if row is None:
                add("athlete", Problem(where(i), "athlete", label, "an athlete named in the calibration file's 'athletes' mapping"))
                continue
        else:
            try:
                row = int(label)
            except ValueError:
                add("athlete", Problem(where(i), "athlete", label, "an integer cohort row, or an 'athletes' mapping in the calibration file"))
                continue
        if not 0 <= row < config.cohort.size:
            add("athlete", Problem(where(i), "athlete", label, f"an athlete of the cohort (rows 0 to {config.cohort.size - 1}; cohort.size = {config.cohort.size})"))
            continue
        rows[i] = row
    # days
    if time_column == "day":
        day_values = pd.to_numeric(frame["day"], errors="coerce").to_numpy(dtype=np.float64)
    else:
        dates = pd.to_datetime(frame["date"], errors="coerce")
        day_values = ((dates - pd.Timestamp(config.start_date)).dt.days).to_numpy(dtype=np.float64)
    for i, day in enumerate(day_values):
        if not np.isfinite(day) or day != round(day) or not 0 <= day <= n_days:
            add(time_column, Problem(where(i), time_column, frame[time_column].iloc[i],
                                     f"a study day from 0 to {n_days} (start_date {config.start_date}, {config.duration_weeks} weeks)"))
    # variables and units
    variables = frame["variable"].astype(str).str.strip().to_numpy()
    known = set(STATE.names)
    units = frame["unit"] if "unit" in frame.columns else None
    for i, variable in enumerate(variables):
        if variable not in known:
            add("variable", Problem(where(i), "variable", variable, "a state variable (list them with `cohort variables`)"))
            continue
        if units is not None and isinstance(units.iloc[i], str) and units.iloc[i].strip():
            expected = STATE.entry(variable).var.unit
            if units.iloc[i].strip() != expected:
                add("unit", Problem(where(i), "unit", units.iloc[i], f"{expected!r}, the unit of {variable} (convert the value)"))
    # values
    values = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=np.float64)
    for i, value in enumerate(values):
        if not np.isfinite(value) or value <= 0:
            add("value", Problem(where(i), "value", frame["value"].iloc[i], "a finite positive number (assay error is log-normal)"))
    if problems:
        listed: list[Problem] = []
        for kind, items in problems.items():
            listed.extend(items[:MAX_LISTED])
            if len(items) > MAX_LISTED:
                listed.append(Problem(source, kind, f"{len(items) - MAX_LISTED} more rows", "the same fix"))
        raise ConfigError(listed)
    cvs = cvs or {}
    return Observations(
        athlete=rows, label=labels.astype(str), day=day_values.astype(np.int64), variable=variables.astype(str),
        value=values, cv=np.array([assay_cv(v, cvs.get(v)) for v in variables], dtype=np.float64),
    )
