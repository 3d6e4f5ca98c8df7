"""The daily vitamin D kernels: ``crosstalk`` (VDR deficit, calcium absorption) and ``kinetics``."""

from __future__ import annotations

from cohort.jit import kernel
from cohort.physiology.channels import C
from cohort.physiology.inputs import I
from cohort.physiology.vitamin_d.mechanisms import (
    M,
    calcium_absorption_factor,
    clearance_decay,
    fat_storage,
    hydroxylation,
    oral_input,
    skin_synthesis,
    vdr_deficit,
    vdr_force,
    vdr_mitochondria,
    vdr_strength_adaptation,
)
from cohort.physiology.vitamin_d.parameters import P
from cohort.physiology.vitamin_d.variables import V


@kernel
def crosstalk(x, p, d):
    """VDR deficit -> force, strength and (hypothesis) mitochondrial adaptation; 25(OH)D -> Ca absorption."""
    deficit = vdr_deficit(x, p)
    if deficit > 0.0:
        d[C.force] *= vdr_force(x, p, deficit)
        d[C.adapt_strength] *= vdr_strength_adaptation(x, p, deficit)
        d[C.adapt_mito] *= vdr_mitochondria(x, p, deficit)
    d[C.calcium_absorption] *= calcium_absorption_factor(x, p)


@kernel
def kinetics(x, p, d):
    """Advance skin synthesis, the D3 pool and fat store, 25(OH)D and the VDR signal one day."""
    strength = p[M.vitd_skin_synthesis]
    skin = strength * skin_synthesis(x, p, d[I.day_of_year]) if strength > 0.0 else 0.0
    oral = p[M.vitd_oral_intake] * oral_input(x, p, d)
    oral_to_fat, skin_to_fat = fat_storage(p)
    pool = x[V.vitd_d3_pool_ug]
    store = x[V.vitd_fat_store_ug]
    out_pool = pool * p[P.pool_loss]
    out_store = store * p[P.store_loss]
    x[V.vitd_d3_pool_ug] = pool - out_pool + oral + (1.0 - skin_to_fat) * skin
    x[V.vitd_fat_store_ug] = store - out_store + oral_to_fat * out_pool + skin_to_fat * skin
    flux = (1.0 - oral_to_fat) * out_pool + out_store
    activation = d[C.vitd_activation]
    production = hydroxylation(x, p, flux, activation, p[M.vitd_hydroxylation_saturation])
    level = x[V.vitd_25oh_nmol_l]
    level = level * clearance_decay(level, x[V.vitd_half_life_ratio], p) + production
    x[V.vitd_25oh_nmol_l] = level
    # relaxes toward a target in [0, 1) with a step in (0, 1): stays in [0, 1) by construction
    target = activation * level / (level + p[P.vdr_half_saturation_nmol_l])
    x[V.vitd_vdr_signal] += (target - x[V.vitd_vdr_signal]) * p[P.vdr_relax]
    x[V.vitd_skin_ug_d] = skin
