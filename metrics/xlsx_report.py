"""One table as a sheet that looks like a Sở's own report: a title block, the header frozen below it,
columns as wide as their content, numbers as numbers in Vietnamese style, and a totals row.

Number formats are written the way the file format stores them, in the US notation ("#,##0"): Excel
and LibreOffice show them with the separators of the reader's regional settings, so Vietnamese ones
show 1.234.567 and 12,5%. A literal "." in the code would be a decimal point, not a thousands mark.

Text is written with write_string, as it was received: the workbook is opened with strings_to_formulas,
strings_to_numbers and strings_to_urls off, so "=1+1" or "- Xây thêm nhà vệ sinh" from a school's file
stays that text, a shared string Excel never evaluates. No apostrophe is needed (only CSV needs one).
"""
from __future__ import annotations

import pandas as pd
from xlsxwriter.utility import xl_range

from metrics.formatting import format_number
from metrics.labels import COLUMNS, REPORT
from metrics.present import for_download, shown_columns

WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                    "strings_to_urls": False}
# by a column's kind (metrics.labels.Column); a share is written as a fraction (12,5 -> 0.125) so that
# Excel's own percent format shows it and a formula over it computes with it
_NUMBER_FORMATS = {"money": "#,##0", "count": "#,##0", "share": "0.0%", "average": "#,##0.0",
                   "date": "dd/mm/yyyy", "time": "hh:mm:ss dd/mm/yyyy", "age": "0"}
_MIN_WIDTH, _MAX_WIDTH, _HEADER_WRAP = 8, 60, 24


def write_sheet(workbook, name: str, title: str, lines: list[str], frame: pd.DataFrame, cells: dict | None,
                totals: tuple[str, ...]) -> None:
    """`title` in large type, then `lines` (scope, data as of, source...), a blank row, the table's header
    (frozen with everything above it), its rows and, when `totals` names columns, "Tổng cộng"."""
    sheet = workbook.add_worksheet(name)
    keys = shown_columns(frame)
    table = for_download(frame, cells)
    sheet.write_string(0, 0, title, workbook.add_format({"bold": True, "font_size": 14}))
    for row, line in enumerate(lines, start=1):
        sheet.write_string(row, 0, line)
    header_row = len(lines) + 2
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#F2F2F2"})
    for column, text in enumerate(table.columns):
        sheet.write_string(header_row, column, str(text), header)
    # by position: two keys may share a header ("Tệp", "Nhóm điểm yếu")
    columns = [table.iloc[:, i] for i in range(len(keys))]
    values = [_written(column, _kind(key)) for key, column in zip(keys, columns)]
    for row, record in enumerate(zip(*values), start=header_row + 1):
        sheet.write_row(row, 0, record)
    for column, (key, label, cells_of) in enumerate(zip(keys, table.columns, columns)):
        _set_column(workbook, sheet, column, _kind(key), str(label), cells_of)
    if totals and len(frame):
        _totals_row(workbook, sheet, keys, frame, header_row + 1, header_row + len(frame), totals)
    sheet.freeze_panes(header_row + 1, 0)


def _kind(key) -> str:
    """A column's kind; a pivot's data columns (a school year as header) are not keys and hold labels."""
    return COLUMNS[key].kind if isinstance(key, str) and key in COLUMNS else "text"


def _written(values: pd.Series, kind: str) -> list:
    """The cells of one column as xlsxwriter takes them: a missing value is an empty cell."""
    if kind == "share":
        values = pd.to_numeric(values, errors="coerce") / 100
    return values.astype(object).where(values.notna(), None).tolist()


def _set_column(workbook, sheet, column: int, kind: str, header: str, values: pd.Series) -> None:
    """As wide as the longest value (as Excel will show it) or the header's words, within bounds; a text
    column that is cut at the bound wraps instead, so a long plan action stays readable."""
    content = _content_width(values, kind)
    longest_word = max((len(word) for word in header.split()), default=0)
    width = min(_MAX_WIDTH, max(_MIN_WIDTH, content, longest_word, min(len(header), _HEADER_WRAP)) + 2)
    style = {"num_format": _NUMBER_FORMATS[kind]} if kind in _NUMBER_FORMATS else {}
    if kind == "text" and content > _MAX_WIDTH:
        style.update(text_wrap=True, valign="top")
    sheet.set_column(column, column, width, workbook.add_format(style) if style else None)


def _content_width(values: pd.Series, kind: str) -> int:
    present = values.dropna()
    if present.empty:
        return 0
    if kind in ("date", "time"):
        return 10 if kind == "date" else 19
    if pd.api.types.is_numeric_dtype(present) and not pd.api.types.is_bool_dtype(present):
        decimals = 1 if kind in ("share", "average") else 0
        return max(len(format_number(present.max(), decimals)), len(format_number(present.min(), decimals))) + (
            1 if kind == "share" else 0)
    # the distinct values only: 45,000 rows hold a few dozen provinces and levels (~1 s CPU saved nationally)
    return int(pd.Series(present.unique()).astype(str).str.len().max())


def _totals_row(workbook, sheet, keys: list, frame: pd.DataFrame, first: int, last: int, totals) -> None:
    """SUM formulas, so a total follows an official's edits, each with its value computed here (as a float:
    an int64 sum wraps without a word past 9.2e18 đồng), which a reader that does not compute shows."""
    row = last + 1
    sheet.write_string(row, 0, REPORT["total"], workbook.add_format({"bold": True, "top": 1}))
    for column, key in enumerate(keys):
        if key in totals and column > 0:
            style = workbook.add_format({"bold": True, "top": 1, "num_format": _NUMBER_FORMATS.get(_kind(key), "#,##0")})
            total = pd.to_numeric(frame[key], errors="coerce").astype("float64").sum()
            sheet.write_formula(row, column, f"=SUM({xl_range(first, column, last, column)})", style, total)
