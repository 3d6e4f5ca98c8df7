"""The experiment file: schema, factor paths, and the resolved plan of runs.

An experiment names a base config, overrides (``set``), arms (one is the reference),
replicates, what to record and an optional sweep. A run is (point, arm, replicate); its
config is ``base + set + --set + arm + record + the point's factor values``, with seed
``experiment seed + replicate`` so every arm and point of replicate r shares athletes and
random streams (common random numbers). With a ``crossover:`` section the runs' arms are its
sequences (:mod:`cohort.experiment.crossover`). Every run's config is built through
:func:`cohort.config.loader.build_config`, so sweep values are validated exactly like values
in a config file, and every problem names the experiment file and the key.

Factor paths (keys of ``sweep.factors``)
----------------------------------------
``physiology.<subsystem>.<param>``
    a physiology parameter (``physiology.<subsystem>.*`` or ``physiology.*`` expand to every
    parameter of a subsystem / of all subsystems; use them with ``range: literature``).
``mechanism.<id>.scale`` / ``mechanism.<id>.enabled``
    a mechanism's strength multiplier or switch (config ``mechanisms.<id>.<field>``).
``strategy.<name>.<field path>``
    a field of the strategy called ``<name>`` in every arm that has it, e.g.
    ``strategy.iron.product.iron_mg`` or ``strategy.iron.delivery.schedule``.
``arm.<arm>.<config path>``
    a config path in one arm only.
any other ``<config path>``
    e.g. ``cohort.size``, ``diet.intake_scale.iron``, ``training.plans.team.blocks.0.volume``
    (integer segments index lists).

A factor has ``values`` (grid levels, or discrete levels in other designs) or ``range``
``[low, high]`` with ``distribution`` ``uniform`` or ``loguniform``; ``range: literature``
takes a physiology parameter's declared literature range. ``integer: true`` rounds values.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cohort.config.loader import (
    _provenance,
    apply_overrides,
    build_config,
    deep_merge,
    load_yaml_document,
    problems_from_validation,
    resolve_document,
    resolve_plan_files,
)
from cohort.config.models import Config
from cohort.errors import ConfigError, Problem
from cohort.experiment.crossover import Crossover, sequence_documents
from cohort.trials.enrolment import Enrolment

DESIGNS = ("grid", "lhs", "sobol", "morris")
SEED_LIMIT = 2**63 - 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Factor(_Strict):
    """One swept factor: grid/discrete ``values``, or a ``range`` with a distribution."""

    values: list[Any] | None = Field(None, min_length=1, description="levels (grid) or discrete choices")
    range: tuple[float, float] | Literal["literature"] | None = Field(
        None, description="[low, high], or 'literature' for a physiology parameter's declared range"
    )
    distribution: Literal["uniform", "loguniform"] = "uniform"
    levels: int | None = Field(None, ge=2, le=1000, description="grid design: evenly spaced levels over the range")
    integer: bool = Field(False, description="round sampled values to whole numbers")

    @model_validator(mode="after")
    def _one_kind(self) -> Factor:
        if (self.values is None) == (self.range is None):
            raise ValueError("give exactly one of 'values' or 'range'")
        check_range(self.range, self.distribution)
        return self


def check_range(range: object, distribution: str) -> None:  # noqa: A002 - the key's name in files
    """A factor's or free parameter's (low, high): low below high, low > 0 for a log-uniform draw."""
    if isinstance(range, tuple):
        low, high = range
        if not low < high:
            raise ValueError(f"range low ({low}) must be below high ({high})")
        if distribution == "loguniform" and low <= 0:
            raise ValueError("a loguniform range needs low > 0")


class Sweep(_Strict):
    design: Literal["grid", "lhs", "sobol", "morris"]
    samples: int | None = Field(
        None, ge=1, le=1_000_000,
        description="lhs: points; sobol: base sample N (a power of 2); morris: trajectories",
    )
    factors: dict[str, Factor] = Field(min_length=1)
    seed: int = Field(0, ge=0, le=2**32 - 1, description="seed of the design sampler (not of the runs)")
    second_order: bool = Field(False, description="sobol: also sample for second-order indices")
    num_levels: int = Field(4, ge=2, le=100, description="morris: grid levels")

    @model_validator(mode="after")
    def _samples(self) -> Sweep:
        if self.design != "grid" and self.samples is None:
            raise ValueError(f"design {self.design!r} needs 'samples'")
        if self.design == "sobol" and self.samples is not None and self.samples & (self.samples - 1):
            raise ValueError(f"sobol needs samples to be a power of 2 (got {self.samples})")
        if self.design == "grid":
            for name, factor in self.factors.items():
                if factor.values is None and factor.levels is None:
                    raise ValueError(f"grid factor {name!r} needs 'values' or 'range' with 'levels'")
        return self


def _control_only() -> dict[str, dict[str, Any]]:
    return {"control": {}}


class ExperimentSpec(_Strict):
    """The experiment file (``experiments/*.yaml``)."""

    name: str = Field(min_length=1)
    hypothesis: str = Field(min_length=1, description="the review's claim this experiment explores")
    base: str = Field(description="base config file, relative to the experiment file")
    set: dict[str, Any] = Field(default_factory=dict, description="overrides applied to the base config")
    seed: int | None = Field(None, ge=0, le=SEED_LIMIT)
    replicates: int = Field(1, ge=1, le=100_000)
    reference: str | None = Field(None, description="reference arm (default: the first arm)")
    arms: dict[str, dict[str, Any]] = Field(default_factory=_control_only, min_length=1)
    record: dict[str, Any] | None = Field(None, description="recording overrides (config.recording keys)")
    outcomes: list[str] | None = None
    sweep: Sweep | None = None
    enrolment: Enrolment | None = Field(None, description="trial enrolment: screening criteria, target, dropout (cohort.trials)")
    crossover: Crossover | None = Field(
        None, description="crossover design: periods with washouts, sequences of arms (cohort.experiment.crossover)",
    )

    @model_validator(mode="after")
    def _reference(self) -> ExperimentSpec:
        if self.reference is not None and self.reference not in self.arms:
            raise ValueError(f"reference {self.reference!r} is not an arm; arms are {list(self.arms)}")
        for arm in self.arms:
            if not arm or not arm.replace("_", "a").replace("-", "a").isalnum():
                raise ValueError(f"arm name {arm!r}: use letters, digits, '_' and '-'")
        return self

    @property
    def reference_arm(self) -> str:
        return self.reference or next(iter(self.arms))


def experiment_schema() -> dict[str, Any]:
    """JSON Schema of experiment files: :class:`ExperimentSpec`'s, with each arm's (and ``set``'s)
    ``strategies`` typed by the strategy models. Other keys of an arm or of ``set`` are partial
    config overrides (deep-merged, so a nested mapping may be partial), left open here and
    validated against the config model when the experiment is loaded."""
    from pydantic import TypeAdapter

    from cohort.strategies.models import Strategies

    schema = ExperimentSpec.model_json_schema()
    strategies = TypeAdapter(Strategies).json_schema(ref_template="#/$defs/{model}")
    definitions = schema.setdefault("$defs", {})
    for name, definition in strategies.pop("$defs", {}).items():
        if name in definitions and definitions[name] != definition:
            raise RuntimeError(f"schema definition {name!r} differs between the experiment and the strategy models")
        definitions[name] = definition
    overrides = {
        "type": "object",
        "properties": {"strategies": {**strategies, "description": "replaces the base config's strategies (cohort.strategies.models)"}},
        "additionalProperties": True,
        "description": "config overrides, deep-merged into the base (validated against the config model when loaded)",
    }
    schema["properties"]["arms"]["additionalProperties"] = overrides
    schema["properties"]["arms"]["propertyNames"] = {"pattern": "^[A-Za-z0-9_-]+$"}
    schema["properties"]["set"] = {**schema["properties"]["set"], **overrides}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# -- the plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSpec:
    """One run of the plan."""

    run_id: str
    point: int
    arm: str
    replicate: int
    seed: int
    key: str
    factors: dict[str, Any]


@dataclass
class Experiment:
    """A loaded experiment: spec, design and the plan of runs.

    Configs are not kept for every run (memory would grow with the number of runs): every
    run's config was validated when the plan was made, and :meth:`config` rebuilds one when
    its chunk is sent out.
    """

    spec: ExperimentSpec
    source: str
    base_config: Config
    design: Any  # cohort.experiment.designs.Design
    runs: list[RunSpec]
    arm_docs: dict[str, dict[str, Any]] = field(repr=False)
    arm_provs: dict[str, dict[str, str]] = field(repr=False)
    seed: int = 0
    _cache: dict[tuple[int, str], Config] = field(default_factory=dict, repr=False)

    @property
    def n_runs(self) -> int:
        return len(self.runs)

    def point_config(self, point: int, arm: str) -> Config:
        """The validated config of one arm at one sweep point (seed of replicate 0)."""
        cached = self._cache.get((point, arm))
        if cached is None:
            cached = _point_config(self.arm_docs[arm], self.arm_provs[arm], arm, self.design.values[point], self.source)
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[(point, arm)] = cached
        return cached

    def config(self, run: RunSpec) -> Config:
        return self.point_config(run.point, run.arm).model_copy(update={"seed": run.seed})


def _point_config(doc: dict[str, Any], prov: dict[str, str], arm: str, values: dict[str, Any], source: str) -> Config:
    run_doc = copy.deepcopy(doc)
    run_prov = dict(prov)
    for name, value in values.items():
        error = apply_factor(run_doc, arm, name, value)
        if error not in (None, "skip"):
            raise ConfigError([Problem(source, f"sweep.factors.{name}", value, str(error))])
        run_prov[_config_path(name)] = f"{source} (sweep.factors.{name})"
    return build_config(run_doc, run_prov, source)


def _problem_list(exc: ValidationError, data: dict[str, Any], source: str) -> list[Problem]:
    return problems_from_validation(exc, data, {}, source)


def load_spec(path: str | Path) -> tuple[ExperimentSpec, dict[str, Any]]:
    """Read and validate an experiment file (safe YAML). Raises ConfigError."""
    path = Path(path)
    data = load_yaml_document(path)
    try:
        return ExperimentSpec.model_validate(data), data
    except ValidationError as exc:
        raise ConfigError(_problem_list(exc, data, str(path))) from None


def _split(path: str) -> list[str]:
    return path.split(".")


def set_path(data: Any, parts: list[str], value: Any) -> str | None:
    """Set ``value`` at ``parts`` in nested dicts/lists, creating mappings as needed.

    Returns an error message (for a Problem) or None.
    """
    node = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return f"an index below {len(node)} at {where} (a list)"
            if last:
                node[int(part)] = value
                return None
            node = node[int(part)]
        elif isinstance(node, dict):
            if last:
                node[part] = value
                return None
            child = node.get(part)
            if child is None:
                child = {}
                node[part] = child
            if not isinstance(child, dict | list):
                return f"a path into a mapping, but {where} is a {type(child).__name__}"
            node = child
        else:
            return f"a path into a mapping, but it ends at a {type(node).__name__}"
    return None


def _physiology_ranges() -> dict[str, dict[str, dict[str, Any]]]:
    from cohort.parameters import PARAMS
    from cohort.physiology import load_all

    load_all()
    return {section: model.field_meta() for section, model in PARAMS.sections.items()}


def expand_factors(factors: Mapping[str, Factor], source: str) -> dict[str, Factor]:
    """Expand ``physiology.*`` wildcards and ``range: literature``."""
    out: dict[str, Factor] = {}
    meta: dict[str, dict[str, dict[str, Any]]] | None = None
    problems: list[Problem] = []
    for name, factor in factors.items():
        parts = _split(name)
        wildcard = parts[-1] == "*"
        if not wildcard and factor.range != "literature":
            out[name] = factor
            continue
        meta = meta if meta is not None else _physiology_ranges()
        key = f"sweep.factors.{name}"
        if parts[0] != "physiology" or len(parts) not in (2, 3):
            problems.append(Problem(source, key, name, "'physiology.<subsystem>.<param>' (literature ranges exist only for physiology parameters)"))
            continue
        if wildcard and factor.range != "literature":
            problems.append(Problem(source, key, factor.range, "range: literature for a wildcard factor"))
            continue
        sections = list(meta) if len(parts) == 2 else [parts[1]]
        for section in sections:
            if section not in meta:
                problems.append(Problem(source, key, section, f"a subsystem, one of {sorted(meta)}"))
                continue
            names = list(meta[section]) if wildcard else [parts[2]]
            for param in names:
                info = meta[section].get(param)
                if info is None:
                    problems.append(Problem(source, key, param, f"a parameter of {section}, one of {sorted(meta[section])}"))
                    continue
                low, high = info["range"]
                if not low < high:
                    continue  # nothing uncertain to sweep
                settings = factor.model_dump(exclude={"range"})
                out[f"physiology.{section}.{param}"] = Factor(**{**settings, "range": (low, high)})
        if wildcard and not any(k.startswith(".".join(parts[:-1]) + ".") for k in out):
            problems.append(Problem(source, key, name, "a wildcard matching at least one parameter with a literature range"))
    if problems:
        raise ConfigError(problems)
    return out


def apply_factor(data: dict[str, Any], arm: str, name: str, value: Any) -> str | None:
    """Apply one factor value to an arm's config document. Returns an error or None.

    Returns the special value ``"skip"`` when the factor does not concern this arm.
    """
    parts = _split(name)
    head = parts[0]
    if head == "mechanism":
        if len(parts) != 3 or parts[2] not in ("scale", "enabled"):
            return "'mechanism.<id>.scale' or 'mechanism.<id>.enabled'"
        return set_path(data, ["mechanisms", *parts[1:]], value)
    if head == "arm":
        if len(parts) < 3:
            return "'arm.<arm>.<config path>'"
        if parts[1] != arm:
            return "skip"
        return set_path(data, parts[2:], value)
    if head == "strategy":
        if len(parts) < 3:
            return "'strategy.<name>.<field path>'"
        strategies = data.get("strategies") or []
        matches = [s for s in strategies if isinstance(s, dict) and s.get("name") == parts[1]]
        if not matches:
            return "skip"
        for strategy in matches:
            error = set_path(strategy, parts[2:], value)
            if error:
                return error
        return None
    return set_path(data, parts, value)


def _check_seed(seed: int, replicates: int, source: str) -> None:
    if seed + replicates - 1 > SEED_LIMIT:
        raise ConfigError([Problem(source, "seed", seed, f"a seed with seed + replicates - 1 <= {SEED_LIMIT}")])


def resolve_experiment(
    path_or_spec: str | Path | ExperimentSpec,
    overrides: Iterable[str] = (),
    seed: int | None = None,
    folder: Path | None = None,
    blocks: bool = False,
) -> Experiment:
    """Load an experiment and build (and validate) the config of every run. Raises ConfigError.
    A base with ``cohort.block_size`` is refused unless ``blocks`` (the caller runs the arms
    over blocks: :func:`cohort.experiment.blocked.run_blocked_experiment`)."""
    from cohort.experiment.designs import make_design
    from cohort.manifest import config_hash

    if isinstance(path_or_spec, ExperimentSpec):
        spec = path_or_spec
        source = "<api>"
        folder = folder or Path.cwd()
    else:
        path = Path(path_or_spec)
        spec, _ = load_spec(path)
        source = str(path)
        folder = path.resolve().parent
    base_path = folder / spec.base
    base_data, base_prov = resolve_document(base_path)
    prov = dict(base_prov)
    set_doc = copy.deepcopy(spec.set)
    plan_prov = resolve_plan_files(set_doc, folder, f"{source} (set)")  # plan files named in set:
    _provenance(set_doc, f"{source} (set)", "", prov)
    prov.pop("", None)
    prov.update(plan_prov)
    data = deep_merge(base_data, set_doc)
    data = apply_overrides(data, overrides, prov)
    data["name"] = spec.name
    if spec.record is not None:
        data["recording"] = deep_merge(data.get("recording") or {}, spec.record)
        _provenance(spec.record, f"{source} (record)", "recording", prov)
    if seed is not None:
        if seed < 0 or seed > SEED_LIMIT:
            raise ConfigError([Problem("--seed", "seed", seed, f"an integer in [0, {SEED_LIMIT}]")])
        data["seed"] = seed
    elif spec.seed is not None:
        data["seed"] = spec.seed
    base_config = build_config(data, prov, source)
    if base_config.cohort.block_size is not None and not blocks:
        raise ConfigError([Problem(
            source, "cohort.block_size", base_config.cohort.block_size,
            "no block_size here (runs are whole cohorts compared athlete by athlete); `cohort experiment` runs the "
            "arms of an experiment without sweep or replicates over a blocked cohort (docs/blocks.md)",
        )])
    experiment_seed = base_config.seed
    _check_seed(experiment_seed, spec.replicates, source)

    factors = expand_factors(spec.sweep.factors, source) if spec.sweep else {}
    if spec.sweep is not None and spec.sweep.design in ("morris", "sobol") and len(factors) < 2:
        raise ConfigError([Problem(source, "sweep.factors", list(factors), f"at least two factors for a {spec.sweep.design} design")])
    design = make_design(spec.sweep, factors)

    # arm documents (validated once each, so an arm's problem is reported once)
    arm_docs: dict[str, dict[str, Any]] = {}
    arm_provs: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    if spec.crossover is not None and spec.enrolment is not None:
        raise ConfigError([Problem(source, "crossover", "with enrolment", "a crossover without an enrolment section (not supported yet)")])
    if spec.crossover is not None:  # the runs' "arms" are the sequences (arm names checked there)
        for name, document in sequence_documents(spec.crossover, data, spec.arms, base_config.n_days, source).items():
            arm_docs[name] = document
            arm_provs[name] = {**prov, "strategies": f"{source} (crossover.sequences.{name})"}
            try:
                build_config(document, arm_provs[name], source)
            except ConfigError as exc:
                problems.extend(exc.problems)
    for arm, arm_doc in ({} if spec.crossover is not None else spec.arms).items():
        arm_prov = dict(prov)
        overrides_doc = copy.deepcopy(arm_doc)
        try:
            plan_prov = resolve_plan_files(overrides_doc, folder, f"{source} (arms.{arm})")
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        _provenance(overrides_doc, f"{source} (arms.{arm})", "", arm_prov)
        arm_prov.pop("", None)
        arm_prov.update(plan_prov)
        arm_docs[arm] = deep_merge(data, overrides_doc)
        arm_provs[arm] = arm_prov
        try:
            build_config(arm_docs[arm], arm_prov, source)
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)

    # which factors touch which arms (a factor must touch at least one)
    for name in factors:
        touched = []
        for arm, doc in arm_docs.items():
            probe = copy.deepcopy(doc)
            first = design.values[0][name] if design.values else None
            error = apply_factor(probe, arm, name, first)
            if error is None:
                touched.append(arm)
            elif error != "skip":
                problems.append(Problem(source, f"sweep.factors.{name}", name, error))
                break
        else:
            if not touched:
                expected = "a factor that applies to at least one arm"
                if name.startswith("strategy."):
                    expected = f"a strategy named {_split(name)[1]!r} in at least one arm"
                elif name.startswith("arm."):
                    expected = f"an arm name, one of {list(spec.arms)}"
                problems.append(Problem(source, f"sweep.factors.{name}", name, expected))
    if problems:
        raise ConfigError(problems)

    runs: list[RunSpec] = []
    for point, values in enumerate(design.values):
        for arm in arm_docs:
            config = _point_config(arm_docs[arm], arm_provs[arm], arm, values, source)
            for replicate in range(spec.replicates):
                run_seed = experiment_seed + replicate
                key = config_hash(config.model_copy(update={"seed": run_seed}))[:20]
                runs.append(
                    RunSpec(
                        run_id=f"p{point:05d}.{arm}.r{replicate:03d}",
                        point=point,
                        arm=arm,
                        replicate=replicate,
                        seed=run_seed,
                        key=key,
                        factors=values,
                    )
                )
    return Experiment(spec=spec, source=source, base_config=base_config, design=design, runs=runs,
                      arm_docs=arm_docs, arm_provs=arm_provs, seed=experiment_seed)


def _config_path(name: str) -> str:
    parts = _split(name)
    if parts[0] == "mechanism":
        return ".".join(["mechanisms", *parts[1:]])
    if parts[0] == "arm":
        return ".".join(parts[2:])
    return name
