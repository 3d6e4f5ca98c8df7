"""The criteria grammar: what parses, what is refused (and says why), and what a criterion selects."""

from __future__ import annotations

import numpy as np
import pytest

from cohort.trials.criteria import parse_criterion


@pytest.mark.parametrize(
    ("text", "name", "op", "value"),
    [
        ("ferritin_ug_l < 35", "ferritin_ug_l", "<", 35.0),
        ("hb_g_dl>=12", "hb_g_dl", ">=", 12.0),
        ("sex == 'female'", "sex", "==", "female"),
        ('sport != "team"', "sport", "!=", "team"),
        ("age_y <= 3.5e1", "age_y", "<=", 35.0),
        ("  vitd_25oh_nmol_l > -1  ", "vitd_25oh_nmol_l", ">", -1.0),
    ],
)
def test_valid_criteria_parse(text, name, op, value):
    criterion = parse_criterion(text)
    assert (criterion.name, criterion.op, criterion.value) == (name, op, value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ferritin_ug_l < ", "VARIABLE OPERATOR LITERAL"),
        ("__import__('os').system('x') == 1", "VARIABLE OPERATOR LITERAL"),
        ("ferritin_ug_l < 30 and hb_g_dl > 12", "VARIABLE OPERATOR LITERAL"),
        ("ferritin_ug_l =< 30", "VARIABLE OPERATOR LITERAL"),
        ("ferritn_ug_l < 30", "neither a state variable"),
        ("sex < 'female'", "categorical"),
        ("sex == 'woman'", "not a level of sex"),
        ("ferritin_ug_l == 'low'", "numeric"),
    ],
)
def test_invalid_criteria_say_what_was_expected(text, says):
    with pytest.raises(ValueError, match=says):
        parse_criterion(text)


def test_criteria_select_the_right_values():
    values = np.array([10.0, 29.9, 30.0, 45.0, np.nan])
    assert parse_criterion("ferritin_ug_l < 30").holds(values).tolist() == [True, True, False, False, False]
    assert parse_criterion("ferritin_ug_l >= 30").holds(values).tolist() == [False, False, True, True, False]
    sexes = np.array(["female", "male", "female"], dtype=object)
    assert parse_criterion("sex == 'female'").holds(sexes).tolist() == [True, False, True]
    assert parse_criterion("sex != 'female'").holds(sexes).tolist() == [False, True, False]
