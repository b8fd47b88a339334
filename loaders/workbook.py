"""Workbook cells into grids: by column with fastexcel (Arrow, one type per column), or cell by
cell with python-calamine when a column mixes types (only a typed cell says that the number 1.1
may have been typed as 1.10). Nothing is interpreted here; loaders.tabular finds the tables.
"""
from __future__ import annotations

import gc
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import fastexcel
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineWorkbook

from loaders.spec import Sheet, match_header, sheet_for_name

# fastexcel logs a warning for every empty column; an unused optional column is normal here.
logging.getLogger("fastexcel").setLevel(logging.ERROR)
HEADER_SEARCH_ROWS = 10  # a template's header is in its first rows (a title may sit above it)


class Grid:
    """One sheet's cells: its top rows as typed (where the header is looked for) and, below a
    header, the body as columns c0, c1, ... Row numbers are the sheet's own."""

    def top_rows(self, count: int = HEADER_SEARCH_ROWS) -> list[list]:
        raise NotImplementedError

    def body(self, header_index: int) -> pd.DataFrame:
        raise NotImplementedError

    def all_rows(self) -> list[list]:
        raise NotImplementedError


@dataclass
class RowGrid(Grid):
    """Every row as a list of typed cells (python-calamine)."""
    rows: list[list]

    def top_rows(self, count: int = HEADER_SEARCH_ROWS) -> list[list]:
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

    def top_rows(self, count: int = HEADER_SEARCH_ROWS) -> list[list]:
        head = self.frame.iloc[:max(count - self.first_row, 0)]
        return ((self.top or []) + head.astype(object).where(head.notna(), None).values.tolist())[:count]

    def all_rows(self) -> list[list]:
        return self.top_rows(self.first_row + len(self.frame))

    def body(self, header_index: int) -> pd.DataFrame:
        return self.frame.iloc[header_index + 1 - self.first_row:].reset_index(drop=True)


def read_grids(path: Path, widths: dict[str, int | None] | None = None) -> dict[str, Grid]:
    """Every sheet, read once where possible, without a Python object per cell (fastexcel, about
    twice as fast as python-calamine's cells): each column is read with one type, text columns
    dictionary-encoded like a CSV's. A column that mixes types (a criterion typed as the number
    1.1 among text ones: it may have been 1.10) needs each cell's own type: that sheet is read
    cell by cell (python-calamine). So is a sheet whose columns fastexcel does not count from A as its
    `widths` entry does (the columns from A its <dimension> declares): fastexcel leaves out an empty
    column A, and every column letter named in a message would be one off; python-calamine keeps it."""
    reader = fastexcel.read_excel(str(path))
    widths = widths or {}
    grids = {name: _column_grid(reader, name, widths.get(name)) for name in reader.sheet_names}
    typed = [name for name, grid in grids.items() if grid is None]
    if typed:
        grids.update({name: RowGrid(rows) for name, rows in read_sheets(path, typed).items()})
    return grids


def _column_grid(reader, name: str, width: int | None = None) -> ColumnGrid | None:
    """A template sheet with its header in row 1, as the template has it: the columns below the
    header, each of one type. Otherwise (a title above the header, a free layout) every row, if
    every cell is text. None when neither holds."""
    spec = sheet_for_name(name)
    if spec is not None:
        batch = _strict_load(reader, name, header_row=0)
        if batch is None or (width is not None and batch.num_columns != width):
            return None  # a column that mixes types below row 1 mixes them with row 1 too
        # fastexcel names an empty header cell __UNNAMED__<n>; to the header matcher it is blank
        header = [None if title.startswith("__UNNAMED__") else title for title in batch.schema.names]
        if find_header(spec, [header]) == 0:
            return ColumnGrid(_columns_frame(batch), first_row=1, top=[header])
    batch = _strict_load(reader, name, header_row=None)
    if batch is None or (width is not None and batch.num_columns != width) or \
            not all(_is_text(t) for t in batch.schema.types):
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


def find_header(spec: Sheet, rows: list[list]) -> int | None:
    """The row (among the first ones) that holds every required header of the sheet."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {match_header(spec, cell) for cell in row}
        if spec.required_keys() <= keys:
            return index
    return None
