"""Antioxidant subsystem: known-answer kinetics, properties, mechanism switches, provenance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohort.bibliography import resolve
from cohort.engine.scenario import vector_with
from cohort.mechanisms import MECHANISMS
from cohort.physiology import antioxidants as aox
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.state import DAY, STATE

V, P, M = aox.V, aox.P, aox.M
OWN = STATE.owned_by(aox.NAME)
CHANNELS = ("adapt_mito", "adapt_endurance", "adapt_strength", "recovery", "fatigue_gain",
            "damage_susceptibility", "damage_clearance", "exercise_inflammation")


def _vector(params: aox.AntioxidantsParams | None = None, strengths: dict[str, float] | None = None) -> np.ndarray:
    p = vector_with({aox.NAME: params or aox.AntioxidantsParams()})
    for mechanism_id, value in (strengths or {}).items():
        p[getattr(M, mechanism_id)] = value
    return p


def _steady_intake_for(ascorbate: float, q: aox.AntioxidantsParams) -> float:
    """Single daily dose whose steady-state plasma ascorbate is ``ascorbate``."""
    absorbed = q.ascorbate_half_saturation_mg * (ascorbate / (q.ascorbate_plateau_umol_l - ascorbate)) ** (1.0 / 3.0)
    return absorbed / (1.0 - absorbed / q.ascorbate_absorption_half_dose_mg)


def _reference_athlete(q: aox.AntioxidantsParams) -> np.ndarray:
    """An athlete exactly at the reference status (S = 1)."""
    x = np.zeros(len(STATE))
    derived = q.derived()
    x[V.ascorbate_plasma_umol_l] = q.ascorbate_reference_umol_l
    reduced = 1.0 / derived["tocopherol_red_ref_inv"]
    x[V.tocopherol_reduced_umol_l] = reduced
    x[V.tocopherol_plasma_umol_l] = q.tocopherol_reference_umol_l
    x[V.tocopherol_oxidized_umol_l] = q.tocopherol_reference_umol_l - reduced
    x[V.tocopherol_adipose_ug_g] = q.adipose_per_plasma_ug_g_per_umol_l * q.tocopherol_reference_umol_l
    x[V.selenium_plasma_ug_l] = q.selenium_reference_ug_l
    x[V.gpx_activity_rel] = 1.0 / derived["gpx_ref_inv"]
    x[V.redox_signal_rel] = 1.0
    x[V.lipid_peroxidation_rel] = 1.0
    return x


def _refresh_signal(x: np.ndarray, p: np.ndarray) -> None:
    """Set the stored redox signal from the pools (what kinetics does at the end of a day)."""
    status = aox.quench_status(x, p, p[M.vitamin_c_quenching], p[M.vitamin_e_quenching], p[M.gpx_peroxide_removal])
    x[V.redox_signal_rel] = aox.redox_signal(status, p)


def _day(loads: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0), **intake: float) -> np.ndarray:
    d = DAY.neutral()
    d[I.load_endurance_au], d[I.load_resistance_au], d[I.load_hiit_au], d[I.load_eccentric_au] = loads
    d[I.load_total_au] = sum(loads)
    for nutrient, value in intake.items():
        d[DAY.index(f"intake_{nutrient}")] = value
    return d


# -- known answers ---------------------------------------------------------------------
def test_vitamin_e_half_life_matches_bruno_fractional_disappearance():
    """No intake, no adipose supply, resting ROS and reference ascorbate: E halves in ln2/0.19 d."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    x[V.tocopherol_adipose_ug_g] = 0.0
    hold_c = _steady_intake_for(q.ascorbate_reference_umol_l, q)
    values = []
    for _ in range(15):
        aox.kinetics(x, p, _day(vitamin_c_mg=hold_c))
        x[V.tocopherol_adipose_ug_g] = 0.0
        values.append(x[V.tocopherol_plasma_umol_l])
    assert x[V.ascorbate_plasma_umol_l] == pytest.approx(q.ascorbate_reference_umol_l, rel=1e-9)
    rate = -np.polyfit(np.arange(15), np.log(values), 1)[0]
    half_life = math.log(2.0) / rate
    assert half_life == pytest.approx(math.log(2.0) / 0.19, rel=0.005)  # 3.65 d (Bruno 2005: 0.191 pools/d)


