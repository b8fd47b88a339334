"""How long an official waits for the first chart when the dashboard starts (run by hand).

    python bench/first_start.py [--runs 3] [--port 8612]

Two cases, each `--runs` times, in headless Chromium (tests/browser.py, opened before the server, as
an official's browser is), from the moment `streamlit run dashboard.py` is started (the browser asks
for the page as soon as the server answers):
- fresh clone: `git clone` of this checkout's HEAD into a temporary folder (no data/store/, no
  __pycache__), so the first visit builds the demo store;
- warm restart: the same clone started again, its store and byte code already there, in the same
  browser (its cache holds Streamlit's scripts, plotly.js among them, as an official's does after a
  first visit); and once more in a new browser, with nothing cached.
For each: when the first Vietnamese words appear in the page (a progress message or the page), when a
fresh clone's demo store is published (its CURRENT written), when the sidebar's filters are drawn,
and when the first chart's SVG is drawn. No number here is a test.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium_page  # noqa: E402

_FIRST_WORDS = "Đang|Bộ lọc|Tổng quan chất lượng"  # any Vietnamese the app itself draws first
_CHART = "[data-testid=stPlotlyChart]:not(.st-key-plotly_warm_up *) .main-svg"  # not pages/startup.py's hidden one


def _serve(folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("KDCL_STORE", None)  # the clone's own data/store/, as a fresh machine has it
    # Python writes byte code unless told not to, as this sandbox tells every process: the first start
    # writes it (into __pycache__/, git-ignored) and a warm restart finds it, as on an official's machine.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.headless", "true"], cwd=folder, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_healthy(port: int, started: float, timeout: float = 60) -> float:
    while time.perf_counter() - started < timeout:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"streamlit did not answer on port {port}")


def _first_start(folder: Path, port: int, page) -> dict:
    """Seconds from `streamlit run` to: server up, first Vietnamese words, filters, first chart.
    The browser is open before the server starts, as an official's is (Chromium's own start, ~1 s
    here, is not the dashboard's)."""
    page.goto("about:blank")
    started = time.perf_counter()
    server = _serve(folder, port)
    store_ready = _watch_store(folder / "data" / "store", started)
    try:
        times = _timed_visit(page, port, started)
        return {**times, "store": store_ready.get("at", 0.0)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _watch_store(root: Path, started: float) -> dict:
    """When the demo build has published its store (CURRENT written, its unfinished marker gone); 0 when
    the store was there before the start (a warm restart)."""
    seen: dict = {}
    if (root / "CURRENT").exists() and not (root / ".demo-unfinished").exists():
        return seen

    def watch() -> None:
        while time.perf_counter() - started < 120:
            if (root / "CURRENT").exists() and not (root / ".demo-unfinished").exists():
                seen["at"] = time.perf_counter() - started
                return
            time.sleep(0.02)
    threading.Thread(target=watch, daemon=True).start()
    return seen


def _timed_visit(page, port: int, started: float) -> dict:
    times = {"server": _wait_healthy(port, started)}
    page.goto(f"http://127.0.0.1:{port}/")
    page.get_by_text(re.compile(_FIRST_WORDS)).first.wait_for(timeout=120_000)
    times["words"] = time.perf_counter() - started
    page.get_by_text("Bộ lọc").first.wait_for(timeout=120_000)
    times["filters"] = time.perf_counter() - started
    page.locator(_CHART).first.wait_for(timeout=120_000)
    times["chart"] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8612)
    args = parser.parse_args()
    results: dict[str, list[dict]] = {"fresh clone": [], "warm restart": [], "warm, new browser": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="kdcl-clone-") as tmp:
            clone = Path(tmp) / "clone"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            with chromium_page(viewport={"width": 1400, "height": 900}) as page:
                results["fresh clone"].append(_first_start(clone, args.port, page))
                # the same browser: its cache holds Streamlit's scripts, as an official's does after a first visit
                results["warm restart"].append(_first_start(clone, args.port, page))
            with chromium_page(viewport={"width": 1400, "height": 900}) as page:
                results["warm, new browser"].append(_first_start(clone, args.port, page))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; seconds from `streamlit run`:")
    print(f"{'case':<18}{'server up':>11}{'first words':>13}{'demo store':>12}{'filters':>9}{'first chart':>13}"
          "   (runs: first chart)")
    for case, runs in results.items():
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        each = ", ".join(f"{r['chart']:.1f}" for r in runs)
        store = f"{median['store']:.1f}" if median["store"] else "-"
        print(f"{case:<18}{median['server']:>11.1f}{median['words']:>13.1f}{store:>12}{median['filters']:>9.1f}"
              f"{median['chart']:>13.1f}   ({each})")


if __name__ == "__main__":
    main()
