"""Many officials at once: N real Streamlit sessions switching pages and provinces (run by hand).

    python bench/load.py [--sessions 20] [--interactions 15] [--think 1.0] [--processes 1] [--url URL]

Each session is a websocket client speaking Streamlit's protocol (bench/streamlit_client.py), not a
browser: 20 Chromium tabs would spend this 2-core machine's CPU on drawing and measure the browser more
than the server. Every session opens the app, then repeats: a pause (uniform 0 to 2×--think seconds;
0 = back to back), and either a switch to a random page or a province change (Hải Phòng / Tất cả)
on the page it is on. An interaction lasts from the message sent until the server's script_finished
(every element drawn and received). An error is an exception drawn, a run that did not finish, or a
page whose title was not drawn. With --processes N the app runs as N Streamlit processes and the
sessions are spread over them (round robin, as a sticky proxy would).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path

from demo_app import PAGES, demo_store, percentile, running_app
from streamlit_client import Session

_PROVINCE = "Tỉnh/Thành phố"


async def one_session(url: str, number: int, args, times: list, errors: list) -> None:
    rng = random.Random(number)
    session = Session(url)
    try:
        await asyncio.sleep(rng.uniform(0, 1))  # arrivals spread over a second
        run = await session.open()
        _check(run, "Tổng quan", errors)
        page, province = "Tổng quan", "Tất cả"
        for _ in range(args.interactions):
            await asyncio.sleep(rng.uniform(0, 2 * args.think))
            if rng.random() < 0.5:
                page = rng.choice([p for p in PAGES if p != page])
                run = await session.switch_page(page)
            else:
                province = "Hải Phòng" if province == "Tất cả" else "Tất cả"
                run = await session.choose(_PROVINCE, province)
            times.append(run.seconds)
            _check(run, page, errors)
    except Exception as problem:  # a dropped connection, a timeout: counted, and the session ends
        errors.append(f"session {number}: {type(problem).__name__}: {problem}")
    finally:
        await session.close()


def _check(run, page: str, errors: list) -> None:
    errors.extend(run.errors)
    if PAGES[page] not in run.texts:
        errors.append(f"{page}: its title was not drawn")


async def drive(urls: list[str], args) -> tuple[list, list, float]:
    times, errors = [], []
    start = time.perf_counter()
    await asyncio.gather(*(one_session(urls[n % len(urls)], n, args, times, errors) for n in range(args.sessions)))
    return times, errors, time.perf_counter() - start


async def warm(urls: list[str]) -> None:
    """One session per process visits every page once first: the first run of a page imports its
    modules and fills the process's caches, which is a restart's cost, not a crowd's."""
    for url in urls:
        session = Session(url)
        await session.open()
        for page in PAGES:
            await session.switch_page(page)
        await session.close()


def _server_pids(first_port: int, processes: int) -> list[int]:
    """The Streamlit processes this bench started (found by their --server.port)."""
    pids = []
    for port in range(first_port, first_port + processes):
        found = subprocess.run(["pgrep", "-f", f"streamlit run .* --server.port {port} "], capture_output=True, text=True)
        pids += [int(pid) for pid in found.stdout.split()]
    return pids


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (/proc/PID/stat, fields 14 and 15)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--interactions", type=int, default=15)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between interactions, seconds")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--port", type=int, default=8663, help="the first port of the processes started")
    parser.add_argument("--url", action="append", help="app(s) already running (repeatable), e.g. nginx's")
    args = parser.parse_args()
    with ExitStack() as stack:
        urls = args.url or [stack.enter_context(running_app(demo_store(), port=args.port + n))
                            for n in range(args.processes)]
        asyncio.run(warm(urls))
        servers = [] if args.url else _server_pids(args.port, args.processes)
        cpu_before = _cpu_seconds(servers)
        times, errors, wall = asyncio.run(drive(urls, args))
        cpu = _cpu_seconds(servers) - cpu_before
    print(f"{args.sessions} sessions × {args.interactions} interactions, think {args.think} s, "
          f"on {', '.join(urls)}: {len(times)} interactions in {wall:.1f} s")
    if times:
        print(f"per interaction: p50 {statistics.median(times):.2f} s, p90 {percentile(times, 0.9):.2f} s, "
              f"p99 {percentile(times, 0.99):.2f} s, max {max(times):.2f} s")
    if servers and times:  # the server's own work, whatever the queueing: the figure a change of code moves
        print(f"server CPU: {cpu:.1f} s, {1000 * cpu / len(times):.0f} ms per interaction")
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print("  ", error)


if __name__ == "__main__":
    main()
