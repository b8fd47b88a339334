"""Pre-aggregated tables, rebuilt inside every import transaction.

Metrics read these school-level tables instead of re-deriving levels from
millions of ratings on every click (RULES.md; issue 3 §7: national metrics
under 100 ms need school-level pre-aggregation).
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from metrics import levels
from metrics.categories import refresh_categories
from metrics.explain import explain_rows

_SQL = Path(__file__).parent / "sql"
KEY = ["school_id", "school_year", "assessment_type"]


def sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("criterion_status"))
    status = assessment_status(con)
    con.register("_status", status)
    con.execute("CREATE OR REPLACE TABLE assessment_status AS SELECT * FROM _status")
    con.unregister("_status")
    refresh_categories(con)


def assessment_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    counts = con.execute(sql("assessment_counts")).df()
    l4 = con.execute(sql("level4_counts")).df()
    plan = con.execute(sql("plan_totals")).df()
    claims = con.execute("SELECT * EXCLUDE (source_sheet, source_row, import_id) FROM conclusions").df()
    frame = counts.merge(l4, on=KEY, how="left").merge(plan, on=KEY, how="left").merge(claims, on=KEY, how="left")
    for column in ("n_clauses", "l4_known", "l4_achieved", "l4_failed", "n_plan_items", "n_not_estimated"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame = pd.concat([frame, levels.school_levels(frame)], axis=1)
    return _verdicts(frame)


def _verdicts(frame: pd.DataFrame) -> pd.DataFrame:
    has_ratings = frame["n_rated"] > 0
    reported = frame["claimed_level"].notna() if "claimed_level" in frame else pd.Series(False, index=frame.index)
    frame["level_basis"] = "computed"
    frame.loc[~has_ratings & reported, "level_basis"] = "reported"
    frame.loc[~has_ratings & ~reported, "level_basis"] = "none"
    level = frame["computed_level"].astype("Int64").where(has_ratings)
    level = level.fillna(frame["claimed_level"].where(~has_ratings).astype("Int64"))
    frame["school_level_reached"] = level
    frame["national_standard"] = [
        pd.NA if pd.isna(lv) else levels.national_standard(int(lv), fw)
        for lv, fw in zip(level, frame["framework_key"])]
    frame["national_standard"] = frame["national_standard"].astype("Int64")
    if "claimed_standard" in frame:
        use_claim = frame["level_basis"].eq("reported") & frame["claimed_standard"].notna()
        frame.loc[use_claim, "national_standard"] = frame.loc[use_claim, "claimed_standard"].astype("Int64")
    frame["accreditation_text"] = [_accreditation_text(r) for r in frame.itertuples()]
    frame["standard_text"] = [_standard_text(r) for r in frame.itertuples()]
    frame["explanation"] = explain_rows(frame)
    frame["claim_mismatch"] = frame["claimed_level"].notna() & has_ratings & (
        frame["claimed_level"].astype("Int64") != frame["computed_level"]).fillna(False)
    return frame


def _accreditation_text(row) -> str:
    if row.level_basis == "none":
        return "Chưa có dữ liệu"
    label = levels.accreditation_label(int(row.school_level_reached))
    if row.level_basis == "reported":
        return f"{label} (theo báo cáo)"
    return f"{label} (thiếu dữ liệu)" if row.data_incomplete else label


def _standard_text(row) -> str:
    if row.level_basis == "none" or pd.isna(row.national_standard):
        return "Chưa có dữ liệu"
    label = levels.national_standard_label(int(row.national_standard))
    return f"{label} (theo báo cáo)" if row.level_basis == "reported" else label
