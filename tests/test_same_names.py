"""Names that repeat: a district "Châu Thành" in two provinces, a "Trường Tiểu học số 1" in each, and
schools numbered 2 and 10 in one district. Imported through the real importer from files written here;
every expected value is worked out by hand from these rows."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from loaders.store import Store, StoreReader
from metrics.filters import Filters
from metrics.funding import items_behind
from metrics.tables import area_table, funding_items, funding_table, school_table
from tests.apptest import open_app
from tests.test_standing import csv_store

_SCHOOLS = [("AG1", "Trường Tiểu học số 1", "Tiểu học", "An Giang", "Châu Thành"),
            ("VL1", "Trường Tiểu học số 1", "Tiểu học", "Vĩnh Long", "Châu Thành"),
            ("VL10", "Trường Tiểu học số 10", "Tiểu học", "Vĩnh Long", "Châu Thành"),
            ("VL2", "Trường Tiểu học số 2", "Tiểu học", "Vĩnh Long", "Châu Thành")]
_PLANS = [("AG1", "2025-2026", "3.6", "Xây thư viện", "1 tỷ"),
          ("VL1", "2025-2026", "3.6", "Xây thư viện", "2 tỷ"),
          ("VL10", "2025-2026", "3.1", "Sửa sân tập", "300 triệu"),
          ("VL2", "2025-2026", "3.1", "Sửa sân tập", "")]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    assessments = [(school[0], "2025-2026", "Tự đánh giá", "Tiểu học", "Mức 1") for school in _SCHOOLS]
    return csv_store(tmp_path_factory.mktemp("same-names"), _SCHOOLS, assessments, _PLANS)


@pytest.fixture(scope="module")
def con(store):
    return StoreReader(store).cursor()


def test_a_district_of_the_same_name_in_two_provinces_is_two_rows(con):
    areas = area_table(con, Filters(), "district").set_index(["province", "district"])
    assert areas["n_assessed"].to_dict() == {("An Giang", "Châu Thành"): 1, ("Vĩnh Long", "Châu Thành"): 3}
    money = funding_table(con, Filters(), "district").set_index(["province", "district"])["plan_cost_vnd"]
    assert money.to_dict() == {("An Giang", "Châu Thành"): 1_000_000_000, ("Vĩnh Long", "Châu Thành"): 2_300_000_000}
    items = funding_items(con, Filters())
    behind = items_behind(items, "district", "Châu Thành", {"province": "Vĩnh Long"})
    assert sorted(behind["cost_vnd"].fillna(0)) == [0, 300_000_000, 2_000_000_000]


def test_two_schools_of_the_same_name_are_two_rows_of_money(con):
    by_school = funding_table(con, Filters(), "school")
    ones = by_school[by_school["name"] == "Trường Tiểu học số 1"].set_index("school_id")["plan_cost_vnd"]
    assert ones.to_dict() == {"AG1": 1_000_000_000, "VL1": 2_000_000_000}
    behind = items_behind(funding_items(con, Filters()), "school", "Trường Tiểu học số 1",
                          {"school_id": "VL1", "district": "Châu Thành"})
    assert list(behind["cost_vnd"]) == [2_000_000_000]


def test_schools_listed_as_people_count(con):
    names = school_table(con, Filters(province="Vĩnh Long"))["name"].tolist()
    assert names == ["Trường Tiểu học số 1", "Trường Tiểu học số 2", "Trường Tiểu học số 10"]
    assert pd.Series(names).is_unique


def test_criteria_by_district_keep_each_province_s_district(con):
    from metrics.tables import criteria_table
    table = criteria_table(con, Filters(), "district")
    library = table[table["criterion_id"] == "3.6"].set_index(["province", "district"])["n_schools_below2"]
    # every school is at Mức 1 on every criterion: 1 school in An Giang's Châu Thành, 3 in Vĩnh Long's
    assert library.to_dict() == {("An Giang", "Châu Thành"): 1, ("Vĩnh Long", "Châu Thành"): 3}


def test_the_overview_s_table_keeps_the_chart_s_order_of_areas(con):
    from metrics.overview import level_distribution, level_table
    # the distribution comes in natural order; byte order would give Bắc Sơn, Quận 12, Quận 3, Ánh Dương
    rows = pd.DataFrame({"area": ["Ánh Dương", "Bắc Sơn", "Quận 3", "Quận 12", "Quận 12"], "n": [1, 2, 3, 4, 5],
                         "level_group": ["level1", "level2", "below1", "level1", "level2"]})
    table = level_table(rows, "district")
    assert list(table["district"]) == ["Ánh Dương", "Bắc Sơn", "Quận 3", "Quận 12"]
    assert list(table["n_total"]) == [1, 2, 3, 9]
    assert list(dict.fromkeys(level_distribution(con, Filters(), "province")["area"])) == ["An Giang", "Vĩnh Long"]



def test_the_money_chart_tells_the_two_schools_apart(store, monkeypatch):
    app = open_app(store, monkeypatch, "pages/kinh_phi.py")
    next(r for r in app.radio if r.label == "Tổng hợp theo").set_value("school").run()
    assert not app.exception
    bars = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]["x"]
    assert sorted(bars) == ["Trường Tiểu học số 1 (Châu Thành, An Giang)", "Trường Tiểu học số 1 (Châu Thành, Vĩnh Long)",
                            "Trường Tiểu học số 10", "Trường Tiểu học số 2"]
