"""Recognise the tables of a Word plan by their headers and turn their rows into template cells.

Headers are matched by meaning (data/reference/document_columns.csv), tolerant of
diacritics, case, line breaks inside cells, extra columns and column order.
"""
from __future__ import annotations

import re

import pandas as pd

from loaders.issues import IssueLog
from loaders.parse import parse_criterion, parse_target_text
from loaders.schema import REFERENCE_DIR
from loaders.text import fold

_MARKS = {"x", "✓", "✔", "v", "√", "☑", "☒", "đ", "d"}
_HEADER_ROWS = 3
_ROLES = pd.read_csv(REFERENCE_DIR / "document_columns.csv")
_STANDARD_ROW = re.compile(r"^(?:\d+\s*)?(?:tieu chuan\s*\d|muc 1, 2|muc 1,2)")
_CRITERION_CELL = re.compile(r"^(?:tieu chi|tc)\s*\d")


def table_cells(table) -> list[list[str]]:
    """Cell texts; python-docx repeats a merged cell's text in every grid cell it covers."""
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def workbook_content(sheets: dict[str, list[list]]) -> tuple[str, list[tuple[str, list[list[str]]]]]:
    """An Excel workbook in free layout: its text (for the school and year) and its tables,
    one per block of rows between empty rows, named 'Trang X, dòng N'. Row numbers inside a
    block are made to match the sheet's own numbering by the block's `_offset`."""
    lines, grids = [], []
    for name, cells in sheets.items():
        rows = [[_cell_text(v) for v in row] for row in cells]
        lines += [" ".join(c for c in row if c) for row in rows]
        start = None
        for index, row in enumerate(rows + [[]]):
            if any(row) and start is None:
                start = index
            elif not any(row) and start is not None:
                grids.append(_Block(f"Trang {name}", rows[start:index], start))
                start = None
    return "\n".join(lines), [(b.source, b) for b in grids]


class _Block(list):
    """Rows of one table in a sheet; row numbers reported are the sheet's own."""

    def __init__(self, source: str, rows: list[list[str]], offset: int):
        super().__init__(rows)
        self.source, self.offset = source, offset


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def table_kind(cells: list[list[str]]) -> str | None:
    header = " | ".join(fold(c) for row in cells[:_HEADER_ROWS] for c in row)
    if "muc 1" in header and "muc 2" in header and "khong dat" in header:
        return "ratings"
    if "khong dat" in header and re.search(r"(^|\| )dat( \||$)", header):
        return "level4"
    if "tieu chi" in header and "kinh phi" in header:
        return "plan"
    return None


def _header_index(cells: list[list[str]], must: str) -> int:
    return next(i for i, row in enumerate(cells[:_HEADER_ROWS]) if any(must in fold(c) for c in row))


def _mark_columns(row: list[str], labels: dict[str, int]) -> dict[int, int]:
    """Column position -> value for the columns whose header is one of `labels`."""
    return {i: labels[fold(c)] for i, c in enumerate(row) if fold(c) in labels}


def _marked(row: list[str], columns: dict[int, int]) -> list[int]:
    return [value for i, value in columns.items() if i < len(row) and fold(row[i]) in _MARKS]


def _data_rows(cells, start):
    offset = getattr(cells, "offset", 0)  # a block of an Excel sheet starts further down
    for index in range(start, len(cells)):
        row = cells[index]
        first = fold(row[0]) if row else ""
        yield offset + index + 1, row, first  # rows are shown 1-based, header included


def _marked_rows(cells, log: IssueLog, source: str, header_word: str, labels: dict, fix: str):
    """Rows of a table where each criterion row carries one mark (x) in one of the `labels` columns:
    yields (row number, first cell, marked value, 'Nội dung' cell). A row with no mark or several
    marks is reported with `fix` and skipped."""
    header = _header_index(cells, header_word)
    columns = _mark_columns(cells[header], labels)
    note = next((i for i, c in enumerate(cells[header]) if "noi dung" in fold(c)), None)
    for number, row, first in _data_rows(cells, header + 1):
        if not _CRITERION_CELL.match(first):
            continue
        marks = _marked(row, columns)
        if len(marks) != 1:
            state = "không có ô nào được đánh dấu" if not marks else "được đánh dấu ở nhiều cột"
            log.error(f"dòng '{row[0]}' {state}; {fix}", sheet=source, row=number, column="Kết quả")
            continue
        yield number, row[0], marks[0], row[note] if note is not None and note < len(row) else None


