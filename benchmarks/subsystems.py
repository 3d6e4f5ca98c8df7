"""Cost of each subsystem's daily kernels (crosstalk + kinetics), on captured day vectors.

Builds a 10,000-athlete model from ``configs/base.yaml`` of TREE (default: this tree), advances
it a few days, captures one day's day vectors (schedule phase and every subsystem's crosstalk),
then times, per subsystem, a compiled loop calling only ``crosstalk`` + ``kinetics`` of that
subsystem over all athletes (on a copy of the state; each athlete's day copied into one hot day
vector, as in the engine; each athlete runs DAYS days on that day vector before the next, as
the engine runs an athlete through a chunk), and the whole ``athlete_day``; "loop floor" is the
copy alone. Process CPU time, minimum over interleaved rounds; ns per athlete-day.
Same approach as ``benchmarks/iron_clock.py``; set ``NUMBA_NUM_THREADS=1``.

    python benchmarks/subsystems.py [TREE] [rounds]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

TREE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TREE))

from cohort.config.loader import load_config  # noqa: E402
from cohort.engine.day import athlete_day  # noqa: E402
from cohort.engine.model import CohortModel  # noqa: E402
from cohort.jit import kernel  # noqa: E402
from cohort.physiology import (  # noqa: E402
    antioxidants,
    b_vitamins,
    calcium,
    iron,
    magnesium,
    microbiome,
    muscle,
    vitamin_d,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from iron_clock import capture  # noqa: E402  (one capture of the day vectors for both scripts)

#: days each athlete runs before the next, with its state row hot (the engine runs athletes
#: through a whole chunk of 7-28 days): ns below are per athlete-day
DAYS = 7


@kernel
def day_vector(days, i, d):
    """Copy athlete i's captured day into the one hot day vector ``d`` (as the engine refills it
    every day), so a subsystem's reads of day slots cost what they cost in the engine."""
    for j in range(d.shape[0]):
        d[j] = days[i, j]


