"""The first moments of a dashboard process and of a session, made shorter.

- The first run of the process (pages/__init__.py) starts a fresh clone's demo build at once, before
  the heavy imports, in a process of its own, while this one goes on importing pandas and the pages
  (two cores: ~1 s earlier than when the reader asked for it).
- A session's first run sends the browser a hidden, empty plotly chart at the end of the sidebar,
  so the browser loads and runs plotly.js (4.7 MB) while the server still works out the page,
  instead of after the page's first chart arrives: ~1 s in Chromium from its cache, ~2 s with
  nothing cached, during which the browser draws nothing. After the filters, not before: sent with
  the first message it made them wait for it (4.6 s instead of 2.6 s in a new browser).
  While a fresh clone's demo store is built, it is sent at once: the browser waits anyway.
"""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import streamlit as st

from loaders.store_dir import DEFAULT_STORE_DIR, holds_a_store, store_dir_from_env

WARM_UP_KEY = "plotly_warm_up"  # hidden by pages/vietnamese.py's style sheet
_SENT = "plotly_code_sent"
_ROOT = Path(__file__).resolve().parent.parent
_builds: dict[Path, subprocess.Popen] = {}
_builds_lock = threading.Lock()


def begin() -> None:
    start_demo_build(store_dir_from_env())


def needs_demo(root: Path) -> bool:
    """Only the default folder gets the demo: a custom KDCL_STORE starts empty."""
    return root == DEFAULT_STORE_DIR and not holds_a_store(root)


def start_demo_build(root: Path) -> None:
    """Once per store folder and process (a build that failed may be started again)."""
    with _builds_lock:
        if root in _builds or not needs_demo(root):
            return
        # in a process of its own: the dashboard never imports the demo's builders and writers
        # (python-docx, openpyxl, the importer: ~0.6-1.3 s of every start, measured with -X importtime)
        _builds[root] = subprocess.Popen([sys.executable, "-m", "data.demo", "--store", str(root)], cwd=_ROOT,
                                         stdout=subprocess.DEVNULL)


def wait_for_the_demo() -> None:
    """While a fresh clone's demo store is built: a Vietnamese spinner, and plotly.js loaded meanwhile."""
    root = store_dir_from_env()
    if needs_demo(root):
        with st.spinner("Đang tạo dữ liệu minh họa lần đầu (khoảng 5–10 giây trên máy 2 nhân)…"):
            _send_empty_chart(st.container())
            try:
                _finish_demo_build(root)  # usually started by the process's first run already
            except subprocess.CalledProcessError as failed:  # its traceback is in the server's log
                st.error(f"Không tạo được dữ liệu minh họa (mã lỗi {int(failed.returncode)}). Xem nhật ký của máy chủ; "
                         "tải lại trang để thử lại.", icon=":material/error:")
                st.stop()


def _finish_demo_build(root: Path) -> None:
    """Wait for the build (starting it if the first run did not); raise if it failed."""
    start_demo_build(root)
    with _builds_lock:
        build = _builds.get(root)
    if build is None:
        return
    code = build.wait()
    with _builds_lock:
        _builds.pop(root, None)
    if code != 0:
        raise subprocess.CalledProcessError(code, build.args)


def load_chart_code_in_the_browser() -> None:
    """On a session's first run, after the sidebar's filters (plotly is imported by Streamlit itself at
    start, so this costs the server nothing)."""
    _send_empty_chart(st.sidebar)


def _send_empty_chart(where) -> None:
    """Once per session: a browser that has run plotly.js once keeps it for the page's life."""
    import plotly.graph_objects as go

    if st.session_state.get(_SENT):
        return
    st.session_state[_SENT] = True
    with where.container(key=WARM_UP_KEY):
        # no toolbar: its buttons' English titles would be in the page, hidden or not
        st.plotly_chart(go.Figure(), key=f"{WARM_UP_KEY}_chart", config={"displayModeBar": False})
