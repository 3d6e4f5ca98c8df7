"""The cohort's initial vitamin D status: each athlete's seasonal steady state at the start date (:func:`initialize`)."""

from __future__ import annotations

import math

import numpy as np

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS, Params
from cohort.physiology import magnesium
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.physiology.vitamin_d.kinetics import kinetics
from cohort.physiology.vitamin_d.mechanisms import (
    M,
    fat_storage,
    hydroxylation,
    oral_input,
    skin_synthesis,
    steady_level,
)
from cohort.physiology.vitamin_d.parameters import P, VitaminDParams
from cohort.physiology.vitamin_d.variables import INTAKE_VITAMIN_D, NAME, V
from cohort.state import DAY, STATE

#: day of year of the default config start date (6 January), used when none is supplied
DEFAULT_START_DAY_OF_YEAR = 6
SPIN_UP_DAYS = 240  # ~5 fat-store half-lives after a steady start at the recent mean input
SPIN_UP_CHUNK = 4096
SKIN_SAMPLES = 13  # weekly samples over the quarter before the spin-up starts


@kernel
def _spin_up(rows, p, days, habitual_column, first_day_of_year, n_days):
    """Start each athlete at the steady state of their recent mean input, then run their own
    kinetics over the ``n_days`` before the start (habitual diet, no doses, and the athlete's
    start-of-day channels ``days[i]``: neutral but for the crosstalk of subsystems initialised earlier)."""
    d = np.empty(days.shape[1])
    for i in range(rows.shape[0]):
        x = rows[i]
        # mean skin synthesis over the ~3 months before the first day (what the store holds)
        skin = 0.0
        for k in range(SKIN_SAMPLES):
            skin += skin_synthesis(x, p, float((first_day_of_year - 1 - 7 * (k + 1)) % 365 + 1))
        skin *= p[M.vitd_skin_synthesis] / SKIN_SAMPLES
        d[:] = days[i]
        d[INTAKE_VITAMIN_D] = x[habitual_column]
        oral = p[M.vitd_oral_intake] * oral_input(x, p, d)
        oral_to_fat, skin_to_fat = fat_storage(p)
        pool = (oral + (1.0 - skin_to_fat) * skin) / p[P.pool_loss]
        store = (oral_to_fat * pool * p[P.pool_loss] + skin_to_fat * skin) / p[P.store_loss]
        production = hydroxylation(x, p, oral + skin, d[C.vitd_activation], p[M.vitd_hydroxylation_saturation])
        level = steady_level(production, x[V.vitd_half_life_ratio], p)
        x[V.vitd_d3_pool_ug] = pool
        x[V.vitd_fat_store_ug] = store
        x[V.vitd_25oh_nmol_l] = level
        x[V.vitd_vdr_signal] = level / (level + p[P.vdr_half_saturation_nmol_l])
        for t in range(n_days):  # kinetics only reads d: the athlete's channels and the intake stay set
            d[I.day_of_year] = (first_day_of_year - 1 + t) % 365 + 1
            kinetics(x, p, d)


def start_days(traits: dict[str, np.ndarray], p: np.ndarray) -> np.ndarray:
    """Each athlete's start-of-day vector for :func:`_spin_up` (rows: athletes): neutral, but for the
    vitamin D activation magnesium's crosstalk gives at their initial Mg status
    (:func:`cohort.physiology.magnesium.initial_channels`)."""
    days = np.tile(DAY.neutral(), (traits["female"].shape[0], 1))
    days[:, C.vitd_activation] = magnesium.initial_channels(traits, p)["vitd_activation"]
    return days


def _lognormal_mean_one(rng: np.random.Generator, cv: float, n: int) -> np.ndarray:
    """Lognormal draws with mean 1 and SD/mean ``cv``."""
    sigma = math.sqrt(math.log(1.0 + cv**2))
    return np.exp(rng.normal(-0.5 * sigma**2, sigma, n))


def initialize(
    traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator, vector: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Start every athlete from their own seasonal steady state at the run's start date.

    From the steady state of their mean input over the preceding quarter, the athlete's kinetics run for 240 days
    (~5 fat-store half-lives) on habitual diet up to the day before the start
    (``traits["start_day_of_year"]``, default 6 January), so baseline status reflects sex,
    diet, latitude, outdoor hours, BMI, oral absorption and season, with the run's mechanism
    switches (``vector``; default switches when None), and the vitamin D activation that
    magnesium's crosstalk gives at the athlete's initial Mg status
    (:func:`cohort.physiology.magnesium.initial_channels`; magnesium initialises first).
    """
    assert isinstance(params, VitaminDParams)
    n = traits["female"].shape[0]
    absorption = _lognormal_mean_one(rng, params.oral_absorption_cv, n)
    skin_efficiency = _lognormal_mean_one(rng, params.skin_efficiency_cv, n)
    basal = _lognormal_mean_one(rng, params.basal_input_cv, n)
    half_life = _lognormal_mean_one(rng, params.half_life_cv, n)
    start = traits.get("start_day_of_year")
    start_doy = int(start[0]) if start is not None and len(start) else DEFAULT_START_DAY_OF_YEAR
    p = vector if vector is not None else PARAMS.vector({NAME: params}, MECHANISMS.strengths({}))
    habitual = NUTRIENTS.habitual["vitamin_d_ug"]
    first = (start_doy - 1 - SPIN_UP_DAYS) % 365 + 1
    own = [STATE.index(name) for name in STATE.owned_by(NAME)]
    days = start_days(traits, p)
    out = np.zeros((n, len(own)))
    for begin in range(0, n, SPIN_UP_CHUNK):  # full state rows, a chunk at a time (bounded memory)
        end = min(n, begin + SPIN_UP_CHUNK)
        rows = np.zeros((end - begin, len(STATE)))
        for name, values in traits.items():
            if name in STATE:
                rows[:, STATE.index(name)] = values[begin:end]
        rows[:, V.vitd_oral_absorption] = absorption[begin:end]
        rows[:, V.vitd_skin_efficiency] = skin_efficiency[begin:end]
        rows[:, V.vitd_basal_input_ratio] = basal[begin:end]
        rows[:, V.vitd_half_life_ratio] = half_life[begin:end]
        _spin_up(rows, p, days[begin:end], habitual, first, SPIN_UP_DAYS)
        out[begin:end] = rows[:, own]
    return {name: out[:, k].copy() for k, name in enumerate(STATE.owned_by(NAME))}
