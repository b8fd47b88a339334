"""Links that keep the view (issue 15, pages/url_state.py): the sidebar filters, the page and the school
in the URL, read once per session and checked against what the viewer's sidebar offers; an unknown school
in a link; search that folds diacritics on Hồ sơ trường and So sánh trường (any school in scope, any
framework)."""
from __future__ import annotations

import os
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from loaders.store import StoreReader
from metrics.access import Viewer
from metrics.compare import find_assessments
from metrics.filters import Filters
from pages import ui
from tests.apptest import as_read, on_screen, open_app
from tests.browser import choose, chromium_page, missing_browser, running_app, wait_idle

TOAN_THANG = "Trường THCS Toàn Thắng — Tiên Lãng, Hải Phòng (HP-THCS-TT)"


def _open(store, monkeypatch, page: str | None = None, **params):
    """The app opened from a link: `params` are the URL's query string on the session's first run."""
    return open_app(store, monkeypatch, page, query_params=params)


def _scope_caption(app) -> str:
    return next(as_read(c.value).replace("**", "") for c in app.caption if c.value.startswith("Dữ liệu nhập lần cuối"))


def _notices(app) -> list[str]:
    return [as_read(w.value) for w in app.warning]


def _headers(app) -> list[str]:
    return [as_read(h.value) for h in app.header if h.value != "Bộ lọc"]


def test_a_link_sets_the_filters_and_shows_that_view(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, tinh="hai-phong", huyen="tien-lang", cap="thcs")
    assert [app.selectbox(key=f"filter_{k}").value for k in ("province", "district", "school_level")] == \
        ["Hải Phòng", "Tiên Lãng", "THCS"]
    assert "Trong phạm vi lọc có 2 trường" in _scope_caption(app)  # Toàn Thắng and Tiên Lãng 1, of five seeds
    assert not _notices(app) and app.query_params == {"tinh": "hai-phong", "huyen": "tien-lang", "cap": "thcs"}


def test_a_value_may_be_written_as_its_name_and_comes_back_as_its_key(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, tinh="HẢI PHÒNG")
    assert app.selectbox(key="filter_province").value == "Hải Phòng" and app.query_params == {"tinh": "hai-phong"}


def test_values_outside_the_data_are_dropped_and_named(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, tinh="khong-co", cap="thcs", ngay="hom-qua")
    [notice] = _notices(app)
    assert "Tỉnh/Thành phố “khong-co”" in notice and "“hom-qua”" in notice and "thcs" not in notice
    assert app.selectbox(key="filter_province").value == "Tất cả" and app.selectbox(key="filter_school_level").value == "THCS"
    assert app.query_params == {"cap": "thcs"} and not app.exception
    assert "Trong phạm vi lọc có 2 trường" in _scope_caption(app)  # the two THCS of the five seeds
    app.selectbox(key="filter_school_level").set_value("Tất cả").run()
    assert not _notices(app) and app.query_params == {}  # said once; the sidebar is the view now


def test_a_district_of_another_province_is_dropped(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, tinh="dien-bien", huyen="tien-lang")
    assert any("“tien-lang”" in n for n in _notices(app))
    assert app.selectbox(key="filter_district").value == "Tất cả" and app.query_params == {"tinh": "dien-bien"}


def test_a_province_outside_the_scope_is_dropped_like_an_unknown_one(seed_store, monkeypatch):
    monkeypatch.setattr(ui, "viewer", lambda: Viewer("so", "so@hp.edu.vn", province="Hải Phòng"))
    app = _open(seed_store, monkeypatch, "pages/ho_so_truong.py", tinh="dien-bien")
    assert any("Tỉnh/Thành phố “dien-bien”" in n for n in _notices(app))
    assert app.selectbox(key="filter_province").options == ["Tất cả", "Hải Phòng"]
    assert all("Điện Biên" not in option for option in app.selectbox(key="profile_school").options)


