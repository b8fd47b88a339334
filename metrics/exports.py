"""Downloads that open cleanly in Excel: CSV in UTF-8 with BOM, XLSX with the active filters.

They take a metric's frame (keys, snake_case columns) and write it with Vietnamese headers and
value labels (metrics.present); numbers stay numbers.

Cells that begin with = + - @ (or tab/CR) are prefixed with an apostrophe so a
spreadsheet never evaluates text that came from a school's file as a formula.
"""
from __future__ import annotations

import io

import pandas as pd
import xlsxwriter

from metrics.filters import Filters
from metrics.labels import ALL, COLUMNS, FILTERS
from metrics.present import for_download, shown_columns

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame, cells: dict | None = None) -> pd.DataFrame:
    frame = for_download(frame, cells)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return frame


def to_csv_bytes(frame: pd.DataFrame, filters: Filters | None = None, title: str = "",
                 cells: dict | None = None) -> bytes:
    buffer = io.StringIO()
    for label, value in _header_lines(filters, title):
        buffer.write(f"# {label}: {neutralise(value)}\n")
    safe_frame(frame, cells).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, filters: Filters | None = None, title: str = "",
                  cells: dict | None = None) -> bytes:
    """Filters above the table, then the rows: numbers as numbers, a missing value as an empty cell.
    Rows go to xlsxwriter directly (about twice as fast as DataFrame.to_excel)."""
    return to_xlsx_workbook([("Bảng", title, frame, ())], filters, cells)


def to_xlsx_workbook(tables: list[tuple[str, str, pd.DataFrame, tuple[str, ...]]], filters: Filters | None = None,
                     cells: dict | None = None) -> bytes:
    """Several tables, one sheet each: (sheet name, title, frame, the additive columns a totals row sums)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    for sheet_name, title, frame, totals in tables:
        _write_sheet(workbook, sheet_name, _header_lines(filters, title), frame, cells, totals)
    workbook.close()
    return buffer.getvalue()


def _write_sheet(workbook, name: str, header: list, frame: pd.DataFrame, cells: dict | None, totals) -> None:
    sheet = workbook.add_worksheet(name)
    bold, money = workbook.add_format({"bold": True}), workbook.add_format({"num_format": "#,##0"})
    for row, (label, value) in enumerate(header):
        sheet.write_string(row, 0, f"{label}: {value}")
    start = len(header) + 1
    safe = safe_frame(frame, cells)
    sheet.write_row(start, 0, list(safe.columns), bold)
    columns = [safe[name].astype(object).where(safe[name].notna(), None).tolist() for name in safe.columns]
    for row, values in enumerate(zip(*columns), start=start + 1):
        sheet.write_row(row, 0, values)
    if totals:
        _totals_row(sheet, frame, start + 1 + len(frame), totals, bold)
    for column, header_text in enumerate(safe.columns):
        width = min(60, max(12, len(str(header_text)) + 2))
        sheet.set_column(column, column, width, money if _is_money(frame, column) else None)
    sheet.freeze_panes(start + 1, 0)


def _totals_row(sheet, frame: pd.DataFrame, row: int, totals, bold) -> None:
    sheet.write_string(row, 0, "Tổng cộng", bold)
    for column, key in enumerate(shown_columns(frame)):
        if key in totals:
            # as floats: an int64 sum wraps without a word past 9.2e18 đồng
            sheet.write_number(row, column, pd.to_numeric(frame[key], errors="coerce").astype("float64").sum(), bold)


def _is_money(frame: pd.DataFrame, column: int) -> bool:
    keys = shown_columns(frame)
    key = keys[column] if column < len(keys) else None
    return isinstance(key, str) and key in COLUMNS and COLUMNS[key].kind == "money"


def _header_lines(filters: Filters | None, title: str) -> list[tuple[str, str]]:
    lines = [("Bảng", title)] if title else []
    return lines + [(FILTERS[name], value or ALL) for name, value in (filters.chosen() if filters else [])]
