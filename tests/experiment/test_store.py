"""The two copies of a chunk's rows (Parquet part on disk, Arrow IPC for the driver) are the
same table, so consolidation gives the same file whichever copy it reads."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cohort.experiment.store import frame_to_part, ipc_table


def _chunk_frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 50
    return pd.DataFrame({
        "run_key": ["a"] * 25 + ["b"] * 25,
        "athlete": np.arange(n),
        "sport": pd.Categorical(rng.choice(["endurance", "team"], n)),
        "sex": rng.choice(["female", "male"], n),
        "ferritin_ug_l_end": rng.lognormal(4, 0.6, n),
        "vitd_deficient_end": rng.random(n) < 0.2,
        "date": pd.date_range("2026-01-06", periods=n).date,
    })


def test_ipc_copy_equals_the_parquet_part_read_back():
    frame = _chunk_frame()
    part, payload = frame_to_part(frame)
    from_disk = pq.read_table(pa.BufferReader(part))
    from_memory = ipc_table(payload, part)
    assert from_memory.schema == from_disk.schema
    assert from_memory.equals(from_disk)
    assert pa.concat_tables([from_memory, from_disk]).num_rows == 100  # one schema
    # and the values are the frame's
    back = from_memory.to_pandas()
    np.testing.assert_array_equal(back["ferritin_ug_l_end"].to_numpy(), frame["ferritin_ug_l_end"].to_numpy())
    assert back["sport"].astype(str).tolist() == frame["sport"].astype(str).tolist()
    assert back["vitd_deficient_end"].tolist() == frame["vitd_deficient_end"].tolist()
