"""Questions officials ask of the recognition decisions (issue 11 §2), over each school's standing.

Each keeps rows of the schools table (metrics.tables.school_table, read once per page), so every list
has the same columns, drill-down and downloads.
"""
from __future__ import annotations

import pandas as pd

_IN_FORCE = ("valid", "expiring")


def renewals_due(table: pd.DataFrame) -> pd.DataFrame:
    """Schools with a recognition (Cấp độ KĐCL or Chuẩn quốc gia) that lapses within 12 months."""
    due = (table["recognised_level_status"] == "expiring") | (table["recognised_standard_status"] == "expiring")
    return table[due.fillna(False)].sort_values("recognition_valid_until").reset_index(drop=True)


def external_assessment_candidates(table: pd.DataFrame) -> pd.DataFrame:
    """Schools that self-assess at Mức 2 or higher but hold no recognition in force: the ones to send
    an external assessment team to."""
    in_force = table["recognised_level_status"].isin(_IN_FORCE) | table["recognised_standard_status"].isin(_IN_FORCE)
    return table[(table["self_level"] >= 2).fillna(False) & ~in_force].reset_index(drop=True)


def self_and_external_disagree(table: pd.DataFrame) -> pd.DataFrame:
    """Schools whose latest self-assessment and latest external assessment reach different levels."""
    both = table["self_level"].notna() & table["external_level"].notna()
    return table[both & (table["self_level"] != table["external_level"])].reset_index(drop=True)
