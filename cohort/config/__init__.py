"""Configuration: pydantic models, YAML loading with composition and ``--set`` overrides."""

from cohort.config.loader import load_config, load_yaml_document
from cohort.config.models import Config

__all__ = ["Config", "load_config", "load_yaml_document"]
