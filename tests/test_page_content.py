"""AppTest: every page on an empty store, one school, the seeds and the demo store, each checked for
what only it shows and for a figure counted from the store (exact on the demo store: it is deterministic)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data.demo import build_demo_store
from loaders.store import Store
from tests.apptest import PAGES, one_school_store_at, open_app


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("empty") / "store")
    store.current_path()  # reference data only, no schools
    return store


@pytest.fixture(scope="module")
def one_school_store(tmp_path_factory) -> Store:
    return one_school_store_at(tmp_path_factory.mktemp("one") / "store")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("demo") / "store")
    build_demo_store(store)
    return store


# What each page shows that no other page does, on a store with data: (kind of element, label).
# The title is set before anything can fail, so it proves nothing on its own.
_OWN_CONTENT = {
    "pages/tong_quan.py": [("metric", "Số trường có đánh giá"), ("metric", "Chỉ còn 1 tiêu chí để đạt Cấp độ 2"),
                           ("subheader", "Cấp độ tự đánh giá theo tỉnh/thành phố")],
    "pages/theo_dia_ban.py": [("radio", "Biểu đồ"), ("button", "csv_areas")],
    "pages/so_sanh_truong.py": [("radio", "Khung tiêu chí"), ("radio", "Sắp xếp"), ("subheader", "So sánh chi tiết")],
    "pages/ho_so_truong.py": [("metric", "Cấp độ KĐCL"), ("metric", "Chuẩn quốc gia"),
                              ("subheader", "Các tiêu chí so với Mức 2 và Mức 3"), ("subheader", "Nguồn dữ liệu")],
    "pages/diem_yeu_chung.py": [("radio", "Ngưỡng"), ("button", "csv_criteria"), ("button", "csv_groups")],
    "pages/kinh_phi.py": [("metric", "Tổng kinh phí dự kiến"), ("metric", "Hạng mục chưa ước tính"),
                          ("radio", "Tổng hợp theo"), ("subheader", "Các hạng mục lớn nhất")],
    "pages/nhap_du_lieu.py": [("button", "Tải mẫu nhập liệu (Excel)"), ("subheader", "Lịch sử nhập")],
    "pages/cong_nhan.py": [("metric", "Sắp hết hiệu lực trong 12 tháng"), ("metric", "Đề nghị đánh giá ngoài"),
                           ("metric", "Tự đánh giá khác đánh giá ngoài")],
    "pages/phan_bo.py": [("metric", "Số trường đạt mục tiêu"), ("metric", "Phương án"),
                         ("subheader", "Lưu và so sánh phương án")],
}

# On the empty store each page stops at its own check with its own message (Điểm yếu chung and
# So sánh trường both ask for schools with rated criteria, so they share one; the title tells them apart).
_EMPTY_MESSAGE = {
    "pages/tong_quan.py": "Không có trường nào có đánh giá trong phạm vi lọc.",
    "pages/theo_dia_ban.py": "Không có dữ liệu trong phạm vi lọc.",
    "pages/so_sanh_truong.py": "Không có trường nào có bảng đánh giá tiêu chí trong phạm vi lọc.",
    "pages/ho_so_truong.py": "Không có trường nào trong phạm vi lọc.",
    "pages/diem_yeu_chung.py": "Không có trường nào có bảng đánh giá tiêu chí trong phạm vi lọc.",
    "pages/kinh_phi.py": "Không có hạng mục kế hoạch nào trong phạm vi lọc.",
    "pages/cong_nhan.py": "Không có trường nào có đánh giá trong phạm vi lọc.",
    "pages/phan_bo.py": "Không có trường nào dưới mức mục tiêu trong phạm vi lọc.",
}
_TITLES = dict(zip(PAGES, ["Tổng quan chất lượng trường học", "So sánh theo địa bàn", "So sánh trường theo tiêu chí",
                           "Hồ sơ trường", "Điểm yếu chung", "Kinh phí cải tiến chất lượng", "Nhập dữ liệu",
                           "Công nhận kiểm định và chuẩn quốc gia", "Phân bổ kinh phí"]))

# The default view, each school's current standing, by hand over the raw tables: every school once, in its
# latest school year with data (ratings or reported counts), or its latest year when it has none.
STANDING = """(a.school_id, a.school_year) IN (
    SELECT a.school_id, coalesce(max(d.school_year), max(a.school_year)) FROM assessments a
    LEFT JOIN (SELECT school_id, school_year FROM ratings UNION SELECT school_id, school_year FROM conclusions) d
        USING (school_id) GROUP BY 1)"""
# Figures of each store under the default filters (each school's current standing), counted with
# SQL over the raw tables (schools, assessments, ratings, plan_items, criteria, the import log) - see
# test_store_figures_counted_from_the_raw_tables - never through the metrics the pages call.
# The demo store is deterministic (data/demo.py), so its figures are exact too.
FIGURES = {
    "one_school_store": {"assessed": 1, "provinces": ["Hải Phòng"], "frameworks": ["TT18/2018 (1 trường)"],
                         "first_school": "Trường THCS Toàn Thắng", "its_criteria": 28, "criteria_rows": 28,
                         "plan_items": 5, "imports": 1},
    "seed_store": {"assessed": 5, "provinces": ["Hải Phòng", "Hồ Chí Minh", "Điện Biên"],
                   "frameworks": ["TT18/2018 (3 trường)"], "first_school": "Trường THPT Quang Trung",
                   "its_criteria": 28, "criteria_rows": 28, "plan_items": 32, "imports": 5},
    "demo_store": {"assessed": 605, "provinces": ["Hải Phòng", "Hồ Chí Minh", "Điện Biên"],
                   "frameworks": ["TT17/2018 (183 trường)", "TT18/2018 (219 trường)", "TT19/2018 (201 trường)"],
                   "first_school": "Trường Mầm non An Lão số 13", "its_criteria": 25, "criteria_rows": 80,
                   "plan_items": 520, "imports": 8},
}


def _shown(app: AppTest, kind: str) -> list[str]:
    if kind == "button":  # download buttons: by key when they have one, else by label
        return [b.key or b.label for b in app.get("download_button")]
    if kind == "metric":
        return [m.label for m in app.metric]
    if kind == "radio":
        return [r.label for r in app.radio]
    return [e.value for e in getattr(app, kind)]


def _metric(app: AppTest, label: str) -> str:
    values = [m.value for m in app.metric if m.label == label]
    assert len(values) == 1, (label, [m.label for m in app.metric])
    return values[0]


def _radio(app: AppTest, label: str):
    return next(r for r in app.radio if r.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_empty_store_stops_at_its_own_message(page, empty_store, monkeypatch):
    app = open_app(empty_store, monkeypatch, page)
    assert [t.value for t in app.title] == [_TITLES[page]]
    if page == "pages/nhap_du_lieu.py":
        # an empty store is not demo data: without sign-in or the operator's opt-in it takes no upload
        assert [i.value.split(":")[0] for i in app.info] == [
            "Chưa cấu hình đăng nhập, nên trang này chỉ nhận tệp từ trình duyệt khi kho chỉ có dữ liệu minh họa "
            "(kho này thì không)",
            "Chưa có lần nhập nào."]
        assert [e.label for e in app.expander] == ["Dành cho người vận hành"]  # the command and the setting
        assert "KDCL_OPEN_UPLOADS=1" in app.expander[0].text[0].value
        assert not app.get("file_uploader")
        assert _shown(app, "button") == ["Tải mẫu nhập liệu (Excel)"]
        return
    assert [w.value.split(" Hãy nới")[0] for w in app.warning] == [_EMPTY_MESSAGE[page]]
    assert not app.metric and not app.dataframe


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("which", ["one_school_store", "seed_store", "demo_store"])
def test_every_page_shows_its_own_content_and_figures(page, which, request, monkeypatch):
    app = open_app(request.getfixturevalue(which), monkeypatch, page)
    figures = FIGURES[which]
    assert not app.warning, [w.value for w in app.warning]
    for kind, label in _OWN_CONTENT[page]:
        assert label in _shown(app, kind), (kind, label, _shown(app, kind))
    if page == "pages/tong_quan.py":
        assert _metric(app, "Số trường có đánh giá") == str(figures["assessed"])  # all below 1.000: no separator
    elif page == "pages/theo_dia_ban.py":
        assert [s.value for s in app.subheader] == [f"Bảng so sánh: {len(figures['provinces'])} tỉnh/thành phố"]
        assert sorted(app.dataframe[0].value.iloc[:, 0]) == sorted(figures["provinces"])
    elif page == "pages/so_sanh_truong.py":
        assert _radio(app, "Khung tiêu chí").options == figures["frameworks"]  # the labels the user reads
    elif page == "pages/ho_so_truong.py":
        assert [h.value for h in app.header if h.value != "Bộ lọc"] == [figures["first_school"]]
        assert len(app.dataframe[0].value) == figures["its_criteria"]  # one row per criterion of its framework
    elif page == "pages/diem_yeu_chung.py":
        assert len(app.dataframe[0].value) == figures["criteria_rows"]
    elif page == "pages/kinh_phi.py":
        assert _metric(app, "Số hạng mục") == str(figures["plan_items"])
    elif page == "pages/nhap_du_lieu.py":
        assert len(app.dataframe[0].value) == figures["imports"]
    demo_note = [i.value for i in app.info if i.value.startswith("Đang hiển thị dữ liệu minh họa")]
    assert len(demo_note) == (1 if which == "demo_store" else 0)


def test_overview_numbers_follow_the_filters(demo_store, monkeypatch):
    app = open_app(demo_store, monkeypatch)
    assert _metric(app, "Số trường có đánh giá") == "605"
    assert _metric(app, "Kinh phí dự kiến") == "681,3 tỷ đồng"  # 681.295.000.000 đ
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    assert _metric(app, "Số trường có đánh giá") == "243"
    app.selectbox(key="filter_district").set_value("Tiên Lãng").run()
    assert not app.exception
    assert _metric(app, "Số trường có đánh giá") == "26"
    assert _metric(app, "Kinh phí dự kiến") == "28,13 tỷ đồng"  # 28.125.000.000 đ, to two decimals under 100 tỷ


def test_funding_page_figures_of_the_demo_store(demo_store, monkeypatch):
    app = open_app(demo_store, monkeypatch, "pages/kinh_phi.py")
    assert _metric(app, "Tổng kinh phí dự kiến") == "681,3 tỷ đồng"
    assert _metric(app, "Số hạng mục") == "520"
    assert _metric(app, "Hạng mục chưa ước tính") == "121 (23,3%)"
    assert _metric(app, "Kế hoạch không có ước tính nào") == "39/265 trường"
    assert len(app.dataframe[0].value) == 25  # one row per district with a plan


def test_store_figures_counted_from_the_raw_tables(one_school_store, seed_store, demo_store):
    """Where the numbers above come from: plain SQL over the raw tables, under the default filters."""
    from loaders.store import StoreReader
    for which, store in [("one_school_store", one_school_store), ("seed_store", seed_store),
                         ("demo_store", demo_store)]:
        con = StoreReader(store).cursor()
        one = lambda sql: con.execute(sql.format(scope=STANDING)).fetchall()  # noqa: E731
        provinces = [r[0] for r in one("SELECT DISTINCT s.province FROM assessments a JOIN schools s "
                                       "USING (school_id) WHERE {scope}")]
        frameworks = one("""SELECT f.label, count(DISTINCT a.school_id) FROM assessments a
            JOIN ratings r USING (school_id, school_year, assessment_type) JOIN frameworks f ON f.framework_key = a.framework_key
            WHERE {scope} GROUP BY f.label ORDER BY f.label""")
        # the profile's picker lists every school in scope by province, district, name; it opens the first
        # on its latest assessment
        first_school, its_framework = con.execute("""SELECT name, (SELECT framework_key FROM assessments a
            WHERE a.school_id = s.school_id ORDER BY school_year DESC LIMIT 1)
            FROM schools s ORDER BY province, district, name LIMIT 1""").fetchall()[0]
        counted = {
            "assessed": one("SELECT count(DISTINCT school_id) FROM assessments a WHERE {scope}")[0][0],
            "provinces": provinces,
            "frameworks": [f"{label} ({n} trường)" for label, n in frameworks],
            "first_school": first_school,
            "its_criteria": con.execute("SELECT count(*) FROM criteria WHERE framework_key = ?",
                                        [its_framework]).fetchone()[0],
            "criteria_rows": one("""SELECT count(*) FROM criteria WHERE framework_key IN (SELECT a.framework_key
                FROM assessments a JOIN ratings r USING (school_id, school_year, assessment_type) WHERE {scope})""")[0][0],
            "plan_items": one("SELECT count(*) FROM plan_items a WHERE {scope}")[0][0],
            "imports": len(store.read_log()),
        }
        expected = FIGURES[which]
        assert {**counted, "provinces": sorted(provinces)} == {**expected, "provinces": sorted(expected["provinces"])}, which
    con = StoreReader(demo_store).cursor()
    one = lambda sql: con.execute(sql.format(scope=STANDING)).fetchall()  # noqa: E731
    demo = one("""SELECT count(*), count(*) FILTER (WHERE cost_vnd IS NULL), sum(cost_vnd),
        count(DISTINCT school_id) FROM plan_items a WHERE {scope}""")
    assert demo == [(520, 121, 681_295_000_000, 265)]
    nothing_estimated = one("""SELECT count(*) FROM (SELECT school_id FROM plan_items a WHERE {scope}
        GROUP BY school_id HAVING count(cost_vnd) = 0)""")
    assert nothing_estimated == [(39,)]
    tien_lang = one("""SELECT count(DISTINCT a.school_id), (SELECT sum(cost_vnd) FROM plan_items a
            JOIN schools s USING (school_id) WHERE {scope} AND s.district = 'Tiên Lãng')
        FROM assessments a JOIN schools s USING (school_id) WHERE {scope} AND s.district = 'Tiên Lãng'""")
    assert tien_lang == [(26, 28_125_000_000)]
    assert one("""SELECT count(DISTINCT a.school_id) FROM assessments a JOIN schools s USING (school_id)
        WHERE {scope} AND s.province = 'Hải Phòng'""") == [(243,)]
    assert one("""SELECT count(DISTINCT s.district) FROM plan_items a JOIN schools s USING (school_id)
        WHERE {scope}""") == [(25,)]
