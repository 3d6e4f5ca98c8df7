"""The iron event clock: baseline hepcidin, the day's items on a quarter-hour grid, absorption.

:func:`day_clock` runs the clock from midnight inside the daily kinetics; :func:`clock_profile`
evaluates it at any clock times for validation and plots. The closed-form compartment math
is in :mod:`cohort.physiology.hepcidin`; the equations in the package docstring
(:mod:`cohort.physiology.iron`).
"""

from __future__ import annotations

import numpy as np

from cohort.jit import kernel
from cohort.physiology import hepcidin
from cohort.physiology.base import modulate
from cohort.physiology.channels import C
from cohort.physiology.inputs import (
    EVENT0,
    EVENT_ABSORBED,
    EVENT_IS_DOSE,
    EVENT_IS_TEST_MEAL,
    EVENT_NONHEME_ABSORBED,
    EVENT_PHYTATE,
    EVENT_STRIDE,
    MAX_EVENTS,
    MAX_SESSIONS,
    SESSION0,
    SESSION_STRIDE,
)
from cohort.physiology.iron.mechanisms import (
    K,
    calcium_inhibition,
    dose_hepcidin_impulse,
    enterocyte_hepcidin,
    erythroid_hepcidin_factor,
    exercise_il6_impulse,
    exercise_store_permission,
    heme_store_factor,
    hepcidin_absorption_factor,
    phytate_inhibition,
    polyphenol_inhibition,
    store_absorption_factor,
    store_hepcidin,
    vitc_enhancement,
    vitc_exercise_factor,
)
from cohort.physiology.iron.parameters import P
from cohort.physiology.iron.variables import V
from cohort.physiology.nutrients import NUTRIENTS

I_VITC = NUTRIENTS.intake["vitamin_c_mg"]
# The clock's items, in this order: session starts, session ends, intake events, the 08:00 sample.
_EVENT_ITEM = 2 * MAX_SESSIONS
_SAMPLE_ITEM = _EVENT_ITEM + MAX_EVENTS
_ITEMS = _SAMPLE_ITEM + 1
# day_clock keeps each item's grid step (0..96) in a byte of two int64 words and the day's items in
# clock order in 4-bit lanes of a third: no per-day array.
assert _ITEMS <= 15 and hepcidin.GRID_STEPS < 256, "day_clock packs its items into int64 words"


@kernel
def baseline_hepcidin(x, p):
    """h_base (nmol/L) from start-of-day ferritin and Hb: h_ref (F/50)^{s_F} / (1 + e_H deficit)."""
    level = store_hepcidin(x[V.ferritin_ug_l], p[K.store_hepcidin], p)
    erythroid = erythroid_hepcidin_factor(x[V.hb_g_dl], x[V.hb_set_g_dl], p)
    return level * (modulate(p[K.erythropoietic_hepcidin_suppression], erythroid))


@kernel
def _grid_step(clock_h):
    """Nearest quarter-hour step (0..96) of a clock time in hours."""
    return min(hepcidin.GRID_STEPS, max(0, int(clock_h * hepcidin.STEPS_PER_HOUR + 0.5)))


@kernel
def _session_steps(start_h, minutes):
    """Grid steps of a session's start and end (the end at least one step after the start)."""
    start = _grid_step(start_h)
    return start, max(min(start + 1, hepcidin.GRID_STEPS), _grid_step(start_h + minutes / 60.0))


@kernel
def _packed_step(low, high, item):
    """Grid step of item kept in the packed words ``low`` (items 0-7) and ``high`` (8-15)."""
    word = low if item < 8 else high
    return (word >> (8 * (item & 7))) & 255


@kernel
def _pack_step(low, high, item, step):
    """The packed words with ``step`` written into item's (zero) byte."""
    if item < 8:
        return low | (step << (8 * item)), high
    return low, high | (step << (8 * (item - 8)))


