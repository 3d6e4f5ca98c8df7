"""Checks that need the model's registries: mechanism ids, physiology parameters, nutrients,
recorded variables. Kept apart from the pure schema so ``cohort schema`` stays light."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cohort.errors import Problem

#: Largest accepted ``diet.intake_scale`` multiplier (a 100-fold habitual diet is already absurd).
MAX_INTAKE_SCALE = 100.0

#: cohort priors (truncated at their low/high) -> the trait they sample
PRIOR_TRAITS = {
    "age_y": "age_y",
    "body_mass_kg_male": "body_mass_kg",
    "body_mass_kg_female": "body_mass_kg",
    "height_m_male": "height_m",
    "height_m_female": "height_m",
    "latitude_deg": "latitude_deg",
    "altitude_m": "altitude_m",
    "outdoor_hours_per_day_outdoor_sport": "outdoor_h_per_day",
    "outdoor_hours_per_day_indoor_sport": "outdoor_h_per_day",
}


def registry_problems(config: Any, data: dict[str, Any], provenance: dict[str, str], source: str) -> list[Problem]:
    from cohort.config.loader import _source_for, problems_from_validation
    from cohort.mechanisms import MECHANISMS
    from cohort.parameters import PARAMS
    from cohort.physiology import load_all
    from cohort.physiology.nutrients import NUTRIENTS
    from cohort.state import STATE

    load_all()
    problems: list[Problem] = []

    def add(path: str, value: Any, expected: str) -> None:
        problems.append(Problem(_source_for(path, provenance, source), path, value, expected))

    # shares that sum to 1 but are negative (sport: {endurance: -0.5, team: 1.5}) pass the schema
    for field in ("sport", "training_status", "diet"):
        for name, share in getattr(config.cohort, field).items():
            if not 0.0 <= share <= 1.0:
                add(f"cohort.{field}.{name}", share, "a share between 0 and 1")
    # a prior reaching past a trait's physical bounds would only fail after simulating
    for field, trait in PRIOR_TRAITS.items():
        if trait not in STATE:
            continue
        prior, var = getattr(config.cohort, field), STATE.entry(trait).var
        for end in ("low", "high"):
            value = getattr(prior, end)
            if not var.lower <= value <= var.upper:
                add(f"cohort.{field}.{end}", value, f"a value within the physical bounds of {trait}, [{var.lower:g}, {var.upper:g}] {var.unit}")
    for mechanism_id in config.mechanisms:
        if mechanism_id not in MECHANISMS:
            add(f"mechanisms.{mechanism_id}", mechanism_id, "a mechanism id (`cohort mechanisms` lists them)")
    sections = PARAMS.sections
    for section, values in config.physiology.items():
        if section not in sections:
            add(f"physiology.{section}", section, f"a subsystem, one of {sorted(sections)}")
            continue
        try:
            sections[section].model_validate(values)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, values, provenance, source, prefix=f"physiology.{section}"))
    for nutrient, scale in config.diet.intake_scale.items():
        if nutrient not in NUTRIENTS:
            add(f"diet.intake_scale.{nutrient}", nutrient, f"a nutrient id, one of {NUTRIENTS.ids}")
        elif scale > MAX_INTAKE_SCALE:
            # caught here, not as a bounds violation after the simulation has run
            add(f"diet.intake_scale.{nutrient}", scale, f"a multiplier of habitual intake up to {MAX_INTAKE_SCALE:g} (supplements are strategies)")
    # a dose beyond the physical bound of a day's intake would only fail after simulating
    for index, strategy in enumerate(config.strategies or []):
        product = getattr(strategy, "product", None)
        for nutrient, amount in (getattr(product, "amounts", None) or {}).items():
            upper = NUTRIENTS.get(nutrient).upper if nutrient in NUTRIENTS else None
            if upper is not None and product is not None and amount * product.scale > upper:
                add(f"strategies.{index}.product.{nutrient}", amount,
                    f"a dose up to {upper:g} per day (the physical bound of a day's intake)")
    if config.events.bouts or config.events.tests:  # days a run cannot hold would only fail when it is built
        from cohort.training import event_problems

        for path, value, expected in event_problems(config):
            add(path, value, expected)
    for index, name in enumerate(config.recording.variables or []):
        if name not in STATE:
            add(f"recording.variables.{index}", name, "a state variable name (`cohort variables` lists them)")
    return problems
