"""Regenerate the regression baseline and print what changed: ``python -m tests.regression.update``.

Run it from the repository root with the package importable (``PYTHONPATH=$PWD``) after a
change that is meant to move the model (a physiology parameter, a mechanism, the priors),
read the printed differences, and commit ``tests/regression/baseline.json`` with them.
``--check`` only prints the differences and exits 1 when there are any.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.regression.cases import BASELINE, CASES, differences, load_baseline, summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; do not write the baseline")
    args = parser.parse_args(argv)
    old = load_baseline()
    new = {case: summarise(case) for case in CASES}
    lines = [f"{case}: new case ({len(new[case])} summaries)" for case in CASES if case not in old]
    lines += [line for case in CASES if case in old for line in differences(case, old[case], new[case])]
    lines += [f"{case}: case removed" for case in old if case not in new]
    print("\n".join(lines) if lines else "no change against the baseline")
    if args.check:
        return 1 if lines else 0
    BASELINE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
