"""Pre-aggregated tables, rebuilt inside every import transaction.

Metrics read these school-level tables instead of re-deriving levels from
millions of ratings on every click (issue 3 §7: national metrics under 100 ms
need school-level pre-aggregation). Counts come from SQL (one pass over the
ratings, criteria as bit sets), the level rules from metrics.levels
(vectorised), the verdict texts from SQL again. Per-criterion rows are views
(criterion_ratings, criterion_status), made with the schema.

Each derived table is a step of STEPS (metrics/steps.py runs them). An import
passes the assessments it touched (`keys`): only their rows are rebuilt, so
adding one school's file to a national store stays quick; the cubes behind the
criteria and gap tables are recounted for the touched groups.
"""
from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.schema import ASSESSMENT_KEY
from loaders.store import registered
from metrics import levels
from metrics.categories import write_gap_hits
from metrics.sql_files import sql_text
from metrics.steps import GROUP_KEY, Step, run_steps, write_rows

_ZERO_IF_MISSING = ("n_clauses", "l4_known", "l4_achieved", "l4_failed", "n_plan_items", "n_not_estimated")
_KEY = ", ".join(ASSESSMENT_KEY)


def refresh_derived(con: duckdb.DuckDBPyConnection, keys: pd.DataFrame | None = None) -> None:
    """Rebuild every derived table, or only the rows of the assessments in `keys`."""
    incremental = keys is not None and not _most_of_the_store(con, keys)
    if incremental and keys.empty:
        return  # e.g. a list of new schools without assessments: nothing derived changes
    if not incremental:
        con.execute(sql_text("scope_all"))
        run_steps(con, STEPS, incremental=False)
        return
    with registered(con, "_keys", keys[list(ASSESSMENT_KEY)].astype(str)):
        con.execute(sql_text("scope_touched"))
    _widen_money_sums(con)
    run_steps(con, STEPS, incremental=True)


# Money sums that a store made before they became HUGEINT holds as BIGINT (derived_tables.sql).
_MONEY_SUMS = (("assessment_status", "plan_cost_vnd"), ("category_counts", "cost"))


def _widen_money_sums(con: duckdb.DuckDBPyConnection) -> None:
    """An incremental rebuild inserts into the stored tables, and a district's sum past 9.2e18 đồng
    does not fit a BIGINT column: an older store's columns are widened once, in this transaction."""
    for table, column in _MONEY_SUMS:
        # an empty result's description: information_schema took 20 ms a question, a tenth of one import
        kind = con.execute(f'SELECT "{column}" FROM {table} LIMIT 0').description[0][1]
        if str(kind) == "BIGINT":
            con.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE HUGEINT')


# Tables list schools in this order; a stored number sorts faster than five strings on every click.
# The province's rank in the high bits and the row's place within its province in the low ones: an
# import renumbers only the provinces it touched (a national store's 135,000 rows took 60-150 ms).
_PROVINCE_BITS = 32
_DISPLAY_ORDER = (f"(dense_rank() OVER (ORDER BY province) << {_PROVINCE_BITS}) + row_number() OVER "
                  "(PARTITION BY province ORDER BY district, name, school_year, assessment_type)")
_PROVINCE_RANKS = ("SELECT province, dense_rank() OVER (ORDER BY province) AS rank "
                   "FROM (SELECT DISTINCT province FROM assessment_status)")


def _write_status(con: duckdb.DuckDBPyConnection, step: Step, incremental: bool) -> None:
    """assessment_status.sql over `_status` (the counts, with the levels from metrics.levels)."""
    if not incremental:
        with registered(con, "_status", assessment_counts(con)):
            _create_status_in_display_order(con)
        return
    con.execute(sql_text("touched_groups"))  # the groups the touched schools leave ...
    with registered(con, "_status", assessment_counts(con)):
        write_rows(con, step, incremental)
    con.execute(sql_text("touched_groups"))  # ... and the groups they join
    _renumber(con, everywhere=not _province_ranks_hold(con))


