"""Turn raw template tables into rows of the store's schema, or into issues.

Every check reports file, sheet, row and a fix; nothing is dropped silently.
A batch with any error is not imported at all (see loaders.store). The checks are
plain functions of one Context (loaders.validate_context): the store is asked once per file.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from loaders import parse
from loaders.columns import clean_text, combined_codes, parse_column, repeated, report_rows
from loaders.issues import ERROR, WARNING, IssueLog
from loaders.provinces import map_provinces
from loaders.spec import SCHOOLS
from loaders.tabular import RawTable
from loaders.validate_context import (KEY, Context, Reference, check_criteria, framework_key, keyed, load_context,
                                      required_text, stored_for_schools)
from loaders.validate_plan import conclusions, level4, plan
from loaders.validate_recognition import recognitions


# The most a real school can count: the largest Vietnamese schools teach a few thousand pupils, so
# 20.000 is a typing error (a district's total, a column typed wrong); and 20.000 pupils in classes of
# 20 make 1.000 classes.
MAX_COUNTS = {"n_students": 20_000, "n_classes": 1_000}


@dataclass
class Batch:
    """Validated rows of one file, ready for the store."""
    schools: pd.DataFrame = field(default_factory=pd.DataFrame)
    assessments: pd.DataFrame = field(default_factory=pd.DataFrame)
    ratings: pd.DataFrame = field(default_factory=pd.DataFrame)
    level4: pd.DataFrame = field(default_factory=pd.DataFrame)
    plan: pd.DataFrame = field(default_factory=pd.DataFrame)
    conclusions: pd.DataFrame = field(default_factory=pd.DataFrame)
    recognitions: pd.DataFrame = field(default_factory=pd.DataFrame)

    def counts(self) -> dict[str, int]:
        # the import log's columns, each labelled by metrics/labels.py
        return {"schools": len(self.schools), "ratings": len(self.ratings), "level4": len(self.level4),
                "plan_items": len(self.plan), "recognitions": len(self.recognitions)}


def validate(con: duckdb.DuckDBPyConnection, log: IssueLog, tables: list[RawTable],
             reference: Reference | None = None) -> Batch:
    """Every sheet of one file checked; issues go to `log`. `reference`: the store's, when a batch has it."""
    ctx = load_context(con, log, reference)
    by_sheet = {t.sheet.key: t for t in tables}
    batch = Batch()
    if "schools" in by_sheet:
        batch.schools = _schools(ctx, by_sheet["schools"])
    known = _known_schools(ctx, batch.schools, [t for key, t in by_sheet.items() if key != "schools"])
    if "ratings" in by_sheet:
        batch.ratings, batch.assessments = _ratings(ctx, by_sheet["ratings"], known)
    linked = [by_sheet[key] for key in ("level4", "plan") if key in by_sheet]
    frameworks = _assessment_frameworks(ctx, batch.assessments, linked) if linked else None
    if "level4" in by_sheet:
        batch.level4 = level4(ctx, by_sheet["level4"], known, frameworks, batch.assessments)
    if "plan" in by_sheet:
        batch.plan = plan(ctx, by_sheet["plan"], known, frameworks, batch.assessments)
    if "conclusions" in by_sheet:
        batch.conclusions = conclusions(ctx, by_sheet["conclusions"], known)
    if "recognitions" in by_sheet:
        batch.recognitions = recognitions(ctx, by_sheet["recognitions"], known)
    if not tables:
        log.error("tệp không có trang nào của mẫu nhập liệu (Trường, Đánh giá, Mức 4, Kế hoạch, Công nhận)")
    return batch


# ------------------------------------------------------------ schools
def _schools(ctx: Context, table: RawTable) -> pd.DataFrame:
    f, sheet = table.frame, table.source
    out = pd.DataFrame({"_row": f["_row"]})
    for key in ("school_id", "name"):
        out[key] = required_text(ctx, f, key, SCHOOLS, sheet)
    out["province_written"] = required_text(ctx, f, "province", SCHOOLS, sheet)
    out["province"] = _province_2025(ctx, out, sheet)
    out["school_level"] = parse_column(f, "school_level", parse.parse_school_level, ctx.log, sheet, "Cấp học")
    for key in ("district", "commune", "school_type"):
        out[key] = clean_text(f[key])
    for key, most in MAX_COUNTS.items():
        out[key] = _optional_count(ctx, f, key, most, sheet)
    dup = out["school_id"].notna() & out.duplicated("school_id", keep=False)
    report_rows(ctx.log, f, dup, sheet, "Mã trường", "mã trường lặp lại trong trang; mỗi trường chỉ một dòng")
    return out


def _province_2025(ctx: Context, out: pd.DataFrame, sheet: str) -> pd.Series:
    """The 2025 province of each row: the file's spelling is kept in province_written, and every
    row that was mapped says so, so an official sees 'Hải Dương' counted under Hải Phòng."""
    province, warning, error = map_provinces(out["province_written"])
    header = SCHOOLS.header_of("province")
    for messages, severity in ((warning, WARNING), (error, ERROR)):
        flagged = messages.notna() & out["province_written"].notna()
        report_rows(ctx.log, out, flagged, sheet, header, lambda rows, m=messages: m.loc[rows.index].astype(str),
                    severity=severity)
    return province


