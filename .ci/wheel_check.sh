#!/usr/bin/env bash
# CI: the installed tool works without the checkout, and the README's commands work as written.
#
# 1. Build the wheel, install it into a fresh virtual environment outside the checkout and run
#    the CLI's main commands from an empty folder (a config copied out for `cohort run`).
# 2. Copy the repository (tracked files only, no .venv) to a temporary folder and run every
#    ```bash and ```python block of README.md there, as written (its install line is a normal,
#    non-editable `pip install .`). The block with the test command is the one .ci/run runs.
#
# Fails on the first failing command. Usage: bash .ci/wheel_check.sh [PYTHON]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cohort-wheel-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"  # compiled kernels of the installed copy, thrown away after
step() { printf '\n== %s\n' "$*"; }

step "build the wheel"
"$python" -m venv "$work/build" && "$work/build/bin/pip" install -q --upgrade pip
"$work/build/bin/pip" wheel --no-deps -q -w "$work/dist" "$repo"
wheel="$(ls "$work"/dist/cohort-*.whl)"
echo "$wheel"

step "install it into a fresh environment"
"$python" -m venv "$work/venv" && "$work/venv/bin/pip" install -q "$wheel"

step "run the installed tool outside the checkout"
mkdir -p "$work/outside" && cd "$work/outside"
cohort="$work/venv/bin/cohort"
run() { echo "\$ $*" >&2; "$@"; }
run "$work/venv/bin/python" -c "import cohort, sys; assert cohort.__file__.startswith('$work/venv'), cohort.__file__; print(cohort.__file__)"
run "$cohort" --version
run "$cohort" schema > schema.json && "$work/venv/bin/python" -c "import json; assert json.load(open('schema.json'))['properties']"
run "$cohort" mechanisms > mechanisms.txt && test -s mechanisms.txt
run "$cohort" variables > variables.txt && test -s variables.txt
cp -r "$repo/configs" configs
run "$cohort" run configs/quickstart.yaml --set cohort.size=50 --out results/quickstart
test -s results/quickstart/manifest.json
run "$cohort" validate --case VD-KIN
run "$work/venv/bin/python" -c "from cohort import CohortModel; model = CohortModel(); model.step(); print(model.config.name, model.steps)"

step "the README's commands, as written, in a copy of the repository"
copy="$work/repository"
mkdir -p "$copy"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$copy"
"$python" - "$repo/README.md" "$work/readme" <<'EOF'
"""Write each fenced bash/python block of the README to its own numbered file."""
import re
import sys
from pathlib import Path

readme, folder = Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2])
folder.mkdir()
blocks = re.findall(r"^ *```(bash|python)\n(.*?)^ *```", readme, flags=re.M | re.S)
for number, (language, body) in enumerate(blocks):
    lines = body.splitlines()
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    text = "\n".join(line[indent:] for line in lines) + "\n"
    if language == "bash" and "pytest" in text:
        continue  # the test command: .ci/run runs it
    (folder / f"{number:02d}.{'sh' if language == 'bash' else 'py'}").write_text(text, encoding="utf-8")
print(f"{len(blocks)} README blocks")
EOF
cd "$copy"
for block in "$work"/readme/*; do
    echo "--- README block $(basename "$block")"
    cat "$block"
    case "$block" in
        *.sh) bash -euo pipefail "$block" ;;
        *.py) .venv/bin/python "$block" ;;
    esac
done
step "wheel check passed"
