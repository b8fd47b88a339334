"""Điểm yếu chung's drill-down: each school's cost for the chosen gap category, not its whole plan.

Golden values transcribed by hand from the fixture plans (tests/fixtures/template, sheet Kế hoạch) and
data/reference/gap_rules.csv, not produced by the code:
* Toàn Thắng (HP-THCS-TT, 2021-2022): criterion 3.1 "Không đạt"; item 3.1 "Tham mưu cấp trên xây nhà thi đấu
  đa năng", 4 tỷ đồng (rule C-PT-3.1). Its other items (nhà vệ sinh 1 tỷ, máy vi tính 40 triệu, thư viện
  500 triệu, hoạt động trải nghiệm 5 triệu) are in no sports category: whole plan 5.545.000.000 đ.
* Quang Trung (HP-THPT-QT, 2023-2024): criterion 3.1 "Mức 1"; item 3.1 (50 tỷ đồng, rule C-PT-3.1) and item
  3.2 "Tham mưu làm sân tập TDTT ... sửa chữa nhà đa năng" (5,5 tỷ đồng, keywords sân tập, tdtt, nhà đa
  năng): 55.500.000.000 đ of a 60 tỷ plan.
* Tiên Lãng's THCS (HP-THCS-TL1, 2022-2023): criterion 3.1 "Không đạt"; item 3.1 "Đề nghị cải tạo nhà xe, nhà
  kho, tường bao..." has no amount: 1 item, not estimated, no cost (never 0).
* Hẹ Muông and Thạnh Lộc have no criterion of the category below Mức 2 (a summary-only report; no gap).
"""
from __future__ import annotations

from metrics.category_costs import category_cost_by_school, schools_behind_category
from metrics.filters import Filters

_SPORTS = "the_thao"  # Nhà thi đấu / sân tập TDTT


def test_each_school_shows_the_category_cost_of_its_own_plan(seed_con):
    table = schools_behind_category(seed_con, Filters(), _SPORTS).set_index("school_id")
    assert sorted(table.index) == ["HP-THCS-TL1", "HP-THCS-TT", "HP-THPT-QT"]
    assert table.loc["HP-THCS-TT", "category_cost_vnd"] == 4_000_000_000
    assert table.loc["HP-THPT-QT", "category_cost_vnd"] == 55_500_000_000
    assert table["n_category_items"].to_dict() == {"HP-THCS-TL1": 1, "HP-THCS-TT": 1, "HP-THPT-QT": 2}
    assert table["n_category_not_estimated"].to_dict() == {"HP-THCS-TL1": 1, "HP-THCS-TT": 0, "HP-THPT-QT": 0}
    assert table["category_cost_vnd"].isna().loc["HP-THCS-TL1"]  # not estimated is no amount, never 0
    assert "plan_cost_vnd" not in table.columns  # the whole plan (5,545 and 60 tỷ) is not what this list shows


def test_another_category_gives_other_amounts_for_the_same_school(seed_con):
    toilets = category_cost_by_school(seed_con, Filters(), "ve_sinh").set_index("school_id")
    # Toàn Thắng item 3.4 "Xây thêm nhà vệ sinh", 1 tỷ đồng
    assert toilets.loc["HP-THCS-TT", "category_cost_vnd"] == 1_000_000_000


def test_the_category_cost_follows_the_scope(seed_con):
    one_province = schools_behind_category(seed_con, Filters(province="Điện Biên"), _SPORTS)
    assert one_province.empty
