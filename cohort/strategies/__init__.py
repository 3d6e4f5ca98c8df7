"""Supplementation strategies: products x delivery x eligibility x adherence. Strategies
change intake only, never kinetics.

The config schema is in :mod:`cohort.strategies.models`, presets and unit conversions in
:mod:`cohort.strategies.products`. A model compiles its config's strategies into
:class:`cohort.engine.doses.DoseTables` and observation hooks when it is built
(:mod:`cohort.engine.study`), so ``CohortModel(config)`` always carries them. This package
stays import-light because the config schema imports its models.
"""
