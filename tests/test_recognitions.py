"""Kết quả công nhận (issue 11 §2): the Công nhận sheet, its checks, the recognitions table, the plans' prose,
and the Hình thức of Mức 4 rows."""
from datetime import date, datetime, timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.importer import import_file
from loaders.parse_recognition import (add_years, parse_decision_date, parse_partial_date, parse_recognition_kind,
                                       parse_recognition_result, parse_valid_until)
from loaders.template import write_template
from loaders.store import StoreReader
from tests.conftest import FIXTURES, TEMPLATE_SEEDS

SCHOOL = ["T1", "Trường THCS Thử", "THCS", "Hải Phòng", "Tiên Lãng"]
CQG, KD = "Chuẩn quốc gia", "Kiểm định chất lượng giáo dục"
COLUMNS = "school_id, kind, level, decision_number, decision_date, valid_until, valid_until_written, date_precision"
# Transcribed by hand from ../shared/seeds: 000 (THPT Quang Trung) part II.1 and 004 (THCS Toàn Thắng) part II.1
SEED_RECOGNITIONS = {
    "HP-THPT-QT": ("HP-THPT-QT", "national_standard", 1, None, date(2005, 1, 1), date(2010, 12, 31), True, "year"),
    "HP-THCS-TT": ("HP-THCS-TT", "national_standard", 2, None, date(2024, 4, 1), date(2029, 5, 31), True, "month"),
}


def workbook(path: Path, sheets: dict) -> Path:
    """The real template, filled the way a school would (sheet name -> rows)."""
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for sheet, rows in {"Trường": [SCHOOL], **sheets}.items():
        for row in rows:
            wb[sheet].append(list(row))
    wb.save(path)
    return path


def recognitions(store) -> list[tuple]:
    return StoreReader(store).cursor().execute(
        f"SELECT {COLUMNS} FROM recognitions ORDER BY school_id, kind, decision_date").fetchall()


def messages(result, column: str) -> str:
    issues = result.issues
    return " | ".join(issues.loc[issues["column"] == column, "message"])


# ------------------------------------------------------------ template
def test_template_has_the_optional_sheet_its_guide_and_its_choices(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "mau.xlsx"))
    sheet = wb["Công nhận"]
    assert [c.value for c in sheet[1]] == ["Mã trường*", "Loại công nhận*", "Kết quả*", "Số quyết định",
                                           "Ngày quyết định*", "Hiệu lực đến"]
    assert "Hình thức" in [c.value for c in wb["Mức 4"][1]]
    guide = {(r[0], r[1]) for r in wb["Hướng dẫn"].iter_rows(values_only=True)}
    assert {("Công nhận", h) for h in ("Mã trường", "Loại công nhận", "Kết quả", "Số quyết định", "Ngày quyết định",
                                       "Hiệu lực đến")} | {("Mức 4", "Hình thức")} <= guide
    choices = {next(iter(v.sqref.ranges)).min_col: v.formula1 for v in sheet.data_validations.dataValidation}
    assert choices == {2: f'"{KD},{CQG}"', 3: '"Cấp độ 1,Cấp độ 2,Cấp độ 3,Cấp độ 4,Mức độ 1,Mức độ 2"'}


def test_round_trip_text_and_excel_dates_with_the_written_or_default_expiry(store, tmp_path):
    rows = [["T1", KD, "Cấp độ 2", "0123/QĐ-SGDĐT", "15/04/2023", None],
            ["T1", CQG, "Mức độ 1", 456, datetime(2022, 3, 10), date(2027, 3, 1)]]
    result = import_file(store, workbook(tmp_path / "cn.xlsx", {"Công nhận": rows}))
    assert result.status == "imported", result.issues.to_dict("records")
    assert recognitions(store) == [
        ("T1", "accreditation", 2, "0123/QĐ-SGDĐT", date(2023, 4, 15), date(2028, 4, 15), False, "day"),
        ("T1", "national_standard", 1, "456", date(2022, 3, 10), date(2027, 3, 1), True, "day")]


