"""Faults while ``cohort run`` writes (full disk, permission error, a failing final rename),
concurrent runs, and safety: YAML is data, never code; paths resolve next to the config file.

``FAULTS`` lists the injected faults counted in the closing note.
"""

from __future__ import annotations

import ast
import errno
import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.reliability._corpus import (
    BAD,
    CORPUS,
    EXIT_INPUT,
    ROOT,
    VALID,
    problem_lines,
    run_in_process,
)

FAULTS = ("disk_full_midway", "disk_full_while_overwriting", "permission_denied_midway", "final_rename_fails",
          "interrupt_midway", "kill_9_midway", "kill_9_while_overwriting", "concurrent_runs")


def _fail_second_parquet(monkeypatch: pytest.MonkeyPatch, error: OSError) -> list[str]:
    """Let the first Parquet file be written, then write half of the next one and raise."""
    import cohort.outputs

    real = cohort.outputs.write_parquet_table
    written: list[str] = []

    def writer(table, path):  # type: ignore[no-untyped-def]
        if written:
            Path(path).write_bytes(b"PAR1" + b"\0" * 100)  # half a file on the disk, then the disk is full
            raise error
        written.append(str(path))
        return real(table, path)

    monkeypatch.setattr(cohort.outputs, "write_parquet_table", writer)
    return written


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}"))


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
    ],
    ids=["disk_full_midway", "permission_denied_midway"],
)
def test_write_failure_is_reported_and_leaves_nothing(error, reason, tmp_path, capsys, monkeypatch):
    written = _fail_second_parquet(monkeypatch, error)
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert written, "the fault was injected before anything was written"
    assert code == EXIT_INPUT and "Traceback" not in err
    (line,) = problem_lines(err)
    assert line.startswith(f"cohort: --out {out}: writing results failed: {reason}")
    assert line.endswith(f"nothing was written to {out}")
    assert not out.exists()
    assert _leftovers(tmp_path, "out") == []


def test_disk_full_while_overwriting_keeps_the_earlier_results(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fail_second_parquet(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out), "--overwrite", "--seed", "99"], capsys)
    assert code == EXIT_INPUT and "No space left on device" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(tmp_path, "out") == []


def test_failing_final_rename_puts_the_earlier_results_back(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    assert run_in_process(["run", str(VALID), "--out", str(out)], capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_rename = Path.rename

    def rename(self, target):  # type: ignore[no-untyped-def]
        if Path(target) == out and ".partial-" in self.name:
            raise OSError(errno.EIO, "Input/output error", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out), "--overwrite"], capsys)
    assert code == EXIT_INPUT and "Input/output error" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(tmp_path, "out") == []


def test_interrupt_while_writing_leaves_nothing(tmp_path, capsys, monkeypatch):
    import cohort.outputs

    real = cohort.outputs.write_parquet_table
    calls: list[str] = []

    def writer(table, path):  # type: ignore[no-untyped-def]
        calls.append(str(path))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(table, path)

    monkeypatch.setattr(cohort.outputs, "write_parquet_table", writer)
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(VALID), "--out", str(out)], capsys)
    assert code == 130 and "Traceback" not in err
    assert problem_lines(err) == ["cohort: interrupted"]
    assert not out.exists() and _leftovers(tmp_path, "out") == []


