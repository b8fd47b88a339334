"""What an official attaches to a funding proposal: the funded items, totals by district and by gap
category (issue 12, "Phụ lục: danh mục đầu tư") and, with annual budgets, by year, from the planner's
needs and its choice."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.planner import Result
from metrics.planner_model import Needs
from metrics.present import without_empty
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
    table = table[["school_id", "name", "province", "district", "criterion_id", "category_name", "item_year",
                   "cost_vnd", "estimated_by_median"]].reset_index(drop=True)
    # how an amount was found only when some amount was estimated: else an empty column on every page
    return without_empty(table, ("estimated_by_median",))


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


def annex_tables(items: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame, tuple[str, ...]]]:
    """The annex as (sheet name, title, table, the columns its totals row adds up): the Excel workbook
    (metrics.exports.to_xlsx_workbook) and the Word draft (metrics.planner_docx) hold the same tables."""
    return [("Danh mục đầu tư", "Phụ lục: danh mục đầu tư", items, ("cost_vnd",)),
            ("Theo quận huyện", "Phụ lục: tổng hợp theo quận/huyện", funding_by_district(items),
             ("n_promoted", "money_used_vnd")),
            ("Theo nhóm điểm yếu", "Phụ lục: tổng hợp theo nhóm điểm yếu", funding_by_category(items),
             ("n_items", "money_used_vnd"))]


def funding_by_year(budgets: dict[int, int], result: Result) -> pd.DataFrame:
    """With annual budgets: each year's budget, the money the choice spends in it, what is left, and the
    schools whose last item is funded that year (promoted then)."""
    promoted = pd.Series(result.promoted_year, dtype="int64").value_counts()
    rows = [{"year": year, "budget_vnd": budget, "money_used_vnd": result.funding_by_year.get(year, 0),
             "money_left_vnd": budget - result.funding_by_year.get(year, 0), "n_promoted": int(promoted.get(year, 0))}
            for year, budget in sorted(budgets.items())]
    return pd.DataFrame(rows, columns=["year", "budget_vnd", "money_used_vnd", "money_left_vnd", "n_promoted"])