def test_a_file_may_hold_only_the_sheet_headers_matched_without_diacritics_in_any_order(store, tmp_path):
    assert import_file(store, workbook(tmp_path / "school.xlsx", {})).status == "imported"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "cong nhan"
    ws.append(["NGAY QUYET DINH", "ket qua", "Ma truong", "loai cong nhan*"])
    ws.append(["01/06/2020", "Cấp độ 4", "T1", "KĐCLGD"])
    wb.save(tmp_path / "only.xlsx")
    result = import_file(store, tmp_path / "only.xlsx")
    assert result.status == "imported", result.issues.to_dict("records")
    assert recognitions(store) == [("T1", "accreditation", 4, None, date(2020, 6, 1), date(2025, 6, 1), False, "day")]


# ------------------------------------------------------------ each rule at its edge
def _on_the_day(value):
    """'{today}' and '{tomorrow}' written as the test runs, not when pytest collects it: a suite that
    crosses midnight would otherwise expect yesterday's dates."""
    if isinstance(value, tuple):
        return tuple(_on_the_day(v) for v in value)
    today = date.today()
    return value.format(today=f"{today:%d/%m/%Y}", tomorrow=f"{today + timedelta(days=1):%d/%m/%Y}") \
        if isinstance(value, str) else value


ERRORS = [  # (kind, result, decision date, valid until) -> the column and words of the one error
    ((CQG, "Mức độ 3", "10/03/2020", None), "Kết quả", "không có Mức độ 3"),
    ((CQG, "Cấp độ 3", "10/03/2020", None), "Kết quả",
     "'Cấp độ 3' là kết quả của Kiểm định chất lượng giáo dục, không phải Chuẩn quốc gia; với Chuẩn quốc gia ghi "
     "Mức độ 1 hoặc Mức độ 2, hoặc sửa ô Loại công nhận"),
    ((KD, "Mức độ 1", "10/03/2020", None), "Kết quả", "với Kiểm định chất lượng giáo dục ghi Cấp độ 1 đến Cấp độ 4"),
    ((KD, "Cấp độ 5", "10/03/2020", None), "Kết quả", "không có Cấp độ 5"),
    ((CQG, "3", "10/03/2020", None), "Kết quả", "kết quả 3 không có: Chuẩn quốc gia chỉ có Mức độ 1 hoặc Mức độ 2"),
    ((KD, "0", "10/03/2020", None), "Kết quả", "kết quả 0 không có"),
    (("Trường chuẩn", "Mức độ 1", "10/03/2020", None), "Loại công nhận", "loại công nhận 'Trường chuẩn' không hợp lệ"),
    ((CQG, "Mức độ 1", "29/02/2025", None), "Ngày quyết định", "ngày 29/02/2025 không có trong lịch"),
    ((CQG, "Mức độ 1", "31/04/2024", None), "Ngày quyết định", "ngày 31/04/2024 không có trong lịch"),
    ((CQG, "Mức độ 1", None, None), "Ngày quyết định", "thiếu Ngày quyết định"),
    ((CQG, "Mức độ 1", "10-3-20", None), "Ngày quyết định", "không đọc được ngày '10-3-20'; ghi dạng dd/mm/yyyy"),
    ((CQG, "Mức độ 1", "{tomorrow}", None), "Ngày quyết định", "ngày quyết định {tomorrow} ở sau hôm nay ({today})"),
    ((CQG, "Mức độ 1", "10/03/2020", "09/03/2020"), "Hiệu lực đến",
     "hiệu lực đến 09/03/2020 trước ngày quyết định 10/03/2020"),
]


