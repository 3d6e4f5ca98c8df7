"""The live page in a real (headless) browser: a dose change and a mechanism switch change the
plotted trajectory, read from the page's text readout of the cohort mean it plots.

Quickstart experiment, D3 arm (50 ug/day), 30 athletes over 52 weeks, one simulated week per reading.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

READOUT = re.compile(r"day (\d+) of \d+ \| cohort mean (.+?) = ([-+0-9.eE]+)")
TIMEOUT_MS = 90_000


def reading(page: Any, day: int) -> float:
    """Wait until the readout shows ``day`` and return the cohort mean it states."""
    page.wait_for_function(
        "day => [...document.querySelectorAll('.cohort-readout')].some(e => e.innerText.includes(`day ${day} of`))",
        arg=day, timeout=TIMEOUT_MS,
    )
    text = page.inner_text(".cohort-readout >> nth=0")
    match = READOUT.search(text)
    assert match is not None, text
    assert int(match.group(1)) == day and match.group(2) == "25(OH)D", text
    return float(match.group(3))


def step_week(page: Any) -> float:
    reading(page, 0)  # a changed control rebuilds the cohort at day 0
    page.get_by_role("button", name=re.compile("step 1 week", re.I)).click()
    return reading(page, 7)


@pytest.mark.slow
def test_dose_and_mechanism_switch_change_the_trajectory(browser: Any, live_server: str, screenshots: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    page.goto(live_server)
    supplemented = step_week(page)
    page.screenshot(path=str(screenshots / "live_trajectories.png"))

    # dose 50 -> 0 ug/day: a week without the supplement leaves the cohort's 25(OH)D lower
    dose = page.get_by_label(re.compile("dose 0.vitamin_d_ug"))
    dose.fill("0")
    dose.press("Enter")
    without_dose = step_week(page)
    assert supplemented - without_dose > 1.0, (supplemented, without_dose)

    # back to 50 ug/day reproduces the first reading exactly (same seed, CRN)
    dose.fill("50")
    dose.press("Enter")
    assert step_week(page) == pytest.approx(supplemented, rel=1e-6)

    # switching off the oral vitamin D intake link removes the supplement's (and food's) input
    page.locator("label", has_text="vitd_oral_intake [established]").click()
    switched_off = step_week(page)
    assert supplemented - switched_off > 1.0, (supplemented, switched_off)

    # play advances day by day; pause stops it (at most the day in flight completes)
    page.get_by_role("button", name=re.compile("^play$", re.I)).click()
    page.get_by_role("button", name=re.compile("^pause$", re.I)).wait_for(timeout=TIMEOUT_MS)
    # (52 weeks: playing to the end takes >= 357 x PLAY_PAUSE_S, so a loaded browser still sees a day in between)
    page.wait_for_function(
        "() => { const m = /day (\\d+) of (\\d+)/.exec(document.querySelector('.cohort-readout')?.innerText ?? '');"
        " return m !== null && +m[1] > 8 && +m[1] < +m[2]; }",
        timeout=TIMEOUT_MS,
    )
    page.get_by_role("button", name=re.compile("^pause$", re.I)).click()
    page.get_by_role("button", name=re.compile("^play$", re.I)).wait_for(timeout=TIMEOUT_MS)
    paused = int(READOUT.search(page.inner_text(".cohort-readout >> nth=0")).group(1))
    page.wait_for_timeout(1000)
    assert int(READOUT.search(page.inner_text(".cohort-readout >> nth=0")).group(1)) - paused <= 1

    page.get_by_role("button", name=re.compile("^network$", re.I)).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cohort-readout')].some(e => /mechanisms on/.test(e.innerText))",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / "live_network.png"))

    # follow one athlete across subsystems: the page names them and their traits
    page.get_by_role("button", name=re.compile("^athlete$", re.I)).click()
    page.get_by_text(re.compile(r"^sex (female|male), age_y")).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / "live_athlete.png"))
    page.close()
