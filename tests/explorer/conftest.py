"""Fixtures for the explorer's browser tests: a ``cohort explore`` server on a free localhost
port, and headless system Chromium through Playwright (nothing is downloaded at run time).

Browser tests skip ONLY when no Chromium binary exists; a missing Python package (solara,
playwright) is an install error and fails loudly, since the ``test`` extra installs them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float = 120.0) -> float:
    """Seconds until ``url`` answers; fails with the server's output if it died or timed out."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            pytest.fail(f"explore server exited with {process.returncode}:\n{output[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"explore server did not answer {url} within {timeout_s} s")


def start_server(arguments: list[str], log: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """``cohort explore ARGUMENTS`` on a free port (output to ``log``); (process, url, seconds to serve)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "cohort", "explore", *arguments, "--port", str(port), "--no-browser"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    return process, url, wait_until_serving(url, process, log)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the session started for this server only
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


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
    process, url, _ = start_server(
        ["experiments/quickstart.yaml", "--set", "cohort.size=30", "--set", "duration_weeks=2"], log
    )
    try:
        yield url
    finally:
        stop_server(process)
