"""Vitamin D kinetics: known answers, dose response, switches, initial state, units and provenance."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohort import units
from cohort.bibliography import resolve
from cohort.engine.scenario import vector_with
from cohort.mechanisms import MECHANISMS
from cohort.physiology import vitamin_d
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.nutrients import NUTRIENTS
from cohort.physiology.traits import T
from cohort.state import DAY, STATE

#: the example base config, found from this file (tests never depend on the working directory)
BASE_CONFIG = Path(__file__).resolve().parents[2] / "configs" / "base.yaml"

V = vitamin_d.V
INTAKE = NUTRIENTS.intake["vitamin_d_ug"]


def vector(params: vitamin_d.VitaminDParams | None = None, **switches: bool) -> np.ndarray:
    return vector_with({"vitamin_d": params or vitamin_d.VitaminDParams()}, **switches)


def athlete(latitude: float = 50.0, outdoor_h: float = 0.0, bmi: float = 22.0, level: float = 0.0) -> np.ndarray:
    x = np.zeros(len(STATE))
    x[T.latitude_deg] = latitude
    x[T.outdoor_h_per_day] = outdoor_h
    x[T.bmi_kg_m2] = bmi
    x[V.vitd_oral_absorption] = 1.0
    x[V.vitd_skin_efficiency] = 1.0
    x[V.vitd_basal_input_ratio] = 1.0
    x[V.vitd_half_life_ratio] = 1.0
    x[V.vitd_25oh_nmol_l] = level
    return x


def run(x: np.ndarray, p: np.ndarray, days: int, intake: float | np.ndarray = 0.0, start_doy: int = 1) -> np.ndarray:
    """Advance one athlete; returns 25(OH)D at the end of each day."""
    out = np.empty(days)
    for t in range(days):
        d = DAY.neutral()
        d[I.day_of_year] = (start_doy - 1 + t) % 365 + 1
        d[INTAKE] = intake[t] if isinstance(intake, np.ndarray) else intake
        vitamin_d.kinetics(x, p, d)
        out[t] = x[V.vitd_25oh_nmol_l]
    return out


NO_BASAL = vitamin_d.VitaminDParams(basal_input_ug_d=0.0)
LINEAR = {"vitd_catabolism_induction": False}  # first-order clearance: closed-form answers


def test_25ohd_decays_with_its_15_day_half_life():
    x = athlete(level=100.0)
    level = run(x, vector(NO_BASAL, **LINEAR), 45)
    t = np.arange(1, 46)
    np.testing.assert_allclose(level, 100.0 * 0.5 ** (t / 15.0), rtol=1e-12)


def test_bolus_excess_declines_with_the_plasma_half_life_without_fat_storage():
    p = vector(NO_BASAL, vitd_fat_storage=False, vitd_hydroxylation_saturation=False, **LINEAR)
    intake = np.zeros(80)
    intake[0] = 2500.0
    level = run(athlete(), p, 80, intake)
    days = np.arange(30, 80)
    rate = -np.polyfit(days, np.log(level[30:80]), 1)[0]
    assert math.log(2) / rate == pytest.approx(15.0, abs=0.05)


def test_steady_state_is_input_times_bioavailability_over_clearance():
    params = vitamin_d.VitaminDParams(basal_input_ug_d=10.0)
    p = vector(params, vitd_hydroxylation_saturation=False, **LINEAR)
    level = run(athlete(), p, 3000, 25.0)
    absorbed = params.oral_bioavailability * 25.0 + params.basal_input_ug_d
    expected = params.hydroxylation_gain_nmol_l_per_ug * absorbed / (1.0 - 0.5 ** (1.0 / params.half_life_25ohd_d))
    assert level[-1] == pytest.approx(expected, rel=1e-9)


def test_dose_response_is_monotone_and_concave():
    p = vector()
    doses = [0.0, 10.0, 25.0, 100.0, 250.0, 1000.0]
    steady = [run(athlete(), p, 1500, dose)[-1] for dose in doses]
    assert np.all(np.diff(steady) > 0)
    slopes = np.diff(steady) / np.diff(doses)
    assert np.all(np.diff(slopes) < 0)
    # 0.7 nmol/L per ug/d at low dose (Heaney 2003; Aloia 2008 0.66 +/- 0.35)
    assert 0.45 < slopes[1] < 0.95


def test_clearance_speeds_up_with_status_as_measured_by_isotope_half_lives():
    """Jones 2014: 25(OH)D3 half-life 15.6 d in UK men at 29 nmol/L, 14.7 d in Gambian men at
    69 nmol/L. The decay of a small excess held at each level (the model's clearance at that
    status) gives half-lives within the isotope study's +/- 1 d standard error of both."""
    p = vector()

    def half_life_at(level: float) -> float:
        x = athlete(level=level)
        vitamin_d.kinetics(x, p, DAY.neutral())  # day 1 of the decay with zero input
        return math.log(2) / -math.log(x[V.vitd_25oh_nmol_l] / level)

    low, high = half_life_at(29.0), half_life_at(69.0)
    assert 15.6 - 1.0 < low < 15.6 + 1.0
    assert 14.7 - 1.0 < high < 14.7 + 1.0
    assert high < low


