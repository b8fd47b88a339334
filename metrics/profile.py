"""One school's file: verdicts, criteria against Mức 2/3, plan, findings, years and sources."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.query import fetch
from metrics.tables import findings_table


def school_list(con: duckdb.DuckDBPyConnection, filters: Filters, search: str = "",
                limit: int | None = None, first: str | None = None) -> pd.DataFrame:
    """Schools in scope in display order; `search` keeps those whose name or code contains it
    (folded); with a `limit`, the school `first` is kept among them (a link to it must work)."""
    where, params = filters.sql(only=("province", "district", "school_level"))
    if search.strip():
        # fold() is loaders.text.fold as a SQL macro: 'Toàn Thắng' is found by 'toan thang'
        where += " AND (fold(name) LIKE '%' || fold(?) || '%' OR fold(school_id) LIKE '%' || fold(?) || '%')"
        params += [search.strip(), search.strip()]
    picked = f"SELECT school_id, name, district, province FROM schools s WHERE TRUE {where}"
    if limit:
        picked += " ORDER BY school_id = ? DESC, province, district, name LIMIT ?"
        params += [first, limit]
    return fetch(con, f"SELECT * FROM ({picked}) ORDER BY province, district, name", params)


def school_info(con, school_id: str) -> dict:
    frame = fetch(con, "SELECT * FROM schools WHERE school_id = ?", [school_id])
    return frame.iloc[0].to_dict() if len(frame) else {}


def school_years(con, school_id: str) -> pd.DataFrame:
    """Every assessment of the school, newest first, with its verdicts."""
    return fetch(con, """
        SELECT a.school_year AS "Năm học", a.assessment_type AS "Hình thức", f.label AS "Khung tiêu chí",
               a.accreditation_text AS "Cấp độ KĐCL", a.standard_text AS "Chuẩn quốc gia",
               a.explanation AS "Giải thích", a.n_below2 AS "Số tiêu chí dưới Mức 2",
               a.plan_cost_vnd AS "Kinh phí dự kiến (đồng)", a.n_not_estimated AS "Số hạng mục chưa ước tính kinh phí",
               a.level_basis
        FROM assessment_status a JOIN frameworks f USING (framework_key)
        WHERE a.school_id = ? ORDER BY a.school_year DESC, a.assessment_type DESC""", [school_id])


def criteria_detail(con, school_id: str, school_year: str, assessment_type: str) -> pd.DataFrame:
    """Each criterion's level against Mức 2 and Mức 3, and what the next level asks."""
    return fetch(con, """
        SELECT c.criterion_id AS "Tiêu chí", k.criterion_name AS "Tên tiêu chí",
               CASE WHEN c.is_missing THEN 'Chưa có dữ liệu' WHEN c.level = 0 THEN 'Không đạt'
                    ELSE 'Mức ' || c.level END AS "Mức đạt",
               CASE WHEN c.is_missing THEN '' WHEN c.level >= 2 THEN 'Đạt' ELSE 'Chưa đạt' END AS "So với Mức 2",
               CASE WHEN NOT c.has_level3 THEN 'Không có Mức 3' WHEN c.is_missing THEN ''
                    WHEN c.level >= 3 THEN 'Đạt' ELSE 'Chưa đạt' END AS "So với Mức 3",
               coalesce(c.shortfall, '') AS "Nội dung chưa đạt",
               coalesce((SELECT string_agg(i.text, ' ' ORDER BY i.position) FROM indicators i
                WHERE i.framework_key = c.framework_key AND i.criterion_id = c.criterion_id
                  AND i.level = least(coalesce(c.level, 0) + 1, CASE WHEN c.has_level3 THEN 3 ELSE 2 END)
                  AND coalesce(c.level, 0) < CASE WHEN c.has_level3 THEN 3 ELSE 2 END), '') AS "Mức tiếp theo yêu cầu",
               CASE WHEN c.has_plan_item THEN 'Có' ELSE '' END AS "Có trong kế hoạch",
               coalesce(c.source_sheet || ', dòng ' || c.source_row, '') AS "Nguồn (trang, dòng)",
               c.level AS _level
        FROM criterion_status c JOIN criteria k USING (framework_key, criterion_id)
        WHERE c.school_id = ? AND c.school_year = ? AND c.assessment_type = ?
        ORDER BY c.sort_key""", [school_id, school_year, assessment_type])


