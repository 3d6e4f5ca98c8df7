"""Registry and runner of validation cases.

A case is a function returning :class:`Check` values, registered with :func:`case`. Each check
is one emergent quantity measured on simulated athletes, with the published value and a
two-sided interval from its published uncertainty (both ends finite: a check that cannot fail
is refused when it is made). A case records its split (:data:`KINDS`), citations, the
mechanisms of the registry it exercises, an evidence tag and, for a known miss, a diagnosis.

Where the experiment vocabulary can express a protocol, the case ships it as an experiment
file, ``cohort/validation/protocols/<CASE-ID>.yaml`` (read with :mod:`importlib.resources`, so
it works from an installed package), and builds its arms with :func:`protocol_models`, the
same configs ``cohort experiment`` runs; ``cohort validate --protocol CASE-ID`` writes it out.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import math
import pkgutil
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from cohort.engine.model import CohortModel
    from cohort.experiment.spec import Experiment

#: package holding the protocol files (experiment YAML) and the base config they extend
PROTOCOL_PACKAGE = "cohort.validation.protocols"
#: base config the protocol files extend (``base: base.yaml``)
PROTOCOL_BASE = "base.yaml"


@dataclass(frozen=True)
class Check:
    """One measured quantity and its published interval (inclusive, both ends finite).

    ``published`` is the published point value (mean, median or ratio as the study reports
    it), drawn in the report next to the interval; ``low``/``high`` come from the published
    uncertainty (confidence interval, +-SD or the spread across studies), never widened to
    make the model pass. A ``value`` outside them, or not finite, fails.
    """

    name: str
    value: float
    low: float
    high: float
    unit: str = ""
    published: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"check {self.name!r}: the interval [{self.low}, {self.high}] must be finite at both ends")
        if self.low > self.high:
            raise ValueError(f"check {self.name!r}: low {self.low} above high {self.high}")
        if self.published is not None and not self.low <= self.published <= self.high:
            raise ValueError(f"check {self.name!r}: published value {self.published} outside its interval [{self.low}, {self.high}]")

    @property
    def passed(self) -> bool:
        return math.isfinite(self.value) and self.low <= self.value <= self.high


@dataclass(frozen=True)
class ValidationCase:
    id: str
    title: str
    subsystem: str
    kind: str  # the split: "calibration" or "validation" (see KINDS)
    citations: tuple[str, ...]
    evidence: str  # tag of the finding: "[A]", "[B]", "[C]" as in calibration_targets.md
    protocol: str
    run: Callable[[], list[Check]] = field(repr=False)
    mechanisms: tuple[str, ...] = ()  # ids in cohort.mechanisms.MECHANISMS the case exercises
    published: str = ""  # the published finding in words (the checks carry the numbers)
    diagnosis: str = ""  # why the model misses, for a known miss

    @property
    def protocol_file(self) -> str | None:
        """Name of the shipped experiment file of this case, or None (Python-only protocol)."""
        name = f"{self.id}.yaml"
        return name if resources.files(PROTOCOL_PACKAGE).joinpath(name).is_file() else None


#: The library has two halves.
#: calibration: findings that may inform parameters (a parameter fitted to one names it in
#: ``fitted_to``); the model must reproduce them, and a failure fails `cohort validate`.
#: validation: findings no parameter may be set from (a test enforces that no parameter cites
#: a validation case or its studies). They measure what the model predicts out of sample; their
#: pass rate is reported, and a miss is shown with its diagnosis rather than hidden.
KINDS = ("calibration", "validation")

CASES: dict[str, ValidationCase] = {}


def case(
    id: str,  # noqa: A002
    title: str,
    subsystem: str,
    citations: tuple[str, ...],
    evidence: str,
    protocol: str,
    kind: str = "validation",
    mechanisms: tuple[str, ...] = (),
    published: str | float | None = None,
    diagnosis: str = "",
) -> Callable[[Callable[[], list[Check]]], Callable[[], list[Check]]]:
    """Decorator registering a function returning checks as a validation case.

    A case is out of sample (``kind="validation"``) unless it says it is a calibration case.
    """

    def register(function: Callable[[], list[Check]]) -> Callable[[], list[Check]]:
        if id in CASES:
            raise ValueError(f"validation case {id!r} registered twice")
        if kind not in KINDS:
            raise ValueError(f"validation case {id!r}: kind must be one of {KINDS}")
        if not citations:
            raise ValueError(f"validation case {id!r}: cite the studies it reproduces")
        CASES[id] = ValidationCase(
            id, title, subsystem, kind, tuple(citations), evidence, protocol, function,
            mechanisms=tuple(mechanisms), published="" if published is None else str(published), diagnosis=diagnosis,
        )
        return function

    return register


def load_cases() -> dict[str, ValidationCase]:
    from cohort.validation import cases

    for module in pkgutil.iter_modules(cases.__path__):
        importlib.import_module(f"cohort.validation.cases.{module.name}")
    return CASES


# --------------------------------------------------------------------------- protocols
def protocol_text(case_id: str) -> str:
    """The shipped experiment file of ``case_id`` (KeyError when the case has none)."""
    item = resources.files(PROTOCOL_PACKAGE).joinpath(f"{case_id}.yaml")
    if not item.is_file():
        raise KeyError(f"validation case {case_id!r} has no protocol file (its protocol is Python code)")
    return item.read_text(encoding="utf-8")


#: a protocol file is named after its case (``FE-ALT-DAY.yaml``); other YAML files there are bases
_CASE_FILE = re.compile(r"^[A-Z0-9][A-Z0-9-]*[A-Z0-9]\.yaml$")


def protocol_files() -> list[str]:
    """Case ids with a shipped experiment file."""
    folder = resources.files(PROTOCOL_PACKAGE)
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if _CASE_FILE.match(p.name))


@contextlib.contextmanager
def _protocol_folder() -> Iterator[Path]:
    with resources.as_file(resources.files(PROTOCOL_PACKAGE)) as folder:
        yield Path(folder)


_SETTINGS: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("case_settings", default=())


@contextlib.contextmanager
def case_settings(settings: Iterable[str]) -> Iterator[None]:
    """Run cases with ``--set``-style settings (``"physiology.vitamin_d.half_life_d=20"``) applied
    to every protocol: files, literature protocols and Python protocols alike. This is how the
    fits of calibration parameters (:mod:`cohort.validation.fits`) try their grid values."""
    token = _SETTINGS.set((*_SETTINGS.get(), *settings))
    try:
        yield
    finally:
        _SETTINGS.reset(token)


def active_settings() -> tuple[str, ...]:
    """The settings of the enclosing :func:`case_settings` blocks (none outside them)."""
    return _SETTINGS.get()


def protocol_experiment(case_id: str, overrides: Iterable[str] = ()) -> Experiment:
    """The experiment of ``case_id``'s protocol file, resolved like ``cohort experiment`` does."""
    from cohort.experiment.spec import resolve_experiment

    protocol_text(case_id)  # a clear KeyError for a case without a file
    with _protocol_folder() as folder:
        return resolve_experiment(folder / f"{case_id}.yaml", overrides=(*active_settings(), *overrides))


