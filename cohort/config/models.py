"""The configuration schema. Every model rejects unknown keys; ``cohort schema`` prints it.

Physiology parameter overrides (``physiology.<subsystem>.<name>``) are validated against each
subsystem's own frozen parameter model, so a typo or an out-of-bounds value is caught with
the same one-line error as any other key.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cohort.strategies.models import Strategies, Who

SEXES = ("female", "male")
SPORTS = ("endurance", "strength_power", "team", "mixed")
STATUSES = ("untrained", "trained", "elite")
DIETS = ("omnivore", "vegetarian", "vegan")
MODALITIES = ("endurance", "resistance", "hiit", "eccentric")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
PositiveFloat = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _check_shares(shares: dict[str, float], allowed: tuple[str, ...], what: str) -> dict[str, float]:
    unknown = sorted(set(shares) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; expected some of {list(allowed)}")
    total = sum(shares.values())
    if total <= 0 or abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} shares must sum to 1 (got {total:g})")
    return shares


class NormalPrior(Strict):
    """A truncated normal: mean, sd and hard limits."""

    mean: float
    sd: NonNegativeFloat
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> NormalPrior:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        if not self.low <= self.mean <= self.high:
            raise ValueError(f"mean ({self.mean}) must lie between low and high")
        return self


class UniformPrior(Strict):
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> UniformPrior:
        if not self.low <= self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        return self


class TraitPriors(Strict):
    """Persistent per-athlete response traits (log-scale SDs)."""

    trainability_log_sd: float = Field(
        0.40, ge=0, le=2, description="SD of log general trainability (HERITAGE: heritability ~0.47)"
    )
    endurance_specific_log_sd: float = Field(
        0.36, ge=0, le=2, description="SD of log endurance-specific responsiveness"
    )
    strength_specific_shape: float = Field(
        3.0, gt=0, le=50,
        description="gamma shape of strength-specific responsiveness (CV 0.58; Hubal 2005 gains suggest CV ~0.5-1): "
        "fitted to the calibration case TR-STR (python -m cohort.validation.fits.strength)",
    )
    compliance_mean: Probability = Field(0.92, description="mean per-athlete session compliance")
    compliance_concentration: float = Field(
        40.0, gt=0, le=1e4, description="Beta concentration (a+b) of per-athlete compliance"
    )


class CohortPriors(Strict):
    """Population priors athletes are sampled from (defaults documented in docs/defaults.md)."""

    size: int = Field(
        300, ge=1, le=1_000_000_000,
        description="athletes in the cohort (above a few million, set block_size: memory.py refuses what cannot fit)",
    )
    block_size: int | None = Field(
        None, ge=100, le=5_000_000,
        description="simulate the cohort as blocks of this many athletes, one block in memory per worker, each drawn "
        "from streams keyed by (seed, block); results are streaming aggregates by sex and training status "
        "(cohort_daily, histograms) and per-athlete tables for recording.sample_athletes only (docs/blocks.md)",
    )
    female_share: Probability = 0.45
    age_y: NormalPrior = NormalPrior(mean=24, sd=5, low=16, high=45)
    body_mass_kg_male: NormalPrior = NormalPrior(mean=76, sd=9, low=50, high=130)
    body_mass_kg_female: NormalPrior = NormalPrior(mean=62, sd=7, low=40, high=110)
    height_m_male: NormalPrior = NormalPrior(mean=1.80, sd=0.07, low=1.50, high=2.10)
    height_m_female: NormalPrior = NormalPrior(mean=1.67, sd=0.065, low=1.40, high=1.95)
    sport: dict[str, float] = Field(
        default_factory=lambda: {"endurance": 0.35, "strength_power": 0.2, "team": 0.35, "mixed": 0.1}
    )
    training_status: dict[str, float] = Field(
        default_factory=lambda: {"untrained": 0.1, "trained": 0.7, "elite": 0.2}
    )
    diet: dict[str, float] = Field(
        default_factory=lambda: {"omnivore": 0.85, "vegetarian": 0.1, "vegan": 0.05}
    )
    latitude_deg: UniformPrior = UniformPrior(low=40, high=55)
    altitude_m: UniformPrior = Field(
        UniformPrior(low=0, high=0),
        description="altitude of residence and training above sea level (m): more UVB and skin vitamin D higher up",
    )
    indoor_share: Probability = Field(0.3, description="share of athletes in indoor sports")
    outdoor_hours_per_day_outdoor_sport: UniformPrior = Field(
        UniformPrior(low=1.4, high=3.7),
        description="daylight hours outdoors per day (h/d) in the UV season of athletes in outdoor sports: the "
        "indoor-sport prior plus outdoor training of 0.4-1.3 h/d (university outdoor athletes 5.8 +- 3.3 h/week "
        "in autumn, 5.2 +- 2.4 in spring: Wilson-Barnes 2020, mean +- 1 SD / 7). Below full-time outdoor work: "
        "gardeners 3.2 (Irish) and 4.8 (Danish) dosimeter-positive h on work days (Thieden 2005, medians). "
        "Training assumed added to, not substituted for, leisure outdoor time (not measured)",
    )
    outdoor_hours_per_day_indoor_sport: UniformPrior = Field(
        UniformPrior(low=1.0, high=2.4),
        description="daylight hours outdoors per day (h/d) in the UV season of athletes in indoor sports, who live "
        "outdoors like anyone outside training: summer time outdoors pooled over studies, medians 1.04 (weekdays) "
        "and 1.64 h/d (weekends), means 1.43 and 2.38 (Diffey 2011; week mean 1.70 = this prior's mean); "
        "Danish indoor workers 2 h/d with a positive dosimeter in the summer half-year, 10 min in winter "
        "(Thieden 2006); UK indoor workers 2.5 h/d at weekends, little on weekdays (Baczynska 2019)",
    )
    menstruating_share_of_females: Probability = 0.8
    traits: TraitPriors = TraitPriors()
    squad: str | None = Field(
        None,
        description="a squad table (CSV or Parquet, one row per real athlete; docs/squad.md), relative to the config "
        "file naming it: its athletes replace the sampled cohort (cohort.size becomes its number of rows), its "
        "traits replace draws and its baseline labs pin each athlete's initial steady state",
    )

    @model_validator(mode="before")
    @classmethod
    def _squad_size(cls, data: object) -> object:
        """With a squad table, the cohort is its athletes: ``size`` is its number of rows (the
        table is read and checked here, so a bad table fails when the config is loaded)."""
        if isinstance(data, dict) and isinstance(data.get("squad"), str):
            from cohort.squad.table import load_squad

            return {**data, "size": load_squad(data["squad"]).size}
        return data

    @model_validator(mode="after")
    def _blocks_without_squad(self) -> CohortPriors:
        if self.block_size is not None and self.squad is not None:
            raise ValueError("block_size cannot be used with a squad table (a squad is one group of named athletes)")
        return self

    _sport = field_validator("sport")(lambda v: _check_shares(v, SPORTS, "sport"))
    _status = field_validator("training_status")(lambda v: _check_shares(v, STATUSES, "training status"))
    _diet = field_validator("diet")(lambda v: _check_shares(v, DIETS, "diet"))


class _Exercise(Strict):
    time: str = Field("17:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="clock time HH:MM")
    modality: Literal["endurance", "resistance", "hiit", "eccentric"]
    duration_min: float = Field(gt=0, le=480, allow_inf_nan=False)
    intensity: float = Field(
        gt=0, le=1.3, allow_inf_nan=False,
        description="fraction of VO2max (endurance, HIIT) or of 1RM (resistance, eccentric)",
    )


class Session(_Exercise):
    """One training session in a template week."""

    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Block(Strict):
    """A block of identical weeks; ``volume`` scales every session's duration."""

    name: str
    weeks: int = Field(ge=1, le=520)
    volume: float = Field(1.0, ge=0, le=3, allow_inf_nan=False)
    intensity_scale: float = Field(1.0, gt=0, le=1.5, allow_inf_nan=False)
    sessions: list[Session] | None = None
    like: str | None = Field(None, description="reuse the sessions of an earlier block by name")
    phase: Literal["base", "build", "competition", "deload", "taper", "off"] = "build"

    @model_validator(mode="after")
    def _sessions_or_like(self) -> Block:
        if (self.sessions is None) == (self.like is None):
            raise ValueError("give exactly one of 'sessions' or 'like'")
        return self


