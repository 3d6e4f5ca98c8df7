"""One simulated day, in one documented order.

Phases (declared once in :data:`PHASES`; :func:`athlete_day` calls them in this order and a
test checks that the two agree):

1. **schedule**: sessions with clock times, food and supplement intake, timed intake events
   (:func:`cohort.engine.schedule.fill_day`);
2. **crosstalk**: every subsystem contributes to the crosstalk channels from the
   *start-of-day* state (so the nutrient kinetics below do not depend on each other's order);
3. **kinetics**: each nutrient subsystem advances its own state (vitamin D, calcium,
   magnesium, B vitamins, microbiome, antioxidants, iron/hepcidin on its hourly clock);
4. **muscle**: training response, consuming the channels;
5. **record** (in :func:`advance_athlete`): recorded variables at the recording interval,
   per-athlete running min/max, and the bounds check.

A compiled chunk runs athlete by athlete (each athlete is independent within a chunk), so
the same kernel runs serially or over threads with bit-identical results.

Observation (simulated lab draws) and strategy eligibility happen between compiled chunks,
at the study's time points, in :class:`cohort.engine.model.CohortModel`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import prange

from cohort.engine.schedule import fill_day
from cohort.jit import kernel, threaded_kernel
from cohort.physiology import (
    antioxidants,
    b_vitamins,
    calcium,
    iron,
    magnesium,
    microbiome,
    muscle,
    vitamin_d,
)
from cohort.physiology.inputs import I
from cohort.physiology.iron.clock import record_events


@dataclass(frozen=True)
class Phase:
    name: str
    subsystem: str
    function: object


PHASES: tuple[Phase, ...] = (
    Phase("crosstalk", "vitamin_d", vitamin_d.crosstalk),
    Phase("crosstalk", "calcium", calcium.crosstalk),
    Phase("crosstalk", "magnesium", magnesium.crosstalk),
    Phase("crosstalk", "b_vitamins", b_vitamins.crosstalk),
    Phase("crosstalk", "microbiome", microbiome.crosstalk),
    Phase("crosstalk", "antioxidants", antioxidants.crosstalk),
    Phase("crosstalk", "iron", iron.crosstalk),
    Phase("crosstalk", "muscle", muscle.crosstalk),
    Phase("kinetics", "vitamin_d", vitamin_d.kinetics),
    Phase("kinetics", "calcium", calcium.kinetics),
    Phase("kinetics", "magnesium", magnesium.kinetics),
    Phase("kinetics", "b_vitamins", b_vitamins.kinetics),
    Phase("kinetics", "microbiome", microbiome.kinetics),
    Phase("kinetics", "antioxidants", antioxidants.kinetics),
    Phase("kinetics", "iron", iron.kinetics),
    Phase("muscle", "muscle", muscle.kinetics),
)


@kernel
def athlete_day(x, p, d):
    """Phases 2-4 for one athlete (state row ``x``, parameters ``p``, day vector ``d``)."""
    vitamin_d.crosstalk(x, p, d)
    calcium.crosstalk(x, p, d)
    magnesium.crosstalk(x, p, d)
    b_vitamins.crosstalk(x, p, d)
    microbiome.crosstalk(x, p, d)
    antioxidants.crosstalk(x, p, d)
    iron.crosstalk(x, p, d)
    muscle.crosstalk(x, p, d)
    vitamin_d.kinetics(x, p, d)
    calcium.kinetics(x, p, d)
    magnesium.kinetics(x, p, d)
    b_vitamins.kinetics(x, p, d)
    microbiome.kinetics(x, p, d)
    antioxidants.kinetics(x, p, d)
    iron.kinetics(x, p, d)
    muscle.kinetics(x, p, d)


@kernel
def row_violation(x, lower, upper):
    """Index of the first non-finite or out-of-bounds cell of one state row, or -1.

    The row is screened without branches (NaN fails both comparisons); only a bad row is
    searched for its first bad column.
    """
    m = x.shape[0]
    bad = 0
    for j in range(m):
        value = x[j]
        bad += not (value >= lower[j]) or not (value <= upper[j])
    if bad:
        for j in range(m):
            value = x[j]
            if not (value >= lower[j] and value <= upper[j]):
                return j
    return -1


@kernel
def advance_athlete(
    i, x, p, neutral, day0, n_days, start_doy, antibiotic_days,
    plan_sessions, plan_phase, meals, bouts, noise, adherence_u,
    dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
    record_slot, record_vars, record_out, event_slot, event_out, summary_vars, summary_min, summary_max, lower, upper,
):
    """Advance athlete ``i`` (state row ``x``) through the chunk's days; record and check it.

    ``event_slot[day]`` is the step of ``event_out`` (steps, athletes, events, fields) that receives
    the day's intake events (-1: none). Returns (day, column) of the athlete's first bounds violation at a recording step, or
    (-1, -1). Athletes are independent within a chunk, so any order of athletes (serial or
    threads) gives bit-identical results.
    """
    n_slots = neutral.shape[0]
    d = np.empty(n_slots)
    n_summary = summary_vars.shape[0]
    n_record = record_vars.shape[0]
    for t in range(n_days):
        day = day0 + t
        for j in range(n_slots):  # a plain loop: numba's slice assignment is several times slower
            d[j] = neutral[j]
        d[I.day_of_year] = (start_doy - 1 + day) % 365 + 1
        d[I.antibiotic_course] = antibiotic_days[day]
        fill_day(
            i, day, x, p, d, plan_sessions, plan_phase, meals, bouts, noise[t], adherence_u[t],
            dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
        )
        athlete_day(x, p, d)
        if event_slot[day] >= 0:  # per-event outputs (iron in and absorbed) on requested days
            record_events(d, event_out, event_slot[day], i)
        for k in range(n_summary):
            value = x[summary_vars[k]]
            if value < summary_min[i, k]:
                summary_min[i, k] = value
            if value > summary_max[i, k]:
                summary_max[i, k] = value
        slot = record_slot[day]
        if slot >= 0:
            for k in range(n_record):
                record_out[slot, i, k] = x[record_vars[k]]
            column = row_violation(x, lower, upper)
            if column >= 0:
                return day, column
    return -1, -1


@kernel
def first_violation(bad_day, bad_column, violation):
    """Earliest violation day, lowest athlete on that day -> violation = (athlete, column, day)."""
    for i in range(bad_day.shape[0]):
        if bad_day[i] >= 0 and (violation[2] < 0 or bad_day[i] < violation[2]):
            violation[0] = i
            violation[1] = bad_column[i]
            violation[2] = bad_day[i]
    return violation[2] >= 0


@kernel
def simulate(
    state, params, group, neutral, day0, n_days, start_doy, antibiotic_days,
    plan_sessions, plan_phase, meals, bouts, noise, adherence_u,
    dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
    record_slot, record_vars, record_out, event_slot, event_out, summary_vars, summary_min, summary_max, lower, upper, violation,
):
    """Advance every athlete ``n_days`` days from ``day0``, athlete by athlete.

    ``record_slot[day]`` is the recording step written at the end of ``day`` (-1: none); at
    every recording step each athlete's state is bounds-checked. Returns True, with
    ``violation`` = (athlete, column, day) of the earliest violation, if any athlete left its
    bounds. :func:`simulate_threads` is the same loop over threads, with bit-identical results
    (two functions, not one compiled twice: numba's cache would give both the same entry).
    """
    n = state.shape[0]
    bad_day = np.full(n, -1, dtype=np.int64)
    bad_column = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        bad_day[i], bad_column[i] = advance_athlete(
            i, state[i], params[group[i]], neutral, day0, n_days, start_doy, antibiotic_days,
            plan_sessions, plan_phase, meals, bouts, noise, adherence_u,
            dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
            record_slot, record_vars, record_out, event_slot, event_out, summary_vars, summary_min, summary_max, lower, upper,
        )
    return first_violation(bad_day, bad_column, violation)


@threaded_kernel
def simulate_threads(
    state, params, group, neutral, day0, n_days, start_doy, antibiotic_days,
    plan_sessions, plan_phase, meals, bouts, noise, adherence_u,
    dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
    record_slot, record_vars, record_out, event_slot, event_out, summary_vars, summary_min, summary_max, lower, upper, violation,
):
    """:func:`simulate` with athletes spread over numba's threads (``prange``)."""
    n = state.shape[0]
    bad_day = np.full(n, -1, dtype=np.int64)
    bad_column = np.full(n, -1, dtype=np.int64)
    for i in prange(n):
        bad_day[i], bad_column[i] = advance_athlete(
            i, state[i], params[group[i]], neutral, day0, n_days, start_doy, antibiotic_days,
            plan_sessions, plan_phase, meals, bouts, noise, adherence_u,
            dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
            record_slot, record_vars, record_out, event_slot, event_out, summary_vars, summary_min, summary_max, lower, upper,
        )
    return first_violation(bad_day, bad_column, violation)