@kernel
def _insert(order, count, low, high, item, step, limit):
    """Insert item (numbered above every item already in) at grid step ``step`` into the day's
    sorted items (nothing when past ``limit``): after every item with a step <= ``step``, so ties
    keep item order. Returns (order, count, low, high)."""
    if step > limit:
        return order, count, low, high
    low, high = _pack_step(low, high, item, step)
    position = count
    while position > 0 and _packed_step(low, high, (order >> (4 * (position - 1))) & 15) > step:
        position -= 1
    below = order & ((1 << (4 * position)) - 1)
    return below | (item << (4 * position)) | ((order - below) << 4), count + 1, low, high


@kernel
def _advance_steps(il6, signal, excess, effective, steps, p, gain_il6, gain_signal, infusion):
    """Advance the clock by a whole number of quarter hours with the tabulated decays."""
    if steps <= 0:
        return il6, signal, excess, effective, 0.0
    return hepcidin.advance_decayed(
        il6, signal, excess, effective, p[P.decay_il6_q0 + steps], p[P.decay_excess_q0 + steps],
        p[P.decay_signal_q0 + steps], p[P.decay_lag_q0 + steps], p[P.tau_il6], p[P.tau_excess], p[P.tau_signal],
        gain_il6 * p[P.inv_gap_il6], gain_signal * p[P.inv_gap_signal], p[P.lag_ratio_il6], p[P.lag_ratio_excess],
        p[P.lag_ratio_signal], infusion, steps * (1.0 / hepcidin.STEPS_PER_HOUR), gain_il6,
    )


