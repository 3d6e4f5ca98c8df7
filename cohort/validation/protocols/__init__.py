"""Experiment files of the validation cases (``<CASE-ID>.yaml``) and the base config they extend."""
