"""The shared sidebar filters, kept across pages in session_state.

Besides the area and the school level, an official chooses how to look: "Hiện trạng" (each school's
standing on a day, today by default) or one school year (with its assessment type, if wanted).
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from metrics.filters import Filters
from metrics.labels import ALL, FILTERS, STANDING
from pages import leave_legacy_multipage_mode

_AREA_KEYS = ("province", "district", "school_level")


def draw(options: dict) -> Filters:
    """Draw the filters and return them."""
    leave_legacy_multipage_mode()
    st.sidebar.header("Bộ lọc")
    chosen = {}
    for key in _AREA_KEYS:
        chosen[key] = _select(key, _area_values(key, options, chosen))
    view = _select("school_year", options["school_year"], first=STANDING,
                   shown=lambda value: value if value == STANDING else f"Năm học {value}")
    if view == STANDING:
        st.sidebar.date_input("Tính đến ngày", key="filter_as_of", value=date.today(), format="DD/MM/YYYY",
                              help="Mỗi trường được tính một lần theo đánh giá gần nhất đến ngày này.")
    else:
        _select("assessment_type", options["assessment_type"])
    return current()


def current() -> Filters:
    """The filters chosen in the sidebar (also on a page run before the sidebar was drawn)."""
    state = st.session_state
    values = {k: state.get(f"filter_{k}", ALL) for k in _AREA_KEYS}
    filters = {k: (None if v in (ALL, None) else v) for k, v in values.items()}
    view = state.get("filter_school_year", STANDING)
    if view in (STANDING, ALL, None):
        return Filters(**filters, as_of=state.get("filter_as_of"))
    kind = state.get("filter_assessment_type", ALL)
    return Filters(**filters, school_year=view, assessment_type=None if kind == ALL else kind)


def _area_values(key: str, options: dict, chosen: dict) -> list:
    if key != "district":
        return options[key]
    if chosen.get("province"):
        return options["district"].get(chosen["province"], [])
    return sorted({d for ds in options["district"].values() for d in ds})


def _select(key: str, values: list, first: str = ALL, shown=str):
    choices = [first, *values]
    state_key = f"filter_{key}"
    if st.session_state.get(state_key) not in choices:
        st.session_state[state_key] = first
    value = st.sidebar.selectbox(FILTERS[key], choices, key=state_key, format_func=shown,
                                 placeholder="Chọn một giá trị")
    return None if value == ALL else value
