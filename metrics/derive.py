"""Pre-aggregated tables, rebuilt inside every import transaction.

Metrics read these school-level tables instead of re-deriving levels from
millions of ratings on every click (issue 3 §7: national metrics under 100 ms
need school-level pre-aggregation). Counts come from SQL (one pass over the
ratings, criteria as bit sets), the level rules from metrics.levels
(vectorised), the verdict texts from SQL again. Per-criterion rows are views
(criterion_ratings, criterion_status), read for a few schools at a time.

An import passes the assessments it touched (`keys`): only their rows are
rebuilt, so adding one school's file to a national store stays quick; the
cubes behind the criteria and gap tables are recounted for the touched groups.
"""
from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics import levels
from metrics.categories import refresh_categories
from metrics.sql_files import sql_text as sql

KEY = ["school_id", "school_year", "assessment_type"]
_ZERO_IF_MISSING = ("n_clauses", "l4_known", "l4_achieved", "l4_failed", "n_plan_items", "n_not_estimated")


def scope(alias: str, incremental: bool) -> str:
    """Predicate keeping the rows of the touched assessments (registered as `_keys`)."""
    return _rows_in("_keys", KEY, alias) if incremental else ""


def _rows_in(registered: str, columns: tuple | list, alias: str, null_safe: bool = False) -> str:
    """'AND EXISTS ...' keeping the rows of `alias` whose `columns` match a row of `registered`."""
    equal = "IS NOT DISTINCT FROM" if null_safe else "="
    same = " AND ".join(f"k.{column} {equal} {alias}.{column}" for column in columns)
    return f"AND EXISTS (SELECT 1 FROM {registered} k WHERE {same})"


def _scoped(name: str, incremental: bool) -> str:
    return sql(name).format(**{f"scope_{a}": scope(a, incremental) for a in ("a", "c", "p")})


def rebuild(con: duckdb.DuckDBPyConnection, table: str, select: str, incremental: bool) -> None:
    if incremental:
        con.execute(f"DELETE FROM {table} t WHERE TRUE {scope('t', True)}")
        con.execute(f"INSERT INTO {table} BY NAME {select}")
    else:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")


def refresh_derived(con: duckdb.DuckDBPyConnection, keys: pd.DataFrame | None = None) -> None:
    """Rebuild every derived table, or only the rows of the assessments in `keys`."""
    incremental = keys is not None and _has_derived_tables(con) and not _most_of_the_store(con, keys)
    if incremental and keys.empty:
        return  # e.g. a list of new schools without assessments: nothing derived changes
    if incremental:
        con.register("_keys", keys[KEY].drop_duplicates().astype(str))
    else:
        con.execute(_criteria_macros(con))
        for name in ("criterion_ratings", "criterion_status"):
            con.execute(sql(name))
    groups_before = _touched_groups(con) if incremental else None  # a school may leave its district
    con.register("_status", assessment_counts(con, incremental))
    _rebuild_assessment_status(con, incremental)
    con.unregister("_status")
    refresh_categories(con, incremental)
    _refresh_cubes(con, None if groups_before is None else pd.concat([groups_before, _touched_groups(con)]))
    rebuild(con, "plan_item_details", _scoped("plan_item_details", incremental), incremental)
    _refresh_findings(con, incremental)
    if incremental:
        con.unregister("_keys")


# The groups every filter can pick; the cubes hold one set of rows per group.
_GROUP = ("province", "district", "school_level", "school_year", "assessment_type")


def _touched_groups(con) -> pd.DataFrame:
    return con.execute(f"SELECT DISTINCT {', '.join(_GROUP)} FROM assessment_status a WHERE TRUE {scope('a', True)}").df()


def _group_scope(alias: str, incremental: bool) -> str:
    return _rows_in("_groups", _GROUP, alias, null_safe=True) if incremental else ""  # a district may be blank


def _refresh_cubes(con, groups: pd.DataFrame | None) -> None:
    """criterion_counts and category_counts: whole, or only the groups in `groups` (recounted whole,
    so a school that moved district leaves its old group's counts as well)."""
    incremental = groups is not None
    if incremental:
        con.register("_groups", groups.drop_duplicates())
    for cube in ("criterion_counts", "category_counts"):
        select = sql(cube).format(scope_g=_group_scope("a", incremental))
        if incremental:
            con.execute(f"DELETE FROM {cube} cc WHERE TRUE {_group_scope('cc', True)}")
            con.execute(f"INSERT INTO {cube} BY NAME {select}")
        else:
            con.execute(f"CREATE OR REPLACE TABLE {cube} AS {select}")
    if incremental:
        con.unregister("_groups")


