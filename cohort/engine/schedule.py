"""The schedule phase: today's sessions, intakes and timed intake events for one athlete.

Reads the compiled plan, the diet habit, the dose tables, today's random draws and the
athlete's start-of-day readiness (training autoregulation, :mod:`cohort.physiology.muscle`); writes
only day inputs (:mod:`cohort.physiology.inputs`, ``intake_*``). Nothing physiological
happens here.
"""

from __future__ import annotations

from cohort.engine.doses import MAX_DOSE_EVENTS, MAX_MEALS, TIME_AFTER_SESSION, TIME_WITH_MEAL
from cohort.jit import kernel
from cohort.physiology.inputs import (
    EVENT0,
    EVENT_STRIDE,
    MAX_SESSIONS,
    SESSION0,
    SESSION_STRIDE,
    I,
)
from cohort.physiology.muscle import V as MUSCLE
from cohort.physiology.muscle import skips_training
from cohort.physiology.nutrients import NUTRIENTS
from cohort.physiology.traits import T
from cohort.rng import NOISE_COMPLIANCE, NOISE_DIET, NOISE_TRAINING
from cohort.training import F_DAY, F_INTENSITY, F_MINUTES, F_MODALITY, F_START

HABITUAL = tuple(NUTRIENTS.habitual[n] for n in NUTRIENTS.ids)
INTAKE = tuple(NUTRIENTS.intake[n] for n in NUTRIENTS.ids)
N_NUTRIENTS = len(HABITUAL)
_IDS = NUTRIENTS.ids
K_NONHEME = _IDS.index("iron_nonheme_mg")
K_HEME = _IDS.index("iron_heme_mg")
K_VITC = _IDS.index("vitamin_c_mg")
K_CALCIUM = _IDS.index("calcium_mg")
K_POLYPHENOL = _IDS.index("polyphenol_mg")
K_CURCUMIN = _IDS.index("curcumin_mg")
# Polyphenol-rich drinks (tea/coffee) with meals carry most dietary polyphenol; the share
# of daily polyphenol taken with each meal follows the meal's food share.


@kernel
def _add_event(d, k, time_h, nonheme, heme, vitc, calcium, polyphenol, is_dose, curcumin):
    base = EVENT0 + k * EVENT_STRIDE
    d[base] = time_h
    d[base + 1] += nonheme
    d[base + 2] += heme
    d[base + 3] += vitc
    d[base + 4] += calcium
    d[base + 5] += polyphenol
    if is_dose:
        d[base + 6] = 1.0
    d[base + 7] += curcumin


@kernel
def _add_session(d, slot, start_h, minutes, intensity, modality):
    """Write one session done today into session slot ``slot`` and add its load (min x intensity)
    to its modality's load, the total load and the day's training minutes."""
    base = SESSION0 + slot * SESSION_STRIDE
    d[base] = start_h
    d[base + 1] = minutes
    d[base + 2] = intensity
    load = minutes * intensity
    if modality == 0:
        d[I.load_endurance_au] += load
    elif modality == 1:
        d[I.load_resistance_au] += load
    elif modality == 2:
        d[I.load_hiit_au] += load
    else:
        d[I.load_eccentric_au] += load
    d[I.load_total_au] += load
    d[I.training_minutes] += minutes


@kernel
def _dose_event_slot(d, time_h, n_used):
    """Event slot of a supplement dose taken at ``time_h`` (h), given ``n_used`` dose events so far.

    Doses taken at the same clock time are one co-ingestion and share an event (their iron and
    co-factors are absorbed together); a dose at a new time takes the next free slot. Returns -1
    when every dose slot holds another time: :func:`cohort.engine.study.compile_study` rules that
    out when the strategies are compiled (:meth:`DoseTables.dose_event_demand`), so it never
    happens in a run.
    """
    for k in range(MAX_MEALS, MAX_MEALS + n_used):
        if d[EVENT0 + k * EVENT_STRIDE] == time_h:
            return k
    if n_used < MAX_DOSE_EVENTS:
        return MAX_MEALS + n_used
    return -1