def test_increment_to_a_fixed_dose_shrinks_with_baseline_set_by_determinants():
    """Two athletes who differ only in a baseline determinant (basal input, or skin type in summer)
    take 50 ug/d for 12 winter weeks: the one starting higher gains less (Mazahery & von Hurst
    2015), because CYP24A1 catabolism rises with status; dose response depends on state, not on a trait."""
    p = vector()
    increments = []
    for basal in (0.5, 1.0, 2.0):
        gains = []
        for dose in (0.0, 50.0):
            x = athlete(latitude=50.0, outdoor_h=1.0, level=60.0)
            x[V.vitd_basal_input_ratio] = basal
            run(x, p, 365, 4.0, start_doy=320)  # a year to its own seasonal state
            gains.append(run(x, p, 84, 4.0 + dose, start_doy=320)[-1])
        increments.append(gains[1] - gains[0])
    assert increments[0] > increments[1] > increments[2] > 0.0
    # about 2-4 nmol/L less gain per doubling of basal input (a few % of a ~30 nmol/L rise)
    assert 0.03 < 1.0 - increments[2] / increments[0] < 0.4


def test_obese_athletes_sit_10_to_30_nmol_l_lower_at_equal_dose():
    p = vector()
    normal = run(athlete(bmi=22.0), p, 1500, 25.0)[-1]
    obese = run(athlete(bmi=33.0), p, 1500, 25.0)[-1]
    assert 10.0 < normal - obese < 30.0


def test_skin_synthesis_rises_15_percent_per_1000_m_of_altitude_and_the_switch_removes_it():
    """Blumthaler 1997: erythemal UV +15-19 %/1000 m; below the skin's photo-equilibrium ceiling the
    D3 made per outdoor hour follows the UV dose, so 2000 m gives 1.30x sea level (a_z 0.15/km)."""
    low = athlete(latitude=45.0, outdoor_h=0.5)
    high = athlete(latitude=45.0, outdoor_h=0.5)
    high[T.altitude_m] = 2000.0
    p = vector()
    sea, alpine = vitamin_d.skin_synthesis(low, p, 172.0), vitamin_d.skin_synthesis(high, p, 172.0)
    ceiling = vitamin_d.VitaminDParams().skin_saturation_ug_d
    made = lambda s: s / (1.0 - s / ceiling)  # noqa: E731 - undo the photo-equilibrium saturation
    assert made(alpine) / made(sea) == pytest.approx(1.30)
    off = vector(vitd_altitude_uv=False)
    assert vitamin_d.skin_synthesis(high, off, 172.0) == pytest.approx(sea)
    assert vitamin_d.skin_synthesis(high, p, 15.0) == 0.0  # still none in winter above 40 N


@pytest.mark.parametrize("latitude", [42.0, 52.0])
def test_no_skin_synthesis_in_november_to_february_above_40n(latitude):
    p = vector()
    x = athlete(latitude=latitude, outdoor_h=3.0)
    for doy in (310, 335, 355, 15, 45):
        assert vitamin_d.skin_synthesis(x, p, float(doy)) == 0.0
    assert vitamin_d.skin_synthesis(x, p, 172.0) > 10.0


