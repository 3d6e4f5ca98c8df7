"""Reading configs: safe YAML, ``extends`` composition, ``--set`` overrides, clear errors.

Errors are collected, not raised one at a time: the user gets one line per problem naming
the file, the dotted key path, the value and what was expected (:class:`cohort.errors.Problem`).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from cohort.errors import ConfigError, Problem

MAX_FILE_BYTES = 5_000_000
MAX_ALIASES = 200
MAX_NODES = 200_000
MAX_EXTENDS_DEPTH = 10


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias bombs (billion laughs) and huge documents."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} YAML aliases (possible alias bomb)")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise yaml.YAMLError(f"more than {MAX_NODES} YAML nodes")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        """Refuse duplicate keys (plain YAML silently keeps the last one)."""
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # unhashable key: the base class reports it
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first given on line {first.line + 1})", key_node.start_mark
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        """Turn a value the YAML constructors cannot build (2025-02-30, !!int "x") into a YAMLError."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            if isinstance(exc, yaml.YAMLError):
                raise
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.value!r} as {node.tag.rsplit(':', 1)[-1]} ({exc})", node.start_mark
            ) from None


def _count_leaves(value: Any, limit: int) -> int:
    """Count nodes after alias expansion, stopping early past ``limit``."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            return count
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def load_yaml_document(path: Path, source: str | None = None) -> dict[str, Any]:
    """Read one YAML mapping safely; ConfigError naming the file on any problem."""
    label = source or str(path)
    try:
        if path.is_dir():
            raise ConfigError([Problem(label, "", path, "a YAML file, not a directory")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ConfigError([Problem(label, "", f"{size} bytes", f"a file under {MAX_FILE_BYTES} bytes")])
        with path.open("rb") as stream:  # bounded read: devices and pipes report size 0
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ConfigError([Problem(label, "", f"more than {MAX_FILE_BYTES} bytes", f"a file under {MAX_FILE_BYTES} bytes")])
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError([Problem(label, "", path, "an existing file")]) from None
    except PermissionError:
        raise ConfigError([Problem(label, "", path, "a readable file")]) from None
    except UnicodeDecodeError:
        raise ConfigError([Problem(label, "", "<binary>", "UTF-8 text")]) from None
    except OSError as exc:
        raise ConfigError([Problem(label, "", path, f"a readable file ({exc.strerror or exc})")]) from None
    try:
        loader = _GuardedLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except RecursionError:
        raise ConfigError([Problem(label, "", "<deeply nested document>", "a YAML document nested less deeply")]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([_yaml_problem(label, text, exc)]) from None
    if data is None:
        raise ConfigError([Problem(label, "", "empty document", "a mapping of settings")])
    if not isinstance(data, dict):
        raise ConfigError([Problem(label, "", type(data).__name__, "a mapping of settings at the top level")])
    if _count_leaves(data, MAX_NODES) > MAX_NODES:
        raise ConfigError([Problem(label, "", "document expands past the node limit", f"at most {MAX_NODES} values")])
    return data


def _yaml_problem(label: str, text: str, exc: yaml.YAMLError) -> Problem:
    """One Problem for a YAML error: where (line, column), the text there, and why."""
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    if "could not determine a constructor" in reason:
        reason = f"{reason}; tags that build Python objects are refused (configs are loaded as plain data)"
    if mark is None:
        return Problem(label, "", "<document>", f"valid YAML ({reason})")
    lines = text.splitlines()
    line_text = lines[mark.line].strip() if 0 <= mark.line < len(lines) else "<end of file>"
    return Problem(label, f"line {mark.line + 1}, column {mark.column + 1}", line_text, f"valid YAML ({reason})")


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into a copy of ``base``; mappings merge, everything else replaces."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _provenance(data: Any, source: str, prefix: str, table: dict[str, str]) -> None:
    table[prefix] = source
    if isinstance(data, dict):
        for key, value in data.items():
            _provenance(value, source, f"{prefix}.{key}" if prefix else str(key), table)


def resolve_document(
    path: Path, depth: int = 0, chain: tuple[Path, ...] = (), source: str | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Load ``path`` and the files it ``extends``; return (merged data, key path -> file).

    ``source`` labels load errors of a parent file with the file that names it."""
    path = path.resolve() if path.exists() else path
    if path in chain:
        cycle = " -> ".join(str(item) for item in (*chain[chain.index(path):], path))
        raise ConfigError([Problem(str(chain[-1]), "extends", path, f"no circular 'extends' (cycle: {cycle})")])
    if depth > MAX_EXTENDS_DEPTH:
        raise ConfigError([Problem(str(chain[-1]), "extends", path, f"at most {MAX_EXTENDS_DEPTH} levels of 'extends'")])
    data = load_yaml_document(path, source=source)
    parents = data.pop("extends", None)
    merged: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    if parents is not None:
        if isinstance(parents, str):
            parents = [parents]
        if not isinstance(parents, list) or not all(isinstance(p, str) for p in parents):
            raise ConfigError([Problem(str(path), "extends", parents, "a file path or a list of file paths")])
        for parent in parents:
            parent_path = (path.parent / parent)
            parent_data, parent_prov = resolve_document(
                parent_path, depth + 1, (*chain, path), source=f"{path} -> extends ({parent_path})"
            )
            merged = deep_merge(merged, parent_data)
            provenance.update(parent_prov)
    plan_provenance = resolve_plan_files(data, path.parent, str(path))
    merged = deep_merge(merged, data)
    _provenance(data, str(path), "", provenance)
    provenance.update(plan_provenance)
    return merged, provenance