@kernel
def fill_day(
    i, day, x, p, d, plan_sessions, plan_phase, meals, bouts,
    noise, adherence_u, dose_amount, dose_scheduled, dose_phase_mask, dose_timing, dose_co, dose_eligible, dose_adherence,
):
    """Write today's schedule and intake for athlete ``i`` into the day vector ``d``.

    ``bouts`` (athletes, bouts, 5) are the single bouts of :func:`cohort.training.compile_bouts`.
    """
    plan = int(x[T.plan])
    d[I.day_index] = day
    phase = plan_phase[plan, day]
    d[I.block_phase] = phase

    # Sessions: all-or-nothing compliance per day, and day-to-day duration variation; no
    # training on a day that starts below the readiness threshold (muscle's autoregulation).
    done = 1.0 if noise[NOISE_COMPLIANCE, i] < x[T.compliance] else 0.0
    if skips_training(x[MUSCLE.readiness], p):
        done = 0.0
    variation = noise[NOISE_TRAINING, i]
    first_start = 25.0
    first_end = -1.0
    for slot in range(MAX_SESSIONS):
        minutes = plan_sessions[plan, day, slot, F_MINUTES] * done * variation
        start = plan_sessions[plan, day, slot, F_START]
        d[SESSION0 + slot * SESSION_STRIDE] = start
        if minutes <= 0:
            continue
        _add_session(d, slot, start, minutes, plan_sessions[plan, day, slot, F_INTENSITY], int(plan_sessions[plan, day, slot, F_MODALITY]))
        if start < first_start:
            first_start, first_end = start, start + minutes / 60.0
    # Single bouts (a trial's supervised sessions): done in full, in the first free slot (compile_bouts
    # leaves one on every bout day).
    for b in range(bouts.shape[1]):
        minutes = bouts[i, b, F_MINUTES]
        if minutes <= 0.0 or int(bouts[i, b, F_DAY]) != day:
            continue
        for slot in range(MAX_SESSIONS):
            if d[SESSION0 + slot * SESSION_STRIDE + 1] <= 0.0:
                start = bouts[i, b, F_START]
                _add_session(d, slot, start, minutes, bouts[i, b, F_INTENSITY], int(bouts[i, b, F_MODALITY]))
                if start < first_start:
                    first_start, first_end = start, start + minutes / 60.0
                break
    d[I.sweat_loss_l] = x[T.sweat_rate_l_h] * d[I.training_minutes] / 60.0

    # Food: one log-normal "eating day" factor with mean 1 for every nutrient (cohort.rng).
    eat = noise[NOISE_DIET, i]
    for k in range(N_NUTRIENTS):
        d[INTAKE[k]] = x[HABITUAL[k]] * eat
    n_meals = meals.shape[0]
    for m in range(n_meals):
        share = meals[m, 1] * eat
        _add_event(
            d, m, meals[m, 0],
            x[HABITUAL[K_NONHEME]] * share, x[HABITUAL[K_HEME]] * share, x[HABITUAL[K_VITC]] * share,
            x[HABITUAL[K_CALCIUM]] * share, x[HABITUAL[K_POLYPHENOL]] * share, False, x[HABITUAL[K_CURCUMIN]] * share,
        )

    # Supplements due today, taken with the athlete's adherence.
    dose_events = 0
    for j in range(dose_amount.shape[0]):
        if dose_scheduled[j, day] <= 0.0 or dose_eligible[i, j] <= 0.0:
            continue
        if dose_phase_mask[j, int(phase)] <= 0.0:
            continue
        if adherence_u[j, i] >= dose_adherence[i, j]:
            continue
        for k in range(N_NUTRIENTS):
            d[INTAKE[k]] += dose_amount[j, k]
        vitc = dose_co[j, 0]
        calcium = dose_co[j, 1]
        polyphenol = dose_co[j, 2]
        d[INTAKE[K_VITC]] += vitc
        d[INTAKE[K_CALCIUM]] += calcium
        d[INTAKE[K_POLYPHENOL]] += polyphenol
        nonheme = dose_amount[j, K_NONHEME]
        heme = dose_amount[j, K_HEME]
        vitc += dose_amount[j, K_VITC]
        calcium += dose_amount[j, K_CALCIUM]
        polyphenol += dose_amount[j, K_POLYPHENOL]
        curcumin = dose_amount[j, K_CURCUMIN]
        if nonheme + heme + vitc + calcium + polyphenol + curcumin <= 0.0:
            continue  # nothing an intake event carries: no event (its intake is counted above)
        mode = int(dose_timing[j, 0])
        if mode == TIME_WITH_MEAL and int(dose_timing[j, 2]) < n_meals:
            event = int(dose_timing[j, 2])
            time_h = meals[event, 0]
            is_dose = False
        else:
            if mode == TIME_AFTER_SESSION:
                # relative to the end of the day's first session; on rest days at column 3's clock time
                time_h = min(23.5, first_end + dose_timing[j, 1]) if first_end >= 0 else dose_timing[j, 3]
            else:
                time_h = dose_timing[j, 1]
            event = _dose_event_slot(d, time_h, dose_events)
            if event < 0:
                # unreachable: compile_study refuses strategies needing more dose times a day than
                # slots (tested). No raise here: an exception path in this loop cost ~100 ns per
                # athlete-day of every run (benchmarks/profile_notes.md, section 6)
                continue
            if event == MAX_MEALS + dose_events:
                dose_events += 1
            is_dose = True
        _add_event(d, event, time_h, nonheme, heme, vitc, calcium, polyphenol, is_dose, curcumin)
