"""The one decorator for compiled kernels, and a numba cache that can never go stale.

Kernels bake column and parameter indices in as constants and inline the subsystem functions
they call, but numba's on-disk cache only checks the timestamp of each function's own file.
Editing one subsystem could therefore load a stale kernel from another file with shifted
indices. To rule that out, the cache lives in a folder named by a hash of the source the
kernels are built from (unless the user sets ``NUMBA_CACHE_DIR``): any change to a kernel
module or to the registries whose constants they inline starts a fresh cache, while edits
elsewhere (CLI, analysis, plots, experiments) keep it. ``NUMBA_DISABLE_JIT=1`` runs the same
code as plain Python.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numba
from numba import njit

_PACKAGE = Path(__file__).resolve().parent

#: Everything compiled kernels are built from: kernels, the constants and registries they
#: inline (state layout, parameter vector, mechanism indices, noise and plan field indices).
#: ``**`` also matches subsystem subpackages (``physiology/iron/*.py``).
KERNEL_SOURCES = (
    "physiology/**/*.py",
    "engine/*.py",
    "state.py",
    "parameters.py",
    "mechanisms.py",
    "rng.py",
    "training.py",
    "jit.py",
)


def source_hash() -> str:
    digest = hashlib.sha256()
    paths = {path for pattern in KERNEL_SOURCES for path in _PACKAGE.glob(pattern)}
    for path in sorted(paths):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "cohort" / "numba" / source_hash()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.touch()
        probe.unlink()
    except OSError:
        folder = Path(tempfile.gettempdir()) / f"cohort-numba-{source_hash()}"
        folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


if not os.environ.get("NUMBA_CACHE_DIR"):
    numba.config.CACHE_DIR = _cache_dir()  # type: ignore[attr-defined]

def cache_is_cold() -> bool:
    """True when the compiled day loop is not in the numba cache yet (first run after an
    install or an update of the kernel sources): the next simulation compiles for a minute."""
    folder = Path(numba.config.CACHE_DIR or "")  # type: ignore[attr-defined]
    return not folder.is_dir() or next(folder.rglob("day.simulate-*.nbi"), None) is None


#: Decorator for every compiled kernel of the package. ``error_model="numpy"`` drops the
#: per-division zero checks (a division by zero gives inf/nan, which the bounds check at
#: every recording step reports with the variable, athlete and day named).
kernel = njit(cache=True, error_model="numpy")

#: The same for the one kernel that runs athletes on threads (``prange``).
threaded_kernel = njit(cache=True, error_model="numpy", parallel=True)