class TrainingPlan(Strict):
    """A periodised plan: blocks in order; repeated to fill the run when ``repeat``."""

    name: str
    blocks: list[Block] = Field(min_length=1)
    repeat: bool = True

    @model_validator(mode="after")
    def _likes_resolve(self) -> TrainingPlan:
        seen: set[str] = set()
        for block in self.blocks:
            if block.like is not None and block.like not in seen:
                raise ValueError(f"block {block.name!r} is like {block.like!r}, which is not an earlier block")
            seen.add(block.name)
        return self


class Training(Strict):
    plans: dict[str, TrainingPlan] = Field(min_length=1)
    assignment: dict[str, str] = Field(
        default_factory=dict, description="sport -> plan name; unassigned sports use the first plan"
    )
    habitual: dict[str, str] = Field(
        default_factory=dict,
        description="sport -> plan trained on before day 0 (training history of trained and elite athletes, who start "
        "adapted to its mean load); unlisted sports: their assigned plan; untrained athletes have no history",
    )
    day_to_day_cv: float = Field(0.10, ge=0, le=1, description="CV of daily session load variation")

    @model_validator(mode="after")
    def _assignment(self) -> Training:
        for sport, plan in self.assignment.items():
            if sport not in SPORTS:
                raise ValueError(f"unknown sport {sport!r} in assignment; expected one of {list(SPORTS)}")
            if plan not in self.plans:
                raise ValueError(f"assignment of {sport!r} names unknown plan {plan!r}")
        for sport, plan in self.habitual.items():
            if sport not in SPORTS:
                raise ValueError(f"unknown sport {sport!r} in habitual; expected one of {list(SPORTS)}")
            if plan not in self.plans:
                raise ValueError(f"habitual plan of {sport!r} names unknown plan {plan!r}")
        return self