def test_vitamin_c_lowers_vitamin_e_disappearance_and_training_raises_it():
    q = aox.AntioxidantsParams()
    p = _vector(q)

    def rate(ascorbate: float, ros: float) -> float:
        phi = aox.tocopherol_oxidized_fraction(ros, ascorbate, p, 1.0, 1.0)
        return p[P.tocopherol_clear_per_d] + q.tocopheroxyl_loss_per_d * phi

    assert rate(q.ascorbate_reference_umol_l, q.ros_basal_au) == pytest.approx(0.19, rel=1e-9)
    assert rate(10.0, q.ros_basal_au) > rate(50.0, q.ros_basal_au) > rate(80.0, q.ros_basal_au)
    assert rate(50.0, 3 * q.ros_basal_au) > rate(50.0, q.ros_basal_au)
    # Smoker-like oxidant load (x1.4) with lower ascorbate stays within Bruno's 0.19-0.23 pools/d.
    assert 0.19 < rate(35.0, 1.4 * q.ros_basal_au) < 0.23


def test_ascorbate_steady_state_is_monotone_saturating_and_matches_levine():
    q = aox.AntioxidantsParams()
    p = _vector(q)
    doses = [0.0, 30.0, 60.0, 100.0, 200.0, 400.0, 1000.0, 2500.0]
    plateau = []
    for dose in doses:
        x = _reference_athlete(q)
        for _ in range(150):
            aox.kinetics(x, p, _day(vitamin_c_mg=dose))
        plateau.append(x[V.ascorbate_plasma_umol_l])
    plateau = np.array(plateau)
    assert np.all(np.diff(plateau) > 0), plateau
    assert np.all(np.diff(plateau)[3:] < np.diff(plateau)[2]), "increments shrink above 100 mg/d"
    assert plateau[0] < 1.0
    assert plateau[1] < 11.0  # 30 mg/d: deficiency range (Levine ~9 uM)
    assert 50.0 <= plateau[3] <= 65.0  # ~60 uM at 100 mg/d
    assert np.all((plateau[4:] >= 68.0) & (plateau[4:] <= 80.0))  # plateau 70-80 uM at >= 200 mg/d
    assert plateau[-1] - plateau[-3] < 5.0


def test_ascorbate_bioavailability_falls_above_500_mg():
    p = _vector()
    fraction = {}
    for dose in (100.0, 200.0, 500.0, 1250.0):
        d = _day(vitamin_c_mg=dose)
        fraction[dose] = aox.ascorbate_absorbed_mg(d, p) / dose
    assert fraction[100.0] > 0.9 and fraction[200.0] > 0.85  # complete at <= 200 mg (Levine 1996)
    assert fraction[500.0] == pytest.approx(0.73, abs=0.05)
    assert fraction[1250.0] == pytest.approx(0.49, abs=0.05)


def test_selenium_plateaus_match_hurst_and_gpx_saturates_near_rda():
    q = aox.AntioxidantsParams()
    p = _vector(q)
    published = {55.0: 96.0, 105.0: 118.3, 155.0: 152.0, 255.0: 177.4}  # ug/d -> ug/L (Hurst 2010)
    gpx = {}
    for intake, plasma in published.items():
        x = _reference_athlete(q)
        for _ in range(300):
            aox.kinetics(x, p, _day(selenium_ug=intake))
        assert x[V.selenium_plasma_ug_l] == pytest.approx(plasma, rel=0.15)
        gpx[intake] = x[V.gpx_activity_rel]
    assert gpx[55.0] > 0.85  # near the plateau at the RDA
    assert gpx[55.0] < gpx[105.0] < gpx[255.0] < 1.0
    assert gpx[255.0] - gpx[155.0] < gpx[105.0] - gpx[55.0]


def test_curcumin_washes_out_within_three_to_five_days():
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    theracurmin = aox.curcumin_equivalent_mg(180.0, "theracurmin")
    for _ in range(7):
        aox.kinetics(x, p, _day(curcumin_mg=theracurmin))
    level = x[V.curcumin_plasma_ng_ml]
    assert 40.0 < level < 200.0  # Kanai 2012 / Tanabe 2019: tens to ~100 ng/mL
    washout = []
    for _ in range(5):
        aox.kinetics(x, p, _day())
        washout.append(x[V.curcumin_plasma_ng_ml] / level)
    assert washout[2] < 0.15 and washout[4] < 0.05


