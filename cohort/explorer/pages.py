"""Solara pages: ``LivePage`` (a cohort you change and step), ``ResultsPage`` (results on disk)
and ``Page``, which picks one from a target path. In Jupyter::

    from cohort.explorer.pages import Page
    Page("experiments/quickstart.yaml")

Every number shown comes from :mod:`cohort.explorer.live` / :mod:`cohort.explorer.browse`,
which call the model, analysis and sensitivity code the CLI uses. The text readouts
(``.cohort-readout``) state the plotted numbers, for people and for the browser tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
import solara

from cohort.errors import ConfigError, StateError
from cohort.explorer.live import (
    LiveCohort,
    Scenario,
    dose_fields,
    load_scenario,
    mechanism_overrides,
)

VIEWS = ["trajectories", "distribution", "prevalence", "athlete", "network"]
PLAY_DAYS_PER_TICK = 1
PLAY_PAUSE_S = 0.15


def _figure(figure: Any) -> Any:
    return solara.FigureMatplotlib(figure, format="png", dpi=110)


def _registry() -> Any:
    from cohort.analysis.mechanisms import registry_frame

    return registry_frame()


def _problems(exc: ConfigError) -> str:
    return "\n".join(f"- {problem}" for problem in exc.problems)


@solara.component
def MechanismControls(settings: dict[str, tuple[bool, float]], on_settings: Any, defaults: dict[str, bool]) -> None:
    """A switch per mechanism (label: id and evidence) and a scale slider for a chosen one."""
    frame = solara.use_memo(_registry, [])
    chosen, set_chosen = solara.use_state(str(frame.id.iloc[0]))

    def setting(mechanism_id: str) -> tuple[bool, float]:
        return settings.get(mechanism_id, (defaults[mechanism_id], 1.0))

    def update(mechanism_id: str, enabled: bool | None = None, scale: float | None = None) -> None:
        current = setting(mechanism_id)
        new = (current[0] if enabled is None else enabled, current[1] if scale is None else scale)
        on_settings({**settings, mechanism_id: new})

    def switch(mechanism_id: str) -> Callable[[bool], None]:
        return lambda value: update(mechanism_id, enabled=value)

    with solara.Card("Mechanisms (switch / scale)", style={"max-height": "420px", "overflow-y": "auto"}):
        solara.Select("scale of", values=list(frame.id), value=chosen, on_value=set_chosen, dense=True)
        solara.SliderFloat("scale", value=setting(chosen)[1], min=0.0, max=3.0, step=0.1,
                           on_value=lambda value: update(chosen, scale=value))
        for row in frame.itertuples():
            enabled, scale = setting(str(row.id))
            solara.Switch(label=f"{row.id} [{row.evidence}]" + (f" x{scale:g}" if scale != 1.0 else ""), value=enabled,
                            on_value=switch(str(row.id)))


@solara.component
def LivePage(target: str, overrides: tuple[str, ...] = ()) -> None:
    """Pick an arm, switch or scale mechanisms, change doses and parameters, step or play the
    cohort day by day, and look at trajectories, distributions, prevalence, one athlete and the
    crosstalk network."""
    scenario: Scenario = solara.use_memo(lambda: load_scenario(target, list(overrides)), [target, overrides])
    frame = solara.use_memo(_registry, [])
    defaults = {str(row.id): bool(row.default_enabled) for row in frame.itertuples()}
    default_arm = next((a for a in scenario.arm_names if a != scenario.reference), scenario.reference)
    arm, set_arm = solara.use_state(default_arm)
    mechanisms, set_mechanisms = solara.use_state(cast(dict[str, tuple[bool, float]], {}))
    doses, set_doses = solara.use_state(cast(dict[str, float], {}))
    extra, set_extra = solara.use_state("")
    version, set_version = solara.use_state(0)
    view, set_view = solara.use_state(VIEWS[0])
    playing, set_playing = solara.use_state(False)
    athlete, set_athlete = solara.use_state(0)
    chosen_variable, set_variable = solara.use_state("")

    arm_doses = dose_fields(scenario.arms[arm][0])

    def set_dose(path: str) -> Callable[[float | None], None]:
        return lambda new: set_doses({**doses, path: float(new or 0.0)})

    changes = [*mechanism_overrides(mechanisms), *(f"{path}={value!r}" for path, value in doses.items() if path in arm_doses),
               *(line.strip() for line in extra.splitlines() if line.strip())]

    def build() -> LiveCohort | str:
        try:
            return LiveCohort(scenario, arm, changes)
        except ConfigError as exc:
            return _problems(exc)

    live = solara.use_memo(build, [arm, tuple(changes)])
    lock = solara.use_memo(threading.Lock, [])

    def advance(days: int) -> None:
        if isinstance(live, LiveCohort):
            with lock:
                live.advance(days)
            set_version(lambda v: v + 1)

    stop = solara.use_memo(threading.Event, [])  # set by "pause" at once, checked before every day

    def play(cancel: threading.Event) -> None:
        while playing and isinstance(live, LiveCohort) and not live.finished and not cancel.is_set() and not stop.is_set():
            advance(PLAY_DAYS_PER_TICK)
            time.sleep(PLAY_PAUSE_S)
        if playing:
            set_playing(False)

    def toggle_play() -> None:
        if playing:
            stop.set()
        else:
            stop.clear()
        set_playing(not playing)

    # not intrusive: solara's default cancels by tracing every line of the thread (renders included, ~10x
    # slower, and a cancel could land half-way through a day); the loop checks `cancel` between days instead
    solara.use_thread(play, dependencies=[playing, live], intrusive_cancel=False)

    solara.Title("cohort explore")
    with solara.Columns([1, 3]):
        with solara.Column():
            solara.Markdown(f"**{Path(scenario.source).name}**")
            solara.Select("arm", values=scenario.arm_names, value=arm, on_value=set_arm)
            for path, value in arm_doses.items():
                solara.InputFloat(path.replace("strategies.", "dose ").replace(".product", ""), value=doses.get(path, value),
                                  on_value=set_dose(path))
            solara.InputText("more changes (dotted.path=value, one per line)", value=extra, on_value=set_extra)
            MechanismControls(mechanisms, set_mechanisms, defaults)
        with solara.Column():
            _LiveView(live, arm, scenario, chosen_variable, set_variable, view, set_view, playing, toggle_play, athlete,
                      set_athlete, frame, version, advance, lock)


def _unique_labels(variables: list[str]) -> dict[str, str]:
    """id -> display label (name and unit); where two ids would share a label, the id is appended."""
    from cohort.labels import label

    labels = {variable: label(variable) for variable in variables}
    counts: dict[str, int] = {}
    for text in labels.values():
        counts[text] = counts.get(text, 0) + 1
    return {variable: text if counts[text] == 1 else f"{text} [{variable}]" for variable, text in labels.items()}


def _LiveView(live: LiveCohort | str, arm: str, scenario: Scenario, chosen_variable: str, set_variable: Any, view: str,
              set_view: Any, playing: bool, toggle_play: Any, athlete: int, set_athlete: Any, frame: Any, version: int,
              advance: Any, lock: Any) -> None:
    """The right-hand column: controls for time and view, the readout and the chosen figure."""
    from cohort.labels import name, unit

    if isinstance(live, str):
        solara.Error(f"This change is not a valid config:\n{live}")
        return
    variables = live.names
    outcome_default = next((v for v in scenario.outcomes if v in variables), variables[0])
    variable = chosen_variable if chosen_variable in variables else outcome_default
    with solara.Row():
        solara.Button("step 1 day", on_click=lambda: advance(1), disabled=live.finished)
        solara.Button("step 1 week", on_click=lambda: advance(7), disabled=live.finished)
        solara.Button("to end", on_click=lambda: advance(live.n_days), disabled=live.finished)
        solara.Button("pause" if playing else "play", on_click=toggle_play, disabled=live.finished)
    with solara.Row():
        # shown by human name and unit; labels are unique per id (a label shared by two ids keeps the id)
        shown = _unique_labels(variables)
        by_label = {text: key for key, text in shown.items()}
        solara.Select("variable", values=list(shown.values()), value=shown[variable],
                      on_value=lambda text: set_variable(by_label[text]), dense=True)
        solara.ToggleButtonsSingle(value=view, values=VIEWS, on_value=set_view)
    with lock:
        mean = live.mean_now(variable)
        solara.Text(f"arm {arm} | day {live.day} of {live.n_days} | cohort mean {name(variable)} = {mean:.6g} {unit(variable)}",
                    classes=["cohort-readout"])
        try:
            _view(live, view, variable, athlete, set_athlete, frame, version)
        except StateError as exc:
            solara.Error(f"simulation stopped: {exc}")


def _view(live: LiveCohort, view: str, variable: str, athlete: int, set_athlete: Any, frame: Any, version: int) -> None:
    from cohort.plots.time import prevalence_plot, trajectories

    if view == "trajectories":
        _figure(trajectories(live.cohort_daily(), [variable]))
    elif view == "distribution":
        from cohort.explorer.figures import distribution

        threshold = next((t for s in live.model.subsystems for t in s.thresholds if t.variable == variable), None)
        values = live.current(variable)
        _figure(distribution(values, variable, cutoff=None if threshold is None else threshold.cutoff, day=live.day,
                             highlight=float(values[athlete])))
    elif view == "prevalence":
        prevalence = live.prevalence()
        solara.Text(f"prevalence on day {live.day}: " + ", ".join(
            f"{row.variable} {100 * row.value:.1f}%" for row in prevalence[prevalence.day == prevalence.day.max()].itertuples()),
            classes=["cohort-readout"])
        _figure(prevalence_plot(prevalence))
    elif view == "athlete":
        from cohort.explorer.figures import athlete_panels

        solara.InputInt(f"athlete (0-{live.model.n_athletes - 1})", value=athlete,
                        on_value=lambda a: set_athlete(int(np.clip(a or 0, 0, live.model.n_athletes - 1))))
        traits = live.athlete_traits(athlete)
        solara.Text(", ".join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in traits.items()))
        _figure(athlete_panels(live.athlete_trajectory(athlete), live.names, title=f"athlete {athlete}"))
    else:
        from cohort.mechanisms import MECHANISMS
        from cohort.plots.network import crosstalk_network

        strengths = MECHANISMS.strengths(live.config.mechanisms)
        shown = frame.assign(active=[strengths[f"mechanism.{m}"] > 0 for m in frame.id])
        solara.Text(f"{int(shown.active.sum())} of {len(shown)} mechanisms on", classes=["cohort-readout"])
        _figure(crosstalk_network(shown, title="crosstalk in this run (faded: switched off)"))


@solara.component
def Page(target: str | None = None, overrides: tuple[str, ...] = ()) -> None:
    """A results directory opens the results browser; a config or experiment file, a live cohort."""
    import os

    target = target or os.environ.get("COHORT_EXPLORE_TARGET", "")
    if not target:
        solara.Error("no target: pass Page(target=...) or set COHORT_EXPLORE_TARGET")
        return
    if not overrides and os.environ.get("COHORT_EXPLORE_SET"):
        overrides = tuple(line for line in os.environ["COHORT_EXPLORE_SET"].split("\n") if line)
    if Path(target).is_dir():
        from cohort.explorer.results_page import ResultsPage

        ResultsPage(target)
    else:
        LivePage(target, overrides)
