"""Reproducible fits of the parameters marked ``fitted`` (``param(fitted_to=..., procedure=...)``).

Each module re-runs the calibration cases its parameters were fitted to on the stated grid and
prints the result, e.g. ``python -m cohort.validation.fits.vitamin_d season``. Only cases of the
calibration split may inform a parameter.
"""
