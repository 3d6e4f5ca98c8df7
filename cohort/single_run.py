"""Run one config end to end: build the model, simulate, collect results, write them."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from cohort.config.models import Config
from cohort.engine.model import CohortModel
from cohort.manifest import manifest, write_resolved_config
from cohort.outputs import atomic_directory, check_output_dir, write_json, write_parquet
from cohort.results import CohortResult

Progress = Callable[[int], None]  # called with days advanced


def build_model(config: Config, run_id: str = "run-0") -> CohortModel:
    """The model for ``config`` (strategies compiled in, as ``CohortModel(config)`` does); the
    one call the single-run and experiment runners build models through."""
    return CohortModel(config, run_id=run_id)


def run(config: Config, out: str | Path | None = None, *, overwrite: bool = False, progress: Progress | None = None) -> CohortResult:
    """Simulate ``config``; if ``out`` is given, write the results there (atomically)."""
    if out is not None:
        check_output_dir(Path(out), overwrite)
    started = time.perf_counter()
    model = build_model(config)
    step = 28
    while model.day < model.n_days_total:
        before = model.day
        model.advance(step)
        if progress is not None:
            progress(model.day - before)
    result = model.result()
    if out is not None:
        write_run(result, config, Path(out), overwrite, {**model.timings, "total_s": time.perf_counter() - started})
    return result


def write_run(result: CohortResult, config: Config, out: Path, overwrite: bool, timings: dict[str, float]) -> None:
    with atomic_directory(out, overwrite) as folder:
        files = []
        for name, frame in result.to_frames().items():
            write_parquet(frame, folder / f"{name}.parquet")
            files.append(f"{name}.parquet")
        write_resolved_config(config, folder / "config.resolved.yaml")
        files.append("config.resolved.yaml")
        write_json(manifest(config, timings, files + ["manifest.json"]), folder / "manifest.json")
