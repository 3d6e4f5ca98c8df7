"""Fixtures for the explorer's browser tests: a ``cohort explore`` server on a free localhost
port, and headless system Chromium through Playwright (nothing is downloaded at run time).

Browser tests skip ONLY when no Chromium binary exists; a missing Python package (solara,
playwright) is an install error and fails loudly, since the ``test`` extra installs them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("COHORT_CHROMIUM"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def serve(arguments: list[str], log: Path) -> Iterator[str]:
    """Serve ``cohort explore ARGUMENTS`` for the duration of a fixture; yields the URL."""
    from cohort.explorer.server import start

    try:
        server = start(arguments, log, cwd=ROOT)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save screenshots: ``docs/explorer`` when
    ``COHORT_EXPLORER_SCREENSHOTS=1`` (to refresh the committed ones), else a temporary folder."""
    if os.environ.get("COHORT_EXPLORER_SCREENSHOTS") == "1":
        return ROOT / "docs" / "explorer"
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.skip(f"no Chromium binary (looked for {', '.join(CHROMIUM_CANDIDATES)}; apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("explore") / "server.log"
    yield from serve(["experiments/quickstart.yaml", "--set", "cohort.size=30", "--set", "duration_weeks=52"], log)


@pytest.fixture(scope="module")
def sweep_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small iron dose x schedule grid (10 points, control + iron, 12 athletes, 2 weeks)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("sweep") / "iron"
    subprocess.run(
        [sys.executable, "-m", "cohort", "experiment", "experiments/sweep_iron_dose_schedule.yaml", "--out", str(out),
         "--jobs", "1", "--no-report", "--set", "cohort.size=12", "--set", "duration_weeks=2"],
        cwd=ROOT, check=True, capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def results_server(sweep_results: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve([str(sweep_results)], tmp_path_factory.mktemp("explore") / "server.log")