class Meal(Strict):
    time: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    share: Probability


class Diet(Strict):
    """Habitual diet: intake multipliers per nutrient and meal timing."""

    intake_scale: dict[str, PositiveFloat] = Field(
        default_factory=dict, description="nutrient id -> multiplier on the population prior"
    )
    day_to_day_cv: float = Field(0.25, ge=0, le=1.5, description="CV of daily total intake")
    meals: list[Meal] = Field(
        default_factory=lambda: [
            Meal(time="08:00", share=0.25),
            Meal(time="13:00", share=0.35),
            Meal(time="19:00", share=0.40),
        ],
        min_length=1,
        max_length=3,
    )

    @model_validator(mode="after")
    def _shares(self) -> Diet:
        total = sum(meal.share for meal in self.meals)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"meal shares must sum to 1 (got {total:g})")
        return self


class MechanismSetting(Strict):
    enabled: bool | None = None
    scale: float = Field(1.0, ge=0, le=100, allow_inf_nan=False)


EventKind = Literal["meal", "dose", "test_meal"]


def _all_event_kinds() -> list[EventKind]:
    return ["meal", "dose", "test_meal"]


class EventRecording(Strict):
    """Which intake events ``events.parquet`` records (it is large: one row per iron event)."""

    days: list[Annotated[int, Field(ge=0, le=3650)]] | None = Field(
        None, description="days of the run recorded (default: the test-meal days, else every day)"
    )
    kinds: list[EventKind] = Field(default_factory=_all_event_kinds, min_length=1, description="kinds of event recorded")


