"""Import semantics: all-or-nothing per file, replace on re-import, history, concurrency."""
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from loaders.importer import import_file
from loaders.schema import create_store
from loaders.store import OutdatedStore, StoreReader, registered
from loaders.template import write_template
from tests.conftest import ROOT, TEMPLATE_SEEDS

SCHOOL = ["T1", "Trường THCS Thử", "THCS", "Hải Phòng", "Tiên Lãng"]


def workbook(path: Path, ratings=(), plan=(), schools=(SCHOOL,)) -> Path:
    """A template filled the way a school would, built from the real template file."""
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for sheet, rows in (("Trường", schools), ("Đánh giá", ratings), ("Kế hoạch", plan)):
        for row in rows:
            wb[sheet].append(list(row))
    wb.save(path)
    return path


def full_ratings(level="Mức 2", year="2023-2024", **overrides):
    con = duckdb.connect()
    create_store(con)
    ids = [r[0] for r in con.execute("SELECT criterion_id FROM criteria WHERE framework_key = "
                                     "'TT18_2018_THCS_THPT' ORDER BY sort_key").fetchall()]
    return [["T1", year, None, None, c, overrides.get(c, level), None] for c in ids]


def counts(store):
    con = StoreReader(store).cursor()
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("schools", "ratings", "plan_items", "imports")}


def test_template_round_trip(store, tmp_path):
    path = workbook(tmp_path / "ok.xlsx", full_ratings(**{"3.6": "Mức 1"}),
                    [["T1", "2023-2024", "3.6", "Mức 1", "Mức 2", "Xây thư viện", "HT", "Năm 2024", "1,2 tỷ đồng"]])
    result = import_file(store, path)
    assert result.status == "imported" and result.counts["ratings"] == 28
    con = StoreReader(store).cursor()
    assert con.execute("SELECT accreditation_text, list_below2, plan_cost_vnd FROM assessment_status").fetchone() \
        == ("Cấp độ 1", "3.6", 1_200_000_000)


def test_one_bad_row_rejects_the_whole_file_and_changes_nothing(store, tmp_path):
    import_file(store, workbook(tmp_path / "first.xlsx", full_ratings()))
    before = counts(store)
    version = store.current_path()
    bad = full_ratings(level="Mức 1")
    bad[5][5] = "Tốt"
    result = import_file(store, workbook(tmp_path / "bad.xlsx", bad))
    assert result.status == "rejected"
    (error,) = result.errors.to_dict("records")
    assert (error["sheet"], error["row"], error["column"]) == ("Đánh giá", 7, "Mức đạt")
    assert "Tốt" in error["message"]
    assert counts(store) == before and store.current_path() == version
    entry = store.read_log()[-1]
    assert entry["status"] == "rejected" and Path(entry["original"]).read_bytes() == (tmp_path / "bad.xlsx").read_bytes()


def test_unknown_school_and_criterion_outside_framework_are_errors(store, tmp_path):
    rows = [["X9", "2023-2024", None, None, "3.1", "Mức 2", None],
            ["T1", "2023-2024", None, None, "5.7", "Mức 2", None]]
    result = import_file(store, workbook(tmp_path / "bad.xlsx", rows))
    messages = " ".join(result.errors["message"])
    assert result.status == "rejected" and "X9" in messages and "5.7" in messages and "TT18/2018" in messages


def test_a_criterion_rated_twice_is_an_error_on_both_rows_naming_each_other(store, tmp_path):
    ratings = full_ratings()
    ratings.append(list(ratings[2]))  # criterion on sheet row 4 again, on row 30
    result = import_file(store, workbook(tmp_path / "twice.xlsx", ratings))
    assert result.status == "rejected"
    errors = result.errors.to_dict("records")
    assert [e["row"] for e in errors] == [4, 30]
    assert all("dòng 4, 30" in e["message"] for e in errors)