def test_summer_synthesis_falls_with_latitude_and_rises_with_outdoor_hours():
    p = vector()
    south = vitamin_d.skin_synthesis(athlete(latitude=35.0, outdoor_h=2.0), p, 172.0)
    north = vitamin_d.skin_synthesis(athlete(latitude=58.0, outdoor_h=2.0), p, 172.0)
    indoor = vitamin_d.skin_synthesis(athlete(latitude=35.0, outdoor_h=0.5), p, 172.0)
    assert south > north > 0.0
    assert south > indoor > 0.0


def test_seasonal_peak_lags_the_solstice_by_about_eight_weeks():
    p = vector()
    level = run(athlete(latitude=45.0, outdoor_h=2.0, level=60.0), p, 3 * 365, 4.0)
    last_year = level[-365:]
    peak_doy = int(np.argmax(last_year)) + 1
    assert 6 * 7 <= peak_doy - 172 <= 10 * 7


def _deficient():
    x = athlete(level=20.0)
    x[V.vitd_vdr_signal] = 20.0 / (20.0 + vitamin_d.VitaminDParams().vdr_half_saturation_nmol_l)
    return x


CROSSTALK = {
    "vitd_vdr_force": C.force,
    "vitd_vdr_strength_adaptation": C.adapt_strength,
    "vitd_calcium_absorption": C.calcium_absorption,
}


@pytest.mark.parametrize("mechanism", sorted(CROSSTALK))
def test_each_crosstalk_switch_changes_only_its_channel(mechanism):
    x = _deficient()
    on, off = DAY.neutral(), DAY.neutral()
    vitamin_d.crosstalk(x, vector(), on)
    vitamin_d.crosstalk(x, vector(**{mechanism: False}), off)
    changed = np.flatnonzero(on != off)
    assert list(changed) == [CROSSTALK[mechanism]]
    assert off[CROSSTALK[mechanism]] == 1.0
    assert on[CROSSTALK[mechanism]] < 1.0


def test_mitochondria_hypothesis_is_off_by_default_and_acts_when_switched_on():
    assert not MECHANISMS.get("vitd_mitochondria").default_enabled
    x = _deficient()
    default, on = DAY.neutral(), DAY.neutral()
    vitamin_d.crosstalk(x, vector(), default)
    vitamin_d.crosstalk(x, vector(vitd_mitochondria=True), on)
    assert default[C.adapt_mito] == 1.0
    assert on[C.adapt_mito] < 1.0
    assert list(np.flatnonzero(on != default)) == [C.adapt_mito]


def test_replete_athletes_get_no_vdr_penalty():
    x = athlete(level=90.0)
    x[V.vitd_vdr_signal] = 90.0 / 110.0
    d = DAY.neutral()
    vitamin_d.crosstalk(x, vector(), d)
    assert d[C.force] == d[C.adapt_strength] == d[C.adapt_mito] == 1.0


KINETIC = {
    "vitd_catabolism_induction": "vitd_25oh_nmol_l",
    "vitd_skin_synthesis": "vitd_skin_ug_d",
    "vitd_oral_intake": "vitd_d3_pool_ug",
    "vitd_fat_storage": "vitd_fat_store_ug",
    "vitd_hydroxylation_saturation": "vitd_25oh_nmol_l",
    "vitd_adiposity": "vitd_25oh_nmol_l",
}


@pytest.mark.parametrize("mechanism", sorted(KINETIC))
def test_each_kinetic_switch_changes_its_target_and_no_other_subsystem(mechanism):
    def advance(p):
        x = athlete(latitude=40.0, outdoor_h=2.0, bmi=30.0, level=60.0)
        run(x, p, 30, 300.0, start_doy=172)
        return x

    on = advance(vector())
    off = advance(vector(**{mechanism: False}))
    changed = {STATE.names[j] for j in np.flatnonzero(on != off)}
    assert KINETIC[mechanism] in changed
    assert changed <= set(STATE.owned_by("vitamin_d"))


def test_magnesium_activation_channel_lowers_production():
    p = vector(**LINEAR)
    full, low = athlete(), athlete()
    for x, activation in ((full, 1.0), (low, 0.8)):
        for _ in range(200):
            d = DAY.neutral()
            d[I.day_of_year] = 15.0
            d[INTAKE] = 25.0
            d[C.vitd_activation] = activation
            vitamin_d.kinetics(x, p, d)
    assert low[V.vitd_25oh_nmol_l] == pytest.approx(0.8 * full[V.vitd_25oh_nmol_l], rel=1e-9)
    assert low[V.vitd_vdr_signal] < full[V.vitd_vdr_signal]


