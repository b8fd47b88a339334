"""How long an official waits in Chromium: a page switch and a province change, from the click to the
page's content drawn (run by hand).

    python bench/browser_speed.py [--rounds 5] [--url http://127.0.0.1:8661]

Starts the dashboard on the demo store (bench/out/demo_store, built the first time) unless --url names
one already running, opens it in Debian's Chromium (Playwright) and times:
* page switch: a click on a sidebar link until the page's title (h1) is drawn, Streamlit's script state
  (`data-test-script-state` on stApp) is back to notRunning and no element is stale (greyed, left from
  the run before);
* filter change: a click on a province in the sidebar's selectbox until the coverage caption has changed,
  with the same two conditions.
Prints the median and p95 of each, per page and over all, how much of it passed before the script state
went back to notRunning (the server's run and the websocket; the rest is the browser drawing), and how
long Chromium's renderer main thread was busy meanwhile (its DevTools counters TaskDuration and
ScriptDuration): a wait the renderer was busy for all along is the browser's, not the server's.
"""
from __future__ import annotations

import argparse
import statistics
import time
from contextlib import nullcontext

from demo_app import PAGES, demo_store, percentile, running_app

from tests.browser import CHROMIUM, CHROMIUM_ARGS

_DRAWN = """([title, before]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector('[data-stale=true]')) return false;
  const h1 = [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === title);
  const caption = [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
      .map(c => c.innerText).find(t => t.includes('Trong phạm vi lọc')) || '';
  return h1 && (before === null || (caption !== '' && caption !== before));
}"""
_COVERAGE = """() => ([...document.querySelectorAll('[data-testid=stCaptionContainer]')]
    .map(c => c.innerText).find(t => t.includes('Trong phạm vi lọc')) || '')"""
_FILTER_PAGES = ("Tổng quan", "Theo địa bàn", "Kinh phí", "Điểm yếu chung")
# Every change of the script state, with the page's clock: where a wait goes (the server's run and
# the websocket, until notRunning; the drawing after it).
_OBSERVE = """window.__states = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid=stApp]');
  const state = app && app.dataset.testScriptState;
  const last = window.__states[window.__states.length - 1];
  if (state && (!last || last[1] !== state)) window.__states.push([performance.now(), state]);
}).observe(document, {subtree: true, attributes: true, childList: true, attributeFilter: ['data-test-script-state']});"""
_SPLIT = """(clicked) => {
  const done = window.__states.filter(s => s[0] >= clicked && s[1] === 'notRunning').pop();
  return done ? (done[0] - clicked) / 1000 : null;
}"""
_RUNS: list[float] = []  # click to the last notRunning before the content was drawn, seconds
_BUSY: list[tuple[float, float]] = []  # the renderer's main thread: all its tasks, and JavaScript alone, seconds
_CDP = {}


def _renderer(page) -> tuple[float, float]:
    """Chromium's own counters (DevTools Performance.getMetrics): time its main thread ran tasks, and scripts."""
    if "session" not in _CDP:
        _CDP["session"] = page.context.new_cdp_session(page)
        _CDP["session"].send("Performance.enable")
    found = {m["name"]: m["value"] for m in _CDP["session"].send("Performance.getMetrics")["metrics"]}
    return found["TaskDuration"], found["ScriptDuration"]


def _drawn(page, title: str, before: str | None = None, clicked: float | None = None,
           busy: tuple[float, float] | None = None) -> None:
    page.wait_for_function(_DRAWN, arg=[title, before], timeout=30000, polling="raf")
    if clicked is not None:
        _RUNS.append(page.evaluate(_SPLIT, clicked) or 0.0)
        after = _renderer(page)
        _BUSY.append((after[0] - busy[0], after[1] - busy[1]))


def _clock(page) -> float:
    return page.evaluate("performance.now()")


def page_switches(page, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    for _ in range(rounds):
        for name, title in PAGES.items():
            link = page.locator("[data-testid=stSidebarNav] a").filter(has_text=name).first
            clicked, busy, start = _clock(page), _renderer(page), time.perf_counter()
            link.click()
            _drawn(page, title, clicked=clicked, busy=busy)
            times[name].append(time.perf_counter() - start)
    return times


def filter_changes(page, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for name in _FILTER_PAGES:
        page.locator("[data-testid=stSidebarNav] a").filter(has_text=name).first.click()
        _drawn(page, PAGES[name])
        times[name] = []
        for province in ["Hải Phòng", "Tất cả"] * rounds:
            before = page.evaluate(_COVERAGE)
            page.locator("[data-testid=stSelectbox]").filter(has_text="Tỉnh/Thành phố").first.click()
            page.keyboard.type(province)
            option = page.get_by_role("option", name=province, exact=True)
            option.wait_for()
            clicked, busy, start = _clock(page), _renderer(page), time.perf_counter()
            option.click()
            _drawn(page, PAGES[name], before, clicked, busy)
            times[name].append(time.perf_counter() - start)
    return times


def report(what: str, times: dict[str, list[float]]) -> None:
    print(f"\n{what:22s} {'median s':>9s} {'p95 s':>7s} {'max s':>7s}")
    everything = [t for values in times.values() for t in values]
    for name, values in [*times.items(), ("all", everything)]:
        print(f"{name:22s} {statistics.median(values):9.2f} {percentile(values, 0.95):7.2f} {max(values):7.2f}")
    runs = _RUNS[-len(everything):]
    print(f"{'  of it, until the run':22s} {statistics.median(runs):9.2f} {percentile(runs, 0.95):7.2f} {max(runs):7.2f}"
          "   (click to the script state notRunning: server run + websocket)")
    for label, index in (("  renderer busy", 0), ("  of which JavaScript", 1)):
        values = [b[index] for b in _BUSY[-len(everything):]]
        note = "   (Chromium's main thread during the wait)" if index == 0 else ""
        print(f"{label:22s} {statistics.median(values):9.2f} {percentile(values, 0.95):7.2f} {max(values):7.2f}{note}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", help="an app already running (else one is started on the demo store)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    app = nullcontext(args.url) if args.url else running_app(demo_store())
    with app as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.add_init_script(_OBSERVE)
        page.goto(url)
        _drawn(page, PAGES["Tổng quan"])
        page_switches(page, 1)  # warm-up: every page's first run and the browser's first drawing of it
        report("page switch", page_switches(page, args.rounds))
        report("province change", filter_changes(page, args.rounds))
        browser.close()


if __name__ == "__main__":
    main()
