"""AppTest: the upload page with a folder of files (pages/upload_list.py). Beyond 20 files it lists every
file in one table and puts only the files with errors or warnings in expanders, 25 to a page; a few
files keep an expander each (tests/test_upload_batch_page.py)."""
from __future__ import annotations

from types import SimpleNamespace

from streamlit.testing.v1 import AppTest

from pages import upload_list
from tests.apptest import as_read, on_screen
from tests.conftest import FIXTURES
from tests.test_pages import _bad_workbook
from tests.test_upload_page import one_school, page  # noqa: F401 (fixtures: a copy of the one-school store, its page)

TEMPLATE = FIXTURES / "template"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _expanders(app: AppTest) -> dict[str, bool]:
    return {as_read(e.label).split(": ", 1)[0]: e.proto.expanded for e in app.expander}


def test_a_folder_of_files_is_one_table_and_only_the_files_to_read_are_opened(page, tmp_path):
    _, app = page
    clean = (TEMPLATE / "DB-TH-HM.xlsx").read_bytes()
    files = [(f"Hẹ Muông {k:02d}.xlsx", clean, XLSX) for k in range(1, 21)]
    files += [("Quang Trung.xlsx", (TEMPLATE / "HP-THPT-QT.xlsx").read_bytes(), XLSX),
              ("hỏng.xlsx", _bad_workbook(tmp_path), XLSX)]
    app.file_uploader(key="uploads").set_value(files)
    _run(app)
    assert "22 tệp: 21 hợp lệ (1 có cảnh báo), 1 không hợp lệ." in [as_read(m.value) for m in app.markdown]
    table = on_screen(app.dataframe[0])
    assert list(table.columns) == ["Tệp", "Kết quả", "Lỗi", "Cảnh báo", "Trường thêm/cập nhật", "Tiêu chí", "Hạng mục kế hoạch"]
    assert list(table["Tệp"]) == [name for name, _, _ in files]  # in the order they were dropped
    rows = table.set_index("Tệp")
    assert (rows.loc["hỏng.xlsx", "Kết quả"], rows.loc["hỏng.xlsx", "Lỗi"]) == ("Từ chối", "1")
    assert (rows.loc["Quang Trung.xlsx", "Kết quả"], rows.loc["Quang Trung.xlsx", "Cảnh báo"]) == (
        "Hợp lệ (chờ xác nhận)", "4")
    assert (rows.loc["Hẹ Muông 07.xlsx", "Cảnh báo"], rows.loc["Hẹ Muông 07.xlsx", "Lỗi"]) == ("0", "0")  # counts as the screen writes them
    assert _expanders(app) == {"Quang Trung.xlsx": True, "hỏng.xlsx": True}  # the 20 clean files: the table only
    assert not [s for s in app.selectbox if s.key == "upload_files_page"]  # 2 files to read: one page
    assert next(b for b in app.button if b.label.startswith("Xác nhận nhập")).label == "Xác nhận nhập 21 tệp hợp lệ"


def test_the_files_to_read_come_25_to_a_page(page, tmp_path):
    _, app = page
    bad = _bad_workbook(tmp_path)
    app.file_uploader(key="uploads").set_value([(f"hỏng {k:02d}.xlsx", bad, XLSX) for k in range(1, 28)])
    _run(app)
    assert "**Các tệp cần xem** (có lỗi hoặc cảnh báo): 27 tệp" in [m.value for m in app.markdown]
    picker = next(s for s in app.selectbox if s.key == "upload_files_page")
    assert picker.options == ["Trang 1/2 (tệp 1–25)", "Trang 2/2 (tệp 26–27)"]
    assert list(_expanders(app)) == [f"hỏng {k:02d}.xlsx" for k in range(1, 26)]
    picker.set_value(1)
    _run(app)
    assert list(_expanders(app)) == ["hỏng 26.xlsx", "hỏng 27.xlsx"]
    assert not [b for b in app.button if b.label.startswith("Xác nhận nhập")]  # nothing valid to confirm


def test_the_summary_counts_the_warnings_of_each_outcome_beside_it():
    def result(status: str, warnings: int):
        return SimpleNamespace(status=status, warnings=[object()] * warnings)
    results = [result("valid", 1), result("valid", 0), result("imported", 0), result("imported", 2),
               result("imported", 3), result("rejected", 4)]
    assert upload_list.summary_line(results) == ("6 tệp: 2 hợp lệ (1 có cảnh báo), 3 đã nhập (2 có cảnh báo), "
                                                 "1 không hợp lệ.")
    assert upload_list.summary_line(results[1:3]) == "2 tệp: 1 hợp lệ, 1 đã nhập."
