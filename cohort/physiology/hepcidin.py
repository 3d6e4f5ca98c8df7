"""Closed-form pieces of the iron subsystem's sub-daily (event) clock.

Pure scalar kernels with no declarations of their own (the iron module owns the state,
parameters and mechanisms and passes numbers in), so this module needs no place in
``LAYOUT_MODULES``.

The acute hepcidin response is a linear system of three compartments, advanced exactly
between events (session ends, intake events, the 08:00 sample, midnight):

    dI/dt = r - a I                  I: exercise IL-6 above baseline (pg/mL)
    dJ/dt = -c J                     J: absorbed-iron signal (plasma iron rise, AU)
    dH/dt = k_I I + k_J J - b H      H: hepcidin above the circadian baseline (nmol/L)

Contracting muscle releases IL-6 while a session lasts: r (pg/mL/h) is constant from the
start to the end of a session and 0 otherwise, so IL-6 rises through the session and peaks
at its end, and hepcidin starts rising during it (Fischer 2006; Peeling 2009). Impulses enter
J at an intake event. Over an interval of length dt without events (Bateman functions;
E_x = e^{-x dt}, O_x = (1 - E_x)/x):

    I(t+dt) = I E_a + r O_a
    J(t+dt) = J E_c
    H(t+dt) = H E_b + k_I I (E_a - E_b)/(b - a) + k_J J (E_c - E_b)/(b - c)
              + (r/a) [k_I O_b - k_I (E_a - E_b)/(b - a)]

and the integral of H over the interval (for the daily-mean hepcidin) is

    int H = H O_b + k_I I/(b - a) (O_a - O_b) + k_J J/(b - c) (O_c - O_b)
            + (r/a) [k_I (dt - O_b)/b - k_I/(b - a) (O_a - O_b)].

Hepcidin cuts absorption by internalising and degrading enterocyte ferroportin (Nemeth 2004),
which takes hours to take hold and to be undone: in mice one hepcidin injection still cut
duodenal iron uptake 24 h later (Laftah 2004), long after the peptide has left the plasma. The
clock therefore carries a fourth compartment, the acute excess seen by the enterocyte,

    dG/dt = g (H - G)                G: effective acute hepcidin (nmol/L), lagging H

Writing H(t) over the interval as h_0 + h_a e^{-at} + h_b e^{-bt} + h_c e^{-ct} (h_0 = r k_I/(a b),
h_a = k_I/(b - a) (I - r/a), h_c = k_J J/(b - c), h_b = H - h_0 - h_a - h_c),

    G(t+dt) = G E_g + h_0 (1 - E_g) + sum_x h_x g/(g - x) (E_x - E_g)      (x = a, b, c)

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
def advance(
    il6, signal, excess, effective, dt, rate_il6, rate_excess, rate_signal, rate_lag, gain_il6, gain_signal, infusion
):
    """Advance (I, J, H, G) by ``dt`` hours in closed form; return (I, J, H, G, integral of H dt).

    Rates are per hour (a, b, c, g of the module docstring); gains are nmol/L/h per unit;
    ``infusion`` is r, the IL-6 release (pg/mL/h) of a session in progress (0 otherwise).
    The rate constants a, b, c must differ (their literature ranges do not overlap); g is kept
    apart from them by :func:`lag_rate`.
    """
    if dt <= 0.0:
        return il6, signal, excess, effective, 0.0
    ea = math.exp(-rate_il6 * dt) if (il6 > NEGLIGIBLE or infusion > 0.0) else 0.0
    ec = math.exp(-rate_signal * dt) if signal > NEGLIGIBLE else 0.0
    return advance_decayed(
        il6, signal, excess, effective, ea, math.exp(-rate_excess * dt), ec, math.exp(-rate_lag * dt),
        1.0 / rate_il6, 1.0 / rate_excess, 1.0 / rate_signal,
        gain_il6 / (rate_excess - rate_il6), gain_signal / (rate_excess - rate_signal),
        rate_lag / (rate_lag - rate_il6), rate_lag / (rate_lag - rate_excess), rate_lag / (rate_lag - rate_signal),
        infusion, dt, gain_il6,
    )


@kernel
def advance_decayed(
    il6, signal, excess, effective, ea, eb, ec, eg, tau_il6, tau_excess, tau_signal, coupling_il6, coupling_signal,
    lag_il6, lag_excess, lag_signal, infusion, dt, gain_il6,
):
    """:func:`advance` given the interval's decay factors e^{-a dt}, e^{-b dt}, e^{-c dt}, e^{-g dt},
    the time constants 1/a, 1/b, 1/c (h), the couplings k_I/(b - a), k_J/(b - c), the lag
    ratios g/(g - a), g/(g - b), g/(g - c), the IL-6 release r (pg/mL/h; 0 outside sessions),
    the interval dt (h) and k_I.

    The daily kernel takes all of them from per-scenario constants (decays tabulated on a
    quarter-hour grid), so a day costs no exponential and no division here.
    """
    one_b = (1.0 - eb) * tau_excess
    new_excess = excess * eb
    integral = excess * one_b
    # H over the interval as h_0 + h_a e^{-at} + h_b e^{-bt} + h_c e^{-ct}, for the lagged G
    h_0 = 0.0
    h_a = 0.0
    h_c = 0.0
    if infusion > 0.0:
        one_a = (1.0 - ea) * tau_il6
        scale = infusion * tau_il6
        new_excess += scale * (gain_il6 * one_b - coupling_il6 * (ea - eb))
        integral += scale * (gain_il6 * (dt - one_b) * tau_excess - coupling_il6 * (one_a - one_b))
        h_0 = scale * gain_il6 * tau_excess
        h_a = -scale * coupling_il6
    if il6 > NEGLIGIBLE:
        coef = coupling_il6 * il6
        new_excess += coef * (ea - eb)
        integral += coef * ((1.0 - ea) * tau_il6 - one_b)
        h_a += coef
        il6 = il6 * ea
    else:
        il6 = 0.0
    if infusion > 0.0:
        il6 += infusion * (1.0 - ea) * tau_il6
    if signal > NEGLIGIBLE:
        h_c = coupling_signal * signal
        new_excess += h_c * (ec - eb)
        integral += h_c * ((1.0 - ec) * tau_signal - one_b)
        signal = signal * ec
    else:
        signal = 0.0
    h_b = excess - h_0 - h_a - h_c
    effective = (
        effective * eg + h_0 * (1.0 - eg) + h_a * lag_il6 * (ea - eg) + h_b * lag_excess * (eb - eg)
        + h_c * lag_signal * (ec - eg)
    )
    return il6, signal, max(new_excess, 0.0), max(effective, 0.0), max(integral, 0.0)


def lag_rate(rate_lag: float, *rates: float) -> float:
    """g kept at least 1e-6 (relative) from every rate in ``rates``: the closed form divides by
    g - x, and at g = x its terms tend to the degenerate solution (x t e^{-xt}), which a rate that
    close reproduces to ~1e-6."""
    for rate in rates:
        if abs(rate_lag - rate) < 1e-6 * rate:
            rate_lag = rate * (1.0 + 1e-6)
    return rate_lag


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
def dose_fraction(iron_mg, fia_small_dose, saturation_mg, shape_exponent):
    """Share of a non-heme amount D absorbed before regulation, fia0 / (1 + D/D_sat)^(1-e)
    (:func:`dose_response` / D, without dividing by D: a vanishing amount has the share fia0,
    where dividing the absorbed mg by a subnormal D overflows)."""
    return fia_small_dose * math.exp(-shape_exponent * math.log(1.0 + iron_mg / saturation_mg))


@kernel
def dose_response(iron_mg, fia_small_dose, saturation_mg, shape_exponent):
    """Absorbed non-heme iron (mg) before regulation: fia0 * D / (1 + D/D_sat)^(1-e).

    Linear (fraction fia0) for doses far below D_sat, proportional to D^e far above it
    (Moretti 2015: absorbed ~ dose^0.55 between 40 and 240 mg).
    """
    if iron_mg <= 0.0:
        return 0.0
    return iron_mg * dose_fraction(iron_mg, fia_small_dose, saturation_mg, shape_exponent)


@kernel
def uptake_fraction(expected_fraction, sharpness):
    """Share of an event's non-heme iron absorbed, L / (1 + L^n)^{1/n}, from its expected uptake L.

    L = fia0 (1 + D/D_sat)^{-(1-e)} m R_hep R_store C Ca P eps, the product of the regulation,
    enhancer and inhibitor factors, each measured as a ratio of absorbed fractions far below
    the ceiling (most single-meal and supplement studies: 1-40 %). Multiplied up they can pass
    1 (iron-deficient women, a test meal with 100 mg vitamin C), which no absorbed share can;
    this is the smooth minimum of L and the physical ceiling 1: ~L while L is small (within
    1.5 % up to L = 0.5 at n = 4), 0.84 at L = 1, and approaching all of the iron for large L.
    The ceiling is the whole dose because human data put it far above any lower bound: normal
    women absorbed a mean 62 % of a 50 ug radioiron dose with ~300 mg ascorbic acid (Blood
    1960;15:36), and no study found a lower maximum in iron deficiency. The sharpness n is not
    measured (n = 1: hyperbolic carrier saturation; large n: a hard ceiling) and is fitted to
    FE-DOSE (iron parameters).
    """
    if expected_fraction <= 0.0:
        return 0.0
    if sharpness == 4.0:  # the default: no power, log or exp
        square = expected_fraction * expected_fraction
        quartic = square * square
        if quartic < 1e-3:  # L < 0.178, most meals and doses: (1 + x)^(-1/4) to 1.2e-10 by its series
            return expected_fraction * (1.0 - quartic * (0.25 - 0.15625 * quartic))
        return expected_fraction / math.sqrt(math.sqrt(1.0 + quartic))
    return expected_fraction * math.exp(-math.log1p(math.pow(expected_fraction, sharpness)) / sharpness)


@kernel
def hill(amount, half, coefficient_two):
    """Saturating fraction amount/(amount+half), or amount^2/(amount^2+half^2) if coefficient_two."""
    if amount <= 0.0:
        return 0.0
    if coefficient_two:
        sq = amount * amount
        return sq / (sq + half * half)
    return amount / (amount + half)
