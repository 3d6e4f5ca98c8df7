"""Display labels: every registered variable, channel, nutrient and flag has a human name and unit."""

from __future__ import annotations

from cohort import labels
from cohort.physiology import load_all
from cohort.physiology.nutrients import NUTRIENTS
from cohort.state import DAY, STATE


def test_every_registered_name_has_a_display_label():
    """Fails when a subsystem declares a state variable, channel, nutrient or threshold without a name in cohort/labels.py."""
    assert labels.missing_labels() == []
    shown = [entry.var.name for entry in STATE] + [e.var.name for e in DAY if e.var.kind in ("channel", "flow")]
    shown += [f"habitual_{n}" for n in NUTRIENTS.ids] + [t.name for s in load_all() for t in s.thresholds]
    for variable in shown:
        text = labels.label(variable)
        assert text and "_" not in text, (variable, text)  # never a raw column id
        assert len(text) <= 60, (variable, text)


def test_labels_carry_the_registry_unit_for_reading():
    assert labels.label("vitd_25oh_nmol_l") == "25(OH)D (nmol/L)"
    assert labels.label("ferritin_ug_l") == "ferritin (µg/L)"
    assert labels.label("vo2max_ml_kg_min") == "VO2max (mL/kg/min)"
    assert labels.label("mito_index") == "mitochondrial content"  # a ratio: no unit shown
    assert labels.label("vitd_deficient") == "25(OH)D < 30 nmol/L"  # a flag: its cut-off
    assert labels.label("anaemia") == "Hb < 12 g/dL (F) / 13 g/dL (M)"
    assert labels.label("not_a_variable") == "not a variable"