def test_reference_athlete_gets_neutral_factors():
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    d = _day()
    aox.crosstalk(x, p, d)
    for name in CHANNELS:
        assert d[DAY.index(name)] == pytest.approx(1.0, abs=1e-12), name


def test_megadose_blunts_mito_signal_by_a_paulsen_sized_amount():
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    for _ in range(60):
        aox.kinetics(x, p, _day((40.0, 0.0, 30.0, 0.0), vitamin_c_mg=1000.0, vitamin_e_mg=235.0, selenium_ug=100.0))
    d = _day()
    aox.crosstalk(x, p, d)
    assert 0.80 <= d[C.adapt_mito] <= 0.95  # 5-20 % less mitochondrial gain (Paulsen 2014)
    assert 0.95 <= d[C.adapt_endurance] < 1.0  # VO2max barely affected
    assert x[V.tocopherol_plasma_umol_l] / q.tocopherol_reference_umol_l == pytest.approx(2.0, abs=0.6)


_HABITUAL_LOADS = np.array([[0.0, 0.0, 0.0, 0.0], [30.0, 10.0, 20.0, 5.0], [60.0, 10.0, 80.0, 10.0]])


def test_initial_state_is_the_steady_state_of_diet_and_habitual_training():
    """At constant intake and the habitual mean loads, one day of kinetics leaves every pool where it started
    (a resting athlete, a trained one, and one whose heavy days reach the oxidative-damage threshold)."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    traits = {
        "female": np.array([0.0, 1.0, 0.0]),
        "habitual_vitamin_c_mg": np.array([85.0, 40.0, 150.0]),
        "habitual_vitamin_e_mg": np.array([10.0, 5.0, 12.0]),
        "habitual_selenium_ug": np.array([115.0, 40.0, 60.0]),
        "habitual_curcumin_mg": np.zeros(3),
        "eating_day_log_sd": np.zeros(3),
        **{f"habitual_load_{m}_au": _HABITUAL_LOADS[:, k] for k, m in enumerate(("endurance", "resistance", "hiit", "eccentric"))},
    }
    initial = aox.initialize(traits, q, np.random.default_rng(0))
    assert initial["oxidative_damage_au"][2] > 0.0  # the heavy trainer sits above the damage threshold
    assert set(initial) == set(OWN)
    for i in range(3):
        x = np.zeros(len(STATE))
        for name, values in initial.items():
            x[STATE.index(name)] = values[i]
        before = x.copy()
        # Food vitamin C in three meals, as initialize assumes.
        d = _day(tuple(_HABITUAL_LOADS[i]), vitamin_e_mg=traits["habitual_vitamin_e_mg"][i],
                 selenium_ug=traits["habitual_selenium_ug"][i])
        for k in range(3):
            d[aox.EVENT_VITC0 + k * aox.EVENT_STRIDE] = traits["habitual_vitamin_c_mg"][i] / 3.0
        d[aox.INTAKE_VITC] = traits["habitual_vitamin_c_mg"][i]
        aox.kinetics(x, p, d)
        for name in OWN:
            assert x[STATE.index(name)] == pytest.approx(before[STATE.index(name)], rel=1e-6, abs=1e-9), name


# -- switches -------------------------------------------------------------------------
def _busy_athlete(q: aox.AntioxidantsParams) -> np.ndarray:
    x = _reference_athlete(q)
    x[V.selenium_plasma_ug_l] = 50.0
    x[V.gpx_activity_rel] = 0.7
    x[V.curcumin_plasma_ng_ml] = 60.0
    x[V.oxidative_damage_au] = 1.0
    x[V.tocopherol_plasma_umol_l] *= 1.6
    x[V.tocopherol_reduced_umol_l] *= 1.6
    x[V.tocopherol_oxidized_umol_l] *= 1.6
    return x


def _simulate(strengths: dict[str, float], days: int = 6) -> dict[str, float]:
    q = aox.AntioxidantsParams()
    p = _vector(q, strengths)
    x = _busy_athlete(q)
    _refresh_signal(x, p)
    d = _day()
    for _ in range(days):
        d = _day((60.0, 30.0, 40.0, 50.0), vitamin_c_mg=1000.0, vitamin_e_mg=60.0, selenium_ug=20.0, curcumin_mg=3000.0)
        aox.crosstalk(x, p, d)
        aox.kinetics(x, p, d)
    out = {name: x[STATE.index(name)] for name in OWN}
    out.update({name: d[DAY.index(name)] for name in CHANNELS})
    return out


_POOLS = ("ascorbate_plasma_umol_l", "selenium_plasma_ug_l", "curcumin_plasma_ng_ml")
_CURCUMIN_CHANNELS = ("damage_susceptibility", "damage_clearance", "exercise_inflammation")
_REDOX = ("redox_signal_rel", "oxidative_damage_au", "lipid_peroxidation_rel", "adapt_mito", "adapt_endurance",
          "adapt_strength", "recovery", "fatigue_gain")
_TOCOPHEROL = ("tocopherol_reduced_umol_l", "tocopherol_oxidized_umol_l", "tocopherol_plasma_umol_l", "tocopherol_adipose_ug_g")
# mechanism -> (must change, may change); everything else must stay bit-identical.
SWITCHES = {
    "exercise_ros_production": (("ros_load_au", "tocopherol_oxidized_umol_l"), ("ros_load_au", *_TOCOPHEROL, *_REDOX)),
    "vitamin_c_quenching": (("redox_signal_rel", "adapt_mito"), _REDOX),
    "vitamin_e_quenching": (("tocopherol_oxidized_umol_l", "redox_signal_rel"), (*_TOCOPHEROL, *_REDOX)),
    "vitamin_c_regenerates_vitamin_e": (("tocopherol_oxidized_umol_l", "tocopherol_plasma_umol_l"), (*_TOCOPHEROL, *_REDOX)),
    "selenium_gpx": (("gpx_activity_rel",), ("gpx_activity_rel", *_REDOX)),
    "gpx_peroxide_removal": (("redox_signal_rel", "lipid_peroxidation_rel"), _REDOX),
    "redox_signal_mito": (("adapt_mito",), ("adapt_mito",)),
    "redox_signal_endurance": (("adapt_endurance",), ("adapt_endurance",)),
    "redox_signal_strength": (("adapt_strength",), ("adapt_strength",)),
    "oxidative_damage_recovery": (("recovery",), ("recovery",)),
    "oxidative_damage_fatigue": (("fatigue_gain",), ("fatigue_gain",)),
    "curcumin_muscle_damage": (("damage_susceptibility", "damage_clearance"), ("damage_susceptibility", "damage_clearance")),
    "curcumin_exercise_inflammation": (("exercise_inflammation",), ("exercise_inflammation",)),
    "curcumin_vitamin_c_synergy": (("damage_susceptibility", "damage_clearance"), ("damage_susceptibility", "damage_clearance")),
}


def test_every_antioxidant_mechanism_has_a_switch_test():
    assert set(SWITCHES) == {m.id for m in MECHANISMS if m.subsystem == aox.NAME}
    assert not MECHANISMS.get("curcumin_vitamin_c_synergy").default_enabled


@pytest.mark.parametrize("mechanism_id", sorted(SWITCHES))
def test_switch_changes_what_it_should_and_nothing_else(mechanism_id):
    must, may = SWITCHES[mechanism_id]
    on = _simulate({mechanism_id: 1.0})
    off = _simulate({mechanism_id: 0.0})
    for name in must:
        assert on[name] != off[name], f"{mechanism_id} off did not change {name}"
    for name in on:
        if name not in may:
            assert on[name] == off[name], f"{mechanism_id} off changed {name}"


def test_vitamin_c_regeneration_off_leaves_more_oxidised_vitamin_e():
    on = _simulate({"vitamin_c_regenerates_vitamin_e": 1.0}, days=20)
    off = _simulate({"vitamin_c_regenerates_vitamin_e": 0.0}, days=20)
    fraction_on = on["tocopherol_oxidized_umol_l"] / on["tocopherol_plasma_umol_l"]
    fraction_off = off["tocopherol_oxidized_umol_l"] / off["tocopherol_plasma_umol_l"]
    assert fraction_off > 3.0 * fraction_on
    assert off["tocopherol_reduced_umol_l"] < on["tocopherol_reduced_umol_l"]


# -- properties -------------------------------------------------------------------------
_FIELDS = aox.AntioxidantsParams.field_meta()


@st.composite
def _parameter_sets(draw):  # type: ignore[no-untyped-def]
    values = {name: draw(st.floats(*meta["range"])) for name, meta in _FIELDS.items()}
    return aox.AntioxidantsParams(**values)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    params=_parameter_sets(),
    intakes=st.tuples(st.floats(0, 3000), st.floats(0, 1000), st.floats(0, 600), st.floats(0, 20000)),
    load=st.floats(0, 400),
    synergy=st.booleans(),
)
def test_pools_stay_finite_non_negative_and_in_bounds(params, intakes, load, synergy):
    p = _vector(params, {"curcumin_vitamin_c_synergy": float(synergy)})
    x = _reference_athlete(params)
    lower, upper = STATE.bounds()
    columns = [STATE.index(name) for name in OWN]
    vitamin_c, vitamin_e, selenium, curcumin = intakes
    for day in range(60):
        scale = 1.0 if day % 7 else 0.0  # a rest day each week, intake stopping on some days
        d = _day((load, 0.3 * load, 0.5 * load, 0.2 * load), vitamin_c_mg=vitamin_c * scale, vitamin_e_mg=vitamin_e * scale,
                 selenium_ug=selenium * scale, curcumin_mg=curcumin * scale)
        aox.crosstalk(x, p, d)
        aox.kinetics(x, p, d)
        values = x[columns]
        assert np.all(np.isfinite(values))
        assert np.all(values >= lower[columns]) and np.all(values <= upper[columns])
        assert all(d[DAY.index(name)] >= 0.0 and math.isfinite(d[DAY.index(name)]) for name in CHANNELS)


# -- provenance -------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(_FIELDS))
def test_every_parameter_has_unit_range_and_citation(name):
    meta = _FIELDS[name]
    assert meta["unit"]
    low, high = meta["range"]
    assert low <= meta["default"] <= high
    assert meta["cite"]
    for key in meta["cite"]:
        resolve(key)


def test_mechanisms_and_thresholds_are_documented():
    for mechanism in MECHANISMS:
        if mechanism.subsystem != aox.NAME:
            continue
        assert mechanism.equation and mechanism.citations
        for key in mechanism.citations:
            resolve(key)
        assert mechanism.function is not None
    for threshold in aox.SUBSYSTEM.thresholds:
        assert threshold.variable in OWN
        for key in threshold.cite:
            resolve(key)
    cutoffs = {t.name: t.cutoff for t in aox.SUBSYSTEM.thresholds}
    assert cutoffs["vitamin_c_deficient"] == 11.0 and cutoffs["vitamin_c_hypovitaminosis"] == 23.0
    assert cutoffs["vitamin_e_low"] == 12.0


def test_typical_diets_give_near_neutral_adaptation_factors():
    """Median male/female intakes (NHANES; nutrients.py) at steady state: |factor - 1| < 3 %."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    for vitamin_c, vitamin_e, selenium in ((85.0, 10.0, 115.0), (75.0, 8.3, 85.0)):
        x = _reference_athlete(q)
        for _ in range(120):
            d = _day(vitamin_e_mg=vitamin_e, selenium_ug=selenium)
            for k in range(3):  # food vitamin C in three meals
                d[aox.EVENT_VITC0 + k * aox.EVENT_STRIDE] = vitamin_c / 3.0
            d[aox.INTAKE_VITC] = vitamin_c
            aox.kinetics(x, p, d)
        d = _day()
        aox.crosstalk(x, p, d)
        for name in ("adapt_mito", "adapt_endurance", "adapt_strength"):
            assert abs(d[DAY.index(name)] - 1.0) < 0.03, (name, d[DAY.index(name)])


