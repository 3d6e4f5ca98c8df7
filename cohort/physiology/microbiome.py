"""microbiome subsystem (placeholder: declares no state yet; its physiology issue fills it in)."""

from __future__ import annotations

import numpy as np
from cohort.jit import kernel

from cohort.parameters import PARAMS, Params
from cohort.physiology.base import Subsystem

NAME = "microbiome"


class MicrobiomeParams(Params):
    """No parameters yet."""


P = PARAMS.declare(NAME, MicrobiomeParams)


@kernel
def crosstalk(x, p, d):  # type: ignore[no-untyped-def]
    """No contribution yet."""
    return


@kernel
def kinetics(x, p, d):  # type: ignore[no-untyped-def]
    """No state yet."""
    return


def initialize(traits: dict[str, np.ndarray], params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {}


SUBSYSTEM = Subsystem(name=NAME, params=MicrobiomeParams, crosstalk=crosstalk, kinetics=kinetics, initialize=initialize)
