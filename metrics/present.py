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
    return out.rename(columns={c: column(c).header for c in out.columns if _is_key(c)})


# Beyond this many cells a table goes to the screen as text, which sorts as text ('10.000.000.000 đ'
# before '9.000.000 đ'): pandas' Styler costs ~4.5 µs a cell (0.2 s here) and refuses above 262,144.
STYLED_CELLS = 45_000


def screen_table(frame: pd.DataFrame, cells: dict | None = None):
    """What st.dataframe draws: for_screen's Vietnamese text over for_download's numbers and dates (a
    pandas Styler), so a click on a header sorts amounts, counts and dates by value, as Excel does; a
    table above STYLED_CELLS is for_screen's text."""
    out = for_download(frame, cells)
    if out.size > STYLED_CELLS:
        return for_screen(frame, cells)
    formats = {column(c).header: _SCREEN_FORMATS[column(c).kind] for c in shown_columns(frame)
               if _is_key(c) and column(c).kind in _SCREEN_FORMATS}
    return out.style.format(formats, na_rep="")


def for_screen(frame: pd.DataFrame, cells: dict | None = None) -> pd.DataFrame:
    """As for_download, with money as '1.234.567 đ' and shares as '12,5'; a missing amount stays blank."""
    kinds = {c: column(c).kind for c in shown_columns(frame) if _is_key(c)}
    out = for_download(frame, cells)
    for name, kind in kinds.items():
        if kind in _SCREEN_FORMATS:
            target = column(name).header
            out[target] = out[target].map(_SCREEN_FORMATS[kind])
    return out


# How wide a column is drawn on screen (Streamlit's column_config): long texts are capped so the columns
# after them stay on screen at 1400 px (hovering a cell shows it whole); a school's name stays pinned
# at the left while a wide table scrolls sideways (260 px: "Trường Tiểu học Hồng Bàng số 18" whole, never
# cut to "số 1"). Others are as wide as their content.
_WIDTHS = {"name": 260, "action": "large", "explanation": "large", "shortfall": "large",
           "next_level_requires": "large", "detail": "large", "list_below2": "medium", "list_to_level3": "medium",
           "list_missing": "medium", "list_below2_unplanned": "medium", "categories": "medium",
           "cost_text": "medium", "timeframe": "medium", "most_common_gap": "medium", "cost_note": "large",
           "reason": "large", "priority_reason": "large"}
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
        config = ({"width": _WIDTHS[name]} if name in _WIDTHS else {}) | ({"pinned": True} if name in _PINNED else {}) \
            | ({"alignment": "right"} if column(name).kind in _RIGHT else {})
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
