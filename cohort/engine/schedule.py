"""The schedule phase: today's sessions, intakes and timed intake events for one athlete.

Reads the compiled plan, the diet habit, the dose tables, today's random draws and the
athlete's start-of-day readiness (training autoregulation, :mod:`cohort.physiology.muscle`); writes
only day inputs (:mod:`cohort.physiology.inputs`, ``intake_*``). Nothing physiological
happens here.
"""

from __future__ import annotations

from cohort.engine.doses import (
    CO_CALCIUM,
    CO_LABELLED_VITE,
    CO_PHYTATE,
    CO_POLYPHENOL,
    CO_VITC,
    MAX_DOSE_EVENTS,
    MAX_MEALS,
    TEST_MEAL_EVENT,
    TIME_AFTER_SESSION,
    TIME_TEST_MEAL,
    TIME_WITH_MEAL,
)
from cohort.jit import kernel
from cohort.physiology.inputs import (
    EVENT0,
    EVENT_IS_DOSE,
    EVENT_IS_TEST_MEAL,
    EVENT_PHYTATE,
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
def _add_event(d, k, time_h, nonheme, heme, vitc, calcium, polyphenol, is_dose, curcumin, is_test_meal, phytate):
    base = EVENT0 + k * EVENT_STRIDE
    d[base] = time_h
    d[base + 1] += nonheme
    d[base + 2] += heme
    d[base + 3] += vitc
    d[base + 4] += calcium
    d[base + 5] += polyphenol
    if is_dose:
        d[base + EVENT_IS_DOSE] = 1.0
    d[base + 7] += curcumin
    if is_test_meal:
        d[base + EVENT_IS_TEST_MEAL] = 1.0
    d[base + EVENT_PHYTATE] += phytate


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

    # A test meal due today (compile_study allows one a day): its clock time and fasting window
    # [fast_from, fast_to] (h), in which no habitual meal or dose is taken. Empty by default.
    fast_from = 0.0
    fast_to = -1.0
    for j in range(dose_amount.shape[0]):
        if dose_timing[j, 0] == TIME_TEST_MEAL and dose_scheduled[j, day] > 0.0 and dose_eligible[i, j] > 0.0:
            if dose_timing[j, 2] >= 0.0:
                fast_from = dose_timing[j, 1] - dose_timing[j, 2]
                fast_to = dose_timing[j, 1] + dose_timing[j, 3]

    # Food: one log-normal "eating day" factor with mean 1 for every nutrient (cohort.rng); a meal
    # in a test meal's fast is not eaten (nor its share of the day's intake).
    eat = noise[NOISE_DIET, i]
    n_meals = meals.shape[0]
    eaten = eat
    if fast_to >= fast_from:
        skipped = 0.0
        for m in range(n_meals):
            if fast_from <= meals[m, 0] <= fast_to:
                skipped += meals[m, 1]
        eaten = eat * (1.0 - skipped)
    for k in range(N_NUTRIENTS):
        d[INTAKE[k]] = x[HABITUAL[k]] * eaten
    for m in range(n_meals):
        if fast_from <= meals[m, 0] <= fast_to:
            continue
        share = meals[m, 1] * eat
        _add_event(
            d, m, meals[m, 0],
            x[HABITUAL[K_NONHEME]] * share, x[HABITUAL[K_HEME]] * share, x[HABITUAL[K_VITC]] * share,
            x[HABITUAL[K_CALCIUM]] * share, x[HABITUAL[K_POLYPHENOL]] * share, False, x[HABITUAL[K_CURCUMIN]] * share,
            False, 0.0,
        )

    # Supplements due today, taken with the athlete's adherence; test meals (adherence 1).
    dose_events = 0
    for j in range(dose_amount.shape[0]):
        if dose_scheduled[j, day] <= 0.0 or dose_eligible[i, j] <= 0.0:
            continue
        if dose_phase_mask[j, int(phase)] <= 0.0:
            continue
        if adherence_u[j, i] >= dose_adherence[i, j]:
            continue
        mode = int(dose_timing[j, 0])
        test_meal = mode == TIME_TEST_MEAL
        with_meal = mode == TIME_WITH_MEAL and int(dose_timing[j, 2]) < n_meals
        if with_meal:
            time_h = meals[int(dose_timing[j, 2]), 0]
        elif mode == TIME_AFTER_SESSION:
            # relative to the end of the day's first session; on rest days at column 3's clock time
            time_h = min(23.5, first_end + dose_timing[j, 1]) if first_end >= 0 else dose_timing[j, 3]
        else:
            time_h = dose_timing[j, 1]
        if not test_meal and fast_from <= time_h <= fast_to:
            continue  # the test meal's fast: not taken today
        for k in range(N_NUTRIENTS):
            d[INTAKE[k]] += dose_amount[j, k]
        vitc = dose_co[j, CO_VITC]
        calcium = dose_co[j, CO_CALCIUM]
        polyphenol = dose_co[j, CO_POLYPHENOL]
        d[INTAKE[K_VITC]] += vitc
        d[INTAKE[K_CALCIUM]] += calcium
        d[INTAKE[K_POLYPHENOL]] += polyphenol
        d[I.labelled_vitamin_e_mg] += dose_co[j, CO_LABELLED_VITE]
        nonheme = dose_amount[j, K_NONHEME]
        heme = dose_amount[j, K_HEME]
        vitc += dose_amount[j, K_VITC]
        calcium += dose_amount[j, K_CALCIUM]
        polyphenol += dose_amount[j, K_POLYPHENOL]
        curcumin = dose_amount[j, K_CURCUMIN]
        if not test_meal and nonheme + heme + vitc + calcium + polyphenol + curcumin <= 0.0:
            continue  # nothing an intake event carries: no event (its intake is counted above)
        if test_meal:
            event = TEST_MEAL_EVENT
        elif with_meal:
            event = int(dose_timing[j, 2])
        else:
            event = _dose_event_slot(d, time_h, dose_events)
            if event < 0:
                # unreachable: compile_study refuses strategies needing more dose times a day than
                # slots (tested). No raise here: an exception path in this loop cost ~100 ns per
                # athlete-day of every run (benchmarks/profile_notes.md, section 6)
                continue
            if event == MAX_MEALS + dose_events:
                dose_events += 1
        _add_event(
            d, event, time_h, nonheme, heme, vitc, calcium, polyphenol, not (test_meal or with_meal), curcumin,
            test_meal, dose_co[j, CO_PHYTATE],
        )
