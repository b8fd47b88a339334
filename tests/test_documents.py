"""Reading the plans schools actually send (Word, free-layout Excel) - issue 5."""
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from loaders.importer import import_file
from loaders.store import Store, StoreReader
from tests.conftest import FIXTURES, ROOT
from tests.test_seed_golden import QUANG_TRUNG_RATINGS

SAMPLES = FIXTURES / "samples"
# Transcribed by hand from ../shared/seeds (criterion -> VND; None = not estimated)
PLAN_COSTS = {
    "HP-THPT-QT": {"2.2": None, "2.3": None, "3.1": 50_000_000_000, "3.2": 5_500_000_000, "3.6": 4_500_000_000},
    "DB-TH-HM": {"3.1": 3_000_000_000, "3.3": 350_000_000, "3.6": 350_000_000, "4.1": None, "5.2": None, "5.3": None},
    "HP-THCS-TL1": {"3.1": None, "3.2": None, "3.4": None, "3.5": None, "3.6": None},
    "HCM-THPT-TL": {c: 0 for c in ("1.2", "1.7", "1.8", "1.9", "1.10", "3.1", "3.2", "3.4", "3.5", "5.3", "5.4")},
    "HP-THCS-TT": {"3.1": 4_000_000_000, "3.4": 1_000_000_000, "3.5": 40_000_000, "3.6": 500_000_000, "5.4": 5_000_000},
}
BELOW_LEVEL2 = {"HP-THPT-QT": {"2.2": 0, "3.1": 1, "3.2": 1, "3.3": 0, "3.6": 1},
                "HP-THCS-TL1": {c: 0 for c in ("3.1", "3.2", "3.3", "3.4", "3.5", "3.6")},
                "HP-THCS-TT": {"3.1": 0, "3.2": 1, "3.4": 0, "3.5": 0, "3.6": 0, "5.4": 0}}
LEVEL4 = {"HP-THPT-QT": {1: False, 2: False, 3: False, 4: False, 5: False},
          "HP-THCS-TL1": {1: False, 2: False, 3: False, 4: False, 5: False, 6: True},
          "HP-THCS-TT": {1: True, 2: True, 3: True, 4: False, 5: True, 6: True}}


@pytest.fixture(params=["docx", "xlsx"])
def sample_store(request, tmp_path) -> tuple[Store, str]:
    store = Store(tmp_path / "store")
    assert import_file(store, SAMPLES / "registry.csv").status == "imported"
    for path in sorted((SAMPLES / request.param).iterdir()):
        result = import_file(store, path)
        assert result.status == "imported", result.errors.to_dict("records")
    return store, request.param


def test_samples_give_the_seed_plans_and_costs(sample_store):
    con = StoreReader(sample_store[0]).cursor()
    for school, costs in PLAN_COSTS.items():
        rows = con.execute("SELECT criterion_id, cost_vnd FROM plan_items WHERE school_id = ? ORDER BY item_no",
                           [school]).fetchall()
        assert dict(rows) == costs, school


def test_samples_give_the_seed_ratings_and_level4(sample_store):
    con = StoreReader(sample_store[0]).cursor()
    for school, below in BELOW_LEVEL2.items():
        ratings = dict(con.execute("SELECT criterion_id, level FROM ratings WHERE school_id = ?", [school]).fetchall())
        assert {c: lv for c, lv in ratings.items() if lv < 2} == below, school
        results = dict(con.execute("SELECT clause, achieved FROM level4_results WHERE school_id = ?", [school]).fetchall())
        assert results == LEVEL4[school], school
    qt = dict(con.execute("SELECT criterion_id, level FROM ratings WHERE school_id = 'HP-THPT-QT'").fetchall())
    assert qt == QUANG_TRUNG_RATINGS  # 1.3 at Mức 3 (the document's second '1.2' row), no 5.6


