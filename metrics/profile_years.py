"""The years a school's profile download holds, written above its tables: the school year of each
assessment and the period of the improvement plan made with it.

A plan's period is the calendar years its items name: an item's year when it has one (loaders.parse
reads 'Năm 2024', 'Quý 1/2024'), else every year its timeframe text names ('10/2023-05/2024',
'Năm 2023-2025'), as the school wrote them.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.labels import REPORT, REPORT_PLAN
from metrics.query import fetch


def plan_periods(con: duckdb.DuckDBPyConnection, school_id: str) -> pd.DataFrame:
    """One row per assessment of the school, newest first: its year, type, plan items and first/last plan year."""
    return fetch(con, r"""
        WITH years AS (
            SELECT school_year, assessment_type, item_no,
                   unnest(CASE WHEN plan_year IS NOT NULL THEN [plan_year]
                          ELSE list_transform(regexp_extract_all(coalesce(timeframe, ''), '\b(20\d\d)\b', 1),
                                              lambda y: y::INTEGER) END) AS year
            FROM plan_items WHERE school_id = $school_id)
        SELECT a.school_year, a.assessment_type,
               (SELECT count(*) FROM plan_items p WHERE p.school_id = a.school_id AND p.school_year = a.school_year
                AND p.assessment_type = a.assessment_type) AS n_items,
               min(y.year) AS first_year, max(y.year) AS last_year
        FROM assessments a
        LEFT JOIN years y ON y.school_year = a.school_year AND y.assessment_type = a.assessment_type
        WHERE a.school_id = $school_id
        GROUP BY ALL ORDER BY a.school_year DESC, a.assessment_type DESC""", {"school_id": school_id})


def years_held(periods: pd.DataFrame, school_year: str | None = None,
               assessment_type: str | None = None) -> tuple[tuple[str, str], ...]:
    """The header lines of a profile download: of one assessment when named, else of every one."""
    if school_year is not None:
        periods = periods[(periods["school_year"] == school_year) & (periods["assessment_type"] == assessment_type)]
    if periods.empty:
        return ()
    assessed = "; ".join(f"{r.school_year} ({r.assessment_type})" for r in periods.itertuples())
    plans = [_period(r) for r in periods.itertuples()]
    if len(periods) > 1:
        plans = [f"{plan} ({REPORT_PLAN['of'].format(year=r.school_year)})" for plan, r in zip(plans, periods.itertuples())]
    return (REPORT["assessed"], assessed), (REPORT["plan_period"], "; ".join(plans))


def _period(row) -> str:
    if not row.n_items:
        return REPORT_PLAN["none"]
    if pd.isna(row.first_year):
        return REPORT_PLAN["no_year"]
    first, last = int(row.first_year), int(row.last_year)
    return REPORT_PLAN["one"].format(year=first) if first == last else REPORT_PLAN["range"].format(first=first, last=last)