def _optional_count(ctx: Context, f: pd.DataFrame, key: str, most: int, sheet: str) -> pd.Series:
    """A whole number from 0 to `most`; anything else is an error naming the cell (3 tỷ pupils
    overflowed the store's INTEGER and aborted the import with a traceback)."""
    text = clean_text(f[key])
    values = pd.to_numeric(text, errors="coerce").astype("float64")
    header = SCHOOLS.header_of(key)
    whole = values.notna() & (values % 1 == 0)
    report_rows(ctx.log, f, text.notna() & ~whole, sheet, header,
                lambda rows: "'" + text[rows.index].astype(str) + f"' không phải là số nguyên; ghi {header.lower()} "
                "bằng chữ số, ví dụ 650")
    out_of_range = whole & ~values.between(0, most)
    report_rows(ctx.log, f, out_of_range, sheet, header,
                lambda rows: text[rows.index].astype(str) + f" nằm ngoài khoảng 0 đến {most:,}".replace(",", ".")
                + f" của {header.lower()} một trường; kiểm tra lại ô (có thể nhập nhầm cột)")
    return values.where(whole & ~out_of_range).astype("Int64")


def _known_schools(ctx: Context, file_schools: pd.DataFrame, keyed_tables: list[RawTable]) -> pd.DataFrame:
    """School levels for the schools the file's rows name: from its Trường sheet, then the store's."""
    stored = stored_for_schools(ctx, "SELECT school_id, school_level FROM schools", keyed_tables)
    if len(file_schools):
        stored = pd.concat([file_schools[["school_id", "school_level"]], stored]).drop_duplicates("school_id")
    return stored


# ------------------------------------------------------------ ratings
def _ratings(ctx: Context, table: RawTable, known: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    f, sheet = table.frame, table.source
    out = keyed(ctx, f, sheet, known)
    circular = parse_column(f, "framework", parse.parse_framework_label, ctx.log, sheet, "Khung tiêu chí",
                            required=False)
    out["framework_key"] = framework_key(ctx, out, circular)
    out["criterion_id"] = parse_column(f, "criterion", parse.parse_criterion, ctx.log, sheet, "Tiêu chí")
    out["level"] = parse_column(f, "level", parse.parse_level, ctx.log, sheet, "Mức đạt")
    out["shortfall"] = clean_text(f["shortfall"])
    out = check_criteria(ctx, out, sheet)
    _check_level3(ctx, out, sheet)
    _check_repeats(ctx, out, sheet)
    key_codes, _ = combined_codes(*(out[k] for k in KEY + ["framework_key"]))
    first = np.unique(key_codes, return_index=True)[1]
    assessments = out.iloc[first][KEY + ["framework_key", "_row"]].dropna(subset=KEY + ["framework_key"])
    clash = assessments.duplicated(KEY, keep=False)
    report_rows(ctx.log, assessments, clash, sheet, "Khung tiêu chí",
                "một trường, năm học và hình thức chỉ được dùng một khung tiêu chí")
    out["source_sheet"] = sheet
    out["source_row"] = out["_row"]
    return out, assessments[KEY + ["framework_key"]].drop_duplicates(KEY)


def _check_level3(ctx: Context, out: pd.DataFrame, sheet: str) -> None:
    capped = out["level"].eq(3) & out["has_level3"].eq(False)
    report_rows(ctx.log, out, capped, sheet, "Mức đạt",
                lambda rows: "tiêu chí " + rows["criterion_id"].astype(str)
                + " không có Mức 3 trong khung; Mức 3 sẽ được tính là Mức 2", severity=WARNING)


def _check_repeats(ctx: Context, out: pd.DataFrame, sheet: str) -> None:
    """The same criterion twice for one school, year and type is ambiguous: an error naming both rows."""
    codes, _ = combined_codes(*(out[k] for k in KEY + ["criterion_id"]))
    dup = pd.Series(repeated(codes), index=out.index) & out["criterion_id"].notna()

    def message(rows: pd.DataFrame) -> pd.Series:
        # every row of the repeat names all of them: 'đã có ở dòng 2' on row 2 itself would puzzle
        together = rows.groupby(KEY + ["criterion_id"], observed=True, dropna=False)["_row"].transform(
            lambda group: ", ".join(map(str, sorted(group))))
        return ("tiêu chí " + rows["criterion_id"].astype(str) + " được ghi nhiều lần (dòng " + together
                + ") cho cùng trường, năm học và hình thức; xóa dòng thừa hoặc sửa mã tiêu chí")
    report_rows(ctx.log, out, dup, sheet, "Tiêu chí", message)


def _assessment_frameworks(ctx: Context, assessments: pd.DataFrame, linked: list[RawTable]) -> pd.DataFrame:
    """The framework of every assessment the Mức 4 and plan rows may point to: this file's, then
    the store's for the schools those rows name."""
    stored = stored_for_schools(ctx, f"SELECT {', '.join(KEY)}, framework_key FROM assessments", linked)
    if len(assessments):
        stored = pd.concat([assessments, stored]).drop_duplicates(KEY)
    return stored
