"""Micro-benchmark of the iron subsystem (crosstalk + kinetics) on captured day vectors.

Builds a 10,000-athlete model from configs/base.yaml, advances it a few days, captures the
day vectors of one day by running the schedule phase and the other subsystems' crosstalk,
then times iron.crosstalk + iron.kinetics over all athletes on copies of the state rows.
Process CPU time, minimum over interleaved rounds. Prints ns per athlete-day.

    /tmp/venv/bin/python benchmarks/iron_clock.py [rounds]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from cohort.config.loader import load_config
from cohort.engine.model import CohortModel
from cohort.engine.schedule import fill_day
from cohort.jit import kernel
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


@kernel
def capture(state, params, neutral, day, doy, plan_sessions, plan_phase, meals, bouts, noise, adherence,
            amount, scheduled, mask, timing, co, eligible, dose_adherence, out, with_iron):
    """Day vectors of one day (schedule phase, then the subsystems' crosstalk; iron's only when
    ``with_iron``: this script times iron's own crosstalk, benchmarks/subsystems.py does not)."""
    for i in range(state.shape[0]):
        d = out[i]
        for j in range(neutral.shape[0]):
            d[j] = neutral[j]
        d[I.day_of_year] = doy
        fill_day(i, day, state[i], params[0], d, plan_sessions, plan_phase, meals, bouts, noise, adherence,
                 amount, scheduled, mask, timing, co, eligible, dose_adherence)
        x = state[i]
        p = params[0]
        vitamin_d.crosstalk(x, p, d)
        calcium.crosstalk(x, p, d)
        magnesium.crosstalk(x, p, d)
        b_vitamins.crosstalk(x, p, d)
        microbiome.crosstalk(x, p, d)
        antioxidants.crosstalk(x, p, d)
        if with_iron:
            iron.crosstalk(x, p, d)
        muscle.crosstalk(x, p, d)


@kernel
def run_iron(state, p, days):
    for i in range(state.shape[0]):
        iron.crosstalk(state[i], p, days[i])
        iron.kinetics(state[i], p, days[i])


def build(n_athletes=10_000, warm_days=10):
    model = CohortModel(load_config("configs/base.yaml", [f"cohort.size={n_athletes}"]))
    model.advance(warm_days)
    noise, adherence = model.streams.draw(1)
    t = model.dose_tables
    days = np.empty((model.n_athletes, model.neutral.shape[0]))
    capture(model.state, model.params, model.neutral, model.day, model.day + 1, model.plans.sessions,
            model.plans.phase, model.meals, model.bouts, noise[0], adherence[0], t.amount, t.scheduled, t.phase_mask,
            t.timing, t.co_ingested, t.eligible, t.adherence, days, False)
    return model.state.copy(), model.params[0].copy(), days


REPEATS = 10


def main(rounds=9):
    state, p, days = build()
    work = state.copy()
    best = float("inf")
    for _ in range(rounds):
        work[:] = state
        d = days.copy()
        t0 = time.process_time()
        for _ in range(REPEATS):
            run_iron(work, p, d)
        best = min(best, (time.process_time() - t0) / REPEATS)
    print(f"iron crosstalk+kinetics: {best / state.shape[0] * 1e9:.1f} ns per athlete-day (min of {rounds})")
    work[:] = state
    run_iron(work, p, days.copy())
    if len(sys.argv) > 2:
        np.save(sys.argv[2], work)
    return work


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)  # argv[2]: .npy file for the one-day result