# One compiled loop per subsystem, on purpose: a single loop dispatching on a subsystem number
# (tried) compiles all eight into one function and adds ~45 ns to every "alone" figure.
@kernel
def run_vitamin_d(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            vitamin_d.crosstalk(state[i], p, d)
            vitamin_d.kinetics(state[i], p, d)


@kernel
def run_calcium(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            calcium.crosstalk(state[i], p, d)
            calcium.kinetics(state[i], p, d)


@kernel
def run_magnesium(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            magnesium.crosstalk(state[i], p, d)
            magnesium.kinetics(state[i], p, d)


@kernel
def run_b_vitamins(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            b_vitamins.crosstalk(state[i], p, d)
            b_vitamins.kinetics(state[i], p, d)


@kernel
def run_microbiome(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            microbiome.crosstalk(state[i], p, d)
            microbiome.kinetics(state[i], p, d)


@kernel
def run_antioxidants(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            antioxidants.crosstalk(state[i], p, d)
            antioxidants.kinetics(state[i], p, d)


@kernel
def run_iron(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            iron.crosstalk(state[i], p, d)
            iron.kinetics(state[i], p, d)


@kernel
def run_muscle(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            muscle.crosstalk(state[i], p, d)
            muscle.kinetics(state[i], p, d)


@kernel
def run_copy_only(state, p, days):
    """Loop floor: the day-vector copy and one touch of each state row."""
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            state[i, 0] += 0.0 * d[0]


@kernel
def run_athlete_day(state, p, days):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            athlete_day(state[i], p, d)


SUBSYSTEMS = ("vitamin_d", "calcium", "magnesium", "b_vitamins", "microbiome", "antioxidants", "iron", "muscle")


@kernel
def day_without(x, p, d, skip):
    """``athlete_day`` (same order) without subsystem number ``skip`` (-1: none), compiled once."""
    if skip != 0:
        vitamin_d.crosstalk(x, p, d)
    if skip != 1:
        calcium.crosstalk(x, p, d)
    if skip != 2:
        magnesium.crosstalk(x, p, d)
    if skip != 3:
        b_vitamins.crosstalk(x, p, d)
    if skip != 4:
        microbiome.crosstalk(x, p, d)
    if skip != 5:
        antioxidants.crosstalk(x, p, d)
    if skip != 6:
        iron.crosstalk(x, p, d)
    if skip != 7:
        muscle.crosstalk(x, p, d)
    if skip != 0:
        vitamin_d.kinetics(x, p, d)
    if skip != 1:
        calcium.kinetics(x, p, d)
    if skip != 2:
        magnesium.kinetics(x, p, d)
    if skip != 3:
        b_vitamins.kinetics(x, p, d)
    if skip != 4:
        microbiome.kinetics(x, p, d)
    if skip != 5:
        antioxidants.kinetics(x, p, d)
    if skip != 6:
        iron.kinetics(x, p, d)
    if skip != 7:
        muscle.kinetics(x, p, d)


@kernel
def run_without(state, p, days, skip):
    d = np.empty(days.shape[1])
    for i in range(state.shape[0]):
        for _ in range(DAYS):
            day_vector(days, i, d)
            day_without(state[i], p, d, skip)


RUNS = {
    "vitamin_d": run_vitamin_d,
    "calcium": run_calcium,
    "magnesium": run_magnesium,
    "b_vitamins": run_b_vitamins,
    "microbiome": run_microbiome,
    "antioxidants": run_antioxidants,
    "iron": run_iron,
    "muscle": run_muscle,
    "loop floor": run_copy_only,
    "athlete_day (all)": run_athlete_day,
}


REPEATS = 3


def build(n_athletes: int = 10_000, warm_days: int = 10):
    model = CohortModel(load_config(TREE / "configs" / "base.yaml", [f"cohort.size={n_athletes}"]))
    model.advance(warm_days)
    noise, adherence = model.streams.draw(1)
    t = model.dose_tables
    days = np.empty((model.n_athletes, model.neutral.shape[0]))
    state = model.state.copy()
    capture(state, model.params, model.neutral, model.day, model.day + 1, model.plans.sessions,
            model.plans.phase, model.meals, model.bouts, noise[0], adherence[0], t.amount, t.scheduled, t.phase_mask,
            t.timing, t.co_ingested, t.eligible, t.adherence, days, True)
    return model.state.copy(), model.params[0].copy(), days


def main(rounds: int = 7) -> None:
    state, p, days = build()
    n = state.shape[0]
    best = {name: float("inf") for name in RUNS}
    for run in RUNS.values():  # compile (or load) outside the timing
        run(state.copy(), p, days.copy())
    for _ in range(rounds):
        for name, run in RUNS.items():
            work = state.copy()
            d = days.copy()
            t0 = time.process_time()
            for _ in range(REPEATS):
                run(work, p, d)
            best[name] = min(best[name], (time.process_time() - t0) / (REPEATS * DAYS))
    # "removed from athlete_day": the full day (inlined as in the engine) less the day without it
    without = {k: float("inf") for k in range(-1, len(SUBSYSTEMS))}
    run_without(state.copy(), p, days.copy(), -1)
    for _ in range(rounds):
        for k in without:
            work = state.copy()
            d = days.copy()
            t0 = time.process_time()
            for _ in range(REPEATS):
                run_without(work, p, d, k)
            without[k] = min(without[k], (time.process_time() - t0) / (REPEATS * DAYS))
    print(f"tree {TREE}  ({n} athletes, CPU time, min of {rounds})")
    print(f"{'':20s} {'alone':>7s} {'removed':>8s}  (ns per athlete-day)")
    for name, seconds in best.items():
        k = SUBSYSTEMS.index(name) if name in SUBSYSTEMS else None
        removed = f"{(without[-1] - without[k]) / n * 1e9:8.1f}" if k is not None else ""
        print(f"{name:20s} {seconds / n * 1e9:7.1f} {removed}")
    print(f"{'day_without(-1)':20s} {without[-1] / n * 1e9:7.1f}")


if __name__ == "__main__":
    main(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
