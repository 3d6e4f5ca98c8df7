"""Interactive explorer: a live cohort you can step and change, and a browser of results on disk.

A thin layer over the same code the CLI uses: configs are built by :mod:`cohort.config.loader`
and :mod:`cohort.experiment.spec`, models by :class:`cohort.engine.model.CohortModel`, tidy frames by
:class:`cohort.results.CohortResult`, figures by :mod:`cohort.plots` and sensitivity indices by
:mod:`cohort.sensitivity`. Nothing here computes physiology or statistics of its own.

``live``     :class:`LiveCohort`, a model built from a config or one arm of an experiment, with
             mechanism switches/scales and ``--set``-style overrides; steps day by day.
``browse``   :class:`ResultsBrowser`, lazy (pyarrow.dataset) reads of a results directory.
``figures``  small figures the explorer needs beyond :mod:`cohort.plots` (one athlete across
             subsystems, a distribution at the current day, parallel coordinates).
``pages``    Solara components (``Page`` dispatches on the target); importing it needs the
             ``explore`` extra (``pip install cohort[explore]``).
``app``      the module ``solara run`` serves (target from ``COHORT_EXPLORE_TARGET``).
"""
