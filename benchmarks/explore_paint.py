"""Time to first paint and to update after a control change of ``cohort explore RESULTS_DIR``.

    cohort experiment experiments/sweep_mechanisms_sobol.yaml --out results/sobol2048 \
        --no-report --set cohort.size=50 --set duration_weeks=4        # 1,024 points x 2 replicates
    python benchmarks/explore_paint.py results/sobol2048 --rounds 3

Headless system Chromium (``/usr/bin/chromium``) through Playwright. First paint: from
``page.goto`` to the readout of the plotted point means (new browser page each round; the
server process stays up, as for a user reloading). Updates: from the click on an option to
the readout naming the new outcome (surface view, then parallel coordinates, then point view).
Prints one JSON object with median/min/max seconds and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (Linux /proc), in MB."""
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = Path(f"/proc/{pid}/task/{task.name}/children")
        if children.is_file():
            pids += [int(c) for c in children.read_text().split()]
    for process in pids:
        status = Path(f"/proc/{process}/status")
        if status.is_file():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += float(line.split()[1]) / 1024
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="an experiment results directory (a sweep)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from cohort.explorer.browse import ResultsBrowser
    from cohort.explorer.server import start

    outcomes = ResultsBrowser(args.results).outcomes
    server = start([str(Path(args.results).resolve())], Path(tempfile.mkdtemp()) / "server.log")
    paint, updates = [], {"surface": [], "parallel": [], "point": []}
    changes = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            for _ in range(args.rounds):
                page = browser.new_page(viewport={"width": 1400, "height": 950})
                started = time.perf_counter()
                page.goto(server.url)
                page.wait_for_selector(".cohort-readout", timeout=120_000)
                paint.append(time.perf_counter() - started)
                for view in updates:
                    if view != "surface":
                        page.get_by_role("button", name=view, exact=False).click()
                        page.wait_for_timeout(1500)
                    changes += 1
                    outcome = outcomes[changes % len(outcomes)]
                    page.locator('.v-field:has(label.v-field-label--floating:text-is("outcome"))').click()
                    option = page.locator(".v-overlay-container .v-list-item", has_text=outcome).first
                    option.wait_for()
                    started = time.perf_counter()
                    option.click()
                    page.wait_for_function(
                        "text => [...document.querySelectorAll('.cohort-readout')].some(e => e.innerText.includes(text))",
                        arg=f" {outcome} ", timeout=120_000,
                    )
                    updates[view].append(time.perf_counter() - started)
                page.close()
            browser.close()
        rss = peak_rss_mb(server.process.pid)
    finally:
        server.stop()
    print(json.dumps({
        "results": args.results, "server_start_s": server.start_s, "first_paint_s": summary(paint),
        **{f"update_{view}_s": summary(values) for view, values in updates.items()}, "server_peak_rss_mb": rss,
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
