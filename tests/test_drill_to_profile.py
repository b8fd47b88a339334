"""AppTest: every list of schools a drill-down ends in opens the picked school's profile (pages/drill.py),
by its code. A new user found lists behind a bar or a district's row with no way into the school."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import AttributeDictionary

from tests.apptest import open_app
from tests.test_downloads import served_downloads  # noqa: F401 (a fixture)


def _pick(app: AppTest, key: str, row: int = 0) -> AppTest:
    app.session_state[key] = {"selection": {"rows": [row], "columns": []}}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _profile_links(app: AppTest) -> list[tuple[str, str]]:
    return [(link.proto.page, link.proto.query_string) for link in app.get("page_link")]


def test_a_district_s_schools_open_the_picked_school_s_profile(shared_demo_store, monkeypatch):
    app = open_app(shared_demo_store, monkeypatch, "pages/theo_dia_ban.py")
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    _pick(app, "table_areas", 0)
    assert _profile_links(app) == []  # nothing picked in the district's list yet
    assert "Chọn một dòng để mở hồ sơ trường." in [c.value for c in app.caption]
    _pick(app, "table_area_drill", 2)
    ((page, query),) = _profile_links(app)
    assert page == "ho_so_truong" and query.startswith("truong=") and "DEMO-" in query


def test_a_district_s_list_names_the_district_in_its_download_s_scope(shared_demo_store, monkeypatch,
                                                                       served_downloads):  # noqa: F811
    """Its scope line said 'Quận/Huyện (trước 2025): Tất cả' under 'Trường tại An Lão, Hải Phòng'."""
    app = open_app(shared_demo_store, monkeypatch, "pages/theo_dia_ban.py")
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    app.radio(key="area_grouping").set_value("district").run()
    _pick(app, "table_areas", 0)
    district = app.subheader[-1].value.removeprefix("Các trường tại ").split(",")[0]
    text = served_downloads(app, "csv_area_drill").decode("utf-8-sig")
    assert f"# Quận/Huyện (trước 2025): {district}\r\n" in text and "# Tỉnh/Thành phố: Hải Phòng\r\n" in text, text[:400]


def test_the_planner_s_chosen_schools_open_their_profiles(shared_demo_store, monkeypatch):
    app = open_app(shared_demo_store, monkeypatch, "pages/phan_bo.py")
    _pick(app, "table_planner_selected", 0)
    ((page, query),) = _profile_links(app)
    assert page == "ho_so_truong" and query.startswith("truong=")


def _click_bar(app: AppTest, chart: str, index: int) -> None:
    """A click on a bar, as the browser reports it (AppTest cannot click a chart)."""
    app.session_state[chart] = AttributeDictionary({"selection": AttributeDictionary(
        {"points": [{"point_index": index, "curve_number": 0}], "point_indices": [index], "box": [], "lasso": []})})
    app.run()


@pytest.mark.parametrize("page, chart, table", [("pages/diem_yeu_chung.py", "groups_chart", "table_group_drill"),
                                               ("pages/tong_quan.py", None, "table_one_away"),
                                               ("pages/phan_bo.py", None, "table_planner_blocked"),
                                               ("pages/cong_nhan.py", None, "table_recognition_candidates")])
def test_each_list_of_schools_opens_the_picked_school_s_profile(shared_demo_store, monkeypatch, page, chart, table):
    app = open_app(shared_demo_store, monkeypatch, page)
    if chart:
        _click_bar(app, chart, 0)
    _pick(app, table, 0)
    ((linked, query),) = _profile_links(app)
    assert linked == "ho_so_truong" and query.startswith("truong=DEMO-")
