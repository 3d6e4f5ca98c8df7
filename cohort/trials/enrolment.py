"""Enrolment: who a trial of this experiment would take in, screened as a trial screens.

The experiment's ``enrolment:`` section::

    enrolment:
      include: ["sex == 'female'", "ferritin_ug_l < 30"]
      exclude: ["hb_g_dl < 11"]
      screening_day: 0          # the screening visit (0 = baseline, before any dose)
      target: 60                # enrolled athletes per replicate: screen until reached
      dropout: 0.1              # per-athlete probability of not completing
      assay_cv: {ferritin_ug_l: 0.145}   # optional; default: the observation layer's CVs

Screening. A lab criterion (a state variable) is judged on the value *measured* at the
screening visit through the observation layer, ``measured = true x exp(sigma z - sigma^2/2)``
with ``z`` from the stream ``assay.<variable>.day<screening_day>`` of the run seed: the same
draw a strategy's ``screen:`` on that day sees, and the same in every arm (CRN). The true
value is the reference arm's state on that day (day 0: the baseline, identical in every arm).
Trait criteria are exact. Candidates are screened in athlete order; each criterion is checked
in file order (``include`` then ``exclude``) and a candidate is counted as excluded by the first
criterion it fails, so the exclusion counts add up (CONSORT). With a ``target`` screening stops
once ``target`` athletes are enrolled; before the runs, a pre-screen of replicate 0 sizes the
simulated cohort (``cohort.size``) so that the target is reached, with a margin.

Dropout. Each enrolled athlete drops out with probability ``dropout`` (stream
``trial.dropout``, the same in every arm); dropouts are kept in the paired in-silico analysis
(intention to treat on simulated outcomes) and removed in emulated trials (complete cases).

Adherence. An athlete counts as adherent in an arm when the per-athlete adherence probability
of every strategy of that arm is at least ``adherent_at_least`` (default 0.8, the usual
per-protocol convention of >= 80 % of doses taken).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cohort.trials.criteria import Criterion, categorical_traits, parse_criterion

if TYPE_CHECKING:
    from cohort.errors import Problem
    from cohort.experiment.spec import Experiment

log = logging.getLogger(__name__)

#: safety margin on the pre-screened enrolment rate when sizing the cohort for a target
TARGET_MARGIN = 1.25
#: pre-screen rounds before giving up on reaching the target
MAX_ROUNDS = 4
ENROLMENT_COLUMNS = ["point", "replicate", "athlete", "screened", "first_failed", "enrolled", "dropout"]


class Enrolment(BaseModel):
    """The ``enrolment:`` section of an experiment file."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    include: list[str] = Field(default_factory=list, description="criteria every enrolled athlete meets")
    exclude: list[str] = Field(default_factory=list, description="criteria that exclude an athlete")
    screening_day: int = Field(0, ge=0, description="day of the screening visit (0 = baseline)")
    target: int | None = Field(None, ge=1, le=1_000_000, description="enrolled athletes per replicate (screen until reached)")
    max_screened: int = Field(200_000, ge=1, description="most candidates simulated per run to reach the target")
    dropout: float = Field(0.0, ge=0.0, lt=1.0, description="per-athlete probability of not completing the trial")
    adherent_at_least: float = Field(0.8, ge=0.0, le=1.0, description="adherence probability that counts as adherent")
    assay_cv: dict[str, float] = Field(default_factory=dict, description="screening CV per lab variable (fraction)")

    @field_validator("include", "exclude")
    @classmethod
    def _criteria(cls, value: list[str]) -> list[str]:
        for text in value:
            parse_criterion(text)
        return value

    @field_validator("assay_cv")
    @classmethod
    def _cvs(cls, value: dict[str, float]) -> dict[str, float]:
        for name, cv in value.items():
            if not 0.0 <= cv < 2.0:
                raise ValueError(f"assay_cv.{name}: a coefficient of variation as a fraction in [0, 2), got {cv}")
        return value

    @property
    def criteria(self) -> list[tuple[str, Criterion]]:
        """(``include``/``exclude``, criterion) in file order."""
        return [("include", parse_criterion(t)) for t in self.include] + [("exclude", parse_criterion(t)) for t in self.exclude]

    @property
    def lab_variables(self) -> list[str]:
        names: list[str] = []
        for _, criterion in self.criteria:
            if criterion.is_lab and criterion.name not in names:
                names.append(criterion.name)
        return names

    def cv(self, variable: str) -> float:
        from cohort.observation import assay_cv

        return assay_cv(variable, self.assay_cv.get(variable))


# -- screening ----------------------------------------------------------------------------


