"""Shared helpers of the reliability tests: run the CLI in-process or as a process, and check
that a bad input got one clear line per problem, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
BAD = CORPUS / "bad"
PARTS = CORPUS / "parts"
VALID = CORPUS / "valid.yaml"
ROOT = HERE.parents[1]

EXIT_INPUT = 2


@dataclass(frozen=True)
class Expect:
    """One problem line: ``cohort: <source>: <key_path>: got <value>; expected <expected>``.

    ``value`` and ``expected`` are fragments that must appear in their part of the line.
    """

    source: Path | str
    key_path: str
    value: str
    expected: str

    def check(self, line: str) -> None:
        head = f"cohort: {self.source}: {self.key_path}: got "
        assert line.startswith(head), f"{line!r} does not start with {head!r}"
        got, _, expected = line[len(head):].partition("; expected ")
        assert self.value in got, f"value {self.value!r} not in {got!r}"
        assert self.expected in expected, f"expected {self.expected!r} not in {expected!r}"


def run_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``cohort.cli.main(argv)`` with argparse exits turned into return codes."""
    from cohort.cli import main

    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def run_process(argv: list[str], cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m cohort argv`` in a fresh interpreter (end-to-end exit code and stderr)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "cohort", *argv], cwd=cwd or ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def problem_lines(err: str) -> list[str]:
    """stderr lines that are messages (``cohort: ...``); progress-bar redraws are dropped."""
    return [line for line in err.splitlines() if line.startswith("cohort:")]


def assert_refused(code: int, err: str, expects: list[Expect], out_dir: Path) -> None:
    """Exit 2, exactly one line per expected problem (in any order), no traceback, no output."""
    assert code == EXIT_INPUT, err
    assert "Traceback" not in err, err
    lines = problem_lines(err)
    assert len(lines) == len(expects), f"expected {len(expects)} problem line(s), got:\n{err}"
    unmatched = list(lines)
    for expect in expects:
        for line in unmatched:
            try:
                expect.check(line)
            except AssertionError:
                continue
            unmatched.remove(line)
            break
        else:
            pytest.fail(f"no line matches {expect}:\n{err}")
    assert not out_dir.exists(), f"{out_dir} was written"
    assert not list(out_dir.parent.glob(f".{out_dir.name}*")), "temporary output left behind"


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
