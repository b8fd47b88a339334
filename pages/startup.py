"""The first moments of a dashboard process and of a session, made shorter.

- The first run of the process (pages/__init__.py) starts a fresh clone's demo build at once, before
  the heavy imports, in a process of its own, while this one goes on importing pandas and the pages
  (two cores: ~1 s earlier than when the reader asked for it). Every session waits for it (ui.reader);
  a build that failed or was killed is done again from scratch on the next visit
  (data/demo.py: build_first_demo_store).
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

import plotly.graph_objects as go  # already imported by Streamlit itself at start: no cost here
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from loaders.store_dir import DEFAULT_STORE_DIR, demo_unfinished, holds_a_store, store_dir_from_env

WARM_UP_KEY = "plotly_warm_up"  # hidden by pages/vietnamese.py's style sheet
_SENT = "plotly_code_sent"
_ROOT = Path(__file__).resolve().parent.parent
_builds: dict[Path, subprocess.Popen] = {}
_builds_lock = threading.Lock()


def begin() -> None:
    if get_script_run_ctx() is not None:  # not on a plain `import pages` (pytest, benches, docs)
        start_demo_build(store_dir_from_env())


def needs_demo(root: Path) -> bool:
    """Only the default folder gets the demo (a custom KDCL_STORE starts empty): when it holds no store,
    or one that a first-start build left unfinished."""
    return root == DEFAULT_STORE_DIR and (not holds_a_store(root) or demo_unfinished(root))


def start_demo_build(root: Path) -> None:
    """Once per store folder and process (a build that failed may be started again)."""
    with _builds_lock:
        if root in _builds or not needs_demo(root):
            return
        # in a process of its own: the dashboard never imports the demo's builders and writers
        # (python-docx, openpyxl, the importer: ~0.6-1.3 s of every start, measured with -X importtime)
        _builds[root] = subprocess.Popen([sys.executable, "-m", "data.first_start", "--store", str(root), "--first-start"],
                                         cwd=_ROOT, stdout=subprocess.DEVNULL)


def wait_for_the_demo() -> None:
    """While a fresh clone's demo store is built: a Vietnamese spinner, and plotly.js loaded meanwhile.
    Every session waits while this process's build runs: the store it is writing holds an empty first
    version for a few seconds."""
    root = store_dir_from_env()
    if not (_building(root) or needs_demo(root)):
        return
    with st.spinner("Đang tạo dữ liệu minh họa lần đầu (khoảng 5–10 giây)…"):
        _send_empty_chart(st.container())
        code = _finish_demo_build(root)  # usually started by the process's first run already
    if code != 0:  # the build's traceback is in the server's log; a reload builds it again from scratch
        st.error(f"Việc tạo dữ liệu minh họa {'bị dừng giữa chừng' if code < 0 else f'gặp lỗi (mã {int(code)})'}. "
                 "Xem nhật ký của máy chủ; tải lại trang để tạo lại từ đầu.", icon=":material/error:")  # < 0: killed
        st.stop()


def _building(root: Path) -> bool:
    with _builds_lock:
        return root in _builds


def _finish_demo_build(root: Path) -> int:
    """Wait for the build (starting it if the first run did not); its exit code (negative: killed)."""
    start_demo_build(root)
    with _builds_lock:
        build = _builds.get(root)
    if build is None:
        return 0
    code = build.wait()
    with _builds_lock:
        if _builds.get(root) is build:
            del _builds[root]
    return code


def load_chart_code_in_the_browser() -> None:
    """On a session's first run, after the sidebar's filters (an empty figure: it costs the server nothing)."""
    _send_empty_chart(st.sidebar)


def _send_empty_chart(where) -> None:
    """Once per session: a browser that has run plotly.js once keeps it for the page's life."""
    if st.session_state.get(_SENT):
        return
    st.session_state[_SENT] = True
    with where.container(key=WARM_UP_KEY):
        # no toolbar: its buttons' English titles would be in the page, hidden or not
        st.plotly_chart(go.Figure(), key=f"{WARM_UP_KEY}_chart", config={"displayModeBar": False})
