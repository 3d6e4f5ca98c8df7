"""Everything the package reads at run time ships in the wheel (.ci/wheel_check.sh installs the
wheel outside the checkout and runs the CLI; this test catches a missing glob in seconds)."""

from __future__ import annotations

import glob
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cohort"


def shipped_patterns() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["tool"]["setuptools"]["package-data"]["cohort"]


def test_every_data_file_of_the_package_matches_a_package_data_glob() -> None:
    # glob.glob as setuptools uses it (it follows the cohort/data/configs link, pathlib's ** does not)
    data_files = {
        Path(name) for name in glob.glob(str(PACKAGE / "**" / "*"), recursive=True)
        if Path(name).is_file() and Path(name).suffix not in (".py", ".pyc") and "__pycache__" not in Path(name).parts
    }
    shipped = {Path(name) for pattern in shipped_patterns() for name in glob.glob(str(PACKAGE / pattern), recursive=True)}
    missing = sorted(str(path.relative_to(PACKAGE)) for path in data_files - shipped)
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
    # the bibliography and the default config (CohortModel()) are among them
    assert PACKAGE / "data" / "configs" / "quickstart.yaml" in shipped
    assert any(path.parent.name == "references" for path in shipped)


def test_the_packaged_example_configs_are_the_repositorys() -> None:
    """cohort/data/configs is the repository's configs/ (a link), so the two cannot drift."""
    packaged = PACKAGE / "data" / "configs"
    assert packaged.resolve() == (ROOT / "configs").resolve()