@pytest.mark.parametrize("row, column, words", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_a_bad_cell_is_one_error_naming_sheet_row_column_and_fix(store, tmp_path, row, column, words):
    row, words = _on_the_day(row), _on_the_day(words)
    result = import_file(store, workbook(tmp_path / "bad.xlsx", {"Công nhận": [["T1", *row[:2], None, *row[2:]]]}))
    assert result.status == "rejected"
    (error,) = result.errors.to_dict("records")
    assert (error["sheet"], error["row"], error["column"]) == ("Công nhận", 2, column)
    assert words in error["message"], error["message"]


@pytest.mark.parametrize("decided, until, stored", [
    ("29/02/2024", None, (date(2024, 2, 29), date(2029, 2, 28))),  # 2029 has no 29/02: the term must not outlast 5 years
    ("{today}", None, "today and 5 years on"),  # a decision of today is no error
    ("10/03/2020", "10/03/2020", (date(2020, 3, 10), date(2020, 3, 10))),  # an expiry on the decision day is not before it
    ("ngày 1 tháng 6 năm 2021", "2026-06-01", (date(2021, 6, 1), date(2026, 6, 1))),
])
def test_dates_at_the_edges_are_accepted(store, tmp_path, decided, until, stored):
    decided = _on_the_day(decided)
    if stored == "today and 5 years on":
        stored = (date.today(), add_years(date.today()))
    result = import_file(store, workbook(tmp_path / "ok.xlsx", {"Công nhận": [["T1", CQG, "Mức độ 2", None, decided, until]]}))
    assert result.status == "imported" and not len(result.issues), result.issues.to_dict("records")
    assert recognitions(store)[0][4:6] == stored


def test_the_default_expiry_is_five_years_and_29_february_ends_on_28_february():
    assert add_years(date(2024, 2, 29)) == date(2029, 2, 28)
    assert add_years(date(2024, 2, 28)) == date(2029, 2, 28) and add_years(date(2023, 3, 1)) == date(2028, 3, 1)


def test_an_unknown_school_and_a_decision_twice_are_errors_on_each_row(store, tmp_path):
    rows = [["T1", CQG, "Mức độ 1", None, "10/03/2020", None], ["X9", CQG, "Mức độ 1", None, "10/03/2020", None],
            ["T1", "CQG", "Mức độ 2", "7/QĐ", "10/03/2020", None]]
    result = import_file(store, workbook(tmp_path / "bad.xlsx", {"Công nhận": rows}))
    errors = result.errors.sort_values("row").to_dict("records")
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Ngày quyết định"), (3, "Mã trường"), (4, "Ngày quyết định")]
    assert "mã trường X9 chưa có trong kho" in errors[1]["message"]
    assert errors[0]["message"] == errors[2]["message"] and "được ghi nhiều lần (dòng 2, 4)" in errors[0]["message"]


def test_a_year_or_a_month_alone_is_stored_with_its_precision_and_a_warning(store, tmp_path):
    rows = [["T1", CQG, "Mức độ 1", None, "Năm 2005", "2010"], ["T1", KD, "Cấp độ 1", None, "04/2024", None]]
    result = import_file(store, workbook(tmp_path / "partial.xlsx", {"Công nhận": rows}))
    assert result.status == "imported"
    assert recognitions(store) == [
        ("T1", "accreditation", 1, None, date(2024, 4, 1), date(2029, 4, 1), False, "month"),
        ("T1", "national_standard", 1, None, date(2005, 1, 1), date(2010, 12, 31), True, "year")]
    assert "chỉ ghi năm 2005: tính ngày quyết định là 01/01/2005" in messages(result, "Ngày quyết định")
    assert "chỉ ghi tháng 04/2024: tính ngày quyết định là 01/04/2024" in messages(result, "Ngày quyết định")
    assert "chỉ ghi năm 2010: tính hiệu lực đến hết ngày 31/12/2010" in messages(result, "Hiệu lực đến")


def test_reimporting_a_decision_replaces_it_and_keeps_the_schools_other_decisions(store, tmp_path):
    first = [["T1", CQG, "Mức độ 1", "1/QĐ", "10/03/2015", None], ["T1", CQG, "Mức độ 1", "2/QĐ", "12/03/2020", None]]
    assert import_file(store, workbook(tmp_path / "a.xlsx", {"Công nhận": first})).status == "imported"
    again = [["T1", CQG, "Mức độ 2", "2b/QĐ", "12/03/2020", "01/01/2025"], ["T1", KD, "Cấp độ 3", None, "12/03/2020", None]]
    assert import_file(store, workbook(tmp_path / "b.xlsx", {"Công nhận": again})).status == "imported"
    assert [(r[1], r[2], r[3], r[4]) for r in recognitions(store)] == [
        ("accreditation", 3, None, date(2020, 3, 12)),
        ("national_standard", 1, "1/QĐ", date(2015, 3, 10)),
        ("national_standard", 2, "2b/QĐ", date(2020, 3, 12))]


# ------------------------------------------------------------ the plans' prose
def _docx_with(path: Path, sample: Path, lines: list[str]) -> Path:
    """The Word sample with the seed's own sentences put back where the seed has them (part II.1)."""
    document = docx.Document(str(sample))
    heading = next(i for i, p in enumerate(document.paragraphs) if p.text.startswith("II."))
    after = document.paragraphs[heading + 1]
    for line in lines:
        after.insert_paragraph_before(line)
    document.save(str(path))
    return path


def _xlsx_with(path: Path, sample: Path, lines: list[str]) -> Path:
    """The free-layout Excel sample with the seed's sentences above its ratings table, one per row."""
    wb = openpyxl.load_workbook(sample)
    ws = wb["Đánh giá"]
    ws.insert_rows(3, len(lines) + 1)
    for offset, line in enumerate(lines):
        ws.cell(3 + offset, 1, line)
    wb.save(path)
    return path


@pytest.fixture
def sample_registry(store):
    assert import_file(store, FIXTURES / "samples" / "registry.csv").status == "imported"
    return store


@pytest.mark.parametrize("form", ["docx", "xlsx"])
def test_the_seed_plans_prose_gives_their_recognition(sample_registry, tmp_path, form):
    """Seed 000: Chuẩn quốc gia Mức độ 1 in 2005, expired in 2010; seed 004: Mức độ 2, 04/2024 to 05/2029
    (tests/fixtures/seeds/*_recognition.txt, copied verbatim from the seeds: the samples lack part II.1)."""
    add = _docx_with if form == "docx" else _xlsx_with
    for school, seed in (("HP-THPT-QT", "000"), ("HP-THCS-TT", "004")):
        lines = (FIXTURES / "seeds" / f"{seed}_recognition.txt").read_text(encoding="utf-8").splitlines()
        path = add(tmp_path / f"{school}.{form}", FIXTURES / "samples" / form / f"{school}.{form}", lines)
        result = import_file(sample_registry, path)
        assert result.status == "imported", result.errors.to_dict("records")
        said = messages(result, "Ngày quyết định") + messages(result, "Hiệu lực đến")
        expected = ("chỉ ghi năm 2005: tính ngày quyết định là 01/01/2005", "hết ngày 31/12/2010") \
            if seed == "000" else ("chỉ ghi tháng 04/2024: tính ngày quyết định là 01/04/2024", "hết ngày 31/05/2029")
        assert all(words in said for words in expected), said
    assert recognitions(sample_registry) == [SEED_RECOGNITIONS["HP-THCS-TT"], SEED_RECOGNITIONS["HP-THPT-QT"]]


def test_the_samples_as_they_are_state_no_recognition(sample_registry):
    for path in sorted((FIXTURES / "samples" / "docx").iterdir()):
        assert import_file(sample_registry, path).status == "imported"
    assert recognitions(sample_registry) == []


@pytest.mark.parametrize("lines, missing", [
    (["- Trường được công nhận trường đạt chuẩn quốc gia: Năm 2019."], "mức độ/cấp độ được công nhận"),
    (["- Trường được công nhận đạt kiểm định chất lượng giáo dục:", "- Cấp độ được công nhận: Cấp độ 2"],
     "thời gian được công nhận"),
])
def test_a_recognition_without_its_level_or_date_is_a_warning_and_stores_nothing(sample_registry, tmp_path, lines, missing):
    sample = FIXTURES / "samples" / "docx" / "HP-THPT-QT.docx"
    result = import_file(sample_registry, _docx_with(tmp_path / "qt.docx", sample, lines))
    assert result.status == "imported" and recognitions(sample_registry) == []
    assert missing in messages(result, "Loại công nhận") and "không lưu kết quả công nhận này" in messages(
        result, "Loại công nhận")


def test_a_stated_accreditation_is_read_the_same_way(sample_registry, tmp_path):
    """No seed states a Cấp độ decision (001's 'tự kiểm định ... đạt Cấp độ 2' is its own conclusion)."""
    lines = ["- Trường được công nhận đạt kiểm định chất lượng giáo dục: ngày 12 tháng 4 năm 2019",
             "- Cấp độ được công nhận: Cấp độ 2.", "- Số quyết định: 123/QĐ-SGDĐT"]
    sample = FIXTURES / "samples" / "docx" / "HP-THPT-QT.docx"
    assert import_file(sample_registry, _docx_with(tmp_path / "qt.docx", sample, lines)).status == "imported"
    assert recognitions(sample_registry) == [
        ("HP-THPT-QT", "accreditation", 2, "123/QĐ-SGDĐT", date(2019, 4, 12), date(2024, 4, 12), False, "day")]


def test_the_template_transcription_of_the_seeds_carries_their_recognitions(seed_con):
    assert [p.stem for p in TEMPLATE_SEEDS] and seed_con.execute(
        f"SELECT {COLUMNS} FROM recognitions ORDER BY school_id").fetchall() == [
        SEED_RECOGNITIONS["HP-THCS-TT"], SEED_RECOGNITIONS["HP-THPT-QT"]]


# ------------------------------------------------------------ Mức 4 Hình thức
def _level4_types(store) -> set[tuple]:
    return set(StoreReader(store).cursor().execute(
        "SELECT clause, assessment_type FROM level4_results").fetchall())


@pytest.mark.parametrize("written, rating_type, stored", [
    ("Đánh giá ngoài", None, "Đánh giá ngoài"),  # used as written
    (None, "Đánh giá ngoài", "Đánh giá ngoài"),  # empty: the file's only type for that school and year
    (None, None, "Tự đánh giá"),  # empty, and no other type in the file
    ("TĐG", "Đánh giá ngoài", "Tự đánh giá"),  # written wins over the file's only type
])
def test_level4_rows_take_their_assessment_type_from_the_sheet(store, tmp_path, written, rating_type, stored):
    sheets = {"Mức 4": [["T1", "2023-2024", "1", "Đạt", None, written]]}
    if rating_type:
        sheets["Đánh giá"] = [["T1", "2023-2024", rating_type, None, "1.1", "Mức 2", None]]
    result = import_file(store, workbook(tmp_path / "m4.xlsx", sheets))
    assert result.status == "imported", result.errors.to_dict("records")
    assert _level4_types(store) == {(1, stored)}


def test_a_bad_level4_type_is_an_error(store, tmp_path):
    result = import_file(store, workbook(tmp_path / "m4.xlsx", {"Mức 4": [["T1", "2023-2024", "1", "Đạt", None, "Ngoài"]]}))
    (error,) = result.errors.to_dict("records")
    assert (error["sheet"], error["row"], error["column"]) == ("Mức 4", 2, "Hình thức")


# ------------------------------------------------------------ parsers never raise
_CELLS = st.one_of(st.text(), st.none(), st.integers(), st.floats(), st.dates(), st.datetimes(), st.booleans(),
                   st.from_regex(r"(ngày |tháng |năm )?\d{1,4}([/ .-]\d{1,4}){0,2}", fullmatch=True),
                   st.from_regex(r"(Cấp độ|Mức độ|cap do|muc do)? ?[0-9IVXivx]{0,3}\.?", fullmatch=True))


@given(_CELLS)
def test_the_recognition_parsers_never_raise(value):
    for parser in (parse_partial_date, parse_decision_date, parse_valid_until, parse_recognition_kind,
                   parse_recognition_result):
        parsed = parser(value)
        assert parsed.error is None or parsed.value is None  # a value, an error, or (an empty expiry) neither