KILL_MIDWAY = """
import os, signal, sys
import cohort.outputs
real = cohort.outputs.write_parquet_table
calls = []
def writer(table, path):
    calls.append(path)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(table, path)
cohort.outputs.write_parquet_table = writer
from cohort.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_9_while_writing_then_rerun(tmp_path):
    """SIGKILL in the middle of writing: the target is untouched (absent, or the earlier results
    when overwriting), and a rerun completes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILL_MIDWAY, "run", str(VALID), "--out", str(out)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9
    assert not out.exists()
    code = subprocess.run([sys.executable, "-m", "cohort", "run", str(VALID), "--out", str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert code.returncode == 0, code.stderr
    assert len(pd.read_parquet(out / "athletes.parquet")) == 20  # complete (same seed = same data: see below)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    killed = subprocess.run([sys.executable, "-c", KILL_MIDWAY, "run", str(VALID), "--out", str(out), "--overwrite", "--seed", "8"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # what kill -9 cannot clean up is a hidden sibling, never the results directory itself
    assert all(name.startswith(".out.partial-") for name in _leftovers(tmp_path, "out"))


def test_two_runs_at_once_into_different_directories_do_not_interfere(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    outs = [tmp_path / "a", tmp_path / "b"]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cohort", "run", str(VALID), "--out", str(out), "--set", "cohort.size=30"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for out in outs
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    frames = [pd.read_parquet(out / "athletes.parquet") for out in outs]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    assert len(frames[0]) == 30
    assert filecmp.cmp(outs[0] / "config.resolved.yaml", outs[1] / "config.resolved.yaml", shallow=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


# -- safety: YAML is data, never code ---------------------------------------------------------

MARKER = Path("/tmp/cohort-corpus-was-executed")


def test_python_tags_are_never_executed(tmp_path, capsys):
    MARKER.unlink(missing_ok=True)
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(BAD / "python_object_tag.yaml"), "--out", str(out)], capsys)
    assert code == EXIT_INPUT and "tags that build Python objects are refused" in err
    code, _, err = run_in_process(
        ["run", str(VALID), "--set", f"name=!!python/object/apply:os.system ['touch {MARKER}']", "--out", str(out)], capsys
    )
    assert code == EXIT_INPUT and "could not determine a constructor" in err
    assert not MARKER.exists()
    assert not out.exists()


def test_code_like_values_stay_strings(tmp_path, capsys):
    marker = tmp_path / "executed"
    payload = f"__import__('os').system('touch {marker}')"
    out = tmp_path / "out"
    code, _, err = run_in_process(["run", str(VALID), "--set", f"name={payload}", "--out", str(out)], capsys)
    assert code == 0, err
    assert not marker.exists()
    resolved = (out / "config.resolved.yaml").read_text()
    assert payload in resolved
    for text in ("cohort.size=1+1", "cohort.size=int('3')", f"cohort.size={payload}"):
        code, _, err = run_in_process(["run", str(VALID), "--set", text, "--out", str(tmp_path / "never")], capsys)
        assert code == EXIT_INPUT and "valid integer" in err, text
    assert not marker.exists() and not (tmp_path / "never").exists()


UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
UNSAFE_ATTRIBUTES = {("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"), ("yaml", "load_all"),
                     ("yaml", "Loader"), ("yaml", "UnsafeLoader"), ("yaml", "FullLoader"),
                     ("pickle", "load"), ("pickle", "loads"), ("marshal", "loads")}


def test_package_never_evaluates_text_as_code():
    """Static check over cohort/: no eval/exec/compile, no unsafe YAML loaders, no unpickling,
    and no pandas ``query``/``eval`` (which would evaluate config strings)."""
    offences = []
    for path in sorted((ROOT / "cohort").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in UNSAFE_CALLS:
                offences.append(f"{where} calls {node.func.id}()")
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if (node.value.id, node.attr) in UNSAFE_ATTRIBUTES:
                    offences.append(f"{where} uses {node.value.id}.{node.attr}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"query", "eval"}:
                offences.append(f"{where} calls .{node.func.attr}() (evaluates a string)")
    assert offences == []


# -- paths in configs resolve next to the config file, whatever the working directory --------


def test_relative_paths_resolve_next_to_the_config_from_any_cwd(tmp_path, monkeypatch):
    from cohort.config.loader import load_config

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "valid.yaml").write_text("name: a decoy that must not be picked up\n")
    (elsewhere / "parts").mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(CORPUS / "relative_child.yaml")
    assert config.name == "relative child"
    assert set(config.training.plans) == {"simple", "from_file"}
    assert config.training.plans["from_file"].blocks[0].sessions[1].modality == "eccentric"
    monkeypatch.chdir(CORPUS.parent)
    relative = load_config(Path("corpus") / "relative_child.yaml")
    assert relative == config


def test_missing_relative_plan_is_reported_next_to_the_config(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_in_process(["run", str(BAD / "plan_file_missing.yaml"), "--out", str(tmp_path / "out")], capsys)
    assert code == EXIT_INPUT
    (line,) = problem_lines(err)
    assert line == (f"cohort: {BAD / 'plan_file_missing.yaml'}: training.plans.from_file: "
                    f"got '{BAD / 'no_such_plan.yaml'}'; expected a training plan file: file not found")
    assert str(tmp_path / "no_such_plan.yaml") not in line


def test_run_from_the_root_directory_end_to_end(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "cohort", "run", str(CORPUS / "relative_child.yaml"), "--out", str(out)],
        cwd="/", env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    athletes = pd.read_parquet(out / "athletes.parquet")
    assert len(athletes) == 20