# Tables list schools in this order; a stored number sorts faster than five strings on every click.
_DISPLAY_ORDER = "row_number() OVER (ORDER BY province, district, name, school_year, assessment_type)"


def _rebuild_assessment_status(con, incremental: bool) -> None:
    if not incremental:
        # Numbered over the five sort columns alone and joined back (a window over the whole wide
        # row was slower), then stored in that order: rows of one province sit together, so a
        # province filter skips the other row groups.
        order = """SELECT st.school_id, st.school_year, st.assessment_type, sc.province, sc.district, sc.name
                    FROM _status st JOIN schools sc USING (school_id)"""
        con.execute(f"""CREATE OR REPLACE TABLE assessment_status AS
                        SELECT s.* REPLACE (o.n AS display_order) FROM ({sql("assessment_status")}) s
                        JOIN (SELECT {', '.join(KEY)}, {_DISPLAY_ORDER} AS n FROM ({order})) o USING ({', '.join(KEY)})
                        ORDER BY o.n""")
        return
    rebuild(con, "assessment_status", sql("assessment_status"), incremental)
    con.execute(f"""UPDATE assessment_status s SET display_order = o.n
                    FROM (SELECT school_id, school_year, assessment_type, {_DISPLAY_ORDER} AS n FROM assessment_status) o
                    WHERE s.school_id = o.school_id AND s.school_year = o.school_year
                      AND s.assessment_type = o.assessment_type""")


def _criteria_macros(con) -> str:
    """criteria_macros.sql with one term per criterion position (SQL has no loop to write them)."""
    positions = con.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM criteria GROUP BY framework_key)"
                            ).fetchall()[0][0] or 0

    def each(term: str) -> str:
        return ", ".join(term.format(bit=k, position=k + 1) for k in range(positions)) or "NULL"
    return sql("criteria_macros").format(
        each_id=each("CASE WHEN (bits >> {bit}) & 1 = 1 THEN ids[{position}] END"),
        each_id_with_level=each("CASE WHEN (bits >> {bit}) & 1 = 1 THEN ids[{position}] || CASE "
                                "WHEN (level0 >> {bit}) & 1 = 1 THEN ' (Không đạt)' "
                                "WHEN (level1 >> {bit}) & 1 = 1 THEN ' (Mức 1)' ELSE ' (Mức 2)' END END"))


def assessment_counts(con: duckdb.DuckDBPyConnection, incremental: bool = False) -> pa.Table:
    """Per assessment: criterion counts, Mức 4 counts, money, the school's own claims, and the computed level.
    Returned as Arrow so column types survive even when there are no rows."""
    keys = ", ".join(KEY)
    table = con.sql(f"""
        WITH counts AS ({_scoped("assessment_counts", incremental)}),
             l4 AS ({_scoped("level4_counts", incremental)}), plan AS ({_scoped("plan_totals", incremental)})
        SELECT counts.*, l4.* EXCLUDE ({keys}), plan.* EXCLUDE ({keys}),
               c.* EXCLUDE ({keys}, source_sheet, source_row, import_id)
        FROM counts
        LEFT JOIN l4 USING ({keys}) LEFT JOIN plan USING ({keys})
        LEFT JOIN conclusions c USING ({keys})""").to_arrow_table()
    for column in _ZERO_IF_MISSING:
        index = table.schema.get_field_index(column)
        table = table.set_column(index, column, pc.fill_null(table[column], 0).cast(pa.int64()))
    computed = pa.Table.from_pandas(levels.school_levels(table.to_pandas()), preserve_index=False)
    for name in computed.column_names:
        table = table.append_column(name, computed[name])
    return table


def _refresh_findings(con, incremental: bool) -> None:
    from metrics.query import with_selection
    selection = f"SELECT a.* FROM assessment_status a WHERE TRUE {scope('a', incremental)}"
    rebuild(con, "findings", with_selection(selection, sql("findings")), incremental)


def _most_of_the_store(con, keys: pd.DataFrame) -> bool:
    """Deleting and re-inserting most rows is slower than rebuilding the tables whole."""
    total = con.execute("SELECT count(*) FROM assessments").fetchall()[0][0]
    return len(keys) > total / 2


def _has_derived_tables(con) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'findings'"
                       ).fetchall()[0][0] > 0