def test_bioavailable_curcumin_cuts_damage_by_a_trial_sized_amount():
    """Theracurmin 180 mg/d (x27 plain equivalents) for a week: the share of the resolving injury that becomes
    secondary damage falls by 20-50 % (e_sus, fitted to AOX-CURC: Tanabe 2015's 96-h strength loss halved), and
    clearly more than with 500 mg/d plain curcumin."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    for _ in range(7):
        aox.kinetics(x, p, _day(curcumin_mg=aox.curcumin_equivalent_mg(180.0, "theracurmin")))
    d = _day()
    aox.crosstalk(x, p, d)
    assert 0.5 <= d[C.damage_susceptibility] <= 0.8
    assert d[C.damage_clearance] > 1.0
    assert 0.8 <= d[C.exercise_inflammation] < 1.0
    plain_dose = _day()
    x[V.curcumin_plasma_ng_ml] = 0.0
    for _ in range(7):
        aox.kinetics(x, p, _day(curcumin_mg=500.0))  # 500 mg plain curcumin: little effect
    aox.crosstalk(x, p, plain_dose)
    assert plain_dose[C.damage_susceptibility] > d[C.damage_susceptibility]


# -- dose dependence and the vitamin C - vitamin E pair ----------------------------------------
def _steady_athlete(extra_c: float, extra_e: float, ros_production: float = 1.0, days: int = 120) -> np.ndarray:
    """A reference-diet athlete training 60 AU/d, after ``days`` on extra vitamin C/E (mg/d)."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    food_c = _steady_intake_for(q.ascorbate_reference_umol_l, q)
    x = _reference_athlete(q)
    for _ in range(days):
        d = _day((40.0, 0.0, 20.0, 0.0), vitamin_c_mg=food_c + extra_c, vitamin_e_mg=10.0 + extra_e, selenium_ug=100.0)
        d[C.ros_production] = ros_production
        aox.kinetics(x, p, d)
    return x