@kernel
def day_clock(x, p, d, stop_h):
    """Run the event clock from midnight to ``stop_h`` (h) from the start-of-day state.

    Events sit on the quarter-hour grid; each iron-carrying event's absorbed iron (mg, all and
    non-heme) is written to its ``event{k}_iron_absorbed_mg`` / ``_nonheme_absorbed_mg`` slots of
    ``d``; an event's absorption reads the hepcidin the enterocyte sees (:func:`enterocyte_hepcidin`:
    the acute excess lagged, G). Returns (serum hepcidin at stop_h, IL-6 excess I at stop_h, iron
    absorbed from meals (non-heme + heme), absorbed from supplement doses, J, H and G at stop_h,
    mean serum hepcidin over [0, stop_h], serum hepcidin at the sample time). Reads only own
    state, traits, day inputs and own channels.
    """
    ferritin = x[V.ferritin_ug_l]
    h_base = baseline_hepcidin(x, p)
    amplitude = p[K.hepcidin_circadian] * p[P.circadian_amplitude]
    trough = p[P.circadian_trough_h]
    # IL-6 -> hepcidin gain: channel (Mg, antioxidants), store permission, vitamin C claim.
    blunting = modulate(p[K.exercise_hepcidin_store_blunting], exercise_store_permission(ferritin, p))
    gain_il6 = p[P.hepcidin_per_il6] * d[C.hepcidin_exercise_response] * blunting
    if p[K.vitc_exercise_hepcidin] > 0.0:
        gain_il6 *= modulate(p[K.vitc_exercise_hepcidin], vitc_exercise_factor(d[I_VITC], p))
    gain_signal = p[K.iron_dose_hepcidin] * p[P.hepcidin_per_signal]
    store = modulate(p[K.iron_store_absorption], store_absorption_factor(ferritin, p))
    efficiency = x[V.iron_absorption_efficiency]
    heme_fia = p[P.heme_fia_replete] * modulate(p[K.iron_store_absorption], heme_store_factor(ferritin, p))

    il6 = x[V.il6_excess_pg_ml]
    signal = x[V.fe_signal_au]
    excess = x[V.hepcidin_excess_nmol_l]
    effective = x[V.hepcidin_effective_excess_nmol_l]
    lag = p[K.hepcidin_absorption_lag]
    limit = stop_h * hepcidin.STEPS_PER_HOUR + 1e-9
    # The items with something to do by the grid step limit, sorted by (step, item): their item
    # numbers in 4-bit lanes of `order`, their steps in bytes of `low`/`high` (no per-day array;
    # short loops over scalars: a function taking the day vector costs reference counting per call).
    low = 0
    high = 0
    order = 0
    count = 0
    for item in range(2 * MAX_SESSIONS):
        base = SESSION0 + (item % MAX_SESSIONS) * SESSION_STRIDE
        if d[base + 1] > 0.0:
            start, end = _session_steps(d[base], d[base + 1])
            order, count, low, high = _insert(order, count, low, high, item, start if item < MAX_SESSIONS else end, limit)
    for event in range(MAX_EVENTS):
        base = EVENT0 + event * EVENT_STRIDE
        if d[base + 1] > 0.0 or d[base + 2] > 0.0:
            order, count, low, high = _insert(order, count, low, high, _EVENT_ITEM + event, _grid_step(d[base]), limit)
    order, count, low, high = _insert(order, count, low, high, _SAMPLE_ITEM, _grid_step(p[P.sample_clock_h]), limit)
    infusion = 0.0
    sample = 0.0
    integral = 0.0
    food = 0.0
    dose = 0.0
    now = 0
    for position in range(count):  # the day's items in clock order, ties in item order
        best = (order >> (4 * position)) & 15
        best_step = _packed_step(low, high, best)
        il6, signal, excess, effective, part = _advance_steps(
            il6, signal, excess, effective, best_step - now, p, gain_il6, gain_signal, infusion
        )
        integral += part
        now = best_step
        clock = now * (1.0 / hepcidin.STEPS_PER_HOUR)
        level = h_base * (1.0 + amplitude * hepcidin.circadian_shape(clock, trough)) + excess
        if best == _SAMPLE_ITEM:
            sample = level
        elif best < 2 * MAX_SESSIONS:
            # IL-6 release (pg/mL/h) while the session lasts: its impulse spread over its grid span
            # (a session starting at 24:00 has no span left today and releases nothing)
            base = SESSION0 + (best % MAX_SESSIONS) * SESSION_STRIDE
            start, end = _session_steps(d[base], d[base + 1])
            rate = p[K.exercise_il6_hepcidin] * d[C.exercise_inflammation] * exercise_il6_impulse(
                d[base + 1], d[base + 2], p
            ) * hepcidin.STEPS_PER_HOUR / max(1, end - start)
            infusion = infusion + rate if best < MAX_SESSIONS else infusion - rate
        else:
            base = EVENT0 + (best - _EVENT_ITEM) * EVENT_STRIDE
            is_dose = d[base + EVENT_IS_DOSE] > 0.5
            # a test meal is one meal of stated composition: single-meal modifier effects (the studies
            # they come from) and no habitual-diet matrix factor (its phytate is stated instead)
            single = is_dose or d[base + EVENT_IS_TEST_MEAL] > 0.5
            weight = 1.0 if single else p[P.complete_diet_modifier_weight]
            vitc_weight = p[P.dose_vitc_weight] if is_dose else weight
            matrix = 1.0 if single else p[P.meal_bioavailability]
            if d[base + EVENT_PHYTATE] > 0.0:
                matrix *= modulate(p[K.phytate_nonheme_inhibition], phytate_inhibition(d[base + EVENT_PHYTATE], weight, p))
            seen = enterocyte_hepcidin(level, excess, effective, lag)
            regulation = modulate(p[K.hepcidin_absorption], hepcidin_absorption_factor(seen, p))
            modifiers = (modulate(p[K.vitc_nonheme_absorption], vitc_enhancement(d[base + 3], vitc_weight, p))) * (
                modulate(p[K.calcium_nonheme_inhibition], calcium_inhibition(d[base + 4], weight, p))
            ) * (modulate(p[K.polyphenol_nonheme_inhibition], polyphenol_inhibition(
                d[base + 5], d[base + 1], weight, p[K.polyphenol_binding_capacity], p
            )))
            nonheme = d[base + 1]
            absorbed = 0.0
            if nonheme > 0.0:  # the factors multiply the expected uptake L, which saturates below all the iron
                expected = hepcidin.dose_fraction(nonheme, p[P.fia_small_dose], p[P.dose_saturation_mg], p[P.dose_shape])
                expected *= matrix * regulation * store * modifiers * efficiency
                absorbed = nonheme * hepcidin.uptake_fraction(expected, p[P.uptake_saturation_sharpness])
            d[base + EVENT_NONHEME_ABSORBED] = absorbed  # per-event outputs (recorded on requested days)
            absorbed += heme_fia * d[base + 2]
            d[base + EVENT_ABSORBED] = absorbed
            if is_dose:
                dose += absorbed
            else:
                food += absorbed
            signal += dose_hepcidin_impulse(absorbed, p)
    remaining = limit - 1e-9 - now
    whole = int(remaining + 1e-9)
    il6, signal, excess, effective, part = _advance_steps(il6, signal, excess, effective, whole, p, gain_il6, gain_signal, infusion)
    integral += part
    fraction = (remaining - whole) / hepcidin.STEPS_PER_HOUR
    if fraction > 1e-12:  # only for clock_profile queries between grid points
        il6, signal, excess, effective, part = hepcidin.advance(
            il6, signal, excess, effective, fraction, p[P.rate_il6], p[P.rate_excess], p[P.rate_signal], p[P.rate_lag],
            gain_il6, gain_signal, infusion,
        )
        integral += part
    level = h_base * (1.0 + amplitude * hepcidin.circadian_shape(stop_h, trough)) + excess
    mean = h_base * (1.0 + amplitude * 0.5) + integral / max(stop_h, 1e-9)
    return level, il6, food, dose, signal, excess, effective, mean, sample