def _random_params(rng: np.random.Generator) -> vitamin_d.VitaminDParams:
    values = {}
    for name, meta in vitamin_d.VitaminDParams.field_meta().items():
        low, high = meta["range"]
        values[name] = float(rng.uniform(low, high))
    return vitamin_d.VitaminDParams(**values)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_pools_stay_non_negative_and_finite_for_random_valid_parameters(seed):
    rng = np.random.default_rng(seed)
    p = vector(_random_params(rng))
    x = athlete(latitude=float(rng.uniform(-60, 70)), outdoor_h=float(rng.uniform(0, 8)), bmi=float(rng.uniform(17, 45)))
    for trait in (V.vitd_oral_absorption, V.vitd_skin_efficiency, V.vitd_basal_input_ratio, V.vitd_half_life_ratio):
        x[trait] = float(rng.lognormal(0, 0.5))
    intake = rng.choice([0.0, 5.0, 50.0, 2500.0], size=400, p=[0.4, 0.4, 0.15, 0.05])
    run(x, p, 400, intake, start_doy=int(rng.integers(1, 366)))
    lower, upper = STATE.bounds()
    own = [STATE.index(name) for name in STATE.owned_by("vitamin_d")]
    assert np.all(np.isfinite(x[own]))
    assert np.all(x[own] >= lower[own]) and np.all(x[own] <= upper[own])


def _traits(n: int, latitude: float, start_doy: float) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    traits = {name: np.zeros(n) for name in STATE.names if STATE.entry(name).owner in ("cohort", "diet")}
    traits.update(
        female=np.zeros(n), latitude_deg=np.full(n, latitude), outdoor_h_per_day=rng.uniform(0.5, 3.0, n),
        bmi_kg_m2=np.full(n, 22.0), habitual_vitamin_d_ug=np.full(n, 4.0), start_day_of_year=np.full(n, start_doy),
    )
    return traits


def test_initial_state_is_the_athletes_seasonal_steady_state():
    params = vitamin_d.VitaminDParams()
    winter = vitamin_d.initialize(_traits(20, 50.0, 60.0), params, np.random.default_rng(1))
    summer = vitamin_d.initialize(_traits(20, 50.0, 240.0), params, np.random.default_rng(1))
    np.testing.assert_array_equal(winter["vitd_oral_absorption"], summer["vitd_oral_absorption"])
    assert np.all(summer["vitd_25oh_nmol_l"] > winter["vitd_25oh_nmol_l"])
    # continuing from the initial state is smooth: no start-up transient
    p = vector(params)
    x = np.zeros(len(STATE))
    traits = _traits(20, 50.0, 60.0)
    for name, values in {**traits, **winter}.items():
        if name in STATE:
            x[STATE.index(name)] = values[0]
    level = run(x, p, 7, 4.0, start_doy=60)
    assert abs(level[0] - winter["vitd_25oh_nmol_l"][0]) < 1.0
    assert np.all(np.abs(np.diff(level)) < 1.0)


def test_initial_state_holds_the_vitamin_d_activation_of_the_athletes_mg_status():
    """An athlete initialised Mg-depleted (status 0.6: activation x 0.8 through magnesium's crosstalk)
    starts lower than a replete one and, continuing with that crosstalk, has no start-up transient."""
    from cohort.physiology import magnesium

    params = vitamin_d.VitaminDParams()
    p = vector(params)
    traits = _traits(20, 50.0, 60.0)
    replete = vitamin_d.initialize(traits, params, np.random.default_rng(1), p)
    traits["mg_status"] = np.full(20, 0.6)
    assert magnesium.initial_channels(traits, p)["vitd_activation"] == pytest.approx(0.8)
    depleted = vitamin_d.initialize(traits, params, np.random.default_rng(1), p)
    assert np.all(depleted["vitd_25oh_nmol_l"] < replete["vitd_25oh_nmol_l"] - 1.0)
    x = np.zeros(len(STATE))
    for name, values in {**traits, **depleted}.items():
        if name in STATE:
            x[STATE.index(name)] = values[0]
    level = np.empty(28)
    for t in range(28):
        d = DAY.neutral()
        d[I.day_of_year] = (60 - 1 + t) % 365 + 1
        d[INTAKE] = 4.0
        magnesium.crosstalk(x, p, d)
        vitamin_d.kinetics(x, p, d)
        level[t] = x[V.vitd_25oh_nmol_l]
    assert abs(level[0] - depleted["vitd_25oh_nmol_l"][0]) < 0.1
    assert np.all(np.abs(np.diff(level)) < 0.3)


