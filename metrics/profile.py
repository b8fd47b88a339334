"""One school's file: verdicts, criteria against Mức 2/3, plan, findings, years and sources."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.query import fetch, run_sql
from metrics.read_cache import kept
from metrics.search import match_sql


def school_list(con: duckdb.DuckDBPyConnection, filters: Filters, search: str = "",
                limit: int | None = None, first: str | None = None) -> pd.DataFrame:
    """Schools in scope in display order; `search` keeps those whose name or code holds each of its
    words (folded); with a `limit`, the school `first` is kept among them (a link to it must work)."""
    where, params = filters.sql(only=("province", "district", "school_level"))
    # every word typed, folded (metrics.search): 'Toàn Thắng' is found by 'toan thang' or 'thang toan'
    found, words = match_sql(search, ("name", "school_id"))
    where, params = where + found, {**params, **words}
    picked = f"SELECT school_id, name, district, province FROM schools s WHERE TRUE {where}"
    if limit:
        picked += " ORDER BY school_id = $first DESC, province, district, name LIMIT $limit"
        params.update(first=first, limit=limit)
    return fetch(con, f"SELECT * FROM ({picked}) ORDER BY province, district, name", params)


def school_info(con, school_id: str) -> dict:
    frame = fetch(con, "SELECT * FROM schools WHERE school_id = ?", [school_id])
    return frame.iloc[0].to_dict() if len(frame) else {}


def school_years(con, school_id: str) -> pd.DataFrame:
    """Every assessment of the school, newest first, with its verdicts; `n_plan_items` counts the items of
    its school year's plan (as every figure does: a plan goes with the year's self-assessment), and the
    cost is missing when none of them is estimated."""
    return fetch(con, """
        SELECT a.school_year, a.assessment_type, f.label AS framework_label,
               a.accreditation_text AS accreditation, a.standard_text AS standard, a.explanation,
               a.n_below2, a.n_plan_items, a.plan_cost_vnd, a.n_not_estimated, a.level_basis
        FROM assessment_status a JOIN frameworks f USING (framework_key)
        WHERE a.school_id = ? ORDER BY a.school_year DESC, a.assessment_type DESC""", [school_id])


def criteria_detail(con, school_id: str, school_year: str, assessment_type: str) -> pd.DataFrame:
    """Each criterion's level against Mức 2 and Mức 3, and what the next level asks."""
    return fetch(con, """
        SELECT c.criterion_id, k.criterion_name, c.level,
               CASE WHEN c.is_missing THEN NULL WHEN c.level >= 2 THEN 'met' ELSE 'not_met' END AS vs_level2,
               CASE WHEN NOT c.has_level3 THEN 'no_level3' WHEN c.is_missing THEN NULL
                    WHEN c.level >= 3 THEN 'met' ELSE 'not_met' END AS vs_level3,
               coalesce(c.shortfall, '') AS shortfall,
               coalesce((SELECT string_agg(i.text, ' ' ORDER BY i.position) FROM indicators i
                WHERE i.framework_key = c.framework_key AND i.criterion_id = c.criterion_id
                  AND i.level = least(coalesce(c.level, 0) + 1, CASE WHEN c.has_level3 THEN 3 ELSE 2 END)
                  AND coalesce(c.level, 0) < CASE WHEN c.has_level3 THEN 3 ELSE 2 END), '') AS next_level_requires,
               c.has_plan_item,
               coalesce(c.source_sheet || ', dòng ' || c.source_row, '') AS source_place
        FROM criterion_status c JOIN criteria k USING (framework_key, criterion_id)
        WHERE c.school_id = ? AND c.school_year = ? AND c.assessment_type = ?
        ORDER BY c.sort_key""", [school_id, school_year, assessment_type])


def plan_detail(con, school_id: str, school_year: str) -> pd.DataFrame:
    """The school year's plan, as every figure counts it: a plan answers every assessment of its year (an
    external assessment's gaps are covered by the plan the school wrote that year; metrics/sql/
    assessment_counts.sql). Its items, the amount before the long text of the action; the gap categories
    by name, and beside them (for the technical details only) with the rules that put the item there."""
    return fetch(con, """
        WITH rules AS (
            SELECT pc.assessment_type, pc.item_no, string_agg(k.category_name, '; ' ORDER BY k.sort_order) AS categories,
                   string_agg(k.category_name || ' [' || pc.rules || ']', '; ' ORDER BY k.sort_order)
                       AS categories_with_rules
            FROM plan_item_categories pc JOIN gap_categories k USING (category_key)
            WHERE pc.school_id = $1 AND pc.school_year = $2
            GROUP BY pc.assessment_type, pc.item_no)
        SELECT p.item_no, p.criterion_id, p.cost_vnd, p.action, p.owner, p.timeframe, p.cost_text,
               p.funding_source, p.note AS plan_note,
               coalesce(r.categories, '') AS categories, coalesce(r.categories_with_rules, '') AS categories_with_rules,
               i.file_name || ' — ' || p.source_sheet || ', dòng ' || p.source_row AS source
        FROM plan_items p LEFT JOIN imports i USING (import_id) LEFT JOIN rules r USING (assessment_type, item_no)
        WHERE p.school_id = $1 AND p.school_year = $2 ORDER BY p.assessment_type DESC, p.item_no""",
        [school_id, school_year])


