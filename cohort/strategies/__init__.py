"""Supplementation strategies: products x delivery x eligibility x adherence, compiled to
:class:`cohort.engine.doses.DoseTables`. Strategies change intake only, never kinetics.

(The strategies issue fills this in; until then a config with strategies is rejected.)
"""

from __future__ import annotations

from cohort.config.models import Config
from cohort.engine.model import CohortModel
from cohort.errors import ConfigError, Problem


def attach_strategies(config: Config, run_id: str = "run-0") -> CohortModel:
    if config.strategies:
        raise ConfigError([Problem("<config>", "strategies", config.strategies, "an empty list (strategies are not implemented yet)")])
    return CohortModel(config, run_id=run_id)
