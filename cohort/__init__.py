"""cohort: an agent-based simulator of athlete cohorts with micronutrient crosstalk.

The public API is small: load a config, run it, get tidy frames back.

>>> import cohort
>>> config = cohort.load_config("configs/quickstart.yaml")   # doctest: +SKIP
>>> result = cohort.run(config)                             # doctest: +SKIP
>>> frames = result.to_frames()                             # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Athlete", "CohortModel", "load_config", "run", "run_experiment", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from cohort.config.loader import load_config
    from cohort.engine.model import Athlete, CohortModel
    from cohort.single_run import run


def __getattr__(name: str) -> Any:
    # Lazy imports keep `import cohort` cheap and free of numba compilation.
    if name == "load_config":
        from cohort.config.loader import load_config

        return load_config
    if name in ("CohortModel", "Athlete"):
        from cohort.engine import model

        return getattr(model, name)
    if name == "run":
        from cohort.single_run import run

        return run
    if name == "run_experiment":
        from cohort.experiment.runner import run_experiment

        return run_experiment
    raise AttributeError(f"module 'cohort' has no attribute {name!r}")
