"""Planner scenarios as records: every parameter and result survives the JSON file, a reopened scenario
solves to the result it saved, the data version it was computed on is kept, and the tables that compare
scenarios say what differs."""
from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date, datetime

import pytest
from hypothesis import given, settings, strategies as st

from loaders.importer import import_file
from loaders.money import parse_vnd_amount
from loaders.store import StoreReader
from metrics.filters import Filters
from metrics.formatting import format_amount_input
from metrics.labels import PLANNER_PARAMETERS
from metrics.planner import Constraints, Result, plan
from metrics.planner_compare import cheapest_item_first, largest_need_first
from metrics.planner_model import PlanOptions
from metrics.planner_priority import Priority
from metrics.present import side_by_side
from metrics.scenario_tables import chosen_differences, scenario_table
from metrics.scenarios import (RuleFigures, Scenario, changed_parameters, from_record, load_scenario, named,
                               save_scenario, saved_scenarios, scenario_of, to_record)
from tests.conftest import FIXTURES
from tests.planner_cases import needs_of

_money = st.integers(0, 10**14)
_text = st.text(max_size=12)
_filters = st.builds(Filters, st.none() | _text, st.none() | _text, st.none() | _text, st.none() | _text,
                     st.none() | _text, st.none() | st.dates())
_options = st.builds(PlanOptions, st.sampled_from([2, 3]), st.frozensets(_text, max_size=3), st.booleans())
# by keyword: a field added to Constraints in the middle must not shift the others into the wrong slots
_constraints = st.builds(Constraints, budget=_money, objective=st.sampled_from(["schools", "pupils", "weight"]),
                         years=st.none() | st.dictionaries(st.integers(2020, 2040), _money, max_size=3),
                         district_cap=st.none() | _money, province_cap=st.none() | _money,
                         commune_cap=st.none() | _money, min_per_district=st.booleans(),
                         weights=st.none() | st.dictionaries(_text, st.floats(0, 100, allow_nan=False), max_size=3),
                         time_limit_s=st.floats(0.1, 60, allow_nan=False))
_priority = st.none() | st.builds(Priority, communes=st.frozensets(st.tuples(_text, _text), max_size=4),
                                  expiring_before=st.none() | st.dates())
_result = st.builds(Result, st.frozensets(_text, max_size=4), _money, _money, st.floats(0, 1e6, allow_nan=False),
                    st.sampled_from(["optimal", "time_limit", "infeasible"]), st.floats(0, 1, allow_nan=False),
                    st.dictionaries(st.integers(0, 2040), _money, max_size=3),
                    st.dictionaries(_text, st.integers(0, 2040), max_size=3))
_scenario = st.builds(Scenario, st.text(min_size=1, max_size=20).filter(str.strip).map(str.strip),
                      st.datetimes(min_value=datetime(2000, 1, 1)), st.none() | _text, _filters, _options,
                      _constraints, _text, _result, st.dictionaries(_text, _text, max_size=3),
                      st.builds(RuleFigures, st.integers(0, 99), _money), st.builds(RuleFigures, st.integers(0, 99), _money),
                      _priority)


@settings(max_examples=150, deadline=None)
@given(_scenario)
def test_every_field_survives_the_json_record(scenario):
    assert from_record(json.loads(json.dumps(to_record(scenario)))) == scenario


def test_an_older_file_gets_the_defaults_and_a_newer_field_is_ignored():
    record = to_record(_small_scenario())
    del record["constraints"]["time_limit_s"]  # a file written before the field existed
    del record["priority"]  # a file written before scenarios kept the priority
    record["options"]["from_a_later_version"] = 1
    reopened = from_record(record)
    assert reopened.constraints.time_limit_s == Constraints().time_limit_s
    assert reopened.priority is None
    assert reopened.options == _small_scenario().options


@pytest.mark.parametrize("spoil", [lambda r: r.pop("result"), lambda r: r.update(format=99),
                                   lambda r: r["result"].update(money_used="nhiều"),
                                   lambda r: r["filters"].update(as_of="hôm qua"), lambda r: r.update(filters=[])])
def test_a_record_that_is_not_a_scenario_is_refused(spoil):
    record = to_record(_small_scenario())
    spoil(record)
    with pytest.raises(ValueError):
        from_record(record)


_SPEC = [("S1", "d1", 100, [("1.1", 4, None), ("1.2", 3, None)]), ("S2", "d1", 50, [("1.1", 6, None)]),
         ("S3", "d2", 80, [("2.1", 2, None), ("2.2", 2, None)]), ("S4", "d2", 10, [("3.1", 9, None)])]


def _small_scenario(budget: int = 10, name: str = "Mười đồng", **constraints) -> Scenario:
    needs = needs_of(_SPEC)
    wanted = Constraints(budget=budget, **constraints)
    return scenario_of(name, Filters(province="P", as_of=date(2026, 12, 1)), PlanOptions(), wanted, "v000003.duckdb",
                       needs, plan(needs, wanted), largest_need_first(needs, budget), cheapest_item_first(needs, budget))


