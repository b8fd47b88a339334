"""Questions behind the dashboard's headlines, charts and drill-downs."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import SCHOOL_FIELDS, Filters
from metrics.labels import LEVEL_GROUPS
from metrics.query import fetch, run_sql
from metrics.read_cache import kept
from metrics.sorting import natural_sorted, sort_naturally
from metrics.tables import AREAS, school_table


# Data this many school years old or more is flagged as old (a setting, not a rule of the circulars:
# a self-assessment three years old no longer describes the school an official has to fund today).
OLD_DATA_YEARS = 3


@kept
def filter_options(con: duckdb.DuckDBPyConnection, scope: Filters | None = None) -> dict[str, list]:
    """Values for the sidebar filters, only those inside `scope` (a viewer's area: metrics.access.scoped);
    districts are listed per province."""
    where, params = (scope or Filters()).sql(only=("province",))
    schools = f"SELECT * FROM schools s WHERE TRUE {where}"
    districts = sort_naturally(fetch(con, f"SELECT DISTINCT province, district FROM ({schools}) "
                                          "WHERE district IS NOT NULL", params), ["province", "district"])
    column = lambda query: [r[0] for r in con.execute(query, params).fetchall()]  # noqa: E731
    return {
        "province": natural_sorted(column(f"SELECT DISTINCT province FROM ({schools})")),
        "district": districts.groupby("province")["district"].apply(list).to_dict(),
        # in the order of data/reference/school_levels.csv (Mầm non first), as the table was filled
        "school_level": column("SELECT school_level FROM school_level_frameworks WHERE school_level IN "
                               f"(SELECT school_level FROM ({schools})) ORDER BY rowid"),
        "school_year": column(f"SELECT DISTINCT school_year FROM assessments WHERE school_id IN (SELECT school_id FROM ({schools})) ORDER BY 1 DESC"),
        "assessment_type": column(f"SELECT DISTINCT assessment_type FROM assessments WHERE school_id IN (SELECT school_id FROM ({schools})) ORDER BY 1 DESC"),
    }


def headline(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict:
    """Counts and shares for the overview cards (shares over schools with a level)."""
    row = run_sql(con, """
        SELECT count(*) AS n_assessments,
               count(DISTINCT school_id) AS n_schools,
               -- Cấp độ tự đánh giá: the latest self-assessment's level (never an external result)
               count(*) FILTER (WHERE self_basis IN ('computed', 'reported')) AS n_with_level,
               count(*) FILTER (WHERE self_level >= 1) AS at_least_1,
               count(*) FILTER (WHERE self_level >= 2) AS at_least_2,
               count(*) FILTER (WHERE self_level >= 3) AS at_least_3,
               -- distances and money: the assessment that stands for the school
               count(*) FILTER (WHERE level_basis = 'computed' AND n_below2 = 1) AS one_away_from_2,
               sum(plan_cost_vnd)::HUGEINT AS cost, sum(n_not_estimated)::BIGINT AS not_estimated,
               sum(n_plan_items)::BIGINT AS plan_items,
               count(*) FILTER (WHERE data_incomplete AND level_basis = 'computed') AS incomplete,
               count(*) FILTER (WHERE level_basis = 'reported') AS reported,
               -- the authority's decisions in force on the day (Điều 34, 37), beside the schools' own verdicts
               count(*) FILTER (WHERE recognised_level_status IN ('valid', 'expiring')) AS recognised_level,
               count(*) FILTER (WHERE recognised_standard_status IN ('valid', 'expiring')) AS recognised_standard
        FROM selection""", filters).iloc[0].to_dict()
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


@kept
def level_distribution(con: duckdb.DuckDBPyConnection, filters: Filters, area: str) -> pd.DataFrame:
    """Schools per area and level group (metrics.labels.LEVEL_GROUPS), long format for a stacked bar."""
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    frame = run_sql(con, f"SELECT {area} AS area, level_group, count(*) AS n FROM selection GROUP BY 1, 2", filters)
    frame["level_group"] = pd.Categorical(frame["level_group"], list(LEVEL_GROUPS), ordered=True)
    # areas in natural order ("Quận 3" before "Quận 12"), each area's levels in their order (a stable sort)
    return sort_naturally(frame.sort_values("level_group", kind="stable"), ["area"])


def level_table(distribution: pd.DataFrame, area: str) -> pd.DataFrame:
    """The stacked-bar data as a table: one row per area (column named `area`), one column per level."""
    table = distribution.pivot_table(index="area", columns="level_group", values="n", aggfunc="sum", fill_value=0,
                                     observed=False)
    table = table.reindex(columns=[c for c in LEVEL_GROUPS if c in table.columns]).astype(int)
    table = table.reindex(pd.unique(distribution["area"].dropna()))  # the areas in the chart's (natural) order
    table.columns = [f"n_{c}" for c in table.columns]
    table["n_total"] = table.sum(axis=1)
    return table.reset_index().rename(columns={"area": area}).rename_axis(columns=None)


def coverage(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict:
    """How fresh and complete: last import, schools in the selection, and how many have an assessment."""
    where, params = filters.sql(only=SCHOOL_FIELDS)
    n_schools = con.execute(f"SELECT count(*) FROM schools s WHERE TRUE {where}", params or None).fetchall()[0][0]
    # the demo schools among those the figures count: a school year only the seed schools have shows no demo note
    assessed, old, demo = run_sql(con, "SELECT count(DISTINCT school_id), count(*) FILTER (WHERE data_age_years >= "
                                       "$old_data_years), count(DISTINCT school_id) FILTER (WHERE is_demo) "
                                       "FROM selection", filters, {"old_data_years": OLD_DATA_YEARS}).iloc[0]
    last = con.execute("SELECT max(imported_at), count(*) FROM imports").fetchall()[0]
    return {"n_schools": int(n_schools), "n_assessed": int(assessed), "n_old": int(old), "last_import": last[0],
            "n_imports": last[1], "n_demo": int(demo)}


def schools_behind(con: duckdb.DuckDBPyConnection, filters: Filters, *, area: str | None = None,
                   area_value: str | None = None, level_group: str | None = None,
                   criterion: tuple[str, str] | None = None, category_key: str | None = None,
                   below: int = 2) -> pd.DataFrame:
    """The schools behind one number of an aggregate (drill-down), picked by keys:
    an area, a level group, a (framework_key, criterion_id) or a gap category key."""
    table = school_table(con, filters)
    if area and area_value is not None:
        # a blank district or commune (NA, read back from a table's row) is a row of its own: its schools
        table = table[table[area].isna() if pd.isna(area_value) else (table[area] == area_value).fillna(False)]
    if level_group:
        table = table[table["level_group"] == level_group]
    if criterion or category_key:
        keys = _schools_with_gap(con, filters, criterion, category_key, below)
        table = table[table["school_id"].isin(keys["school_id"])]  # the selection holds each school once
    return table.reset_index(drop=True)


@kept
def schools_one_away_from_level2(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The cheapest wins: schools with exactly one criterion below Mức 2."""
    table = school_table(con, filters)
    return table[table["n_below2"] == 1].reset_index(drop=True)


def _schools_with_gap(con, filters, criterion, category_key, below) -> pd.DataFrame:
    if category_key:
        body = """SELECT DISTINCT g.school_id
                  FROM selection s JOIN criterion_gap_categories g USING (school_id, school_year, assessment_type)
                  WHERE g.category_key = $category_key"""
        return run_sql(con, body, filters, {"category_key": category_key})
    framework_key, criterion_id = criterion
    bits = {2: "bits_below2", 3: "bits_below3"}[int(below)]  # Mức 3 gaps: criteria that have a Mức 3
    body = f"""SELECT s.school_id
              FROM selection s JOIN criteria k ON k.framework_key = s.framework_key
              WHERE s.framework_key = $framework_key AND k.criterion_id = $criterion_id
                AND s.{bits} & k.criterion_bit <> 0"""
    return run_sql(con, body, filters, {"framework_key": framework_key, "criterion_id": criterion_id})


HEATMAP_ORDERS = {"far2": "s.n_below2 DESC", "near2": "s.n_below2 ASC", "far3": "s.n_to_level3 DESC"}


def heatmap_frameworks(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Frameworks present in the selection (one heatmap each) and how many schools use them."""
    return run_sql(con, """SELECT s.framework_key, f.label AS framework_label, count(*) AS n FROM selection s
                      JOIN frameworks f USING (framework_key) WHERE s.level_basis = 'computed'
                      GROUP BY 1, 2 ORDER BY 2, 1""", filters)


def heatmap(con: duckdb.DuckDBPyConnection, filters: Filters, framework_key: str, order: str = "far2",
            limit: int = 40) -> pd.DataFrame:
    """Schools x criteria with the level reached (NaN = no data) for the `limit` assessments first in
    `order`; one row per assessment (school, year, type) and criterion."""
    return run_sql(con, f"""
        WITH chosen AS (
            SELECT s.* FROM selection s
            WHERE s.level_basis = 'computed' AND s.framework_key = $framework_key
            ORDER BY {HEATMAP_ORDERS[order]}, s.name, s.school_id, s.school_year, s.assessment_type LIMIT $limit)
        SELECT s.school_id, s.name, s.school_year, s.assessment_type, k.criterion_id, k.sort_key,
               criterion_level(k.criterion_bit, k.has_level3, s.bits_rated, s.bits_level0, s.bits_level1,
                               s.bits_below3) AS level,
               s.n_below2, s.n_to_level3, s.accreditation_text AS accreditation
        FROM chosen s JOIN criteria k USING (framework_key)""",
              filters, {"framework_key": framework_key, "limit": int(limit)})


def assessment_labels(assessments: pd.DataFrame) -> pd.Series:
    """A short unique label per assessment row: 'name · year', with the type when it is not a
    self-assessment and the school code when two schools share a name."""
    label = assessments["name"] + " · " + assessments["school_year"]
    external = assessments["assessment_type"] != "Tự đánh giá"
    label = label.where(~external, label + " · " + assessments["assessment_type"])
    clash = label.duplicated(keep=False)
    return label.where(~clash, label + " (" + assessments["school_id"] + ")").reset_index(drop=True)
