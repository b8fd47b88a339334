"""The planner's priority weight (issue 12, objective "weight"): which schools a budget favours, as data.

weight = 1 + EXPIRING_TERM if the school's recognition lapses within the planning period or has lapsed
           + COMMUNE_TERM  if its commune is one the official flags as disadvantaged.

What the two terms rest on (a budget's priorities are the office's choice; no circular sets these weights):
- a recognition decision (Cấp độ KĐCL, Chuẩn quốc gia) is valid 5 years unless it says otherwise (Điều 34,
  Điều 37 of TT17/18/19/2018): a school below the bar whose decision lapses loses it unless the gap is closed
  before its next external assessment, so money spent there keeps a recognition instead of starting one;
- the disadvantaged communes are a list published by the State (xã khu vực III, "xã đặc biệt khó khăn", of
  Quyết định 861/QĐ-TTg for 2021-2025; data/reference/priority_communes.csv, SOURCES.md §9), and the
  official may add or drop communes (the page's multiselect, the CLI's --priority-commune).

`priority_weights(con, filters, priority)` gives school_id -> priority_weight with the reasons in Vietnamese;
`Constraints(objective="weight", weights=weight_map(table))` hands them to metrics.planner.plan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from loaders.text import fold
from metrics.formatting import format_date
from metrics.labels import PRIORITY_REASONS
from metrics.query import fetch, run_sql
from metrics.sql_files import sql_text as sql

EXPIRING_TERM = 1.0
COMMUNE_TERM = 1.0
# 12 months: the horizon of "Sắp hết hiệu lực" (metrics/sql/selection.sql), used when one budget has no years
_ONE_BUDGET_MONTHS = 12
_COMMUNE_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu)\s+")


@dataclass(frozen=True)
class Priority:
    communes: frozenset[tuple[str, str]] = frozenset()  # (province, commune) as the schools write them
    expiring_before: date | None = None  # a recognition valid until a day before this one counts; None: no term


def planning_period_end(day: date, years=None) -> date:
    """The first day after the planning period: 1/1 after the last year of the annual budgets, or 12
    months from the day for one budget (a decision valid until 31/12/2027 lapses within 2026-2027)."""
    if years:
        return date(max(years) + 1, 1, 1)
    return (pd.Timestamp(day) + pd.DateOffset(months=_ONE_BUDGET_MONTHS)).date()


def commune_key(province, commune) -> tuple[str, str]:
    """Communes compared as the importer compares names: folded, without "Xã"/"Phường"/"Thị trấn"."""
    return fold(province), _COMMUNE_PREFIX.sub("", fold(commune))


def reference_communes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return fetch(con, "SELECT province, commune, reason, source FROM priority_communes ORDER BY province, commune")


def communes_in_scope(con: duckdb.DuckDBPyConnection, filters) -> pd.DataFrame:
    """province, commune of the schools in the filters that write one, and whether the reference lists it."""
    found = run_sql(con, "SELECT DISTINCT province, commune FROM selection WHERE commune IS NOT NULL "
                         "ORDER BY province, commune", filters)
    listed = {commune_key(p, c) for p, c in reference_communes(con)[["province", "commune"]].itertuples(index=False)}
    found["listed"] = pd.Series([commune_key(p, c) in listed for p, c in zip(found["province"], found["commune"])],
                                index=found.index, dtype=bool)  # bool even when empty: it picks rows
    return found


def named_communes(in_scope: pd.DataFrame, names) -> frozenset[tuple[str, str]]:
    """The communes of the scope a person named ("Hẹ Muông", "xã Hẹ Muông"), in any province of the scope."""
    wanted = {commune_key("", name)[1] for name in names}
    return frozenset((p, c) for p, c in zip(in_scope["province"], in_scope["commune"]) if commune_key(p, c)[1] in wanted)


def priority_weights(con: duckdb.DuckDBPyConnection, filters, priority: Priority) -> pd.DataFrame:
    rows = run_sql(con, sql("planner_priority"), filters)
    return weights_from_rows(rows, priority, filters.day, reference_communes(con))


def recognised_below(con: duckdb.DuckDBPyConnection, filters, school_ids) -> list[str]:
    """Of `school_ids` (schools below the target), those whose recognition decisions are all still in
    force on the day: recognised once, their latest self-assessment is now below the bar, so the gap must be
    closed before the next external assessment (Điều 34, Điều 37) or the recognition is lost."""
    rows = run_sql(con, sql("planner_priority"), filters)
    valid = pd.to_datetime(rows["recognition_valid_until"]) >= pd.Timestamp(filters.day)
    return sorted(set(rows.loc[valid.fillna(False).astype(bool), "school_id"]) & set(school_ids))


def weights_from_rows(rows: pd.DataFrame, priority: Priority, day: date,
                      reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """school_id, priority_weight, priority_reason from rows of planner_priority.sql (school_id, province,
    commune, recognition_valid_until): the rule above, column-wise (reasons are written for flagged rows only)."""
    valid_until = pd.to_datetime(rows["recognition_valid_until"])
    expiring = pd.Series(False, index=rows.index)
    if priority.expiring_before is not None:
        expiring = (valid_until < pd.Timestamp(priority.expiring_before)).fillna(False).astype(bool)
    lapsed = (valid_until < pd.Timestamp(day)).fillna(False).astype(bool)
    parts = pd.DataFrame({"expiry": "", "commune": _commune_reasons(rows, priority, reference)}, index=rows.index)
    for status, mask in (("expired", expiring & lapsed), ("expiring", expiring & ~lapsed)):
        parts.loc[mask, "expiry"] = valid_until[mask].map(
            lambda d, text=PRIORITY_REASONS[status]: text.format(date=format_date(d)))
    expiry, commune = parts["expiry"].to_numpy(dtype=object), parts["commune"].to_numpy(dtype=object)
    reasons = np.where((expiry != "") & (commune != ""), expiry + "; " + commune, expiry + commune)
    weight = 1 + EXPIRING_TERM * expiring.astype(float) + COMMUNE_TERM * (parts["commune"] != "").astype(float)
    return pd.DataFrame({"school_id": rows["school_id"], "priority_weight": weight.to_numpy(),
                         "priority_reason": reasons})


def _commune_reasons(rows: pd.DataFrame, priority: Priority, reference: pd.DataFrame | None) -> pd.Series:
    """Each row's commune reason ("" when its commune is not flagged). Names are folded once per distinct
    (province, commune), not per school: folding 45,000 schools' names one by one took over a second."""
    reasons = pd.Series("", index=rows.index, dtype=object)
    if not priority.communes:
        return reasons
    flagged = {commune_key(p, c) for p, c in priority.communes}
    why = {} if reference is None else {commune_key(p, c): r for p, c, r in
                                        reference[["province", "commune", "reason"]].itertuples(index=False)}
    places = rows[["province", "commune"]].dropna().drop_duplicates()
    for province, commune in places.itertuples(index=False):
        key = commune_key(province, commune)
        if key in flagged and key[1]:
            text = (PRIORITY_REASONS["commune"].format(commune=commune, reason=why[key]) if key in why
                    else PRIORITY_REASONS["commune_chosen"].format(commune=commune))
            reasons[(rows["province"] == province) & (rows["commune"] == commune)] = text
    return reasons


def weight_map(weights: pd.DataFrame) -> dict[str, float]:
    return dict(zip(weights["school_id"], weights["priority_weight"].astype(float)))
