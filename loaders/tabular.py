"""Read template workbooks (.xlsx) and CSV files into raw tables, one per sheet.

Nothing is interpreted here: cells stay as typed, each row keeps its
spreadsheet row number, and headers are matched to column keys by meaning
(diacritics, case, spaces and order do not matter).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.csv as pa_csv
from python_calamine import CalamineWorkbook

from loaders.issues import IssueLog
from loaders.spec import SHEETS, Sheet, match_header, sheet_for_name
from loaders.text import clean_cell

_HEADER_SEARCH_ROWS = 10


@dataclass
class RawTable:
    sheet: Sheet
    source: str          # sheet name or CSV file name, as the user sees it
    frame: pd.DataFrame  # one column per known key, plus '_row' (1-based line number)


def read_tables(path: Path, log: IssueLog) -> list[RawTable]:
    if path.suffix.lower() == ".csv":
        return _read_csv(path, log)
    return _read_xlsx(path, log)


def _read_xlsx(path: Path, log: IssueLog) -> list[RawTable]:
    workbook = CalamineWorkbook.from_path(str(path))
    tables = []
    for name in workbook.sheet_names:
        spec = sheet_for_name(name)
        if spec is None:
            if name != "Hướng dẫn":
                log.warning(f"bỏ qua trang '{name}': không phải trang của mẫu nhập liệu", sheet=name)
            continue
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        table = _table_from_rows(spec, name, rows, log)
        if table is not None:
            tables.append(table)
    return tables


def has_template_header(path: Path) -> bool:
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        spec = sheet_for_name(name)
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=_HEADER_SEARCH_ROWS)
        if spec is not None and _find_header(spec, rows) is not None:
            return True
    return False


def _read_csv(path: Path, log: IssueLog) -> list[RawTable]:
    try:
        arrow = pa_csv.read_csv(path, read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
                                convert_options=pa_csv.ConvertOptions(
                                    column_types={}, strings_can_be_null=False,
                                    check_utf8=True, auto_dict_encode=False))
    except Exception as exc:  # pyarrow raises ArrowInvalid for bad encodings and ragged rows
        log.error(f"không đọc được tệp CSV ({exc}). Hãy lưu tệp dạng CSV UTF-8")
        return []
    frame = arrow.to_pandas(types_mapper=None).astype(object)
    header = [str(v).lstrip("\ufeff") for v in frame.iloc[0]] if len(frame) else []
    spec = sheet_for_name(path.stem) or _sheet_by_headers(header)
    if spec is None:
        log.error("không nhận ra bảng trong tệp CSV: đặt tên tệp theo trang (Trường, Đánh giá, "
                  "Mức 4, Kế hoạch) hoặc dùng đúng tiêu đề cột của mẫu")
        return []
    rows = [header] + frame.iloc[1:].values.tolist()
    table = _table_from_rows(spec, path.name, rows, log)
    return [table] if table is not None else []


def _sheet_by_headers(header: list[str]) -> Sheet | None:
    best = None
    for spec in SHEETS:
        keys = {match_header(spec, h) for h in header} - {None}
        if spec.required_keys() <= keys and (best is None or len(keys) > best[1]):
            best = (spec, len(keys))
    return best[0] if best else None


def _table_from_rows(spec: Sheet, source: str, rows: list[list], log: IssueLog) -> RawTable | None:
    header_index = _find_header(spec, rows)
    if header_index is None:
        missing = ", ".join(spec.header_of(k) for k in sorted(spec.required_keys()))
        log.error(f"không tìm thấy dòng tiêu đề; trang cần các cột: {missing}", sheet=source)
        return None
    positions = {}
    for position, header in enumerate(rows[header_index]):
        key = match_header(spec, header)
        if key is None and clean_cell(header) is not None:
            log.warning(f"bỏ qua cột '{header}' không có trong mẫu", sheet=source, row=header_index + 1)
        elif key is not None:
            positions.setdefault(key, position)
    body = rows[header_index + 1:]
    data = {key: [_at(r, pos) for r in body] for key, pos in positions.items()}
    frame = pd.DataFrame(data, dtype=object)
    for column in spec.columns:
        if column.key not in frame:
            frame[column.key] = None
    frame["_row"] = range(header_index + 2, header_index + 2 + len(body))
    blank = frame[[c.key for c in spec.columns]].map(clean_cell).isna().all(axis=1)
    return RawTable(spec, source, frame[~blank].reset_index(drop=True))


def _find_header(spec: Sheet, rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = {match_header(spec, cell) for cell in row}
        if spec.required_keys() <= keys:
            return index
    return None


def _at(row: list, position: int) -> object:
    return row[position] if position < len(row) else None
