"""A cohort from a squad table: real athletes' traits and baseline labs (docs/squad.md).

:mod:`cohort.squad.table` reads and checks the table; generation takes its traits in place of
draws (:func:`cohort.generation.sample_traits`); :mod:`cohort.squad.labs` pins each athlete's
initial steady state to their measured labs.
"""
