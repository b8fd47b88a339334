"""Numbers past their range (issue 13, cases 3 and 9): an error naming the cell at validation, never a
traceback; sums that cannot overflow, so a store already holding such values serves every page and table."""
from __future__ import annotations

import contextlib
import datetime
import io

import openpyxl
import pandas as pd
import pytest

from loaders import cli as loaders_cli
from loaders.importer import import_file
from loaders.store import Store, StoreReader
from metrics import cli as metrics_cli
from metrics.cli_args import scope_filters
from metrics.derive import refresh_derived
from metrics.exports import to_xlsx_workbook
from metrics.filters import Filters
from metrics.funding import funding_headline
from metrics.planner_model import planner_needs
from metrics.tables import TABLES
from tests.apptest import PAGES, open_app
from tests.conftest import FIXTURES, TEMPLATE_SEEDS
from tests.test_import import SCHOOL, full_ratings, workbook

# 9223372036 tỷ fits a BIGINT (9.223.372.036.854.775.807): two of them do not
NEAR_BIGINT_MAX = 9_223_372_036 * 10**9


def _plan(cost, criterion="3.6"):
    return [["T1", "2023-2024", criterion, "Mức 1", "Mức 2", "Xây thư viện", "HT", "Năm 2024", cost]]


def _only_error(result) -> dict:
    assert result.status == "rejected"
    (error,) = result.errors.to_dict("records")
    return error


@pytest.mark.parametrize("key, column, value, limit", [
    ("n_students", "Số học sinh", 3_000_000_000, "20.000"), ("n_students", "Số học sinh", 20_001, "20.000"),
    ("n_students", "Số học sinh", -5, "20.000"), ("n_classes", "Số lớp", 1_001, "1.000"),
])
def test_a_count_out_of_range_is_an_error_naming_the_cell_and_the_limit(store, tmp_path, key, column, value, limit):
    counts = {"n_classes": 18, "n_students": 650, key: value}
    school = SCHOOL + [None, None, counts["n_classes"], counts["n_students"]]
    version = store.current_path()
    error = _only_error(import_file(store, workbook(tmp_path / "f.xlsx", full_ratings(), schools=(school,))))
    assert (error["sheet"], error["row"], error["column"]) == ("Trường", 2, column)
    assert str(value) in error["message"] and limit in error["message"]
    assert store.current_path() == version


def test_a_count_that_is_not_whole_is_an_error(store, tmp_path):
    school = SCHOOL + [None, None, 18, 650.5]
    error = _only_error(import_file(store, workbook(tmp_path / "f.xlsx", full_ratings(), schools=(school,))))
    assert error["column"] == "Số học sinh" and "650.5" in error["message"] and "số nguyên" in error["message"]


def test_counts_at_their_limits_are_stored(store, tmp_path):
    school = SCHOOL + [None, None, 1_000, 20_000]
    assert import_file(store, workbook(tmp_path / "f.xlsx", full_ratings(), schools=(school,))).status == "imported"
    row = StoreReader(store).cursor().execute("SELECT n_classes, n_students FROM schools").fetchall()
    assert row == [(1_000, 20_000)]


@pytest.mark.parametrize("cost", [1e30, "10000000000 tỷ", "9223372036 tỷ", "2.000.000.000.000 đ", "1001 tỷ"])
def test_a_cost_above_1000_ty_is_an_error_naming_the_cell(store, tmp_path, cost):
    version = store.current_path()
    error = _only_error(import_file(store, workbook(tmp_path / "f.xlsx", full_ratings(), _plan(cost))))
    assert (error["sheet"], error["row"], error["column"]) == ("Kế hoạch", 2, "Kinh phí dự kiến")
    assert "1.000 tỷ đồng" in error["message"] and "đơn vị" in error["message"]
    assert store.current_path() == version


def test_a_cost_of_1000_ty_is_the_largest_accepted(store, tmp_path):
    assert import_file(store, workbook(tmp_path / "f.xlsx", full_ratings(), _plan("1000 tỷ"))).status == "imported"
    assert StoreReader(store).cursor().execute("SELECT cost_vnd FROM plan_items").fetchall() == [(10**12,)]


