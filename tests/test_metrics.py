"""Metrics on the seed store and on hand-made stores: money, gaps, findings, tables, exports, CLI."""
import io
import subprocess
import sys

import openpyxl
import pandas as pd

from loaders.store import read_only
from metrics.exports import to_csv_bytes, to_xlsx_bytes
from metrics.filters import Filters
from metrics.formatting import format_money_short, format_number, format_vnd
from metrics.funding import funding_headline, items_behind
from metrics.overview import filter_options
from metrics.tables import (area_table, criteria_table, findings_table, funding_items, funding_table, gap_table,
                            school_table)
from tests.conftest import ROOT
from tests.helpers import make_store

TIEN_LANG = Filters(district="Tiên Lãng")


def test_school_table_has_the_required_columns_and_seed_figures(seed_con):
    table = school_table(seed_con, Filters())
    for column in ["school_id", "name", "school_level", "province", "province_written", "district", "commune",
                   "self_year", "self_assessed", "external_year", "external_result", "recognised_level",
                   "recognised_standard", "recognition_valid_until", "recognition_status", "n_below2", "list_below2",
                   "plan_year", "plan_cost_vnd", "n_not_estimated"]:
        assert column in table.columns, column
    qt = table.set_index("school_id").loc["HP-THPT-QT"]
    assert qt["list_below2"] == "2.2, 3.1, 3.2, 3.3, 3.6"
    assert qt["plan_cost_vnd"] == 60_000_000_000
    tl1 = table.set_index("school_id").loc["HP-THCS-TL1"]
    assert pd.isna(tl1["plan_cost_vnd"]) and tl1["n_not_estimated"] == 5


def test_funding_by_district_never_adds_missing_estimates_as_zero(seed_con):
    table = funding_table(seed_con, Filters(province="Hải Phòng"), "district").set_index("district")
    assert table.loc["Tiên Lãng", "plan_cost_vnd"] == 5_545_000_000
    assert table.loc["Tiên Lãng", "n_not_estimated"] == 5
    assert table.loc["Tiên Lãng", "n_items"] == 10


def test_funding_by_year_uses_the_single_year_a_timeframe_names(seed_con):
    table = funding_table(seed_con, Filters(province="Điện Biên"), "year").set_index("year_label")
    assert table.loc["2024", "plan_cost_vnd"] == 3_700_000_000  # 'Quý 1/2024', 'Năm 2024' x2
    assert table.loc["Nhiều năm / không ghi", "n_not_estimated"] == 3


def test_items_behind_a_funding_row_add_up_to_it(seed_con):
    items = funding_items(seed_con, TIEN_LANG)
    table = funding_table(seed_con, TIEN_LANG, "category").set_index("category_name")
    behind = items_behind(items, "category", "Thư viện")
    assert len(behind) == table.loc["Thư viện", "n_items"]
    assert behind["cost_vnd"].sum() == table.loc["Thư viện", "plan_cost_vnd"]


def test_sports_ground_of_seed_000_is_found_by_words_with_its_rule(seed_con):
    rules = seed_con.execute("""SELECT category_key, rules FROM plan_item_categories
        WHERE school_id = 'HP-THPT-QT' AND criterion_id = '3.2'""").fetchall()
    assert ("the_thao", "K-nha-da-nang, K-san-tap, K-tdtt") in rules


def test_keyword_rules_match_without_diacritics():
    con = make_store("TT18_2018_THCS_THPT", {"3.4": 1}, plan=[("3.4", 1_000_000_000)])
    con.execute("UPDATE plan_items SET action = 'xay them nha ve sinh'")
    from metrics.derive import refresh_derived
    refresh_derived(con)
    rules = con.execute("SELECT rules FROM plan_item_categories WHERE category_key = 've_sinh'").fetchall()
    assert rules == [("C-PT-3.4, K-ve-sinh-nha",)]


def test_gap_table_counts_schools_below_level2_per_category(seed_con):
    table = gap_table(seed_con, TIEN_LANG).set_index("category_name")
    assert table.loc["Thư viện", "n_schools_with_gap"] == 2  # both Tiên Lãng THCS: 3.6 below Mức 2
    assert table.loc["Thư viện", "share_schools_with_gap"] == 100.0