def school_findings(con, school_id: str) -> pd.DataFrame:
    """The findings of every assessment of the school (not only the one that stands for it today)."""
    return fetch(con, """
        SELECT school_year, assessment_type, kind AS finding_kind, detail FROM findings
        WHERE school_id = $school_id ORDER BY school_year, assessment_type, ord""", {"school_id": school_id})


def school_sources(con, school_id: str) -> pd.DataFrame:
    """Which imported files the school's data came from, and when."""
    return fetch(con, """
        SELECT DISTINCT i.file_name, i.reader, i.imported_at, coalesce(i.document_number, '') AS document_number,
               coalesce(i.document_place || ', ' || i.document_date, i.document_date, '') AS document_signed,
               i.sha256[:12] AS file_hash, i.stored_path
        FROM imports i WHERE i.import_id IN (
            SELECT import_id FROM schools WHERE school_id = $1
            UNION SELECT import_id FROM ratings WHERE school_id = $1
            UNION SELECT import_id FROM plan_items WHERE school_id = $1
            UNION SELECT import_id FROM level4_results WHERE school_id = $1
            UNION SELECT import_id FROM conclusions WHERE school_id = $1)
        ORDER BY imported_at DESC""", [school_id])


@kept
def levels_by_year(con, school_id: str) -> pd.DataFrame:
    """Each criterion's level (a key of metrics.labels.CRITERION_LEVELS, NaN = not rated) in every
    assessment, side by side; the columns are the assessments ('2023-2024 · Tự đánh giá'), newest first."""
    rows = fetch(con, """
        SELECT c.criterion_id, c.sort_key, c.school_year || ' · ' || c.assessment_type AS assessment, c.level
        FROM criterion_status c WHERE c.school_id = ?""", [school_id])
    if rows.empty:
        return rows
    # one row per criterion: pivot_table(dropna=False) crossed every sort_key with every criterion_id
    # (25 criteria -> 625 rows, each level on one of them); a criterion not rated stays NaN
    table = rows.groupby(["sort_key", "criterion_id", "assessment"], sort=True)["level"].first().unstack("assessment")
    table = table.reindex(columns=sorted(table.columns, reverse=True))
    return table.reset_index().drop(columns="sort_key").rename_axis(columns=None)


def school_recognitions(con, school_id: str) -> pd.DataFrame:
    """Every recognition decision of the school, newest first, with how its expiry was set."""
    return fetch(con, """
        SELECT kind AS recognition_kind, kind || '_' || level AS recognised_as, decision_number, decision_date,
               valid_until AS recognition_valid_until, valid_until_written
        FROM recognitions WHERE school_id = $school_id ORDER BY decision_date DESC""", {"school_id": school_id})


def school_standing(con, school_id: str, filters: Filters) -> dict:
    """The school's standing on the filters' day (or in their school year): the schools table's row."""
    day = Filters(school_year=filters.school_year, assessment_type=filters.assessment_type, as_of=filters.as_of)
    frame = run_sql(con, """
        SELECT school_year, assessment_type, data_age_years, self_year, self_level, self_accreditation,
               external_year, external_accreditation, recognised_level, recognised_standard,
               recognition_valid_until, recognition_status
        FROM selection WHERE school_id = $school_id""", day, {"school_id": school_id})
    return frame.iloc[0].to_dict() if len(frame) else {}


def below_recognition(standing: dict) -> bool:
    """A decision in force recognises more than the latest self-assessment reaches: Cấp độ KĐCL n needs Mức n
    (Điều 34 of TT17/18/19/2018), Chuẩn quốc gia Mức độ m needs Mức m + 1 (Điều 37: Mức độ 1 needs Mức 2, Mức độ 2
    needs Mức 3). The self-assessment is then older than the decision, or the school has slipped."""
    if standing.get("recognition_status") not in ("valid", "expiring"):
        return False
    level, standard = (standing.get(k) for k in ("recognised_level", "recognised_standard"))
    recognised = max(int(level) if pd.notna(level) else 0, int(standard) + 1 if pd.notna(standard) else 0)
    reached = standing.get("self_level")
    return bool(recognised) and (pd.isna(reached) or int(reached) < recognised)
