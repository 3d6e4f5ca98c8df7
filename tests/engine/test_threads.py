"""The measured choice between one thread and numba's threads (``ThreadChoice``).

No timing is measured here: the choice is fed synthetic chunk times, and a model run with the
choice must give the same bits as a one-thread run.
"""

from __future__ import annotations

import numba
import numpy as np
import pytest

from cohort.config.loader import load_config
from cohort.engine.model import THREADED_MIN_ATHLETES, CohortModel, ThreadChoice
from tests.conftest import CONFIGS


def drive(choice: ThreadChoice, ns_per_agent_day: dict[int, float], chunks: int) -> list[int]:
    """Run ``chunks`` chunks of 1,000 agent-days at the given speeds; the options chosen."""
    chosen = []
    for _ in range(chunks):
        option = choice.next()
        chosen.append(option)
        choice.record(option, ns_per_agent_day[option] * 1e-9 * 1000, 1000)
    return chosen


def busy(threads: int) -> bool:
    return True


def test_tries_both_then_keeps_the_faster_and_probes_less_and_less_often() -> None:
    chosen = drive(ThreadChoice(2, busy), {2: 300.0, 1: 500.0}, 60)
    assert chosen[:2] == [2, 1]
    probes = [k for k, option in enumerate(chosen) if k >= 2 and option == 1]
    # after 4 chunks, then 8, then 16 (each probe confirmed the choice): 4 of 60 chunks slower
    assert probes == [5, 14, 31]


def test_an_idle_machine_never_runs_one_thread() -> None:
    assert drive(ThreadChoice(2, lambda threads: False), {2: 300.0, 1: 500.0}, 60) == [2] * 60


def test_one_thread_wins_on_a_contended_machine() -> None:
    chosen = drive(ThreadChoice(2, busy), {2: 900.0, 1: 500.0}, 40)
    assert chosen[:2] == [2, 1]
    assert sum(option == 2 for option in chosen[2:]) <= 4  # only probes run on threads


def test_a_change_of_load_is_followed() -> None:
    choice = ThreadChoice(2, busy)
    assert set(drive(choice, {2: 300.0, 1: 500.0}, 20)[2:]) <= {1, 2}
    assert choice.choice == 2
    later = drive(choice, {2: 1500.0, 1: 500.0}, 40)  # another job took a core
    assert choice.choice == 1
    assert later[-8:].count(1) >= 7


def test_measured_thread_choice_gives_bit_identical_results() -> None:
    """With threads=None a large cohort switches between 1 and numba's threads chunk by chunk;
    the results must equal a one-thread run to the bit."""
    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("needs 2 numba threads")
    config = load_config(CONFIGS / "base.yaml", [f"cohort.size={THREADED_MIN_ATHLETES}", "duration_weeks=20"])
    serial = CohortModel(config, threads=1)
    serial.advance(config.n_days)
    chosen = CohortModel(config)
    chosen._thread_choice = ThreadChoice(numba.get_num_threads(), busy)  # as on a busy machine
    chosen.advance(config.n_days)
    assert chosen._thread_choice is not None
    assert all(chosen._thread_choice.ns_per_agent_day.values())  # both options ran
    np.testing.assert_array_equal(chosen.state, serial.state)
    np.testing.assert_array_equal(chosen.recorder.values, serial.recorder.values)
