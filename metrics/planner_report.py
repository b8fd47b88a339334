"""What an official attaches to a funding proposal: the funded items, totals by district and by gap
category (issue 12, "Phụ lục: danh mục đầu tư"), from the planner's needs and its choice."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.planner import Result
from metrics.planner_model import Needs
from metrics.query import fetch

_NO_CATEGORY = "Khác"


def funded_items(con: duckdb.DuckDBPyConnection, needs: Needs, result: Result) -> pd.DataFrame:
    """Every item the choice funds, with its school and gap category, largest first within a school."""
    items = needs.items[needs.items["school_id"].isin(result.selected)]
    schools = needs.schools[["school_id", "name", "province", "district"]]
    names = fetch(con, "SELECT category_key, category_name FROM gap_categories")
    table = items.merge(schools, on="school_id").merge(names, on="category_key", how="left")
    table["category_name"] = table["category_name"].fillna(_NO_CATEGORY)
    table = table.rename(columns={"plan_year": "item_year", "estimated": "estimated_by_median"})
    table = table.sort_values(["province", "district", "name", "cost_vnd"], ascending=[True, True, True, False])
    return table[["school_id", "name", "province", "district", "criterion_id", "category_name", "item_year",
                  "cost_vnd", "estimated_by_median"]].reset_index(drop=True)


def funding_by_district(items: pd.DataFrame) -> pd.DataFrame:
    """Schools promoted and money per district, and what one promoted school costs there."""
    table = items.groupby(["province", "district"], dropna=False).agg(
        n_promoted=("school_id", "nunique"), money_used_vnd=("cost_vnd", "sum")).reset_index()
    table["cost_per_school_vnd"] = (table["money_used_vnd"] / table["n_promoted"]).round()
    return table.sort_values("money_used_vnd", ascending=False).reset_index(drop=True)


def funding_by_category(items: pd.DataFrame) -> pd.DataFrame:
    table = items.groupby("category_name").agg(n_items=("criterion_id", "size"), n_schools=("school_id", "nunique"),
                                               money_used_vnd=("cost_vnd", "sum")).reset_index()
    return table.sort_values("money_used_vnd", ascending=False).reset_index(drop=True)