def test_a_reopened_scenario_solves_to_the_result_it_saved(store):
    saved = _small_scenario(11, district_cap=7, objective="pupils")
    save_scenario(store, saved)
    reopened = load_scenario(store, "mười ĐỒNG")
    assert reopened == saved
    needs = needs_of(_SPEC)
    assert plan(needs, reopened.constraints) == reopened.result
    # S1 (7) + S3 (4) spend the 11 with at most 7 per district; S2 (6) instead would reach fewer pupils
    assert reopened.result.selected == {"S1", "S3"}
    assert reopened.school_names == {"S1": "S1", "S3": "S3"}
    assert cheapest_item_first(needs, 11).n_promoted == reopened.cheapest_item_first.n_promoted


def test_a_standing_view_is_saved_with_its_day_not_as_today():
    needs = needs_of(_SPEC)
    result = plan(needs, Constraints(budget=10))
    scenario = scenario_of("Hôm nay", Filters(), PlanOptions(), Constraints(budget=10), "v1", needs, result,
                           result, result)
    assert scenario.filters.as_of == date.today()
    one_year = scenario_of("Một năm", Filters(school_year="2024-2025"), PlanOptions(), Constraints(budget=10), "v1",
                           needs, result, result, result)
    assert one_year.filters.as_of is None


def test_the_data_version_is_the_store_file_the_results_came_from(store):
    reader = StoreReader(store)
    reader.cursor()
    scenario = replace(_small_scenario(), data_version=reader.version)
    save_scenario(store, scenario)
    assert import_file(store, FIXTURES / "template" / "HP-THCS-TT.xlsx").status == "imported"
    reader.cursor()  # the next query opens the version the import made
    reopened = load_scenario(store, scenario.name)
    assert reopened.data_version == scenario.data_version != reader.version
    assert reader.version == store.current_path().name


def test_changed_parameters_name_what_differs_and_nothing_else():
    saved = _small_scenario(10)
    assert changed_parameters(saved, _small_scenario(10)) == []
    other = _small_scenario(12, min_per_district=True)
    assert changed_parameters(saved, replace(other, filters=replace(other.filters, district="d1"))) == \
        ["district", "budget", "min_per_district"]


def test_every_parameter_has_a_label():
    for kind in (Filters, PlanOptions, Constraints):
        assert {f.name for f in fields(kind)} <= set(PLANNER_PARAMETERS), kind
    assert {f"priority_{f.name}" for f in fields(Priority)} <= set(PLANNER_PARAMETERS)


def test_saved_scenarios_are_newest_first_and_a_spoiled_one_is_named(store):
    save_scenario(store, replace(_small_scenario(name="Cũ"), saved_at=datetime(2026, 1, 1)))
    save_scenario(store, named(_small_scenario(name="x"), "Mới"))
    (store.root / "scenarios" / "la.json").write_text(json.dumps({"name": "Lạ", "format": 7}), encoding="utf-8")
    saved, unreadable = saved_scenarios(store)
    assert [s.name for s in saved] == ["Mới", "Cũ"] and unreadable == ["Lạ"]


def test_the_comparison_lists_both_scenarios_figures_and_the_schools_chosen_in_one_only():
    low, high = _small_scenario(5, name="Năm đồng"), _small_scenario(10, name="Mười đồng")
    assert low.result.selected == {"S3"} and high.result.selected == {"S2", "S3"}
    table = scenario_table([low, high]).set_index("scenario_name")
    assert table.loc["Năm đồng", "n_promoted"] == 1 and table.loc["Năm đồng", "money_left_vnd"] == 1
    assert table.loc["Mười đồng", "money_used_vnd"] == 10 and table.loc["Mười đồng", "largest_need_first"] == 1
    assert table.loc["Năm đồng", "scope"] == "Tỉnh/Thành phố: P; Hiện trạng tính đến ngày: 01/12/2026"
    differences = chosen_differences([low, high])
    assert differences.to_dict("records") == [{"school_id": "S2", "name": "S2", "chosen_in": "Mười đồng",
                                               "not_chosen_in": "Năm đồng"}]
    assert chosen_differences([high, high]).empty


def test_side_by_side_reads_across_and_leaves_out_what_no_scenario_set():
    low, high = _small_scenario(5, name="Năm đồng"), _small_scenario(1_234_567, name="Lớn", district_cap=20)
    side = side_by_side(scenario_table([low, high]), "scenario_name").set_index("Nội dung")
    assert list(side.columns) == ["Năm đồng", "Lớn"]
    assert side.loc["Ngân sách (đồng)"].tolist() == ["5 đ", "1.234.567 đ"]
    assert side.loc["Số trường đạt"].tolist() == ["1", "4"]
    assert side.loc["Trần kinh phí mỗi quận/huyện (đồng)"].tolist() == ["", "20 đ"]
    assert "Ngân sách theo năm" not in side.index and "Người lưu" not in side.index


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**15) | st.integers(0, 10**5).map(lambda n: n * 10**6) | st.integers(0, 10**5).map(
    lambda n: n * 10**9))
def test_an_amount_put_back_into_the_budget_input_reads_as_the_same_amount(amount):
    assert parse_vnd_amount(format_amount_input(amount)).value == amount