def test_criteria_table_and_grouping(seed_con):
    table = criteria_table(seed_con, Filters()).set_index(["framework_key", "criterion_id"])
    assert table.loc[("TT18_2018_THCS_THPT", "3.6"), "n_schools_below2"] == 3
    assert table.loc[("TT18_2018_THCS_THPT", "5.6"), "n_schools_missing"] == 1
    by_district = criteria_table(seed_con, Filters(), "district")
    assert set(by_district["district"]) == {"Thủy Nguyên", "Tiên Lãng"}


def test_area_table_lists_districts_of_the_chosen_province(seed_con):
    table = area_table(seed_con, Filters(province="Hải Phòng")).set_index("district")
    assert table.loc["Tiên Lãng", "n_assessed"] == 2
    assert table.loc["Tiên Lãng", "n_below1"] == 2
    assert table.loc["Tiên Lãng", "most_common_gap"] == "Tiêu chí 3.1 (2 trường)"


def test_findings_of_the_seeds(seed_con):
    findings = findings_table(seed_con, Filters())
    kinds = findings.groupby("school_id")["finding_kind"].apply(set)
    assert "Kế hoạch bỏ sót tiêu chí dưới Mức 2" in kinds["HP-THPT-QT"]  # 3.3 has no plan item
    assert "Thiếu tiêu chí" in kinds["HP-THPT-QT"]
    assert "Mức 3 cho tiêu chí không có Mức 3" in kinds["HP-THPT-QT"]  # 5.3, 5.4 rated Mức 3
    assert "Kế hoạch đặt Mức 3 cho tiêu chí không có Mức 3" in kinds["HCM-THPT-TL"]
    assert "Mức 4 đạt khi chưa đạt Mức 3" in kinds["HP-THCS-TT"]


def test_claimed_level_different_from_computed_is_a_finding():
    con = make_store("TT18_2018_THCS_THPT", {"3.6": 1})
    con.execute("INSERT INTO conclusions (school_id, school_year, assessment_type, claimed_level, claimed_level_text)"
                " VALUES ('S1', '2023-2024', 'Tự đánh giá', 2, 'Cấp độ 2')")
    from metrics.derive import refresh_derived
    refresh_derived(con)
    detail = findings_table(con, Filters())["detail"].tolist()
    assert any('tự kết luận "Cấp độ 2", tính theo quy định: Cấp độ 1' in d for d in detail)


def test_plan_item_for_a_criterion_already_at_target_is_a_finding():
    con = make_store("TT18_2018_THCS_THPT", plan=[("1.1", 5_000_000)])
    kinds = set(findings_table(con, Filters())["finding_kind"])
    assert "Kế hoạch cho tiêu chí đã đạt mục tiêu" in kinds


# ---------------------------------------------------------------- formats and downloads
def test_vietnamese_number_formats():
    assert format_number(1234567) == "1.234.567"
    assert format_number(12.5, 1) == "12,5"
    assert format_vnd(1234567) == "1.234.567 đ"
    assert format_vnd(None) == "" and format_vnd(float("nan")) == ""
    assert format_money_short(60e9) == "60 tỷ đồng"
    assert format_money_short(5.545e9) == "5,545 tỷ đồng"
    assert format_money_short(350e6) == "350 triệu đồng"
    assert format_money_short(303_705e6) == "303,7 tỷ đồng"
    assert format_money_short(None) == "chưa ước tính"


def test_short_amounts_keep_three_digits_and_round_half_up():
    """A 20 tỷ budget of which 19.950.000.000 đ is used and 50 triệu left was shown '19,9 tỷ' + '50 triệu'
    (one decimal, and the float 19.95 printed down); a person rounds 19,95 up at one decimal."""
    assert format_money_short(19_950_000_000) == "19,95 tỷ đồng"
    assert format_money_short(50_000_000) == "50 triệu đồng"
    assert format_number(19.95, 1) == "20,0" and format_number(0.125, 2) == "0,13"
    assert format_number(1234567, 1) == "1.234.567,0" and format_number(-1234) == "-1.234"  # whole numbers


def test_csv_download_has_bom_filters_and_neutralised_formulas():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "Trường A"], "n_schools": [1, 2, 3]})
    data = to_csv_bytes(frame, Filters(district="Tiên Lãng"), "Trường")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "# Quận/Huyện (trước 2025): Tiên Lãng" in text
    assert "'=HYPERLINK" in text and "'+1" in text and "\nTrường A,3" in text