def resolve_squad_path(data: dict[str, Any], folder: Path) -> None:
    """Make a squad table path (``cohort.squad``) absolute, relative to ``folder`` (that of the
    file naming it; the working directory for ``--set``), in place."""
    cohort = data.get("cohort")
    if isinstance(cohort, dict) and isinstance(cohort.get("squad"), str) and cohort["squad"].strip():
        cohort["squad"] = str((folder / cohort["squad"]).resolve())


def resolve_plan_files(data: dict[str, Any], folder: Path, source: str) -> dict[str, str]:
    """Load training plans given as file paths, relative to ``folder`` (that of the file naming them),
    and resolve a squad table path there (:func:`resolve_squad_path`).

    Any layer may name plan files: a config file, an experiment's ``set:`` or arms, ``--set``
    (relative to the working directory). Plans are replaced in place by their documents; a
    missing file is one problem per plan (file, key, path). Returns the provenance of the
    loaded plans' keys (so errors name the plan file)."""
    provenance: dict[str, str] = {}
    resolve_squad_path(data, folder)
    training = data.get("training")
    if not isinstance(training, dict):
        return provenance
    plans = training.get("plans")
    if not isinstance(plans, dict):
        return provenance
    problems = []
    for name, plan in list(plans.items()):
        if isinstance(plan, str):
            plan_path = (folder / plan).resolve()
            if not plan_path.is_file():
                expected = "a training plan file: file not found"
                if plan_path.is_dir():
                    expected = "a training plan file, not a directory"
                problems.append(Problem(source, f"training.plans.{name}", plan_path, expected))
                continue
            plans[name] = load_yaml_document(plan_path, source=f"{source} -> training.plans.{name} ({plan_path})")
            _provenance(plans[name], str(plan_path), f"training.plans.{name}", provenance)
    if problems:
        raise ConfigError(problems)
    return provenance


def parse_override(text: str) -> tuple[str, Any]:
    """``dotted.path=value`` with the value parsed as a YAML scalar/flow value (never evaluated)."""
    if "=" not in text:
        raise ConfigError([Problem("--set", text, text, "dotted.path=value")])
    key, raw = text.split("=", 1)
    key = key.strip()
    parts = key.split(".")
    if not key or not all(part.strip() and part.replace("_", "a").replace("-", "a").isalnum() for part in parts):
        raise ConfigError([Problem("--set", key, text, "a dotted path of names, e.g. cohort.size=500")])
    if not raw.strip():
        return key, ""
    try:
        loader = _GuardedLoader(raw)
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError) as exc:
        reason = getattr(exc, "problem", None) or "not readable"
        raise ConfigError([Problem("--set", key, raw, f"a plain YAML value ({reason})")]) from None
    return key, value


