"""Vectorised column parsing: each distinct cell value is parsed once.

A national ratings file repeats the same few hundred strings millions of
times, so cells are factorised, the distinct values parsed in Python and the
results taken back by code. CSV columns arrive dictionary-encoded (categorical);
spreadsheet columns as Python objects (numbers stay numbers, so a numeric
criterion like 1.1 can still be told apart from the text '1.10').

Results are categorical too: the validator groups and compares the same key
columns several times, and factorising a categorical costs a pass over small
integers instead of hashing millions of strings.
"""
from __future__ import annotations

import itertools
from typing import Callable

import numpy as np
import pandas as pd

from loaders.issues import ERROR, WARNING, IssueLog
from loaders.parse import Parsed
from loaders.text import cell_text, clean_cell


def factorized(series: pd.Series) -> tuple[np.ndarray, list]:
    """(code per row, -1 where missing; the distinct values). A categorical column already is
    that: its codes are taken as they are (hashing 3.6 M school ids again costs ~75 ms a time),
    unless it is a small slice of a column with many more categories."""
    if isinstance(series.dtype, pd.CategoricalDtype) and len(series.cat.categories) <= len(series):
        return series.cat.codes.to_numpy().astype(np.int64), series.cat.categories.tolist()
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, uniques.tolist()


def clean_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, None where blank (also for numbers typed in a sheet).
    Cleaned once per distinct value: a code column repeats a few thousand values millions of times."""
    codes, uniques = factorized(series)
    return coded_series(codes, [cell_text(value) for value in uniques], series.index)


_FEW_VALUES = 512


def coded_series(codes: np.ndarray, values: list, index: pd.Index) -> pd.Series:
    """values[code] for every row (code -1: missing) as a categorical series.
    Several distinct cells may give the same value ('x' and 'X'), so values are factorised again."""
    value_codes, categories = _refactorized(list(values) + [None])
    categorical = pd.Categorical.from_codes(value_codes[codes], categories, validate=False)  # -1: the None slot
    return pd.Series(categorical, index=index)


def _refactorized(values: list) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize of `values` as objects. A school's file has a few values per column, and a dict
    does them in microseconds where pandas takes ~0.2 ms a call (30 calls a Word plan); equal values
    meet as they do in pandas (1, 1.0 and True are one value, the first one seen)."""
    if len(values) > _FEW_VALUES:
        return pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    slots: dict = {}
    value_codes = np.array([-1 if pd.isna(value) else slots.setdefault(value, len(slots)) for value in values],
                           dtype=np.int64)
    return value_codes, pd.Index(list(slots), dtype=object)


def blank(series: pd.Series) -> pd.Series:
    """Each distinct value looked at once, like the parsers (code -1, missing, is blank)."""
    codes, uniques = factorized(series)
    blank_value = np.array([clean_cell(v) is None for v in uniques] + [True])
    return pd.Series(blank_value[codes], index=series.index)


def blank_rows(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Rows where every key column is blank; later columns are only looked at where still needed."""
    candidates = np.ones(len(frame), dtype=bool)
    for key in keys:
        rows = np.flatnonzero(candidates)
        if not len(rows):
            break
        column = frame[key] if len(rows) == len(frame) else frame[key].iloc[rows]  # no copy of a whole column
        candidates[rows] = blank(column).to_numpy()
    return candidates


def combined_codes(*columns: pd.Series) -> tuple[np.ndarray, list[list]]:
    """One integer per row for the tuple of values (mixed radix over each column's distinct
    values, None for missing), and those distinct values per column."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    levels = []
    for column in columns:
        codes, uniques = factorized(column)
        values = list(uniques) + [None]
        combined = combined * len(values) + np.where(codes < 0, len(values) - 1, codes)
        levels.append(values)
    return combined, levels


def repeated(codes: np.ndarray) -> np.ndarray:
    """Rows whose code occurs more than once. Most files have no repeats, and checking a sorted
    copy for equal neighbours is faster than hashing millions of codes; only then are rows marked.
    A stable sort finds the runs a file already has (each school's criteria in order): ~30 ms
    for 3.6 M codes instead of ~240 ms, and no slower on codes in random order."""
    ordered = np.sort(codes, kind="stable")
    if not (ordered[1:] == ordered[:-1]).any():
        return np.zeros(len(codes), dtype=bool)
    return pd.Series(codes).duplicated(keep=False).to_numpy()


_DENSE_LIMIT = 1_000_000


def map_rows(function, *columns: pd.Series) -> pd.Series:
    """function(*values) once per combination of values, taken back to every row.
    Few combinations (the usual case) are tabulated densely; many go through np.unique."""
    codes, levels = combined_codes(*columns)
    if np.prod([len(values) for values in levels], dtype=np.float64) <= _DENSE_LIMIT:
        return coded_series(codes, [function(*combo) for combo in itertools.product(*levels)], columns[0].index)
    distinct, inverse = np.unique(codes, return_inverse=True)
    return coded_series(inverse, [function(*_decode(int(code), levels)) for code in distinct], columns[0].index)


def _decode(code: int, levels: list[list]) -> tuple:
    parts = []
    for values in reversed(levels):
        code, index = divmod(code, len(values))
        parts.append(values[index])
    return tuple(reversed(parts))


def parse_column(frame: pd.DataFrame, key: str, parser: Callable[[object], Parsed],
                 log: IssueLog, sheet: str, header: str, required: bool = True) -> pd.Series:
    """Parse frame[key]; report errors and warnings per row; return parsed values (None on error)."""
    codes, uniques = factorized(frame[key])
    empty = parser(None)
    if not required and empty.error:
        empty = Parsed(None)  # an empty optional cell is not an error
    cells = [clean_cell(value) for value in uniques]
    results = [empty if cell is None else parser(cell) for cell in cells]
    results.append(empty)  # code -1 (missing) takes the last slot
    codes = np.where(codes < 0, len(results) - 1, codes)
    values = coded_series(codes, [r.value for r in results], frame.index)
    for attribute, severity in (("error", ERROR), ("warning", WARNING)):
        messages = np.array([getattr(r, attribute) for r in results], dtype=object)
        flagged = np.flatnonzero(pd.notna(messages))
        if len(flagged):
            mask = np.isin(codes, flagged)
            log.add_rows(severity, sheet, header, frame["_row"][mask], pd.Series(messages[codes[mask]]))
    return values


def report_rows(log: IssueLog, frame: pd.DataFrame, mask: pd.Series, sheet: str,
                header: str, message, severity: str = ERROR) -> None:
    """One issue per flagged row. `message` is text, or a function of the flagged rows
    (so messages are only built for the few rows that need them)."""
    mask = pd.Series(mask, index=frame.index).fillna(False).astype(bool)
    if mask.any():
        flagged = frame.loc[mask]
        messages = message(flagged) if callable(message) else message
        log.add_rows(severity, sheet, header, flagged["_row"], messages)


def map_values(series: pd.Series, mapping: dict) -> pd.Series:
    """series.map(mapping) computed once per distinct value (millions of rows, few values)."""
    codes, uniques = factorized(series)
    return coded_series(codes, [mapping.get(value) for value in uniques], series.index)
