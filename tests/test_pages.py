"""AppTest: filters, drill-down data, the profile's search, charts' order, and the upload flow (good
file imported, bad file rejected, store unchanged). What each page shows is in test_page_content.py,
downloads in test_downloads.py."""
from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from loaders.importer import import_file
from loaders.store import Store
from tests.apptest import as_read, on_screen, one_school_store_at, open_app, open_upload_page
from tests.conftest import FIXTURES, TEMPLATE_SEEDS


@pytest.fixture(scope="module")
def one_school_store(tmp_path_factory) -> Store:
    return one_school_store_at(tmp_path_factory.mktemp("one") / "store")


def test_empty_filter_result_gives_a_message_not_an_exception(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch)
    app.selectbox(key="filter_school_level").set_value("Tiểu học").run()
    app.selectbox(key="filter_school_year").set_value("2021-2022").run()
    assert not app.exception
    assert [w.value.split(" Hãy nới")[0] for w in app.warning] == ["Không có trường nào có đánh giá trong phạm vi lọc."]


def test_tien_lang_funding_figure_on_the_money_page(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/kinh_phi.py")
    # the default, each school's current standing, holds both Tiên Lãng schools (2021-2022 and 2023-2024)
    app.selectbox(key="filter_district").set_value("Tiên Lãng").run()
    # Toàn Thắng 5,545 tỷ; the other Tiên Lãng plan has no estimate at all
    assert app.metric[0].value == "5,545 tỷ đồng"
    table = on_screen(app.dataframe[0])
    assert list(table["Kinh phí dự kiến (đồng)"]) == ["5.545.000.000 đ"]


def test_school_profile_explains_why_toan_thang_is_not_accredited(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("HP-THCS-TT").run()
    assert app.metric[0].value == "Chưa đạt"
    text = " ".join(as_read(m.value) for m in app.markdown)
    assert "3.1, 3.4, 3.5, 3.6, 5.4" in text


def test_a_plan_none_of_whose_items_is_estimated_is_not_said_to_cost_0_dong(seed_store, monkeypatch):
    """Seed 002 (THCS Tiên Lãng): five plan items, none with an amount."""
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("HP-THCS-TL1").run()
    cost = next(m for m in app.metric if m.label == "Kinh phí dự kiến")
    assert cost.value == "chưa ước tính" and "5 hạng mục chưa ước tính" in cost.help


def test_a_recognition_decision_reads_its_level_with_its_kind(seed_store, monkeypatch):
    """Seed 004 (THCS Toàn Thắng): chuẩn quốc gia Mức độ 2 (April 2024); a bare '2' was drawn."""
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("HP-THCS-TT").run()
    table = next(t.value for t in app.dataframe if "Loại công nhận" in t.value.columns)
    assert list(zip(table["Loại công nhận"], table["Cấp độ / Mức độ"])) == [("Chuẩn quốc gia", "Mức độ 2")]


def test_the_plan_shows_its_funding_notes(seed_store, monkeypatch):
    """Seed 001 (Tiểu học Hẹ Muông), its plan's last column: the technology room (3.3) and the library (3.6)
    'Được đầu tư vốn' (already funded), as the document writes; they were imported but never shown."""
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("DB-TH-HM").run()
    plan = next(t.value for t in app.dataframe if "Công việc/giải pháp" in t.value.columns)
    noted = plan[plan["Ghi chú"] == "Được đầu tư vốn"]
    assert sorted(noted["Tiêu chí"]) == ["3.3", "3.6"] and "Nguồn kinh phí" in plan.columns


def test_an_assessment_without_a_plan_says_so(shared_demo_store, monkeypatch):
    app = open_app(shared_demo_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("DEMO-HAIPHO-ANLAO-MN13").run()
    # an external assessment goes with its school year's plan, as every figure counts it
    assert next(m for m in app.metric if m.label == "Kinh phí dự kiến").value == "0 đ"  # 2025-2026 · ĐGN
    # ... and the plan shown below is that plan (it said "chưa có kế hoạch" under "0 đ": the plan is the
    # self-assessment's, and the table read the external assessment's own)
    plan = next(t.value for t in app.dataframe if "Công việc/giải pháp" in t.value.columns)
    assert len(plan) > 0 and set(plan["Kinh phí (đồng)"].astype(str)) <= {"0 đ", "0"}
    app.radio[0].set_value(2).run()  # 2024-2025 · Tự đánh giá: no plan that year in the demo
    assert next(m for m in app.metric if m.label == "Kinh phí dự kiến").value == "Chưa có kế hoạch"
    assert "Năm học này chưa có kế hoạch cải tiến trong kho." in [i.value for i in app.info]
    assert "Không có dòng nào với bộ lọc hiện tại." not in [i.value for i in app.info]


def _upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader(key="uploads").upload(name, content).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_upload_imports_a_good_file(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    app = open_upload_page(store, monkeypatch)
    _upload(app, "toan-thang.xlsx", (FIXTURES / "template" / "HP-THCS-TT.xlsx").read_bytes())
    assert any("Hợp lệ" in e.label for e in app.expander)
    app.button[0].click().run()
    assert StoreReaderCount(store) == 1
    assert store.read_log()[-1]["file"] == "toan-thang.xlsx"
    # the file is in the store now; what the official just did reads "Đã nhập", not "nhập trước đó"
    assert [e.label for e in app.expander] == ["toan-thang\\.xlsx: :material/check_circle: Đã nhập, 2 cảnh báo"]
    assert any("Đã nhập" in s.value for s in app.success)


def test_upload_rejects_a_bad_file_and_changes_nothing(one_school_store, tmp_path, monkeypatch):
    before = StoreReaderCount(one_school_store)
    version = one_school_store.current_path()
    bad = _bad_workbook(tmp_path)
    app = open_upload_page(one_school_store, monkeypatch)
    _upload(app, "hong.xlsx", bad)
    assert any("Không hợp lệ" in e.label for e in app.expander)
    assert not [b for b in app.button if "Xác nhận" in b.label]
    messages = " ".join(str(v) for v in app.dataframe[0].value["Nội dung"])
    assert "Tốt" in messages
    assert StoreReaderCount(one_school_store) == before and one_school_store.current_path() == version


def test_a_rejected_csv_upload_names_the_file_the_user_sent(one_school_store, monkeypatch):
    bad = ("Mã trường,Năm học,Hình thức,Tiêu chí,Mức đạt\n"
           "HP-THCS-TT,2021-2022,Tự đánh giá,1.1,5\n").encode("utf-8")
    app = open_upload_page(one_school_store, monkeypatch)
    _upload(app, "Đánh giá.csv", bad)
    report = on_screen(app.dataframe[0])
    assert list(report["Trang/Bảng"]) == ["Đánh giá.csv"] and list(report["Dòng"]) == ["2"]
    assert list(report["Mức"]) == ["Lỗi"]  # the severity in words, not the code 'error'


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
    app = open_upload_page(store, monkeypatch)
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
    from metrics.labels import LEVEL_GROUPS
    rows = pd.DataFrame({"area": ["Tiên Lãng", "Tiên Lãng", "An Lão"], "n": [3, 4, 5],
                         "level_group": ["level2", "below1", "level2"]})
    figure = stacked_bar_chart(rows, "area", "n", "level_group", LEVEL_COLORS, LEVEL_GROUPS, unit="trường",
                               titles={"area": "Quận/Huyện", "n": "Số trường", "level_group": "Cấp độ"})
    # the legend shows the label; the drill-down reads a clicked segment's level key back from its legendgroup
    assert [t.name for t in figure.data] == ["Chưa đạt Cấp độ 1", "Cấp độ 2"]
    assert [t.legendgroup for t in figure.data] == ["below1", "level2"]
    assert figure.data[0].marker.color == LEVEL_COLORS["below1"]
    assert list(figure.layout.xaxis.categoryarray) == ["Tiên Lãng", "An Lão"]
    ranked = bar_chart(rows.rename(columns={"area": "district", "n": "n_schools"}), "district", "n_schools",
                       "#000000", horizontal=True, hover=("level_group",), titles={"level_group": "Cấp độ"})
    assert ranked.layout.yaxis.categoryorder == "total ascending" and ranked.data[0].orientation == "h"
    assert ranked.layout.xaxis.title.text == "Số trường" and ranked.layout.yaxis.title.text == "Quận/Huyện (trước 2025)"
    assert "Cấp độ: %{customdata[0]}" in ranked.data[0].hovertemplate


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


def _findings_message(app) -> list[str]:
    return [i.value for i in app.info if "phát hiện" in i.value.lower() or "đối chiếu" in i.value]


@pytest.mark.parametrize("school, said", [
    # seed 001 reports its conclusion's counts, not each criterion's marks: only its plan can be checked
    # against the framework (a Mức 3 target where there is none)
    ("DB-TH-HM", ["Chỉ đối chiếu được kế hoạch với khung tiêu chí: trường chỉ báo cáo kết luận, không có mức đạt "
                  "từng tiêu chí trong kho để so với kết luận và kế hoạch."]),
    ("HP-THCS-TT", []),  # rated criteria and a plan, with findings: the table, no message
])
def test_an_empty_list_of_findings_says_what_was_compared(seed_store, monkeypatch, school, said):
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value(school).run()
    assert _findings_message(app) == said


@pytest.mark.parametrize("school, said", [
    ("DEMO-HAIPHO-KIEAN-THCS23", "Không có phát hiện nào về các mức đạt và kết luận của trường. Trường chưa có kế "
                                 "hoạch cải tiến trong kho nên kế hoạch chưa được đối chiếu."),
    ("DEMO-DIEBIE-DIEBIE-TH10", "Không có phát hiện nào: các mức đạt, kết luận và kế hoạch của trường khớp với nhau."),
])
def test_findings_claim_a_match_only_for_what_was_compared(shared_demo_store, monkeypatch, school, said):
    app = open_app(shared_demo_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value(school).run()
    assert _findings_message(app) == [said]


def test_a_verdicts_qualifier_is_on_the_cards_small_line(seed_store, monkeypatch):
    """Seed 001 (Hẹ Muông) reports its level ("tự kiểm định chất lượng giáo dục đạt Cấp độ 2", without the
    criteria's marks): 'Cấp độ 2 (theo báo cáo)' was cut by the card's large type."""
    app = open_app(seed_store, monkeypatch, "pages/ho_so_truong.py")
    app.selectbox(key="profile_school").set_value("DB-TH-HM").run()
    card = next(m for m in app.metric if m.label == "Cấp độ KĐCL")
    assert (card.value, card.proto.delta) == ("Cấp độ 2", "theo báo cáo")
    assert "(" not in next(m for m in app.metric if m.label == "Cấp độ tự đánh giá").value


def test_the_demo_note_counts_the_demo_schools_the_figures_count(shared_demo_store, monkeypatch):
    """A school year only a seed school has showed '600 trường là trường giả lập' over one real school."""
    app = open_app(shared_demo_store, monkeypatch, "pages/tong_quan.py")
    demo_notes = lambda: [i.value for i in app.info if i.value.startswith("Đang hiển thị dữ liệu minh họa")]  # noqa: E731
    assert demo_notes() == ["Đang hiển thị dữ liệu minh họa: 600 trường là trường giả lập để trình diễn; 5 trường "
                            "còn lại là hồ sơ thật (trường mẫu có mã HP-, DB-, HCM- hoặc đã nhập từ tệp)."]
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()  # 240 demo schools and 3 seed schools
    assert demo_notes()[0].startswith("Đang hiển thị dữ liệu minh họa: 240 trường là trường giả lập để trình diễn; "
                                      "3 trường còn lại là hồ sơ thật")
    app.selectbox(key="filter_district").set_value("Cát Hải").run()  # demo schools alone
    assert demo_notes()[0].startswith("Đang hiển thị dữ liệu minh họa: 24 trường là trường giả lập để trình diễn; "
                                      "không có trường nào là hồ sơ thật")
    app.selectbox(key="filter_school_year").set_value("2021-2022").run()
    assert not app.exception and demo_notes() == []
