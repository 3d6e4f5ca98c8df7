"""``Page`` works as a notebook component (rendered by Solara without a server): the readout
follows the step buttons."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_page_renders_and_steps_without_a_server() -> None:
    import ipyvuetify as v
    import solara

    from cohort.explorer.pages import Page

    config = str(ROOT / "configs" / "quickstart.yaml")
    _, rc = solara.render(Page(config, ("cohort.size=10", "duration_weeks=1")), handle_error=False)

    def readout() -> str:
        return str(rc.find(v.Html, class_="cohort-readout").widget.children[0])

    assert "day 0 of 7" in readout()
    rc.find(v.Btn, children=["step 1 day"]).widget.click()
    rc.find(v.Btn, children=["step 1 day"]).widget.click()
    assert "day 2 of 7" in readout()
    rc.find(v.Btn, children=["to end"]).widget.click()
    assert "day 7 of 7" in readout()
    assert rc.find(v.Btn, children=["step 1 day"]).widget.disabled