def _mito_factor(x: np.ndarray) -> float:
    d = _day()
    aox.crosstalk(x, _vector(), d)
    return float(d[C.adapt_mito])


def test_blunting_follows_the_tissue_levels_a_dose_reaches():
    """Less mitochondrial signal the more antioxidant reaches the tissue: monotone in dose, flat once
    plasma saturates (vitamin C at its renal plateau above ~250 mg/d, vitamin E at the alpha-TTP limit),
    small for vitamin C alone, largest for C + E together."""
    vitamin_c = [_mito_factor(_steady_athlete(dose, 0.0)) for dose in (0.0, 100.0, 250.0, 1000.0, 2000.0)]
    vitamin_e = [_mito_factor(_steady_athlete(0.0, dose)) for dose in (0.0, 50.0, 235.0, 800.0)]
    both = _mito_factor(_steady_athlete(1000.0, 235.0))
    assert all(b <= a + 1e-12 for a, b in zip(vitamin_c, vitamin_c[1:], strict=False))
    assert all(b < a for a, b in zip(vitamin_e, vitamin_e[1:], strict=False))
    assert vitamin_c[0] - vitamin_c[-1] < 0.03  # plasma C rises only ~50 % -> a few % at most
    assert abs(vitamin_c[-1] - vitamin_c[-2]) < 0.002  # 1 g and 2 g reach the same plateau
    assert vitamin_e[1] - vitamin_e[2] > vitamin_e[2] - vitamin_e[3] >= 0.0  # diminishing returns per mg
    assert 0.8 < both < min(vitamin_c[-2], vitamin_e[2])


