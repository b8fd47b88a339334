"""The six public tables (schools, districts, criteria, gaps, funding, findings).

Each takes a store cursor and the common Filters and returns a DataFrame with
Vietnamese headers: the same tables the dashboard shows and downloads and
`python -m metrics` writes.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.sql_files import sql_text as sql
from metrics.query import fetch, run

_AREAS = {"province": ("province", "Tỉnh/Thành phố"), "district": ("district", "Quận/Huyện")}


def school_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "school_table", filters)


def area_table(con: duckdb.DuckDBPyConnection, filters: Filters, area: str | None = None) -> pd.DataFrame:
    """Districts of the chosen province, or provinces when none is chosen."""
    area = area or ("district" if filters.province else "province")
    column, label = _AREAS[area]
    return run(con, "area_table", filters, area=column, label=label)


CRITERIA_GROUPS = {"province": "Tỉnh/Thành phố", "district": "Quận/Huyện", "school_level": "Cấp học"}


def criteria_table(con: duckdb.DuckDBPyConnection, filters: Filters, group_by: str | None = None) -> pd.DataFrame:
    """Per criterion (optionally per province, district or school level): schools below Mức 2 / Mức 3."""
    where, params = filters.sql(alias="cc")
    group_select = f'cc.{group_by} AS "{CRITERIA_GROUPS[group_by]}", ' if group_by else ""
    text = sql("criteria_table").format(where=where, group_select=group_select,
                                        group_by=f"cc.{group_by}, " if group_by else "")
    return fetch(con, text, params).drop(columns="_sort")


def gap_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "gap_table", filters)


def findings_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "findings_table", filters)


def funding_items(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "funding_items", filters)


# grouping -> (SQL expression over the plan items, Vietnamese header). Whitelisted: never user text.
FUNDING_GROUPS = {
    "district": ("district", "Quận/Huyện"), "province": ("province", "Tỉnh/Thành phố"),
    "school": ("name", "Trường"), "school_level": ("school_level", "Cấp học"),
    "standard": ("standard_label", "Tiêu chuẩn"),
    "criterion": ("criterion_id", "Tiêu chí"), "category": ("coalesce(k.category_name, 'Khác')", "Nhóm điểm yếu"),
    "year": ("year_label", "Năm thực hiện"),
}
# A plan item with several gap categories counts once in each.
_CATEGORY_JOIN = """LEFT JOIN plan_item_categories pc USING (school_id, school_year, assessment_type, item_no)
                    LEFT JOIN gap_categories k USING (category_key)"""


def funding_table(con: duckdb.DuckDBPyConnection, filters: Filters, by: str = "district") -> pd.DataFrame:
    """Money summed by one grouping; not-estimated items are counted, never added as 0."""
    expression, label = FUNDING_GROUPS[by]
    return run(con, "funding_table", filters, group=expression, label=label,
               join=_CATEGORY_JOIN if by == "category" else "")


TABLES = {"schools": school_table, "districts": area_table, "criteria": criteria_table,
          "gaps": gap_table, "funding": funding_table, "findings": findings_table}
