"""Tables for people: Vietnamese headers, value labels and number formats, applied at the edge.

`for_download` keeps numbers as numbers (a spreadsheet sums them); `for_screen` writes them
the Vietnamese way (1.234.567 đ, 12,5). Both drop the keys the code keeps beside a table.
"""
from __future__ import annotations

import numbers
import re

import pandas as pd

from metrics.formatting import format_age, format_date, format_number, format_time, format_vnd
from metrics.labels import HIDDEN, column

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_SCREEN_FORMATS = {"money": format_vnd, "share": lambda v: format_number(v, 1),
                   "average": lambda v: format_number(v, 1), "time": format_time,
                   "date": format_date, "age": format_age,
                   # Streamlit groups thousands only as the browser's locale does ('11,185' in an English
                   # Chromium): a count is written here, '11.185'; a labelled value ('Cấp độ 2') stays as it is
                   "count": lambda v: format_number(v) if isinstance(v, numbers.Number) else v}
# Numbers written as text still line up on the right, as in a spreadsheet
_RIGHT = frozenset({"money", "share", "average", "count"})
# Dates stay dates in the grid, written the Vietnamese way by its column format (moment.js): as text,
# '01/12/2026' sorted before '31/01/2025', and '09:00:00 02/12/2026' before '14:05:09 01/12/2026'
_GRID_DATES = {"date": {"type": "date", "format": "DD/MM/YYYY"},
               "time": {"type": "datetime", "format": "HH:mm:ss DD/MM/YYYY"}}


def _is_key(name) -> bool:
    """snake_case names are keys with a label; anything else (a school year as a pivot header,
    a school's name in a comparison) is already data a person wrote and is shown as it is."""
    return isinstance(name, str) and bool(_KEY.match(name))


def shown_columns(frame: pd.DataFrame) -> list:
    return [c for c in frame.columns if not (isinstance(c, str) and (c.startswith("_") or c in HIDDEN))]


def for_download(frame: pd.DataFrame, cells: dict | None = None) -> pd.DataFrame:
    """Headers and value labels in Vietnamese; numbers stay numbers. `cells` labels the values of
    the columns that are data, not keys (a pivot's cells, e.g. levels per school year)."""
    out = frame[shown_columns(frame)].copy()
    for name in out.columns:
        labels = column(name).values if _is_key(name) else cells
        if labels:
            out[name] = _labelled(out[name], labels)
        if _is_key(name) and column(name).kind == "sentence":
            out[name] = out[name].map(as_sentence)
    return out.rename(columns={c: column(c).header for c in out.columns if _is_key(c)})


def for_screen(frame: pd.DataFrame, cells: dict | None = None, sortable: bool = False) -> pd.DataFrame:
    """As for_download, with money as '1.234.567 đ' and shares as '12,5'; a missing amount stays blank.
    `sortable` pads the numbers drawn right-aligned so that the grid sorts them by value (see _padded)."""
    kinds = {c: column(c).kind for c in shown_columns(frame) if _is_key(c)}
    out = for_download(frame, cells)
    for name, kind in kinds.items():
        if sortable and kind in _GRID_DATES:  # the grid writes and sorts them as dates (screen_layout)
            target = column(name).header
            out[target] = pd.to_datetime(out[target], errors="coerce")
        elif kind in _SCREEN_FORMATS:
            target = column(name).header
            text = out[target].map(_SCREEN_FORMATS[kind])
            out[target] = _padded(text, out[target]) if sortable and kind in _RIGHT else text
    return whole_numbers(out)


