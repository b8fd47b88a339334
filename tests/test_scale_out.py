"""Two dashboard processes behind nginx (deploy/nginx.conf as shipped, only its ports and paths
changed) on one store: each browser stays on one process, and a file imported while both serve (the
CLI, as an official's colleague would) is shown by both. Fails, never skips, when nginx or Chromium
is missing: .ci/run installs them."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.apptest import one_school_store_at
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, log_tail, missing_browser, running_app, wait_idle
from tests.conftest import FIXTURES

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_SECOND_SCHOOL = FIXTURES / "template" / "DB-TH-HM.xlsx"
_TEMP_PATHS = "".join(f"    {kind}_temp_path {{tmp}}/{kind};\n" for kind in
                      ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))


def _config(folder: Path, port: int, upstreams: list[str]) -> str:
    """deploy/nginx.conf with this test's port, processes and paths in the lines marked `# test:`."""
    lines = []
    for line in (ROOT / "deploy" / "nginx.conf").read_text().splitlines():
        marked = re.search(r"# test: (\w+)", line)
        what = marked.group(1) if marked else None
        if what == "upstream":
            lines += [f"        server {address};" for address in upstreams] if upstreams else []
            upstreams = []
        elif what in ("pid", "error_log"):
            lines.append(f"{what} {folder}/{what}.log;")
        elif what == "access_log":
            lines.append(f"    access_log {folder}/access.log kdcl;")
        elif what == "listen":
            lines.append(f"        listen 127.0.0.1:{port};")
        else:
            lines.append(line)
        if line.startswith("http {"):
            lines.append(_TEMP_PATHS.format(tmp=folder))
    return "\n".join(lines) + "\n"


@contextmanager
def nginx(folder: Path, upstreams: list[str]):
    assert Path(NGINX).exists(), f"nginx not found ({NGINX}): apt-get install -y nginx-light (.ci/run does)"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "nginx.conf").write_text(_config(folder, port, upstreams))
    process = subprocess.Popen([NGINX, "-p", str(folder), "-e", str(folder / "error_log.log"), "-c",
                                str(folder / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_answering(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield f"http://127.0.0.1:{port}"
    except BaseException as problem:
        problem.add_note(f"--- nginx's error log ---\n{log_tail(folder / 'error_log.log')}")
        raise
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_answering(url: str, process, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert process.poll() is None, f"nginx exited with code {process.returncode}"
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nginx did not answer {url} within {timeout:.0f} s")


def _routes(proxy: str, log: Path) -> dict[str, str]:
    """A route cookie for each process: try cookies until the access log shows both processes."""
    found: dict[str, str] = {}
    for n in range(60):
        cookie = f"test-route-{n}"
        request = urllib.request.Request(f"{proxy}/_stcore/health", headers={"Cookie": f"kdcl_route={cookie}"})
        urllib.request.urlopen(request, timeout=10).read()
        found.setdefault(_logged_upstream(log, cookie), cookie)
        if len(found) == 2:
            return found
    raise AssertionError(f"60 route cookies all went to {list(found)}")


def _logged_upstream(log: Path, cookie: str, timeout: float = 10) -> str:
    """nginx writes a request's log line after it has sent the answer, so the line may come a moment later."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        logged = re.findall(rf"route={cookie} upstream=(\S+)", log.read_text() if log.exists() else "")
        if logged:
            return logged[-1]
        time.sleep(0.05)
    raise AssertionError(f"nginx logged no request with route {cookie} within {timeout:.0f} s")


def _upstreams_by_route(log: Path) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for route, upstream in re.findall(r"route=(\S+) upstream=(\S+)", log.read_text()):
        routes.setdefault(route, set()).add(upstream)
    return routes


def _schools_shown(page) -> str:
    caption = page.get_by_text(re.compile(r"Trong phạm vi lọc có")).first
    caption.wait_for()
    return re.search(r"Trong phạm vi lọc có (\d+) trường", caption.inner_text()).group(1)


def test_an_import_while_two_processes_serve_is_shown_by_both_behind_nginx(tmp_path):
    assert missing_browser() is None, missing_browser()
    from playwright.sync_api import sync_playwright
    store = one_school_store_at(tmp_path / "store")
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": "one secret for every process"}
    with running_app(store.root, tmp_path / "a.log", env) as first, \
            running_app(store.root, tmp_path / "b.log", env) as second, \
            nginx(tmp_path / "nginx", [first.split("//")[1], second.split("//")[1]]) as proxy, \
            sync_playwright() as p:
        log = tmp_path / "nginx" / "access.log"
        routes = _routes(proxy, log)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = {}
        for upstream, cookie in routes.items():  # one official on each process, through the proxy
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.add_cookies([{"name": "kdcl_route", "value": cookie, "url": proxy}])
            pages[upstream] = context.new_page()
            pages[upstream].goto(proxy)
            wait_idle(pages[upstream])
            assert _schools_shown(pages[upstream]) == "1"
        imported = subprocess.run([sys.executable, "-m", "loaders", str(_SECOND_SCHOOL), "--db", str(store.root)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert imported.returncode == 0, imported.stdout + imported.stderr
        for upstream, page in pages.items():
            page.get_by_role("link", name="Theo địa bàn", exact=True).click()  # a rerun in the same session
            page.get_by_text("So sánh theo địa bàn").first.wait_for()
            wait_idle(page)
            assert _schools_shown(page) == "2", upstream
        browser.close()
        by_route = _upstreams_by_route(log)
    assert {first.split("//")[1], second.split("//")[1]} == set(routes)
    for cookie in routes.values():  # every request of a browser (page, scripts, websocket) reached one process
        assert len(by_route[cookie]) == 1, by_route[cookie]
    stream = [line for line in log.read_text().splitlines() if "/_stcore/stream" in line and " 101 " in line]
    assert len(stream) >= 2, "the sessions' websockets did not pass through nginx"
