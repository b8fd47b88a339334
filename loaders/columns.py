"""Vectorised column parsing: each distinct cell value is parsed once.

A national ratings file repeats the same few hundred strings millions of
times, so parsing distinct values and mapping back is what keeps imports fast.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd

from loaders.issues import ERROR, WARNING, IssueLog
from loaders.parse import Parsed
from loaders.text import clean_cell


def parse_column(frame: pd.DataFrame, key: str, parser: Callable[[object], Parsed],
                 log: IssueLog, sheet: str, header: str, required: bool = True) -> pd.Series:
    """Parse frame[key]; report errors and warnings per row; return parsed values (None on error)."""
    cells = frame[key].map(clean_cell, na_action="ignore").astype(object)
    cells = cells.where(cells.notna(), None)
    results = {value: parser(value) for value in _distinct(cells)}
    if not required and None in results and results[None].error:
        results[None] = Parsed(None)  # an empty optional cell is not an error
    keys = cells.map(_hashable)
    lookup = {_hashable(v): r for v, r in results.items()}
    values = keys.map({k: r.value for k, r in lookup.items()}).astype(object)
    _report(keys, lookup, "error", ERROR, frame, log, sheet, header)
    _report(keys, lookup, "warning", WARNING, frame, log, sheet, header)
    return values.astype(object).where(values.notna(), None)


def _distinct(cells: pd.Series) -> list:
    seen = {}
    for value in pd.unique(cells):
        seen.setdefault(_hashable(value), value)
    return list(seen.values())


def _hashable(value: object) -> object:
    # 3 and 3.0 and '3' must stay apart only when they parse differently; keep the type.
    return f"{type(value).__name__}:{value!r}" if value is not None else "none"


def _report(keys, lookup, attribute, severity, frame, log, sheet, header) -> None:
    messages = {k: getattr(r, attribute) for k, r in lookup.items() if getattr(r, attribute)}
    if not messages:
        return
    mask = keys.isin(list(messages))
    log.add_rows(severity, sheet, header, frame.loc[mask, "_row"], keys[mask].map(messages))


def report_rows(log: IssueLog, frame: pd.DataFrame, mask: pd.Series, sheet: str,
                header: str, message: str | pd.Series, severity: str = ERROR) -> None:
    if mask.any():
        messages = message[mask] if isinstance(message, pd.Series) else message
        log.add_rows(severity, sheet, header, frame.loc[mask, "_row"], messages)
