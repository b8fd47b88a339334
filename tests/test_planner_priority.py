"""The planner's priority weight (issue 12): the rule at its edges (a recognition lapsed, lapsing within the
planning period or later; a commune flagged or not), the reference list as the store loads it, and the
weights on the demo store against the Công nhận page's statuses."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from loaders.store import StoreReader
from metrics.filters import Filters
from metrics.planner_priority import (Priority, communes_in_scope, named_communes, planning_period_end,
                                      priority_weights, reference_communes, weights_from_rows)
from metrics.query import run_sql
from tests.conftest import ROOT

_DAY = date(2026, 12, 1)
_END = date(2028, 1, 1)  # annual budgets for 2026 and 2027: the period ends with 31/12/2027


def _weights(valid_until: list, communes: list, priority: Priority, reference=None) -> pd.DataFrame:
    rows = pd.DataFrame({"school_id": [f"S{i}" for i in range(len(valid_until))],
                         "province": [p for p, _ in communes], "commune": [c for _, c in communes],
                         "recognition_valid_until": pd.to_datetime(valid_until)})
    return weights_from_rows(rows, priority, _DAY, reference).set_index("school_id")


def test_a_recognition_counts_when_it_has_lapsed_or_lapses_within_the_period():
    valid = ["2024-06-01", "2026-11-30", "2026-12-01", "2027-12-31", "2028-01-01", "2031-05-01", None]
    table = _weights(valid, [("Điện Biên", "Na Ư")] * len(valid), Priority(expiring_before=_END))
    assert list(table["priority_weight"]) == [2, 2, 2, 2, 1, 1, 1]
    reasons = table["priority_reason"]
    assert reasons["S0"] == "quyết định công nhận đã hết hiệu lực (hiệu lực đến 01/06/2024)"
    assert reasons["S1"].startswith("quyết định công nhận đã hết hiệu lực")  # the day before the day
    # still in force on the day, lapsing before the period ends (its last valid day is the period's last day)
    assert reasons["S2"] == "quyết định công nhận hết hiệu lực trong kỳ kế hoạch (hiệu lực đến 01/12/2026)"
    assert reasons["S3"] == "quyết định công nhận hết hiệu lực trong kỳ kế hoạch (hiệu lực đến 31/12/2027)"
    assert list(reasons[["S4", "S5", "S6"]]) == ["", "", ""]


def test_without_the_expiry_term_no_recognition_counts():
    table = _weights(["2024-06-01"], [("Điện Biên", "Na Ư")], Priority())
    assert table["priority_weight"].tolist() == [1] and table["priority_reason"].tolist() == [""]


def test_a_flagged_commune_counts_as_written_any_way_in_its_own_province_only():
    places = [("Điện Biên", "Hẹ Muông"), ("Điện Biên", "xã hẹ muông"), ("Lai Châu", "Hẹ Muông"),
              ("Điện Biên", "Na Ư"), ("Điện Biên", None)]
    reference = pd.DataFrame({"province": ["Điện Biên"], "commune": ["Hẹ Muông"], "reason": ["xã khu vực III"]})
    table = _weights([None] * 5, places, Priority(frozenset({("Điện Biên", "Xã Hẹ Muông")})), reference)
    assert list(table["priority_weight"]) == [2, 2, 1, 1, 1]
    assert table.loc["S0", "priority_reason"] == "Hẹ Muông: xã khu vực III"
    assert table.loc["S1", "priority_reason"] == "xã hẹ muông: xã khu vực III"
    chosen = _weights([None], [("Điện Biên", "Na Ư")], Priority(frozenset({("Điện Biên", "Na Ư")})), reference)
    assert chosen.loc["S0", "priority_reason"] == "Na Ư: xã khó khăn (chọn khi lập phương án)"


def test_both_terms_add_up():
    table = _weights(["2027-06-30"], [("Điện Biên", "Hẹ Muông")],
                     Priority(frozenset({("Điện Biên", "Hẹ Muông")}), _END))
    assert table.loc["S0", "priority_weight"] == 3
    assert table.loc["S0", "priority_reason"] == ("quyết định công nhận hết hiệu lực trong kỳ kế hoạch (hiệu lực "
                                                  "đến 30/06/2027); Hẹ Muông: xã khó khăn (chọn khi lập phương án)")


def test_the_planning_period_is_the_annual_budgets_or_twelve_months():
    assert planning_period_end(_DAY, [2027, 2026]) == _END
    assert planning_period_end(_DAY) == date(2027, 12, 1)
    assert planning_period_end(date(2024, 2, 29)) == date(2025, 2, 28)  # as DuckDB's + INTERVAL 12 MONTH


def test_the_store_loads_the_reference_list(seed_con):
    file = pd.read_csv(ROOT / "data" / "reference" / "priority_communes.csv", dtype=str)
    loaded = reference_communes(seed_con)
    assert loaded.astype(str).values.tolist() == file.sort_values(["province", "commune"]).values.tolist()
    assert file["source"].notna().all() and file["reason"].notna().all()
    scope = communes_in_scope(seed_con, Filters()).set_index("commune")
    # the list ships empty: no commune is flagged until a Sở writes its own (SOURCES.md §9)
    assert {"Hẹ Muông", "Toàn Thắng"} <= set(scope.index) and not scope["listed"].any()
    assert named_communes(scope.reset_index(), ["xã Toàn Thắng"]) == {("Hải Phòng", "Toàn Thắng")}
    none = communes_in_scope(seed_con, Filters(province="Huế"))  # no school there: nothing listed, nothing fails
    assert none.empty and none[none["listed"]].columns.tolist() == ["province", "commune", "listed"]


@pytest.fixture(scope="module")
def demo_con(shared_demo_store):
    return StoreReader(shared_demo_store).cursor()


def test_with_one_budget_the_expiry_term_is_the_recognition_page_s_lapsing_and_lapsed(demo_con):
    """12 months from the day is the horizon of 'Sắp hết hiệu lực': the term falls on exactly the schools
    whose first decision to lapse is expiring or expired there."""
    filters = Filters(as_of=_DAY)
    weights = priority_weights(demo_con, filters, Priority(expiring_before=planning_period_end(_DAY)))
    statuses = run_sql(demo_con, "SELECT school_id, recognition_status FROM selection", filters)
    table = weights.merge(statuses, on="school_id")
    lapsing = table["recognition_status"].isin(["expiring", "expired"])
    assert lapsing.sum() > 20 and (table["priority_weight"] == 1 + lapsing).all()
