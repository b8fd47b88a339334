"""Saved scenarios as tables: one row per scenario (parameters and headline figures), and the schools
chosen in some scenarios but not in others. Keys and numbers here; labels.py names them, and
metrics.present.side_by_side turns the first table into one column per scenario for the screen."""
from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.formatting import format_money_short, format_time
from metrics.labels import FILTERS
from metrics.planner_priority import Priority
from metrics.query import fetch
from metrics.scenarios import Scenario

# the saved list shows these; a comparison shows every column of scenario_table
LIST_COLUMNS = ["scenario_name", "saved_at", "data_version", "scope", "budget_vnd", "target_level", "objective_key",
                "n_promoted", "money_used_vnd", "money_left_vnd"]


def gap_category_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """category_key -> its Vietnamese name, for the item families a scenario leaves to other money."""
    names = fetch(con, "SELECT category_key, category_name FROM gap_categories")
    return dict(zip(names["category_key"], names["category_name"]))


def scenario_table(scenarios: list[Scenario], category_names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per scenario, in the order given: what was asked, then what came out."""
    return pd.DataFrame([_row(s, category_names or {}) for s in scenarios])


def _row(scenario: Scenario, category_names: dict[str, str]) -> dict:
    c, o, r = scenario.constraints, scenario.options, scenario.result
    # the time as text: a spreadsheet shows a bare datetime as a serial number
    return {"scenario_name": scenario.name, "saved_at": format_time(scenario.saved_at), "saved_by": scenario.saved_by,
            "data_version": version_label(scenario.data_version), "scope": scope_text(scenario.filters),
            "budget_vnd": sum(c.years.values()) if c.years else c.budget, "annual_budgets": _annual(c.years),
            "target_level": o.target, "objective_key": c.objective,
            "district_cap_vnd": c.district_cap, "commune_cap_vnd": c.commune_cap, "province_cap_vnd": c.province_cap,
            **_priority(scenario.priority), "min_per_district": c.min_per_district,
            "excluded_categories": ", ".join(sorted(category_names.get(k, k) for k in o.excluded_categories)),
            "estimate_missing": o.estimate_missing, "n_weighted": len(c.weights or {}) or None,
            "solve_status": r.status, "n_promoted": r.n_promoted, "objective_value": r.objective,
            "money_used_vnd": r.money_used, "money_left_vnd": r.money_left, "gap": 100 * r.gap,
            "largest_need_first": scenario.largest_need_first.n_promoted,
            "largest_need_first_money_vnd": scenario.largest_need_first.money_used,
            "cheapest_item_first": scenario.cheapest_item_first.n_promoted,
            "cheapest_item_first_money_vnd": scenario.cheapest_item_first.money_used}


def chosen_differences(scenarios: list[Scenario]) -> pd.DataFrame:
    """Every school chosen in at least one of the scenarios and not in all of them, with where it is
    chosen and where not; empty when they all chose the same schools."""
    everywhere = frozenset.intersection(*(s.result.selected for s in scenarios)) if scenarios else frozenset()
    names = {school: name for s in scenarios for school, name in s.school_names.items()}
    rows = [{"school_id": school, "name": names.get(school, ""),
             "chosen_in": "; ".join(s.name for s in scenarios if school in s.result.selected),
             "not_chosen_in": "; ".join(s.name for s in scenarios if school not in s.result.selected)}
            for school in sorted(set().union(*(s.result.selected for s in scenarios)) - everywhere)]
    table = pd.DataFrame(rows, columns=["school_id", "name", "chosen_in", "not_chosen_in"])
    return table.sort_values(["chosen_in", "name", "school_id"]).reset_index(drop=True)


def scope_text(filters: Filters) -> str:
    """'Tỉnh/Thành phố: Hải Phòng; Hiện trạng tính đến ngày: 01/12/2026': the filters that narrow it."""
    return "; ".join(f"{FILTERS[name]}: {value}" for name, value in filters.chosen() if value is not None)


def version_label(version: str) -> str:
    """'v000012.duckdb' -> 'v000012': the store's version as a person reads it."""
    return version.removesuffix(".duckdb")


def _priority(priority: Priority | None) -> dict:
    """The priority rule as the page words it: the last day a lapsing recognition counts, the communes."""
    priority = priority or Priority()
    until: date | None = None if priority.expiring_before is None else priority.expiring_before - timedelta(days=1)
    communes = "; ".join(f"{commune} ({province})" for province, commune in sorted(priority.communes))
    return {"priority_expiring_until": until, "priority_communes": communes}


def _annual(years: dict[int, int] | None) -> str:
    return "; ".join(f"{year}: {format_money_short(money)}" for year, money in sorted(years.items())) if years else ""
