"""AppTest: every page on an empty store, one school, the seeds and the demo store; filters,
drill-down data, and the upload flow (good file imported, bad file rejected, store unchanged)."""
from __future__ import annotations

import io

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data.demo import build_demo_store
from loaders.importer import import_file
from loaders.store import Store
from tests.conftest import FIXTURES, ROOT, TEMPLATE_SEEDS

PAGES = ["pages/tong_quan.py", "pages/theo_dia_ban.py", "pages/so_sanh_truong.py", "pages/ho_so_truong.py",
         "pages/diem_yeu_chung.py", "pages/kinh_phi.py", "pages/nhap_du_lieu.py"]


def open_app(store: Store, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("KDCL_STORE", str(store.root))
    st.cache_data.clear()
    st.cache_resource.clear()  # the reader is cached per process: never leak it between stores
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("empty") / "store")
    store.current_path()  # reference data only, no schools
    return store


@pytest.fixture(scope="module")
def one_school_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("one") / "store")
    assert import_file(store, FIXTURES / "template" / "HP-THCS-TT.xlsx").status == "imported"
    return store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("demo") / "store")
    build_demo_store(store)
    return store


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("which", ["empty_store", "one_school_store", "seed_store", "demo_store"])
def test_every_page_renders_without_exception(page, which, request, monkeypatch):
    app = open_app(request.getfixturevalue(which), monkeypatch, page)
    assert app.title, "each page has a title"


def test_overview_numbers_follow_the_filters(demo_store, monkeypatch):
    app = open_app(demo_store, monkeypatch)
    everywhere = app.metric[0].value
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    app.selectbox(key="filter_district").set_value("Tiên Lãng").run()
    assert not app.exception
    assert app.metric[0].value != everywhere
    assert int(app.metric[0].value) < 40


def test_empty_filter_result_gives_a_message_not_an_exception(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch)
    app.selectbox(key="filter_school_level").set_value("Tiểu học").run()
    app.selectbox(key="filter_school_year").set_value("2021-2022").run()
    assert not app.exception and app.warning


