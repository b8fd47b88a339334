"""The annex an official attaches to a proposal: funded items, totals by district and by gap category,
each sheet with its title block and a totals row that adds up to the money the plan uses."""
import io

import openpyxl
import pytest

from data.demo import build_demo_store
from loaders.store import Store, StoreReader
from metrics.exports import to_xlsx_workbook
from metrics.filters import Filters
from metrics.planner import Constraints, plan
from metrics.planner_model import PlanOptions, planner_needs
from metrics.planner_report import funded_items, funding_by_category, funding_by_district


@pytest.fixture(scope="module")
def chosen(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("annex") / "store")
    build_demo_store(store)
    con = StoreReader(store).cursor()
    needs = planner_needs(con, Filters(province="Hải Phòng"), PlanOptions())
    return con, needs, plan(needs, Constraints(budget=50_000_000_000))


def test_funded_items_add_up_to_the_money_the_plan_uses(chosen):
    con, needs, best = chosen
    items = funded_items(con, needs, best)
    assert set(items["school_id"]) == set(best.selected)
    assert items["cost_vnd"].sum() == best.money_used
    districts = funding_by_district(items)
    assert districts["money_used_vnd"].sum() == best.money_used and districts["n_promoted"].sum() == best.n_promoted
    # the average is rounded to whole đồng: at most half a đồng per school away from the total
    off = (districts["cost_per_school_vnd"] * districts["n_promoted"] - districts["money_used_vnd"]).abs()
    assert (off <= districts["n_promoted"] / 2).all()
    assert funding_by_category(items)["money_used_vnd"].sum() == best.money_used


def test_the_annex_workbook_has_three_sheets_with_titles_and_totals(chosen):
    con, needs, best = chosen
    items = funded_items(con, needs, best)
    annex = [("Danh mục đầu tư", "Phụ lục: danh mục đầu tư", items, ("cost_vnd",)),
             ("Theo quận huyện", "Phụ lục: tổng hợp theo quận/huyện", funding_by_district(items),
              ("n_promoted", "money_used_vnd"))]
    # data_only: the totals are SUM formulas; their values as computed when written
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_workbook(annex, Filters(province="Hải Phòng"))), data_only=True)
    assert book.sheetnames == ["Danh mục đầu tư", "Theo quận huyện"]
    sheet = book["Danh mục đầu tư"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Phụ lục: danh mục đầu tư" and rows[1][0].startswith("Phạm vi: Tỉnh/Thành phố: Hải Phòng;")
    header = next(i for i, r in enumerate(rows) if r[0] == "Mã trường")
    cost = rows[header].index("Kinh phí (đồng)")
    assert rows[-1][0] == "Tổng cộng" and rows[-1][cost] == best.money_used
    assert sum(r[cost] for r in rows[header + 1:-1]) == best.money_used  # numbers, not text
    assert sheet.freeze_panes == f"A{header + 2}"


def test_unit_cost_check_flags_items_far_from_their_peers_median():
    import pandas as pd
    from metrics.unit_costs import unit_cost_flags
    rows = [("A", "Thư viện", "THCS", 1_000), ("B", "Thư viện", "THCS", 1_000), ("C", "Thư viện", "THCS", 2_000),
            ("D", "Thư viện", "THCS", 2_001), ("E", "Thư viện", "THCS", 499), ("F", "Thư viện", "Tiểu học", 9_000),
            ("G", "Thư viện", "THCS", 0), ("H", "Nhà vệ sinh", "THCS", 50)]
    items = pd.DataFrame(rows, columns=["name", "categories", "school_level", "cost_vnd"]).assign(
        district="X", criterion_id="3.6", action="", item_no=1)
    items["school_id"] = items["name"]
    flags = unit_cost_flags(items).set_index("name")
    # THCS library median (0 is free, not a cost): 499, 1000, 1000, 2000, 2001 -> 1000; exactly twice is not flagged
    assert flags["category_median_vnd"].eq(1_000).all()
    assert flags["cost_flag"].to_dict() == {"E": "low", "D": "high"}
    # one primary-school library, one toilet block: too few peers to say what such an item costs
    assert "F" not in flags.index and "H" not in flags.index
    assert flags.loc["D", "cost_note"] == "Thư viện 2.001 đ: gấp 2,0 lần trung vị"  # 2,001 to one decimal
    assert flags.loc["E", "cost_note"] == "Thư viện 499 đ: chỉ bằng 0,5 lần trung vị"


def test_the_flags_of_a_plan_are_those_of_the_items_it_funds():
    import pandas as pd
    from metrics.unit_costs import flags_among
    flags = pd.DataFrame({"school_id": ["A", "A", "B"], "item_no": [1, 2, 1], "criterion_id": ["3.6", "3.6", "3.1"],
                          "cost_note": ["a1", "a2", "b1"]})
    funded = pd.DataFrame({"school_id": ["A", "B", "C"], "item_no": [2, 1, 1], "criterion_id": ["3.6", "3.5", "3.1"]})
    assert list(flags_among(flags, funded)["cost_note"]) == ["a2"]  # B's item 1 is another criterion's
