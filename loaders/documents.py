"""Read the improvement plans schools send as Word documents (.docx).

The document is turned into the same template-shaped raw tables the Excel
reader produces (one per recognised Word table, rows numbered as in Word),
so every value then goes through the one validation: same parsing, same
checks, same messages. Only identification (which school, which year),
the shape of the tables and the summary sentences are document-specific.
"""
from __future__ import annotations

import re

import docx
import duckdb
import pandas as pd

from loaders.doc_recognition import SOURCE as RECOGNITION_SOURCE
from loaders.doc_recognition import recognition_rows
from loaders.doc_tables import level4_rows, plan_rows, rating_rows, table_cells, table_kind
from loaders.issues import IssueLog
from loaders.provinces import match_province
from loaders.registry import SchoolNames, match_school
from loaders.spec import CONCLUSIONS, LEVEL4, PLAN, RATINGS, RECOGNITIONS
from loaders.tabular import RawTable
from loaders.text import fold
from loaders.validate import Batch, validate
from loaders.validate_context import Reference

_NUMBER = re.compile(r"S[ốô]\s*:?\s*([\w./ -]*?/\s*KH[\w.\- ]*)", re.IGNORECASE)
_DATE = re.compile(r"([^\n,]{2,40}),?\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
_SCHOOL = re.compile(r"^\s*(TRƯỜNG\s+.+)$", re.MULTILINE)
# The letterhead's "SỞ GD&ĐT HẢI PHÒNG" / "SỞ/PHÒNG GD&ĐT ..." / "SỞ GIÁO DỤC VÀ ĐÀO TẠO ..." names the province.
_DEPARTMENT = re.compile(r"^\s*S[ỞởOo](?:\s*/\s*PH[ÒòOo]NG)?\s+(?:GD\s*&\s*[ĐđD]T|GI[ÁáAa]O D[ỤụUu]C V[ÀàAa] [ĐđD][ÀàAa]O T[ẠạAa]O)"
                         r"\s+(.+)$", re.MULTILINE | re.IGNORECASE)
_YEAR_TITLE = re.compile(r"n[aă]m h[oọ]c\s*(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_PERIOD_TITLE = re.compile(r"giai đoạn\s*(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_COUNT = re.compile(r"tiêu chí đạt mức\s*([1-4])\s*:\s*(\d+\s*/\s*\d+)", re.IGNORECASE)


def document_content(path) -> tuple[str, list[tuple[str, list[list[str]]]]]:
    """A Word plan's text (paragraphs and letterhead) and its tables' cells (run in the reader's
    child process: python-docx holds the whole XML tree)."""
    document = docx.Document(str(path))
    return _full_text(document), [(f"Bảng {i}", table_cells(t)) for i, t in enumerate(document.tables, start=1)]


def read_document(text: str, grids: list, con: duckdb.DuckDBPyConnection, log: IssueLog,
                  school_choice: str | None = None, names: SchoolNames | None = None,
                  reference: Reference | None = None) -> Batch:
    """A Word plan (`document_content`), or an Excel workbook with the plan's tables pasted in
    free layout (`doc_tables.workbook_content`), validated as the template's tables are.
    `names` and `reference`: the stored schools by name and the reference data, when a batch has them."""
    log.identity = identity_of(text)
    school_id = school_choice or _identify_school(con, text, log, names)
    year = _school_year(text)
    if year is None:
        log.error("không xác định được năm học: cần dòng tiêu đề 'năm học 2023-2024' (hoặc 'giai đoạn ...') "
                  "hoặc ngày ký văn bản")
    if school_id is None or year is None:
        return Batch()
    tables = _raw_tables(grids, school_id, year, log)
    conclusion = _conclusion_table(text, school_id, year)
    if conclusion is not None:
        tables.append(conclusion)
    recognised = recognition_rows(text, log)
    if recognised:
        tables.append(_raw(RECOGNITIONS, RECOGNITION_SOURCE, recognised, school_id, year))
    if not any(t.sheet in (RATINGS, PLAN, LEVEL4, RECOGNITIONS) for t in tables) and conclusion is None:
        log.error("không tìm thấy bảng đánh giá tiêu chí, bảng Mức 4 hay bảng kế hoạch cải tiến trong tài liệu; "
                  "cần bảng có cột 'Tiêu chuẩn, tiêu chí' và 'Không đạt / Mức 1 / Mức 2 / Mức 3', hoặc bảng kế hoạch "
                  "có cột 'Tiêu chí' và 'Dự kiến kinh phí'")
        return Batch()
    return validate(con, log, tables, reference)


def _full_text(document) -> str:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables[:1]:  # the letterhead (Sở/Phòng, school name, number, date)
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _identify_school(con, text: str, log: IssueLog, names: SchoolNames | None) -> str | None:
    found = _SCHOOL.search(text)
    if not found:
        log.error("không tìm thấy tên trường (dòng bắt đầu bằng 'TRƯỜNG ...') ở phần đầu văn bản")
        return None
    name = found.group(1).strip()
    school_id, candidates = match_school(con, name, _province(text), names)
    if school_id:
        return school_id
    log.school_candidates = candidates
    log.identity["unmatched_school"] = name  # the upload page offers to add it as a new school
    close = "; ".join(label for _, label in candidates) or "không có trường nào gần giống"
    log.error(f"không xác định chắc chắn trường '{name}' trong danh sách trường ({close}). "
              "Hãy chọn trường trên trang Nhập dữ liệu, hoặc nhập danh sách trường (--registry) có trường này")
    return None


def _province(text: str) -> str | None:
    """The 2025 province the letterhead names (a former one is mapped), or None."""
    found = _DEPARTMENT.search(text)
    return match_province(found.group(1)).province if found else None


def _school_year(text: str) -> str | None:
    """'năm học 2023-2024' in the title; else a 'giai đoạn' start; else the signing date."""
    for pattern in (_YEAR_TITLE, _PERIOD_TITLE):
        match = pattern.search(text)
        if match:
            start = int(match.group(1))
            return f"{start}-{start + 1}"
    date = _DATE.search(text)
    if date:
        month, year = int(date.group(3)), int(date.group(4))
        start = year if month >= 8 else year - 1  # the school year starts in August/September
        return f"{start}-{start + 1}"
    return None


def identity_of(text: str) -> dict:
    """Number (Số …/KH-…), place and date of a plan, kept with the import for the profile."""
    number, date = _NUMBER.search(text), _DATE.search(text)
    return {"kind": "document", "number": number.group(1).strip() if number else None,
            "place": date.group(1).strip() if date else None,
            "date": f"{int(date.group(2)):02d}/{int(date.group(3)):02d}/{date.group(4)}" if date else None}


def _raw_tables(grids: list, school_id: str, year: str, log: IssueLog) -> list[RawTable]:
    tables = []
    builders = {"ratings": (RATINGS, rating_rows), "level4": (LEVEL4, level4_rows), "plan": (PLAN, plan_rows)}
    for source, cells in grids:
        kind = table_kind(cells)
        if kind is None:
            continue
        spec, build = builders[kind]
        rows = build(cells, log, source)
        if rows:
            tables.append(_raw(spec, source, rows, school_id, year))
    return tables


def _raw(spec, source: str, rows: list[dict], school_id: str, year: str) -> RawTable:
    frame = pd.DataFrame(rows, dtype=object)
    frame["school_id"], frame["school_year"] = school_id, year
    for column in spec.columns:
        if column.key not in frame:
            frame[column.key] = None
    return RawTable(spec, source, frame)


def _conclusion_table(text: str, school_id: str, year: str) -> RawTable | None:
    """Summary counts ('đạt mức 3: 4/19') and the stated conclusion, as the school's reported figures."""
    row = {f"count_level{n}": count.replace(" ", "") for n, count in _COUNT.findall(text)}
    for line in text.splitlines():
        folded = fold(line)
        if folded.startswith("ket luan"):
            row.update(_claims(line))
    if not row:
        return None
    row["_row"] = None
    return _raw(CONCLUSIONS, "Đoạn kết luận", [row], school_id, year)


def _claims(line: str) -> dict:
    """'Kết luận: Cấp độ 2; chuẩn quốc gia Mức độ 1' -> claimed texts. 'Phấn đấu ...' is a goal, not a claim."""
    claims = {}
    for part in re.split(r"[;\n]", line.split(":", 1)[-1]):
        folded = fold(part)
        if not folded or folded.startswith("phan dau"):
            continue
        key = "claimed_standard" if "chuan quoc gia" in folded else "claimed_level"
        if folded.startswith(("chua dat", "truong chua dat")):
            claims.setdefault(key, "Chưa đạt")
            if "chuan quoc gia" not in folded and "kiem dinh" in folded:
                claims.setdefault("claimed_standard", None)
        else:
            level = re.search(r"(?:cap do|muc do)\s*0?([1-4])", folded)
            if level:
                claims[key] = ("Cấp độ " if key == "claimed_level" else "Mức độ ") + level.group(1)
    return {k: v for k, v in claims.items() if v}
