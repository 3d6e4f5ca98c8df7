"""Gut microbiome: microbial supply, fibre, antibiotics, exercise shift, training-group sharing."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.bibliography import resolve
from cohort.engine.model import CohortModel
from cohort.engine.scenario import parameter_vector
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS
from cohort.physiology import b_vitamins as bv
from cohort.physiology import microbiome as mb
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE
from cohort.validation.scenarios import make_config

FLOWS = {v: DAY.index(f"microbial_{v}_{bv.UNITS[v]}") for v in bv.VITAMINS}


@pytest.fixture(scope="module")
def base_vector():
    return parameter_vector(make_config())


def _x(diversity: float = 1.0, share: float = 0.5) -> np.ndarray:
    x = np.zeros(len(STATE))
    x[mb.V.microbiome_diversity] = diversity
    for column in mb.PRODUCER_COLUMNS:
        x[column] = share
    return x


def _day(fibre: float = 18.0, load: float = 0.0, antibiotic: float = 0.0) -> np.ndarray:
    d = DAY.neutral()
    d[NUTRIENTS.intake["fibre_g"]] = fibre
    d[I.load_total_au] = load
    d[I.antibiotic_course] = antibiotic
    return d


def _with(p: np.ndarray, **strengths: float) -> np.ndarray:
    p = p.copy()
    for mechanism, value in strengths.items():
        p[PARAMS.index(f"mechanism.{mechanism}")] = value
    return p


def test_host_available_supply_of_reference_community(base_vector):
    """Magnusdottir 2015 shares x colonic availability: B6/folate/niacin matter, B12 ~0 for the host."""
    d = DAY.neutral()
    mb.crosstalk(_x(), base_vector, d)
    share_of_adequate = {v: d[FLOWS[v]] / bv.reference_absorbed(v) for v in bv.VITAMINS}
    assert share_of_adequate["b12"] < 0.01
    assert share_of_adequate["b1"] < 0.05 and share_of_adequate["b2"] < 0.05 and share_of_adequate["b5"] < 0.05
    assert share_of_adequate["b6"] > share_of_adequate["b9"] > share_of_adequate["b12"]
    assert max(share_of_adequate.values()) < 0.5  # never a substitute for the diet
    assert d[FLOWS["b1"]] == pytest.approx(mb.MicrobiomeParams.reference_host_supply()["b1"])


def test_supply_scales_with_diversity_and_producer_share_and_switches_off(base_vector):
    flows = []
    for diversity, share in ((1.0, 0.5), (0.5, 0.5), (1.0, 0.25)):
        d = DAY.neutral()
        mb.crosstalk(_x(diversity, share), base_vector, d)
        flows.append(d[FLOWS["b9"]])
    assert flows[1] == pytest.approx(0.5 * flows[0]) and flows[2] == pytest.approx(0.5 * flows[0])
    d = DAY.neutral()
    mb.crosstalk(_x(), _with(base_vector, microbial_b_vitamin_supply=0.0), d)
    assert all(d[FLOWS[v]] == 0.0 for v in bv.VITAMINS)


def test_fibre_moves_diversity_monotonically_and_reference_intake_is_neutral(base_vector):
    finals = []
    for fibre in (0.0, 9.0, 18.0, 36.0, 72.0):
        x = _x()
        for _ in range(400):
            mb.kinetics(x, base_vector, _day(fibre))
        finals.append(x[mb.V.microbiome_diversity])
    assert np.all(np.diff(finals) > 0)
    assert finals[2] == pytest.approx(1.0)
    assert finals[0] == pytest.approx(mb.MicrobiomeParams().diversity_floor)
    x = _x()
    for _ in range(200):
        mb.kinetics(x, _with(base_vector, microbiome_fibre=0.0), _day(72.0))
    assert x[mb.V.microbiome_diversity] == pytest.approx(1.0)


def test_antibiotic_course_drops_diversity_sharply_then_it_recovers_with_its_half_life(base_vector):
    params = mb.MicrobiomeParams()
    x = _x()
    for _ in range(7):
        mb.kinetics(x, base_vector, _day(antibiotic=1.0))
    after_course = x[mb.V.microbiome_diversity]
    assert after_course < 0.75
    days = int(params.diversity_recovery_half_life_d)
    for _ in range(days):
        mb.kinetics(x, base_vector, _day())
    expected = 1.0 + (after_course - 1.0) * 0.5 ** (days / params.diversity_recovery_half_life_d)
    assert x[mb.V.microbiome_diversity] == pytest.approx(expected, rel=1e-9)
    x = _x()
    for _ in range(7):
        mb.kinetics(x, _with(base_vector, microbiome_antibiotic_depletion=0.0), _day(antibiotic=1.0))
    assert x[mb.V.microbiome_diversity] == pytest.approx(1.0)


def test_exercise_shift_is_a_hypothesis_off_by_default(base_vector):
    assert MECHANISMS.get("microbiome_exercise_shift").evidence == "hypothesis"
    off, on = _x(), _x()
    for _ in range(60):
        mb.kinetics(off, base_vector, _day(load=90.0))
        mb.kinetics(on, _with(base_vector, microbiome_exercise_shift=1.0), _day(load=90.0))
    assert off[mb.V.microbiome_diversity] == pytest.approx(1.0)
    assert on[mb.V.microbiome_diversity] > 1.05


def _within_group_variance(state: np.ndarray, groups: np.ndarray) -> float:
    total = 0.0
    for column in mb.PRODUCER_COLUMNS:
        for group in np.unique(groups):
            total += float(np.var(state[groups == group, column]))
    return total


def test_group_sharing_shrinks_within_group_variance_only_when_on(base_vector):
    rng = np.random.default_rng(7)
    n = 60
    state = np.zeros((n, len(STATE)))
    state[:, list(mb.PRODUCER_COLUMNS)] = rng.uniform(0.3, 0.7, (n, len(mb.PRODUCER_COLUMNS)))
    groups = np.repeat([3, 11, 20], n // 3)
    before = state.copy()
    mb.group_sharing(state, np.tile(base_vector, (n, 1)), groups, 7)
    np.testing.assert_array_equal(state, before)  # off by default: nothing changes
    on = np.tile(_with(base_vector, microbiome_group_sharing=1.0), (n, 1))
    mb.group_sharing(state, on, groups, 7)
    assert _within_group_variance(state, groups) < _within_group_variance(before, groups)
    for group in np.unique(groups):  # sharing conserves each group's mean composition
        rows = groups == group
        np.testing.assert_allclose(state[rows][:, list(mb.PRODUCER_COLUMNS)].mean(axis=0),
                                   before[rows][:, list(mb.PRODUCER_COLUMNS)].mean(axis=0), rtol=1e-12)
    untouched = [j for j in range(len(STATE)) if j not in mb.PRODUCER_COLUMNS]
    np.testing.assert_array_equal(state[:, untouched], before[:, untouched])


def test_group_sharing_in_a_running_model():
    def within(mechanisms):
        config = make_config(duration_weeks=6, cohort={"size": 80}, mechanisms=mechanisms)
        model = CohortModel(config)
        start = _within_group_variance(model.state, model.training_group)
        model.advance(config.n_days)
        return start, _within_group_variance(model.state, model.training_group)

    start_off, end_off = within({})
    start_on, end_on = within({"microbiome_group_sharing": {"enabled": True}})
    assert end_off == pytest.approx(start_off, rel=1e-12)
    assert start_on == pytest.approx(start_off)
    assert end_on < 0.9 * start_on


def test_antibiotic_events_in_the_config_reach_the_model():
    config = make_config(duration_weeks=4, cohort={"size": 30}, events={"antibiotics": [{"start_week": 1, "start_day": 2, "days": 5}]})
    model = CohortModel(config)
    assert list(np.nonzero(model.antibiotic_days)[0]) == [9, 10, 11, 12, 13]
    control = CohortModel(make_config(duration_weeks=4, cohort={"size": 30}))
    model.advance(14)
    control.advance(14)
    ratio = model.column("microbiome_diversity") / control.column("microbiome_diversity")
    assert np.all(ratio < 0.8)


def test_every_parameter_has_unit_range_and_resolving_citation():
    for name, meta in mb.MicrobiomeParams.field_meta().items():
        assert meta["unit"], name
        low, high = meta["range"]
        assert low <= meta["default"] <= high, name
        assert meta["cite"], name
        for key in meta["cite"]:
            assert resolve(key), key
    fields = set(mb.MicrobiomeParams.model_fields)
    for mechanism in MECHANISMS:
        if mechanism.subsystem == "microbiome":
            assert mechanism.equation
            assert set(mechanism.parameters) <= fields
            for key in mechanism.citations:
                resolve(key)
    assert MECHANISMS.get("microbiome_group_sharing").evidence == "hypothesis"


_EXPECTED = {  # mechanism -> (microbiome state it may change, day slots it may change)
    "microbial_b_vitamin_supply": (set(), {f"microbial_{v}_{bv.UNITS[v]}" for v in bv.VITAMINS}),
    "microbiome_fibre": ({"microbiome_diversity"}, set()),
    "microbiome_antibiotic_depletion": ({"microbiome_diversity"}, set()),
    "microbiome_exercise_shift": ({"microbiome_diversity"}, set()),
    "microbiome_group_sharing": (set(), set()),  # acts only in the population step (tested above)
}


def test_every_microbiome_mechanism_has_an_expectation():
    assert {m.id for m in MECHANISMS if m.subsystem == "microbiome"} == set(_EXPECTED)


@pytest.mark.parametrize("mechanism", sorted(_EXPECTED))
def test_each_switch_changes_what_it_should_and_nothing_else(base_vector, mechanism):
    results = {}
    for label, strength in (("on", 1.0), ("off", 0.0)):
        p = _with(base_vector, **{mechanism: strength})
        x = _x(0.8, 0.45)
        days = []
        for day in range(20):
            d = _day(fibre=40.0, load=80.0, antibiotic=1.0 if day < 5 else 0.0)
            mb.crosstalk(x, p, d)
            mb.kinetics(x, p, d)
            days.append(d)
        results[label] = (x, np.array(days))
    expected_state, expected_slots = _EXPECTED[mechanism]
    (x_on, d_on), (x_off, d_off) = results["on"], results["off"]
    changed_state = {n for n in STATE.owned_by("microbiome") if not np.isclose(x_on[STATE.index(n)], x_off[STATE.index(n)])}
    changed_slots = {n for j, n in enumerate(DAY.names) if not np.allclose(d_on[:, j], d_off[:, j])}
    assert changed_state == expected_state
    if mechanism in ("microbiome_group_sharing", "microbial_b_vitamin_supply"):
        assert changed_slots == expected_slots
    else:
        # the supply flows follow diversity, so a diversity mechanism moves them too
        assert changed_slots <= {f"microbial_{v}_{bv.UNITS[v]}" for v in bv.VITAMINS}
        assert changed_slots or changed_state