def rating_rows(cells, log: IssueLog, source: str) -> list[dict]:
    rows = [{"_row": number, "criterion": criterion, "level": level, "shortfall": shortfall}
            for number, criterion, level, shortfall in _marked_rows(
                cells, log, source, "muc 1", {"khong dat": 0, "muc 1": 1, "muc 2": 2, "muc 3": 3},
                "đánh dấu x vào đúng một cột Không đạt/Mức 1/Mức 2/Mức 3")]
    return _resolve_duplicates(rows, log, source)


def _resolve_duplicates(rows: list[dict], log: IssueLog, source: str) -> list[dict]:
    """Seed 000 lists 'Tiêu chí 1.2' twice and no 1.3: a repeat whose position is that of a
    missing criterion is read as it (and said so); any other repeat keeps the first row."""
    ids = [parse_criterion(r["criterion"]).value for r in rows]
    kept = []
    for index, (row, criterion) in enumerate(zip(rows, ids)):
        if criterion is None or criterion not in ids[:index]:
            kept.append(row)
            continue
        first_row = rows[ids.index(criterion)]["_row"]
        by_position = _next_id(ids[index - 1]) if index else None
        if by_position and by_position not in ids and (index + 1 >= len(ids) or ids[index + 1] != by_position):
            ids[index] = by_position
            kept.append({**row, "criterion": by_position})
            log.warning(f"tiêu chí {criterion} xuất hiện hai lần (dòng {first_row} và {row['_row']}) và thiếu "
                        f"tiêu chí {by_position}; dòng {row['_row']} được đọc là tiêu chí {by_position} theo vị trí. "
                        "Hãy kiểm tra lại văn bản gốc", sheet=source, row=row["_row"], column="Tiêu chí")
        else:
            log.warning(f"tiêu chí {criterion} xuất hiện hai lần (dòng {first_row} và {row['_row']}); giữ dòng "
                        f"{first_row}, bỏ dòng {row['_row']}", sheet=source, row=row["_row"], column="Tiêu chí")
    return kept


def _next_id(criterion: str | None) -> str | None:
    if not criterion:
        return None
    standard, minor = criterion.split(".")
    return f"{standard}.{int(minor) + 1}"


def level4_rows(cells, log: IssueLog, source: str) -> list[dict]:
    return [{"_row": number, "clause": clause, "result": result, "note": note}
            for number, clause, result, note in _marked_rows(
                cells, log, source, "khong dat", {"khong dat": "Không đạt", "dat": "Đạt"},
                "bảng Mức 4 cần đúng một dấu x ở cột Đạt hoặc Không đạt")]


def _roles(header: list[str]) -> dict[str, int]:
    """Role -> column, first matching keyword wins; longer keywords are tried first."""
    roles = {}
    keywords = sorted(_ROLES.itertuples(), key=lambda r: -len(r.keyword))
    for position, cell in enumerate(header):
        folded = re.sub(r"[^\w ]", " ", fold(cell))
        folded = " ".join(folded.split())
        for rule in keywords:
            if re.search(rf"(^| ){re.escape(rule.keyword)}( |$)", folded) and rule.role not in roles:
                roles[rule.role] = position
                break
    return roles


def plan_rows(cells, log: IssueLog, source: str) -> list[dict]:
    header = _header_index(cells, "kinh phi")
    roles = _roles(cells[header])
    rows = []
    for number, row, first in _data_rows(cells, header + 1):
        criterion_cell = row[roles["criterion"]] if "criterion" in roles else row[0]
        if not _CRITERION_CELL.match(fold(criterion_cell)):
            continue
        get = lambda role: row[roles[role]] if role in roles and roles[role] < len(row) and row[roles[role]] else None  # noqa: E731
        target_text = get("target")
        target, current = parse_target_text(target_text)
        action = get("action")
        if target_text and target is None:  # 'Phòng học Công nghệ': a goal in words, kept with the action
            action = ". ".join(p for p in (target_text.rstrip("."), action) if p)
        notes = "; ".join(p for p in (get("support"), get("note")) if p and fold(p) != "khong") or None
        rows.append({"_row": number, "criterion": criterion_cell, "current_level": current, "target_level": target,
                     "action": action, "owner": get("owner"), "timeframe": get("timeframe"), "cost": get("cost"),
                     "note": notes})
    return rows
