"""The observation layer: simulated blood draws with assay error, like a study's lab visits.

A draw measures a state variable of every athlete on the morning of a study day:

    measured = true x exp(sigma z - sigma^2 / 2),   sigma^2 = ln(1 + CV^2),   z ~ N(0, 1)

(log-normal, mean-preserving, never negative). The CV is the *total* variability of one
draw around the model's true status: analytical imprecision plus day-to-day biological
variation, which the daily model does not otherwise carry.

Randomness: z comes from the named stream ``assay.<biomarker>.day<day>`` of the run seed, so an
athlete's error for a biomarker on a day is the same in every arm (common random numbers),
whichever other draws an arm makes. Draws are cached per (biomarker, day, CV), so every rule
that looks at a biomarker on a day sees the same result, as from one blood sample.

Default CVs (``DEFAULT_ASSAY_CV``): 25(OH)D 10 % (VDSP performance criterion met by current
assays, Wise 2021); ferritin 14.5 % (day-to-day within-subject CV including the assay, Pilon
1981); haemoglobin 3.1 % (within-subject biological CV 2.8 % over a year, Fuentes-Arderiu 1992,
combined with the desirable analytical CV of half that, 1.4 %: sqrt(2.8^2 + 1.4^2)). Performance
tests, measured the same way by the trial emulation (test-retest CV): VO2max 5.6 % (biological
plus technical variation of repeated treadmill tests, Katch 1982); 1RM strength 4.2 % (median
test-retest CV of 32 studies, range 0.5-12.1 %, Grgic 2020). Others default to
:data:`FALLBACK_ASSAY_CV` (10 %, unsourced: set ``assay_cv``).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cohort.rng import stream

log = logging.getLogger(__name__)

DEFAULT_ASSAY_CV: dict[str, float] = {
    "vitd_25oh_nmol_l": 0.10,  # wise2021_vdsp
    "ferritin_ug_l": 0.145,  # pilon1981_ferritin
    "hb_g_dl": 0.031,  # fuentesarderiu1992_hb (CVI 2.8 %) with analytical CV 1.4 %
    "vo2max_ml_kg_min": 0.056,  # katch1982_vo2max (test-retest)
    "strength_1rm_kg": 0.042,  # grgic2020_1rm (median test-retest CV)
}
FALLBACK_ASSAY_CV = 0.10
REFERENCES = ("wise2021_vdsp", "pilon1981_ferritin", "fuentesarderiu1992_hb", "katch1982_vo2max", "grgic2020_1rm")

DRAW_COLUMNS = ["day", "week", "athlete", "biomarker", "purpose", "assay_cv", "true_value", "measured_value"]


def assay_cv(biomarker: str, given: float | None = None) -> float:
    """The CV used for ``biomarker``: the given one, else the default table, else the fallback."""
    if given is not None:
        return float(given)
    return DEFAULT_ASSAY_CV.get(biomarker, FALLBACK_ASSAY_CV)


def measure(true_values: np.ndarray, cv: float, z: np.ndarray) -> np.ndarray:
    """Apply the log-normal assay error with standard-normal draws ``z``."""
    if cv <= 0:
        return np.asarray(true_values, dtype=np.float64).copy()
    sigma = math.sqrt(math.log1p(cv * cv))
    return true_values * np.exp(sigma * z - 0.5 * sigma * sigma)


def assay_normals(seed: int, biomarker: str, day: int, n_athletes: int) -> np.ndarray:
    """Standard normals of the assay stream for one biomarker and day (CRN across arms)."""
    return stream(seed, f"assay.{biomarker}.day{day}").standard_normal(n_athletes)


@dataclass
class ObservationLog:
    """Draws made during one run; ``frame()`` returns them in long (trial-data) format."""

    seed: int
    n_athletes: int
    _cache: dict[tuple[str, int, float], np.ndarray] = field(default_factory=dict)
    _truth: dict[tuple[str, int, float], np.ndarray] = field(default_factory=dict)
    _rows: list[pd.DataFrame] = field(default_factory=list)
    _logged: set[tuple[str, int, float, str]] = field(default_factory=set)

    def draw(self, state_column: np.ndarray, biomarker: str, day: int, cv: float, purpose: str) -> np.ndarray:
        """Measured values of ``biomarker`` (true values ``state_column``) on ``day``."""
        key = (biomarker, day, cv)
        measured = self._cache.get(key)
        if measured is None:
            true_values = np.array(state_column, dtype=np.float64)
            measured = measure(true_values, cv, assay_normals(self.seed, biomarker, day, self.n_athletes))
            self._cache[key] = measured
            self._truth[key] = true_values
        if (*key, purpose) not in self._logged:
            self._logged.add((*key, purpose))
            self._rows.append(
                pd.DataFrame(
                    {
                        "day": day, "week": day / 7.0, "athlete": np.arange(self.n_athletes), "biomarker": biomarker,
                        "purpose": purpose, "assay_cv": cv, "true_value": self._truth[key], "measured_value": measured,
                    }
                )
            )
        return measured

    def __len__(self) -> int:
        return len(self._rows)

    def frame(self, run_id: str = "run-0", labels: dict[str, Any] | None = None) -> pd.DataFrame:
        """All draws: run_id, labels, day, week, athlete, biomarker, purpose, CV, true and measured value."""
        frame = pd.concat(self._rows, ignore_index=True) if self._rows else pd.DataFrame(columns=DRAW_COLUMNS)
        frame.insert(0, "run_id", run_id)
        for key, value in (labels or {}).items():
            frame[key] = value
        return frame


def misclassification(draws: pd.DataFrame, biomarker: str, cutoff: float, below: bool = True) -> pd.DataFrame:
    """Per draw day: share of athletes truly beyond ``cutoff`` and the share measured so, with
    sensitivity and specificity of the single draw (how assay error moves a screening decision)."""
    rows = []
    subset = draws[draws.biomarker == biomarker].drop_duplicates(["day", "athlete"])
    for day, group in subset.groupby("day"):
        truth = group.true_value < cutoff if below else group.true_value > cutoff
        called = group.measured_value < cutoff if below else group.measured_value > cutoff
        positives, negatives = int(truth.sum()), int((~truth).sum())
        rows.append(
            {
                "day": day, "biomarker": biomarker, "cutoff": cutoff,
                "true_share": float(truth.mean()), "measured_share": float(called.mean()),
                "sensitivity": float((truth & called).sum() / positives) if positives else float("nan"),
                "specificity": float((~truth & ~called).sum() / negatives) if negatives else float("nan"),
            }
        )
    return pd.DataFrame(rows)
