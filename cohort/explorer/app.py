"""The module ``solara run`` serves: ``Page`` with the target from ``COHORT_EXPLORE_TARGET``
(and ``--set`` overrides from ``COHORT_EXPLORE_SET``, one per line). See ``cohort explore``."""

from cohort.explorer.pages import Page

__all__ = ["Page"]
