"""Day inputs: what the schedule phase writes for each athlete-day before physiology runs.

Training is summarised per modality as load in arbitrary units (AU = minutes x intensity),
plus the clock of the day's sessions (at most two). Intake *events* carry clock times so that
hourly processes (iron absorption, hepcidin) see when food and doses arrive and what was
taken with them: slots 0-2 the habitual meals, 3-8 supplement dose times, 9 a test meal
(:mod:`cohort.engine.doses`). Each event's last two slots are the one output of the day vector:
the iron clock writes the iron it absorbed from the event, and recording copies them on the
days ``events.parquet`` covers (:func:`cohort.physiology.iron.clock.record_events`).
"""

from __future__ import annotations

from cohort.state import DAY, Var

MAX_SESSIONS = 2
MAX_EVENTS = 10  # three meals, six supplement dose times and one test meal (cohort.engine.doses)

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
        Var(f"event{_k}_is_test_meal", "0/1", 0, 1, f"1 when event {_k} is a test meal of stated composition", "input"),
        Var(f"event{_k}_phytate_mg", "mg", 0, 1e5, f"phytic acid stated for event {_k} (test meals; 0: in the meal matrix)", "input"),
        # the one slot the schedule does not fill: the iron clock writes what it absorbed from the
        # event, so recording can collect per-event absorption (cohort.engine.recording)
        Var(f"event{_k}_iron_absorbed_mg", "mg", 0, 1000, f"iron absorbed from event {_k} (written by the iron clock)", "input"),
        Var(f"event{_k}_nonheme_absorbed_mg", "mg", 0, 1000, f"non-heme iron absorbed from event {_k} (iron clock)", "input"),
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
        Var("labelled_vitamin_e_mg", "mg", 0, 1e4, "deuterium-labelled alpha-tocopherol taken today (test meals)", "input"),
        *_session_vars,
        *_event_vars,
    ],
)

SESSION_STRIDE = 3
SESSION0 = I.session0_start_h
EVENT_STRIDE = 12
EVENT0 = I.event0_time_h
#: offsets of an event's fields from its first slot (``event{k}_time_h``)
EVENT_IS_DOSE = I.event0_is_dose - EVENT0
EVENT_IS_TEST_MEAL = I.event0_is_test_meal - EVENT0
EVENT_PHYTATE = I.event0_phytate_mg - EVENT0
EVENT_ABSORBED = I.event0_iron_absorbed_mg - EVENT0
EVENT_NONHEME_ABSORBED = I.event0_nonheme_absorbed_mg - EVENT0
assert I.event1_time_h - EVENT0 == EVENT_STRIDE
BLOCK_PHASES = ("base", "build", "competition", "deload", "taper", "off")