def _tocopherol_disappearance(extra_c: float, ros_production: float) -> float:
    """Fractional disappearance (pools/d) of plasma alpha-T with no new supply, after 30 d on extra C."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    food_c = _steady_intake_for(q.ascorbate_reference_umol_l, q)
    x = _steady_athlete(extra_c, 0.0, ros_production, days=30)
    values = []
    for _ in range(10):
        d = _day(vitamin_c_mg=food_c + extra_c, selenium_ug=100.0)
        d[C.ros_production] = ros_production
        x[V.tocopherol_adipose_ug_g] = 0.0
        aox.kinetics(x, p, d)
        values.append(x[V.tocopherol_plasma_umol_l])
    return float(-np.polyfit(np.arange(10), np.log(values), 1)[0])


def test_vitamin_c_normalises_the_faster_vitamin_e_disappearance_of_an_oxidant_load():
    """Bruno 2005/2006 pattern, emergent from recycling: an oxidant load like smoking (F2-isoprostanes
    ~+40 %, here ROS x1.4) speeds alpha-T disappearance; 1 g/d vitamin C removes at least half of the
    excess, and changes the disappearance of athletes without the load less."""
    smoker, smoker_c = _tocopherol_disappearance(0.0, 1.4), _tocopherol_disappearance(1000.0, 1.4)
    nonsmoker, nonsmoker_c = _tocopherol_disappearance(0.0, 1.0), _tocopherol_disappearance(1000.0, 1.0)
    assert smoker > nonsmoker
    assert smoker_c - nonsmoker <= 0.5 * (smoker - nonsmoker)
    assert smoker - smoker_c > nonsmoker - nonsmoker_c > 0.0


# -- curcumin pharmacokinetics around a bout -----------------------------------------------------
_THERACURMIN_150 = aox.curcumin_equivalent_mg(150.0, "theracurmin")


def _dosed_day(dose_mg: float, dose_h: float, session_h: float | None) -> np.ndarray:
    d = _day((0.0, 0.0, 0.0, 60.0) if session_h is not None else (0.0, 0.0, 0.0, 0.0), curcumin_mg=dose_mg)
    d[DAY.index("event3_time_h")] = dose_h
    d[DAY.index("event3_curcumin_mg")] = dose_mg
    if session_h is not None:
        d[DAY.index("session0_start_h")] = session_h
        d[DAY.index("session0_minutes")] = 60.0
    return d


def test_a_single_dose_peaks_within_one_to_three_hours_and_gives_the_designed_daily_mean():
    """Dispersed curcumin peaks ~1-2 h after a dose (Sasaki 2011, Kanai 2012); taken every day, its
    daily-mean plasma level is g_P x dose (the parameter's definition) once at steady state."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    d = _dosed_day(_THERACURMIN_150, 8.0, None)
    hours = np.arange(8.25, 20.0, 0.25)
    curve = [aox.curcumin_mean_ng_ml(x, p, d, h - 0.125, h + 0.125) for h in hours]
    assert 1.0 <= hours[int(np.argmax(curve))] - 8.0 <= 3.0
    for _ in range(10):
        aox.kinetics(x, p, d)
    daily = aox.curcumin_mean_ng_ml(x, p, d, 0.0, 24.0)
    assert daily == pytest.approx(q.curcumin_plasma_per_mg * _THERACURMIN_150, rel=0.01)


def test_dose_timing_relative_to_the_bout_changes_protection():
    """One dose on the day of a 17:00 eccentric bout, no curcumin before: a dose an hour before the bout
    covers its damage window best; a morning dose (mostly eliminated by the bout) and a dose three hours
    after it (missing the window's start) cover less; no dose, nothing."""
    q = aox.AntioxidantsParams()
    p = _vector(q)

    def susceptibility(dose_h: float | None) -> float:
        x = _reference_athlete(q)
        d = _dosed_day(_THERACURMIN_150 if dose_h is not None else 0.0, dose_h if dose_h is not None else 8.0, 17.0)
        aox.crosstalk(x, p, d)
        return float(d[C.damage_susceptibility])

    before, morning, after, none = susceptibility(16.0), susceptibility(8.0), susceptibility(20.0), susceptibility(None)
    assert before < min(morning, after) and max(morning, after) < none == 1.0
    assert before > 1.0 - q.curcumin_damage_reduction_max


def test_curcumin_taken_the_days_before_still_covers_a_bout():
    """Loading for days before the bout (as in Tanabe 2015/2019, Nicol 2015) leaves plasma curcumin at
    midnight and in the gut, so a bout on a day without a dose is still partly protected."""
    q = aox.AntioxidantsParams()
    p = _vector(q)
    x = _reference_athlete(q)
    for _ in range(5):
        aox.kinetics(x, p, _dosed_day(_THERACURMIN_150, 20.0, None))
    d = _dosed_day(0.0, 8.0, 17.0)
    aox.crosstalk(x, p, d)
    assert 0.7 < d[C.damage_susceptibility] < 1.0
