"""Physiology parameters: frozen pydantic models with units, ranges and citations, flattened
into one float64 vector per scenario for the compiled kernels.

Every field is made with :func:`param`, which records

* ``unit`` (also in the name where confusion is dangerous),
* ``range``: the plausible literature range (low, high) used by sweeps and sensitivity,
* ``cite``: citation keys resolving in :mod:`cohort.bibliography`,
* ``provenance``: ``sourced`` (the value is an independent measurement in the cited studies)
  or ``fitted`` (no study measures it; the value was fitted to the named *calibration*
  validation cases by the stated, reproducible procedure). A parameter may never be set from
  a case of the validation split; ``tests/test_provenance.py`` enforces this,
* hard physical bounds (``ge``/``gt``/``le``) that validation enforces.

A subsystem declares its model with :data:`PARAMS` and gets back a namedtuple of indices
into the flat vector, e.g. ``p[P.half_life_d]``. Derived quantities (rates from half-lives,
reciprocals) are computed once per scenario by the model's ``derived()`` method and appended,
so no kernel divides by a half-life every day.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field


def param(
    default: float,
    unit: str,
    range: tuple[float, float],  # noqa: A002 - the literature range is what it is
    cite: str | tuple[str, ...],
    description: str,
    *,
    ge: float | None = 0.0,
    le: float | None = None,
    gt: float | None = None,
    fitted_to: tuple[str, ...] = (),
    procedure: str = "",
) -> Any:
    """A documented physiological parameter (see module docstring).

    ``fitted_to`` names the calibration cases a fitted value was chosen to reproduce, and
    ``procedure`` says how (e.g. "bisection on the case's measured slope, seed 1"); both are
    empty for a sourced parameter.
    """
    low, high = range
    if not low <= default <= high:
        raise ValueError(f"default {default} outside its literature range {range} ({description})")
    if bool(fitted_to) != bool(procedure):
        raise ValueError(f"a fitted parameter names both its calibration cases and its procedure ({description})")
    cites = (cite,) if isinstance(cite, str) else tuple(cite)
    extra: dict[str, Any] = {
        "unit": unit,
        "range": [low, high],
        "cite": list(cites),
        "provenance": "fitted" if fitted_to else "sourced",
        "fitted_to": list(fitted_to),
        "procedure": procedure,
    }
    if gt is not None:
        ge = None
    return Field(
        default=default,
        description=f"{description} [{unit}]",
        ge=ge,
        le=le,
        gt=gt,
        allow_inf_nan=False,
        json_schema_extra=extra,
    )


class Params(BaseModel):
    """Base of every subsystem's parameter model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: names of the derived quantities appended after the fields, in order
    derived_names: ClassVar[tuple[str, ...]] = ()

    def derived(self) -> dict[str, float]:
        """Quantities computed once from the fields (rates, reciprocals)."""
        return {}

    @classmethod
    def field_meta(cls) -> dict[str, dict[str, Any]]:
        """Field name -> {unit, range, cite, description, default}."""
        out = {}
        for name, info in cls.model_fields.items():
            extra = dict(info.json_schema_extra or {})  # type: ignore[arg-type]
            extra["description"] = info.description
            extra["default"] = info.default
            out[name] = extra
        return out


class ParamTable:
    """Ordered sections of the flat parameter vector."""

    def __init__(self) -> None:
        self._sections: dict[str, type[Params]] = {}
        self._names: list[str] = []  # "section.name"
        self._extra: dict[str, list[str]] = {}  # sections filled by something other than a model

    def declare(self, section: str, model: type[Params]) -> Any:
        """Register ``model`` under ``section``; return a namedtuple of vector indices."""
        if section in self._sections or section in self._extra:
            raise ValueError(f"parameter section {section!r} declared twice")
        self._sections[section] = model
        names = list(model.model_fields) + list(model.derived_names)
        return self._append(section, names)

    def extend_extra(self, section: str, names: list[str]) -> Any:
        """Append names to a section filled by other code (mechanism strengths)."""
        self._extra.setdefault(section, [])
        self._extra[section].extend(names)
        return self._append(section, names)

    def _append(self, section: str, names: list[str]) -> Any:
        start = len(self._names)
        for name in names:
            self._names.append(f"{section}.{name}")
        fields = names
        tuple_type = namedtuple(f"{section.title().replace('_', '')}Index", fields)  # type: ignore[misc]
        return tuple_type(*range(start, start + len(names)))

    @property
    def sections(self) -> dict[str, type[Params]]:
        return dict(self._sections)

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def index(self, dotted: str) -> int:
        return self._names.index(dotted)

    def vector(self, models: dict[str, Params], extra: dict[str, float]) -> np.ndarray:
        """Flatten parameter models (and extra named values) into one float64 vector."""
        values: dict[str, float] = dict(extra)
        for section, model_type in self._sections.items():
            model = models.get(section) or model_type()
            for name in model_type.model_fields:
                values[f"{section}.{name}"] = float(getattr(model, name))
            for name, value in model.derived().items():
                values[f"{section}.{name}"] = float(value)
        missing = [name for name in self._names if name not in values]
        if missing:
            raise KeyError(f"no value for parameters {missing[:5]}")
        return np.array([values[name] for name in self._names], dtype=np.float64)


PARAMS = ParamTable()