def _province_ranks_hold(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every province's numbered rows still carry its rank among the stored provinces (not
    when a province came or went, nor in a store numbered before ranks were)."""
    return not con.execute(f"""SELECT 1 FROM (SELECT DISTINCT province, display_order >> {_PROVINCE_BITS} AS rank
                                 FROM assessment_status WHERE display_order > 0) stored
                               JOIN ({_PROVINCE_RANKS}) now ON stored.province IS NOT DISTINCT FROM now.province
                               WHERE stored.rank <> now.rank LIMIT 1""").fetchall()


def _renumber(con: duckdb.DuckDBPyConnection, everywhere: bool) -> None:
    """Set display_order where it changed: in the touched groups' provinces, or `everywhere`.
    Ranks come from every stored province, places from the rows of each renumbered one."""
    rows = "assessment_status" if everywhere else """(SELECT * FROM assessment_status a SEMI JOIN
        (SELECT DISTINCT province FROM touched_groups) g ON a.province IS NOT DISTINCT FROM g.province)"""
    con.execute(f"""UPDATE assessment_status s SET display_order = o.n
                    FROM (SELECT {_KEY}, display_order, (r.rank << {_PROVINCE_BITS}) + row_number() OVER
                                 (PARTITION BY t.province ORDER BY district, name, school_year, assessment_type) AS n
                          FROM {rows} t JOIN ({_PROVINCE_RANKS}) r ON t.province IS NOT DISTINCT FROM r.province) o
                    WHERE s.school_id = o.school_id AND s.school_year = o.school_year
                      AND s.assessment_type = o.assessment_type AND o.display_order IS DISTINCT FROM o.n""")


def _create_status_in_display_order(con: duckdb.DuckDBPyConnection) -> None:
    # Numbered over the five sort columns alone and joined back (a window over the whole wide
    # row was slower), then stored in that order: rows of one province sit together, so a
    # province filter skips the other row groups.
    order = """SELECT st.school_id, st.school_year, st.assessment_type, sc.province, sc.district, sc.name
                FROM _status st JOIN schools sc USING (school_id)"""
    con.execute(f"""CREATE OR REPLACE TABLE assessment_status AS
                    SELECT s.* REPLACE (o.n AS display_order) FROM ({sql_text("assessment_status")}) s
                    JOIN (SELECT {_KEY}, {_DISPLAY_ORDER} AS n FROM ({order})) o USING ({_KEY})
                    ORDER BY o.n""")


def assessment_counts(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Per assessment in scope: criterion counts, Mức 4 counts, money, the school's own claims, and
    the computed level. Returned as Arrow so column types survive even when there are no rows."""
    table = con.sql(sql_text("assessment_counts")).to_arrow_table()
    for column in _ZERO_IF_MISSING:
        index = table.schema.get_field_index(column)
        table = table.set_column(index, column, pc.fill_null(table[column], 0).cast(pa.int64()))
    computed = pa.Table.from_pandas(levels.school_levels(table.to_pandas()), preserve_index=False)
    for name in computed.column_names:
        table = table.append_column(name, computed[name])
    return table


def _most_of_the_store(con, keys: pd.DataFrame) -> bool:
    """Deleting and re-inserting most rows is slower than rebuilding the tables whole."""
    total = con.execute("SELECT count(*) FROM assessments").fetchall()[0][0]
    return len(keys) > total / 2


_RATED = ("assessments", "criterion_ratings", "plan_items", "schools")
# The derived tables, each with the tables it reads; metrics/steps.py orders and runs them.
STEPS = (
    Step("assessment_status", _RATED + ("level4_results", "conclusions", "framework_criterion_ids"),
         sql="assessment_status", write=_write_status),
    Step("gap_hits", ("criterion_ratings", "plan_items", "ratings", "gap_rules"), write=write_gap_hits),
    Step("criterion_gap_categories", ("gap_hits",), sql="criterion_gap_categories"),
    Step("plan_item_categories", ("gap_hits",), sql="plan_item_categories"),
    Step("criterion_counts", ("assessment_status", "criteria"), sql="criterion_counts", key=GROUP_KEY),
    Step("category_counts", ("assessment_status", "criterion_gap_categories", "plan_item_categories", "plan_items"),
         sql="category_counts", key=GROUP_KEY),
    Step("plan_item_details", ("assessment_status", "plan_items", "plan_item_categories", "criteria",
                               "gap_categories"), sql="plan_item_details"),
    Step("findings", ("assessment_status", "criterion_ratings", "plan_items", "criteria", "ratings",
                      "import_issues", "frameworks", "school_level_frameworks"), sql="findings"),
)
