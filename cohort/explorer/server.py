"""Start and stop a ``cohort explore`` server on a free localhost port (for tests, benchmarks
and notebooks that want the page in a browser rather than inline)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

#: the folder holding the ``cohort`` package the server must import (a clone, or site-packages)
PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    start_s: float = float("nan")  # seconds until the page answered

    def stop(self) -> None:
        """Stop the server and its children (it runs in a process group of its own)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(arguments: list[str], log: Path, timeout_s: float = 120.0, cwd: Path | None = None) -> Server:
    """``cohort explore ARGUMENTS`` on a free port, run in ``cwd`` (default: the current
    folder), output to ``log``; returns once the page answers. RuntimeError (with the server's
    output) if it exits or does not answer in time."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")])))
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "cohort", "explore", *arguments, "--port", str(port), "--no-browser"],
            cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}/", log)
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        if process.poll() is not None:
            raise RuntimeError(f"explore server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(server.url, timeout=2):
                server.start_s = time.perf_counter() - started
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"explore server did not answer {server.url} within {timeout_s} s")