def plan_detail(con, school_id: str, school_year: str, assessment_type: str) -> pd.DataFrame:
    return fetch(con, """
        SELECT p.item_no AS "STT", p.criterion_id AS "Tiêu chí", p.action AS "Công việc/giải pháp",
               p.owner AS "Chủ trì", p.timeframe AS "Thời gian thực hiện", p.cost_vnd AS "Kinh phí (đồng)",
               p.cost_text AS "Kinh phí (nguyên văn)",
               coalesce((SELECT string_agg(k.category_name || ' [' || pc.rules || ']', '; ' ORDER BY k.sort_order)
                         FROM plan_item_categories pc JOIN gap_categories k USING (category_key)
                         WHERE pc.school_id = p.school_id AND pc.school_year = p.school_year
                           AND pc.assessment_type = p.assessment_type AND pc.item_no = p.item_no), '')
                   AS "Nhóm điểm yếu [quy tắc]",
               i.file_name || ' — ' || p.source_sheet || ', dòng ' || p.source_row AS "Nguồn"
        FROM plan_items p LEFT JOIN imports i USING (import_id)
        WHERE p.school_id = ? AND p.school_year = ? AND p.assessment_type = ? ORDER BY p.item_no""",
        [school_id, school_year, assessment_type])


def school_findings(con, school_id: str) -> pd.DataFrame:
    table = findings_table(con, Filters())
    return table[table["Mã trường"] == school_id].drop(columns=["Mã trường", "Tên trường", "Quận/Huyện"])


def school_sources(con, school_id: str) -> pd.DataFrame:
    """Which imported files the school's data came from, and when."""
    return fetch(con, """
        SELECT DISTINCT i.file_name AS "Tệp", i.reader AS "Cách đọc", i.imported_at AS "Thời điểm nhập",
               coalesce(i.document_number, '') AS "Số văn bản",
               coalesce(i.document_place || ', ' || i.document_date, i.document_date, '') AS "Nơi, ngày ký",
               i.sha256[:12] AS "Mã tệp", i.stored_path AS "Bản gốc lưu tại"
        FROM imports i WHERE i.import_id IN (
            SELECT import_id FROM schools WHERE school_id = $1
            UNION SELECT import_id FROM ratings WHERE school_id = $1
            UNION SELECT import_id FROM plan_items WHERE school_id = $1
            UNION SELECT import_id FROM level4_results WHERE school_id = $1
            UNION SELECT import_id FROM conclusions WHERE school_id = $1)
        ORDER BY 3 DESC""", [school_id])


def levels_by_year(con, school_id: str) -> pd.DataFrame:
    """Each criterion's level in every school year, side by side (self-assessments and external ones)."""
    rows = fetch(con, """
        SELECT c.criterion_id AS "Tiêu chí", c.sort_key, c.school_year || ' · ' || c.assessment_type AS year,
               CASE WHEN c.is_missing THEN '—' WHEN c.level = 0 THEN 'Không đạt' ELSE 'Mức ' || c.level END AS level
        FROM criterion_status c WHERE c.school_id = ?""", [school_id])
    if rows.empty:
        return rows
    table = rows.pivot_table(index=["sort_key", "Tiêu chí"], columns="year", values="level", aggfunc="first")
    table = table.reindex(columns=sorted(table.columns, reverse=True))
    return table.reset_index().drop(columns="sort_key").rename_axis(columns=None).fillna("")