def protocol_models(case_id: str, overrides: Iterable[str] = ()) -> dict[str, CohortModel]:
    """One unadvanced model per arm of the protocol (replicate 0), built as the experiment runner builds them.

    Arms share the experiment seed, so their athletes are identical (common random numbers).
    """
    from cohort.engine.model import CohortModel

    experiment = protocol_experiment(case_id, overrides)
    return {arm: CohortModel(experiment.point_config(0, arm), run_id=f"{case_id}.{arm}") for arm in experiment.spec.arms}


def export_protocol(case_id: str, folder: Path) -> list[Path]:
    """Write ``<case_id>.yaml`` and the base config it extends into ``folder``; return the paths."""
    import yaml

    text = protocol_text(case_id)
    base_name = str((yaml.safe_load(text) or {}).get("base", PROTOCOL_BASE))
    base = resources.files(PROTOCOL_PACKAGE).joinpath(base_name)
    if "/" in base_name or "\\" in base_name or not base.is_file():
        raise ValueError(f"protocol {case_id}: its base {base_name!r} must be a file next to it in {PROTOCOL_PACKAGE}")
    written = []
    for name, content in ((f"{case_id}.yaml", text), (base_name, base.read_text(encoding="utf-8"))):
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- running
def run_cases(ids: Iterable[str] | None = None, progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Run the selected cases (all by default); one row per check."""
    registry = load_cases()
    selected = list(ids) if ids else sorted(registry)
    unknown = [i for i in selected if i not in registry]
    if unknown:
        raise KeyError(f"unknown validation case(s) {unknown}; known: {sorted(registry)}")
    rows = []
    for case_id in selected:
        item = registry[case_id]
        if progress:
            progress(case_id)
        started = time.perf_counter()
        try:
            checks = item.run()
            error = "" if checks else "the case returned no checks"
        except Exception as exc:  # a case that crashes is reported as failed, with the reason
            checks = []
            error = f"{type(exc).__name__}: {exc}"
        if not checks:
            checks = [Check("case raised" if error else "no checks", float("nan"), 0.0, 0.0)]
        elapsed = time.perf_counter() - started
        rows.extend(check_rows(item, checks, error, elapsed))
    return pd.DataFrame(rows)


def check_rows(item: ValidationCase, checks: list[Check], error: str = "", seconds: float = 0.0) -> list[dict[str, Any]]:
    """Table rows (one per check) of a case's result."""
    from cohort.bibliography import resolve

    citation = "; ".join(resolve(key).split(".")[0] + f" [{key}]" for key in item.citations)
    return [
        {
            "case": item.id,
            "kind": item.kind,
            "subsystem": item.subsystem,
            "title": item.title,
            "check": check.name,
            "value": check.value,
            "published": float("nan") if check.published is None else check.published,
            "low": check.low,
            "high": check.high,
            "unit": check.unit,
            "passed": bool(check.passed and not error),
            "evidence": item.evidence,
            "citation": citation,
            "mechanisms": " ".join(item.mechanisms),
            "protocol_file": item.protocol_file or "",
            "diagnosis": item.diagnosis,
            "error": error,
            "seconds": round(seconds, 2),
        }
        for check in checks
    ]


def verdict(row: Any) -> str:
    """PASS, FAIL (calibration), MISS (validation) or ERROR: reason."""
    if row.error:
        return "ERROR: " + row.error
    if row.passed:
        return "PASS"
    return "MISS" if row.kind == "validation" else "FAIL"


def _number(value: float) -> str:
    return "" if value != value else f"{value:.4g}"  # NaN prints empty


def to_markdown(table: pd.DataFrame) -> str:
    """The library's results as a pipe table (:func:`cohort.analysis.markdown.markdown_table`)."""
    from cohort.analysis.markdown import markdown_table

    display = pd.DataFrame(
        {
            "case": table["case"],
            "kind": table["kind"],
            "check": table["check"],
            "value": [_number(v) for v in table["value"]],
            "published": [_number(v) for v in table["published"]],
            "interval": [f"{low:g} to {high:g}" for low, high in zip(table["low"], table["high"], strict=True)],
            "unit": table["unit"],
            "result": [verdict(row) for row in table.itertuples()],
            "citation": table["citation"],
        }
    )
    return markdown_table(display)


def case_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per case: kind, subsystem and whether every check passed."""
    return table.groupby("case", sort=True).agg(
        kind=("kind", "first"), subsystem=("subsystem", "first"), passed=("passed", "all"), seconds=("seconds", "first")
    )


def pass_rates(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Cases passed / total per ``by`` ("kind" or "subsystem") and split."""
    cases = case_summary(table).reset_index()
    keys = [by] if by == "kind" else [by, "kind"]
    rates = cases.groupby(keys).agg(cases=("case", "count"), passed=("passed", "sum")).reset_index()
    rates["pass_rate"] = rates["passed"] / rates["cases"]
    return rates


# --------------------------------------------------------------------------- provenance
def parameter_provenance() -> list[tuple[str, dict[str, Any]]]:
    """(``section.name``, field meta) of every physiology parameter."""
    from cohort.parameters import PARAMS
    from cohort.physiology import load_all

    load_all()
    return [(f"{section}.{name}", meta) for section, model in PARAMS.sections.items() for name, meta in model.field_meta().items()]


def provenance_problems(
    parameters: Iterable[tuple[str, dict[str, Any]]] | None = None, registry: dict[str, ValidationCase] | None = None
) -> list[str]:
    """Breaches of the split rules; empty when the library is clean.

    * every parameter is ``sourced`` (no ``fitted_to``, no procedure) or ``fitted`` (names the
      calibration cases it was fitted to, which must exist, and a procedure);
    * no parameter is fitted to a validation case;
    * no parameter cites a study that a validation case rests on, so the validation split is out
      of sample. Mechanism citations do not count: they justify that a link exists and its sign,
      while every number that sets its size is a parameter with its own citations.
    """
    parameters = parameter_provenance() if parameters is None else list(parameters)
    registry = load_cases() if registry is None else registry
    validation_studies: dict[str, list[str]] = {}
    for item in registry.values():
        if item.kind == "validation":
            for key in item.citations:
                validation_studies.setdefault(key, []).append(item.id)
    problems = []
    for name, meta in parameters:
        provenance = meta.get("provenance")
        fitted_to = list(meta.get("fitted_to") or [])
        if provenance not in ("sourced", "fitted"):
            problems.append(f"{name}: provenance {provenance!r} is neither 'sourced' nor 'fitted'")
        elif provenance == "sourced" and (fitted_to or meta.get("procedure")):
            problems.append(f"{name}: sourced but names fitted_to/procedure")
        elif provenance == "fitted":
            if not fitted_to or not meta.get("procedure"):
                problems.append(f"{name}: fitted without the calibration cases and the procedure")
            for case_id in fitted_to:
                if case_id not in registry:
                    problems.append(f"{name}: fitted to {case_id!r}, which is not a case")
                elif registry[case_id].kind != "calibration":
                    problems.append(f"{name}: fitted to {case_id!r}, a {registry[case_id].kind}-split case")
        for key in meta.get("cite") or []:
            if key in validation_studies:
                problems.append(f"{name}: cites {key!r}, a study of validation case(s) {validation_studies[key]}")
    return problems