def screened_values(enrolment: Enrolment, true_values: Mapping[str, np.ndarray], seed: int) -> dict[str, np.ndarray]:
    """Lab values as measured at the screening visit (observation layer); traits unchanged."""
    from cohort.observation import assay_normals, measure

    day = enrolment.screening_day
    out = dict(true_values)
    for name in enrolment.lab_variables:
        truth = np.asarray(true_values[name], dtype=np.float64)
        out[name] = measure(truth, enrolment.cv(name), assay_normals(seed, name, day, len(truth)))
    return out


def screen(enrolment: Enrolment, values: Mapping[str, np.ndarray], n_athletes: int) -> pd.DataFrame:
    """Screen candidates in athlete order: columns athlete, first_failed ('' if eligible),
    screened, enrolled. ``values`` are *screened* values (see :func:`screened_values`)."""
    first_failed = np.full(n_athletes, "", dtype=object)
    for kind, criterion in enrolment.criteria:
        holds = criterion.holds(np.asarray(values[criterion.name]))
        fails = ~holds if kind == "include" else holds
        label = criterion.text if kind == "include" else f"exclude: {criterion.text}"
        first_failed[(first_failed == "") & fails] = label
    eligible = first_failed == ""
    screened = np.ones(n_athletes, dtype=bool)
    if enrolment.target is not None and eligible.sum() >= enrolment.target:
        last = int(np.flatnonzero(eligible)[enrolment.target - 1])
        screened[last + 1 :] = False
    enrolled = eligible & screened
    return pd.DataFrame({"athlete": np.arange(n_athletes), "screened": screened,
                         "first_failed": np.where(screened, first_failed, ""), "enrolled": enrolled})


def dropout_draws(enrolment: Enrolment, seed: int, n_athletes: int) -> np.ndarray:
    """True for athletes who drop out (stream ``trial.dropout``: the same in every arm)."""
    from cohort.rng import stream

    return stream(seed, "trial.dropout").random(n_athletes) < enrolment.dropout


def _values_from_athletes(enrolment: Enrolment, reference: pd.DataFrame, trajectories: pd.DataFrame | None) -> dict[str, np.ndarray]:
    """True values for the criteria from one run's athletes rows (reference arm)."""
    from cohort.errors import OutputError

    values: dict[str, np.ndarray] = {}
    for _, criterion in enrolment.criteria:
        name = criterion.name
        if not criterion.is_lab:
            values[name] = reference[name].astype(str if name in categorical_traits() else float).to_numpy()
        elif enrolment.screening_day == 0:
            if f"{name}_baseline" not in reference.columns:
                raise OutputError(f"enrolment criterion {criterion.text!r}: {name} was not recorded (add it to record.variables)")
            values[name] = reference[f"{name}_baseline"].to_numpy(dtype=np.float64)
        else:
            if trajectories is None or name not in trajectories.columns:
                raise OutputError(f"enrolment on day {enrolment.screening_day} needs per-athlete trajectories of {name}")
            day = trajectories[trajectories.day == enrolment.screening_day].sort_values("athlete")
            if len(day) != len(reference):
                raise OutputError(f"enrolment: day {enrolment.screening_day} is not a recorded trajectory day")
            values[name] = day[name].to_numpy(dtype=np.float64)
    return values


