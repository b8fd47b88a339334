"""The budget planner (issue 12): the integer programme against brute force, each constraint at its edge,
the two simple rules, and the model of needs on the seeds and the demo store."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from data.demo import build_demo_store
from loaders.store import Store, StoreReader
from metrics.filters import Filters
from metrics.planner import Constraints, plan
from metrics.planner_compare import budget_curve, cheapest_item_first, largest_need_first
from metrics.planner_model import PlanOptions, planner_needs
from metrics.query import run_sql
from metrics.tables import funding_items
from tests.conftest import ROOT
from tests.planner_cases import brute_force, needs_of


_costs = st.integers(0, 12)
_school = st.tuples(st.sampled_from(["d1", "d2"]), st.integers(0, 500),
                    st.lists(st.tuples(_costs, st.sampled_from([None, 2026, 2027])), min_size=1, max_size=3),
                    st.sampled_from([("P1", None), ("P1", "c1"), ("P1", "c2"), ("P2", "c1")]))


def _spec(schools) -> list[tuple]:
    return [(f"S{i}", district, pupils, [(f"1.{k}", cost, year) for k, (cost, year) in enumerate(items)])
            for i, (district, pupils, items, _) in enumerate(schools)]


def _areas(schools) -> dict:
    return {f"S{i}": area for i, (*_, area) in enumerate(schools)}


@settings(max_examples=60, deadline=None)
@given(st.lists(_school, min_size=1, max_size=6), st.integers(0, 40), st.sampled_from(["schools", "pupils", "weight"]),
       st.booleans(), st.sampled_from([None, 10, 15]), st.sampled_from(["district", "commune", "province"]))
def test_the_solver_equals_brute_force(schools, budget, objective, min_per_district, cap, cap_area):
    needs = needs_of(_spec(schools), _areas(schools))
    weights = {f"S{i}": 1 + i % 3 for i in range(len(schools))}  # what a priority rule could give
    constraints = Constraints(budget, objective, min_per_district=min_per_district, weights=weights,
                              **{f"{cap_area}_cap": cap})
    result = plan(needs, constraints)
    best = brute_force(needs, constraints)
    assert result.status == ("infeasible" if best < 0 else "optimal")
    if best >= 0:
        assert result.objective == pytest.approx(best) and result.gap == 0
        chosen = needs.promotable().set_index("school_id").loc[list(result.selected)]
        assert result.money_used == chosen["cost_vnd"].sum() <= budget
    if not min_per_district and cap is None:  # the rules spend the same money, never better
        assert result.n_promoted >= largest_need_first(needs, budget).n_promoted or objective != "schools"
        assert result.n_promoted >= cheapest_item_first(needs, budget).n_promoted or objective != "schools"


@settings(max_examples=40, deadline=None)
@given(st.lists(_school, min_size=1, max_size=4), st.integers(0, 15), st.integers(0, 15))
def test_the_phased_solver_equals_brute_force(schools, first_year, second_year):
    needs = needs_of(_spec(schools), _areas(schools))
    constraints = Constraints(years={2026: first_year, 2027: second_year})
    result = plan(needs, constraints)
    assert result.objective == pytest.approx(brute_force(needs, constraints))
    assert all(result.funding_by_year[y] <= b for y, b in constraints.years.items())  # never over a year


def test_both_simple_rules_can_be_wrong():
    """Largest need first spends it all on A; cheapest item first on D's six items and half of B and C."""
    needs = needs_of([("A", "d1", 0, [("1.1", 10, None)]), ("B", "d1", 0, [("1.1", 1, None), ("1.2", 4, None)]),
                    ("C", "d1", 0, [("1.1", 1, None), ("1.2", 4, None)]),
                    ("D", "d1", 0, [(f"1.{k}", 1, None) for k in range(6)])])
    assert plan(needs, Constraints(10)).selected == {"B", "C"}
    assert largest_need_first(needs, 10).selected == {"A"}
    assert cheapest_item_first(needs, 10).selected == {"D"}


# ---------------------------------------------------------------- each constraint at its edge

def test_a_budget_of_exactly_the_cost_promotes_and_one_dong_less_does_not():
    cost = 5_545_000_000
    needs = needs_of([("A", "d1", 0, [("1.1", 5_000_000_000, None), ("1.2", 545_000_000, None)])])
    assert plan(needs, Constraints(cost)).selected == {"A"}
    short = plan(needs, Constraints(cost - 1))
    assert short.selected == frozenset() and short.money_left == cost - 1


def test_a_district_cap_keeps_money_in_each_district():
    needs = needs_of([("A", "d1", 0, [("1.1", 4, None)]), ("B", "d1", 0, [("1.1", 4, None)]),
                    ("C", "d2", 0, [("1.1", 4, None)])])
    assert plan(needs, Constraints(12)).n_promoted == 3
    capped = plan(needs, Constraints(12, district_cap=7))
    assert capped.n_promoted == 2 and "C" in capped.selected
    assert plan(needs, Constraints(12, district_cap=8)).n_promoted == 3