def test_a_school_year_view_comes_back_from_the_url(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, nam="2022-2023", loai="tu-danh-gia")
    assert app.selectbox(key="filter_school_year").value == "2022-2023"
    assert app.selectbox(key="filter_assessment_type").value == "Tự đánh giá"
    assert "năm học 2022-2023" in _scope_caption(app) and "1 trường có đánh giá" in _scope_caption(app)
    assert app.query_params == {"nam": "2022-2023", "loai": "tu-danh-gia"}


def test_a_day_comes_back_from_the_url(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, ngay="2023-06-30")
    assert app.date_input(key="filter_as_of").value == date(2023, 6, 30)
    assert "hiện trạng đến 30/06/2023" in _scope_caption(app) and app.query_params == {"ngay": "2023-06-30"}


def test_a_type_without_a_school_year_is_dropped_and_named(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, None, loai="danh-gia-ngoai")
    assert any("Hình thức đánh giá “danh-gia-ngoai”" in n for n in _notices(app)) and app.query_params == {}


def test_changing_a_filter_writes_the_url_and_a_page_switch_keeps_it(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch)
    assert app.query_params == {}
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    app.selectbox(key="filter_district").set_value("Tiên Lãng").run()
    assert app.query_params == {"tinh": "hai-phong", "huyen": "tien-lang"}
    app.query_params.clear()  # what Chromium sends on a click in the page menu (see the browser test below)
    app.switch_page("pages/ho_so_truong.py").run()
    assert app.query_params == {"tinh": "hai-phong", "huyen": "tien-lang", "truong": "HP-THCS-TL1"}
    app.selectbox(key="filter_province").set_value("Tất cả").run()  # Tiên Lãng is still a district to choose
    assert app.query_params == {"huyen": "tien-lang", "truong": "HP-THCS-TL1"}


def test_an_unknown_school_in_a_link_says_so_and_opens_none(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, "pages/ho_so_truong.py", truong="KHONG-CO")
    assert "Không tìm thấy trường có mã KHONG-CO." in _notices(app)
    picker = app.selectbox(key="profile_school")
    assert picker.value is None and TOAN_THANG in picker.options and not _headers(app) and not app.dataframe
    assert "truong" not in app.query_params
    picker.set_value("HP-THCS-TT").run()
    assert _headers(app) == ["Trường THCS Toàn Thắng"] and app.query_params["truong"] == "HP-THCS-TT"


def test_a_link_to_a_school_opens_it_within_its_filters(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, "pages/ho_so_truong.py", truong="HP-THCS-TT", tinh="hai-phong")
    assert _headers(app) == ["Trường THCS Toàn Thắng"] and not _notices(app)


def test_a_linked_school_outside_the_filters_is_not_replaced_by_another(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, "pages/ho_so_truong.py", truong="HP-THCS-TT", tinh="dien-bien")
    assert any("Toàn Thắng (HP-THCS-TT) không thuộc bộ lọc" in as_read(i.value) for i in app.info)
    assert app.selectbox(key="profile_school").value is None and not _headers(app)


@pytest.mark.parametrize("typed", ["toan thang", "THẮNG toàn", "  Toan   THANG "])
def test_the_profile_search_folds_diacritics_case_and_order(seed_store, monkeypatch, typed):
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.text_input(key="profile_search").input(typed).run()
    assert app.selectbox(key="profile_school").options == [TOAN_THANG]
    assert _headers(app) == ["Trường THCS Toàn Thắng"]


