"""Validation cases, one module per subsystem (each registers with ``@case``)."""
