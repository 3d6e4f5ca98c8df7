"""The study a config describes: ``config.strategies`` compiled to dose tables and hooks.

:class:`~cohort.engine.model.CohortModel` calls :func:`compile_study` when it is built, so a
model made from a config always carries that config's strategies, whatever the door
(``CohortModel(config)``, ``cohort.run``, an experiment, ``mesa.batch_run``).

* Every ``supplement`` strategy is one product row of :class:`~cohort.engine.doses.DoseTables`
  named after the strategy, so its daily adherence draws come from the engine's stream
  ``adherence.<name>`` and are the same in every arm that has a strategy of that name.
* Per-athlete adherence probabilities ~ Beta(mean c, (1 - mean) c) come from the stream
  ``adherence.<name>.athlete``.
* Eligibility starts as the ``who`` filter (everyone by default), or nobody when the
  strategy screens; screening and stopping rules are observation hooks that update
  ``DoseTables.eligible`` on the morning of their weeks from draws of
  :class:`cohort.observation.ObservationLog`.
* Every test meal (``events.test_meals``) is one more product row, ``test_meal.<k>``, given on
  its day to its ``who`` athletes with adherence 1 (:func:`test_meal_row`).
* ``food_first`` strategies scale the athletes' habitual-intake traits in place from their
  first day (restored on their stop day); ``lab_draws`` only draw. A strategy's window is in
  days (:attr:`~cohort.strategies.models.Supplement.first_day`, ``end_day``), whether the file
  gave days or weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from cohort.config.models import DIETS, SPORTS, STATUSES, Config, TestMeal
from cohort.engine.doses import (
    CO_LABELLED_VITE,
    CO_PHYTATE,
    MAX_DOSE_EVENTS,
    N_CO,
    TIME_AFTER_SESSION,
    TIME_FIXED,
    TIME_TEST_MEAL,
    TIME_WITH_MEAL,
    DoseTables,
)
from cohort.errors import ConfigError, Problem
from cohort.observation import ObservationLog, assay_cv
from cohort.physiology.inputs import BLOCK_PHASES
from cohort.rng import stream
from cohort.state import STATE
from cohort.strategies.models import Delivery, FoodFirst, LabDraws, Supplement, Who
from cohort.strategies.products import product_amounts, taken_with_amounts
from cohort.training import clock_hours

if TYPE_CHECKING:  # pragma: no cover
    from cohort.engine.model import CohortModel

WEEKDAY_INDEX = {name: k for k, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
Hook = Callable[["CohortModel", int], None]


def scheduled_days(delivery: Delivery, start_date: dt.date, n_days: int, first: int, end: int | None) -> np.ndarray:
    """1.0 on the days a dose is due (before adherence, eligibility and block phase), within
    days ``first`` .. ``end`` - 1 of the run (``end`` None: to the end)."""
    days = np.arange(n_days)
    last = n_days if end is None else min(n_days, end)
    window = (days >= first) & (days < last)
    weekday = (start_date.weekday() + days) % 7
    since = days - first
    schedule = delivery.schedule
    if schedule == "daily":
        due = window
    elif schedule == "alternate_days":
        due = window & (since % 2 == 0)
    elif schedule == "per_week":
        n = int(delivery.times_per_week or 1)
        offsets = sorted({round(k * 7 / n) for k in range(n)})
        due = window & np.isin(since % 7, offsets)
    elif schedule == "weekly":
        target = WEEKDAY_INDEX[delivery.weekday] if delivery.weekday else (start_date.weekday() + first) % 7
        due = window & (weekday == target)
    elif schedule == "weekdays":
        due = window & np.isin(weekday, [WEEKDAY_INDEX[d] for d in delivery.weekdays or ()])
    elif schedule == "monthly":
        dates = [start_date + dt.timedelta(days=int(day)) for day in days]
        target = delivery.day_of_month or min(28, (start_date + dt.timedelta(days=first)).day)
        due = window & np.array([date.day == target for date in dates], dtype=bool)
    else:  # once
        due = days == first
    return due.astype(np.float64)


def timing_row(delivery: Delivery, n_meals: int, where: str) -> np.ndarray:
    """(mode, clock h or offset h, meal index, rest-day clock h) for DoseTables.timing."""
    rest = clock_hours(delivery.rest_day_time)
    if delivery.after_session_min is not None:
        return np.array([TIME_AFTER_SESSION, delivery.after_session_min / 60.0, 0.0, rest])
    if delivery.with_meal is not None:
        meal = {"breakfast": 0, "lunch": 1, "dinner": n_meals - 1}[delivery.with_meal]
        if delivery.with_meal == "lunch" and n_meals != 3:
            raise ConfigError([Problem("<config>", f"{where}.delivery.with_meal", "lunch", "a diet with three meals (diet.meals)")])
        return np.array([TIME_WITH_MEAL, 0.0, float(meal), rest])
    return np.array([TIME_FIXED, clock_hours(delivery.time or "08:00"), 0.0, rest])


def who_mask(who: Who, state: np.ndarray) -> np.ndarray:
    """Athletes matching every criterion of ``who`` (boolean, one per athlete)."""
    mask = np.ones(state.shape[0], dtype=bool)

    def codes(column: str) -> np.ndarray:
        return state[:, STATE.index(column)].astype(int)

    if who.sex is not None:
        female = state[:, STATE.index("female")] > 0
        mask &= np.where(female, "female" in who.sex, "male" in who.sex)
    for criterion, column, order in (("sport", "sport", SPORTS), ("diet", "diet_pattern", DIETS), ("training_status", "training_status", STATUSES)):
        allowed = getattr(who, criterion)
        if allowed is not None:
            mask &= np.isin(codes(column), [order.index(name) for name in allowed])
    if who.menstruating is not None:
        mask &= (state[:, STATE.index("menstruating")] > 0) == who.menstruating
    return mask


def adherence_probabilities(seed: int, name: str, mean: float, concentration: float, n_athletes: int) -> np.ndarray:
    """Per-athlete probability of taking a due dose, Beta(mean c, (1 - mean) c)."""
    rng = stream(seed, f"adherence.{name}.athlete")
    if mean >= 1.0:
        return np.ones(n_athletes)
    if mean <= 0.0:
        return np.zeros(n_athletes)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, n_athletes)


@dataclass
class Study:
    """A config's strategies, compiled: what the model needs to run the study.

    ``hooks`` are (days, hook) pairs called on the morning of those days; ``final_draws`` are
    lab visits on the morning after the last day (drawn by ``CohortModel.result()``).
    """

    tables: DoseTables
    hooks: list[tuple[list[int], Hook]] = field(default_factory=list)
    final_draws: list[Hook] = field(default_factory=list)
    supplements: list[tuple[int, Supplement]] = field(default_factory=list)
    test_meals: list[tuple[int, TestMeal]] = field(default_factory=list)

    def enrol(self, state: np.ndarray) -> dict[int, np.ndarray]:
        """Set the day-0 eligibility from the cohort's traits; return each product's ``who`` mask.

        A screened product starts with nobody eligible (the screen enrols from the mask).
        """
        masks = {}
        for j, strategy in self.supplements:
            mask = who_mask(strategy.who, state)
            masks[j] = mask
            self.tables.eligible[:, j] = 0.0 if strategy.screen is not None else mask.astype(np.float64)
        for j, meal in self.test_meals:
            masks[j] = who_mask(meal.who, state)
            self.tables.eligible[:, j] = masks[j].astype(np.float64)
        return masks


def _check_biomarker(name: str, where: str) -> None:
    if name not in STATE:
        raise ConfigError([Problem("<config>", where, name, "a state variable to measure (`cohort variables` lists them)")])


def _check_weeks(weeks: list[int], config: Config, where: str, allow_end: bool = False) -> None:
    limit = config.duration_weeks if allow_end else config.duration_weeks - 1
    late = [week for week in weeks if week > limit]
    if late:
        raise ConfigError([Problem("<config>", where, late, f"weeks within the run (0..{limit})")])


def _check_day(day: int, config: Config, where: str) -> None:
    if day >= config.n_days:
        raise ConfigError([Problem("<config>", where, day, f"a start within the run (day 0..{config.n_days - 1})")])


def _eligibility_hook(index: int, strategy: Supplement, starting: bool) -> Hook:
    """A lab draw that starts (screen-and-treat) or stops (stopping rule) product ``index``:
    athletes whose measured value meets the rule become eligible, or stop being eligible."""
    rule = strategy.screen if starting else strategy.stop_when
    assert rule is not None
    cv = assay_cv(rule.biomarker, rule.assay_cv)
    purpose = f"{strategy.name}: {'screen' if starting else 'stopping rule'}"

    def draw(model: CohortModel, day: int) -> None:
        log: ObservationLog = model.observations
        measured = log.draw(model.state[:, STATE.index(rule.biomarker)], rule.biomarker, day, cv, purpose)
        if starting:
            model.dose_tables.eligible[model.who_masks[index] & rule.meets(measured), index] = 1.0
        else:
            model.dose_tables.eligible[(model.dose_tables.eligible[:, index] > 0) & rule.meets(measured), index] = 0.0

    return draw


def _food_hooks(strategy: FoodFirst) -> tuple[Hook, Hook]:
    columns = np.array([STATE.index(f"habitual_{nutrient}") for nutrient in strategy.scale])
    factors = np.array(list(strategy.scale.values()))
    saved: dict[str, np.ndarray] = {}

    def begin(model: CohortModel, day: int) -> None:
        rows = who_mask(strategy.who, model.state)
        saved["rows"] = rows
        saved["values"] = model.state[:, columns].copy()
        model.state[np.ix_(rows, columns)] = model.state[np.ix_(rows, columns)] * factors

    def end(model: CohortModel, day: int) -> None:
        if "values" in saved:
            model.state[:, columns] = saved["values"]

    return begin, end


def _draw_hook(cvs: dict[str, float], purpose: str) -> Hook:
    """Measure each variable of ``cvs`` (variable -> CV of one draw) on the hook's day."""

    def labs(model: CohortModel, day: int) -> None:
        log: ObservationLog = model.observations
        for biomarker, cv in cvs.items():
            log.draw(model.state[:, STATE.index(biomarker)], biomarker, day, cv, purpose)

    return labs


