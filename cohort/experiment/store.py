"""The on-disk experiment: Parquet parts per finished chunk, a manifest of chunks, resume and
extend, and consolidation into one file per frame.

Layout of ``--out``::

    manifest.json                 spec, seeds, versions, chunk list (rewritten atomically)
    experiment.resolved.yaml      the spec as run (with the base config resolved)
    parts/<frame>/chunk-<k>.arrow     one file per frame per finished chunk (atomic; Arrow IPC,
                                      ``chunk-<k>.parquet`` in directories of earlier versions)
    runs.parquet athletes.parquet cohort_daily.parquet [trajectories.parquet draws.parquet events.parquet] failures.json

Every row of a part carries ``run_key``: a hash of the run's resolved config (seed included).
A chunk counts as done only once its parts are in place *and* the manifest lists it, so a
kill at any moment loses at most the chunks in flight; parts not in the manifest are
deleted when the experiment is resumed. Resuming or extending (more replicates, more
points) recomputes only keys that are not in a done chunk; consolidation relabels stored
runs with the current plan's run_id/point/arm/replicate, in plan order, one window of runs
at a time so memory stays bounded by the window, not the number of runs. It streams: the
plan's finished prefix is appended while later chunks are still being computed
(:class:`Consolidator`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cohort.errors import OutputError
from cohort.outputs import arrow_table, parquet_options, write_json

log = logging.getLogger(__name__)

FRAMES = ("runs", "athletes", "cohort_daily", "trajectories", "draws", "events")
LABELS = ("run_id", "point", "arm", "replicate")
MANIFEST = "manifest.json"
#: runs relabelled and appended together during consolidation (bounds its memory)
CONSOLIDATION_WINDOW = 64


#: format of the parts this version writes (a chunk record without "format" is Parquet)
PART_FORMAT = "arrow"
PART_SUFFIX = {"arrow": ".arrow", "parquet": ".parquet"}
#: parts mostly of distinct floats stay uncompressed (LZ4 saves ~20 % of their bytes for ~2x the
#: write and ~5x the read time); long tables of repeated labels (cohort_daily) shrink ~5x with it
UNCOMPRESSED_PARTS = frozenset({"athletes", "trajectories"})


def frame_to_part_bytes(name: str, frame: pd.DataFrame) -> bytes:
    return table_to_part_bytes(name, arrow_table(frame))


def table_to_part_bytes(name: str, table: pa.Table) -> bytes:
    """A chunk's part of frame ``name`` as an Arrow IPC file.

    Parts are intermediate: written once by a worker, read once by consolidation (and again
    only on ``--resume``), which writes the Parquet files. Arrow IPC needs no encoding and is
    read by memory map, where a Parquet part was encoded in the worker and decoded in the
    driver (~7 CPU-ms per run of 1,000 athletes)."""
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression=None if name in UNCOMPRESSED_PARTS else "lz4")
    with pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def read_part(path: Path) -> pa.Table:
    """A part written by this version (Arrow IPC, memory-mapped) or an earlier one (Parquet)."""
    if path.suffix == PART_SUFFIX["parquet"]:
        return pq.read_table(path)
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class ChunkRecord:
    id: int
    runs: list[str]  # keys computed successfully
    failed: dict[str, dict[str, Any]]  # key -> failure record
    frames: list[str]
    seconds: float
    attempts: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": "done", "runs": self.runs, "failed": self.failed,
                "frames": self.frames, "format": PART_FORMAT, "seconds": round(self.seconds, 4),
                "attempts": self.attempts}


class ExperimentStore:
    """Owns the output directory of one experiment (locked while open)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts = out / "parts"
        self._lock_handle: Any = None
        self.manifest: dict[str, Any] = {}
        self.chunks: list[dict[str, Any]] = []
        #: True when this session started the directory (nothing of an earlier session in it)
        self.fresh = True
        self._manifest_at_open = ""
        self._chunks_at_open = 0

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, out: str | Path, *, resume: bool, overwrite: bool, header: dict[str, Any]) -> ExperimentStore:
        out = Path(out)
        if out.exists() and not out.is_dir():
            raise OutputError(f"--out {out}: exists and is not a directory")
        non_empty = out.is_dir() and any(out.iterdir())
        if non_empty and not (resume or overwrite):
            raise OutputError(f"--out {out}: directory exists and is not empty (use --resume to continue it or --overwrite to replace it)")
        if non_empty and resume and not (out / MANIFEST).is_file():
            raise OutputError(f"--out {out}: not an experiment output (no {MANIFEST}); cannot --resume")
        if non_empty and overwrite and not resume:
            if not (out / MANIFEST).is_file():
                # --overwrite deletes the directory: only ever one that holds cohort results
                raise OutputError(f"--out {out}: not empty and not a cohort output (no {MANIFEST}); refusing to delete it")
            shutil.rmtree(out)
        out.mkdir(parents=True, exist_ok=True)
        store = cls(out)
        store._lock()
        if resume and (out / MANIFEST).is_file():
            import json

            store.fresh = False
            store._manifest_at_open = (out / MANIFEST).read_text(encoding="utf-8")
            store.manifest = json.loads(store._manifest_at_open)
            if store.manifest.get("kind") != "experiment":
                raise OutputError(f"--out {out}: {MANIFEST} is not an experiment manifest; cannot --resume")
            store.chunks = list(store.manifest.get("chunks", []))
            store._drop_orphans()
        store._chunks_at_open = len(store.chunks)
        sessions = list(store.manifest.get("sessions", []))
        store.manifest = {**header, "kind": "experiment", "created": store.manifest.get("created", _now()), "status": "running"}
        store.manifest["sessions"] = sessions
        store.manifest["chunks"] = store.chunks
        store.save()
        return store

    def _lock(self) -> None:
        handle = open(self.out / ".lock", "w")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise OutputError(f"--out {self.out}: another cohort process is writing this experiment") from None
        self._lock_handle = handle

    def close(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    def end_early(self, interrupted: bool) -> None:
        """The session stops before finishing. If it finished no chunk, it leaves no trace: a
        fresh directory is removed, a resumed one gets its manifest back as it was (a typo in
        ``--resume --scheduler`` must not turn a complete experiment into a failed one).
        Otherwise the manifest says ``interrupted`` or ``failed`` and ``--resume`` continues
        from the chunks on disk."""
        if len(self.chunks) == self._chunks_at_open:
            if self.fresh:
                self.close()
                shutil.rmtree(self.out, ignore_errors=True)
            else:
                temporary = self.out / f".{MANIFEST}.tmp"
                temporary.write_text(self._manifest_at_open, encoding="utf-8")
                os.replace(temporary, self.out / MANIFEST)
            return
        self.manifest["status"] = "interrupted" if interrupted else "failed"
        self.save()

    def _drop_orphans(self) -> None:
        """Remove parts of chunks that never reached the manifest, and stray temporaries."""
        known: dict[int, list[str]] = {}
        formats: dict[int, str] = {}
        valid = []
        for chunk in self.chunks:
            files = [self.part_path(frame, chunk["id"], chunk_format(chunk)) for frame in chunk["frames"]]
            if all(f.is_file() for f in files):
                valid.append(chunk)
                known[chunk["id"]] = chunk["frames"]
                formats[chunk["id"]] = chunk_format(chunk)
            else:
                log.warning("chunk %s has missing parts; its runs will be recomputed", chunk["id"])
        self.chunks = valid
        if not self.parts.is_dir():
            return
        for folder in self.parts.iterdir():
            for file in folder.iterdir():
                chunk_id = _chunk_id(file.name)
                if chunk_id is None or folder.name not in known.get(chunk_id, []) or file != self.part_path(
                    folder.name, chunk_id, formats[chunk_id]
                ):
                    log.info("removing %s (not recorded in the manifest)", file)
                    file.unlink()

    # -- state --------------------------------------------------------------------------
    def save(self) -> None:
        self.manifest["chunks"] = self.chunks
        self.manifest["updated"] = _now()
        self.manifest["failures"] = len(self.failed_keys())
        write_json(self.manifest, self.out / MANIFEST)

    def completed(self) -> dict[str, int]:
        """Run key -> chunk id of every successfully computed run on disk."""
        done: dict[str, int] = {}
        for chunk in self.chunks:
            for key in chunk["runs"]:
                done[key] = chunk["id"]
        return done

    def failed_keys(self) -> dict[str, dict[str, Any]]:
        done = self.completed()
        failed: dict[str, dict[str, Any]] = {}
        for chunk in self.chunks:
            for key, record in chunk.get("failed", {}).items():
                if key not in done:
                    failed[key] = record
        return failed

    def next_chunk_id(self) -> int:
        return max((chunk["id"] for chunk in self.chunks), default=-1) + 1

    def part_path(self, frame: str, chunk_id: int, part_format: str = PART_FORMAT) -> Path:
        return self.parts / frame / f"chunk-{chunk_id:06d}{PART_SUFFIX[part_format]}"

    # -- writing ------------------------------------------------------------------------
    def write_chunk(self, record: ChunkRecord, parts: dict[str, bytes]) -> None:
        """Write a finished chunk's parts atomically, then record it in the manifest."""
        for frame, payload in parts.items():
            path = self.part_path(frame, record.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.tmp")
            with open(temporary, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        record.frames = sorted(parts)
        # a failure recorded earlier for a key that now succeeded is superseded
        self.chunks.append(record.to_json())
        self.save()

    # -- consolidation ------------------------------------------------------------------
    def frames_on_disk(self) -> list[str]:
        present = {frame for chunk in self.chunks for frame in chunk["frames"]}
        return [frame for frame in FRAMES if frame in present]

    def _read_keys(self, frame: str, keys: set[str], done: dict[str, int]) -> dict[str, pa.Table]:
        chunk_ids = sorted({done[key] for key in keys})
        formats = {chunk["id"]: chunk_format(chunk) for chunk in self.chunks}
        out: dict[str, pa.Table] = {}
        for chunk_id in chunk_ids:
            path = self.part_path(frame, chunk_id, formats[chunk_id])
            if not path.is_file():
                continue
            table = read_part(path)
            segments: dict[str, list[pa.Table]] = {}
            for key, start, stop in _key_runs(table.column("run_key")):
                if key in keys:  # zero-copy slices: a chunk's part holds each run's rows together
                    segments.setdefault(key, []).append(table.slice(start, stop - start))
            for key, pieces in segments.items():
                out[key] = pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces)
        return out

    def stored_runs(self, keys: Iterable[str]) -> pd.DataFrame:
        """Rows of the ``runs`` parts for ``keys`` (one row per key)."""
        done = self.completed()
        wanted = {key for key in keys if key in done}
        tables = self._read_keys("runs", wanted, done) if wanted else {}
        if not tables:
            return pd.DataFrame({"run_key": pd.Series([], dtype=object)})
        return pa.concat_tables(list(tables.values()), promote_options="default").to_pandas()


class Consolidator:
    """Writes ``<frame>.parquet`` in plan order while the experiment runs.

    :meth:`advance` is called as chunks finish: the plan's finished prefix is relabelled and
    appended a window of runs at a time, so the driver's consolidation overlaps the workers'
    simulation instead of following it (on 2 cores it was ~9 s at the end of a 1,000-run
    experiment). Output goes to hidden temporary files renamed into place by :meth:`finish`;
    :meth:`abort` removes them. The file content does not depend on when the windows were
    written (same rows, same order).
    """

    def __init__(self, store: ExperimentStore, plan: list[Any], window: int = CONSOLIDATION_WINDOW) -> None:
        self.store = store
        self.plan = plan
        self.window = window
        self.position = 0  # plan entries before this one are in a batch or written
        self.batch: list[Any] = []
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = {}
        self.finished: set[str] = set(store.completed()) | set(store.failed_keys())  # e.g. reused runs

    def _temporary(self, frame: str) -> Path:
        return self.store.out / f".{frame}.parquet.tmp"

    def advance(self, finished: Iterable[str]) -> None:
        """Note runs that just finished (computed or failed); consolidate the plan's finished
        prefix, window by window."""
        self.finished.update(finished)
        while self.position < len(self.plan) and self.plan[self.position].key in self.finished:
            self.batch.append(self.plan[self.position])
            self.position += 1
            if len(self.batch) >= self.window:
                self._flush()

    def finish(self) -> dict[str, int]:
        """Write what is left, put every file in place; returns rows per frame."""
        for run in self.plan[self.position :]:
            self.batch.append(run)
            if len(self.batch) >= self.window:
                self._flush()
        self.position = len(self.plan)
        self._flush()
        for writer in self.writers.values():
            writer.close()
        for frame in FRAMES:
            if frame == "runs":
                continue
            target = self.store.out / f"{frame}.parquet"
            if frame in self.writers:
                os.replace(self._temporary(frame), target)
            elif target.exists():  # left by an earlier session, no rows now
                target.unlink()
        self.writers = {}
        return dict(self.rows)

    def abort(self) -> None:
        """Close and delete the temporary files (an interrupted experiment leaves no half file)."""
        for frame, writer in self.writers.items():
            try:
                writer.close()
            finally:
                self._temporary(frame).unlink(missing_ok=True)
        self.writers = {}

    def _flush(self) -> None:
        done = self.store.completed()
        entries = [run for run in self.batch if run.key in done]
        self.batch = []
        if not entries:
            return
        keys = {run.key for run in entries}
        for frame in self.store.frames_on_disk():
            if frame == "runs":
                continue
            tables = self.store._read_keys(frame, keys, done)
            pieces = [_relabel(tables[run.key], run) for run in entries if run.key in tables]
            if not pieces:
                continue
            try:
                table = pa.concat_tables(pieces, promote_options="default")
            except pa.ArrowTypeError:  # Parquet parts of an earlier version beside Arrow ones: labels
                # read back as dictionary<string>, this version's as dictionary<large_string>
                table = pa.concat_tables([piece.cast(pieces[0].schema) for piece in pieces])
            writer = self.writers.get(frame)
            if writer is None:
                writer = pq.ParquetWriter(self._temporary(frame), table.schema, **parquet_options(table.schema))
                self.writers[frame] = writer
            elif table.schema != writer.schema:
                table = table.cast(writer.schema)
            writer.write_table(table)
            self.rows[frame] = self.rows.get(frame, 0) + table.num_rows


def _key_runs(column: pa.ChunkedArray) -> Iterator[tuple[str, int, int]]:
    """(key, start row, stop row) of each stretch of equal keys in ``column``, in order."""
    keys = np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    if len(keys) == 0:
        return
    edges = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate(([0], edges))
    stops = np.concatenate((edges, [len(keys)]))
    for start, stop in zip(starts.tolist(), stops.tolist(), strict=True):
        yield str(keys[start]), start, stop


def _relabel(table: pa.Table, run: Any) -> pa.Table:
    n = table.num_rows
    values = {"run_id": pa.repeat(pa.scalar(run.run_id, pa.string()), n),
              "point": pa.repeat(pa.scalar(run.point, pa.int64()), n),
              "arm": pa.repeat(pa.scalar(run.arm, pa.string()), n),
              "replicate": pa.repeat(pa.scalar(run.replicate, pa.int64()), n)}
    for name, array in values.items():
        index = table.schema.get_field_index(name)
        if index >= 0:
            table = table.set_column(index, name, array)
    index = table.schema.get_field_index("run_key")
    if index >= 0:
        table = table.remove_column(index)
    return table


def chunk_format(chunk: dict[str, Any]) -> str:
    """The format of a chunk record's parts (records of earlier versions name none: Parquet)."""
    return str(chunk.get("format", "parquet"))


def _chunk_id(name: str) -> int | None:
    stem, dot, suffix = name.rpartition(".")
    if not (stem.startswith("chunk-") and dot and f".{suffix}" in PART_SUFFIX.values()):
        return None
    digits = stem[len("chunk-") :]
    return int(digits) if digits.isdigit() else None
