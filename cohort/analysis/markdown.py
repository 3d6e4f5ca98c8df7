"""Markdown (GitHub pipe) tables from frames, without an optional dependency: the one writer
of the package (``cohort mechanisms --format markdown``, validation reports). Callers build a
frame of display columns (strings where a column needs its own formatting) and pass it here."""

from __future__ import annotations

import pandas as pd


def _cell(value: object) -> str:
    if isinstance(value, float):
        text = f"{value:.4g}"
    else:
        text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame) -> str:
    """``frame`` as a pipe table (header, separator, one line per row; ``|`` escaped)."""
    header = "| " + " | ".join(_cell(column) for column in frame.columns) + " |"
    separator = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, separator, *rows]) + "\n"
