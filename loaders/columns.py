"""Vectorised column parsing: each distinct cell value is parsed once.

A national ratings file repeats the same few hundred strings millions of
times, so cells are factorised, the distinct values parsed in Python and the
results taken back by code. CSV columns arrive as Arrow strings (fast string
ops); spreadsheet columns as Python objects (numbers stay numbers, so a numeric
criterion like 1.1 can still be told apart from the text '1.10').
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from loaders.issues import ERROR, WARNING, IssueLog
from loaders.parse import Parsed
from loaders.text import cell_text, clean_cell


def is_text_column(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.StringDtype) or str(series.dtype).startswith("string")


def clean_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, None where blank (also for numbers typed in a sheet).
    Cleaned once per distinct value: a code column repeats a few thousand values millions of times."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    cleaned = np.array([cell_text(value) for value in uniques] + [None], dtype=object)
    return pd.Series(cleaned[np.where(codes < 0, len(uniques), codes)], index=series.index, dtype=object)


def blank(series: pd.Series) -> pd.Series:
    if is_text_column(series):
        return series.isna() | series.str.strip().eq("")
    return series.map(lambda v: clean_cell(v) is None)


def blank_rows(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Rows where every key column is blank; later columns are only looked at where still needed."""
    candidates = np.ones(len(frame), dtype=bool)
    for key in keys:
        rows = np.flatnonzero(candidates)
        if not len(rows):
            break
        candidates[rows] = blank(frame[key].iloc[rows]).to_numpy()
    return candidates


def combined_codes(*columns: pd.Series, decode: bool = False) -> tuple[np.ndarray, list[tuple] | None]:
    """One integer per row for the tuple of values; with `decode`, also the distinct tuples
    (None for missing). Decoding is a Python loop: only ask for it when combinations are few."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    levels = []
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        values = list(uniques) + [None]
        combined = combined * len(values) + np.where(codes < 0, len(values) - 1, codes)
        levels.append(values)
    distinct, inverse = np.unique(combined, return_inverse=True)
    if not decode:
        return inverse, None
    tuples = []
    for code in distinct:
        parts = []
        for values in reversed(levels):
            code, index = divmod(int(code), len(values))
            parts.append(values[index])
        tuples.append(tuple(reversed(parts)))
    return inverse, tuples


def map_rows(function, *columns: pd.Series) -> pd.Series:
    """function(*values) per distinct combination of values, taken back to every row."""
    inverse, tuples = combined_codes(*columns, decode=True)
    results = np.array([function(*values) for values in tuples] + [None], dtype=object)[:-1]
    return pd.Series(results[inverse], index=columns[0].index, dtype=object)


def parse_column(frame: pd.DataFrame, key: str, parser: Callable[[object], Parsed],
                 log: IssueLog, sheet: str, header: str, required: bool = True) -> pd.Series:
    """Parse frame[key]; report errors and warnings per row; return parsed values (None on error)."""
    codes, uniques = pd.factorize(frame[key], use_na_sentinel=True)
    empty = parser(None)
    if not required and empty.error:
        empty = Parsed(None)  # an empty optional cell is not an error
    cells = [clean_cell(value) for value in uniques]
    results = [empty if cell is None else parser(cell) for cell in cells]
    results.append(empty)  # code -1 (missing) takes the last slot
    codes = np.where(codes < 0, len(results) - 1, codes)
    values = np.array([r.value for r in results] + [None], dtype=object)[:-1][codes]
    for attribute, severity in (("error", ERROR), ("warning", WARNING)):
        messages = np.array([getattr(r, attribute) for r in results], dtype=object)
        flagged = np.flatnonzero(pd.notna(messages))
        if len(flagged):
            mask = np.isin(codes, flagged)
            log.add_rows(severity, sheet, header, frame["_row"][mask], pd.Series(messages[codes[mask]]))
    return pd.Series(values, index=frame.index, dtype=object)


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
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([mapping.get(value) for value in uniques] + [None], dtype=object)
    return pd.Series(mapped[np.where(codes < 0, len(uniques), codes)], index=series.index, dtype=object)


def map_pairs(first: pd.Series, second: pd.Series, mapping: dict) -> pd.Series:
    """Map (first, second) pairs through mapping[(a, b)], once per distinct pair; missing -> None."""
    codes_a, values_a = pd.factorize(first, use_na_sentinel=True)
    codes_b, values_b = pd.factorize(second, use_na_sentinel=True)
    width = len(values_b) + 1
    table = np.array([mapping.get((a, b)) for a in values_a for b in list(values_b) + [None]] + [None] * width,
                     dtype=object)
    index = np.where(codes_a < 0, len(values_a), codes_a).astype(np.int64) * width \
        + np.where(codes_b < 0, len(values_b), codes_b)
    return pd.Series(table[index], index=first.index, dtype=object)
