"""Which columns of a table a totals row ("Tổng cộng") may add up, decided from what its rows are.

A sum is only true when every row is a separate part of the whole. A table's first column says what its
rows are: areas, school levels or schools split the schools (each school is in one row, and so are its
plan items), so counts of schools and money add up; a plan item's standard, criterion or year splits the
plan items only (a school with items under three criteria is in three rows), so only the items' counts
and money add up. Any other table (by criterion in "Tiêu chí chưa đạt", by gap category, where a plan item
with two categories is in both rows, by assessment, by scenario) gets no totals row.

Only the columns named here are summed: levels, ratios, averages, medians, years, ranks and row numbers
never are, even when they are whole numbers.
"""
from __future__ import annotations

import pandas as pd

from metrics.present import shown_columns

# Rows that are disjoint sets of schools. A budget year too: each school is promoted in one year and
# each funded item is paid in one.
_SPLITS_SCHOOLS = frozenset({"province", "district", "commune", "school_level", "school_id", "name", "year"})
# Rows that are disjoint sets of plan items.
_SPLITS_ITEMS = frozenset({"standard_label", "criterion_id", "year_label", "item_no"})
# Sums over plan items: true over any split of the items.
_ITEM_SUMS = frozenset({"cost_vnd", "plan_cost_vnd", "n_items", "n_plan_items", "n_estimated", "n_not_estimated",
                        "money_used_vnd"})
# Sums over schools (or what each school has once: its pupils, its criteria to raise, its need).
_SCHOOL_SUMS = frozenset({"n_schools", "n_assessed", "n_below1", "n_level1", "n_level2", "n_level3", "n_level4",
                          "n_no_data", "n_total", "n_students", "n_needed", "need_cost_vnd", "n_promoted",
                          "pupils_promoted", "budget_vnd", "money_left_vnd", "n_below2", "n_to_level3",
                          "steps_to_level2", "n_missing"})


def additive_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """The shown columns a totals row adds up, in table order; () when the rows are not disjoint parts."""
    shown = shown_columns(frame)
    first = shown[0] if shown else None
    if first in _SPLITS_SCHOOLS:
        summed = _ITEM_SUMS | _SCHOOL_SUMS
    elif first in _SPLITS_ITEMS:
        summed = _ITEM_SUMS
    else:
        return ()
    return tuple(c for c in shown if c in summed and pd.api.types.is_numeric_dtype(frame[c]))
