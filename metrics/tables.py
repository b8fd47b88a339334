"""The six public tables (schools, districts, criteria, gaps, funding, findings).

Each takes a store cursor and the common Filters and returns a DataFrame with
snake_case columns (metrics.labels gives each its Vietnamese header): the same
tables the dashboard shows and downloads and `python -m metrics` writes.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.query import assessment_rows_sql, cube_where, fetch, run, with_cubes, with_selection
from metrics.read_cache import kept
from metrics.sorting import sort_naturally
from metrics.sql_files import sql_text as sql

AREAS = ("province", "district", "commune")
CRITERIA_GROUPS = ("province", "district", "school_level")
_PLACE_AND_NAME = ["province", "district", "name"]


@kept
def school_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per school: its standing on the day (or in the chosen school year), by province,
    district and name in natural order ("số 2" before "số 10")."""
    return sort_naturally(run(con, "school_table", filters), _PLACE_AND_NAME)


@kept
def assessment_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per school, school year and assessment type: every assessment the filters keep
    (a school year and a type when chosen), not one per school."""
    where, params = filters.every_assessment_sql(alias="a")
    frame = fetch(con, with_selection(assessment_rows_sql(where), sql("assessment_table")), params)
    return sort_naturally(frame, _PLACE_AND_NAME)  # stable: a school's years stay in the store's order


def area_table(con: duckdb.DuckDBPyConnection, filters: Filters, area: str | None = None) -> pd.DataFrame:
    """Districts of the chosen province, or provinces when none is chosen; `area` asks for one grouping
    (districts or communes of the whole country too), each district or commune beside its province."""
    area = area or ("district" if filters.province else "province")
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    keys = "p.area AS province" if area == "province" else f"p.in_province AS province, p.area AS {area}"
    return run(con, "area_table", filters, area=area, keys=keys)


def criteria_table(con: duckdb.DuckDBPyConnection, filters: Filters, group_by: str | None = None) -> pd.DataFrame:
    """Per criterion (optionally per province, district or school level): schools below Mức 2 / Mức 3."""
    if group_by is not None and group_by not in CRITERIA_GROUPS:
        raise ValueError(f"unknown grouping {group_by!r}")
    where, params = cube_where(filters)
    # a district is grouped within its province: its name alone can stand in two provinces
    grouping = {None: "", "district": "cc.province, cc.district, "}.get(group_by, f"cc.{group_by}, ")
    text, scope_params = with_cubes(sql("criteria_table").format(where=where, group_select=grouping, group_by=grouping),
                                    filters)
    return fetch(con, text, {**params, **scope_params})


def gap_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "gap_table", filters)


def findings_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "findings_table", filters)


def funding_items(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(con, "funding_items", filters)


# grouping -> (SQL expression over the plan items, the column it is returned as). Whitelisted: never user text.
FUNDING_GROUPS = {
    "district": ("district", "district"), "province": ("province", "province"),
    "school": ("name", "name"), "school_level": ("school_level", "school_level"),
    "standard": ("standard_label", "standard_label"), "criterion": ("criterion_id", "criterion_id"),
    "category": ("coalesce(k.category_name, 'Khác')", "category_name"), "year": ("year_label", "year_label"),
}
# The columns that key a group beside its shown column: a district's name alone can stand in two provinces,
# a school's name in two districts (whitelisted column names too).
FUNDING_KEYS = {"district": ("province",), "school": ("school_id", "district", "province")}
# A plan item with several gap categories counts once in each.
_CATEGORY_JOIN = """LEFT JOIN plan_item_categories pc USING (school_id, school_year, assessment_type, item_no)
                    LEFT JOIN gap_categories k USING (category_key)"""


def funding_table(con: duckdb.DuckDBPyConnection, filters: Filters, by: str = "district") -> pd.DataFrame:
    """Money summed by one grouping; not-estimated items are counted, never added as 0."""
    expression, key = FUNDING_GROUPS[by]
    within = "".join(f", {name}" for name in FUNDING_KEYS.get(by, ()))
    return run(con, "funding_table", filters, group=expression, key=key, within=within,
               join=_CATEGORY_JOIN if by == "category" else "")


TABLES = {"schools": school_table, "assessments": assessment_table, "districts": area_table, "criteria": criteria_table,
          "gaps": gap_table, "funding": funding_table, "findings": findings_table}
