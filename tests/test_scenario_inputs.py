"""Scenarios keep every input of the planner: annual budgets, the caps per district, commune and province,
and the priority rule of the "weight" objective. A phased, capped, prioritised run survives its file and
solves again to what it saved; reopening sets every input the page draws; comparisons name the new ones."""
from __future__ import annotations

import ast
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from loaders.store import Store
from metrics.budget_input import annual_input, parse_amount, parse_annual
from metrics.filters import Filters
from metrics.planner import Constraints, plan
from metrics.planner_compare import cheapest_item_first, largest_need_first
from metrics.planner_model import PlanOptions
from metrics.planner_priority import Priority, weight_map, weights_from_rows
from metrics.present import side_by_side
from metrics.scenario_tables import scenario_table
from metrics.scenarios import changed_parameters, from_record, load_scenario, save_scenario, scenario_of, to_record
from pages.planner_scenarios import _inputs_of
from tests.conftest import ROOT
from tests.planner_cases import needs_of

_DAY = date(2026, 12, 1)
_SPEC = [("S1", "d1", 100, [("1.1", 4, 2026), ("1.2", 3, 2027)]), ("S2", "d1", 50, [("1.1", 6, None)]),
         ("S3", "d2", 80, [("2.1", 2, 2027), ("2.2", 2, None)]), ("S4", "d2", 10, [("3.1", 9, 2026)]),
         ("S5", "d2", 30, [("4.1", 1, 2028)])]
_PLACES = {"S1": ("P", "Xã A"), "S2": ("P", "Xã A"), "S3": ("P", "Xã B"), "S4": ("Q", None), "S5": ("P", "Xã B")}
# S1's recognition lapses within 2026-2027, S3's later, S5's has lapsed; S2 and S4 have none
_RECOGNITIONS = pd.DataFrame({"school_id": list(_PLACES), "province": [p for p, _ in _PLACES.values()],
                              "commune": [c for _, c in _PLACES.values()],
                              "recognition_valid_until": pd.to_datetime(["2027-06-30", None, "2031-01-01", None,
                                                                         "2025-05-31"])})
_HP = (("Hải Phòng", "Xã Tiên Lãng 2"), ("Hải Phòng", "Xã An Lão 1"))


def _weights(priority: Priority, day: date) -> dict[str, float]:
    return weight_map(weights_from_rows(_RECOGNITIONS, priority, day))


def _run(priority: Priority | None, name: str = "Phân kỳ", **constraints):
    needs = needs_of(_SPEC, _PLACES)
    wanted = Constraints(objective="weight" if priority else "schools", **constraints)
    weighed = wanted if priority is None else replace(wanted, weights=_weights(priority, _DAY))
    return scenario_of(name, Filters(province="P", as_of=_DAY), PlanOptions(), weighed, "v000004.duckdb", needs,
                       plan(needs, weighed), largest_need_first(needs, wanted.total),
                       cheapest_item_first(needs, wanted.total), priority=priority)


_CAPS = {k: st.none() | st.integers(0, 14) for k in ("district_cap", "commune_cap", "province_cap")}


@settings(max_examples=40, deadline=None)
@given(years=st.dictionaries(st.sampled_from([2026, 2027, 2028]), st.integers(0, 14), min_size=1),
       caps=st.fixed_dictionaries(_CAPS), flagged=st.frozensets(st.sampled_from([("P", "Xã A"), ("P", "Xã B")])),
       expiring=st.booleans())
def test_a_phased_capped_priority_scenario_reopens_and_solves_to_what_it_saved(years, caps, flagged, expiring):
    priority = Priority(flagged, date(max(years) + 1, 1, 1) if expiring else None)
    scenario = _run(priority, years=years, **caps)
    with tempfile.TemporaryDirectory() as root:
        store = Store(Path(root) / "store")
        save_scenario(store, scenario)
        reopened = load_scenario(store, "PHÂN KỲ")
    assert reopened == scenario
    assert reopened.priority == priority and reopened.constraints.years == years
    assert reopened.constraints.weights is None  # the rule is kept; its weights are worked out again
    again = replace(reopened.constraints, weights=_weights(reopened.priority, reopened.filters.day))
    assert plan(needs_of(_SPEC, _PLACES), again) == reopened.result