@pytest.mark.parametrize("cell, shown", [(datetime.datetime(2024, 1, 5), "05/01/2024"), ("05/01/2024", "05/01/2024")])
def test_a_date_in_the_money_column_says_it_is_a_date(store, tmp_path, cell, shown):
    result = import_file(store, workbook(tmp_path / "f.xlsx", full_ratings(), _plan(cell)))
    assert result.status == "imported"
    (warning,) = result.warnings.to_dict("records")
    assert (warning["row"], warning["column"]) == (2, "Kinh phí dự kiến")
    assert f"'{shown}'" in warning["message"] and "ngày, không phải số tiền" in warning["message"]
    assert "khoảng" not in warning["message"]  # the reason it was given before: '2024-01-05' read as a range
    assert StoreReader(store).cursor().execute("SELECT cost_vnd FROM plan_items").fetchall() == [(None,)]


@pytest.mark.parametrize("sheet, written", [("Đánh giá", "3.6.1"), ("Đánh giá", "Tiêu chí 3.6.1"),
                                            ("Kế hoạch", "3.6.1"), ("Kế hoạch", "3.6,1"), ("Đánh giá", 1e30)])
def test_a_criterion_not_of_the_framework_form_is_an_error_listing_the_form(store, tmp_path, sheet, written):
    ratings, plan = full_ratings(), _plan("1 tỷ")
    if sheet == "Đánh giá":
        ratings[5][4] = written  # sheet row 7
    else:
        plan[0][2] = written
    errors = import_file(store, workbook(tmp_path / "f.xlsx", ratings, plan)).errors
    first = errors.iloc[0]
    assert (first["sheet"], first["row"], first["column"]) == (sheet, 7 if sheet == "Đánh giá" else 2, "Tiêu chí")
    assert "3.6, 1.10" in first["message"] and "3.6.1" in first["message"]
    assert StoreReader(store).cursor().execute("SELECT count(*) FROM ratings").fetchall() == [(0,)]


def test_the_cli_reports_a_hostile_file_and_imports_the_next(store, tmp_path):
    """A traceback aborted the run and hid the line of the file already imported."""
    hostile = workbook(tmp_path / "a-hostile.xlsx", full_ratings(), _plan(1e30))
    good = FIXTURES / "template" / "HP-THCS-TT.xlsx"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = loaders_cli.main([str(hostile), str(good), "--db", str(store.root)])
    lines = printed.getvalue().splitlines()
    assert code == 1
    assert any(line.startswith("a-hostile.xlsx: TỪ CHỐI") for line in lines)
    assert any("Kế hoạch, dòng 2, cột Kinh phí dự kiến" in line and "1.000 tỷ" in line for line in lines)
    assert any(line.startswith("HP-THCS-TT.xlsx: ĐÃ NHẬP") for line in lines)


# ------------------------------------------------------------ stores that already hold such values
def _seed_store(root) -> Store:
    store = Store(root)
    for path in TEMPLATE_SEEDS:
        assert import_file(store, path).status == "imported"
    return store


@pytest.fixture(scope="module")
def huge_store(tmp_path_factory) -> Store:
    """The seeds with every estimated plan item at 9223372036 tỷ, written past validation (as a store
    filled before it existed): each fits BIGINT, every school and district total overflows it."""
    store = _seed_store(tmp_path_factory.mktemp("huge") / "store")
    with store.lock(), store.new_version() as con:
        con.execute("UPDATE plan_items SET cost_vnd = ? WHERE cost_vnd IS NOT NULL", [NEAR_BIGINT_MAX])
        refresh_derived(con)
    return store


def test_every_table_of_the_cli_serves_a_store_whose_totals_overflow_bigint(huge_store, tmp_path):
    for table in TABLES:
        for extra in ([], ["--format", "xlsx"], ["--year", "2023-2024"]):
            out = tmp_path / f"{table}.out"
            assert metrics_cli.main([table, "--db", str(huge_store.root), "--out", str(out), *extra]) == 0, table
            assert out.stat().st_size > 0


