"""Magnesium: balance, steady state, depletion, serum as a poor marker, switches and bounds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohort.engine.scenario import vector_with
from cohort.mechanisms import MECHANISMS
from cohort.physiology import magnesium
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE

V = magnesium.V
INTAKE = NUTRIENTS.intake["magnesium_mg"]
PARAMS_ = magnesium.MagnesiumParams()


def vector(params: magnesium.MagnesiumParams | None = None, **switches: bool) -> np.ndarray:
    return vector_with({"magnesium": params or PARAMS_}, **switches)


def athlete(status: float = 1.0, mass_kg: float = 70.0) -> np.ndarray:
    x = np.zeros(len(STATE))
    x[V.mg_replete_mg] = PARAMS_.body_mg_per_kg * mass_kg
    x[V.mg_serum_setpoint_mmol_l] = 0.86
    x[V.mg_body_mg] = status * x[V.mg_replete_mg]
    x[V.mg_status] = status
    return x


def day(intake: float, training_min: float = 0.0, sweat_l: float = 0.0) -> np.ndarray:
    d = DAY.neutral()
    d[INTAKE] = intake
    d[I.training_minutes] = training_min
    d[I.sweat_loss_l] = sweat_l
    return d


def test_body_magnesium_is_about_25_g_at_70_kg():
    assert 23_000 < PARAMS_.body_mg_per_kg * 70 < 27_000


def test_kernel_balance_matches_hand_computed_answers():
    """Known answers of B = (1 + k_a max(0, 1 - s)) [3 V (I/3) / (I/3 + K) + f_p I] - s (E_f + E_d) - s c_sweat V_sw
    - s U_ref e^{g (s - 1)} (1 + u_ex h), worked by hand with round parameter values (not the defaults, so the test
    follows the equation only)."""
    params = magnesium.MagnesiumParams(
        transcellular_capacity_mg_meal=40.0, transcellular_half_saturation_mg_meal=30.0, paracellular_fraction=0.1,
        absorption_adaptation=2.0, endogenous_fecal_mg_d=20.0, dermal_mg_d=5.0,
        urinary_reference_mg_d=100.0, renal_conservation_gain=6.0, urinary_exercise_per_h=0.05, sweat_magnesium_mg_l=10.0,
    )
    cases = (
        # status, intake mg, training h, sweat L, balance mg/d
        (1.0, 300.0, 0.0, 0.0, -2.692308),  # 120 x 100/130 + 30 - 20 - 5 - 100
        (0.9, 200.0, 2.0, 2.4, 24.877993),  # 1.2 (120 x 66.7/96.7 + 20) - 0.9 x 25 - 0.9 x 24 - 0.9 x 100 e^-0.6 x 1.1
        (1.05, 500.0, 1.0, 0.8, -31.777018),  # 120 x 166.7/196.7 + 50 - 1.05 x 25 - 1.05 x 8 - 1.05 x 100 e^0.3 x 1.05
    )
    for status, intake, hours, sweat, expected in cases:
        x = athlete(status)
        magnesium.kinetics(x, vector(params), day(intake, 60 * hours, sweat))
        assert x[V.mg_balance_mg_d] == pytest.approx(expected, abs=1e-5)


def test_fractional_absorption_falls_with_the_dose_per_meal_as_fine_1991():
    """Net absorption of one meal's Mg (the day's intake is three meals): ~65 % of 36 mg, ~11 % of 960 mg
    (Fine 1991), ~30-40 % of a usual 350 mg/d diet; a 300 mg/d supplement adds 20-45 mg/d, far less than 35 %."""
    p = vector(PARAMS_)
    per_meal = {dose: magnesium.absorbed_replete(3.0 * dose, p) / 3.0 / dose for dose in (36.0, 960.0)}
    assert per_meal[36.0] == pytest.approx(0.65, abs=0.03)
    assert per_meal[960.0] == pytest.approx(0.11, abs=0.02)
    usual = magnesium.absorbed_replete(350.0, p)
    assert 0.30 < usual / 350.0 < 0.40
    assert 20.0 < magnesium.absorbed_replete(650.0, p) - usual < 45.0


def test_saturable_absorption_switch_off_gives_the_fixed_fraction():
    """With mg_saturable_absorption off, a replete athlete absorbs the fixed fraction a of any intake;
    on, a 300 mg/d supplement on a 350 mg/d diet adds the curve's ~31 mg/d (by hand: 3 x 39.7 x
    (216.7/249.1 - 116.7/149.1) + 0.07 x 300 = 31.4), far less than a x 300 = 105."""
    off = vector(mg_saturable_absorption=False)
    for intake in (100.0, 350.0, 900.0):
        assert magnesium.absorbed_replete(intake, off) == pytest.approx(PARAMS_.fractional_absorption * intake)
    on = vector()
    assert magnesium.absorbed_replete(650.0, on) - magnesium.absorbed_replete(350.0, on) == pytest.approx(31.4, abs=0.1)


def test_steady_state_averages_the_balance_over_day_to_day_intake():
    """Absorption is concave in intake, so an intake varying from day to day (log SD 0.25, mean
    unchanged) absorbs less on average and settles at a lower status than a constant one."""
    constant = float(magnesium.steady_status(np.array(300.0), np.array(1.0), np.array(1.0), PARAMS_))
    varying = float(magnesium.steady_status(np.array(300.0), np.array(1.0), np.array(1.0), PARAMS_, eating_day_log_sd=0.25))
    assert varying < constant


def test_steady_status_is_stationary_and_increases_with_intake():
    statuses = []
    for intake in (150.0, 250.0, 350.0, 500.0):
        status = float(magnesium.steady_status(np.array(intake), np.array(1.0), np.array(1.0), PARAMS_))
        x = athlete(status)
        for _ in range(100):
            magnesium.kinetics(x, vector(), day(intake, 60.0, 1.0))
        assert x[V.mg_status] == pytest.approx(status, abs=1e-6)
        statuses.append(status)
    assert np.all(np.diff(statuses) > 0)


def test_requirement_near_rda_sedentary_and_losses_10_to_20_percent_higher_with_heavy_training():
    """The intake keeping a replete sedentary athlete in balance is near the RDA; 2 h/d of training raises the
    losses to be absorbed by 10-20 % (Nielsen & Lukaski 2006), the intake needed by more (saturable absorption)."""
    sedentary = magnesium.requirement_mg_d(0.0, 0.0, PARAMS_)
    heavy = magnesium.requirement_mg_d(2.0, 2.0, PARAMS_)
    assert 300.0 < sedentary < 420.0  # RDA 310-420 mg/d
    p = vector()
    losses = {hours: -magnesium.daily_flows(1.0, 0.0, hours, hours, p)[3] for hours in (0.0, 2.0)}
    rise = losses[2.0] / losses[0.0] - 1.0
    assert 0.10 <= rise <= 0.20
    assert heavy / sedentary - 1.0 > rise
    x = athlete(1.0)
    magnesium.kinetics(x, vector(), day(sedentary))
    assert x[V.mg_balance_mg_d] == pytest.approx(0.0, abs=1e-9)


def test_sweat_and_exercise_urine_losses_and_their_switches():
    on, off_sweat, off_urine = athlete(), athlete(), athlete()
    magnesium.kinetics(on, vector(), day(350.0, 120.0, 2.0))
    magnesium.kinetics(off_sweat, vector(mg_sweat_loss=False), day(350.0, 120.0, 2.0))
    magnesium.kinetics(off_urine, vector(mg_exercise_urinary_loss=False), day(350.0, 120.0, 2.0))
    assert on[V.mg_sweat_loss_mg_d] == pytest.approx(19.6)
    assert off_sweat[V.mg_sweat_loss_mg_d] == 0.0
    assert on[V.mg_urinary_mg_d] == pytest.approx(off_urine[V.mg_urinary_mg_d] * (1 + 2 * PARAMS_.urinary_exercise_per_h))
    for other in (off_sweat, off_urine):
        changed = {STATE.names[j] for j in np.flatnonzero(on != other)}
        assert changed <= set(STATE.owned_by("magnesium"))


def test_low_intake_depletes_tissue_while_serum_stays_in_range():
    x = athlete(1.0)
    for _ in range(91):
        magnesium.kinetics(x, vector(), day(160.0))
    assert 0.85 < x[V.mg_status] < 0.97
    assert 0.75 <= x[V.mg_serum_mmol_l] <= 0.95
    serum_drop = 1 - x[V.mg_serum_mmol_l] / 0.86
    assert serum_drop < 0.6 * (1 - x[V.mg_status])  # serum is a poor marker of stores


CHANNELS = {
    "mg_vitd_activation": C.vitd_activation,
    "mg_energy_cost": C.energy_cost,
}
#: hypotheses (off by default): channel and the direction low Mg moves it when switched on
HYPOTHESES = {
    "mg_ryr1_antagonism": (C.fatigue_gain, +1),
    "mg_serca_relaxation": (C.recovery, -1),
    "mg_oxidative_stress": (C.ros_production, +1),
    "mg_exercise_inflammation": (C.exercise_inflammation, +1),
}


@pytest.mark.parametrize("mechanism", sorted(CHANNELS))
def test_each_switch_changes_only_its_channel(mechanism):
    x = athlete(0.85)
    on, off = DAY.neutral(), DAY.neutral()
    magnesium.crosstalk(x, vector(), on)
    magnesium.crosstalk(x, vector(**{mechanism: False}), off)
    assert list(np.flatnonzero(on != off)) == [CHANNELS[mechanism]]
    assert off[CHANNELS[mechanism]] == 1.0


@pytest.mark.parametrize("mechanism", sorted(HYPOTHESES))
def test_hypotheses_are_off_by_default_and_move_their_channel_when_on(mechanism):
    assert not MECHANISMS.get(mechanism).default_enabled
    assert MECHANISMS.get(mechanism).evidence == "hypothesis"
    channel, direction = HYPOTHESES[mechanism]
    x = athlete(0.85)
    default, on = DAY.neutral(), DAY.neutral()
    magnesium.crosstalk(x, vector(), default)
    magnesium.crosstalk(x, vector(**{mechanism: True}), on)
    assert default[channel] == 1.0
    assert list(np.flatnonzero(on != default)) == [channel]
    assert direction * (on[channel] - 1.0) > 0.0


def test_directions_and_the_weak_vitamin_d_multiplier():
    d = DAY.neutral()
    magnesium.crosstalk(athlete(0.5), vector(mg_ryr1_antagonism=True, mg_serca_relaxation=True), d)
    assert d[C.fatigue_gain] > 1.0 and d[C.energy_cost] > 1.0 and d[C.recovery] < 1.0
    assert d[C.vitd_activation] == pytest.approx(0.8)  # never below 0.8 (weak multiplier)
    replete = DAY.neutral()
    magnesium.crosstalk(athlete(1.0), vector(), replete)
    np.testing.assert_array_equal(replete, DAY.neutral())


def test_two_years_without_magnesium_deplete_smoothly_with_no_floor():
    """Losses are first order in the pool: at zero intake and daily training sweat body Mg falls
    monotonically and slows down, never reaching a bound (there is no clamp to hit)."""
    x = athlete(1.0)
    p = vector()
    status = []
    for _ in range(730):
        magnesium.kinetics(x, p, day(0.0, 90.0, 1.5))
        status.append(x[V.mg_status])
    status = np.array(status)
    assert np.all(np.diff(status) < 0.0)
    assert np.all(np.diff(status, 2)[100:] > 0.0)  # the fall decelerates as losses shrink with the pool
    assert STATE.bounds()[0][V.mg_status] < status[-1] < 0.5


@settings(max_examples=10, deadline=None)
@given(st.floats(0, 3000), st.floats(0, 300), st.floats(0, 8), st.floats(0.3, 1.5))
def test_state_finite_and_in_bounds(intake, minutes, sweat, status):
    x = athlete(status)
    p = vector()
    for _ in range(200):
        magnesium.kinetics(x, p, day(intake, minutes, sweat))
    lower, upper = STATE.bounds()
    own = [STATE.index(name) for name in STATE.owned_by("magnesium")]
    assert np.all(np.isfinite(x[own]))
    assert np.all(x[own] >= lower[own]) and np.all(x[own] <= upper[own])


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_valid_parameter_sets_keep_state_finite_and_in_bounds(seed):
    rng = np.random.default_rng(seed)
    values = {name: float(rng.uniform(*meta["range"])) for name, meta in magnesium.MagnesiumParams.field_meta().items()}
    p = vector(magnesium.MagnesiumParams(**values))
    x = athlete(float(rng.uniform(0.6, 1.2)))
    for _ in range(300):
        magnesium.kinetics(x, p, day(float(rng.uniform(0, 800)), float(rng.uniform(0, 240)), float(rng.uniform(0, 4))))
    d = DAY.neutral()
    magnesium.crosstalk(x, p, d)
    lower, upper = STATE.bounds()
    own = [STATE.index(name) for name in STATE.owned_by("magnesium")]
    assert np.all(np.isfinite(x[own])) and np.all(np.isfinite(d))
    assert np.all(x[own] >= lower[own]) and np.all(x[own] <= upper[own])
    assert d[C.vitd_activation] >= 0.8 and d[C.recovery] > 0.0


def test_config_switch_changes_only_downstream_outputs():
    """``mechanisms: {mg_energy_cost: {enabled: false}}`` in a config: only muscle outputs move."""
    from cohort.engine.model import CohortModel
    from cohort.validation.scenarios import make_config

    base = {"duration_weeks": 2, "cohort": {"size": 30}, "diet": {"intake_scale": {"magnesium_mg": 0.5}}}
    on = CohortModel(make_config(**base))
    off = CohortModel(make_config(mechanisms={"mg_energy_cost": {"enabled": False}}, **base))
    on.advance(14)
    off.advance(14)
    changed = {STATE.names[j] for j in np.flatnonzero((on.state != off.state).any(axis=0))}
    assert "submax_vo2_rel" in changed
    assert changed <= set(STATE.owned_by("muscle"))
    assert np.all(off.column("submax_vo2_rel") == 1.0)
