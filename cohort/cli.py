"""The ``cohort`` command line. Each subcommand lives in ``cohort/commands/<name>.py``.

The CLI owns the terminal: progress bars and messages go here, never inside the package.
Errors in user input print one line per problem and exit with code 2; no traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
from collections.abc import Sequence

import cohort.commands.common  # noqa: F401 - first: its STARTED clock times the whole command
from cohort.errors import CohortError, ConfigError, ContractError, OutputError, StateError

#: Subcommand modules in help order.
COMMANDS = (
    "run", "validate", "mechanisms", "variables", "schema", "experiment", "sensitivity", "report", "plot", "network",
    "power", "calibrate", "forecast", "explore",
)

#: Subcommands that simulate (and so compile the kernels on the first run after an install);
#: ``run`` announces it itself, after its output check (which comes before any heavy import).
SIMULATING = frozenset({"experiment", "sensitivity", "validate", "calibrate", "forecast", "power", "explore"})

EXIT_OK, EXIT_FAILURE, EXIT_INPUT = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and one line on bad flags (its default, made explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"cohort: error: {message}\n")
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    from cohort import __version__

    parser = _Parser(prog="cohort", description="Simulate athlete cohorts with micronutrient crosstalk.")
    parser.add_argument("--version", action="version", version=f"cohort {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"cohort.commands.{name}")
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(handler=module.main)
    return parser


def announce_first_compile() -> None:
    """One line on stderr when the kernels are not compiled yet (the wait would be silent)."""
    if os.environ.get("NUMBA_DISABLE_JIT") == "1":
        return
    from cohort.jit import cache_is_cold

    if cache_is_cold():
        print(
            # not "cohort: ...": that prefix marks problems (one line each, counted by tests and scripts)
            "compiling the simulation kernels (first run after installing or updating cohort: "
            "about 20-60 s of CPU, cached for later runs) ...",
            file=sys.stderr, flush=True,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_INPUT
    if args.command in SIMULATING:
        announce_first_compile()
    try:
        return int(args.handler(args) or 0)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"cohort: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except OutputError as exc:
        print(f"cohort: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except StateError as exc:
        print(f"cohort: simulation stopped: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except ContractError as exc:
        print(f"cohort: internal error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except CohortError as exc:
        print(f"cohort: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("cohort: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `cohort mechanisms | head`: the reader left; stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
        return EXIT_BROKEN_PIPE


def entry() -> int:
    """The ``cohort`` executable (and ``python -m cohort``): :func:`main`, then an exit that skips
    the garbage collector's passes over every object the command left behind.

    At interpreter exit CPython collects cycles among everything still alive (modules of numba,
    pandas, scipy, mesa, the loaded kernels): ~0.5 CPU-s after a tiny ``cohort run``
    (benchmarks/profile_notes.md section 11), a third of its time. ``gc.freeze()`` moves those
    objects out of the collector's reach; exit still runs atexit handlers, flushes and closes
    files and frees objects by reference count as before. Not done in :func:`main`, which tests
    and scripts call in a process that goes on.
    """
    code = main()
    gc.freeze()
    return code
