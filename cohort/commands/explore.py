"""``cohort explore TARGET``: an interactive page (Solara) on a live cohort or on results.

TARGET is a config or experiment file (a live cohort: pick arms, switch and scale mechanisms,
change doses and parameters, step or play day by day) or a results directory (browse arms,
sweep points, outcomes, subgroups, response surfaces and sensitivity indices).
Needs the ``explore`` extra: ``pip install 'cohort[explore]'``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from cohort.commands.common import add_config_flags, overrides_with_seed

NAME = "explore"
HELP = "interactive page on a config/experiment (live cohort) or a results directory (needs cohort[explore])"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="CONFIG_OR_EXPERIMENT_OR_RESULTS_DIR", help="a YAML config or experiment file, or a results directory")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    add_config_flags(parser)


def server_command(target: str, port: int, host: str, open_browser: bool) -> list[str]:
    """The ``solara run`` command line serving :mod:`cohort.explorer.app`."""
    return [
        sys.executable, "-m", "solara", "run", "cohort.explorer.app", "--host", host, "--port", str(port),
        "--open" if open_browser else "--no-open", "--production", "--log-level", "warning", "--no-access-log",
        "--theme-loader", "plain", "--no-check-version",
    ]


def main(args: argparse.Namespace) -> int:
    import importlib.util

    from cohort.errors import ConfigError, Problem

    target = Path(args.target)
    if not target.exists():
        raise ConfigError([Problem(str(target), "target", str(target), "an existing config or experiment file, or a results directory")])
    overrides = overrides_with_seed(args)
    if target.is_file():  # fail here, in the terminal, on a config that does not load
        from cohort.explorer.live import load_scenario

        load_scenario(target, overrides)
    elif not (target / "manifest.json").exists():
        raise ConfigError([Problem(str(target), "target", str(target), "a results directory with a manifest.json")])
    if importlib.util.find_spec("solara") is None:
        raise ConfigError([Problem("explore", "solara", "missing", "the explore extra installed: pip install 'cohort[explore]'")])
    env = dict(os.environ, COHORT_EXPLORE_TARGET=str(target.resolve()), COHORT_EXPLORE_SET="\n".join(overrides))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")) if p)
    print(f"cohort explore: serving {target} on http://{args.host}:{args.port} (Ctrl-C stops)", file=sys.stderr)
    try:
        return subprocess.call(server_command(str(target), args.port, args.host, not args.no_browser), env=env)
    except KeyboardInterrupt:
        return 0