@pytest.mark.parametrize(
    ("trait", "cv_name"),
    [("vitd_oral_absorption", "oral_absorption_cv"), ("vitd_skin_efficiency", "skin_efficiency_cv"),
     ("vitd_basal_input_ratio", "basal_input_cv"), ("vitd_half_life_ratio", "half_life_cv")],
)
def test_each_trait_has_mean_one_and_its_sd_over_mean(trait, cv_name):
    traits = _traits(4000, 45.0, 6.0)
    traits["outdoor_h_per_day"] = np.zeros(4000)
    params = vitamin_d.VitaminDParams()
    values = vitamin_d.initialize(traits, params, np.random.default_rng(7))[trait]
    cv = getattr(params, cv_name)
    assert values.mean() == pytest.approx(1.0, abs=4 * cv / math.sqrt(4000))  # 4 SE
    assert values.std() / values.mean() == pytest.approx(cv, rel=0.12)


def test_unit_conversions():
    assert units.vitamin_d_iu_to_ug(100_000) == pytest.approx(2500.0)
    assert units.vitamin_d_ug_to_iu(25.0) == pytest.approx(1000.0)
    assert units.vitd_ng_ml_to_nmol_l(32.0) == pytest.approx(79.9, abs=0.1)  # the 80 nmol/L cut-off
    assert units.vitd_nmol_l_to_ng_ml(units.vitd_ng_ml_to_nmol_l(27.1)) == pytest.approx(27.1)
    assert units.magnesium_mg_dl_to_mmol_l(units.magnesium_mmol_l_to_mg_dl(0.75)) == pytest.approx(0.75)
    assert units.magnesium_mmol_l_to_mg_dl(0.75) == pytest.approx(1.8225)


@pytest.mark.parametrize("module", ["vitamin_d", "calcium", "magnesium"])
def test_every_parameter_and_mechanism_has_unit_range_and_resolving_citations(module):
    import importlib

    subsystem = importlib.import_module(f"cohort.physiology.{module}").SUBSYSTEM
    for name, meta in subsystem.params.field_meta().items():
        assert meta["unit"], name
        low, high = meta["range"]
        assert low <= meta["default"] <= high, name
        assert meta["cite"], name
        for key in meta["cite"]:
            resolve(key)
    mechanisms = [m for m in MECHANISMS if m.subsystem == module]
    assert mechanisms
    for mechanism in mechanisms:
        assert mechanism.equation, mechanism.id
        for key in mechanism.citations:
            resolve(key)
        assert set(mechanism.parameters) <= set(subsystem.params.model_fields), mechanism.id
    for threshold in subsystem.thresholds:
        assert threshold.variable in STATE
        for key in threshold.cite:
            resolve(key)


def test_config_switch_of_calcium_absorption_reaches_only_calcium_and_muscle():
    from cohort.engine.model import CohortModel
    from cohort.validation.scenarios import make_config

    base = {"duration_weeks": 2, "cohort": {"size": 30}}
    fixed = {"ca_absorption_adaptation": {"enabled": False}}  # so the fraction is a_ref exactly when off
    on = CohortModel(make_config(mechanisms=fixed, **base))
    off = CohortModel(make_config(mechanisms={"vitd_calcium_absorption": {"enabled": False}, **fixed}, **base))
    on.advance(14)
    off.advance(14)
    changed = {STATE.names[j] for j in np.flatnonzero((on.state != off.state).any(axis=0))}
    assert "ca_absorption_fraction" in changed
    assert changed <= set(STATE.owned_by("calcium")) | set(STATE.owned_by("muscle"))
    np.testing.assert_allclose(off.column("ca_absorption_fraction"), calcium_reference_fraction())


def calcium_reference_fraction() -> float:
    from cohort.physiology.calcium import CalciumParams

    return CalciumParams().fractional_absorption