class Recording(Strict):
    interval_days: int = Field(7, ge=1, le=3650)
    variables: list[str] | None = Field(
        None, description="state variables recorded at each interval (default: the key outcomes)"
    )
    trajectories: bool = Field(False, description="write per-athlete trajectories.parquet")
    sample_athletes: int = Field(
        0, ge=0, le=1_000_000,
        description="with cohort.block_size: the first this many athletes of the cohort get the per-athlete tables "
        "(athletes, trajectories if on, draws, events), written block by block",
    )
    histogram_bins: int = Field(
        64, ge=4, le=1000,
        description="with cohort.block_size: bins per recorded variable of histograms.parquet, which the quantiles "
        "of cohort_daily are read from",
    )
    quantiles: list[Probability] = Field(default_factory=lambda: [0.1, 0.5, 0.9])
    events: bool | EventRecording = Field(
        False, description="write events.parquet: iron in, absorbed and fractional absorption of each meal, dose and test meal"
    )


class AntibioticCourse(Strict):
    """A course of antibiotics taken by the whole cohort (a microbiome perturbation)."""

    start_week: int = Field(ge=0, le=520, description="week of the run the course starts (0 = first week)")
    start_day: int = Field(0, ge=0, le=6, description="day within that week (0 = first day)")
    days: int = Field(7, ge=1, le=120, description="length of the course in days")


class Bout(_Exercise):
    """A single supervised exercise bout on one day of the run (a trial's damaging bout, a test
    session), on top of that day's planned sessions.

    Every athlete matching ``who`` does it in full: unlike planned sessions it does not depend on
    session compliance, readiness or the day-to-day variation of session length.
    """

    day: int = Field(ge=0, le=3640, description="day of the run (0 = the start date)")
    who: Who = Field(default_factory=Who, description="athletes who do the bout (default: everyone)")


#: performance tests: the state variable a test measures
PERFORMANCE_TESTS = {"vo2max": "vo2max_ml_kg_min", "one_rm": "strength_1rm_kg"}


class PerformanceTest(Strict):
    """A performance test on the morning of a day (``day`` = the run's length: after the last day).

    The measured value is the athlete's true value with the test's test-retest error, drawn by
    the observation layer like a lab draw (``draws`` frame, purpose ``test:<test>``). The test's
    own exercise is not added: place a ``bouts`` entry on the same day to model it.
    """

    day: int = Field(ge=0, le=3640, description="day of the run the test is done")
    test: Literal["vo2max", "one_rm"] = Field(description="vo2max: VO2max test (ml/kg/min); one_rm: 1RM strength test (kg)")
    test_retest_cv: float | None = Field(
        None, ge=0, le=1, allow_inf_nan=False, description="CV of one test; default the observation layer's (cohort.observation)",
    )

    @property
    def variable(self) -> str:
        return PERFORMANCE_TESTS[self.test]
