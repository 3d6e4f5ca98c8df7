"""The results page in a real (headless) browser on a small iron dose x schedule sweep: the
readout of the plotted point means changes when the arm and the paired contrast change, and the
page paints within seconds (times printed, for the record)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

READOUT = re.compile(r"(\d+) points \| (\S+) (\S+) \((.+?)\) \| mean over points ([-+0-9.eEna]+)")
TIMEOUT_MS = 60_000


def readout(page: Any, contains: str) -> re.Match[str]:
    page.wait_for_function(
        "text => [...document.querySelectorAll('.cohort-readout')].some(e => e.innerText.includes(text))",
        arg=contains, timeout=TIMEOUT_MS,
    )
    text = page.inner_text(".cohort-readout >> nth=0")
    match = READOUT.search(text)
    assert match is not None, text
    return match


def choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the Vuetify select labelled ``label``."""
    page.locator(f'.v-field:has(label.v-field-label--floating:text-is("{label}"))').click()
    page.locator(".v-overlay-container .v-list-item", has_text=option).first.click()


@pytest.mark.slow
def test_results_page_follows_arm_and_contrast(browser: Any, results_server: str, screenshots: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    started = time.perf_counter()
    page.goto(results_server)
    control = readout(page, "(control)")
    first_paint = time.perf_counter() - started
    assert control.group(1) == "10" and control.group(2) == "ferritin_ug_l"

    started = time.perf_counter()
    choose(page, "arm", "iron")
    iron = readout(page, "(iron)")
    update = time.perf_counter() - started
    # iron supplementation (20-120 mg/day) raises mean ferritin change over the no-iron arm
    assert float(iron.group(5)) > float(control.group(5)), (iron.group(0), control.group(0))

    page.locator("label", has_text="paired: arm - control").click()
    paired = readout(page, "(iron - control)")
    # CRN pairing: the paired mean is the difference of the arm means at each point
    # (tolerance: the readout's 6 significant digits on each of the three numbers)
    a, b, c = float(iron.group(5)), float(control.group(5)), float(paired.group(5))
    assert c == pytest.approx(a - b, abs=1e-5 * (abs(a) + abs(b) + abs(c)))
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "results_surface.png"))
    page.get_by_role("button", name=re.compile("^parallel$", re.I)).click()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(screenshots / "results_parallel.png"))
    print(f"\nresults page (10 points): first paint {first_paint:.2f} s, update after arm change {update:.2f} s")
    assert first_paint < 30 and update < 15
    page.close()
