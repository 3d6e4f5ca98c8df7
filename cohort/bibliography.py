"""The project's bibliography: every citation key used by a parameter or mechanism resolves here.

References live in ``cohort/data/references/*.yaml`` (one file per subsystem so that they are
read next to the code that cites them), as ``key: "Authors. Title. Journal Year;Vol:Pages. doi"``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def references() -> dict[str, str]:
    """All references, keyed by citation key."""
    merged: dict[str, str] = {}
    folder = resources.files("cohort") / "data" / "references"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".yaml"):
            continue
        loaded = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        for key, text in loaded.items():
            if key in merged and merged[key] != text:
                raise ValueError(f"citation key {key!r} defined twice with different text")
            merged[str(key)] = str(text)
    return merged


def resolve(key: str) -> str:
    """Full reference text of a citation key; KeyError names the missing key."""
    table = references()
    if key not in table:
        raise KeyError(f"citation key {key!r} is not in cohort/data/references/*.yaml")
    return table[key]
