"""The strategies schema: products, units, presets, delivery rules and clear errors."""

from __future__ import annotations

import pytest

from cohort.config.loader import build_config
from cohort.errors import ConfigError
from cohort.physiology.nutrients import NUTRIENTS
from cohort.strategies.models import Product, TakenWith
from cohort.strategies.products import PRESETS, product_amounts, taken_with_amounts
from tests.strategies.helpers import config


def amounts(product) -> dict[str, float]:
    vector = product_amounts(Product.model_validate(product))
    return {nutrient: float(value) for nutrient, value in zip(NUTRIENTS.ids, vector, strict=True) if value}


def test_international_units_are_converted_once():
    assert amounts({"vitamin_d_iu": 4000}) == {"vitamin_d_ug": 100.0}
    assert amounts({"vitamin_e_iu": 100}) == pytest.approx({"vitamin_e_mg": 67.0})
    assert amounts({"vitamin_e_iu_synthetic": 100}) == pytest.approx({"vitamin_e_mg": 45.0})


def test_iron_by_form_is_elemental_non_heme_iron():
    assert amounts({"iron": {"form": "ferrous_bisglycinate", "elemental_mg": 25}}) == {"iron_nonheme_mg": 25.0}
    # 325 mg ferrous sulfate heptahydrate is the classic 65 mg elemental iron tablet
    assert amounts({"iron": {"form": "ferrous_sulfate", "salt_mg": 325}})["iron_nonheme_mg"] == pytest.approx(65.3, abs=0.1)


def test_presets_combine_with_amounts_and_scale():
    stack = amounts({"preset": "d_mg_ca", "vitamin_d_ug": 25, "scale": 2})
    assert stack == {"vitamin_d_ug": 100.0, "magnesium_mg": 500.0, "calcium_mg": 1000.0}
    assert amounts("b_complex")["b12_ug"] == PRESETS["b_complex"].amounts["b12_ug"]


def test_coffee_and_tea_become_polyphenols():
    assert taken_with_amounts(TakenWith(vitamin_c_mg=100, tea_cups=2, coffee_cups=1)).tolist() == [100.0, 0.0, 600.0]


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        ({"name": "x", "product": {"vitamin_z_mg": 5}}, "unknown nutrient"),
        ({"name": "x", "product": "mega_stack"}, "unknown preset"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "delivery": {"schedule": "per_week"}}, "times_per_week"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "delivery": {"time": "07:00", "with_meal": "dinner"}}, "at most one"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "start_week": 4, "stop_week": 2}, "stop_week"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "start_day": 10, "stop_week": 1}, "stop_week/stop_day (day 7)"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "start_day": 10, "start_week": 1}, "at most one of ['start_week', 'start_day']"),
        ({"name": "x", "kind": "food_first", "scale": {"vitamin_c_mg": 2}, "stop_day": 3, "stop_week": 1}, "at most one of ['stop_week', 'stop_day']"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "stop_day": -1}, "greater than or equal"),
        ({"name": "x", "product": {"vitamin_d_ug": 5}, "screen": {"biomarker": "ferritin_ug_l", "weeks": [0]}}, "below"),
        ({"name": "x", "kind": "food_first", "scale": {"kale_g": 2}}, "unknown nutrient"),
        ({"name": "x", "kind": "teleport"}, "teleport"),
        ({"name": "x", "product": {"vitamin_d_ug": -5}}, "greater than or equal"),
    ],
)
def test_bad_strategies_are_one_line_errors_naming_the_key(strategy, message):
    with pytest.raises(ConfigError) as error:
        build_config({"training": {"plans": {"rest": {"name": "rest", "blocks": [{"name": "r", "weeks": 1, "sessions": []}]}}},
                      "strategies": [strategy]}, {}, "test.yaml")
    text = str(error.value)
    assert "strategies.0" in text and message in text


def test_strategy_names_must_be_unique():
    with pytest.raises(ConfigError, match="unique"):
        config([{"name": "d", "product": {"vitamin_d_ug": 5}}, {"name": "d", "product": {"calcium_mg": 5}}])


def test_screening_an_unknown_biomarker_is_a_config_error():
    from cohort.engine.model import CohortModel

    with pytest.raises(ConfigError, match="strategies.0.screen.biomarker"):
        CohortModel(config([{"name": "d", "product": {"vitamin_d_ug": 5}, "screen": {"biomarker": "vitd_ng_ml", "below": 20}}]))


def test_every_cited_source_resolves():
    from cohort.analysis.contrasts import REFERENCES as ANALYSIS
    from cohort.bibliography import resolve
    from cohort.observation import REFERENCES as OBSERVATION

    keys = {key for preset in PRESETS.values() for key in preset.cite} | set(OBSERVATION) | set(ANALYSIS) | {"hurrell1999", "nih_ods_iron"}
    for key in sorted(keys):
        assert resolve(key)