class TestMeal(Strict):
    """One test meal of stated composition on one day, as isotope absorption studies give it.

    It is a single intake event (its own event slot) at ``time``; the iron clock treats it as one
    meal (single-meal enhancer and inhibitor effects, its stated phytate instead of the habitual
    diet's matrix factor). With ``fasting`` it follows an overnight fast and nothing else is
    eaten until ``fast_after_h`` later: habitual meals and supplement doses falling within
    [time - fast_before_h, time + fast_after_h] that day are not taken (their share of the day's
    food is not eaten). Per-event absorption is read from ``events.parquet`` (``recording.events``).
    """

    day: int = Field(ge=0, le=3650, description="day of the run (0 = first day)")
    time: str = Field("08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="clock time HH:MM")
    nonheme_iron_mg: NonNegativeFloat = Field(0.0, le=1000, description="non-heme iron (mg), e.g. an extrinsic isotope label")
    heme_iron_mg: NonNegativeFloat = Field(0.0, le=100, description="heme iron (mg)")
    vitamin_c_mg: NonNegativeFloat = Field(0.0, le=1e5, description="ascorbic acid in the meal (mg)")
    calcium_mg: NonNegativeFloat = Field(0.0, le=1e5, description="calcium in the meal (mg)")
    polyphenol_mg: NonNegativeFloat = Field(0.0, le=1e5, description="polyphenols in the meal (mg; a cup of coffee ~100, tea ~150)")
    phytate_mg: NonNegativeFloat = Field(
        0.0, le=1e5, description="phytic acid in the meal (mg; phytate-P x 3.55), mechanism phytate_nonheme_inhibition"
    )
    labelled_vitamin_e_mg: NonNegativeFloat = Field(
        0.0, le=1e4, description="deuterium-labelled alpha-tocopherol (mg) given with the meal: the tracer tocopherol_labelled_umol_l"
    )
    fasting: bool = Field(True, description="overnight fast before and nothing else taken until fast_after_h after")
    fast_before_h: float = Field(10.0, ge=0, le=24, allow_inf_nan=False, description="hours before with no meal or dose (same day)")
    fast_after_h: float = Field(3.0, ge=0, le=24, allow_inf_nan=False, description="hours after with no meal or dose")
    who: Who = Field(default_factory=Who, description="athletes given the meal (default: everyone)")

    @model_validator(mode="after")
    def _carries_something(self) -> TestMeal:
        if self.nonheme_iron_mg + self.heme_iron_mg + self.labelled_vitamin_e_mg <= 0.0:
            raise ValueError("a test meal carries iron (nonheme_iron_mg, heme_iron_mg) or labelled_vitamin_e_mg")
        return self


class Events(Strict):
    """Cohort-wide events outside training and diet, and single test meals."""

    antibiotics: list[AntibioticCourse] = Field(default_factory=list)
    bouts: list[Bout] = Field(default_factory=list, description="single exercise bouts on given days, on top of the plan")
    tests: list[PerformanceTest] = Field(default_factory=list, description="performance tests (VO2max, 1RM) on given days")
    test_meals: list[TestMeal] = Field(default_factory=list, description="single test meals of stated composition")

    @field_validator("test_meals")
    @classmethod
    def _one_test_meal_a_day(cls, meals: list[TestMeal]) -> list[TestMeal]:
        days = [meal.day for meal in meals]
        repeated = sorted({day for day in days if days.count(day) > 1})
        if repeated:
            raise ValueError(f"at most one test meal a day (days {repeated} have several)")
        return meals

    def antibiotic_day_indices(self, n_days: int) -> list[int]:
        """Days of the run (0-based, < n_days) on which an antibiotic course is taken."""
        days: set[int] = set()
        for course in self.antibiotics:
            start = 7 * course.start_week + course.start_day
            days.update(day for day in range(start, start + course.days) if day < n_days)
        return sorted(days)


class Config(Strict):
    """A complete, resolved simulation config."""

    name: str = "cohort run"
    seed: int = Field(20250101, ge=0, le=2**63 - 1)
    start_date: dt.date = dt.date(2025, 1, 6)
    duration_weeks: int = Field(12, ge=1, le=520)
    cohort: CohortPriors = CohortPriors()
    training: Training
    diet: Diet = Diet()
    strategies: Strategies = Field(default_factory=list, description="supplementation strategies (cohort.strategies.models)")
    mechanisms: dict[str, MechanismSetting] = Field(default_factory=dict)
    physiology: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="subsystem -> parameter -> value overrides"
    )
    events: Events = Field(default_factory=Events, description="cohort-wide events, e.g. antibiotic courses")
    recording: Recording = Recording()

    @model_validator(mode="after")
    def _sample_needs_blocks(self) -> Config:
        if self.recording.sample_athletes and self.cohort.block_size is None:
            raise ValueError(
                "recording.sample_athletes needs cohort.block_size (an unblocked run writes every athlete's tables)"
            )
        return self

    @property
    def n_days(self) -> int:
        return 7 * self.duration_weeks
