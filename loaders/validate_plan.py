"""Checks for the Mức 4, Kế hoạch and Kết luận sheets: plain functions of a validate_context.Context."""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders import parse
from loaders.columns import blank, clean_text, map_rows, map_values, parse_column, report_rows
from loaders.issues import WARNING
from loaders.money import parse_item_cost
from loaders.spec import PLAN
from loaders.tabular import RawTable
from loaders.validate_context import KEY, Context, check_criteria, framework_key, keyed

SELF_ASSESSMENT = "Tự đánh giá"


def _attach_type(out: pd.DataFrame, assessments: pd.DataFrame) -> pd.DataFrame:
    """Plan rows, and Mức 4 rows with an empty Hình thức, take the file's only assessment type
    for that school and year, else self-assessment (the usual case). A written type is kept."""
    written = out.pop("assessment_type").astype(object) if "assessment_type" in out else None
    types: dict[tuple, set] = {}
    for school, year, kind in zip(assessments.get("school_id", []), assessments.get("school_year", []),
                                  assessments.get("assessment_type", [])):
        types.setdefault((school, year), set()).add(kind)
    only = {key: kinds.pop() for key, kinds in types.items() if len(kinds) == 1}
    chosen = map_rows(lambda school, year: only.get((school, year), SELF_ASSESSMENT),
                      out["school_id"], out["school_year"]).astype(object)
    out["assessment_type"] = chosen if written is None else written.where(written.notna(), chosen)
    return out


def _with_framework(ctx: Context, out: pd.DataFrame, frameworks: pd.DataFrame) -> pd.DataFrame:
    """The framework of the assessment each row belongs to, else the school level's default."""
    by_key = dict(zip(zip(*(frameworks[k] for k in KEY)), frameworks["framework_key"]))
    out["framework_key"] = map_rows(lambda *key: by_key.get(key), *(out[k] for k in KEY)).astype(object)
    missing = out["framework_key"].isna()
    if missing.any():
        default = framework_key(ctx, out, pd.Series([None] * len(out), index=out.index, dtype=object))
        out["framework_key"] = out["framework_key"].where(~missing, default)
    return out


def level4(ctx: Context, table: RawTable, known, frameworks, assessments) -> pd.DataFrame:
    f, sheet = table.frame, table.source
    out = keyed(ctx, f, sheet, known, typed=False)
    typed = parse_column(f, "assessment_type", parse.parse_assessment_type, ctx.log, sheet, "Hình thức",
                         required=False)
    out["assessment_type"] = typed.astype(object).where(~blank(f["assessment_type"]), None)  # empty: see _attach_type
    out["clause"] = parse_column(f, "clause", parse.parse_level4_clause, ctx.log, sheet, "Tiêu chí")
    out["achieved"] = parse_column(f, "result", parse.parse_result, ctx.log, sheet, "Kết quả")
    out["note"] = clean_text(f["note"])
    out = _with_framework(ctx, _attach_type(out, assessments), frameworks)
    clauses = map_values(out["framework_key"], ctx.ref.clauses).astype("float64").fillna(0)
    bad = out["clause"].notna() & out["framework_key"].notna() & ~(pd.to_numeric(out["clause"]).between(1, clauses))
    report_rows(ctx.log, out, bad, sheet, "Tiêu chí",
                lambda rows: "tiêu chí Mức 4 số " + rows["clause"].astype(str) + " không có trong khung "
                + rows["framework_key"].map(ctx.ref.labels).astype(str) + f" ({ctx.ref.clause_counts})")
    dup = out["clause"].notna() & out.duplicated(KEY + ["clause"], keep=False)
    report_rows(ctx.log, out, dup, sheet, "Tiêu chí", "tiêu chí Mức 4 lặp lại cho cùng trường và năm học")
    out["source_sheet"], out["source_row"] = sheet, out["_row"]
    return out


def plan(ctx: Context, table: RawTable, known, frameworks, assessments) -> pd.DataFrame:
    f, sheet = table.frame, table.source
    f = _drop_empty_plan_rows(ctx, f, sheet)
    out = keyed(ctx, f, sheet, known, typed=False)
    out["criterion_id"] = parse_column(f, "criterion", parse.parse_criterion, ctx.log, sheet, "Tiêu chí")
    for key, header in (("current_level", "Mức hiện tại"), ("target_level", "Mức cần đạt")):
        out[key] = parse_column(f, key, parse.parse_level, ctx.log, sheet, header, required=False)
    for key in ("action", "owner", "timeframe", "funding_source", "note"):
        out[key] = clean_text(f[key])
    out["cost_vnd"] = parse_column(f, "cost", parse_item_cost, ctx.log, sheet, "Kinh phí dự kiến", required=False)
    out["cost_text"] = clean_text(f["cost"])
    out["plan_year"] = out["timeframe"].map(parse.parse_plan_year, na_action="ignore")
    out = _with_framework(ctx, _attach_type(out, assessments), frameworks)
    out = check_criteria(ctx, out, sheet)
    out["item_no"] = out.groupby(KEY).cumcount() + 1
    out["source_sheet"], out["source_row"] = sheet, out["_row"]
    return out


def _drop_empty_plan_rows(ctx: Context, f: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """A row that names a criterion and nothing else is no plan item (seed 000 lists
    'Tiêu chí 3.3' with empty cells); it is reported, not imported."""
    content = [c for c in PLAN.columns if c.key not in ("school_id", "school_year", "criterion")]
    empty = pd.Series(np.logical_and.reduce([blank(f[c.key]).to_numpy() for c in content]), index=f.index)
    report_rows(ctx.log, f, empty, sheet, "Tiêu chí",
                "dòng chỉ có mã tiêu chí, không có giải pháp, thời gian hay kinh phí; "
                "không tính là hạng mục kế hoạch", severity=WARNING)
    return f.loc[~empty].reset_index(drop=True)


def conclusions(ctx: Context, table: RawTable, known) -> pd.DataFrame:
    f, sheet = table.frame, table.source
    out = keyed(ctx, f, sheet, known)
    for key, header in (("claimed_level", "Cấp độ trường tự kết luận"),
                        ("claimed_standard", "Chuẩn quốc gia trường tự kết luận")):
        out[key] = parse_column(f, key, parse.parse_claimed_level, ctx.log, sheet, header, required=False)
        out[f"{key}_text"] = clean_text(f[key])
    for n in range(1, 5):
        out[f"count_level{n}"] = clean_text(f[f"count_level{n}"])
    dup = out.duplicated(KEY, keep=False)
    report_rows(ctx.log, out, dup, sheet, "Mã trường", "mỗi trường, năm học và hình thức chỉ một dòng kết luận")
    out["source_sheet"], out["source_row"] = sheet, out["_row"]
    return out
