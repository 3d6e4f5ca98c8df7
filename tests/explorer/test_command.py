"""``cohort explore`` refuses what it cannot serve with one line and exit code 2."""

from __future__ import annotations

from pathlib import Path

from cohort.cli import main


def test_missing_target_and_non_results_folder(tmp_path: Path, capsys) -> None:
    assert main(["explore", str(tmp_path / "nothing.yaml"), "--no-browser"]) == 2
    assert "an existing config or experiment file" in capsys.readouterr().err
    assert main(["explore", str(tmp_path), "--no-browser"]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_invalid_override_fails_before_serving(capsys) -> None:
    config = Path(__file__).resolve().parents[2] / "configs" / "quickstart.yaml"
    assert main(["explore", str(config), "--set", "cohort.size=0", "--no-browser"]) == 2
    assert "cohort.size" in capsys.readouterr().err
