"""The last step of every drill-down: from a school's row to its profile (Hồ sơ trường).

Each list of schools a page shows (behind a bar, a district's row, a plan's chosen schools) lets the
official pick a row and open that school's profile; the link carries the school's code, never its name.
"""
from __future__ import annotations

import streamlit as st

from metrics.filters import Filters
from pages import ui

_PICK_A_ROW = "Chọn một dòng để mở hồ sơ trường."


def school_list(frame, filters: Filters, title: str, key: str, caption: str = "", **table) -> None:
    """ui.show_table for a list of schools (or of their plan items), each row opening its school's profile."""
    said = f"{caption} {_PICK_A_ROW}".strip() if len(frame) else caption
    if said:
        st.caption(said)
    event = ui.show_table(frame, filters, title, key, selectable=True, **table)
    row = ui.selected_row(event, frame)
    if row is not None:
        profile_link(row)


def profile_link(row) -> None:
    """The drill-down from a row to its school: the link carries the school's key, never its name."""
    st.page_link("pages/ho_so_truong.py", label=f"Mở hồ sơ {ui.plain(row['name'])}", icon=":material/school:",
                 query_params={"truong": row["school_id"]})