def test_the_comparison_finds_a_school_the_heatmap_does_not_draw(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/so_sanh_truong.py")
    app.slider[0].set_value(1).run()  # one school drawn: Toàn Thắng is not it
    assert all("Toàn Thắng" not in option for option in app.multiselect(key="compare_picked").options)
    app.text_input(key="compare_search").input("toan thang").run()
    picker = app.multiselect(key="compare_picked")
    assert picker.options == ["Trường THCS Toàn Thắng · 2021-2022"]
    picker.set_value(["HP-THCS-TT|2021-2022|Tự đánh giá"]).run()
    summary, criteria = on_screen(app.dataframe[-2]), on_screen(app.dataframe[-1])
    assert list(summary.columns) == ["Nội dung", "Trường THCS Toàn Thắng · 2021-2022"]
    assert len(criteria) == _count(seed_store, "SELECT count(*) FROM criteria WHERE framework_key = 'TT18_2018_THCS_THPT'")


def test_the_comparison_keeps_each_framework_s_criteria_apart(shared_demo_store, monkeypatch):
    rows = [_standing_row(shared_demo_store, key) for key in ("TT17_2018_TH", "TT19_2018_MN")]
    app = open_app(shared_demo_store, monkeypatch, "pages/so_sanh_truong.py")
    for row in rows:  # one search after the other: the school picked first stays picked
        app.text_input(key="compare_search").input(row.split("|")[0]).run()
        picker = app.multiselect(key="compare_picked")
        picker.set_value([*picker.value, row]).run()
    assert app.multiselect(key="compare_picked").value == rows
    summary, first, second = (on_screen(frame) for frame in app.dataframe[-3:])
    assert summary["Nội dung"].tolist()[0] == "Khung tiêu chí" and len(summary.columns) == 3
    assert summary.iloc[0, 1:].tolist() == ["TT17/2018", "TT19/2018"]
    markdown = [as_read(m.value) for m in app.markdown]
    assert "Tiêu chí — TT17/2018" in markdown[-2] and "Tiêu chí — TT19/2018" in markdown[-1]
    for table, key in ((first, "TT17_2018_TH"), (second, "TT19_2018_MN")):
        assert len(table.columns) == 2  # the criteria and the one school of that framework
        assert len(table) == _count(shared_demo_store, f"SELECT count(*) FROM criteria WHERE framework_key = '{key}'")


def test_a_school_account_finds_only_its_own_school_to_compare(seed_store, monkeypatch):
    monkeypatch.setattr(ui, "viewer", lambda: Viewer("truong", province="Hải Phòng", school_id="HP-THCS-TT"))
    app = open_app(seed_store, monkeypatch, "pages/so_sanh_truong.py")
    app.text_input(key="compare_search").input("thcs").run()
    assert app.multiselect(key="compare_picked").options == ["Trường THCS Toàn Thắng · 2021-2022"]


def _count(store, query: str) -> int:
    return StoreReader(store).cursor().execute(query).fetchall()[0][0]


def _standing_row(store, framework_key: str) -> str:
    """The comparison's key of a demo school's standing assessment in this framework (the page's own row)."""
    con = StoreReader(store).cursor()
    [(school_id,)] = con.execute("SELECT min(school_id) FROM assessment_status WHERE framework_key = ? AND "
                                 "level_basis = 'computed' AND is_demo", [framework_key]).fetchall()
    found = find_assessments(con, Filters(), school_id)
    assert len(found) == 1 and found["framework_key"].iloc[0] == framework_key, found
    return "|".join(found[["school_id", "school_year", "assessment_type"]].iloc[0])


def test_a_reload_and_another_browser_show_the_same_view(seed_store, tmp_path):
    """In Chromium: filters set in the sidebar, a page switch, a school found by a folded search; the URL
    then holds them all, and a reload, the same URL in a fresh browser, or the back button after another
    province was chosen shows that view again."""
    if problem := missing_browser():
        pytest.fail(f"{problem}. The browser tests are part of the test suite; install it, do not skip them.")
    port = int(os.environ.get("KDCL_TEST_PORT", 0)) or None  # a fixed port when the machine asks for one
    with running_app(seed_store.root, tmp_path / "app.log", port=port) as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}) as page:
        page.goto(url)
        page.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
        wait_idle(page)
        choose(page, "Tỉnh/Thành phố", "Hải Phòng")
        choose(page, "Quận/Huyện", "Tiên Lãng")
        assert _query(page.url) == {"tinh": "hai-phong", "huyen": "tien-lang"}
        page.get_by_role("link", name="Hồ sơ trường", exact=True).click()
        page.get_by_placeholder("ví dụ: toan thang").wait_for()
        wait_idle(page)
        page.get_by_placeholder("ví dụ: toan thang").fill("toan thang")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Trường THCS Toàn Thắng").wait_for()
        wait_idle(page)
        link = page.url
        assert urlsplit(link).path == "/ho_so_truong"
        assert _query(link) == {"tinh": "hai-phong", "huyen": "tien-lang", "truong": "HP-THCS-TT"}
        page.reload()
        _sees_toan_thang_in_tien_lang(page)
        assert page.url == link
        # another browser as far as the app can tell: a new context shares no cookie, storage or session
        other = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
        fresh = other.new_page()
        fresh.goto(link)
        _sees_toan_thang_in_tien_lang(fresh)
        other.close()
        choose(page, "Tỉnh/Thành phố", "Điện Biên")  # Toàn Thắng is not there: the picker waits
        assert _query(page.url) == {"tinh": "dien-bien", "truong": "HP-THCS-TT"}
        assert page.get_by_text("không thuộc bộ lọc đang chọn").first.is_visible()
        page.go_back()  # the URL before: the browser's back button brings that view back
        _sees_toan_thang_in_tien_lang(page)
        assert page.url == link