def test_seed_000_table_as_written_reads_its_second_1_2_row_as_1_3(registry_store, tmp_path):
    """The rows of seed 000's ratings table as the document has them (tests/fixtures/seeds, copied from
    the text of the seed), duplicated '1.2' included: the Word reader takes the second row as 1.3 at
    Mức 3 and says so. The text lost the header's merged cells ('Không đạt' spans two header rows in
    Word), so the header is the two rows python-docx gives for it, as in the Word sample."""
    lines = (FIXTURES / "seeds" / "000_ratings_table.txt").read_text(encoding="utf-8").splitlines()[3:]
    header = [["Tiêu chuẩn, tiêu chí"] + ["Kết quả"] * 4 + ["Nội dung không đạt"],
              ["Tiêu chuẩn, tiêu chí", "Không đạt", "Mức 1", "Mức 2", "Mức 3", "Nội dung không đạt"]]
    rows = header + [(line.split("\t") + [""] * 6)[:6] for line in lines if line.strip()]
    path = _doc(tmp_path / "quang-trung.docx", ["TRƯỜNG THPT QUANG TRUNG", "năm học 2023-2024"], rows)
    result = import_file(registry_store, path)
    assert result.status == "imported", result.errors.to_dict("records")
    warning = " ".join(result.warnings["message"])
    assert "1.2 xuất hiện hai lần (dòng 5 và 6)" in warning and "dòng 6 được đọc là tiêu chí 1.3" in warning
    con = StoreReader(registry_store).cursor()
    assert dict(con.execute("SELECT criterion_id, level FROM ratings").fetchall()) == QUANG_TRUNG_RATINGS


def test_he_muong_word_plan_keeps_its_reported_level(tmp_path):
    store = Store(tmp_path / "store")
    import_file(store, SAMPLES / "registry.csv")
    import_file(store, SAMPLES / "docx" / "DB-TH-HM.docx")
    row = StoreReader(store).cursor().execute(
        "SELECT accreditation_text, standard_text, count_level3 FROM assessment_status").fetchall()[0]
    assert row == ("Cấp độ 2 (theo báo cáo)", "Mức độ 1 (theo báo cáo)", "4/19")


def test_thanh_loc_target_and_current_levels(tmp_path):
    store = Store(tmp_path / "store")
    import_file(store, SAMPLES / "registry.csv")
    import_file(store, SAMPLES / "docx" / "HCM-THPT-TL.docx")
    rows = StoreReader(store).cursor().execute(
        "SELECT criterion_id, current_level, target_level FROM plan_items WHERE criterion_id IN ('1.2', '3.4')"
        " ORDER BY item_no").fetchall()
    assert rows == [("1.2", 2, 3), ("3.4", 1, 2)]


def test_every_value_keeps_its_source(tmp_path):
    store = Store(tmp_path / "store")
    import_file(store, SAMPLES / "registry.csv")
    import_file(store, SAMPLES / "docx" / "HP-THCS-TT.docx")
    row = StoreReader(store).cursor().execute("""SELECT r.source_sheet, r.source_row, i.file_name FROM ratings r
        JOIN imports i USING (import_id) WHERE criterion_id = '3.6'""").fetchall()[0]
    assert row == ("Bảng 2", 25, "HP-THCS-TT.docx")  # 2 header rows, 3 standard rows, 19 criteria before it


