"""Provenance written with every result: resolved config and its hash, versions, git revision."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from cohort.config.models import Config

PACKAGES = ("cohort", "numpy", "numba", "mesa", "pandas", "pyarrow", "pydantic", "scipy")


def resolved_config(config: Config) -> dict[str, Any]:
    return config.model_dump(mode="json")


def config_hash(config: Config) -> str:
    canonical = json.dumps(resolved_config(config), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_revision() -> str | None:
    """The checkout's revision, or None when the package is not running from a git checkout
    (an installed wheel, even inside some other repository, has no revision of its own)."""
    folder = Path(__file__).resolve().parent
    try:
        tracked = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "__init__.py"], cwd=folder, capture_output=True, timeout=5, check=False
        )
        if tracked.returncode != 0:
            return None
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def write_resolved_config(config: Config, path: Path) -> None:
    path.write_text(yaml.safe_dump(resolved_config(config), sort_keys=False), encoding="utf-8")


def manifest(config: Config, timings: dict[str, float], files: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "tool": "cohort",
        "config_hash": config_hash(config),
        "seed": config.seed,
        "config": resolved_config(config),
        "versions": versions(),
        "git_revision": git_revision(),
        "platform": platform.platform(),
        "timings_s": timings,
        "files": files,
        **extra,
    }