def without_empty(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """`frame` without those of `columns` that are empty in every row (missing, False or blank text): a
    column that only some inputs fill, which on screen or in a file would be an empty column."""
    def empty(values: pd.Series) -> bool:  # Python values: a column of Arrow nulls has no 'any'
        return not any(v.strip() != "" if isinstance(v, str) else bool(v) for v in values.dropna().tolist())
    return frame.drop(columns=[c for c in columns if c in frame and empty(frame[c])])


def as_sentence(text):
    """'tệp không mở được: …' as a cell of its own reads as a sentence: 'Tệp không mở được: ….' The
    loaders' messages start lowercase because the command line prints them after 'tệp.xlsx: '."""
    if not isinstance(text, str) or not text.strip():
        return text
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text[-1] in ".!?…" else ".")


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each float column whose values are all whole (a year, an amount: one blank among
    them makes pandas store floats) as integers, so text made from it reads '2026', never '2026.0'."""
    for at in range(frame.shape[1]):  # by position: two columns may share a header
        values = frame.iloc[:, at]
        if pd.api.types.is_float_dtype(values):
            known = values.dropna()
            if len(known) and (known % 1 == 0).all() and known.abs().max() < 2 ** 53:
                frame.isetitem(at, values.astype("Int64"))
    return frame


def screen_table(frame: pd.DataFrame, cells: dict | None = None) -> pd.DataFrame:
    """What st.dataframe draws (pages.ui): for_screen, sortable by a click on a header."""
    return for_screen(frame, cells, sortable=True)


def _padded(text: pd.Series, values: pd.Series) -> pd.Series:
    """Numbers written as text, padded on the left with spaces to one width. The grid sorts text
    character by character, and a space comes before every digit, so '    9.000.000 đ' sorts before
    '10.000.000.000 đ' as 9 million comes before 10 billion (unpadded, '1' < '9' put it first); in a
    right-aligned cell the spaces are not seen. The separators then stand in the same places, since a
    column's numbers have one format ('12,5' and '9,0'). A column with a negative number or a label
    among its numbers ('Cấp độ 2') is left as it is: padding would not sort it."""
    if not _all_at_least_zero(values):
        return text
    # Python lists, not pandas' .str: every column of every table of every rerun passes here, and most
    # tables have a few rows (pandas' string methods cost ~0.3 ms a call, 7 ms for a district's table)
    texts = text.tolist()
    width = max((len(t) for t in texts if isinstance(t, str)), default=0)
    return pd.Series([t.rjust(width) if isinstance(t, str) else t for t in texts], index=text.index, dtype=object)


def _all_at_least_zero(values: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        lowest = values.min()  # missing values skipped
        return bool(pd.isna(lowest) or lowest >= 0)
    return all(isinstance(v, numbers.Number) and v >= 0 for v in values.dropna())  # labels among numbers


# How wide a column is drawn on screen (Streamlit's column_config): long texts are capped so the columns
# after them stay on screen at 1400 px (hovering a cell shows it whole); a school's name stays pinned
# at the left while a wide table scrolls sideways (260 px: "Trường Tiểu học Hồng Bàng số 18" whole, never
# cut to "số 1"). Others are as wide as their content.
_WIDTHS = {"name": 260, "action": "large", "explanation": "large", "shortfall": "large",
           "next_level_requires": "large", "detail": "large", "list_below2": "medium", "list_to_level3": "medium",
           "list_missing": "medium", "list_below2_unplanned": "medium", "categories": "medium",
           "cost_text": "medium", "timeframe": "medium", "most_common_gap": "medium", "cost_note": "large",
           "reason": "large", "priority_reason": "large", "message": "large", "status": "medium"}
_PINNED = frozenset({"name"})


def leading(frame: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    """`frame` with the columns a list is about first (those it has), the others after in their order:
    the same rows read for a different question (a school's recognition, its need for money)."""
    ahead = [c for c in first if c in frame.columns]
    return frame[ahead + [c for c in frame.columns if c not in ahead]]


def screen_layout(frame: pd.DataFrame) -> dict[str, dict]:
    """Streamlit's column_config for for_screen(frame), by Vietnamese header: widths and the pinned name."""
    layout = {}
    for name in (c for c in shown_columns(frame) if _is_key(c)):
        kind = column(name).kind
        config = ({"width": _WIDTHS[name]} if name in _WIDTHS else {}) | ({"pinned": True} if name in _PINNED else {}) \
            | ({"alignment": "right"} if kind in _RIGHT else {}) \
            | ({"type_config": _GRID_DATES[kind]} if kind in _GRID_DATES else {})
        if config:
            layout[column(name).header] = config
    return layout


def _labelled(values: pd.Series, labels: dict) -> pd.Series:
    mapped = values.astype(object).map(lambda v: labels.get(None) if _missing(v) else labels.get(v, v))
    return mapped.astype(object)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def side_by_side(frame: pd.DataFrame, name_column: str) -> pd.DataFrame:
    """for_screen turned a quarter: one column per row of `frame`, headed by its `name_column` value, and
    the headers as the first column ("Nội dung"), so rows of many kinds (planner scenarios) read across.
    Every cell becomes text, a count too, since each column now mixes kinds; a column empty in every row
    (a cap no scenario set) is left out."""
    shown = for_screen(frame)
    text = shown.astype(object).map(_as_text)
    text = text.loc[:, (text != "").any()]
    table = text.set_index(column(name_column).header).T
    table.columns.name = None
    return table.rename_axis(column("topic").header).reset_index()


def _as_text(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return format_number(value)
    return str(value)