def test_reimport_replaces_and_identical_file_changes_nothing(store, tmp_path):
    import_file(store, workbook(tmp_path / "a.xlsx", full_ratings(level="Mức 1")))
    path = workbook(tmp_path / "b.xlsx", full_ratings(level="Mức 2"), schools=())
    assert import_file(store, path).status == "imported"
    con = StoreReader(store).cursor()
    assert con.execute("SELECT count(*), min(level) FROM ratings").fetchone() == (28, 2)
    version = store.current_path()
    assert import_file(store, path).status == "unchanged"
    assert store.current_path() == version
    assert len(list(store.originals.iterdir())) == 2  # the identical file is not stored twice


def test_money_text_warns_but_imports(store, tmp_path):
    plan = [["T1", "2023-2024", "3.1", None, None, "Sân", None, None, "Theo dự án"]]
    result = import_file(store, workbook(tmp_path / "p.xlsx", full_ratings(), plan))
    assert result.status == "imported" and "Theo dự án" in result.warnings.iloc[0]["message"]
    row = StoreReader(store).cursor().execute("SELECT cost_vnd, cost_text FROM plan_items").fetchone()
    assert row == (None, "Theo dự án")


def test_csv_tables_with_and_without_bom(store, tmp_path):
    (tmp_path / "Trường.csv").write_text("Ma truong,Ten truong,Cap hoc,Tinh/Thanh pho\nT1,Trường A,THCS,Hải Phòng\n",
                                         encoding="utf-8-sig")
    (tmp_path / "ratings.csv").write_text("Mã trường,Năm học,Tiêu chí,Mức đạt\nT1,2023-2024,3.6,Mức 1\n",
                                          encoding="utf-8")
    assert import_file(store, tmp_path / "Trường.csv").status == "imported"
    assert import_file(store, tmp_path / "ratings.csv").status == "imported"
    assert counts(store)["ratings"] == 1


def test_text_file_renamed_xlsx_is_rejected_with_a_message(store, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook")
    result = import_file(store, path)
    assert result.status == "rejected" and "không mở được" in result.errors.iloc[0]["message"]


def test_reader_sees_new_data_without_restart_while_an_import_runs_in_another_process(store, tmp_path):
    reader = StoreReader(store)
    held = reader.cursor()  # the dashboard holds the current version open
    assert held.execute("SELECT count(*) FROM schools").fetchone() == (0,)
    script = ("import sys; from pathlib import Path; from loaders.store import Store; "
              "from loaders.importer import import_file; "
              "r = [import_file(Store(sys.argv[1]), Path(p)).status for p in sys.argv[2:]]; "
              "sys.exit(0 if set(r) == {'imported'} else 1)")
    half = len(TEMPLATE_SEEDS) // 2
    procs = [subprocess.Popen([sys.executable, "-c", script, str(store.root), *[str(p) for p in paths]], cwd=ROOT)
             for paths in (TEMPLATE_SEEDS[:half], TEMPLATE_SEEDS[half:])]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert reader.cursor().execute("SELECT count(*) FROM schools").fetchone() == (5,)
    assert held.execute("SELECT count(*) FROM schools").fetchone() == (0,)  # old cursor: old snapshot


def test_a_store_from_another_schema_version_gets_a_clear_message(store):
    with store.lock(), store.new_version() as con:  # published and sealed like any version
        con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    try:
        StoreReader(store).cursor()
        raise AssertionError("an outdated store must not be read silently")
    except OutdatedStore as problem:
        assert "phiên bản cũ" in str(problem)


def test_a_new_store_answers_every_derived_question_before_any_import(store):
    con = StoreReader(store).cursor()
    for table in ("assessment_status", "criterion_counts", "category_counts", "plan_item_details", "findings",
                  "criterion_gap_categories", "plan_item_categories", "criterion_ratings", "criterion_status"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert con.execute("SELECT fold('Trường  Đông') , criteria_in(['1.1', '1.2'], 2)").fetchone() == ("truong dong", "1.2")


def test_registered_frames_are_gone_after_the_block_even_when_it_raises():
    con = duckdb.connect()
    with pytest.raises(KeyError):
        with registered(con, "_rows", pd.DataFrame({"a": [1]})):
            assert con.execute("SELECT a FROM _rows").fetchall() == [(1,)]
            raise KeyError
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT a FROM _rows")
