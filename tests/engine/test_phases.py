"""The daily phase order is declared once (PHASES) and the compiled day follows it."""

from __future__ import annotations

import dis

from cohort.engine import day
from cohort.physiology import SUBSYSTEM_MODULES


def _called_functions(function) -> list[tuple[str, str]]:
    """(module alias, attribute) of each call in the function body, in order."""
    calls = []
    instructions = list(dis.get_instructions(function))
    for index, instruction in enumerate(instructions):
        if instruction.opname == "LOAD_GLOBAL" and index + 1 < len(instructions):
            following = instructions[index + 1]
            if following.opname in ("LOAD_ATTR", "LOAD_METHOD"):
                calls.append((instruction.argval, following.argval))
    return calls


def test_athlete_day_calls_phases_in_declared_order():
    python_function = getattr(day.athlete_day, "py_func", day.athlete_day)
    calls = _called_functions(python_function)
    declared = [(phase.subsystem, phase.function.__name__ if hasattr(phase.function, "__name__") else phase.function.py_func.__name__) for phase in day.PHASES]
    assert calls == declared


def test_every_subsystem_has_a_crosstalk_and_a_kinetics_phase():
    names = {phase.subsystem for phase in day.PHASES}
    assert names == set(SUBSYSTEM_MODULES)
    order = [phase.name for phase in day.PHASES]
    assert order == sorted(order, key=["crosstalk", "kinetics", "muscle"].index)
