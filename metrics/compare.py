"""So sánh trường beyond the heatmap (issue 15): any school of the filters found by search, in any
framework, and the criteria of the schools picked side by side.

Which figures compare across frameworks: a school's Cấp độ and its counts of criteria below Mức 2 and
short of Mức 3 are one scale for every framework (Điều 34: Cấp độ n = Mức n). A criterion is not: "1.1"
of TT17/2018 (tiểu học) and "1.1" of TT18/2018 (THCS, THPT) are two requirements, so the criteria are
compared only among the picked schools of one framework (`framework_key` on every row).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.query import run_sql
from metrics.search import match_sql

# The schools a search lists at once: enough to pick from, few enough to read.
FOUND_LIMIT = 50
_COLUMNS = """s.school_id, s.name, s.school_year, s.assessment_type, s.framework_key, f.label AS framework_label,
              s.accreditation_text AS accreditation, s.n_below2, s.n_to_level3"""


def find_assessments(con: duckdb.DuckDBPyConnection, filters: Filters, query: str,
                     limit: int = FOUND_LIMIT) -> pd.DataFrame:
    """The assessments standing for the schools of `filters` (each school once, any framework) that were
    rated criterion by criterion and whose name or code holds every word of `query`, folded."""
    where, params = match_sql(query, ("s.name", "s.school_id"))
    return run_sql(con, f"""
        SELECT {_COLUMNS} FROM selection s JOIN frameworks f USING (framework_key)
        WHERE s.level_basis = 'computed' {where}
        ORDER BY s.name, s.school_id, s.school_year, s.assessment_type LIMIT $limit""",
                   filters, {**params, "limit": int(limit)})


def compared_criteria(con: duckdb.DuckDBPyConnection, filters: Filters, school_ids: list[str]) -> pd.DataFrame:
    """Each criterion's level (NaN = no data) in the assessments standing for `school_ids` within
    `filters`, one row per assessment and criterion of its own framework."""
    return run_sql(con, f"""
        SELECT {_COLUMNS}, k.criterion_id, k.sort_key,
               criterion_level(k.criterion_bit, k.has_level3, s.bits_rated, s.bits_level0, s.bits_level1,
                               s.bits_below3) AS level
        FROM selection s JOIN frameworks f USING (framework_key) JOIN criteria k USING (framework_key)
        WHERE s.level_basis = 'computed' AND list_contains($school_ids, s.school_id)
        ORDER BY s.framework_key, k.sort_key""", filters, {"school_ids": list(school_ids)})
