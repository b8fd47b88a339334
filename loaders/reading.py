"""What the reader's child process does with one file (run by loaders.bounded): the header
checks of loaders.file_checks first, then the reader, then the limits again over what was read
(the declarations may lie), so the parent receives cells within the limits, or an OverLimit that
names the limit, the value and the place, before anything slow has parsed them.

What comes back (pickled through the child's pipe): a workbook's grids (frames of categoricals,
or rows of typed cells), a CSV's header and Arrow table (dictionary-encoded text), a document's
text and table cells; and the issues found on the way (formula cells).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import is_string_dtype

from loaders.documents import document_content
from loaders.file_checks import (check_csv_shape, check_document_tables, check_sheets, column_letters,
                                 count_csv_rows, open_checked_zip, worksheet_parts)
from loaders.formulas import report, sheet_formulas
from loaders.issues import IssueLog
from loaders.limits import Limits, OverLimit, number, over, over_unmeasured
from loaders.spec import sheet_for_name
from loaders.tabular import has_template_header, read_csv_header, read_csv_text
from loaders.workbook import ColumnGrid, Grid, RowGrid, read_grids


@dataclass
class FileContent:
    kind: str                                   # 'workbook' | 'csv' | 'document'
    issues: IssueLog
    grids: dict[str, Grid] = field(default_factory=dict)
    template: bool = False                      # a workbook with the template's header on a sheet
    header: list[str] = field(default_factory=list)
    table: pa.Table | None = None               # a CSV's columns (None when it could not be read)
    text: str = ""                              # a document's paragraphs and letterhead
    tables: list = field(default_factory=list)  # a document's tables: (source, rows of cell texts)


def read_content(path: Path, name: str, limits: Limits) -> FileContent:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return _csv(Path(path), name, limits)
    if suffix == ".docx":
        return _document(Path(path), name, limits)
    return _workbook(Path(path), name, limits)


def _workbook(path: Path, name: str, limits: Limits) -> FileContent:
    log = IssueLog(name)
    with open_checked_zip(path, limits) as archive:
        parts = worksheet_parts(archive)
        with_formulas, widths = check_sheets(archive, parts, limits)
        formulas = {sheet: sheet_formulas(archive, parts[sheet]) for sheet, has in with_formulas.items() if has}
    grids = read_grids(path, widths)
    total = 0
    for sheet, grid in grids.items():
        rows, width = _shape(grid)
        total += rows
        if rows * width > limits.sheet_cells:
            raise OverLimit(over("sheet_cells", rows * width, limits, f"trang '{sheet}' có {number(rows)} dòng × "
                                 f"{number(width)} cột ="), sheet=sheet)
        if total > limits.rows:
            raise OverLimit(over("rows", total, limits, f"tính đến trang '{sheet}', tệp có"), sheet=sheet)
        _check_grid_text(sheet, grid, limits)
    template = has_template_header(grids)
    for sheet, found in formulas.items():  # only the sheets that are read: a template's others are skipped
        if found.total and sheet in grids and (not template or sheet_for_name(sheet) is not None):
            report(log, sheet, found)
    return FileContent("workbook", log, grids=grids, template=template)


def _shape(grid: Grid) -> tuple[int, int]:
    if isinstance(grid, RowGrid):
        return len(grid.rows), max(map(len, grid.rows), default=0)
    return grid.first_row + len(grid.frame), grid.frame.shape[1]


def _check_grid_text(sheet: str, grid: Grid, limits: Limits) -> None:
    found = _long_in_rows(grid, limits.cell_chars) if isinstance(grid, RowGrid) else \
        _long_in_columns(grid, limits.cell_chars)
    if found:
        row, column, length = found
        ref = f"{column_letters(column + 1)}{row}"
        raise OverLimit(over("cell_chars", length, limits, f"ô {ref} có"), sheet=sheet, row=row,
                        column=column_letters(column + 1))


def _long_in_rows(grid: RowGrid, limit: int) -> tuple[int, int, int] | None:
    """(sheet row, column index, length) of the first cell over `limit`. Equal texts become one
    object first, so only distinct texts are measured, and pickle sends each once: a 200,000-row
    sheet read cell by cell crosses the pipe in ~0.4 s instead of ~1.3 s."""
    seen = {}
    share = seen.setdefault
    for row in grid.rows:
        row[:] = [share(value, value) if type(value) is str else value for value in row]
    if max(map(len, seen), default=0) <= limit:
        return None
    return next((r + 1, c, len(value)) for r, row in enumerate(grid.rows) for c, value in enumerate(row)
                if type(value) is str and len(value) > limit)


def _long_in_columns(grid: ColumnGrid, limit: int) -> tuple[int, int, int] | None:
    """(sheet row, column index, length) of the first cell over `limit`: each categorical column's
    categories are measured, not its cells."""
    for row, values in enumerate(grid.top or []):
        for column, value in enumerate(values):
            if isinstance(value, str) and len(value) > limit:
                return row + 1, column, len(value)
    for column, name in enumerate(grid.frame.columns):
        series = grid.frame[name]
        if not (isinstance(series.dtype, pd.CategoricalDtype) and is_string_dtype(series.cat.categories.dtype)):
            continue  # numbers, dates
        lengths = series.cat.categories.str.len().to_numpy()
        long_codes = np.flatnonzero(lengths > limit)
        if long_codes.size:
            first = int(np.flatnonzero(np.isin(series.cat.codes.to_numpy(), long_codes))[0])
            return grid.first_row + first + 1, column, int(lengths[series.cat.codes.iloc[first]])
    return None


def _csv(path: Path, name: str, limits: Limits) -> FileContent:
    log = IssueLog(name)
    rows = count_csv_rows(path, limits)
    previous = csv.field_size_limit(limits.cell_chars)
    try:
        header = read_csv_header(path, log)
    except csv.Error:
        raise OverLimit(over_unmeasured("cell_chars", limits, "dòng tiêu đề của tệp CSV có ô dài hơn mức cho phép"),
                        row=1) from None
    finally:
        csv.field_size_limit(previous)
    if header is None:
        return FileContent("csv", log)
    check_csv_shape(rows, len(header), limits)
    table = read_csv_text(path, len(header), log)
    if table is not None:
        _check_table_text(table, header, limits)
    return FileContent("csv", log, header=header, table=table)


def _check_table_text(table: pa.Table, header: list[str], limits: Limits) -> None:
    for index, column in enumerate(table.columns):
        offset = 0
        for chunk in column.chunks:
            lengths = pc.utf8_length(chunk.dictionary)
            if len(lengths) and pc.max(lengths).as_py() > limits.cell_chars:
                long_codes = pc.indices_nonzero(pc.greater(lengths, limits.cell_chars))
                first = pc.indices_nonzero(pc.is_in(chunk.indices, value_set=long_codes.cast(chunk.indices.type)))
                position = first[0].as_py()
                line = offset + position + 2  # line 1 is the header
                length = lengths[chunk.indices[position].as_py()].as_py()
                raise OverLimit(over("cell_chars", length, limits, f"dòng {number(line)}, cột '{header[index]}' có"),
                                row=line, column=str(header[index]))
            offset += len(chunk)


def _document(path: Path, name: str, limits: Limits) -> FileContent:
    with open_checked_zip(path, limits) as archive:
        check_document_tables(archive, limits)
    text, tables = document_content(path)
    for source, cells in tables:
        for row, values in enumerate(cells, start=1):
            for column, value in enumerate(values, start=1):
                if len(value) > limits.cell_chars:
                    raise OverLimit(over("cell_chars", len(value), limits, f"{source}, dòng {row}, cột {column} có"),
                                    sheet=source, row=row, column=str(column))
    for line, value in enumerate(text.splitlines(), start=1):
        if len(value) > limits.cell_chars:
            raise OverLimit(over("cell_chars", len(value), limits, f"đoạn văn thứ {line} có"))
    cells = sum(len(values) for _, rows in tables for values in rows)
    if cells > limits.sheet_cells:  # python-docx repeats a merged cell in every column it spans
        raise OverLimit(over("sheet_cells", cells, limits, "các bảng trong tài liệu có"))
    return FileContent("document", IssueLog(name), text=text, tables=tables)
