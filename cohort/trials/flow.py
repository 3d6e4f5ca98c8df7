"""The participant flow of an enrolled experiment: ``flow.csv`` and a CONSORT-style diagram.

``flow.csv`` is long: one row per (point, replicate, stage, arm, criterion) with a count ``n``.
Stages, in order:

``screened``   candidates screened (with a target: up to the one that completed enrolment);
``excluded``   one row per criterion (``criterion`` = its text; exclusion criteria prefixed
               ``exclude:``), each candidate counted under the first criterion it fails;
``enrolled``   candidates meeting every criterion;
``allocated``  per arm: in the in-silico experiment every enrolled athlete is simulated in
               every arm (common random numbers), so each arm's count equals ``enrolled``;
``completed``  per arm: enrolled minus dropouts (the same athletes in every arm);
``adherent``   per arm: completers whose adherence probability is at least the threshold
               for every strategy of the arm.

The diagram sums the counts over replicates of sweep point 0 (it says so) and is a pure
function of ``flow.csv``'s rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cohort.analysis import Results
    from cohort.trials.enrolment import Enrolment

FLOW_COLUMNS = ["point", "replicate", "stage", "arm", "criterion", "n"]
STAGES = ("screened", "excluded", "enrolled", "allocated", "completed", "adherent")


def arm_adherence(results: Results, arm: str, seed: int, n_athletes: int) -> np.ndarray:
    """Per-athlete adherence probability in ``arm``: the lowest over its supplement strategies
    (1 where the arm has none), from the same streams the engine draws them from."""
    from pydantic import TypeAdapter

    from cohort.engine.study import adherence_probabilities
    from cohort.strategies.models import Strategies

    base: dict[str, Any] = results.resolved.get("base") or {}
    arm_doc: dict[str, Any] = (results.resolved.get("arms") or {}).get(arm) or {}
    documents = arm_doc.get("strategies", base.get("strategies") or [])
    probability = np.ones(n_athletes)
    for strategy in TypeAdapter(Strategies).validate_python(documents):
        adherence = getattr(strategy, "adherence", None)
        if adherence is not None:
            drawn = adherence_probabilities(seed, strategy.name, adherence.mean, adherence.concentration, n_athletes)
            probability = np.minimum(probability, drawn)
    return probability


def flow_table(enrolment_rows: pd.DataFrame, results: Results, enrolment: Enrolment) -> pd.DataFrame:
    """The flow counts (see the module docstring) from an enrolment table."""
    runs = results.runs
    seeds = runs.drop_duplicates(["point", "replicate"]).set_index(["point", "replicate"])["seed"] if runs is not None else None
    labels = [c.text if kind == "include" else f"exclude: {c.text}" for kind, c in enrolment.criteria]
    rows: list[dict[str, Any]] = []
    for (point, replicate), table in enrolment_rows.groupby(["point", "replicate"], sort=True):
        def add(stage: str, n: int, arm: str = "", criterion: str = "", key: tuple[Any, Any] = (point, replicate)) -> None:
            rows.append({"point": key[0], "replicate": key[1], "stage": stage, "arm": arm, "criterion": criterion, "n": int(n)})

        screened = table.screened.to_numpy()
        add("screened", screened.sum())
        for label in labels:
            add("excluded", (table.first_failed.to_numpy() == label).sum(), criterion=label)
        enrolled = table.enrolled.to_numpy()
        completed = enrolled & ~table.dropout.to_numpy()
        add("enrolled", enrolled.sum())
        seed = int(seeds.loc[(point, replicate)]) if seeds is not None else 0
        for arm in results.arms:
            add("allocated", enrolled.sum(), arm)
            add("completed", completed.sum(), arm)
            adherent = arm_adherence(results, arm, seed, len(table)) >= enrolment.adherent_at_least
            add("adherent", (completed & adherent).sum(), arm)
    return pd.DataFrame(rows, columns=FLOW_COLUMNS)


def read_flow(folder: Path) -> pd.DataFrame:
    """``flow.csv`` of a results directory (empty arm/criterion cells stay empty strings)."""
    return pd.read_csv(folder / "flow.csv", keep_default_na=False, dtype={"arm": str, "criterion": str})


def _reason(criterion: str) -> str:
    """Why a candidate was excluded: an inclusion criterion not met, or an exclusion criterion met."""
    if criterion.startswith("exclude: "):
        return criterion[len("exclude: "):]
    return f"not {criterion}"


def _box(ax: Any, x: float, y: float, text: str, width: float = 0.36) -> None:
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5, wrap=True,
            bbox={"boxstyle": "square,pad=0.5", "facecolor": "white", "edgecolor": "#333"})


def _arrow(ax: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "color": "#333", "lw": 1.0})


def flow_figure(flow: pd.DataFrame, point: int = 0) -> Figure:
    """A CONSORT-style diagram of ``flow.csv`` rows (summed over replicates at ``point``)."""
    from matplotlib.figure import Figure

    rows = flow[flow.point == point]
    replicates = rows.replicate.nunique()
    total = rows.groupby(["stage", "arm", "criterion"], sort=False, dropna=False).n.sum()

    def count(stage: str, arm: str = "", criterion: str = "") -> int:
        return int(total.get((stage, arm, criterion), 0))

    arms = [a for a in pd.unique(rows[rows.stage == "allocated"].arm)]
    excluded = rows[rows.stage == "excluded"].drop_duplicates("criterion").criterion.tolist()
    n_arms = max(len(arms), 1)
    figure = Figure(figsize=(max(7.0, 2.6 * n_arms), 7.5))
    ax = figure.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    suffix = f" (sum of {replicates} replicates)" if replicates > 1 else ""
    ax.set_title(f"Participant flow{suffix}", fontsize=11)
    n_excluded = sum(count("excluded", "", c) for c in excluded)
    _box(ax, 0.3, 0.92, f"Screened\nn = {count('screened')}")
    reasons = "\n".join(f"{_reason(c)}: n = {count('excluded', '', c)}" for c in excluded)
    _box(ax, 0.75, 0.78, f"Excluded\nn = {n_excluded}\n{reasons}")
    _arrow(ax, (0.3, 0.88), (0.3, 0.68))
    _arrow(ax, (0.3, 0.78), (0.55, 0.78))
    _box(ax, 0.3, 0.64, f"Enrolled\nn = {count('enrolled')}")
    positions = np.linspace(0.5 / n_arms, 1 - 0.5 / n_arms, n_arms)
    for x, arm in zip(positions, arms, strict=True):
        _arrow(ax, (0.3, 0.60), (float(x), 0.47))
        _box(ax, float(x), 0.42, f"{arm}\nallocated\nn = {count('allocated', arm)}")
        _arrow(ax, (float(x), 0.36), (float(x), 0.27))
        _box(ax, float(x), 0.23, f"completed\nn = {count('completed', arm)}")
        _arrow(ax, (float(x), 0.19), (float(x), 0.10))
        _box(ax, float(x), 0.06, f"adherent\nn = {count('adherent', arm)}")
    figure.text(0.5, 0.01, "In silico every enrolled athlete is simulated in every arm (common random numbers);\n"
                "emulated trials (cohort power) randomise each athlete to one arm.", ha="center", fontsize=7.5, color="#555")
    return figure