def enrol_run(enrolment: Enrolment, reference: pd.DataFrame, seed: int, trajectories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Enrolment table of one (point, replicate) from the reference arm's athletes rows."""
    reference = reference.sort_values("athlete")
    n = len(reference)
    values = screened_values(enrolment, _values_from_athletes(enrolment, reference, trajectories), seed)
    table = screen(enrolment, values, n)
    table["dropout"] = table.enrolled.to_numpy() & dropout_draws(enrolment, seed, n)
    for name in enrolment.lab_variables:
        table[f"{name}_screened"] = values[name]
    return table


# -- before the runs: size the cohort for the target ---------------------------------------


def _prescreen(enrolment: Enrolment, experiment: Experiment, size: int) -> tuple[int, list[Problem]]:
    """Athletes enrolled in a cohort of ``size`` (point 0, reference arm, replicate 0), and the
    problems that would stop enrolment after the runs (criteria on unrecorded variables)."""
    from cohort.engine.model import CohortModel
    from cohort.errors import Problem
    from cohort.state import STATE

    config = experiment.point_config(0, experiment.spec.reference_arm)
    config = config.model_copy(update={"seed": experiment.seed, "cohort": config.cohort.model_copy(update={"size": size})})
    model = CohortModel(config, run_id="prescreen")
    problems = []
    recorded = model.recorder.names
    for name in enrolment.lab_variables:
        if name not in recorded:
            problems.append(Problem(experiment.source, "record.variables", recorded, f"a list including {name} (an enrolment criterion)"))
    day = enrolment.screening_day
    if day and (not config.recording.trajectories or day not in set(model.recorder.days.tolist())):
        problems.append(Problem(experiment.source, "enrolment.screening_day", day,
                                f"0, or a recorded day (a multiple of recording.interval_days={config.recording.interval_days}) "
                                "with record: {trajectories: true}"))
    traits = model.result().athletes  # traits as the athletes table spells them
    if day:
        model.advance(min(day, model.n_days_total))
    truth: dict[str, np.ndarray] = {}
    for _, criterion in enrolment.criteria:
        if criterion.is_lab:  # the state on the screening day, whether recorded or not
            truth[criterion.name] = model.state[:, STATE.index(criterion.name)].copy()
        else:
            truth[criterion.name] = traits[criterion.name].to_numpy()
    values = screened_values(enrolment, truth, experiment.seed)
    return int(screen(enrolment.model_copy(update={"target": None}), values, size).enrolled.sum()), problems


def prepare_enrolment(experiment: Experiment, overrides: list[str], seed: int | None) -> Experiment:
    """Check the enrolment against a pre-screen and, with a target, size the cohort to reach it.

    The pre-screen builds replicate 0's cohort (reference arm, sweep point 0) and screens it;
    with a ``target`` not reached, the cohort grows to ``1.25 x target / enrolment rate``
    (at most ``max_screened``) and is screened again, up to four rounds. Returns the experiment
    re-resolved with ``cohort.size`` set when it had to grow. Raises ConfigError (nothing
    written) when a criterion's variable is not recorded, when no candidate meets the criteria,
    or when the target is out of reach.
    """
    from cohort.errors import ConfigError, Problem
    from cohort.experiment.spec import resolve_experiment

    enrolment = experiment.spec.enrolment
    if enrolment is None:
        return experiment
    source = experiment.source
    criteria = [*enrolment.include, *enrolment.exclude]
    size = experiment.base_config.cohort.size
    target = enrolment.target
    for _ in range(MAX_ROUNDS):
        enrolled, problems = _prescreen(enrolment, experiment, size)
        if problems:
            raise ConfigError(problems)
        if enrolled == 0:
            if target is None or size >= enrolment.max_screened:
                raise ConfigError([Problem(source, "enrolment", criteria, f"criteria that at least one of {size} screened candidates meets")])
        elif target is None or enrolled >= target:
            if size == experiment.base_config.cohort.size:
                return experiment
            log.info("enrolment: %d candidates simulated per run to enrol %s", size, target)
            spec_path = source if source != "<api>" else experiment.spec
            return resolve_experiment(spec_path, overrides=[*overrides, f"cohort.size={size}"], seed=seed)
        elif size >= enrolment.max_screened:
            break
        rate = max(enrolled, 1) / size
        size = min(enrolment.max_screened, max(size + 1, math.ceil(TARGET_MARGIN * target / rate)))
    raise ConfigError([Problem(source, "enrolment.target", target,
                               f"a target reachable within max_screened={enrolment.max_screened} candidates "
                               f"(a pre-screen of {size} enrolled {enrolled})")])


# -- after the runs ------------------------------------------------------------------------


def spec_enrolment(manifest: Mapping[str, Any]) -> Enrolment | None:
    """The enrolment section recorded in a results directory's manifest, if any."""
    section = ((manifest.get("experiment") or {}).get("spec") or {}).get("enrolment")
    return Enrolment.model_validate(section) if section else None


def enrolment_table(athletes: pd.DataFrame, runs: pd.DataFrame, reference: str, enrolment: Enrolment,
                    trajectories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per (point, replicate, athlete): screened, first failed criterion, enrolled, dropout."""
    from cohort.analysis.contrasts import with_keys

    frame = with_keys(athletes)
    ref = frame[frame.arm == reference]
    seeds = runs.drop_duplicates(["point", "replicate"]).set_index(["point", "replicate"])["seed"]
    pieces = []
    for (point, replicate), rows in ref.groupby(["point", "replicate"], sort=True):
        run_traj = None
        if trajectories is not None and "run_id" in trajectories.columns:
            run_traj = trajectories[trajectories.run_id == rows.run_id.iloc[0]]
        table = enrol_run(enrolment, rows, int(seeds.loc[(point, replicate)]), run_traj)
        if enrolment.target is not None and int(table.enrolled.sum()) < enrolment.target:
            log.warning("enrolment: point %s replicate %s enrolled %d of the target %d (screen a larger cohort)",
                        point, replicate, int(table.enrolled.sum()), enrolment.target)
        table.insert(0, "replicate", int(replicate))
        table.insert(0, "point", int(point))
        pieces.append(table)
    return pd.concat(pieces, ignore_index=True)


def write_enrolment(out_dir: str | Path) -> pd.DataFrame | None:
    """Write ``enrolment.parquet`` and ``flow.csv`` for an experiment with an enrolment section."""
    from cohort.analysis import read_results
    from cohort.outputs import write_parquet
    from cohort.trials.flow import flow_table

    folder = Path(out_dir)
    results = read_results(folder, enrolled_only=False)
    enrolment = spec_enrolment(results.manifest)
    if enrolment is None or results.runs is None:
        return None
    trajectories_path = folder / "trajectories.parquet"
    trajectories = pd.read_parquet(trajectories_path) if enrolment.screening_day and trajectories_path.is_file() else None
    table = enrolment_table(results.athletes, results.runs, results.reference, enrolment, trajectories)
    write_parquet(table, folder / "enrolment.parquet")
    flow = flow_table(table, results, enrolment)
    temporary = folder / ".flow.csv.tmp"
    flow.to_csv(temporary, index=False)
    temporary.replace(folder / "flow.csv")
    return table


def restrict_to_enrolled(athletes: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """The rows of enrolled athletes (every arm), when the folder has ``enrolment.parquet``."""
    path = folder / "enrolment.parquet"
    if not path.is_file():
        return athletes
    from cohort.analysis.contrasts import with_keys

    enrolled = pd.read_parquet(path, columns=["point", "replicate", "athlete", "enrolled"])
    enrolled = enrolled[enrolled.enrolled].drop(columns="enrolled")
    frame = with_keys(athletes)
    keep = frame.merge(enrolled, on=["point", "replicate", "athlete"], how="left", indicator=True)["_merge"] == "both"
    return athletes[keep.to_numpy()].reset_index(drop=True)


def enrolled_view(folder: Path, athletes: pd.DataFrame, daily: pd.DataFrame | None,
                  runs: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The athletes and cohort_daily frames restricted to the enrolled athletes, when ``folder``
    holds an enrolment. The daily aggregates are rebuilt from trajectories when they were
    recorded; otherwise they are dropped (they describe every simulated candidate) and a
    warning says so."""
    if not (folder / "enrolment.parquet").is_file():
        manifest_path = folder / "manifest.json"
        if manifest_path.is_file():
            import json

            if spec_enrolment(json.loads(manifest_path.read_text(encoding="utf-8"))) is not None:
                log.warning("%s: the experiment enrols athletes but has no enrolment.parquet (runs failed?); "
                            "the analysis covers every simulated candidate", folder)
        return athletes, daily
    athletes = restrict_to_enrolled(athletes, folder)
    trajectories_path = folder / "trajectories.parquet"
    if trajectories_path.is_file() and runs is not None:
        return athletes, enrolled_daily(pd.read_parquet(trajectories_path), runs, folder)
    log.warning("enrolment: cohort aggregates over time cover every simulated candidate; record trajectories "
                "(record: {trajectories: true}) to see them for the enrolled athletes")
    return athletes, None


def enrolled_daily(trajectories: pd.DataFrame, runs: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """``cohort_daily`` rows (mean, sd, q10, q90, prevalence) over the *enrolled* athletes,
    rebuilt from per-athlete trajectories (the recorded cohort aggregates cover every
    simulated candidate)."""
    from cohort.physiology import load_all

    enrolled = pd.read_parquet(folder / "enrolment.parquet", columns=["point", "replicate", "athlete", "enrolled"])
    enrolled = enrolled[enrolled.enrolled].drop(columns="enrolled")
    labels = runs[["run_id", "point", "arm", "replicate"]].drop_duplicates("run_id")
    frame = trajectories.merge(labels, on="run_id").merge(enrolled, on=["point", "replicate", "athlete"])
    keys = ["run_id", "point", "arm", "replicate", "day"]
    variables = [c for c in trajectories.columns if c not in ("run_id", "day", "athlete")]
    long = frame.melt(id_vars=keys, value_vars=variables, var_name="variable")
    grouped = long.groupby([*keys, "variable"], sort=False, observed=True)["value"]
    pieces = [grouped.mean().rename("mean"), grouped.std(ddof=0).rename("sd"),
              grouped.quantile(0.1).rename("q10"), grouped.quantile(0.9).rename("q90")]
    stats_frame = pd.concat(pieces, axis=1).reset_index().melt(
        id_vars=[*keys, "variable"], var_name="statistic", value_name="value")
    prevalence = []
    for subsystem in load_all():
        for threshold in subsystem.thresholds:
            if threshold.variable not in variables:
                continue
            values = frame[threshold.variable]
            flag = values < threshold.cutoff if threshold.below else values > threshold.cutoff
            share = flag.groupby([frame[k] for k in keys], sort=False).mean().rename("value").reset_index()
            prevalence.append(share.assign(variable=threshold.name, statistic="prevalence"))
    return pd.concat([stats_frame, *prevalence], ignore_index=True)
