"""Questions officials ask of the recognition decisions (issue 11 §2), over each school's standing.

Each returns rows of the schools table (metrics.tables.school_table), so every list has the same
columns, drill-down and downloads.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.tables import school_table

_IN_FORCE = ("valid", "expiring")


def renewals_due(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Schools with a recognition (Cấp độ KĐCL or Chuẩn quốc gia) that lapses within 12 months."""
    table = school_table(con, filters)
    due = (table["recognised_level_status"] == "expiring") | (table["recognised_standard_status"] == "expiring")
    return table[due.fillna(False)].sort_values("recognition_valid_until").reset_index(drop=True)


def external_assessment_candidates(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Schools that self-assess at Mức 2 or higher but hold no recognition in force: the ones to send
    an external assessment team to."""
    table = school_table(con, filters)
    in_force = table["recognised_level_status"].isin(_IN_FORCE) | table["recognised_standard_status"].isin(_IN_FORCE)
    return table[(table["self_level"] >= 2).fillna(False) & ~in_force].reset_index(drop=True)


def self_and_external_disagree(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Schools whose latest self-assessment and latest external assessment reach different levels."""
    table = school_table(con, filters)
    both = table["self_level"].notna() & table["external_level"].notna()
    return table[both & (table["self_level"] != table["external_level"])].reset_index(drop=True)
