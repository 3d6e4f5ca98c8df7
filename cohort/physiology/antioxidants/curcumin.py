"""Curcumin pharmacokinetics on the day's clock: doses, plasma curve, exposure around a bout.

One gut depot G (mg plain-curcumin equivalents) absorbed at first order into plasma P (ng/mL),
eliminated at first order (Bateman kinetics, closed form between events):

    dG/dt = -k_a G + sum_k D_k delta(t - t_k)
    dP/dt = g k_a G - k_e P,          g = g_P k_e 24 h   (steady daily-mean P = g_P x daily dose)

so a dose D taken at t_k adds  g D k_a/(k_a - k_e) (e^{-k_e (t-t_k)} - e^{-k_a (t-t_k)})  for t > t_k
(Tmax ~1.5 h with an absorption half-life of 0.3 h and an elimination half-life of ~12 h;
Sasaki 2011, Kanai 2012). The state holds G and P at midnight; doses are the day's intake
events (meals and supplement doses with their clock times); intake not carried by an event
counts as one dose at noon.

Exposure: the mean plasma level over a clock window [a, b] (b may pass midnight; only today's
doses count), in closed form from the integral of the Bateman curve. Around a damaging bout the
window runs from the start of the day's first session for ``curcumin_damage_window_h`` (the
secondary, inflammatory phase of eccentric damage over the next ~24 h; Paulsen 2012), so a dose
taken shortly before a bout covers its window better than one taken long before it, and a dose
taken after it covers only what is left of the window.
"""

from __future__ import annotations

import math

from cohort.jit import kernel
from cohort.physiology.antioxidants.parameters import P
from cohort.physiology.antioxidants.variables import V
from cohort.physiology.inputs import (
    EVENT0,
    EVENT_STRIDE,
    MAX_EVENTS,
    MAX_SESSIONS,
    SESSION0,
    SESSION_STRIDE,
    I,
)
from cohort.physiology.nutrients import NUTRIENTS

INTAKE_CURCUMIN = NUTRIENTS.intake["curcumin_mg"]
EVENT_CURCUMIN0 = I.event0_curcumin_mg
NOON_H = 12.0


@kernel
def _depot_integral(amount, start_h, end_h, p):
    """Integral of the plasma curve from a gut amount at t = 0 over [start, end] h (ng h/mL)."""
    if amount == 0.0:
        return 0.0
    ka = p[P.curcumin_ka_per_h]
    ke = p[P.curcumin_ke_per_h]
    scale = p[P.curcumin_plasma_per_absorbed_mg] * amount * ka / (ka - ke)
    return scale * (
        (math.exp(-ke * start_h) - math.exp(-ke * end_h)) / ke - (math.exp(-ka * start_h) - math.exp(-ka * end_h)) / ka
    )


@kernel
def _dose_integral(amount, dose_h, start_h, end_h, p):
    """Integral over the clock window [start, end] h of a dose taken at ``dose_h``."""
    if amount <= 0.0 or end_h <= dose_h:
        return 0.0
    return _depot_integral(amount, max(start_h - dose_h, 0.0), end_h - dose_h, p)


@kernel
def _untimed_curcumin_mg(d):
    """Intake not carried by an event (taken as one dose at noon)."""
    timed = 0.0
    for k in range(MAX_EVENTS):
        timed += d[EVENT_CURCUMIN0 + k * EVENT_STRIDE]
    return d[INTAKE_CURCUMIN] - timed


@kernel
def curcumin_present(x, d):
    """Whether the gut depot, the plasma or today's intake holds curcumin.

    Timed doses are part of the day's intake, so without any of the three every curcumin term
    of the day is exactly 0 and the kinetics leave G = P = 0: callers skip the day's clock.
    Branch-free (``|``, not ``or``), so the check inlines into the caller without numba's
    reference counting of the arrays around a call with branches (~50 ns per athlete-day).
    """
    return (x[V.curcumin_gut_mg] != 0.0) | (x[V.curcumin_plasma_ng_ml] != 0.0) | (d[INTAKE_CURCUMIN] != 0.0)


@kernel
def curcumin_mean_ng_ml(x, p, d, start_h, end_h):
    """Mean plasma curcumin over the clock window [start, end] h of today (ng/mL)."""
    plasma = x[V.curcumin_plasma_ng_ml]
    total = 0.0
    if plasma != 0.0:
        ke = p[P.curcumin_ke_per_h]
        total = plasma * (math.exp(-ke * start_h) - math.exp(-ke * end_h)) / ke
    total += _depot_integral(x[V.curcumin_gut_mg], start_h, end_h, p)
    for k in range(MAX_EVENTS):
        total += _dose_integral(d[EVENT_CURCUMIN0 + k * EVENT_STRIDE], d[EVENT0 + k * EVENT_STRIDE], start_h, end_h, p)
    rest = _untimed_curcumin_mg(d)
    if rest > 0.0:
        total += _dose_integral(rest, NOON_H, start_h, end_h, p)
    return total / (end_h - start_h)


@kernel
def bout_start_h(d):
    """Clock time of the day's first session (h), or -1 on a rest day."""
    for slot in range(MAX_SESSIONS):
        base = SESSION0 + slot * SESSION_STRIDE
        if d[base + 1] > 0.0:
            return d[base]
    return -1.0


@kernel
def _bateman(amount, hours, p):
    """Plasma (ng/mL) ``hours`` after a gut amount was placed (0 for hours <= 0)."""
    if hours <= 0.0 or amount <= 0.0:
        return 0.0
    ka = p[P.curcumin_ka_per_h]
    ke = p[P.curcumin_ke_per_h]
    return p[P.curcumin_plasma_per_absorbed_mg] * amount * ka / (ka - ke) * (math.exp(-ke * hours) - math.exp(-ka * hours))


@kernel
def advance_curcumin(x, p, d):
    """Move the gut depot and plasma from midnight to midnight through today's doses (a no-op
    without curcumin: :func:`curcumin_present`)."""
    ka = p[P.curcumin_ka_per_h]
    gut = x[V.curcumin_gut_mg]
    plasma = x[V.curcumin_plasma_ng_ml] * p[P.curcumin_plasma_day_decay]
    if gut > 0.0:  # _bateman(gut, 24 h) with the day's decay factors precomputed
        ke = p[P.curcumin_ke_per_h]
        plasma += p[P.curcumin_plasma_per_absorbed_mg] * gut * ka / (ka - ke) * (
            p[P.curcumin_plasma_day_decay] - p[P.curcumin_gut_day_decay]
        )
    gut *= p[P.curcumin_gut_day_decay]
    for k in range(MAX_EVENTS):
        amount = d[EVENT_CURCUMIN0 + k * EVENT_STRIDE]
        if amount > 0.0:
            hours = 24.0 - d[EVENT0 + k * EVENT_STRIDE]
            plasma += _bateman(amount, hours, p)
            gut += amount * math.exp(-ka * hours)
    rest = _untimed_curcumin_mg(d)
    if rest > 0.0:
        plasma += _bateman(rest, 24.0 - NOON_H, p)
        gut += rest * p[P.curcumin_gut_half_day_decay]  # e^{-k_a (24 h - noon)}
    x[V.curcumin_plasma_ng_ml] = plasma
    x[V.curcumin_gut_mg] = gut
