"""Subsystem contracts: declared reads/writes are consistent, and true of the code.

The poison test sets every column a phase does not declare reading to NaN and runs the
phase: whatever it writes must stay finite, and every undeclared column must stay unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

from cohort.engine.contracts import check_contracts
from cohort.engine.model import CohortModel
from cohort.physiology import load_all
from cohort.physiology.channels import CONSUMER
from cohort.state import DAY, STATE


def test_real_subsystems_satisfy_their_contracts():
    check_contracts(load_all())


@pytest.fixture(scope="module")
def sample(request):
    from cohort.config.loader import load_config
    from tests.conftest import CONFIGS

    config = load_config(CONFIGS / "quickstart.yaml", ["cohort.size=8", "duration_weeks=2"])
    model = CohortModel(config)
    model.advance(3)
    day = DAY.neutral()
    for name, value in {"load_endurance_au": 40.0, "load_resistance_au": 30.0, "load_hiit_au": 10.0, "load_eccentric_au": 5.0,
                        "load_total_au": 85.0, "training_minutes": 100.0, "sweat_loss_l": 1.5, "day_of_year": 40.0,
                        "session0_start_h": 7.0, "session0_minutes": 60.0, "session0_intensity": 0.7,
                        "event0_time_h": 8.0, "event0_iron_nonheme_mg": 3.0, "event1_time_h": 13.0, "event2_time_h": 19.0}.items():
        day[DAY.index(name)] = value
    for name in DAY.names:
        if name.startswith("intake_"):
            day[DAY.index(name)] = model.state[0, STATE.index("habitual_" + name[len("intake_"):])]
    return model.state[0].copy(), model.params[0].copy(), day


def _poison(x, d, readable):
    x = x.copy()
    d = d.copy()
    for j, name in enumerate(STATE.names):
        if name not in readable:
            x[j] = np.nan
    for j, name in enumerate(DAY.names):
        if name not in readable:
            d[j] = np.nan
    return x, d


@pytest.mark.parametrize("subsystem", load_all(), ids=lambda s: s.name)
def test_kinetics_reads_and_writes_only_what_it_declares(subsystem, sample):
    x, p, d = sample
    own = set(STATE.owned_by(subsystem.name))
    readable = own | set(subsystem.kinetics_reads)
    px, pd_ = _poison(x, d, readable)
    subsystem.kinetics(px, p, pd_)
    for name in subsystem.writes:
        assert np.isfinite(px[STATE.index(name)]), f"{subsystem.name} wrote non-finite {name}: an undeclared read?"
    for j, name in enumerate(STATE.names):
        if name not in own:
            assert np.isnan(px[j]) or px[j] == x[j] if name in readable else np.isnan(px[j]), f"{subsystem.name} changed {name}"


@pytest.mark.parametrize("subsystem", load_all(), ids=lambda s: s.name)
def test_crosstalk_contributes_only_to_declared_channels(subsystem, sample):
    x, p, d = sample
    readable = set(subsystem.crosstalk_reads) | {n for n in DAY.names if DAY.entry(n).var.kind in ("channel", "flow")}
    px, pd_ = _poison(x, d, readable)
    before = pd_.copy()
    subsystem.crosstalk(px, p, pd_)
    for j, name in enumerate(DAY.names):
        if name in subsystem.contributes:
            assert np.isfinite(pd_[j]), f"{subsystem.name} contributed non-finite {name}: an undeclared read?"
        else:
            assert (np.isnan(before[j]) and np.isnan(pd_[j])) or before[j] == pd_[j], f"{subsystem.name} changed {name}"
    for name in subsystem.contributes:
        assert CONSUMER[name] != subsystem.name
