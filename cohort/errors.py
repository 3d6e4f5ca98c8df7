"""User-facing exceptions. The CLI turns each into one clear line and exit code 2 (input) or 1."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem with one value in one input file."""

    source: str  # file path, "--set", or "<api>"
    key_path: str  # dotted path, e.g. "cohort.size"
    value: object  # a Path (os.PathLike) is printed in full, anything else shortened past 80 characters
    expected: str

    def __str__(self) -> str:
        if isinstance(self.value, os.PathLike):  # a path is shown whole: the user must find the file
            value = repr(os.fspath(self.value))
        else:
            value = repr(self.value)
            if len(value) > 80:  # long values keep both ends
                value = value[:50] + "..." + value[-27:]
        key = self.key_path or "<document>"
        return f"{self.source}: {key}: got {value}; expected {self.expected}"


class CohortError(Exception):
    """Base class of every error the package raises for users."""


class ConfigError(CohortError):
    """Invalid configuration or experiment input. Carries one Problem per issue found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StateError(CohortError):
    """A state variable left its physical bounds or became non-finite."""


class ContractError(CohortError):
    """Subsystem read/write contracts are inconsistent (a programming error, caught at build)."""


class OutputError(CohortError):
    """The output directory cannot be used (exists and not empty, or not writable)."""
