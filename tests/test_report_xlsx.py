"""Excel downloads that look like a Sở's own report (issue 15), read back from the bytes a click serves:
the title block, the frozen header, number formats, totals that equal the rows' sum, text kept as written,
dated ASCII file names; CSV still neutralises formula triggers."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as some

from loaders.importer import import_file
from loaders.store import Store
from metrics.exports import Source, neutralise, to_csv_bytes, to_xlsx_bytes
from metrics.filters import Filters
from metrics.formatting import file_slug
from metrics.totals import additive_columns
from tests.apptest import open_app
from tests.browser import chromium_page, missing_browser, running_app, wait_idle
from tests.test_downloads import served_downloads  # noqa: F401 (a fixture)
from tests.test_import import full_ratings, workbook

BULLET, FORMULA = "- Xây thêm nhà vệ sinh", "=1+1"


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory) -> Store:
    """One school whose plan holds a bullet ('- Xây thêm…') and, as text, '=1+1' (its owner)."""
    folder = tmp_path_factory.mktemp("report")
    path = workbook(folder / "t.xlsx", full_ratings(**{"3.6": "Mức 1"}),
                    [["T1", "2023-2024", "3.6", "Mức 1", "Mức 2", BULLET, "HT", "Năm 2024", "1,2 tỷ đồng"],
                     ["T1", "2023-2024", "3.6", "Mức 1", "Mức 2", "Mua sách", FORMULA, "Năm 2025", "350 triệu"]])
    book = openpyxl.load_workbook(path)
    for cell in (c for row in book["Kế hoạch"].iter_rows() for c in row if c.value == FORMULA):
        cell.data_type = "s"  # openpyxl would otherwise write the school's text as a formula
    book.save(path)
    store = Store(folder / "store")
    assert import_file(store, path).status == "imported"
    return store


def _imported_on(store: Store) -> date:
    """The day the store's newest file was imported, as its import log says (a session's seed store may
    be a day older than the test that reads it)."""
    return max(datetime.fromisoformat(entry["time"]) for entry in store.read_log()).date()


def _sheet(data: bytes, values: bool = False):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=values).active


def _rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _header_row(rows: list[list], first: str) -> int:
    return next(i for i, r in enumerate(rows) if r[0] == first)


def test_the_areas_workbook_has_a_title_block_a_frozen_header_formats_and_totals(seed_store, monkeypatch,
                                                                                  served_downloads):  # noqa: F811
    app = open_app(seed_store, monkeypatch, "pages/theo_dia_ban.py")
    data, name = served_downloads(app, "xlsx_areas", named=True)
    today = date.today()  # read as the test runs: a suite may cross midnight after the seeds' import
    assert name == f"so-sanh-theo-tinh-thanh-pho-{today.isoformat()}.xlsx"
    sheet, values = _sheet(data), _sheet(data, values=True)
    rows = _rows(values)
    version = seed_store.current_path().stem
    assert rows[0][0] == "So sánh theo Tỉnh/Thành phố"
    assert rows[1][0] == (f"Phạm vi: Tỉnh/Thành phố: Tất cả; Quận/Huyện (trước 2025): Tất cả; Cấp học: Tất cả; "
                          f"Hiện trạng tính đến ngày: {today:%d/%m/%Y}")
    assert rows[2][0] == f"Dữ liệu đến ngày: {_imported_on(seed_store):%d/%m/%Y}"
    assert rows[3][0] == f"Nguồn: tự đánh giá và kế hoạch cải tiến của các trường, phiên bản dữ liệu {version}"
    header = _header_row(rows, "Tỉnh/Thành phố")
    assert rows[header - 1] == [None] * len(rows[0])
    assert sheet.freeze_panes == f"A{header + 2}"  # everything above the first row of data stays in view
    body, totals = rows[header + 1:-1], rows[-1]
    assert len(body) == 3 and totals[0] == "Tổng cộng"
    columns = rows[header]
    for column in ("Số trường có đánh giá", "Cấp độ 2", "Kinh phí dự kiến (đồng)", "Số hạng mục chưa ước tính kinh phí"):
        at = columns.index(column)
        assert totals[at] == sum(r[at] or 0 for r in body) > 0, column
        assert re.fullmatch(rf"=SUM\({_letter(at)}{header + 2}:{_letter(at)}{header + 4}\)", sheet.cell(len(rows), at + 1).value)
        assert all(sheet.cell(header + 2 + i, at + 1).number_format == "#,##0" for i in range(3))
    for column in ("Tỷ lệ đạt Cấp độ 2 trở lên (%)", "TB số tiêu chí cần nâng để đạt Cấp độ 2", "Điểm yếu phổ biến nhất"):
        assert totals[columns.index(column)] is None, column  # a ratio, an average or a text is never summed
    share = columns.index("Tỷ lệ đạt Cấp độ 2 trở lên (%)")
    assert sheet.cell(header + 2, share + 1).number_format == "0.0%"
    assert all(r[share] is None or 0 <= r[share] <= 1 for r in body)  # a fraction Excel shows as 12,5%
    assert all(isinstance(r[columns.index("Kinh phí dự kiến (đồng)")], (int, float, type(None))) for r in body)


def _letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index + 1)


def test_columns_fit_their_content_within_bounds(seed_store, monkeypatch, served_downloads):  # noqa: F811
    app = open_app(seed_store, monkeypatch, "pages/kinh_phi.py")
    sheet = _sheet(served_downloads(app, "xlsx_largest"))
    rows = _rows(sheet)
    header = _header_row(rows, "Tên trường")
    widths = {rows[header][i]: sheet.column_dimensions[_letter(i)].width for i in range(len(rows[header]))}
    assert all(8 <= w <= 63 for w in widths.values()), widths
    names = [r[0] for r in rows[header + 1:-1]]
    assert widths["Tên trường"] >= max(len(n) for n in names)
    assert widths["Kinh phí (đồng)"] >= len("5.000.000.000")  # as Excel shows it, separators included


def test_the_profile_plan_keeps_its_text_and_states_its_years(plan_store, monkeypatch, served_downloads):  # noqa: F811
    app = open_app(plan_store, monkeypatch, "pages/ho_so_truong.py")
    data, name = served_downloads(app, "xlsx_profile_plan", named=True)
    assert name == f"ke-hoach-truong-thcs-thu-2023-2024-{date.today().isoformat()}.xlsx"
    sheet = _sheet(data)
    rows = _rows(_sheet(data, values=True))
    assert "Năm học đánh giá: 2023-2024 (Tự đánh giá)" in [r[0] for r in rows[:8]]
    assert "Kỳ kế hoạch cải tiến: từ năm 2024 đến năm 2025" in [r[0] for r in rows[:8]]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value in (BULLET, FORMULA)}
    assert set(cells) == {BULLET, FORMULA} and {c.data_type for c in cells.values()} == {"s"}
    header = _header_row(rows, "STT")
    cost = rows[header].index("Kinh phí (đồng)")
    # the plan's cost and nothing else: a row number (STT) is not a quantity
    assert rows[-1][cost] == 1_550_000_000 and [v for v in rows[-1] if v is not None] == ["Tổng cộng", 1_550_000_000]
    # in the sheet's XML the only formulas are the totals row's own
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r"<f>(.*?)</f>", xml) == [f"SUM({_letter(cost)}{header + 2}:{_letter(cost)}{header + 3})"]

    served, csv_name = served_downloads(app, "csv_profile_plan", named=True)
    assert csv_name == f"ke-hoach-truong-thcs-thu-2023-2024-{date.today().isoformat()}.csv"
    text = served.decode("utf-8-sig")
    assert "# Kỳ kế hoạch cải tiến: từ năm 2024 đến năm 2025" in text.splitlines()
    assert f",'{BULLET}," in text and f",'{FORMULA}," in text and "Tổng cộng" not in text


def test_chromium_saves_the_plan_under_its_dated_name_with_its_text_as_written(plan_store, tmp_path):
    """What the browser is told and saves: the name Streamlit's server sends, the bytes of the file."""
    assert missing_browser() is None, "the browser tests are part of the suite: install Chromium, never skip them"
    with running_app(plan_store.root, tmp_path / "app.log") as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True) as page:
        page.goto(f"{url}/ho_so_truong?truong=T1")
        page.get_by_text("Kế hoạch cải tiến").first.wait_for(timeout=60000)
        wait_idle(page)
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Tải Excel").nth(1).click()  # the criteria's, then the plan's
        download = download_info.value
        assert download.suggested_filename == f"ke-hoach-truong-thcs-thu-2023-2024-{date.today().isoformat()}.xlsx"
        sheet = _sheet(Path(download.path()).read_bytes())
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value in (BULLET, FORMULA)}
    assert cells == {BULLET: "s", FORMULA: "s"}