def test_folder_import_reports_one_line_per_file(tmp_path):
    run = subprocess.run([sys.executable, "-m", "loaders", str(SAMPLES / "docx"), str(SAMPLES / "xlsx"),
                          "--registry", str(SAMPLES / "registry.csv"), "--db", str(tmp_path / "store")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    summary = [line for line in run.stdout.splitlines() if not line.startswith("  ")]
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(summary) == 11  # the registry, then ten plans
    assert sum("ĐÃ NHẬP" in line for line in summary) == 11


# ---------------------------------------------------------------- files we cannot read
def _doc(path: Path, paragraphs=(), table=None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(path)
    return path


@pytest.fixture
def registry_store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    import_file(store, SAMPLES / "registry.csv")
    return store


def _rejected(store, path) -> str:
    version = store.current_path()
    result = import_file(store, path)
    assert result.status == "rejected" and store.current_path() == version
    return " ".join(result.errors["message"])


def test_empty_docx_is_rejected_saying_what_was_expected(registry_store, tmp_path):
    assert "tên trường" in _rejected(registry_store, _doc(tmp_path / "empty.docx"))


def test_docx_without_a_table_is_rejected(registry_store, tmp_path):
    path = _doc(tmp_path / "notable.docx", ["TRƯỜNG THCS TOÀN THẮNG", "Kế hoạch năm học 2023-2024"])
    assert "không tìm thấy bảng" in _rejected(registry_store, path)


def test_old_doc_and_scanned_pdf_get_a_fix(registry_store, tmp_path):
    (tmp_path / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0old word")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    assert ".docx" in _rejected(registry_store, tmp_path / "cu.doc")
    assert "PDF" in _rejected(registry_store, tmp_path / "scan.pdf")


def test_text_file_renamed_xlsx_is_rejected(registry_store, tmp_path):
    path = tmp_path / "gia.xlsx"
    path.write_text("đây không phải Excel", encoding="utf-8")
    assert "không mở được" in _rejected(registry_store, path)


def test_school_name_matching_two_registry_entries_stops_and_lists_them(registry_store, tmp_path):
    twin = tmp_path / "twin.csv"
    twin.write_text("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện\n"
                    "HD-THCS-TT,Trường THCS Toàn Thắng,THCS,Hải Phòng,Gia Lộc\n", encoding="utf-8")
    import_file(registry_store, twin)
    table = [["Tiêu chí", "Người thực hiện", "Dự kiến kinh phí", "Thời gian thực hiện", "Giải pháp"],
             ["Tiêu chí 3.6", "Nhà trường", "500 triệu đồng", "Năm 2024", "Xây thư viện"]]
    path = _doc(tmp_path / "tt.docx", ["TRƯỜNG THCS TOÀN THẮNG", "Kế hoạch năm học 2023-2024"], table)
    result = import_file(registry_store, path)
    assert result.status == "rejected"
    assert {c[0] for c in result.candidates} == {"HP-THCS-TT", "HD-THCS-TT"}
    chosen = import_file(registry_store, path, school_choice="HD-THCS-TT")
    assert chosen.status == "imported" and chosen.counts["plan_items"] == 1


def test_duplicated_criterion_is_read_by_position_with_a_warning(registry_store, tmp_path):
    header = [["Tiêu chuẩn, tiêu chí", "Không đạt", "Mức 1", "Mức 2", "Mức 3", "Nội dung không đạt"]]
    rows = [[f"Tiêu chí {c}", "", "", "x", "", ""] for c in ("1.1", "1.2", "1.2", "1.4")]
    path = _doc(tmp_path / "dup.docx", ["TRƯỜNG THPT QUANG TRUNG", "năm học 2023-2024"], header + rows)
    result = import_file(registry_store, path)
    assert result.status == "imported"
    warning = " ".join(result.warnings["message"])
    assert "1.2 xuất hiện hai lần (dòng 3 và 4)" in warning and "đọc là tiêu chí 1.3" in warning
    ids = {r[0] for r in StoreReader(registry_store).cursor().execute("SELECT criterion_id FROM ratings").fetchall()}
    assert ids == {"1.1", "1.2", "1.3", "1.4"}


def test_row_marked_in_two_level_columns_is_reported(registry_store, tmp_path):
    table = [["Tiêu chuẩn, tiêu chí", "Không đạt", "Mức 1", "Mức 2", "Mức 3"], ["Tiêu chí 1.1", "x", "", "X", ""]]
    path = _doc(tmp_path / "two.docx", ["TRƯỜNG THPT QUANG TRUNG", "năm học 2023-2024"], table)
    assert "nhiều cột" in _rejected(registry_store, path)


def test_cli_exits_non_zero_when_a_file_is_rejected(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_text("không phải Excel", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "loaders", str(bad), "--db", str(tmp_path / "store")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "TỪ CHỐI" in run.stdout and "hong.xlsx" in run.stdout
