"""The six public tables (schools, districts, criteria, gaps, funding, findings).

Each takes a store cursor and the common Filters and returns a DataFrame with
Vietnamese headers: the same tables the dashboard shows and downloads and
`python -m metrics` writes.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.query import run

_AREAS = {"province": ("province", "Tỉnh/Thành phố"), "district": ("district", "Quận/Huyện")}


def school_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "school_table", filters)


def area_table(con: duckdb.DuckDBPyConnection, filters: Filters, area: str | None = None) -> pd.DataFrame:
    """Districts of the chosen province, or provinces when none is chosen."""
    area = area or ("district" if filters.province else "province")
    column, label = _AREAS[area]
    return run(con, "area_table", filters, area=column, label=label)


def criteria_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "criteria_table", filters).drop(columns="_sort")


def gap_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "gap_table", filters)


def findings_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "findings", filters)


def funding_items(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "funding_items", filters)


FUNDING_GROUPS = {
    "district": ("district", "Quận/Huyện"), "province": ("province", "Tỉnh/Thành phố"),
    "school": ("name", "Trường"), "school_level": ("school_level", "Cấp học"),
    "standard": ("standard_name", "Tiêu chuẩn"), "criterion": ("criterion_id", "Tiêu chí"),
    "category": ("categories", "Nhóm điểm yếu"), "year": ("plan_year", "Năm thực hiện"),
}


def funding_table(con: duckdb.DuckDBPyConnection, filters: Filters, by: str = "district") -> pd.DataFrame:
    """Money summed by one grouping; not-estimated items are counted, never added as 0."""
    column, label = FUNDING_GROUPS[by]
    items = funding_items(con, filters)
    if by == "category":
        items = items.assign(categories=items["categories"].replace("", "Khác").str.split(", ")).explode("categories")
    if by == "year":
        items["plan_year"] = items["plan_year"].astype("Int64").astype(str).replace("<NA>", "Nhiều năm / không ghi")
    if by == "standard":
        items["standard_name"] = "Tiêu chuẩn " + items["standard_no"].astype("Int64").astype(str) + ": " \
            + items["standard_name"].fillna("")
    grouped = items.groupby(column, dropna=False).agg(
        cost=("cost_vnd", lambda s: s.sum(min_count=1)),
        n_estimated=("cost_vnd", "count"), n_items=("cost_vnd", "size"), n_schools=("school_id", "nunique"))
    grouped["not_estimated"] = grouped["n_items"] - grouped["n_estimated"]
    grouped = grouped.reset_index().sort_values("cost", ascending=False, na_position="last")
    return grouped.rename(columns={column: label, "cost": "Kinh phí dự kiến (đồng)",
                                   "n_estimated": "Số hạng mục có ước tính", "n_items": "Số hạng mục",
                                   "not_estimated": "Số hạng mục chưa ước tính kinh phí",
                                   "n_schools": "Số trường"})[[
        label, "Kinh phí dự kiến (đồng)", "Số hạng mục", "Số hạng mục có ước tính",
        "Số hạng mục chưa ước tính kinh phí", "Số trường"]].reset_index(drop=True)


TABLES = {"schools": school_table, "districts": area_table, "criteria": criteria_table,
          "gaps": gap_table, "funding": funding_table, "findings": findings_table}
