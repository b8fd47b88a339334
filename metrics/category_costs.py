"""Điểm yếu chung's drill-down: the schools behind one gap category, each with that category's money
(not its whole plan's: a school planning 60 tỷ of which 55,5 tỷ for sports grounds shows 55,5 tỷ there)."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.overview import schools_behind
from metrics.query import run_sql
from metrics.sql_files import sql_text

# the drill-down's columns, most important first: the school, its level, what the category costs it
_COLUMNS = ["name", "self_assessed", "category_cost_vnd", "n_category_items", "n_category_not_estimated",
            "n_below2", "list_below2", "district", "commune", "province", "school_level", "school_id",
            "recognised_level", "recognition_status", "plan_year", "framework_label", "level_group"]


def category_cost_by_school(con: duckdb.DuckDBPyConnection, filters: Filters, category_key: str) -> pd.DataFrame:
    """Per school_id: the number of plan items in the category, their cost, and how many are not estimated."""
    return run_sql(con, sql_text("category_cost_by_school"), filters, {"category_key": category_key})


def schools_behind_category(con: duckdb.DuckDBPyConnection, filters: Filters, category_key: str) -> pd.DataFrame:
    """The schools with a criterion below Mức 2 in the category (schools_behind), with the category's cost
    per school; a school whose plan holds no item of the category shows 0 items and no amount."""
    behind = schools_behind(con, filters, category_key=category_key)
    costs = category_cost_by_school(con, filters, category_key)
    table = behind.merge(costs, on="school_id", how="left")
    for name in ("n_category_items", "n_category_not_estimated"):
        table[name] = table[name].fillna(0).astype("int64")
    return table[_COLUMNS]
