"""Experiments: arms x replicates x sweep points with common random numbers, run in chunks on
an executor, streamed to Parquet, resumable and extensible. See :mod:`cohort.experiment.spec`
for the file format and :func:`cohort.experiment.runner.run_experiment` for the API."""
