"""A scenario's flat parameter vector: subsystem parameters with config overrides, plus
mechanism strengths (enabled x scale x nominal)."""

from __future__ import annotations

import numpy as np

from cohort.config.models import Config
from cohort.mechanisms import MECHANISMS
from cohort.parameters import PARAMS, Params


def subsystem_params(config: Config) -> dict[str, Params]:
    """Each subsystem's validated parameter model with the config's overrides applied."""
    models = {}
    for section, model_type in PARAMS.sections.items():
        models[section] = model_type.model_validate(config.physiology.get(section, {}))
    return models


def parameter_vector(config: Config) -> np.ndarray:
    return PARAMS.vector(subsystem_params(config), MECHANISMS.strengths(config.mechanisms))


def vector_with(models: dict[str, Params] | None = None, **enabled: bool) -> np.ndarray:
    """A parameter vector from defaults, some subsystem models and mechanism on/off switches
    (``vector_with({"iron": IronParams(...)}, hepcidin_absorption=False)``)."""
    from cohort.config.models import MechanismSetting

    settings = {name: MechanismSetting(enabled=on) for name, on in enabled.items()}
    return PARAMS.vector(models or {}, MECHANISMS.strengths(settings))
