"""Read template workbooks (.xlsx) and CSV files into raw tables, one per sheet.

Nothing is interpreted here: cells stay as typed, each row keeps its
spreadsheet row number, and headers are matched to column keys by meaning
(diacritics, case, spaces and order do not matter).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from loaders.columns import blank_rows
from loaders.issues import IssueLog
from loaders.spec import SHEETS, Sheet, match_header, sheet_for_name
from loaders.text import clean_cell
from loaders.workbook import Grid, find_header, read_grids


@dataclass
class RawTable:
    sheet: Sheet
    source: str          # sheet name or CSV file name, as the user sees it
    frame: pd.DataFrame  # one column per known key, plus '_row' (1-based line number)


def read_tables(path: Path, log: IssueLog, grids: dict[str, Grid] | None = None) -> list[RawTable]:
    if path.suffix.lower() == ".csv":
        return _read_csv(path, log)
    grids = grids if grids is not None else read_grids(path)
    return [table for name, grid in grids.items() if (table := _sheet_table(name, grid, log)) is not None]


def _sheet_table(name: str, grid: Grid, log: IssueLog) -> RawTable | None:
    spec = sheet_for_name(name)
    if spec is None:
        if name != "Hướng dẫn":
            log.warning(f"bỏ qua trang '{name}': không phải trang của mẫu nhập liệu", sheet=name)
        return None
    return _table_from_grid(spec, name, grid, log)


def has_template_header(grids: dict[str, Grid]) -> bool:
    """A workbook is a filled template when a sheet named like one has the template's header."""
    return any(spec is not None and find_header(spec, grid.top_rows()) is not None
               for spec, grid in ((sheet_for_name(name), grid) for name, grid in grids.items()))


def _read_csv(path: Path, log: IssueLog) -> list[RawTable]:
    header = read_csv_header(path, log)
    return csv_tables(path, header, read_csv_text(path, len(header), log) if header is not None else None, log)


def read_csv_header(path: Path, log: IssueLog) -> list[str] | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), [])
    except UnicodeDecodeError:
        log.error(_CSV_NOT_UTF8)
        return None


def read_csv_text(path: Path, columns: int, log: IssueLog) -> pa.Table | None:
    """Every column as text ('1.10' must not become the number 1.1), dictionary-encoded: a
    national file repeats a few thousand codes millions of times (see loaders.columns)."""
    names = [f"c{i}" for i in range(columns)]
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        return pa_csv.read_csv(path, read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
                               convert_options=pa_csv.ConvertOptions(
                                   column_types={n: text for n in names}, strings_can_be_null=True))
    except UnicodeDecodeError:
        log.error(_CSV_NOT_UTF8)
    except pa.ArrowInvalid as exc:  # its message is English and names no line: the line is found here
        message, row = _not_csv(path, columns, str(exc))
        log.error(message, row=row)
    return None


_CSV_FIX = "Hãy lưu tệp dạng CSV UTF-8 (Excel: Lưu Như > CSV UTF-8), mỗi dòng đủ số cột như dòng tiêu đề"
_CSV_NOT_UTF8 = ("không đọc được tệp CSV: tệp có chữ không đọc được bằng bảng mã UTF-8 (có thể đã lưu bằng bảng mã "
                 "khác như TCVN3, VNI, Windows-1258, hoặc không phải tệp văn bản). " + _CSV_FIX)
_CSV_LAYOUT = "không đọc được tệp CSV: nội dung không theo dạng CSV (có thể có dấu ngoặc kép chưa được đóng). "


def _not_csv(path: Path, columns: int, arrow_said: str) -> tuple[str, int | None]:
    """What is wrong, in Vietnamese, and the line when one is to blame. Bad UTF-8 after the first block
    reaches pyarrow's conversion (not Python's decoder); an unclosed quote makes one endless field."""
    if "UTF8" in arrow_said or "UTF-8" in arrow_said:
        return _CSV_NOT_UTF8, None
    try:
        row, found = _first_ragged_row(path, columns)
    except UnicodeDecodeError:
        return _CSV_NOT_UTF8, None
    except csv.Error:  # a field above the csv module's limit (131,072 characters)
        return _CSV_LAYOUT + _CSV_FIX, None
    if row is None:
        return _CSV_LAYOUT + _CSV_FIX, None
    return f"không đọc được tệp CSV: dòng {row} có {found} cột, dòng tiêu đề có {columns} cột. " + _CSV_FIX, row


def _first_ragged_row(path: Path, columns: int) -> tuple[int | None, int]:
    """The first line (1 = the header) whose number of fields is not the header's, and that number."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if row and len(row) != columns:
                return number, len(row)
    return None, 0


def csv_tables(path: Path, header: list[str] | None, arrow: pa.Table | None, log: IssueLog) -> list[RawTable]:
    """The CSV's one table, named by the file (Trường.csv) or recognised by its headers."""
    if arrow is None:
        return []
    spec = sheet_for_name(path.stem) or _sheet_by_headers(header)
    if spec is None:
        log.error("không nhận ra bảng trong tệp CSV: đặt tên tệp theo trang (Trường, Đánh giá, "
                  "Mức 4, Kế hoạch) hoặc dùng đúng tiêu đề cột của mẫu")
        return []
    body = arrow.to_pandas()  # dictionary columns become categoricals
    table = _table_from_body(spec, path.name, header, 0, body, log)
    return [table] if table is not None else []


def _sheet_by_headers(header: list[str]) -> Sheet | None:
    best = None
    for spec in SHEETS:
        keys = {match_header(spec, h) for h in header} - {None}
        if spec.required_keys() <= keys and (best is None or len(keys) > best[1]):
            best = (spec, len(keys))
    return best[0] if best else None


def _table_from_grid(spec: Sheet, source: str, grid: Grid, log: IssueLog) -> RawTable | None:
    top = grid.top_rows()
    header_index = find_header(spec, top)
    if header_index is None:
        missing = ", ".join(spec.header_of(k) for k in sorted(spec.required_keys()))
        log.error(f"không tìm thấy dòng tiêu đề; trang cần các cột: {missing}", sheet=source)
        return None
    return _table_from_body(spec, source, top[header_index], header_index, grid.body(header_index), log)


def _table_from_body(spec: Sheet, source: str, header: list, header_index: int, body: pd.DataFrame,
                     log: IssueLog) -> RawTable:
    """Name the body's columns by the header's meaning; number rows as the user sees them."""
    frame = pd.DataFrame(index=body.index)
    for position, title in enumerate(header):
        key = match_header(spec, title)
        if key is None and clean_cell(title) is not None:
            log.warning(f"bỏ qua cột '{title}' không có trong mẫu", sheet=source, row=header_index + 1)
        elif key is not None and key not in frame and position < body.shape[1]:
            frame[key] = body.iloc[:, position]
    for column in spec.columns:
        if column.key not in frame:
            frame[column.key] = None
    frame["_row"] = np.arange(header_index + 2, header_index + 2 + len(body))
    empty = blank_rows(frame, [c.key for c in spec.columns])
    return RawTable(spec, source, frame.loc[~empty].reset_index(drop=True))
