"""Read template workbooks (.xlsx) and CSV files into raw tables, one per sheet.

Nothing is interpreted here: cells stay as typed, each row keeps its
spreadsheet row number, and headers are matched to column keys by meaning
(diacritics, case, spaces and order do not matter).
"""
from __future__ import annotations

import csv
import gc
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from python_calamine import CalamineWorkbook

from loaders.columns import blank_rows
from loaders.issues import IssueLog
from loaders.spec import SHEETS, Sheet, match_header, sheet_for_name
from loaders.text import clean_cell

_HEADER_SEARCH_ROWS = 10
# fastexcel logs a warning for every empty column; an unused optional column is normal here.
logging.getLogger("fastexcel").setLevel(logging.ERROR)


@dataclass
class RawTable:
    sheet: Sheet
    source: str          # sheet name or CSV file name, as the user sees it
    frame: pd.DataFrame  # one column per known key, plus '_row' (1-based line number)


class Grid:
    """One sheet's cells: its top rows as typed (where the header is looked for) and, below a
    header, the body as columns c0, c1, ... Row numbers are the sheet's own."""

    def top_rows(self, count: int = _HEADER_SEARCH_ROWS) -> list[list]:
        raise NotImplementedError

    def body(self, header_index: int) -> pd.DataFrame:
        raise NotImplementedError

    def all_rows(self) -> list[list]:
        raise NotImplementedError


@dataclass
class RowGrid(Grid):
    """Every row as a list of typed cells (python-calamine)."""
    rows: list[list]

    def top_rows(self, count: int = _HEADER_SEARCH_ROWS) -> list[list]:
        return self.rows[:count]

    def all_rows(self) -> list[list]:
        return self.rows

    def body(self, header_index: int) -> pd.DataFrame:
        lengths = set(map(len, self.rows))
        width = max(lengths, default=0)
        body_rows = self.rows[header_index + 1:]
        if len(lengths) > 1:  # calamine rows are rectangular; hand-built ones may not be
            body_rows = [list(r) + [None] * (width - len(r)) for r in body_rows]
        with cycle_collector_paused():  # the rows become columns of Python objects
            return pd.DataFrame(body_rows, columns=[f"c{i}" for i in range(width)], dtype=object)


@dataclass
class ColumnGrid(Grid):
    """Columns from fastexcel (no Python object per cell): `frame` row 0 is the sheet's row
    `first_row` + 1, and `top` holds the rows above it, as typed."""
    frame: pd.DataFrame
    first_row: int = 0
    top: list[list] | None = None

    def top_rows(self, count: int = _HEADER_SEARCH_ROWS) -> list[list]:
        head = self.frame.iloc[:max(count - self.first_row, 0)]
        return ((self.top or []) + head.astype(object).where(head.notna(), None).values.tolist())[:count]

    def all_rows(self) -> list[list]:
        return self.top_rows(self.first_row + len(self.frame))

    def body(self, header_index: int) -> pd.DataFrame:
        return self.frame.iloc[header_index + 1 - self.first_row:].reset_index(drop=True)


def read_grids(path: Path) -> dict[str, Grid]:
    """Every sheet, read once where possible, without a Python object per cell (fastexcel, about
    twice as fast as python-calamine's cells): each column is read with one type, text columns
    dictionary-encoded like a CSV's. A column that mixes types (a criterion typed as the number
    1.1 among text ones: it may have been 1.10) needs each cell's own type: that sheet is read
    cell by cell (python-calamine)."""
    reader = fastexcel.read_excel(str(path))
    grids = {name: _column_grid(reader, name) for name in reader.sheet_names}
    typed = [name for name, grid in grids.items() if grid is None]
    if typed:
        grids.update({name: RowGrid(rows) for name, rows in read_sheets(path, typed).items()})
    return grids