def test_tien_lang_funding_figure_on_the_money_page(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/kinh_phi.py")
    app.selectbox(key="filter_school_year").set_value("Tất cả").run()
    app.selectbox(key="filter_district").set_value("Tiên Lãng").run()
    # Toàn Thắng 5,545 tỷ; the other Tiên Lãng plan has no estimate at all
    assert app.metric[0].value == "5,545 tỷ đồng"
    table = app.dataframe[0].value
    assert list(table["Kinh phí dự kiến (đồng)"]) == ["5.545.000.000 đ"]


def test_school_profile_explains_why_toan_thang_is_not_accredited(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("HP-THCS-TT").run()
    assert app.metric[0].value == "Chưa đạt"
    text = " ".join(m.value for m in app.markdown)
    assert "3.1, 3.4, 3.5, 3.6, 5.4" in text


def _upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader(key="uploads").upload(name, content).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_upload_imports_a_good_file(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    app = open_app(store, monkeypatch, "pages/nhap_du_lieu.py")
    _upload(app, "toan-thang.xlsx", (FIXTURES / "template" / "HP-THCS-TT.xlsx").read_bytes())
    assert any("Hợp lệ" in e.label for e in app.expander)
    app.button[0].click().run()
    assert StoreReaderCount(store) == 1
    assert store.read_log()[-1]["file"] == "toan-thang.xlsx"
    # the file is in the store now; what the official just did reads "Đã nhập", not "nhập trước đó"
    assert [e.label for e in app.expander] == ["toan-thang.xlsx: :material/check_circle: Đã nhập"]
    assert any("Đã nhập" in s.value for s in app.success)


def test_upload_rejects_a_bad_file_and_changes_nothing(one_school_store, tmp_path, monkeypatch):
    before = StoreReaderCount(one_school_store)
    version = one_school_store.current_path()
    bad = _bad_workbook(tmp_path)
    app = open_app(one_school_store, monkeypatch, "pages/nhap_du_lieu.py")
    _upload(app, "hong.xlsx", bad)
    assert any("Có lỗi" in e.label for e in app.expander)
    assert not [b for b in app.button if "Xác nhận" in b.label]
    messages = " ".join(str(v) for v in app.dataframe[0].value["Nội dung"])
    assert "Tốt" in messages
    assert StoreReaderCount(one_school_store) == before and one_school_store.current_path() == version


def test_a_rejected_csv_upload_names_the_file_the_user_sent(one_school_store, monkeypatch):
    bad = ("Mã trường,Năm học,Hình thức,Tiêu chí,Mức đạt\n"
           "HP-THCS-TT,2021-2022,Tự đánh giá,1.1,5\n").encode("utf-8")
    app = open_app(one_school_store, monkeypatch, "pages/nhap_du_lieu.py")
    _upload(app, "Đánh giá.csv", bad)
    report = app.dataframe[0].value
    assert list(report["Trang/Bảng"]) == ["Đánh giá.csv"] and list(report["Dòng"]) == [2]


def test_download_of_a_table_contains_the_rows_shown(seed_store, monkeypatch):
    from metrics.exports import to_csv_bytes
    app = open_app(seed_store, monkeypatch, "pages/theo_dia_ban.py")
    shown = app.dataframe[0].value
    assert app.get("download_button")
    data = to_csv_bytes(shown).decode("utf-8-sig")
    parsed = pd.read_csv(io.StringIO(data))
    assert list(parsed.iloc[:, 0]) == list(shown.iloc[:, 0])


def StoreReaderCount(store: Store) -> int:  # noqa: N802 - reads like a value in the asserts
    from loaders.store import StoreReader
    return StoreReader(store).cursor().execute("SELECT count(*) FROM schools").fetchone()[0]


def _bad_workbook(tmp_path) -> bytes:
    import openpyxl
    from loaders.template import write_template
    path = write_template(tmp_path / "bad.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Trường"].append(["T9", "Trường mới", "THCS", "Hải Phòng", "Tiên Lãng"])
    wb["Đánh giá"].append(["T9", "2023-2024", None, None, "3.1", "Tốt", None])
    wb.save(path)
    return path.read_bytes()


assert TEMPLATE_SEEDS


def test_upload_of_an_ambiguous_word_plan_lets_the_user_choose_the_school(tmp_path, monkeypatch):
    import docx
    store = Store(tmp_path / "store")
    import_file(store, FIXTURES / "samples" / "registry.csv")
    twin = tmp_path / "twin.csv"
    twin.write_text("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện\n"
                    "HD-THCS-TT,Trường THCS Toàn Thắng,THCS,Hải Phòng,Gia Lộc\n", encoding="utf-8")
    import_file(store, twin)
    document = docx.Document()
    document.add_paragraph("TRƯỜNG THCS TOÀN THẮNG")
    document.add_paragraph("Kế hoạch năm học 2023-2024")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["Tiêu chí", "Dự kiến kinh phí", "Giải pháp"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["Tiêu chí 3.6", "500 triệu đồng", "Xây thư viện"]):
        table.cell(1, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    app = open_app(store, monkeypatch, "pages/nhap_du_lieu.py")
    _upload(app, "toan-thang.docx", buffer.getvalue())
    chooser = [s for s in app.selectbox if s.label == "Tài liệu này của trường nào?"]
    assert chooser and not [b for b in app.button if "Xác nhận" in b.label]
    chooser[0].set_value("HD-THCS-TT").run()
    app.button[0].click().run()
    cost = StoreReaderCost(store, "HD-THCS-TT")
    assert cost == 500_000_000


def StoreReaderCost(store: Store, school: str):  # noqa: N802
    from loaders.store import StoreReader
    return StoreReader(store).cursor().execute(
        "SELECT sum(cost_vnd) FROM plan_items WHERE school_id = ?", [school]).fetchall()[0][0]


def test_charts_keep_the_level_order_the_area_order_and_the_legend_names():
    import pandas as pd
    from pages.charts import bar_chart, stacked_bar_chart
    from pages.ui import LEVEL_COLORS
    from metrics.overview import LEVEL_ORDER
    rows = pd.DataFrame({"area": ["Tiên Lãng", "Tiên Lãng", "An Lão"], "n": [3, 4, 5],
                         "level": ["Cấp độ 2", "Chưa đạt Cấp độ 1", "Cấp độ 2"]})
    figure = stacked_bar_chart(rows, "area", "n", "level", LEVEL_COLORS, LEVEL_ORDER, unit="trường",
                               titles={"area": "Quận/Huyện", "n": "Số trường", "level": "Cấp độ"})
    # the drill-down reads a clicked segment's level back from its trace name
    assert [t.name for t in figure.data] == ["Chưa đạt Cấp độ 1", "Cấp độ 2"]
    assert figure.data[0].marker.color == LEVEL_COLORS["Chưa đạt Cấp độ 1"]
    assert list(figure.layout.xaxis.categoryarray) == ["Tiên Lãng", "An Lão"]
    ranked = bar_chart(rows, "area", "n", "#000000", horizontal=True, hover=("level",))
    assert ranked.layout.yaxis.categoryorder == "total ascending" and ranked.data[0].orientation == "h"
    assert "level: %{customdata[0]}" in ranked.data[0].hovertemplate


def test_profile_of_a_large_scope_offers_a_search_instead_of_every_school(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    rows = ["Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện"]
    rows += [f"S{i:05d},Trường Tiểu học số {i},Tiểu học,Hà Nội,Quận {i % 30}" for i in range(2100)]
    rows.append("S99999,Trường THCS Đông Anh,THCS,Hà Nội,Đông Anh")
    (tmp_path / "Trường.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert import_file(store, tmp_path / "Trường.csv").status == "imported"
    app = open_app(store, monkeypatch, "pages/ho_so_truong.py")
    assert len(app.selectbox(key="profile_school").options) == 2000 and app.caption
    app.text_input(key="profile_search").input("dong anh").run()
    assert not app.exception
    assert app.selectbox(key="profile_school").options == ["Trường THCS Đông Anh — Đông Anh, Hà Nội (S99999)"]