def _sees_toan_thang_in_tien_lang(page) -> None:
    page.get_by_role("heading", name="Trường THCS Toàn Thắng").wait_for(timeout=60000)
    wait_idle(page)
    boxes = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    shown = {label: boxes.filter(has_text=label).first.locator("input").input_value()  # the value drawn in the box
             for label in ("Tỉnh/Thành phố", "Quận/Huyện")}
    assert shown == {"Tỉnh/Thành phố": "Hải Phòng", "Quận/Huyện": "Tiên Lãng"}, shown
    assert page.get_by_text("Trong phạm vi lọc có 2 trường").first.is_visible()


def _query(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def test_a_comparison_link_picks_its_schools_and_names_the_others(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, "pages/so_sanh_truong.py", so_sanh="HP-THPT-QT,KHONG-CO,HP-THCS-TT")
    assert "Không tìm thấy trong phạm vi lọc trường có mã KHONG-CO." in _notices(app)
    assert app.multiselect(key="compare_picked").value == ["HP-THPT-QT|2023-2024|Tự đánh giá",
                                                           "HP-THCS-TT|2021-2022|Tự đánh giá"]
    assert list(app.dataframe[-2].value.columns) == ["Nội dung", "Trường THPT Quang Trung · 2023-2024",
                                                     "Trường THCS Toàn Thắng · 2021-2022"]
    assert app.query_params["so_sanh"] == "HP-THPT-QT,HP-THCS-TT"
    app.multiselect(key="compare_picked").set_value([]).run()
    assert "so_sanh" not in app.query_params and not _notices(app)


def test_a_school_account_s_comparison_link_to_another_school_picks_nothing(seed_store, monkeypatch):
    monkeypatch.setattr(ui, "viewer", lambda: Viewer("truong", province="Hải Phòng", school_id="HP-THCS-TT"))
    app = _open(seed_store, monkeypatch, "pages/so_sanh_truong.py", so_sanh="HP-THPT-QT")
    assert "Không tìm thấy trong phạm vi lọc trường có mã HP-THPT-QT." in _notices(app)
    assert app.multiselect(key="compare_picked").value == [] and "so_sanh" not in app.query_params


def test_a_long_value_is_named_cut(seed_store, monkeypatch):
    app = _open(seed_store, monkeypatch, "pages/ho_so_truong.py", tinh="x" * 5000, truong="Y" * 5000)
    assert any("“" + "x" * 40 + "…”" in n for n in _notices(app))
    assert "Không tìm thấy trường có mã " + "Y" * 40 + "…." in _notices(app)