def test_a_commune_cap_keeps_money_in_each_commune_of_its_district():
    """A and B share commune c1 of d1; C is in c1 of d2 (another commune of the same name); D and E write no
    commune, so each is capped alone, never lumped into one 'unknown' commune."""
    spec = [(school, district, 0, [("1.1", 4, None)]) for school, district in
            (("A", "d1"), ("B", "d1"), ("C", "d2"), ("D", "d1"), ("E", "d1"))]
    needs = needs_of(spec, {"A": ("P", "c1"), "B": ("P", "c1"), "C": ("P", "c1")})
    capped = plan(needs, Constraints(20, commune_cap=7))
    assert capped.n_promoted == 4 and {"C", "D", "E"} <= capped.selected
    assert plan(needs, Constraints(20, commune_cap=8)).n_promoted == 5
    assert plan(needs, Constraints(20, commune_cap=3)).n_promoted == 0


def test_a_province_cap_at_its_edge():
    spec = [(school, "d1", 0, [("1.1", 5, None)]) for school in "ABC"]
    needs = needs_of(spec, {"A": ("P1", None), "B": ("P1", None), "C": ("P2", None)})
    assert plan(needs, Constraints(15, province_cap=9)).n_promoted == 2
    assert plan(needs, Constraints(15, province_cap=10)).n_promoted == 3


def test_the_weight_objective_prefers_the_heavier_school_at_the_same_cost():
    needs = needs_of([("A", "d1", 900, [("1.1", 5, None)]), ("B", "d1", 10, [("1.1", 5, None)])])
    assert plan(needs, Constraints(5, "pupils")).selected == {"A"}
    assert plan(needs, Constraints(5, "weight", weights={"A": 1.0, "B": 2.0})).selected == {"B"}


def test_one_school_per_district_infeasible_then_feasible():
    needs = needs_of([("A", "d1", 0, [("1.1", 5, None)]), ("B", "d2", 0, [("1.1", 5, None)]),
                    ("C", "d2", 0, [("1.1", 1, None)])])
    assert plan(needs, Constraints(5, min_per_district=True)).status == "infeasible"
    assert plan(needs, Constraints(6, min_per_district=True)).selected == {"A", "C"}


def test_an_excluded_category_makes_a_school_free_or_cheaper():
    spec = [("A", "d1", 0, [("1.1", 7, None, ["doi_ngu"])]),
            ("B", "d1", 0, [("1.1", 7, None, ["doi_ngu"]), ("1.2", 3, None, ["thu_vien"])]),
            ("C", "d1", 0, [("1.1", None, None, ["doi_ngu"])])]
    kept = needs_of(spec).schools.set_index("school_id")
    assert list(kept["cost_vnd"].fillna(-1)) == [7, 10, -1] and not kept.loc["C", "promotable"]
    excluded = needs_of(spec, excluded_categories=frozenset({"doi_ngu"}))
    assert list(excluded.schools["cost_vnd"]) == [0, 3, 0] and excluded.schools["promotable"].all()
    assert plan(excluded, Constraints(0)).selected == {"A", "C"}


def test_an_item_is_never_funded_before_its_plan_year():
    needs = needs_of([("A", "d1", 0, [("1.1", 5, 2026), ("1.2", 5, 2027)])])
    assert plan(needs, Constraints(years={2026: 100})).selected == frozenset()  # no year for 2027's item
    assert plan(needs, Constraints(years={2026: 10, 2027: 0})).selected == frozenset()
    phased = plan(needs, Constraints(years={2026: 5, 2027: 5}))
    assert phased.promoted_year == {"A": 2027} and phased.funding_by_year == {2026: 5, 2027: 5}


def test_items_costed_zero_are_free_and_missing_costs_block_with_a_reason():
    schools = needs_of([("A", "d1", 0, [("1.1", 0, None)]), ("B", "d1", 0, [("1.1", None, None), ("1.2", 3, None)]),
                      ("C", "d1", 0, [("3.6", "none", None), ("3.5", None, None)])]).schools.set_index("school_id")
    assert schools.loc["A", "promotable"] and schools.loc["A", "cost_vnd"] == 0
    assert schools.loc["B", "reason"] == "Hạng mục tiêu chí 1.1 chưa ước tính kinh phí"
    assert schools.loc["C", "reason"] == ("Kế hoạch chưa có hạng mục cho tiêu chí 3.6; "
                                          "hạng mục tiêu chí 3.5 chưa ước tính kinh phí")


