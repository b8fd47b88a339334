"""Shared page furniture: the store reader, the sidebar filters, freshness, downloads, colours.

Pages stay thin: they read Filters from here, call metrics, and draw.
"""
from __future__ import annotations

import streamlit as st

from data.demo import build_demo_store
from loaders.store import DEFAULT_STORE_DIR, OutdatedStore, Store, StoreReader
from metrics.exports import to_csv_bytes, to_xlsx_bytes
from metrics.filters import Filters
from metrics.formatting import format_money_short, format_number, format_vnd
from metrics.overview import coverage, filter_options

ALL = "Tất cả"
# One palette for levels on every page (Okabe-Ito, readable with colour-blindness).
LEVEL_COLORS = {"Chưa đạt Cấp độ 1": "#D55E00", "Không đạt": "#D55E00", "Cấp độ 1": "#E69F00",
                "Mức 1": "#E69F00", "Cấp độ 2": "#56B4E9", "Mức 2": "#56B4E9", "Cấp độ 3": "#009E73",
                "Mức 3": "#009E73", "Cấp độ 4": "#0072B2", "Chưa có dữ liệu": "#BBBBBB"}
MONEY_COLOR = "#0072B2"
_FILTER_KEYS = ("province", "district", "school_level", "school_year", "assessment_type")
_LABELS = {"province": "Tỉnh/Thành phố", "district": "Quận/Huyện", "school_level": "Cấp học",
           "school_year": "Năm học", "assessment_type": "Hình thức đánh giá"}


def _leave_legacy_multipage_mode() -> None:
    """Streamlit treats a folder named pages/ beside the entry script as an old-style
    multipage app until st.navigation first runs in the process, so a first visit
    straight to a page URL after a restart would run that page without dashboard.py
    (no filters, file names as menu). Rerun once through the entry script instead."""
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource
def reader() -> StoreReader:
    """One reader per process; it follows the store's CURRENT pointer by itself."""
    store = Store()
    if not store.exists() and store.root == DEFAULT_STORE_DIR:  # a custom KDCL_STORE starts empty
        with st.spinner("Đang tạo dữ liệu minh họa lần đầu (khoảng 10 giây)…"):
            build_demo_store(store)
    return StoreReader(store)


def cursor():
    try:
        return reader().cursor()
    except OutdatedStore as problem:
        st.error(str(problem))
        st.stop()


def sidebar_filters() -> Filters:
    """Draw the shared filters (kept across pages in session_state) and return them."""
    _leave_legacy_multipage_mode()
    options = filter_options(cursor())
    st.sidebar.header("Bộ lọc")
    chosen = {}
    for key in _FILTER_KEYS:
        values = options[key] if key != "district" else options["district"].get(chosen.get("province"), [])
        if key == "district" and not chosen.get("province"):
            values = sorted({d for ds in options["district"].values() for d in ds})
        choices = [ALL] + list(values)
        state_key = f"filter_{key}"
        if st.session_state.get(state_key) not in choices:
            st.session_state[state_key] = _default(key, values)
        value = st.sidebar.selectbox(_LABELS[key], choices, key=state_key)
        chosen[key] = None if value == ALL else value
    return Filters(**chosen)


def _default(key: str, values: list) -> str:
    if key == "school_year" and values:
        return values[0]  # the latest year: the question officials ask first
    if key == "assessment_type" and "Tự đánh giá" in values and len(values) > 1:
        return "Tự đánh giá"  # never count a school twice (self- and external assessment of one year)
    return ALL


def start_page(title: str):
    """Every page starts here: the shared filters, the header (freshness, coverage, demo note) and a cursor."""
    filters = _current_filters()
    _page_header(title, filters)
    return filters, cursor()


def _current_filters() -> Filters:
    """The filters chosen in the sidebar; also makes sure the page runs inside dashboard.py."""
    _leave_legacy_multipage_mode()
    values = {k: st.session_state.get(f"filter_{k}", ALL) for k in _FILTER_KEYS}
    return Filters(**{k: (None if v == ALL else v) for k, v in values.items()})


def _page_header(title: str, filters: Filters) -> None:
    st.title(title)
    info = coverage(cursor(), filters)
    last = info["last_import"].strftime("%H:%M %d/%m/%Y") if info["last_import"] else "chưa có"
    year = filters.school_year or "mọi năm học"
    text = (f"Dữ liệu nhập lần cuối: **{last}** · Trong phạm vi lọc có **{info['n_schools']}** trường, "
            f"**{info['n_assessed']}** trường có đánh giá cho {year}.")
    missing = info["n_schools"] - info["n_assessed"]
    if missing > 0:
        text += f" {missing} trường chưa có đánh giá nên không có trong các số liệu dưới đây."
    st.caption(text)
    if info["n_demo"]:
        st.info(f"Đang hiển thị dữ liệu minh họa: {info['n_demo']} trường là trường giả lập để trình diễn; "
                "chỉ 5 trường mẫu có mã HP-, DB-, HCM- là hồ sơ thật.", icon=":material/info:")


def stop_if_empty(data, message: str) -> None:
    """An empty selection gets a message that says what to change, never an exception."""
    empty = data.empty if hasattr(data, "empty") else not data
    if empty:
        st.warning(message + " Hãy nới bộ lọc ở thanh bên (ví dụ chọn năm học khác hoặc 'Tất cả').")
        st.stop()


def download_buttons(frame, filters: Filters, title: str, key: str) -> None:
    """The files are made when a button is clicked, not on every rerun: Excel for the 45,000
    schools of the country takes seconds, and a page can hold several tables."""
    left, right, _ = st.columns([1, 1, 4])
    name = key.replace(" ", "_")
    left.download_button("Tải CSV", lambda: to_csv_bytes(frame, filters, title), f"{name}.csv", "text/csv",
                         key=f"csv_{key}", on_click="ignore")
    right.download_button("Tải Excel", lambda: to_xlsx_bytes(frame, filters, title), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{key}",
                          on_click="ignore")


def display_frame(frame):
    """Amounts shown as '1.234.567 đ' and shares as '12,5' (Vietnamese style);
    downloads keep the numbers. An amount not estimated stays blank, never 0."""
    shown = frame[[c for c in frame.columns if not str(c).startswith("_")]].copy()
    for column in shown.columns:
        if "(đồng)" in str(column):
            shown[column] = shown[column].map(format_vnd)
        elif str(column).startswith(("Tỷ lệ", "TB ")):
            shown[column] = shown[column].map(lambda v: format_number(v, 1))
    return shown


def show_table(frame, filters: Filters, title: str, key: str, selectable: bool = False, height="auto"):
    """A table with Vietnamese number formatting and its two downloads; returns the selection."""
    if frame.empty:
        st.info("Không có dòng nào với bộ lọc hiện tại.")
        return None
    visible = frame[[c for c in frame.columns if not str(c).startswith("_")]]
    event = st.dataframe(display_frame(visible), hide_index=True, key=f"table_{key}", height=height,
                         on_select="rerun" if selectable else "ignore",
                         selection_mode="single-row" if selectable else "multi-row")
    download_buttons(visible, filters, title, key)
    return event


def selected_row(event, frame):
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    return frame.iloc[rows[0]] if rows else None


def money(value) -> str:
    return format_money_short(value)


def count(value) -> str:
    return format_number(value or 0)


def share(part, whole) -> str:
    return "—" if not whole else f"{format_number(100 * (part or 0) / whole, 1)}%"
