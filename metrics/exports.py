"""Downloads that read like a Sở's own reports: CSV in UTF-8 with BOM, XLSX (metrics.xlsx_report).

They take a metric's frame (keys, snake_case columns) and write it with Vietnamese headers and value
labels (metrics.present); numbers stay numbers. Above the table both say what it is: its title, the
filters it was made with, the day of the data and its source (the store's version), and whatever the
caller adds (a school profile's years, metrics.profile_years). File names are ASCII slugs with the day
("cap-do-theo-tinh-thanh-pho-2026-12-01.xlsx").

Only CSV neutralises text that a spreadsheet would read as a formula; XLSX writes text as text.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd
import xlsxwriter

from metrics.filters import Filters
from metrics.formatting import file_slug, format_date
from metrics.labels import ALL, FILTERS, REPORT, REPORT_SOURCE
from metrics.present import for_download, whole_numbers
from metrics.totals import additive_columns
from metrics.xlsx_report import WORKBOOK_OPTIONS, write_sheet

# OWASP "CSV Injection": a field that starts with = + - @, a tab or a carriage return is read by Excel,
# LibreOffice and Google Sheets as a formula, so it gets a leading apostrophe, which Excel takes as a
# "this is text" mark and does not show. The debated case is "-" followed by a space or a letter, which
# plans use for bullets ("- Xây thêm nhà vệ sinh"). It is neutralised too: Excel reads "- Xây thêm" typed
# or opened from a CSV as the formula =- Xây thêm (#NAME?), so without the apostrophe the text is lost
# anyway, and "- 1+cmd|' /C calc'!A0" shows that a space does not stop a formula. The apostrophe is what
# keeps "- Xây thêm" readable in Excel; a program that reads the CSV as data sees "'- Xây thêm".
# A cell of dashes alone ("-", the tables' mark for "none") is no formula in any of them: left as written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DASHES_ONLY = re.compile(r"-+")
_LINE_BREAK = re.compile(r"[\r\n]+")
CSV_TYPE, XLSX_TYPE = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Source:
    """Where a table's data comes from: the store version it was read from and the day of its newest import."""
    version: str  # 'v000012'
    as_of: date | None


def source_of(con: duckdb.DuckDBPyConnection) -> Source:
    """The version a cursor reads (DuckDB names a database after its file: v000012.duckdb -> 'v000012')."""
    version, newest = con.execute("SELECT current_database(), max(imported_at) FROM imports").fetchall()[0]
    return Source(str(version), newest.date() if newest is not None else None)


def report_file_name(title: str, day: date, extension: str) -> str:
    return f"{file_slug(title)}-{day.isoformat()}.{extension}"


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _DASHES_ONLY.fullmatch(value):
        return "'" + value
    return value


def _csv_frame(frame: pd.DataFrame, cells: dict | None) -> pd.DataFrame:
    frame = whole_numbers(for_download(frame, cells))
    for at in range(frame.shape[1]):  # by position: two keys may share a header ("Tệp")
        values = frame.iloc[:, at]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            frame.isetitem(at, values.map(neutralise))
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return frame


def to_csv_bytes(frame: pd.DataFrame, filters: Filters | None = None, title: str = "", cells: dict | None = None,
                 source: Source | None = None, notes: tuple = ()) -> bytes:
    """'# label: value' lines (the title, each filter, the data's day and source, `notes`), then the rows,
    without a totals row: a CSV is read back by programs, for which a total is one more row of data."""
    buffer = io.StringIO()
    lines = ([(REPORT["table"], title)] if title else []) + _filter_lines(filters) + _about(source, notes)
    for label, value in lines:  # a line break in a school's name would end the comment line
        buffer.write(f"# {label}: {neutralise(_LINE_BREAK.sub(' ', str(value)))}\r\n")
    # CRLF as RFC 4180 and Excel write it: the csv module then quotes a field holding a lone CR too,
    # which with "\n" it left bare and Excel took for the end of the row
    _csv_frame(frame, cells).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, filters: Filters | None = None, title: str = "", cells: dict | None = None,
                  source: Source | None = None, notes: tuple = (), totals: tuple[str, ...] | None = None) -> bytes:
    """One sheet; its totals row adds up the columns metrics.totals finds additive unless `totals` names them."""
    chosen = additive_columns(frame) if totals is None else totals
    return to_xlsx_workbook([(REPORT["table"], title, frame, chosen)], filters, cells, source, notes)


def to_xlsx_workbook(tables: list[tuple[str, str, pd.DataFrame, tuple[str, ...]]], filters: Filters | None = None,
                     cells: dict | None = None, source: Source | None = None, notes: tuple = ()) -> bytes:
    """Several tables, one sheet each: (sheet name, title, frame, the additive columns a totals row sums)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    scope = [f"{REPORT['scope']}: {'; '.join(f'{label}: {value}' for label, value in _filter_lines(filters))}"]
    lines = (scope if filters else []) + [f"{label}: {value}" for label, value in _about(source, notes)]
    for sheet_name, title, frame, totals in tables:
        write_sheet(workbook, sheet_name, title or REPORT["table"], lines, frame, cells, totals)
    workbook.close()
    return buffer.getvalue()


def _filter_lines(filters: Filters | None) -> list[tuple[str, str]]:
    return [(FILTERS[name], value or ALL) for name, value in (filters.chosen() if filters else [])]


def _about(source: Source | None, notes) -> list[tuple[str, str]]:
    lines = []
    if source is not None:
        if source.as_of is not None:
            lines.append((REPORT["as_of"], format_date(source.as_of)))
        lines.append((REPORT["source"], REPORT_SOURCE.format(version=source.version)))
    return lines + list(notes)