def _column_grid(reader, name: str) -> ColumnGrid | None:
    """A template sheet with its header in row 1, as the template has it: the columns below the
    header, each of one type. Otherwise (a title above the header, a free layout) every row, if
    every cell is text. None when neither holds."""
    spec = sheet_for_name(name)
    if spec is not None:
        batch = _strict_load(reader, name, header_row=0)
        if batch is None:
            return None  # a column that mixes types below row 1 mixes them with row 1 too
        # fastexcel names an empty header cell __UNNAMED__<n>; to the header matcher it is blank
        header = [None if title.startswith("__UNNAMED__") else title for title in batch.schema.names]
        if _find_header(spec, [header]) == 0:
            return ColumnGrid(_columns_frame(batch), first_row=1, top=[header])
    batch = _strict_load(reader, name, header_row=None)
    if batch is None or not all(_is_text(t) for t in batch.schema.types):
        return None
    return ColumnGrid(_columns_frame(batch))


def _strict_load(reader, name: str, header_row: int | None) -> pa.RecordBatch | None:
    """None when a column mixes types or fastexcel cannot read the sheet (the cell-by-cell
    reader then reads it, or says what is wrong)."""
    try:
        # 'strict' refuses a column that mixes types instead of turning its numbers into text;
        # skip_rows=0 keeps leading empty rows, so row numbers stay the sheet's own.
        return reader.load_sheet(name, header_row=header_row, skip_rows=0, schema_sample_rows=None,
                                 dtype_coercion="strict", eager=True)
    except fastexcel.FastExcelError:
        return None


def _is_text(arrow_type: pa.DataType) -> bool:
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_null(arrow_type)


def _columns_frame(batch: pa.RecordBatch) -> pd.DataFrame:
    """Text and number columns as categoricals (the validator works on their codes); dates and
    other types as Python objects, a date without a time as a date (as python-calamine gives it)."""
    columns = {}
    for index, column in enumerate(batch.columns):
        name = f"c{index}"
        if _is_text(column.type) or pa.types.is_floating(column.type) or pa.types.is_integer(column.type):
            columns[name] = column.dictionary_encode().to_pandas()
        else:
            columns[name] = pd.Series([_as_cell(value) for value in column.to_pylist()], dtype=object)
    return pd.DataFrame(columns, index=pd.RangeIndex(batch.num_rows))


def _as_cell(value: object) -> object:
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


def read_sheets(path: Path, names: list[str] | None = None) -> dict[str, list[list]]:
    """Sheets' cells as typed (python-calamine: ~3x faster than openpyxl)."""
    workbook = CalamineWorkbook.from_path(str(path))
    with cycle_collector_paused():
        return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in (names if names is not None else workbook.sheet_names)}


_paused = {"readers": 0, "was_enabled": True}
_paused_lock = threading.Lock()


@contextmanager
def cycle_collector_paused():
    """A sheet becomes a list per row and a string per cell, freed by reference counting anyway;
    left on, the cycle collector walks them again and again while they are built (about 40% of
    turning 200,000 rows into Python objects). Counted, so concurrent readers restore it once."""
    with _paused_lock:
        if _paused["readers"] == 0:
            _paused["was_enabled"] = gc.isenabled()
            gc.disable()
        _paused["readers"] += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused["readers"] -= 1
            if _paused["readers"] == 0 and _paused["was_enabled"]:
                gc.enable()


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
    return any(spec is not None and _find_header(spec, grid.top_rows()) is not None
               for spec, grid in ((sheet_for_name(name), grid) for name, grid in grids.items()))


def _read_csv(path: Path, log: IssueLog) -> list[RawTable]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        names = [f"c{i}" for i in range(len(header))]
        # Every column as text ('1.10' must not become the number 1.1), dictionary-encoded: a
        # national file repeats a few thousand codes millions of times (see loaders.columns).
        text = pa.dictionary(pa.int32(), pa.string())
        arrow = pa_csv.read_csv(path, read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
                                convert_options=pa_csv.ConvertOptions(
                                    column_types={n: text for n in names}, strings_can_be_null=True))
    except (UnicodeDecodeError, pa.ArrowInvalid) as exc:  # bad encoding, ragged rows
        log.error(f"không đọc được tệp CSV ({str(exc)[:120]}). Hãy lưu tệp dạng CSV UTF-8, mỗi dòng đủ số cột")
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
    header_index = _find_header(spec, top)
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


def _find_header(spec: Sheet, rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = {match_header(spec, cell) for cell in row}
        if spec.required_keys() <= keys:
            return index
    return None


