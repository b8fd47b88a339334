"""Pre-aggregated tables, rebuilt inside every import transaction.

Metrics read these school-level tables instead of re-deriving levels from
millions of ratings on every click (issue 3 §7: national metrics under 100 ms
need school-level pre-aggregation). Counts come from SQL, the level rules from
metrics.levels (vectorised), the verdict texts from SQL again.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from metrics import levels
from metrics.categories import refresh_categories

_SQL = Path(__file__).parent / "sql"
KEY = ["school_id", "school_year", "assessment_type"]
_ZERO_IF_MISSING = ("n_clauses", "l4_known", "l4_achieved", "l4_failed", "n_plan_items", "n_not_estimated")


def sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("criterion_status"))
    con.register("_status", assessment_counts(con))
    con.execute(sql("assessment_status"))
    con.unregister("_status")
    con.execute(sql("criterion_counts"))
    refresh_categories(con)
    con.execute(sql("category_counts"))
    from metrics.filters import Filters
    from metrics.query import selection_sql, with_selection
    selection, _ = selection_sql(Filters())
    con.execute("CREATE OR REPLACE TABLE findings AS " + with_selection(selection, sql("findings")))


def assessment_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per assessment: criterion counts, Mức 4 counts, money, the school's own claims, and the computed level."""
    frame = con.execute(f"""
        WITH counts AS ({sql("assessment_counts")}), l4 AS ({sql("level4_counts")}), plan AS ({sql("plan_totals")})
        SELECT counts.*, l4.* EXCLUDE ({", ".join(KEY)}), plan.* EXCLUDE ({", ".join(KEY)}),
               c.* EXCLUDE ({", ".join(KEY)}, source_sheet, source_row, import_id)
        FROM counts
        LEFT JOIN l4 USING ({", ".join(KEY)}) LEFT JOIN plan USING ({", ".join(KEY)})
        LEFT JOIN conclusions c USING ({", ".join(KEY)})""").df()
    for column in _ZERO_IF_MISSING:
        frame[column] = frame[column].fillna(0).astype(int)
    return pd.concat([frame, levels.school_levels(frame)], axis=1)