#: fields :func:`record_events` copies per intake event; kind codes index EVENT_KINDS
EVENT_FIELDS = ("time_h", "iron_nonheme_mg", "iron_heme_mg", "kind", "iron_absorbed_mg", "nonheme_absorbed_mg")
EVENT_KINDS = ("meal", "dose", "test_meal")


@kernel
def record_events(d, out, step, athlete):
    """Copy today's intake events from the day vector (after the kinetics) into
    ``out[step, athlete, event, field]`` (:data:`EVENT_FIELDS`; kind 0 meal, 1 dose, 2 test meal).
    The absorbed amounts are the ones :func:`day_clock` computed; a dose taken with a meal is part
    of that meal's event. Indexed in full rather than through a view of ``out``: creating a view in
    the daily loop slows the whole loop."""
    for k in range(MAX_EVENTS):
        base = EVENT0 + k * EVENT_STRIDE
        out[step, athlete, k, 0] = d[base]
        out[step, athlete, k, 1] = d[base + 1]
        out[step, athlete, k, 2] = d[base + 2]
        out[step, athlete, k, 3] = d[base + EVENT_IS_DOSE] + 2.0 * d[base + EVENT_IS_TEST_MEAL]
        out[step, athlete, k, 4] = d[base + EVENT_ABSORBED]
        out[step, athlete, k, 5] = d[base + EVENT_NONHEME_ABSORBED]


def clock_profile(x: np.ndarray, p: np.ndarray, d: np.ndarray, hours: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Hourly (or any clock-time) serum hepcidin (nmol/L) and IL-6 excess (pg/mL) of one athlete-day.

    A pure function of the start-of-day state row ``x``, the parameter vector ``p`` and the
    day vector ``d`` after the schedule and crosstalk phases; it evaluates the same closed-form
    clock the daily kernel uses (no hourly loop in the simulation). For validation and plots.
    """
    times = np.arange(25.0) if hours is None else np.asarray(hours, dtype=np.float64)
    hep = np.empty(times.shape[0])
    il6 = np.empty(times.shape[0])
    for k, t in enumerate(times):
        result = day_clock(x, p, d, float(t))
        hep[k] = result[0]
        il6[k] = result[1]
    return hep, il6
