"""Checks for the Công nhận sheet: the authority's decisions (Điều 34: Cấp độ KĐCLGD 1-4; Điều 37: Chuẩn
quốc gia Mức độ 1-2), plain functions of a validate_context.Context like the other sheets' checks."""
from __future__ import annotations

from datetime import date

import pandas as pd

from loaders.columns import clean_text, parse_column, report_rows
from loaders.parse_recognition import (add_years, parse_decision_date, parse_recognition_kind,
                                       parse_recognition_result, parse_valid_until, result_choices)
from loaders.spec import RECOGNITION_KINDS, RECOGNITION_RESULTS, RECOGNITIONS
from loaders.tabular import RawTable
from loaders.validate_context import Context, required_text, school_levels

KEY = ["school_id", "kind", "decision_date"]  # one decision; re-importing it replaces it (loaders.write)
COLUMNS = ["school_id", "kind", "level", "decision_number", "decision_date", "valid_until", "valid_until_written",
           "date_precision", "source_sheet", "source_row"]


def recognitions(ctx: Context, table: RawTable, known: pd.DataFrame) -> pd.DataFrame:
    """Rows of the `recognitions` table (COLUMNS), issues to ctx.log."""
    f, sheet = table.frame, table.source
    out = pd.DataFrame({"_row": f["_row"]})
    out["school_id"] = required_text(ctx, f, "school_id", RECOGNITIONS, sheet)
    school_levels(ctx, out, sheet, known)
    out["kind"] = _objects(parse_column(f, "kind", parse_recognition_kind, ctx.log, sheet, "Loại công nhận"))
    result = _objects(parse_column(f, "result", parse_recognition_result, ctx.log, sheet, "Kết quả"))
    out["level"] = _levels(ctx, out, result, sheet)
    out["decision_number"] = clean_text(f["decision_number"]).astype(object)  # '05/QĐ-UBND' stays text
    decided = _objects(parse_column(f, "decision_date", parse_decision_date, ctx.log, sheet, "Ngày quyết định"))
    written = _objects(parse_column(f, "valid_until", parse_valid_until, ctx.log, sheet, "Hiệu lực đến",
                                    required=False))
    out["decision_date"] = decided.map(lambda d: d.first, na_action="ignore")
    out["date_precision"] = decided.map(lambda d: d.precision, na_action="ignore")
    out["valid_until_written"] = written.notna()
    out["valid_until"] = written.map(lambda d: d.last, na_action="ignore").where(
        written.notna(), out["decision_date"].map(add_years, na_action="ignore"))
    _check_dates(ctx, out, sheet, date.today())
    _check_repeats(ctx, out, sheet)
    out["source_sheet"], out["source_row"] = sheet, out["_row"]
    return out


def _objects(series: pd.Series) -> pd.Series:
    """A parsed categorical column as plain objects (None where missing): dates and levels are compared below."""
    return series.astype(object).where(series.notna(), None)


def _levels(ctx: Context, out: pd.DataFrame, result: pd.Series, sheet: str) -> pd.Series:
    """The result's level where it fits the row's kind. 'Cấp độ 3' under Chuẩn quốc gia is an error naming
    the fix, not a guess; a bare number is read as the kind's word ('2' under Chuẩn quốc gia: Mức độ 2)."""
    said = result.map(lambda r: r.kind, na_action="ignore")
    level = pd.to_numeric(result.map(lambda r: r.level, na_action="ignore")).astype("Int64")
    other_kind = out["kind"].notna() & said.notna() & said.ne(out["kind"])
    report_rows(ctx.log, out, other_kind, sheet, "Kết quả", lambda rows: (
        "'" + said[rows.index].map(lambda k: RECOGNITION_RESULTS[k][0]) + " " + level[rows.index].astype(str)
        + "' là kết quả của " + said[rows.index].map(RECOGNITION_KINDS) + ", không phải "
        + rows["kind"].map(RECOGNITION_KINDS) + "; với " + rows["kind"].map(RECOGNITION_KINDS) + " ghi "
        + rows["kind"].map(result_choices) + ", hoặc sửa ô Loại công nhận"))
    top = pd.to_numeric(out["kind"].map(lambda k: RECOGNITION_RESULTS[k][1], na_action="ignore")).fillna(0)
    in_range = level.between(1, top).fillna(False).astype(bool)
    out_of_range = out["kind"].notna() & said.isna() & level.notna() & ~in_range
    report_rows(ctx.log, out, out_of_range, sheet, "Kết quả", lambda rows: (
        "kết quả " + level[rows.index].astype(str) + " không có: " + rows["kind"].map(RECOGNITION_KINDS)
        + " chỉ có " + rows["kind"].map(result_choices) + "; sửa ô Kết quả"))
    return level.where(out["kind"].notna() & ~other_kind & ~out_of_range)


def _check_dates(ctx: Context, out: pd.DataFrame, sheet: str, today: date) -> None:
    """A decision cannot be dated after today; an expiry cannot come before its decision."""
    future = out["decision_date"].map(lambda d: d > today, na_action="ignore").fillna(False).astype(bool)
    report_rows(ctx.log, out, future, sheet, "Ngày quyết định", lambda rows: (
        "ngày quyết định " + rows["decision_date"].map(_shown) + f" ở sau hôm nay ({_shown(today)}); "
        "kiểm tra lại ngày (dạng dd/mm/yyyy)"))
    dated = out["decision_date"].notna() & out["valid_until"].notna()
    backwards = dated & (out["valid_until"].where(dated, date.min) < out["decision_date"].where(dated, date.min))
    report_rows(ctx.log, out, backwards, sheet, "Hiệu lực đến", lambda rows: (
        "hiệu lực đến " + rows["valid_until"].map(_shown) + " trước ngày quyết định "
        + rows["decision_date"].map(_shown) + "; sửa một trong hai ngày, hoặc để trống Hiệu lực đến "
        "(= ngày quyết định + 5 năm)"))


def _check_repeats(ctx: Context, out: pd.DataFrame, sheet: str) -> None:
    """Two rows for one decision (school, kind, date) cannot both be kept: an error on each, naming both."""
    dup = out[KEY].notna().all(axis=1) & out.duplicated(KEY, keep=False)

    def message(rows: pd.DataFrame) -> pd.Series:
        together = rows.groupby(KEY)["_row"].transform(lambda group: ", ".join(map(str, sorted(group))))
        return ("quyết định " + rows["kind"].map(RECOGNITION_KINDS) + " ngày " + rows["decision_date"].map(_shown)
                + " của trường " + rows["school_id"].astype(str) + " được ghi nhiều lần (dòng " + together
                + "); xóa dòng thừa hoặc sửa Ngày quyết định")
    report_rows(ctx.log, out, dup, sheet, "Ngày quyết định", message)


def _shown(day: date) -> str:
    return f"{day:%d/%m/%Y}"
