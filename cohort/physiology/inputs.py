"""Day inputs: what the schedule phase writes for each athlete-day before physiology runs.

Training is summarised per modality as load in arbitrary units (AU = minutes x intensity),
plus the clock of the day's sessions (at most two). Intake *events* carry clock times so that
hourly processes (iron absorption, hepcidin) see when food and doses arrive and what was
taken with them.
"""

from __future__ import annotations

from cohort.state import DAY, Var

MAX_SESSIONS = 2
MAX_EVENTS = 9  # up to three meals and six supplement dose times with iron or co-factors (cohort.engine.doses)

_session_vars = []
for _k in range(MAX_SESSIONS):
    _session_vars += [
        Var(f"session{_k}_start_h", "h", 0, 24, f"clock time session {_k} starts", "input"),
        Var(f"session{_k}_minutes", "min", 0, 600, f"duration of session {_k} (0: none)", "input"),
        Var(f"session{_k}_intensity", "fraction", 0, 1.5, f"relative intensity of session {_k}", "input"),
    ]

_event_vars = []
for _k in range(MAX_EVENTS):
    _event_vars += [
        Var(f"event{_k}_time_h", "h", 0, 24, f"clock time of intake event {_k}", "input"),
        Var(f"event{_k}_iron_nonheme_mg", "mg", 0, 1000, f"non-heme iron in event {_k}", "input"),
        Var(f"event{_k}_iron_heme_mg", "mg", 0, 100, f"heme iron in event {_k}", "input"),
        Var(f"event{_k}_vitamin_c_mg", "mg", 0, 1e5, f"vitamin C taken with event {_k}", "input"),
        Var(f"event{_k}_calcium_mg", "mg", 0, 1e5, f"calcium taken with event {_k}", "input"),
        Var(f"event{_k}_polyphenol_mg", "mg", 0, 1e5, f"polyphenols (tea, coffee) with event {_k}", "input"),
        Var(f"event{_k}_is_dose", "0/1", 0, 1, f"1 when event {_k} is a supplement dose, not a meal", "input"),
        Var(f"event{_k}_curcumin_mg", "mg", 0, 1e6, f"curcuminoids (plain-curcumin equivalents) in event {_k}", "input"),
    ]

I = DAY.declare(
    "schedule",
    [
        Var("day_index", "d", 0, 1e6, "days since the run started", "input"),
        Var("day_of_year", "d", 0, 366, "day of year (1 = 1 January)", "input"),
        Var("load_endurance_au", "AU", 0, 5000, "endurance load today (min x intensity)", "input"),
        Var("load_resistance_au", "AU", 0, 5000, "resistance load today (min x intensity)", "input"),
        Var("load_hiit_au", "AU", 0, 5000, "high-intensity interval load today", "input"),
        Var("load_eccentric_au", "AU", 0, 5000, "eccentric load today", "input"),
        Var("load_total_au", "AU", 0, 10000, "all training load today", "input"),
        Var("training_minutes", "min", 0, 1200, "minutes trained today", "input"),
        Var("sweat_loss_l", "L", 0, 30, "sweat lost in training today", "input"),
        Var("block_phase", "code", 0, 5, "0 base 1 build 2 competition 3 deload 4 taper 5 off", "input"),
        Var("antibiotic_course", "0/1", 0, 1, "1 on days of an antibiotic course", "input"),
        *_session_vars,
        *_event_vars,
    ],
)

SESSION_STRIDE = 3
SESSION0 = I.session0_start_h
EVENT_STRIDE = 8
EVENT0 = I.event0_time_h
BLOCK_PHASES = ("base", "build", "competition", "deload", "taper", "off")
