"""Supplementation strategies: products x delivery x eligibility x adherence, compiled to
:class:`cohort.engine.doses.DoseTables` and observation hooks. Strategies change intake only,
never kinetics.

The config schema is in :mod:`cohort.strategies.models`, presets and unit conversions in
:mod:`cohort.strategies.products`, compilation in :mod:`cohort.strategies.compile`. This
package file stays import-light because the config schema imports the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cohort.config.models import Config
    from cohort.engine.model import CohortModel


def attach_strategies(config: Config, run_id: str = "run-0") -> CohortModel:
    """Build the model for ``config`` with its strategies compiled in (see :mod:`.compile`)."""
    from cohort.strategies.compile import build_study_model

    return build_study_model(config, run_id)