def test_the_profile_downloads_of_every_year_state_them_all(plan_store, monkeypatch, served_downloads):  # noqa: F811
    app = open_app(plan_store, monkeypatch, "pages/ho_so_truong.py")
    lines = served_downloads(app, "csv_profile_sources").decode("utf-8-sig").splitlines()
    assert "# Năm học đánh giá: 2023-2024 (Tự đánh giá)" in lines


def test_a_table_whose_rows_overlap_gets_no_totals_row(seed_store, monkeypatch, served_downloads):  # noqa: F811
    app = open_app(seed_store, monkeypatch, "pages/diem_yeu_chung.py")
    for key in ("xlsx_criteria", "xlsx_groups"):  # a school counts under many criteria and gap categories
        assert "Tổng cộng" not in [r[0] for r in _rows(_sheet(served_downloads(app, key)))], key


@pytest.mark.parametrize("first, summed", [
    ("district", ("plan_cost_vnd", "n_items", "n_schools")),  # schools and their items split by district
    ("criterion_id", ("plan_cost_vnd", "n_items")),  # a school has items under several criteria
    ("category_name", ()),  # an item with two categories counts in both
])
def test_what_a_totals_row_adds_follows_what_the_rows_are(first, summed):
    frame = pd.DataFrame({first: ["a", "b"], "plan_cost_vnd": [1, 2], "n_items": [1, 1], "n_schools": [1, 1],
                          "share_level2_up": [50.0, 25.0], "item_no": [1, 2]})
    assert additive_columns(frame) == summed


