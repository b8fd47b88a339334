"""Scenarios on the page "Phân bổ kinh phí" and from the command line, on the demo store: save, the question
before overwriting, reopen (the inputs and the sidebar come back, the figures are recomputed), the notice
when the data changed since, the side-by-side comparison of two scenarios, delete; the CLI saves scenarios
the page reopens unchanged."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from data.demo import build_demo_store
from loaders.importer import import_file
from loaders.store import Store, StoreReader
from metrics.access import Viewer
from metrics.filters import Filters
from metrics.planner import Constraints, plan
from metrics.planner_model import planner_needs
from metrics.scenarios import saved_scenarios
from pages import ui
from tests.apptest import as_read, on_screen, open_app
from tests.conftest import FIXTURES, ROOT

_PAGE = "pages/phan_bo.py"
_SAVE = "FormSubmitter:scenario_save-Lưu phương án"
_HP = Filters(province="Hải Phòng")


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("scenario-demo") / "store")
    build_demo_store(store)
    return store.root


@pytest.fixture
def demo(demo_root, tmp_path) -> Store:
    """A copy of the demo store per test: scenarios and imports stay in the test that made them."""
    shutil.copytree(demo_root, tmp_path / "store")
    return Store(tmp_path / "store")


@pytest.fixture(scope="module")
def chosen_in_hai_phong(demo_root):
    """What the planner chooses in Hải Phòng with 50 and 20 tỷ, straight from the metrics."""
    needs = planner_needs(StoreReader(Store(demo_root)).cursor(), _HP)
    return {budget: plan(needs, Constraints(budget=budget * 10**9)).selected for budget in (50, 20)}


def _hai_phong(store: Store, monkeypatch):
    app = open_app(store, monkeypatch, _PAGE)
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    return app


def _save(app, name: str, overwrite: bool = False):
    app.text_input(key="scenario_name").set_value(name)
    if overwrite:
        app.checkbox(key="scenario_overwrite").check()
    app.button(key=_SAVE).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _promoted(app) -> int:
    return int(next(m.value for m in app.metric if m.label == "Số trường đạt mục tiêu"))


def _side_by_side(app) -> pd.DataFrame:
    return next(d.value for d in app.dataframe if list(d.value.columns)[:1] == ["Nội dung"]).set_index("Nội dung")


def _reopen(app, name: str):
    app.selectbox(key="scenario_pick").set_value(name).run()
    app.button(key="scenario_open").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_save_reopen_and_compare_two_scenarios(demo, monkeypatch, chosen_in_hai_phong):
    app = _hai_phong(demo, monkeypatch)
    assert [c.value for c in app.caption][-1] == "Chưa có phương án nào được lưu."
    _save(app, "Hải Phòng 50 tỷ")
    assert [s.value for s in app.success] == ["Đã lưu phương án 'Hải Phòng 50 tỷ'."]
    app.text_input(key="planner_budget").set_value("20 tỷ").run()
    assert _promoted(app) == len(chosen_in_hai_phong[20])
    assert any(c.value == "Thông số hiện tại khác phương án 'Hải Phòng 50 tỷ' đã mở lại ở: Ngân sách." for c in app.caption)
    _save(app, "Hải Phòng 20 tỷ")
    app.selectbox(key="filter_province").set_value("Tất cả").run()  # reopening brings the scope back too

    _reopen(app, "Hải Phòng 50 tỷ")
    assert app.text_input(key="planner_budget").value == "50 tỷ"
    assert app.selectbox(key="filter_province").value == "Hải Phòng"
    assert _promoted(app) == len(chosen_in_hai_phong[50]) == 38
    assert any(i.value.startswith("Đang xem phương án 'Hải Phòng 50 tỷ' (lưu lúc ") for i in app.info)
    assert not app.warning  # same data: nothing to warn about

    app.multiselect(key="scenario_compare").set_value(["Hải Phòng 50 tỷ", "Hải Phòng 20 tỷ"]).run()
    side = _side_by_side(app)
    assert list(side.columns) == ["Hải Phòng 50 tỷ", "Hải Phòng 20 tỷ"]
    assert side.loc["Ngân sách (đồng)"].tolist() == ["50.000.000.000 đ", "20.000.000.000 đ"]
    assert side.loc["Số trường đạt"].tolist() == [str(len(chosen_in_hai_phong[50])), str(len(chosen_in_hai_phong[20]))]
    # 6 paid for, and the 3 schools that need no money (counted by every rule since 4/12/2026)
    assert side.loc["Ưu tiên nhu cầu lớn nhất: số trường đạt"].tolist()[0] == "9"
    only = chosen_in_hai_phong[50] ^ chosen_in_hai_phong[20]
    differences = on_screen(app.dataframe[-1])
    assert set(differences["Mã trường"]) == only and len(differences) == len(only) > 0
    in_50 = differences[differences["Được chọn trong phương án"] == "Hải Phòng 50 tỷ"]
    assert set(in_50["Mã trường"]) == chosen_in_hai_phong[50] - chosen_in_hai_phong[20]
    assert in_50["Tên trường"].str.startswith("Trường ").all()


def test_saving_a_taken_name_asks_before_overwriting(demo, monkeypatch):
    app = _save(_hai_phong(demo, monkeypatch), "Phương án A")
    app.text_input(key="planner_budget").set_value("20 tỷ").run()
    _save(app, "phương  án a")
    assert [w.value for w in app.warning] == [
        "Đã có phương án 'phương án a'. Đánh dấu 'Lưu đè nếu đã có phương án cùng tên' rồi bấm 'Lưu phương án' "
        "lần nữa để thay thế nó."]
    listed = on_screen(app.dataframe[-1])
    assert listed["Ngân sách (đồng)"].tolist() == ["50.000.000.000 đ"]  # the saved one is untouched
    _save(app, "phương  án a", overwrite=True)
    assert [s.value for s in app.success] == ["Đã lưu đè phương án 'phương án a'."]
    listed = on_screen(app.dataframe[-1])
    assert listed["Phương án"].tolist() == ["phương án a"] and listed["Ngân sách (đồng)"].tolist() == ["20.000.000.000 đ"]


def test_reopening_after_an_import_says_the_data_changed_and_shows_both_results(demo, monkeypatch):
    app = _save(_hai_phong(demo, monkeypatch), "Trước khi nhập")
    before = demo.current_path().stem
    assert import_file(demo, FIXTURES / "template" / "HP-THCS-TT.xlsx").status == "imported"
    after = demo.current_path().stem
    _reopen(app.run(), "Trước khi nhập")
    assert [w.value for w in app.warning] == [
        f"Dữ liệu đã thay đổi từ khi lưu phương án (phiên bản {before}, nay là {after}). "
        "Kết quả đã lưu bên cạnh kết quả tính lại:"]
    side = _side_by_side(app)
    assert list(side.columns) == ["Trước khi nhập", "Tính lại với dữ liệu hiện tại"]
    assert side.loc["Phiên bản dữ liệu"].tolist() == [before, after]
    assert side.loc["Số trường đạt"].tolist()[0] == "38"


def test_deleting_a_scenario_removes_it_from_the_list_and_the_folder(demo, monkeypatch):
    app = _save(_hai_phong(demo, monkeypatch), "Xóa tôi")
    assert len(list((demo.root / "scenarios").glob("*.json"))) == 1
    assert "Xóa phương án 'Xóa tôi'? Không thể hoàn tác." in [c.value for c in app.caption]  # asked first
    app.button(key="scenario_delete").click().run()
    assert [s.value for s in app.success] == ["Đã xóa phương án 'Xóa tôi'."]
    assert [c.value for c in app.caption][-1] == "Chưa có phương án nào được lưu."
    assert not list((demo.root / "scenarios").glob("*.json"))


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_cli_saves_lists_shows_and_compares_scenarios_the_page_reopens(demo, monkeypatch, chosen_in_hai_phong,
                                                                           tmp_path):
    db = ("--db", str(demo.root))
    for budget in ("50 tỷ", "20 tỷ"):
        done = _cli("budget", *db, "--province", "Hải Phòng", "--budget", budget, "--save-scenario", f"CLI {budget}",
                    "--out", str(tmp_path / "budget.csv"))
        assert done.returncode == 0 and f"Đã lưu phương án 'CLI {budget}'" in done.stderr, done.stderr
    again = _cli("budget", *db, "--budget", "1 tỷ", "--save-scenario", "cli 50 TỶ")
    assert again.returncode == 2 and "thêm --overwrite để lưu đè" in again.stderr
    assert "Số trường đạt" not in again.stderr  # refused before solving

    listed = pd.read_csv(pd.io.common.StringIO(_cli("scenarios", "list", *db).stdout), comment="#")
    assert sorted(listed["Phương án"]) == ["CLI 20 tỷ", "CLI 50 tỷ"]
    assert dict(zip(listed["Phương án"], listed["Số trường đạt"])) == {
        "CLI 50 tỷ": len(chosen_in_hai_phong[50]), "CLI 20 tỷ": len(chosen_in_hai_phong[20])}

    shown = _cli("scenarios", "show", "cli 50 tỷ", *db)
    assert shown.returncode == 0 and "Số trường đạt: 38" in shown.stderr
    assert set(pd.read_csv(pd.io.common.StringIO(shown.stdout), comment="#")["Mã trường"]) == chosen_in_hai_phong[50]

    compared = _cli("scenarios", "compare", "CLI 50 tỷ", "CLI 20 tỷ", *db)
    assert compared.returncode == 0, compared.stderr
    assert f"Số trường đạt: 38 | {len(chosen_in_hai_phong[20])}" in compared.stderr
    differences = pd.read_csv(pd.io.common.StringIO(compared.stdout), comment="#")
    assert set(differences["Mã trường"]) == chosen_in_hai_phong[50] ^ chosen_in_hai_phong[20]
    assert _cli("scenarios", "compare", "CLI 50 tỷ", "không có", *db).returncode == 2

    # the page reopens what the command line saved, with nothing left different
    app = _reopen(open_app(demo, monkeypatch, _PAGE), "CLI 50 tỷ")
    assert _promoted(app) == 38 and app.text_input(key="planner_budget").value == "50 tỷ"
    assert any(i.value.startswith("Đang xem phương án 'CLI 50 tỷ'") for i in app.info)
    assert not any("Thông số hiện tại khác" in c.value for c in app.caption)


def test_sở_staff_list_and_overwrite_only_their_province_s_scenarios(demo, monkeypatch):
    _save(_hai_phong(demo, monkeypatch), "Hải Phòng 50 tỷ")
    elsewhere = open_app(demo, monkeypatch, _PAGE)
    elsewhere.selectbox(key="filter_province").set_value("Điện Biên").run()
    _save(elsewhere, "Điện Biên 50 tỷ")
    monkeypatch.setattr(ui, "viewer", lambda: Viewer("so", "so@hp.edu.vn", province="Hải Phòng"))
    app = _hai_phong(demo, monkeypatch)
    assert app.selectbox(key="scenario_pick").options == ["Hải Phòng 50 tỷ"]
    _save(app, "điện biên 50 TỶ", overwrite=True)
    assert any("ngoài phạm vi của bạn" in as_read(w.value) for w in app.warning), [w.value for w in app.warning]
    assert {s.name for s in saved_scenarios(demo)[0]} == {"Hải Phòng 50 tỷ", "Điện Biên 50 tỷ"}
    assert next(s for s in saved_scenarios(demo)[0] if s.name == "Điện Biên 50 tỷ").filters.province == "Điện Biên"