@pytest.mark.parametrize("start_doy", [20.0, 100.0, 230.0, 320.0])
def test_short_spin_up_matches_a_three_year_spin_up(monkeypatch, start_doy):
    """The 240-day spin-up from a steady start at the recent mean input is within ~3 nmol/L of a
    3-year spin-up (the seasonal steady state) whatever the start season."""
    n = 200
    rng = np.random.default_rng(5)
    traits = _traits(n, 45.0, start_doy)
    traits.update(
        latitude_deg=rng.uniform(35, 60, n), bmi_kg_m2=rng.uniform(19, 32, n),
        habitual_vitamin_d_ug=rng.lognormal(1.5, 0.6, n),
    )
    params = vitamin_d.VitaminDParams()
    short = vitamin_d.initialize(traits, params, np.random.default_rng(1))["vitd_25oh_nmol_l"]
    monkeypatch.setattr(vitamin_d.initial, "SPIN_UP_DAYS", 3 * 365)
    long = vitamin_d.initialize(traits, params, np.random.default_rng(1))["vitd_25oh_nmol_l"]
    assert np.max(np.abs(short - long)) < 3.0


def test_weekly_dose_tracks_the_same_weekly_amount_taken_daily():
    """Close 2013 gave weekly doses: at steady state the weekly mean is within 10 % of daily
    dosing (the saturable step costs a little on dose days), with a small within-week swing."""
    p = vector()
    days = 24 * 7
    weekly = np.zeros(days)
    weekly[::7] = 7 * 50.0
    level_weekly = run(athlete(level=50.0), p, days, weekly)
    level_daily = run(athlete(level=50.0), p, days, 50.0)
    last = slice(days - 28, days)
    ratio = level_weekly[last].mean() / level_daily[last].mean()
    assert 0.9 < ratio <= 1.0
    swing = level_weekly[last].max() - level_weekly[last].min()
    assert 0.0 < swing < 0.1 * level_weekly[last].mean()


def test_initial_state_follows_the_runs_mechanism_switches():
    """With skin synthesis switched off the cohort starts at its diet-only steady state (no summer
    stores to drift down from), not at the default-switch state."""
    from cohort.config.loader import load_config
    from cohort.single_run import build_model

    k = STATE.index("vitd_25oh_nmol_l")
    starts, changes = [], []
    for extra in ([], ["mechanisms.vitd_skin_synthesis.enabled=false"]):
        model = build_model(load_config(BASE_CONFIG, ["cohort.size=100", "duration_weeks=4", *extra]), "init")
        model.threads = 1
        start = model.state[:, k].copy()
        model.advance(28)
        starts.append(start.mean())
        changes.append((model.state[:, k] - start).mean())
    assert starts[1] < starts[0] - 5.0  # no skin: lower from day 0
    assert abs(changes[1]) < 0.5  # and steady (January: skin synthesis ~0 anyway)


def test_cohort_increment_to_50_ug_d_over_a_winter_shrinks_with_baseline():
    """configs/base.yaml cohort, 12 winter weeks from 15 November, 50 ug/d vs nothing (CRN arms):
    regressed across athletes, the 25(OH)D increment falls with baseline 25(OH)D (human
    meta-analyses: Mazahery & von Hurst 2015; Zittermann 2014), where a shared response trait
    used to make it rise (+0.36 per nmol/L). Measured at J_half 500 ug/d with the sourced outdoor-time
    priors and skin yield 90 ug/h: slope -0.039 (seeds 1-5: -0.021 to -0.058; with the earlier priors
    -0.024 to -0.060, and at J_half 1000 seed 5 gave +0.010); holding the two traits that scale
    response (oral absorption, half-life) fixed, -0.14 to -0.15 (seeds 1-5): the kinetics' own
    dependence, partly offset as in people by half-life (DBP) and adiposity, which lower both. J_half was fitted under this constraint (fits.vitamin_d)."""
    from cohort.validation.fits.vitamin_d import winter_increment_slopes

    slope, adjusted, mean_increment = winter_increment_slopes([])
    assert slope < 0.0
    assert adjusted < -0.05
    assert 20.0 < mean_increment < 45.0  # ~0.6-0.7 nmol/L per ug/d, not yet at plateau
