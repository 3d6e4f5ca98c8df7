"""The ``strategies:`` section of a config: validated, frozen models that reject unknown keys.

Three kinds of entry (``kind``, default ``supplement``):

``supplement``  product x delivery x eligibility (who, screen-and-treat, stopping rule) x
                adherence x start/stop (weeks or days) x periodisation (block phases).
``food_first``  a diet change: habitual food intake of chosen nutrients scaled from a day on.
``lab_draws``   blood draws at study time points (the observation layer), changing nothing.

Example::

    strategies:
      - name: iron
        product: {iron: {form: ferrous_sulfate, elemental_mg: 60}}
        delivery: {schedule: alternate_days, time: "08:00", taken_with: {vitamin_c_mg: 80}}
        screen: {biomarker: ferritin_ug_l, below: 35, weeks: [0]}
        stop_when: {biomarker: ferritin_ug_l, above: 50, weeks: [8]}
        adherence: {mean: 0.8, concentration: 10}

This module imports nothing heavy; nutrient ids and presets are checked lazily.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Phase = Literal["base", "build", "competition", "deload", "taper", "off"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="clock time HH:MM")]
Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$", description="identifier (letters, digits, _ and -)")]
Amount = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Week = Annotated[int, Field(ge=0, le=520)]
Day = Annotated[int, Field(ge=0, le=3640, description="day of the run (0 = the first day, the morning of the start date)")]

#: amount keys accepted besides nutrient ids, converted once at compile time (cohort.units)
IU_KEYS = ("vitamin_d_iu", "vitamin_e_iu", "vitamin_e_iu_synthetic")
IRON_FORMS = ("ferrous_sulfate", "ferrous_sulfate_dried", "ferrous_fumarate", "ferrous_gluconate", "ferrous_bisglycinate")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _one_of(model: BaseModel, names: tuple[str, ...], required: bool = True) -> None:
    given = [name for name in names if getattr(model, name) is not None]
    if len(given) > 1 or (required and not given):
        raise ValueError(f"give {'exactly' if required else 'at most'} one of {list(names)} (got {given or 'none'})")


class IronDose(_Strict):
    """Iron by salt form: elemental iron per dose, or the salt mass (converted by its iron share)."""

    form: Literal["ferrous_sulfate", "ferrous_sulfate_dried", "ferrous_fumarate", "ferrous_gluconate", "ferrous_bisglycinate"]
    elemental_mg: float | None = Field(None, gt=0, le=1000, allow_inf_nan=False, description="elemental iron mg per dose")
    salt_mg: float | None = Field(None, gt=0, le=5000, allow_inf_nan=False, description="mass of the iron salt mg per dose")

    @model_validator(mode="after")
    def _amount(self) -> IronDose:
        _one_of(self, ("elemental_mg", "salt_mg"))
        return self


def _flat_product_schema(schema: dict[str, Any]) -> None:
    """JSON Schema of the forms :class:`Product` accepts: a preset name, or a mapping of its fields
    with nutrient amounts written flat beside them (checked against the nutrient ids on load)."""
    mapping = {**schema, "additionalProperties": {"type": "number", "minimum": 0}}
    schema.clear()
    schema["anyOf"] = [{"type": "string", "description": "a preset (cohort.strategies.products)"}, mapping]


class Product(_Strict):
    """What one dose contains: a preset, explicit nutrient amounts, iron by form, or a mix.

    Amounts are per dose in the nutrient's unit (``cohort variables`` / nutrient ids such as
    ``vitamin_d_ug``, ``magnesium_mg``); ``vitamin_d_iu`` and ``vitamin_e_iu`` (natural) /
    ``vitamin_e_iu_synthetic`` are converted with :mod:`cohort.units`. A preset plus amounts
    adds the amounts to the preset. ``scale`` multiplies everything (e.g. two tablets).
    Written flat in YAML: ``product: {vitamin_d_ug: 50}`` or ``product: b_complex``.
    """

    model_config = ConfigDict(json_schema_extra=_flat_product_schema)

    preset: str | None = None
    iron: IronDose | None = None
    scale: float = Field(1.0, gt=0, le=100, allow_inf_nan=False)
    amounts: dict[str, Amount] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"preset": data}
        if isinstance(data, dict):
            reserved = {"preset", "iron", "scale", "amounts"}
            amounts = dict(data.get("amounts") or {})
            out = {key: value for key, value in data.items() if key in reserved}
            amounts.update({key: value for key, value in data.items() if key not in reserved})
            if amounts:
                out["amounts"] = amounts
            return out
        return data

    @model_validator(mode="after")
    def _known(self) -> Product:
        from cohort.physiology.nutrients import NUTRIENTS
        from cohort.strategies.products import PRESETS

        unknown = sorted(key for key in self.amounts if key not in NUTRIENTS and key not in IU_KEYS)
        if unknown:
            raise ValueError(f"unknown nutrient {unknown}; expected nutrient ids {NUTRIENTS.ids} or {list(IU_KEYS)}")
        if self.preset is not None and self.preset not in PRESETS:
            raise ValueError(f"unknown preset {self.preset!r}; expected one of {sorted(PRESETS)}")
        if self.preset is None and self.iron is None and not self.amounts:
            raise ValueError("a product needs a preset, nutrient amounts or an iron dose")
        return self


class TakenWith(_Strict):
    """What is swallowed together with the dose (adds to the day's intake of those nutrients).

    Coffee and tea are converted to polyphenol mg per cup (:data:`cohort.strategies.products.BEVERAGE_POLYPHENOL_MG`).
    """

    vitamin_c_mg: Amount = 0.0
    calcium_mg: Amount = 0.0
    polyphenol_mg: Amount = 0.0
    coffee_cups: Amount = 0.0
    tea_cups: Amount = 0.0


class Delivery(_Strict):
    """When doses are due and when in the day they are taken.

    schedule: ``daily``; ``alternate_days`` (every second day from the start); ``per_week``
    (``times_per_week`` doses spread evenly over each week); ``weekly`` (on ``weekday``,
    default the weekday of the start); ``weekdays`` (on the listed ``weekdays``); ``monthly``
    (calendar ``day_of_month``, default the start date's); ``once`` (a single bolus at the start).
    Clock: one of ``time`` (fixed clock), ``after_session_min`` (minutes after the end of the
    day's first session; on rest days at ``rest_day_time``) or ``with_meal``. Default 08:00.
    """

    schedule: Literal["daily", "alternate_days", "per_week", "weekly", "weekdays", "monthly", "once"] = "daily"
    times_per_week: int | None = Field(None, ge=1, le=7)
    weekday: Weekday | None = None
    weekdays: list[Weekday] | None = Field(None, min_length=1)
    day_of_month: int | None = Field(None, ge=1, le=28)
    time: ClockTime | None = None
    after_session_min: float | None = Field(None, ge=0, le=360, allow_inf_nan=False)
    rest_day_time: ClockTime = "08:00"
    with_meal: Literal["breakfast", "lunch", "dinner"] | None = None
    taken_with: TakenWith = TakenWith()

    @model_validator(mode="after")
    def _consistent(self) -> Delivery:
        _one_of(self, ("time", "after_session_min", "with_meal"), required=False)
        if (self.schedule == "per_week") != (self.times_per_week is not None):
            raise ValueError("times_per_week goes with (and only with) schedule: per_week")
        if (self.schedule == "weekdays") != (self.weekdays is not None):
            raise ValueError("weekdays goes with (and only with) schedule: weekdays")
        if self.weekday is not None and self.schedule != "weekly":
            raise ValueError("weekday goes with schedule: weekly")
        if self.day_of_month is not None and self.schedule != "monthly":
            raise ValueError("day_of_month goes with schedule: monthly")
        return self


class Who(_Strict):
    """Trait filter: only athletes matching every given criterion are eligible."""

    sex: list[Literal["female", "male"]] | None = None
    sport: list[Literal["endurance", "strength_power", "team", "mixed"]] | None = None
    diet: list[Literal["omnivore", "vegetarian", "vegan"]] | None = None
    training_status: list[Literal["untrained", "trained", "elite"]] | None = None
    menstruating: bool | None = None


class _Rule(_Strict):
    biomarker: str = Field(description="state variable measured (`cohort variables`)")
    below: float | None = Field(None, allow_inf_nan=False)
    above: float | None = Field(None, allow_inf_nan=False)
    weeks: list[Week] = Field(default_factory=lambda: [0], min_length=1)
    assay_cv: float | None = Field(
        None, ge=0, le=1, allow_inf_nan=False,
        description="total CV of one draw (analytical + day-to-day); default per biomarker (cohort.observation)",
    )

    @model_validator(mode="after")
    def _direction(self) -> _Rule:
        _one_of(self, ("below", "above"))
        return self

    def meets(self, measured: Any) -> Any:
        """Boolean array: the measured value meets the rule's criterion."""
        return measured < self.below if self.below is not None else measured > self.above


class Screen(_Rule):
    """Screen-and-treat: at each screening week, athletes whose measured value is below
    (above) the threshold start the product. Athletes already on it stay on."""


class StopRule(_Rule):
    """At each check week, athletes on the product whose measured value passes the target
    stop taking it (a later screening may restart them)."""


class _Window(_Strict):
    """When a strategy is active: from ``start_day`` (or week ``start_week`` = day 7 x week) up to,
    not including, ``stop_day`` (or day 7 x ``stop_week``); default the whole run.

    Days and weeks are two spellings of one window: give at most one of each pair. Code reads
    only :attr:`first_day` and :attr:`end_day` (days).
    """

    start_week: Week | None = Field(None, description="first week with the strategy (day 7 x week); or start_day")
    stop_week: Week | None = Field(None, description="first week without it (day 7 x week); default: to the end")
    start_day: Day | None = Field(None, description="first day of the run with the strategy; or start_week")
    stop_day: Day | None = Field(None, description="first day of the run without it; default: to the end")

    @model_validator(mode="after")
    def _window(self) -> _Window:
        _one_of(self, ("start_week", "start_day"), required=False)
        _one_of(self, ("stop_week", "stop_day"), required=False)
        if self.end_day is not None and self.end_day <= self.first_day:
            raise ValueError(f"stop_week/stop_day (day {self.end_day}) must be after start_week/start_day (day {self.first_day})")
        return self

    @property
    def first_day(self) -> int:
        """First day of the run the strategy is active."""
        if self.start_day is not None:
            return self.start_day
        return 7 * (self.start_week or 0)

    @property
    def end_day(self) -> int | None:
        """First day it is no longer active (None: active to the end of the run)."""
        if self.stop_day is not None:
            return self.stop_day
        return None if self.stop_week is None else 7 * self.stop_week


class Adherence(_Strict):
    """Per-athlete probability of taking a due dose ~ Beta(mean x c, (1 - mean) x c)."""

    mean: float = Field(1.0, ge=0, le=1, allow_inf_nan=False)
    concentration: float = Field(20.0, gt=0, le=1e6, allow_inf_nan=False, description="Beta a + b (higher: less heterogeneity)")


class Supplement(_Window):
    kind: Literal["supplement"] = "supplement"
    name: Name
    product: Product
    delivery: Delivery = Delivery.model_validate({})
    who: Who = Who()
    screen: Screen | None = None
    stop_when: StopRule | None = None
    adherence: Adherence = Adherence.model_validate({})
    phases: list[Phase] | None = Field(None, min_length=1, description="only in these block phases (periodisation)")


class FoodFirst(_Window):
    """A diet change: habitual food intake of the listed nutrients x scale, from its first day
    (``start_day`` or ``start_week``) to its stop (``stop_day`` or ``stop_week``).

    From its start it produces exactly the daily intakes that ``diet.intake_scale`` with the
    same factors produces (the schedule phase computes intake = habitual x eating-day factor,
    and habitual is scaled in place); unlike ``diet.intake_scale`` it leaves the baseline
    (initial steady state) of the athletes unchanged, as a real diet intervention does.
    """

    kind: Literal["food_first"]
    name: Name
    scale: dict[str, Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]] = Field(min_length=1)
    who: Who = Who()

    @model_validator(mode="after")
    def _known(self) -> FoodFirst:
        from cohort.physiology.nutrients import NUTRIENTS

        unknown = sorted(key for key in self.scale if key not in NUTRIENTS)
        if unknown:
            raise ValueError(f"unknown nutrient {unknown}; expected nutrient ids {NUTRIENTS.ids}")
        return self


class LabDraws(_Strict):
    """Blood draws on study days (``days``) or weeks (``weeks``, week w = day 7w), reported like
    trial data (``draws`` frame). Changes nothing. A draw on the run's length in days (or on its
    last week) is taken the morning after the last day."""

    kind: Literal["lab_draws"]
    name: Name
    biomarkers: list[str] = Field(min_length=1)
    weeks: list[Week] | None = Field(None, min_length=1, description="week w = morning of day 7w; or days")
    days: list[Day] | None = Field(None, min_length=1, description="mornings of these run days; or weeks")
    assay_cv: dict[str, Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _when(self) -> LabDraws:
        _one_of(self, ("weeks", "days"))
        return self

    @property
    def draw_days(self) -> list[int]:
        """The run days drawn (mornings), whether given as days or weeks."""
        return list(self.days) if self.days is not None else [7 * week for week in self.weeks or ()]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("kind", "supplement"))
    return str(getattr(value, "kind", "supplement"))


Strategy = Annotated[
    Annotated[Supplement, Tag("supplement")] | Annotated[FoodFirst, Tag("food_first")] | Annotated[LabDraws, Tag("lab_draws")],
    Discriminator(_kind),
]


def _unique_names(strategies: list[Any]) -> list[Any]:
    names = [strategy.name for strategy in strategies]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"strategy names must be unique (repeated: {repeated})")
    return strategies


Strategies = Annotated[list[Strategy], AfterValidator(_unique_names)]
