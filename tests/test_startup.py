"""The first moments (pages/startup.py): the demo's build started once, waited for, its failure said;
the empty chart that loads plotly.js sent once per session, hidden."""
from __future__ import annotations

import subprocess
import sys

import pytest

from data.demo import build_first_demo_store
from loaders.store import Store, StoreReader
from loaders.store_dir import DEMO_UNFINISHED, demo_unfinished
from pages import startup
from pages.vietnamese import _style_sheet
from tests.apptest import open_app
from tests.conftest import ROOT


class _Build:
    """Stands in for the `python -m data.first_start` process (its exit code given)."""
    started: list[list[str]] = []

    def __init__(self, args, code: int):
        self.args, self._code = args, code
        _Build.started.append(args)

    def wait(self) -> int:
        return self._code


@pytest.fixture
def default_store(tmp_path, monkeypatch):
    root = tmp_path / "store"
    monkeypatch.setattr(startup, "DEFAULT_STORE_DIR", root)
    monkeypatch.setattr(startup, "_builds", {})
    _Build.started = []
    return root


def _builds_exiting(monkeypatch, code: int) -> None:
    monkeypatch.setattr(startup.subprocess, "Popen", lambda args, **_: _Build(args, code))


def test_only_the_default_folder_without_a_store_needs_the_demo(default_store, tmp_path):
    assert startup.needs_demo(default_store)
    assert not startup.needs_demo(tmp_path / "elsewhere")  # a custom KDCL_STORE starts empty
    (default_store).mkdir()
    (default_store / "CURRENT").write_text("v000001.duckdb")
    assert not startup.needs_demo(default_store)


def test_the_build_starts_once_however_often_it_is_asked_for(default_store, monkeypatch):
    _builds_exiting(monkeypatch, 0)
    startup.start_demo_build(default_store)
    startup.start_demo_build(default_store)
    startup._finish_demo_build(default_store)  # waits for the one already started
    assert len(_Build.started) == 1
    assert _Build.started[0][-4:] == ["data.first_start", "--store", str(default_store), "--first-start"]


def test_a_failed_build_is_said_and_can_be_started_again(default_store, monkeypatch):
    _builds_exiting(monkeypatch, 3)
    startup.start_demo_build(default_store)
    assert startup._finish_demo_build(default_store) == 3
    startup.start_demo_build(default_store)
    assert len(_Build.started) == 2


def test_a_plain_import_starts_no_build(default_store, monkeypatch):
    _builds_exiting(monkeypatch, 0)
    monkeypatch.setenv("KDCL_STORE", str(default_store))
    startup.begin()  # outside a Streamlit run: pytest collecting, a bench, the docs' screenshots
    assert _Build.started == []


def test_the_empty_chart_goes_once_per_session_and_is_hidden(shared_demo_store, monkeypatch):
    app = open_app(shared_demo_store, monkeypatch)
    first = [c for c in app.sidebar.get("plotly_chart")]
    assert len(first) == 1 and first[0].proto.spec  # an empty figure, in the sidebar after the filters
    app.run()
    assert not app.sidebar.get("plotly_chart")
    assert f".st-key-{startup.WARM_UP_KEY}{{display:none}}" in _style_sheet(50)


def _page_waiting_for_the_demo():
    import pages.startup as started
    started.wait_for_the_demo()
    import streamlit as st
    st.write("trang")


@pytest.mark.parametrize(("code", "said"), [(3, "gặp lỗi (mã 3)"), (-9, "bị dừng giữa chừng")])
def test_a_failed_build_is_said_in_vietnamese_on_the_page(default_store, monkeypatch, code, said):
    from streamlit.testing.v1 import AppTest

    _builds_exiting(monkeypatch, code)
    monkeypatch.setenv("KDCL_STORE", str(default_store))
    app = AppTest.from_function(_page_waiting_for_the_demo)
    app.run()
    assert [e.value for e in app.error] == [f"Việc tạo dữ liệu minh họa {said}. Xem nhật ký của máy chủ; tải lại "
                                            "trang để tạo lại từ đầu."]
    assert not app.markdown  # the page stopped there


def test_every_session_waits_while_the_build_runs_even_once_a_version_exists(default_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    waited = []
    build = _Build(["data.demo"], 0)
    build.wait = lambda: waited.append(True) or 0
    startup._builds[default_store] = build
    Store(default_store).current_path()  # the build's empty first version: the folder holds a store now
    monkeypatch.setenv("KDCL_STORE", str(default_store))
    app = AppTest.from_function(_page_waiting_for_the_demo)
    app.run()
    assert waited == [True] and [m.value for m in app.markdown] == ["trang"]


def test_an_interrupted_build_is_done_again_from_scratch(tmp_path):
    root = tmp_path / "store"
    Store(root).current_path()  # what a killed build leaves: an empty first version, and its marker
    (root / DEMO_UNFINISHED).write_bytes(b"")
    build_first_demo_store(root)
    assert not demo_unfinished(root)
    con = StoreReader(Store(root)).cursor()
    assert con.execute("SELECT count(*) FROM schools").fetchall() == [(605,)]


def test_a_store_without_the_marker_is_left_alone(tmp_path):
    root = tmp_path / "store"
    first = Store(root).current_path()
    build_first_demo_store(root)
    assert Store(root).current_path() == first and not demo_unfinished(root)


def test_the_dashboard_s_own_imports_leave_the_readers_out():
    """What dashboard.py imports never brings python-docx, the readers or the importer (~0.2 s and 133 modules
    of every start): the upload page's list of file kinds once did, through loaders.import_read."""
    script = ("import sys; import pages.signin, pages.ui, pages.vietnamese; "
              "print(sorted(m for m in ('docx', 'python_calamine', 'loaders.import_read', 'loaders.importer') "
              "if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]", shown.stdout
