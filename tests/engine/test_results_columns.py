"""The lean result path (``model.result_columns``, ``Columns.table()``) gives the same tables
as the pandas frames of ``model.result()`` converted by ``arrow_table``: same column names and
order, same Arrow types, same values. The experiment runner writes its parts from it."""

import numpy as np
import pandas as pd
import pytest

from cohort.engine.model import CohortModel
from cohort.outputs import arrow_table
from cohort.results import Columns
from tests.conftest import CONFIGS


@pytest.fixture(scope="module")
def finished():
    from cohort.config.loader import load_config

    config = load_config(CONFIGS / "quickstart.yaml", [
        "cohort.size=30", "duration_weeks=2", "recording.trajectories=true", "recording.interval_days=3",
    ])
    model = CohortModel(config, run_id="run-7")
    model.run_model()
    return model


def test_tables_equal_the_frames_converted(finished):
    labels = {"point": 3, "arm": "iron", "replicate": 2}
    result = finished.result(**labels)
    columns, extra = finished.result_columns(**labels)
    assert set(columns) == {"runs", "athletes", "cohort_daily", "trajectories"}
    for name, frame in result.to_frames().items():
        if name not in columns:
            assert name in extra
            continue
        pd.testing.assert_frame_equal(columns[name].frame(), frame, check_exact=True)
        expected, got = arrow_table(frame), columns[name].table()
        assert got.schema.equals(expected.schema), name
        assert got.equals(expected), name
        assert got.num_rows == columns[name].rows == len(frame)


@pytest.mark.parametrize("value", ["arm-a", 3, 2.5, True, np.int64(4)])
def test_scalars_broadcast_with_pandas_types(value):
    columns = Columns(4, {"x": np.arange(4.0), "label": value})
    assert columns.table().equals(arrow_table(columns.frame()))


def test_string_date_and_categorical_arrays_keep_pandas_types():
    import datetime as dt

    columns = Columns(3, {
        "sex": np.array(["female", "male", "male"]),
        "variable": np.array(["a", "b", "a"], dtype=object),
        "date": np.array([dt.date(2026, 1, d) for d in (1, 2, 3)], dtype=object),
        "sport": pd.Categorical.from_codes([0, 1, 0], ["run", "row"]),
        "flag": np.array([True, False, True]),
        "strided": np.arange(9.0).reshape(3, 3)[:, 1],
    })
    assert columns.table().equals(arrow_table(columns.frame()))
    assert columns.table().schema.equals(arrow_table(columns.frame()).schema)
