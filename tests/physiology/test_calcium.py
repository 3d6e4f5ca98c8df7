"""Calcium balance: known answers, vitamin D dependence, sweat, switches and bounds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohort.engine.scenario import vector_with
from cohort.physiology import calcium
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE

V = calcium.V
INTAKE = NUTRIENTS.intake["calcium_mg"]


def vector(params: calcium.CalciumParams | None = None, **switches: bool) -> np.ndarray:
    return vector_with({"calcium": params or calcium.CalciumParams()}, **switches)


def day(intake: float, sweat_l: float = 0.0, absorption: float = 1.0) -> np.ndarray:
    d = DAY.neutral()
    d[INTAKE] = intake
    d[I.sweat_loss_l] = sweat_l
    d[C.calcium_absorption] = absorption
    return d


def adapted(intake: float) -> np.ndarray:
    """A state row whose absorption has adapted to ``intake`` (its recent mean)."""
    x = np.zeros(len(STATE))
    x[V.ca_intake_avg_mg_d] = intake
    return x


def test_balance_known_answer_at_1000_mg():
    params = calcium.CalciumParams()
    x = adapted(1000.0)
    calcium.kinetics(x, vector(), day(1000.0))
    absorbed = params.fractional_absorption * 1000.0
    urinary = params.urinary_basal_mg_d + params.urinary_fraction_of_absorbed * absorbed
    expected = absorbed - urinary - params.endogenous_fecal_mg_d - params.dermal_mg_d
    assert x[V.ca_absorbed_mg_d] == pytest.approx(absorbed)
    assert x[V.ca_balance_mg_d] == pytest.approx(expected)
    assert abs(expected) < 50.0  # ~zero balance at the adult RDA (IOM 2011)


def test_absorption_follows_the_vitamin_d_channel_and_balance_is_monotone_in_intake():
    p = vector()
    balances = []
    exponent = calcium.CalciumParams().adaptation_exponent
    for intake in (400.0, 800.0, 1200.0, 2000.0):
        x = adapted(intake)
        calcium.kinetics(x, p, day(intake, absorption=1.16))
        assert x[V.ca_absorption_fraction] == pytest.approx(0.30 * 1.16 * (intake / 1000.0) ** -exponent)
        balances.append(x[V.ca_balance_mg_d])
    assert np.all(np.diff(balances) > 0)  # absorbed calcium still rises with intake (IOM 1997)


def test_absorption_adapts_to_the_recent_mean_intake_with_its_time_constant_and_switch():
    params = calcium.CalciumParams()
    p = vector()
    x = adapted(1000.0)
    for _ in range(int(params.adaptation_tau_d)):  # one time constant on 300 mg/d
        calcium.kinetics(x, p, day(300.0))
    expected_mean = 300.0 + 700.0 * np.exp(-1.0)
    assert x[V.ca_intake_avg_mg_d] == pytest.approx(expected_mean, rel=0.02)
    for _ in range(200):
        calcium.kinetics(x, p, day(300.0))
    assert x[V.ca_absorption_fraction] == pytest.approx(0.30 * 0.3 ** -params.adaptation_exponent, rel=1e-6)
    off = adapted(300.0)
    calcium.kinetics(off, vector(ca_absorption_adaptation=False), day(300.0))
    assert off[V.ca_absorption_fraction] == pytest.approx(0.30)
    # within-person adaptation is partial: less absorbed at 300 than at 2000 mg/d (IOM 1997)
    high = adapted(2000.0)
    calcium.kinetics(high, p, day(2000.0))
    assert high[V.ca_absorbed_mg_d] > x[V.ca_absorbed_mg_d]


def test_sweat_loss_is_44_6_mg_per_litre_and_its_switch_only_removes_it():
    on, off = np.zeros(len(STATE)), np.zeros(len(STATE))
    calcium.kinetics(on, vector(), day(1000.0, sweat_l=2.0))
    calcium.kinetics(off, vector(ca_sweat_loss=False), day(1000.0, sweat_l=2.0))
    assert on[V.ca_sweat_loss_mg_d] == pytest.approx(89.2)
    assert off[V.ca_sweat_loss_mg_d] == 0.0
    assert off[V.ca_balance_mg_d] - on[V.ca_balance_mg_d] == pytest.approx(89.2)
    changed = {STATE.names[j] for j in np.flatnonzero(on != off)}
    assert changed <= set(STATE.owned_by("calcium"))


def test_status_is_a_running_mean_with_its_time_constant():
    params = calcium.CalciumParams()
    x = adapted(300.0)  # already adapted: a constant daily balance
    p = vector()
    for _ in range(int(params.status_tau_d)):
        calcium.kinetics(x, p, day(300.0))
    target = x[V.ca_balance_mg_d]
    assert x[V.ca_balance_avg_mg_d] == pytest.approx(target * (1 - np.exp(-1.0)), rel=1e-6)
    assert x[V.ca_cumulative_balance_g] == pytest.approx(0.001 * target * params.status_tau_d)


def test_force_effect_only_when_status_is_low_and_switchable():
    low = np.zeros(len(STATE))
    low[V.ca_balance_avg_mg_d] = -300.0
    replete = np.zeros(len(STATE))
    replete[V.ca_balance_avg_mg_d] = 20.0
    results = {}
    for label, x, p in (("low", low, vector()), ("replete", replete, vector()), ("off", low, vector(ca_contraction_availability=False))):
        d = DAY.neutral()
        calcium.crosstalk(x, p, d)
        results[label] = d
        assert list(np.flatnonzero(d != DAY.neutral())) in ([], [C.force])
    assert results["low"][C.force] == pytest.approx(1.0 - calcium.CalciumParams().force_effect)
    assert results["replete"][C.force] == 1.0
    assert results["off"][C.force] == 1.0


@settings(max_examples=10, deadline=None)
@given(st.floats(0, 5000), st.floats(0, 10), st.floats(0.2, 2.0))
def test_state_finite_and_in_bounds(intake, sweat, absorption):
    x = np.zeros(len(STATE))
    p = vector()
    for _ in range(60):
        calcium.kinetics(x, p, day(intake, sweat, absorption))
    lower, upper = STATE.bounds()
    own = [STATE.index(name) for name in STATE.owned_by("calcium")]
    assert np.all(np.isfinite(x[own]))
    assert np.all(x[own] >= lower[own]) and np.all(x[own] <= upper[own])


def test_initial_balance_uses_habitual_intake_and_vitamin_d_status():
    n = 3
    traits = {"female": np.zeros(n), "habitual_calcium_mg": np.full(n, 1000.0), "vitd_25oh_nmol_l": np.array([20.0, 75.0, 120.0])}
    init = calcium.initialize(traits, calcium.CalciumParams(), np.random.default_rng(0))
    assert init["ca_absorption_fraction"][1] == pytest.approx(0.30)
    assert np.all(np.diff(init["ca_absorption_fraction"]) > 0)
    np.testing.assert_allclose(init["ca_balance_avg_mg_d"], init["ca_balance_mg_d"])


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_valid_parameter_sets_keep_state_finite_and_in_bounds(seed):
    rng = np.random.default_rng(seed)
    values = {name: float(rng.uniform(*meta["range"])) for name, meta in calcium.CalciumParams.field_meta().items()}
    p = vector(calcium.CalciumParams(**values))
    x = np.zeros(len(STATE))
    for _ in range(200):
        calcium.kinetics(x, p, day(float(rng.uniform(0, 3000)), float(rng.uniform(0, 4)), float(rng.uniform(0.3, 1.7))))
    d = DAY.neutral()
    calcium.crosstalk(x, p, d)
    lower, upper = STATE.bounds()
    own = [STATE.index(name) for name in STATE.owned_by("calcium")]
    assert np.all(np.isfinite(x[own])) and 0.9 <= d[C.force] <= 1.0
    assert np.all(x[own] >= lower[own]) and np.all(x[own] <= upper[own])


@pytest.mark.parametrize("scale", [0.0, 0.5, 1.0, 3.0])
def test_initial_state_known_answer_at_the_runs_vitamin_d_strength(scale):
    """fraction = min(0.9, a_ref max(0, 1 + s (G - 1)) (I/I_ref)^-e), G = [C/(C+K)] / [C_ref/(C_ref+K)],
    and the balance of that day with the sweat of the baseline training hours, computed here by hand."""
    from cohort.config.models import MechanismSetting
    from cohort.mechanisms import MECHANISMS
    from cohort.parameters import PARAMS
    from cohort.physiology import magnesium, vitamin_d

    params, vd = calcium.CalciumParams(), vitamin_d.VitaminDParams()
    p = PARAMS.vector({}, MECHANISMS.strengths({"vitd_calcium_absorption": MechanismSetting(scale=scale)}))
    levels, intakes = np.array([5.0, 20.0, 50.0, 75.0, 120.0, 250.0]), np.array([300.0, 600.0, 900.0, 1000.0, 1500.0, 2500.0])
    rates = np.array([0.5, 0.8, 1.0, 1.2, 1.5, 2.0])
    traits = {"female": np.zeros(6), "habitual_calcium_mg": intakes, "vitd_25oh_nmol_l": levels, "sweat_rate_l_h": rates}
    init = calcium.initialize(traits, params, np.random.default_rng(0), p)
    sweat = params.sweat_calcium_mg_l * rates * magnesium.MagnesiumParams().baseline_training_h_per_day
    k, ref = vd.calcium_absorption_half_saturation_nmol_l, vd.vdr_reference_nmol_l
    gain = (levels / (levels + k)) / (ref / (ref + k))
    fraction = np.minimum(0.9, 0.30 * np.maximum(0.0, 1.0 + scale * (gain - 1.0)) * (intakes / 1000.0) ** -params.adaptation_exponent)
    absorbed = fraction * intakes
    balance = absorbed - params.urinary_basal_mg_d - params.urinary_fraction_of_absorbed * absorbed
    balance -= params.endogenous_fecal_mg_d + params.dermal_mg_d + sweat
    np.testing.assert_allclose(init["ca_absorption_fraction"], fraction, rtol=1e-12)
    np.testing.assert_allclose(init["ca_sweat_loss_mg_d"], sweat, rtol=1e-12)
    np.testing.assert_allclose(init["ca_balance_mg_d"], balance, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(init["ca_intake_avg_mg_d"], intakes)


def test_initial_fraction_follows_the_runs_switches():
    from cohort.config.models import MechanismSetting
    from cohort.mechanisms import MECHANISMS
    from cohort.parameters import PARAMS

    traits = {"female": np.zeros(2), "habitual_calcium_mg": np.array([500.0, 1000.0]), "vitd_25oh_nmol_l": np.array([20.0, 20.0])}
    off = PARAMS.vector({}, MECHANISMS.strengths({
        "vitd_calcium_absorption": MechanismSetting(enabled=False), "ca_absorption_adaptation": MechanismSetting(enabled=False),
    }))
    init = calcium.initialize(traits, calcium.CalciumParams(), np.random.default_rng(0), off)
    np.testing.assert_allclose(init["ca_absorption_fraction"], 0.30)  # neither vitamin D nor intake moves it
    default = calcium.initialize(traits, calcium.CalciumParams(), np.random.default_rng(0))
    assert default["ca_absorption_fraction"][0] > default["ca_absorption_fraction"][1]  # adapted to the lower intake
    assert np.all(default["ca_absorption_fraction"] < 0.30 * (np.array([500.0, 1000.0]) / 1000.0) ** -0.35)  # deficient: lower