def test_totals_sum_money_as_numbers_and_leave_missing_out():
    frame = pd.DataFrame({"district": ["A", "B", "C"], "plan_cost_vnd": [1_500_000_000, None, 2_000_000],
                          "n_schools": [3, 4, 5]})
    rows = _rows(_sheet(to_xlsx_bytes(frame, Filters(), "Kinh phí"), values=True))
    assert rows[-1] == ["Tổng cộng", 1_502_000_000, 12]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", BULLET, "-Xây"])
def test_csv_still_neutralises_formula_triggers(text):
    assert neutralise(text) == "'" + text
    written = to_csv_bytes(pd.DataFrame({"detail": [text]})).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(written)))[-1] == ["'" + text]


def test_csv_leaves_other_text_alone():
    assert neutralise("Xây - thêm") == "Xây - thêm" and neutralise("1 tỷ") == "1 tỷ" and neutralise(-5) == -5


@pytest.mark.parametrize("text", ["-", "--", "---"])
def test_a_cell_of_dashes_alone_is_no_formula_and_stays_as_written(text):
    written = to_csv_bytes(pd.DataFrame({"detail": [text, "- " + text]})).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(written)))[-2:] == [[text], ["'- " + text]]


def test_the_csv_header_names_the_source():
    text = to_csv_bytes(pd.DataFrame({"n_schools": [1]}), Filters(), "Bảng thử", source=Source("v000007", date(2026, 3, 9)),
                        notes=(("Năm học đánh giá", "2023-2024 (Tự đánh giá)"),)).decode("utf-8-sig")
    assert text.splitlines()[:1] + text.splitlines()[-5:-2] == [
        "# Bảng: Bảng thử", "# Dữ liệu đến ngày: 09/03/2026",
        "# Nguồn: tự đánh giá và kế hoạch cải tiến của các trường, phiên bản dữ liệu v000007",
        "# Năm học đánh giá: 2023-2024 (Tự đánh giá)"]


