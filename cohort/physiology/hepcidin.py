"""Closed-form pieces of the iron subsystem's sub-daily (event) clock.

Pure scalar kernels with no declarations of their own (the iron module owns the state,
parameters and mechanisms and passes numbers in), so this module needs no place in
``LAYOUT_MODULES``.

The acute hepcidin response is a linear system of three compartments, advanced exactly
between events (session ends, intake events, the 08:00 sample, midnight):

    dI/dt = -a I                     I: exercise IL-6 above baseline (pg/mL)
    dJ/dt = -c J                     J: absorbed-iron signal (plasma iron rise, AU)
    dH/dt = k_I I + k_J J - b H      H: hepcidin above the circadian baseline (nmol/L)

Impulses enter I at the end of a session and J at an intake event. Over an interval of
length dt without events (Bateman functions):

    I(t+dt) = I e^{-a dt}
    J(t+dt) = J e^{-c dt}
    H(t+dt) = H e^{-b dt} + k_I I (e^{-a dt} - e^{-b dt})/(b - a) + k_J J (e^{-c dt} - e^{-b dt})/(b - c)

and the integral of H over the interval (for the daily-mean hepcidin) is

    int H = H (1 - e^{-b dt})/b + k_I I/(b - a) [(1 - e^{-a dt})/a - (1 - e^{-b dt})/b]
            + k_J J/(b - c) [(1 - e^{-c dt})/c - (1 - e^{-b dt})/b].

A compartment that has decayed below 1e-9 is set to zero. In the daily kernel event times
are placed on a quarter-hour grid and the decay factors come from per-scenario tables, so
the clock costs a few dozen multiplications and no exponential per athlete-day.
"""

from __future__ import annotations

import math

from cohort.jit import kernel

#: below this a compartment is treated as empty (its exponential is skipped)
NEGLIGIBLE = 1e-9


@kernel
def advance(il6, signal, excess, dt, rate_il6, rate_excess, rate_signal, gain_il6, gain_signal):
    """Advance (I, J, H) by ``dt`` hours in closed form; return (I, J, H, integral of H dt).

    Rates are per hour (a, b, c of the module docstring); gains are nmol/L/h per unit.
    The rate constants must differ (their literature ranges do not overlap).
    """
    if dt <= 0.0:
        return il6, signal, excess, 0.0
    ea = math.exp(-rate_il6 * dt) if il6 > NEGLIGIBLE else 0.0
    ec = math.exp(-rate_signal * dt) if signal > NEGLIGIBLE else 0.0
    return advance_decayed(
        il6, signal, excess, ea, math.exp(-rate_excess * dt), ec,
        1.0 / rate_il6, 1.0 / rate_excess, 1.0 / rate_signal,
        gain_il6 / (rate_excess - rate_il6), gain_signal / (rate_excess - rate_signal),
    )


@kernel
def advance_decayed(il6, signal, excess, ea, eb, ec, tau_il6, tau_excess, tau_signal, coupling_il6, coupling_signal):
    """:func:`advance` given the interval's decay factors e^{-a dt}, e^{-b dt}, e^{-c dt}, the
    time constants 1/a, 1/b, 1/c (h) and the couplings k_I/(b - a), k_J/(b - c).

    The daily kernel takes all of them from per-scenario constants (decays tabulated on a
    quarter-hour grid), so a day costs no exponential and no division here.
    """
    one_b = (1.0 - eb) * tau_excess
    new_excess = excess * eb
    integral = excess * one_b
    if il6 > NEGLIGIBLE:
        coef = coupling_il6 * il6
        new_excess += coef * (ea - eb)
        integral += coef * ((1.0 - ea) * tau_il6 - one_b)
        il6 = il6 * ea
    else:
        il6 = 0.0
    if signal > NEGLIGIBLE:
        coef = coupling_signal * signal
        new_excess += coef * (ec - eb)
        integral += coef * ((1.0 - ec) * tau_signal - one_b)
        signal = signal * ec
    else:
        signal = 0.0
    return il6, signal, max(new_excess, 0.0), max(integral, 0.0)


#: clock resolution of the daily kernel: events are placed on a quarter-hour grid
STEPS_PER_HOUR = 4
GRID_STEPS = 24 * STEPS_PER_HOUR


def decay_table(rate_per_h: float) -> list[float]:
    """e^{-rate k/4} for k = 0..96 quarter hours (a day and its end)."""
    return [math.exp(-rate_per_h * k / STEPS_PER_HOUR) for k in range(GRID_STEPS + 1)]


@kernel
def circadian_shape(clock_h, trough_h):
    """Triangle wave in [0, 1]: 0 at ``trough_h``, 1 twelve hours later (mean 0.5 per day).

    A triangle instead of a cosine: same trough/peak timing, no trigonometry per event.
    """
    phase = clock_h - trough_h
    if phase < 0.0:
        phase += 24.0
    if phase > 24.0:
        phase -= 24.0
    if phase <= 12.0:
        return phase / 12.0
    return (24.0 - phase) / 12.0


@kernel
def dose_response(iron_mg, fia_small_dose, saturation_mg, shape_exponent):
    """Absorbed non-heme iron (mg) before regulation: fia0 * D / (1 + D/D_sat)^(1-e).

    Linear (fraction fia0) for doses far below D_sat, proportional to D^e far above it
    (Moretti 2015: absorbed ~ dose^0.55 between 40 and 240 mg).
    """
    if iron_mg <= 0.0:
        return 0.0
    return fia_small_dose * iron_mg * math.exp(-shape_exponent * math.log(1.0 + iron_mg / saturation_mg))


@kernel
def hill(amount, half, coefficient_two):
    """Saturating fraction amount/(amount+half), or amount^2/(amount^2+half^2) if coefficient_two."""
    if amount <= 0.0:
        return 0.0
    if coefficient_two:
        sq = amount * amount
        return sq / (sq + half * half)
    return amount / (amount + half)