def apply_overrides(data: dict[str, Any], overrides: Iterable[str], provenance: dict[str, str]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for text in overrides:
        key, value = parse_override(text)
        node: Any = out
        parts = key.split(".")
        for depth, part in enumerate(parts[:-1]):
            if isinstance(node, list):  # numeric components index lists: strategies.0.product...
                if not part.isdigit() or int(part) >= len(node):
                    raise ConfigError([Problem("--set", key, value, f"an index below {len(node)} at {'.'.join(parts[:depth + 1])}")])
                node = node[int(part)]
                continue
            child = node.get(part)
            if child is None:
                # start from the schema's default so `--set cohort.age_y.low=18` keeps mean/sd/high
                child = _schema_default(parts[: depth + 1]) if node is out or depth > 0 else None
                child = child if isinstance(child, dict) else {}
                node[part] = child
            if not isinstance(child, dict | list):
                where = ".".join(parts[: depth + 1])
                raise ConfigError([Problem("--set", key, value, f"a path into a mapping, but {where} is not one")])
            node = child
        if isinstance(node, list):
            last = parts[-1]
            if not last.isdigit() or int(last) >= len(node):
                raise ConfigError([Problem("--set", key, value, f"an index below {len(node)} at {key}")])
            node[int(last)] = value
        else:
            node[parts[-1]] = value
        provenance[key] = "--set"
    provenance.update(resolve_plan_files(out, Path.cwd(), "--set"))  # plan files named by --set
    return out


def _schema_default(parts: list[str]) -> Any:
    """The default value of the Config schema at a key path (a plain dict for models), or None."""
    from cohort.config.models import Config

    node: Any = None
    for index, part in enumerate(parts):
        if index == 0:
            field = Config.model_fields.get(part)
            node = None if field is None else field.get_default(call_default_factory=True)
        elif isinstance(node, BaseModel):
            node = getattr(node, part) if part in type(node).model_fields else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
        if node is None:
            return None
    if isinstance(node, BaseModel):
        return node.model_dump()
    return copy.deepcopy(node)


def _source_for(path: str, provenance: dict[str, str], default: str) -> str:
    if path and path not in provenance and any(
        source == "--set" and key.startswith(f"{path}.") for key, source in provenance.items()
    ):
        return "--set"  # a whole-object check (low <= high, unknown id) failed after a --set inside it
    probe = path
    while probe:
        if probe in provenance:
            return provenance[probe]
        probe = probe.rsplit(".", 1)[0] if "." in probe else ""
    return provenance.get("", default)


def _value_at(data: Any, location: tuple[Any, ...]) -> Any:
    node = data
    for part in location:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return "<missing>"
    return node


_TYPE_TAGS = frozenset({"str", "int", "float", "bool", "none", "list", "dict", "tuple", "set", "date", "datetime"})


def _data_location(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[tuple[Any, ...], str] | None]:
    """The key path of a pydantic error location in the user's document.

    Drops the parts that are not keys of the document: union member tags
    (``tuple[float, float]``, ``literal['x']``, a discriminator value such as ``supplement``),
    validator tags (``function-after[...]``) and fields a ``before`` validator moved values
    into. Returns (path, (path before the first dropped tag, that tag) or None)."""
    cleaned: list[Any] = []
    node = data
    union: tuple[tuple[Any, ...], str] | None = None
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            cleaned.append(part)
            node = node[part]
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            cleaned.append(part)
            node = node[part]
            continue
        last = index == len(loc) - 1
        if isinstance(part, str) and (not last or "[" in part or part in _TYPE_TAGS):
            if union is None:
                union = (tuple(cleaned), part)
            continue
        cleaned.append(part)  # a missing key
        node = None
    return tuple(cleaned), union


def problems_from_validation(
    error: ValidationError, data: dict[str, Any], provenance: dict[str, str], default_source: str, prefix: str = ""
) -> list[Problem]:
    problems = []
    located = [(item, *_data_location(data, item["loc"])) for item in error.errors()]
    # a value no member of a union accepts gives one error per member: keep the member that got
    # furthest into the value (``range: [0.1, .inf]`` -> ``range.1: a finite number``, not also
    # "should be 'literature'")
    deepest: dict[tuple[Any, ...], dict[str, int]] = {}
    for _item, location, union in located:
        if union is not None:
            branches = deepest.setdefault(union[0], {})
            branches[union[1]] = max(branches.get(union[1], 0), len(location))
    for item, location, union in located:
        if union is not None:
            branches = deepest[union[0]]
            if union[1] != max(branches, key=lambda branch: (branches[branch], -list(branches).index(branch))):
                continue
        key_path = ".".join(str(part) for part in location)
        if prefix:
            key_path = f"{prefix}.{key_path}" if key_path else prefix
        value = item.get("input", _value_at(data, location))
        if item["type"] == "missing":
            value = "<missing>"
        expected = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            expected = "no such key (check the spelling; `cohort schema` lists every key)"
        if isinstance(value, float) and not math.isfinite(value):
            expected = "a finite number"
        problems.append(Problem(_source_for(key_path, provenance, default_source), key_path, value, expected))
    return problems


def _booleans_read_as_numbers(raw: Any, validated: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    """Key paths where a YAML true/false was accepted as a number (pydantic reads true as 1)."""
    if isinstance(raw, bool):
        if isinstance(validated, (int, float)) and not isinstance(validated, bool):
            yield path, raw
        return
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(validated, dict):
                child = validated.get(key)
            elif isinstance(validated, BaseModel) and str(key) in type(validated).model_fields:
                child = getattr(validated, str(key))
            else:
                continue
            yield from _booleans_read_as_numbers(value, child, f"{path}.{key}" if path else str(key))
    elif isinstance(raw, list) and isinstance(validated, (list, tuple)) and len(raw) == len(validated):
        for index, (value, child) in enumerate(zip(raw, validated, strict=True)):
            yield from _booleans_read_as_numbers(value, child, f"{path}.{index}" if path else str(index))


def build_config(data: dict[str, Any], provenance: dict[str, str], source: str):
    """Validate a merged document into a :class:`Config` (plus registry-backed checks)."""
    from cohort.config.models import Config
    from cohort.config.registry_checks import registry_problems

    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(problems_from_validation(exc, data, provenance, source)) from None
    problems = [
        Problem(_source_for(key_path, provenance, source), key_path, value, "a number, not true/false")
        for key_path, value in _booleans_read_as_numbers(data, config)
    ]
    problems += registry_problems(config, data, provenance, source)
    if problems:
        raise ConfigError(problems)
    return config


def load_config(path: str | Path, overrides: Iterable[str] = ()):
    """Load, compose, override and validate a config file. Raises ConfigError."""
    path = Path(path)
    data, provenance = resolve_document(path)
    data = apply_overrides(data, overrides, provenance)
    return build_config(data, provenance, str(path))