def test_xlsx_download_keeps_text_as_text():
    """Text is written as text: no apostrophe, no formula (only CSV neutralises; tests/test_report_xlsx.py)."""
    frame = pd.DataFrame({"detail": ["=1+1", "@SUM(A1)", "-5 học sinh"], "cost_vnd": [1, None, 3]})
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, Filters(), "Thử")))
    cells = [c for c in workbook.active["A"] if c.value in ("=1+1", "@SUM(A1)", "-5 học sinh")]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    rows = [[c.value for c in row] for row in workbook.active.iter_rows()]
    start = rows.index(["Chi tiết", "Kinh phí (đồng)"])
    assert rows[0] == ["Thử", None] and rows[start - 1] == [None, None]  # title and scope, a gap, the table
    assert [r[1] for r in rows[start + 1:]] == [1, None, 3]  # numbers stay numbers; not estimated stays empty


def test_metrics_cli_writes_the_schools_table(seed_store, tmp_path):
    out = tmp_path / "truong.csv"
    run = subprocess.run([sys.executable, "-m", "metrics", "schools", "--db", str(seed_store.root),
                          "--district", "Tiên Lãng", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out, comment="#", encoding="utf-8-sig")
    assert set(table["Mã trường"]) == {"HP-THCS-TT", "HP-THCS-TL1"}
    about = [line for line in out.read_text(encoding="utf-8-sig").splitlines() if line.startswith("# ")]
    assert any(line.startswith("# Nguồn: ") and "phiên bản dữ liệu v" in line for line in about), about
    assert any(line.startswith("# Dữ liệu đến ngày: ") for line in about), about


def test_schools_one_away_from_level2_match_the_headline():
    from metrics.overview import headline, schools_one_away_from_level2
    con = make_store("TT18_2018_THCS_THPT", {"3.6": 1})
    assert headline(con, Filters())["one_away_from_2"] == 1
    assert list(schools_one_away_from_level2(con, Filters())["list_below2"]) == ["3.6"]


def test_items_behind_every_funding_row_add_up_to_it_for_every_grouping(seed_con):
    from metrics.tables import FUNDING_GROUPS
    items = funding_items(seed_con, Filters())
    for by, (_, key) in FUNDING_GROUPS.items():
        for _, row in funding_table(seed_con, Filters(), by).iterrows():
            behind = items_behind(items, by, row[key])
            assert len(behind) == row["n_items"], (by, row[key])


def test_funding_headline_counts_items_without_estimate_and_plans_that_estimate_nothing(seed_con):
    h = funding_headline(funding_items(seed_con, TIEN_LANG))
    # Toàn Thắng: 5,545 tỷ over its estimated items; the Tiên Lãng THCS plan: 5 items, none estimated
    assert h["cost"] == 5_545_000_000
    assert (h["schools"], h["schools_nothing_estimated"]) == (2, 1)
    assert (h["items"], h["not_estimated"]) == (10, 5)


def test_school_list_search_ignores_case_and_diacritics_and_keeps_a_linked_school(seed_con):
    from metrics.profile import school_list
    found = school_list(seed_con, Filters(), search="toan thang")
    assert list(found["school_id"]) == ["HP-THCS-TT"]
    assert list(school_list(seed_con, Filters(), search="thcs-tl")["school_id"]) == ["HP-THCS-TL1"]
    everyone = list(school_list(seed_con, Filters())["school_id"])
    assert len(everyone) == 5
    # a limit keeps the linked school, and the list stays in display order
    short = list(school_list(seed_con, Filters(), limit=2, first=everyone[-1])["school_id"])
    assert short == [everyone[0], everyone[-1]]


def test_the_school_levels_to_filter_by_come_in_the_regulation_order(shared_demo_store):
    """Mầm non, Tiểu học, THCS, THPT, Nhiều cấp học: a new user saw 'Tiểu học, THPT, Nhiều cấp học, …'."""
    with read_only(shared_demo_store.current_path()) as con:
        assert filter_options(con)["school_level"] == ["Mầm non", "Tiểu học", "THCS", "THPT", "Nhiều cấp học"]
