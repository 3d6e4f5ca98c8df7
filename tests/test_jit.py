"""The numba cache key: a hash of every file compiled kernels are built from."""

from __future__ import annotations

from pathlib import Path

from cohort import jit


def _hashed_files() -> set[Path]:
    return {path for pattern in jit.KERNEL_SOURCES for path in jit._PACKAGE.glob(pattern)}


def test_every_physiology_module_is_hashed_including_subpackages():
    physiology = set((jit._PACKAGE / "physiology").rglob("*.py"))
    assert physiology <= _hashed_files()


def test_editing_a_file_in_a_physiology_subpackage_changes_the_hash(tmp_path, monkeypatch):
    package = tmp_path / "cohort"
    (package / "physiology" / "iron").mkdir(parents=True)
    (package / "physiology" / "base.py").write_text("A = 1\n")
    kinetics = package / "physiology" / "iron" / "kinetics.py"
    kinetics.write_text("B = 1\n")
    monkeypatch.setattr(jit, "_PACKAGE", package)
    before = jit.source_hash()
    assert jit.source_hash() == before  # deterministic
    kinetics.write_text("B = 2\n")
    assert jit.source_hash() != before


def test_editing_a_file_outside_the_kernel_sources_keeps_the_hash(tmp_path, monkeypatch):
    package = tmp_path / "cohort"
    (package / "physiology").mkdir(parents=True)
    (package / "physiology" / "base.py").write_text("A = 1\n")
    cli = package / "cli.py"
    cli.write_text("C = 1\n")
    monkeypatch.setattr(jit, "_PACKAGE", package)
    before = jit.source_hash()
    cli.write_text("C = 2\n")
    assert jit.source_hash() == before


def test_a_cold_cache_is_announced_once_the_day_loop_is_cached_it_is_not(tmp_path, monkeypatch, capsys):
    import numba

    from cohort.cli import announce_first_compile

    monkeypatch.delenv("NUMBA_DISABLE_JIT", raising=False)
    monkeypatch.setattr(numba.config, "CACHE_DIR", str(tmp_path))
    announce_first_compile()
    assert "compiling the simulation kernels" in capsys.readouterr().err
    index = tmp_path / "engine_0123" / "day.simulate-168.py311.nbi"
    index.parent.mkdir()
    index.write_bytes(b"")
    announce_first_compile()
    assert capsys.readouterr().err == ""