def test_the_district_totals_are_the_sums_of_their_schools_past_bigint(huge_store):
    con = StoreReader(huge_store).cursor()
    filters = scope_filters(metrics_cli._parser().parse_args(["districts"]))
    areas = TABLES["districts"](con, filters).set_index("province")["plan_cost_vnd"]
    schools = TABLES["schools"](con, filters).groupby("province")["plan_cost_vnd"].sum()
    assert areas["Hải Phòng"] > 2**63  # three Hải Phòng plans of two or more such items
    pd.testing.assert_series_equal(areas.sort_index().astype(float), schools.sort_index().astype(float),
                                   check_names=False, rtol=1e-12)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_serves_a_store_whose_totals_overflow_bigint(huge_store, monkeypatch, page):
    app = open_app(huge_store, monkeypatch, page)  # asserts no exception
    if page.endswith("kinh_phi.py"):
        assert app.metric[0].value.endswith(" tỷ đồng") and not app.metric[0].value.startswith("-")


def test_an_older_store_with_such_values_still_takes_a_normal_file_of_the_same_district(tmp_path):
    """Stores made before the money sums were HUGEINT hold them as BIGINT; Quang Trung's library at
    9223372036 tỷ fits, its district's library total with one more school does not: the import
    widens the columns and goes through."""
    store = _seed_store(tmp_path / "store")
    with store.lock(), store.new_version() as con:
        con.execute("UPDATE plan_items SET cost_vnd = CASE WHEN item_no = 5 THEN ? END "
                    "WHERE school_id = 'HP-THPT-QT'", [NEAR_BIGINT_MAX])  # its 3.6 library item
        refresh_derived(con)
        con.execute("ALTER TABLE assessment_status ALTER COLUMN plan_cost_vnd TYPE BIGINT")
        con.execute('ALTER TABLE category_counts ALTER COLUMN "cost" TYPE BIGINT')
    school = [["T9", "Trường THPT Cùng Huyện", "THPT", "Hải Phòng", "Thủy Nguyên"]]
    ratings = [["T9", *row[1:]] for row in full_ratings()]
    plan = [["T9", "2023-2024", "3.6", "Mức 1", "Mức 2", "Xây thư viện", "HT", "Năm 2024", "2 tỷ"]]
    assert import_file(store, workbook(tmp_path / "normal.xlsx", ratings, plan, schools=school)).status == "imported"
    total = StoreReader(store).cursor().execute(
        "SELECT max(cost) FROM category_counts WHERE district = 'Thủy Nguyên' AND category_key = 'thu_vien'").fetchall()
    assert total == [(NEAR_BIGINT_MAX + 2 * 10**9,)]


def test_district_money_is_summed_exactly_on_the_seeds(seed_con):
    """DuckDB 2.0 narrowed a grouped sum past a LEFT JOIN to 8 bits: Hải Phòng's three seed plans gave
    64 đồng instead of 65.545.000.000 (and Điện Biên 0). loaders.store.connect turns that optimizer off."""
    filters = scope_filters(metrics_cli._parser().parse_args(["districts"]))
    areas = TABLES["districts"](seed_con, filters).set_index("province")["plan_cost_vnd"]
    assert areas["Hải Phòng"] == 65_545_000_000 and areas["Điện Biên"] == 3_700_000_000


def test_the_planner_names_an_item_past_the_limit_instead_of_summing_it(huge_store):
    needs = planner_needs(StoreReader(huge_store).cursor(), Filters())
    toan_thang = needs.schools.set_index("school_id").loc["HP-THCS-TT"]
    assert not toan_thang["promotable"] and "vượt mức tối đa của một hạng mục" in toan_thang["reason"]
    assert needs.items.empty or needs.items["cost_vnd"].max() <= 10**12


def test_money_summed_in_pandas_does_not_wrap_past_int64():
    items = pd.DataFrame({"school_id": ["A", "B"], "cost_vnd": pd.Series([2**62, 2**62], dtype="int64")})
    assert funding_headline(items)["cost"] == 2.0**63  # an int64 sum gave -9.223.372.036.854.775.808
    workbook = to_xlsx_workbook([("Bảng", "Tổng", items, ("cost_vnd",))])
    sheet = openpyxl.load_workbook(io.BytesIO(workbook), data_only=True).active  # the SUM's value as written
    assert [row[1] for row in sheet.iter_rows(values_only=True)][-1] == 2.0**63
