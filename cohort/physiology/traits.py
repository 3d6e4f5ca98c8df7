"""Per-athlete traits: constant columns of the state block, sampled by cohort generation."""

from __future__ import annotations

from cohort.state import STATE, Var

T = STATE.declare(
    "cohort",
    [
        Var("female", "0/1", 0, 1, "1 for female athletes", "trait"),
        Var("age_y", "y", 10, 100, "age", "trait"),
        Var("body_mass_kg", "kg", 30, 200, "body mass", "trait"),
        Var("height_m", "m", 1.2, 2.3, "height", "trait"),
        Var("bmi_kg_m2", "kg/m2", 10, 60, "body-mass index", "trait"),
        Var("body_surface_m2", "m2", 1.0, 3.0, "body surface area (Du Bois)", "trait"),
        Var("sport", "code", 0, 3, "0 endurance, 1 strength/power, 2 team, 3 mixed", "trait"),
        Var("training_status", "code", 0, 2, "0 untrained, 1 trained, 2 elite", "trait"),
        Var("diet_pattern", "code", 0, 2, "0 omnivore, 1 vegetarian, 2 vegan", "trait"),
        Var("indoor", "0/1", 0, 1, "1 for indoor sports", "trait"),
        Var("latitude_deg", "deg N", -90, 90, "latitude of residence and training", "trait"),
        Var("altitude_m", "m", -500, 6000, "altitude of residence and training above sea level", "trait"),
        Var("outdoor_h_per_day", "h/d", 0, 16, "daylight hours spent outdoors", "trait"),
        Var("menstruating", "0/1", 0, 1, "1 for menstruating athletes", "trait"),
        Var("plan", "index", 0, 1000, "index of the athlete's training plan", "trait"),
        Var("trainability", "ratio", 0, 20, "persistent general trainability (median 1)", "trait"),
        Var("endurance_responsiveness", "ratio", 0, 50, "endurance adaptation gain (median ~1)", "trait"),
        Var("strength_responsiveness", "ratio", 0, 50, "strength adaptation gain (mean ~1)", "trait"),
        Var("compliance", "probability", 0, 1, "probability of doing a planned session", "trait"),
        Var("sweat_rate_l_h", "L/h", 0.2, 3.5, "whole-body sweat rate at training intensity", "trait"),
    ],
)

SPORT_CODES = ("endurance", "strength_power", "team", "mixed")
STATUS_CODES = ("untrained", "trained", "elite")
DIET_CODES = ("omnivore", "vegetarian", "vegan")