def _lab_hook(strategy: LabDraws) -> Hook:
    return _draw_hook({b: assay_cv(b, strategy.assay_cv.get(b)) for b in strategy.biomarkers}, strategy.name)


def performance_test_hooks(config: Config) -> tuple[list[tuple[list[int], Hook]], list[Hook]]:
    """Hooks of ``events.tests`` (performance tests drawn like lab visits, purpose ``test:<test>``)
    and those due after the last day (``day`` = the run's length)."""
    hooks: list[tuple[list[int], Hook]] = []
    final: list[Hook] = []
    for test in config.events.tests:  # days checked when the config is built (cohort.training.event_problems)
        hook = _draw_hook({test.variable: assay_cv(test.variable, test.test_retest_cv)}, f"test:{test.test}")
        if test.day == config.n_days:
            final.append(hook)
        else:
            hooks.append(([test.day], hook))
    return hooks, final
def test_meal_row(meal: TestMeal) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(nutrient amounts, timing row, co_ingested row) of a test meal for :class:`DoseTables`.

    Its labelled alpha-tocopherol is vitamin E intake too; its phytic acid and the labelled
    share ride in ``co_ingested`` (columns ``CO_PHYTATE``, ``CO_LABELLED_VITE``).
    """
    from cohort.physiology.nutrients import NUTRIENTS

    amount = np.zeros(len(NUTRIENTS))
    for nutrient, value in (
        ("iron_nonheme_mg", meal.nonheme_iron_mg), ("iron_heme_mg", meal.heme_iron_mg), ("vitamin_c_mg", meal.vitamin_c_mg),
        ("calcium_mg", meal.calcium_mg), ("polyphenol_mg", meal.polyphenol_mg), ("vitamin_e_mg", meal.labelled_vitamin_e_mg),
    ):
        amount[NUTRIENTS.ids.index(nutrient)] = value
    before, after = (meal.fast_before_h, meal.fast_after_h) if meal.fasting else (-1.0, -1.0)
    timing = np.array([TIME_TEST_MEAL, clock_hours(meal.time), before, after])
    co_ingested = np.zeros(N_CO)
    co_ingested[CO_PHYTATE] = meal.phytate_mg
    co_ingested[CO_LABELLED_VITE] = meal.labelled_vitamin_e_mg
    return amount, timing, co_ingested


def compile_study(config: Config) -> Study:
    """Dose tables (eligibility set by :meth:`Study.enrol`), hooks, end-of-run draws."""
    n, n_days = config.cohort.size, config.n_days
    supplements = [s for s in config.strategies if isinstance(s, Supplement)]
    test_meals = config.events.test_meals
    rows = len(supplements) + len(test_meals)
    tables = DoseTables(
        names=tuple(s.name for s in supplements) + tuple(f"test_meal.{k}" for k in range(len(test_meals))),
        amount=np.zeros((rows, _n_nutrients())),
        scheduled=np.zeros((rows, n_days)),
        phase_mask=np.ones((rows, len(BLOCK_PHASES))),
        timing=np.zeros((rows, 4)),
        co_ingested=np.zeros((rows, N_CO)),
        eligible=np.ones((n, rows)),
        adherence=np.ones((n, rows)),
    )
    hooks: list[tuple[list[int], Hook]] = []
    final: list[Hook] = []
    indexed: list[tuple[int, Supplement]] = []
    for position, strategy in enumerate(config.strategies):
        where = f"strategies.{position}"
        if isinstance(strategy, Supplement):
            j = len(indexed)
            indexed.append((j, strategy))
            tables.amount[j] = product_amounts(strategy.product)
            tables.scheduled[j] = scheduled_days(strategy.delivery, config.start_date, n_days, strategy.first_day, strategy.end_day)
            tables.timing[j] = timing_row(strategy.delivery, len(config.diet.meals), where)
            tables.co_ingested[j, :CO_PHYTATE] = taken_with_amounts(strategy.delivery.taken_with)
            if strategy.phases is not None:
                tables.phase_mask[j] = [1.0 if phase in strategy.phases else 0.0 for phase in BLOCK_PHASES]
            tables.adherence[:, j] = adherence_probabilities(
                config.seed, strategy.name, strategy.adherence.mean, strategy.adherence.concentration, n
            )
            if strategy.screen is not None:
                _check_biomarker(strategy.screen.biomarker, f"{where}.screen.biomarker")
                _check_weeks(strategy.screen.weeks, config, f"{where}.screen.weeks")
                hooks.append(([7 * w for w in strategy.screen.weeks], _eligibility_hook(j, strategy, starting=True)))
            if strategy.stop_when is not None:
                _check_biomarker(strategy.stop_when.biomarker, f"{where}.stop_when.biomarker")
                _check_weeks(strategy.stop_when.weeks, config, f"{where}.stop_when.weeks")
                hooks.append(([7 * w for w in strategy.stop_when.weeks], _eligibility_hook(j, strategy, starting=False)))
        elif isinstance(strategy, FoodFirst):
            _check_day(strategy.first_day, config, f"{where}.{'start_day' if strategy.start_day is not None else 'start_week'}")
            begin, end = _food_hooks(strategy)
            hooks.append(([strategy.first_day], begin))
            if strategy.end_day is not None and strategy.end_day < n_days:
                hooks.append(([strategy.end_day], end))
        else:
            for k, biomarker in enumerate(strategy.biomarkers):
                _check_biomarker(biomarker, f"{where}.biomarkers.{k}")
            if strategy.weeks is not None:
                _check_weeks(strategy.weeks, config, f"{where}.weeks", allow_end=True)
            late = [day for day in strategy.draw_days if day > n_days]
            if late:
                raise ConfigError([Problem("<config>", f"{where}.days", late, f"days within the run (0..{n_days}; {n_days}: after the last day)")])
            labs = _lab_hook(strategy)
            during = [day for day in strategy.draw_days if day < n_days]
            if during:
                hooks.append((during, labs))
            if n_days in strategy.draw_days:
                final.append(labs)
    meals: list[tuple[int, TestMeal]] = []
    for k, meal in enumerate(test_meals):
        if meal.day >= n_days:
            raise ConfigError([Problem("<config>", f"events.test_meals.{k}.day", str(meal.day), f"a day of the run (< {n_days})")])
        j = len(supplements) + k
        meals.append((j, meal))
        tables.amount[j], tables.timing[j], tables.co_ingested[j] = test_meal_row(meal)
        tables.scheduled[j, meal.day] = 1.0
    demand = tables.dose_event_demand()
    if demand > MAX_DOSE_EVENTS:
        raise ConfigError([Problem(
            "<config>", "strategies", f"{demand} dose times on one day",
            f"at most {MAX_DOSE_EVENTS} clock times a day for doses with iron, vitamin C, calcium, polyphenols "
            "or curcumin (take them together, or with a meal)",
        )])
    return Study(tables, hooks, final, indexed, meals)


def _n_nutrients() -> int:
    from cohort.physiology.nutrients import NUTRIENTS

    return len(NUTRIENTS)
