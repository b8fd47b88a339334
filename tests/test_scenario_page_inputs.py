"""A scenario saved with the planner's newer inputs (annual budgets, a cap per commune and per province, the
priority objective with its communes) reopens on the page with every input as it was, the same figures and
no notice that something differs; one saved by `budget --save-scenario --objective weight` too, and
`scenarios show` prints its priority and caps."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from loaders.store import Store, StoreReader
from metrics.filters import Filters
from metrics.planner_priority import communes_in_scope
from tests.apptest import on_screen, open_app
from tests.conftest import ROOT

_PAGE = "pages/phan_bo.py"
_SAVE = "FormSubmitter:scenario_save-Lưu phương án"
_DIFFERENT = "Thông số hiện tại khác"


@pytest.fixture
def demo(shared_demo_store, tmp_path) -> Store:
    """A copy of the demo store: the scenarios saved stay in the test that saved them."""
    shutil.copytree(shared_demo_store.root, tmp_path / "store")
    return Store(tmp_path / "store")


@pytest.fixture(scope="module")
def hai_phong_communes(shared_demo_store) -> list[tuple[str, str]]:
    scope = communes_in_scope(StoreReader(shared_demo_store).cursor(), Filters(province="Hải Phòng"))
    return list(zip(scope["province"], scope["commune"]))


def _run(app):
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _figures(app) -> tuple:
    """The headline, each year's money and the chosen schools with their weights, as the page shows them."""
    tables = [on_screen(d) for d in app.dataframe]
    years = next(t for t in tables if list(t.columns)[:2] == ["Năm", "Ngân sách (đồng)"])
    chosen = next(t for t in tables if {"Năm đạt", "Hệ số ưu tiên"} <= set(t.columns))  # not in the blocked table
    return ([m.value for m in app.metric], years.to_dict("records"),
            sorted(zip(chosen["Mã trường"], chosen["Hệ số ưu tiên"], chosen["Năm đạt"])))


def _reopen(app, name: str):
    app.selectbox(key="scenario_pick").set_value(name)
    app.button(key="scenario_open").click()
    return _run(app)


def _nothing_different(app, name: str) -> None:
    assert any(i.value.startswith(f"Đang xem phương án '{name}'") for i in app.info)
    assert not any(_DIFFERENT in c.value for c in app.caption), [c.value for c in app.caption if _DIFFERENT in c.value]
    assert not app.warning


def test_a_phased_capped_priority_scenario_reopens_with_every_input_and_the_same_figures(demo, monkeypatch,
                                                                                         hai_phong_communes):
    app = open_app(demo, monkeypatch, _PAGE)
    app.selectbox(key="filter_province").set_value("Hải Phòng")
    app.toggle(key="planner_phased").set_value(True)
    _run(app).text_input(key="planner_annual").set_value("2026=20 tỷ; 2027=30 tỷ")
    app.radio(key="planner_objective").set_value("weight")
    _run(app).multiselect(key="planner_communes").set_value(hai_phong_communes[:3])
    app.radio(key="planner_cap_area").set_value("commune")
    app.text_input(key="planner_cap").set_value("5 tỷ")
    app.text_input(key="planner_province_cap").set_value("45 tỷ")
    saved = _figures(_run(app))
    assert saved[1][0]["Năm"] == 2026 and any(weight != "1,0" for _, weight, _ in saved[2])  # phased, weighted
    app.text_input(key="scenario_name").set_value("Ưu tiên phân kỳ")
    app.button(key=_SAVE).click()
    assert [s.value for s in _run(app).success] == ["Đã lưu phương án 'Ưu tiên phân kỳ'."]

    # every input changed: one budget, most schools, no caps, the expiry term off
    app.checkbox(key="planner_priority_expiring").uncheck()
    app.multiselect(key="planner_communes").set_value([])
    _run(app).radio(key="planner_objective").set_value("schools")
    app.toggle(key="planner_phased").set_value(False)
    _run(app).text_input(key="planner_budget").set_value("20 tỷ")
    app.radio(key="planner_cap_area").set_value("district")
    app.text_input(key="planner_cap").set_value("")
    app.text_input(key="planner_province_cap").set_value("")
    app.selectbox(key="filter_province").set_value("Tất cả")
    assert [m.value for m in _run(app).metric] != saved[0]

    _reopen(app, "Ưu tiên phân kỳ")
    assert app.toggle(key="planner_phased").value is True
    assert app.text_input(key="planner_annual").value == "2026=20 tỷ; 2027=30 tỷ"
    assert app.radio(key="planner_objective").value == "weight"
    assert app.multiselect(key="planner_communes").value == sorted(hai_phong_communes[:3])
    assert app.checkbox(key="planner_priority_expiring").value is True
    assert (app.radio(key="planner_cap_area").value, app.text_input(key="planner_cap").value,
            app.text_input(key="planner_province_cap").value) == ("commune", "5 tỷ", "45 tỷ")
    assert _figures(app) == saved
    _nothing_different(app, "Ưu tiên phân kỳ")


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_cli_saves_the_priority_and_scenarios_show_prints_it(demo, monkeypatch, tmp_path):
    db, out = ("--db", str(demo.root)), tmp_path / "budget.csv"
    # --annual replaces --budget: the page, which has one or the other, reopens the run unchanged
    done = _cli("budget", *db, "--province", "Hải Phòng", "--budget", "1 tỷ", "--annual", "2026=20 tỷ",
                "--annual", "2027=30 tỷ",
                "--objective", "weight", "--priority-expiring", "--priority-commune", "An Lão 1",
                "--commune-cap", "5 tỷ", "--save-scenario", "CLI ưu tiên", "--out", str(out))
    assert done.returncode == 0 and "Đã lưu phương án 'CLI ưu tiên'" in done.stderr, done.stderr
    budget = pd.read_csv(out, comment="#")
    chosen = set(budget.loc[budget["Được chọn"] == "Có", "Mã trường"])
    favoured = budget.loc[budget["Xã/Phường"] == "Xã An Lão 1", "Hệ số ưu tiên"]
    assert len(chosen) > 0 and len(favoured) and (favoured >= 2).all()

    shown = _cli("scenarios", "show", "cli ƯU TIÊN", *db)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stderr.splitlines()
    assert "Xã khó khăn được ưu tiên: Xã An Lão 1 (Hải Phòng)" in lines
    assert "Ưu tiên trường có quyết định công nhận hết hiệu lực đến ngày: 31/12/2027" in lines
    assert "Trần kinh phí mỗi xã/phường (đồng): 5.000.000.000 đ" in lines
    assert "Ngân sách (đồng): 50.000.000.000 đ" in lines
    assert f"Số trường đạt: {len(chosen)}" in lines
    assert set(pd.read_csv(pd.io.common.StringIO(shown.stdout), comment="#")["Mã trường"]) == chosen

    # the page reopens it with nothing different and chooses the same schools
    app = _reopen(open_app(demo, monkeypatch, _PAGE), "CLI ưu tiên")
    _nothing_different(app, "CLI ưu tiên")
    assert app.multiselect(key="planner_communes").value == [("Hải Phòng", "Xã An Lão 1")]
    assert {school for school, _, _ in _figures(app)[2]} == chosen
