"""Calibration of a cohort to a squad's lab history (``cohort calibrate``).

The pieces follow the data flow:

``spec.py``        the calibration file: base config, data, free parameters and their priors
``data.py``        the observations (tidy CSV/Parquet), checked row by row
``simulate.py``    candidate parameters -> the model's true value at every observed draw
``likelihood.py``  log-normal assay error of :mod:`cohort.observation` -> log posterior
``methods.py``     Optuna (TPE or CMA-ES) point estimate, emcee posterior
``outputs.py``     posterior.parquet, calibration.json, figures and an HTML report
``synthetic.py``   data simulated from known parameters (examples, recovery tests)
``coverage.py``    coverage of the 90 % intervals over synthetic repeats (validation of the method)
``forecast.py``    the calibrated squad from each athlete's last visit under an experiment's arms

Every candidate is simulated with the same seed (common random numbers): the same athletes,
sessions, eating days and adherence, so the objective changes only with the parameters.
"""