def test_the_priority_saved_is_the_one_that_made_the_choice():
    # 7 đồng: S2 (6) + S5 (1) or S3 (4) + S5; the flagged commune decides (each school there weighs 2)
    for commune, chosen, weight in (("Xã A", {"S2", "S5"}, 3), ("Xã B", {"S3", "S5"}, 4)):
        run = from_record(to_record(_run(Priority(frozenset({("P", commune)})), budget=7)))
        assert run.result.selected == chosen and run.result.objective == weight
        assert run.priority.communes == {("P", commune)}


@pytest.mark.parametrize("communes", ["PA", [["P"]], [["P", "Xã A", "x"]], [[1, "Xã A"]]])
def test_a_commune_is_read_only_as_a_province_and_a_name(communes):
    record = to_record(_run(Priority(frozenset({("P", "Xã A")})), budget=7))
    record["priority"]["communes"] = communes
    with pytest.raises(ValueError):
        from_record(record)


def test_changed_parameters_name_the_priority_and_the_new_caps():
    saved = _run(Priority(frozenset({("P", "Xã A")}), date(2028, 1, 1)), budget=7, commune_cap=5)
    assert changed_parameters(saved, _run(Priority(frozenset({("P", "Xã A")}), date(2028, 1, 1)), budget=7,
                                          commune_cap=5)) == []
    other = _run(Priority(frozenset({("P", "Xã B")}), None), budget=7, province_cap=6)
    assert changed_parameters(saved, other) == ["province_cap", "commune_cap", "priority_communes",
                                                "priority_expiring_before"]
    # another objective is named once: no priority reads as an empty one
    assert changed_parameters(_run(Priority(), budget=7), _run(None, budget=7)) == ["objective"]


def test_the_comparison_shows_annual_budgets_the_commune_cap_and_the_priority():
    phased = _run(Priority(frozenset(_HP), date(2028, 1, 1)), "Ưu tiên", years={2026: 5, 2027: 9}, commune_cap=6)
    side = side_by_side(scenario_table([phased, _run(None, "Một ngân sách", budget=14)]), "scenario_name")
    side = side.set_index("Nội dung")
    assert side.loc["Ngân sách theo năm"].tolist() == ["2026: 5 đ; 2027: 9 đ", ""]
    assert side.loc["Trần kinh phí mỗi xã/phường (đồng)"].tolist() == ["6 đ", ""]
    assert side.loc["Ưu tiên trường có quyết định công nhận hết hiệu lực đến ngày"].tolist() == ["31/12/2027", ""]
    assert side.loc["Xã khó khăn được ưu tiên"].tolist() == [
        "Xã An Lão 1 (Hải Phòng); Xã Tiên Lãng 2 (Hải Phòng)", ""]


def _keys_drawn(path: Path) -> set[str]:
    """Every widget key written as a literal in a page module."""
    calls = (node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call))
    return {k.value.value for call in calls for k in call.keywords
            if k.arg == "key" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)}


def test_reopening_sets_every_input_the_planner_draws():
    phased = _inputs_of(_run(Priority(frozenset(_HP), None), years={2026: 5_000_000_000, 2027: 1_234_567},
                             commune_cap=3_000_000_000, province_cap=800_000_000))
    single = _inputs_of(_run(None, budget=50_000_000_000, district_cap=7_000_000_000))
    assert _keys_drawn(ROOT / "pages" / "planner_inputs.py") <= set(phased) | set(single)
    assert phased["planner_phased"] is True and parse_annual(phased["planner_annual"]) == {
        2026: 5_000_000_000, 2027: 1_234_567}
    assert "planner_budget" not in phased  # the single budget the page holds is left as it is
    assert (phased["planner_cap_area"], parse_amount(phased["planner_cap"])) == ("commune", 3_000_000_000)
    assert parse_amount(phased["planner_province_cap"]) == 800_000_000
    assert phased["planner_communes"] == sorted(_HP) and phased["planner_priority_expiring"] is False
    assert single["planner_phased"] is False and single["planner_budget"] == "50 tỷ"
    assert (single["planner_cap_area"], single["planner_cap"], single["planner_province_cap"]) == (
        "district", "7 tỷ", "")
    assert "planner_communes" not in single  # another objective: the priority inputs keep the page's values


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(2000, 2100), st.integers(0, 10**15) | st.integers(0, 10**5).map(
    lambda n: n * 10**9), min_size=1, max_size=5))
def test_annual_budgets_put_back_into_their_input_read_as_the_same_budgets(years):
    assert parse_annual(annual_input(years)) == years