_TEXT = some.text(some.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(_TEXT)
def test_any_text_reads_back_from_excel_as_written(text):
    frame = pd.DataFrame({"detail": [text], "cost_vnd": [1]})
    sheet = _sheet(to_xlsx_bytes(frame, None, "Thử"))
    cell = sheet.cell(sheet.max_row, 1)
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize("title, slug", [("Cấp độ theo tỉnh/thành phố", "cap-do-theo-tinh-thanh-pho"),
                                         ("Đường ngân sách", "duong-ngan-sach"), ("=== ***", "bang"),
                                         ("Trường " * 20, "truong-" * 7 + "truong")])
def test_file_names_are_ascii_slugs(title, slug):
    assert file_slug(title) == slug


def test_a_plan_period_is_read_from_the_timeframes_as_the_school_wrote_them(seed_con):
    from metrics.profile_years import plan_periods, years_held
    # Thạnh Lộc's items say only '10/2023-05/2024'; Quang Trung's 'Năm 2023-2025'
    assert years_held(plan_periods(seed_con, "HCM-THPT-TL"))[1] == ("Kỳ kế hoạch cải tiến", "từ năm 2023 đến năm 2024")
    assert years_held(plan_periods(seed_con, "HP-THPT-QT"))[1] == ("Kỳ kế hoạch cải tiến", "từ năm 2023 đến năm 2025")


def test_the_years_of_several_assessments_name_each_plan():
    from metrics.profile_years import years_held
    periods = pd.DataFrame({"school_year": ["2025-2026", "2024-2025", "2023-2024"],
                            "assessment_type": ["Đánh giá ngoài", "Tự đánh giá", "Tự đánh giá"],
                            "n_items": [0, 3, 2], "first_year": [None, None, 2024], "last_year": [None, None, 2024]})
    assert years_held(periods) == (
        ("Năm học đánh giá", "2025-2026 (Đánh giá ngoài); 2024-2025 (Tự đánh giá); 2023-2024 (Tự đánh giá)"),
        ("Kỳ kế hoạch cải tiến", "chưa có kế hoạch (theo đánh giá 2025-2026); không ghi năm thực hiện (theo đánh giá "
                                 "2024-2025); năm 2024 (theo đánh giá 2023-2024)"))
    assert years_held(periods, "2023-2024", "Tự đánh giá") == (
        ("Năm học đánh giá", "2023-2024 (Tự đánh giá)"), ("Kỳ kế hoạch cải tiến", "năm 2024"))
    assert years_held(periods, "2022-2023", "Tự đánh giá") == ()


def test_two_columns_with_one_header_are_both_written():
    frame = pd.DataFrame({"file": ["=a.xlsx"], "file_name": ["b.docx"]})  # both headed "Tệp"
    assert _rows(_sheet(to_xlsx_bytes(frame, None, "Tệp")))[-2:] == [["Tệp", "Tệp"], ["=a.xlsx", "b.docx"]]
    assert to_csv_bytes(frame).decode("utf-8-sig").splitlines()[-1] == "'=a.xlsx,b.docx"


def test_csv_writes_whole_numbers_among_blanks_without_a_decimal_point():
    """A blank among years or amounts makes pandas store floats: '2026.0' and '50000000000.0' were written."""
    frame = pd.DataFrame({"item_year": [2026.0, None], "plan_cost_vnd": [5e10, None], "share_level2_up": [12.5, None]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"))))
    assert rows[-2:] == [["2026", "50000000000", "12.5"], ["", "", ""]]