def test_a_school_that_needs_no_money_counts_in_every_rule():
    """F needs only a 0 đ measure: the planner and both rules promote it, even when the largest need
    (A, 10) does not fit and ends the largest-first round at once (it counted 0 schools then)."""
    needs = needs_of([("A", "d1", 0, [("1.1", 10, None)]), ("B", "d1", 0, [("1.1", 4, None)]),
                      ("F", "d1", 0, [("1.1", 0, None)])])
    assert needs.free() == ["F"]
    assert plan(needs, Constraints(5)).selected == {"B", "F"}
    assert largest_need_first(needs, 5).selected == {"F"} and largest_need_first(needs, 14).selected == {"A", "B", "F"}
    assert cheapest_item_first(needs, 0).selected == {"F"}


def test_the_budget_curve_rises_from_nothing_to_every_school():
    needs = needs_of([(f"S{i}", "d1", 0, [("1.1", 3 + i, None)]) for i in range(5)])
    curve = budget_curve(needs, points=10)
    assert curve["budget_vnd"].iloc[0] == 0 and curve["n_promoted"].iloc[0] == 0
    assert curve["budget_vnd"].iloc[-1] == 25 and curve["n_promoted"].iloc[-1] == 5
    assert curve["n_promoted"].is_monotonic_increasing and len(curve) == 10


# ---------------------------------------------------------------- the model on the seeds and the demo store

@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("demo") / "store")
    build_demo_store(store)
    return store


@pytest.fixture(scope="module")
def demo_con(demo_store):
    return StoreReader(demo_store).cursor()


def test_the_seeds_say_why_money_alone_cannot_promote_them(seed_con):
    schools = planner_needs(seed_con, Filters()).schools.set_index("school_id")
    assert schools.loc["HP-THCS-TT", "reason"] == "Kế hoạch chưa có hạng mục cho tiêu chí 3.2"
    assert schools.loc["HCM-THPT-TL", "reason"] == "Chưa có kết quả đánh giá từng tiêu chí"
    assert not schools["promotable"].any()


def test_the_needs_follow_the_standing_criteria_and_the_current_plan(demo_con):
    """Recomputed from the standing rows (list_below2) and the current plans (funding items): a school is
    promotable when every criterion below Mức 2 has items and every such item a cost; its cost is theirs."""
    needs = planner_needs(demo_con, Filters()).schools.set_index("school_id")
    table = run_sql(demo_con, "SELECT * FROM selection", Filters()).set_index("school_id")
    items = funding_items(demo_con, Filters())
    below = table[table["school_level_reached"].fillna(0) < 2]
    assert set(needs.index) == set(below.index)
    checked = 0
    for school, row in below[(below["level_basis"] == "computed") & (below["n_missing"] == 0)].iterrows():
        criteria = set(str(row["list_below2"] or "").split(", ")) - {""}
        own = items[(items["school_id"] == school) & items["criterion_id"].isin(criteria)]
        promotable = set(own["criterion_id"]) == criteria and own["cost_vnd"].notna().all()
        assert needs.loc[school, "promotable"] == promotable, school
        if promotable:
            assert needs.loc[school, "cost_vnd"] == own["cost_vnd"].sum()
            checked += 1
    assert checked > 50


def test_cap_do_3_also_needs_the_criteria_below_muc_3_that_have_one(demo_con):
    needs = planner_needs(demo_con, Filters(), PlanOptions(target=3)).schools.set_index("school_id")
    standing = run_sql(demo_con, "SELECT * FROM selection", Filters()).set_index("school_id").loc[needs.index]
    rated = (standing["n_missing"] == 0) & (standing["level_basis"] == "computed")
    assert rated.sum() > 50 and (needs.loc[rated, "n_needed"] == standing.loc[rated, "n_to_level3"]).all()


def test_a_median_estimate_is_marked_wherever_it_is_used(demo_con):
    plain = planner_needs(demo_con, Filters()).schools.set_index("school_id")
    estimated = planner_needs(demo_con, Filters(), PlanOptions(estimate_missing=True)).schools
    assert estimated["promotable"].sum() > plain["promotable"].sum()
    marked = estimated[estimated["estimated_by_median"]]
    assert len(marked) and not plain.loc[marked["school_id"], "promotable"].any()


def test_the_cli_writes_one_row_per_school_below_the_target_and_a_summary(demo_store, demo_con, tmp_path):
    out = tmp_path / "budget.csv"
    done = subprocess.run([sys.executable, "-m", "metrics", "budget", "--db", str(demo_store.root),
                           "--budget", "50 tỷ", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Số trường đạt:" in done.stderr and "Ưu tiên hạng mục rẻ nhất" in done.stderr
    frame = pd.read_csv(out, comment="#")
    for header in ("Mã trường", "Tên trường", "Tỉnh/Thành phố", "Số học sinh", "Kinh phí cần (đồng)",
                   "Được chọn", "Lý do"):
        assert header in frame.columns
    assert set(frame["Được chọn"]) == {"Có", "Không"}
    assert len(frame) == len(planner_needs(demo_con, Filters()).schools)
