"""Start the real app on a store and drive it with Debian's Chromium (used by tests and docs)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialing out on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_LOG_TAIL_LINES = 80


@pytest.fixture
def browser_installed():
    """Fails, never skips, a browser test on a machine without playwright or Chromium (`usefixtures`)."""
    problem = missing_browser()
    if problem:
        pytest.fail(f"{problem}. The browser tests are part of the test suite; install it, do not skip them.",
                    pytrace=False)


def missing_browser() -> str | None:
    """Why the browser cannot run here, or None when playwright and Chromium are both installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -r requirements.txt"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM to its path)"
    return None


@contextmanager
def chromium_page(**page_options):
    """A page in headless Chromium; the browser is closed afterwards."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(**page_options)
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(store_dir: Path, log_path: Path | None = None, env: dict | None = None, args: list | None = None,
                port: int | None = None):
    """The dashboard on `store_dir`, its output in `log_path` (a temporary file if not given).
    Whatever fails inside the block carries the tail of that log, so an exception in the app
    reads as one, not as a timeout of the browser waiting for a page that never came. `env` and `args`
    add to the app's environment and to `streamlit run`'s options (a test's secrets file); `port` is
    given when the test must know it first (the sign-in's redirect address)."""
    port = port or free_port()
    log_path = Path(log_path) if log_path else Path(tempfile.mkstemp(prefix="kdcl-app-", suffix=".log")[1])
    env = {**os.environ, "KDCL_STORE": str(store_dir), "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *(args or [])],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, process)
        yield f"http://127.0.0.1:{port}"
    except BaseException as problem:
        _stop(process)
        problem.add_note(f"--- the app's log ({log_path}), last {_LOG_TAIL_LINES} lines ---\n{log_tail(log_path)}")
        raise
    finally:
        _stop(process)


def log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    text = Path(path).read_text(encoding="utf-8", errors="replace") if Path(path).exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before it was ready")
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on port {port} within {timeout:.0f} s")


def choose(page, label: str, option: str, attempts: int = 3) -> None:
    """Pick an option in a Streamlit selectbox identified by its label.

    A rerun still drawing the page can redraw the box and close its list under the typing (seen on a
    loaded CI machine), so the list is opened again, a few times, before giving up."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    box = page.locator("[data-testid=stSelectbox]").filter(has_text=label).first
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        wait_idle(page)
        box.click()
        page.keyboard.type(option)  # long lists are virtualised: filter first
        try:
            wanted.wait_for(timeout=10000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
    wanted.click()
    page.wait_for_timeout(300)
    wait_idle(page)


def wait_idle(page, timeout: float = 30000) -> None:
    """Wait until Streamlit has finished running the script; fail if the page shows an exception."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout)
    page.wait_for_timeout(500)
    shown = page.locator("[data-testid=stException]")
    if shown.count():
        raise AssertionError("the app shows an exception:\n" + shown.first.inner_text())


def tien_lang_funding_csv(page) -> bytes:
    """From a page with Hải Phòng chosen (or the only province): Tiên Lãng's Kinh phí page, its total
    checked as the seeds give it (5,545 tỷ), and the bytes its first "Tải CSV" button serves."""
    choose(page, "Quận/Huyện", "Tiên Lãng")
    page.get_by_role("link", name="Kinh phí", exact=True).click()
    page.get_by_text("Kinh phí cải tiến chất lượng").wait_for()
    wait_idle(page)
    assert page.get_by_text("5,545 tỷ đồng").first.is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải CSV").first.click()
    return Path(download_info.value.path()).read_bytes()
