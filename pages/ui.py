"""Shared page furniture: the store reader, the sidebar filters, freshness, tables and their downloads,
colours; the text helpers (ui.money, ui.plain...) are in pages/text.py.

Pages stay thin: they read Filters from here, call metrics, and draw.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from loaders.store import Store, StoreProblem, StoreReader
from metrics.access import OutOfScope, Viewer, scoped, scoped_rows
from metrics.exports import CSV_TYPE, XLSX_TYPE, Source, report_file_name, source_of, to_csv_bytes, to_xlsx_bytes
from metrics.filters import Filters
from metrics.overview import OLD_DATA_YEARS, coverage, filter_options
from metrics.present import screen_layout, screen_table
from metrics.read_cache import CachedCursor
from metrics.tables import funding_items
from metrics.unit_costs import unit_cost_flags
from pages import leave_legacy_multipage_mode, sidebar, startup, url_state
from pages.text import count, money, plain, share, whole  # noqa: F401 - the pages' ui.money, ui.plain...

# One palette for levels on every page (Okabe-Ito, readable with colour-blindness), by level key:
# a school's level group (metrics.labels.LEVEL_GROUPS) and a criterion's level (0-3).
LEVEL_COLORS = {"below1": "#D55E00", "level1": "#E69F00", "level2": "#56B4E9", "level3": "#009E73",
                "level4": "#0072B2", "no_data": "#BBBBBB"}
CRITERION_COLORS = {0: LEVEL_COLORS["below1"], 1: LEVEL_COLORS["level1"], 2: LEVEL_COLORS["level2"],
                    3: LEVEL_COLORS["level3"], None: LEVEL_COLORS["no_data"]}
MONEY_COLOR = "#0072B2"
_MISSING = ""  # an empty cell is drawn empty: Streamlit writes "None" there by default (an import report's row)
_VIEWER_KEY = "viewer"


def reader() -> StoreReader:
    """One reader per process; it follows the store's CURRENT pointer by itself. While a fresh clone's
    demo store is built every visit waits for it (two file checks once it exists, none for a KDCL_STORE)."""
    startup.wait_for_the_demo()
    return _reader()


@st.cache_resource(show_spinner=False)  # no "Running `_reader()`" spinner: opening is quick
def _reader() -> StoreReader:
    return StoreReader(Store())


def set_viewer(viewer: Viewer) -> None:
    """dashboard.py says who is looking on every run (from st.user and the accounts, or OPEN)."""
    st.session_state[_VIEWER_KEY] = viewer


def viewer() -> Viewer:
    """Who is looking. A page run without dashboard.py having decided sees nothing rather than all:
    only the demo's open mode is OPEN, and dashboard.py says so explicitly."""
    found = st.session_state.get(_VIEWER_KEY)
    if not isinstance(found, Viewer):
        st.error("Chưa xác định được người dùng; hãy mở lại trang chủ.")
        st.stop()
    return found


def cursor() -> CachedCursor:
    """A cursor on the current version whose answers are shared by every session of this process that
    asks the same question with the same scope (metrics.read_cache): most of a rerun's queries were
    the same as another session's a moment before."""
    try:
        con, version = reader().cursor_and_version()
    except StoreProblem as problem:  # an outdated store, or no intact version left
        st.error(plain(str(problem)))
        st.stop()
    return CachedCursor(con, version, _scope_key())


def _scope_key() -> tuple:
    """What a viewer may see, without who it is: viewers of one scope share answers, no others do.
    Before dashboard.py has said who is looking (the sign-in's own queries) the scope is 'nobody yet'."""
    if not isinstance(st.session_state.get(_VIEWER_KEY), Viewer):
        return ("before-sign-in",)
    found = viewer()  # the viewer the page is shown to, whoever set it
    return (found.role, found.province, tuple(sorted(found.communes)), tuple(sorted(found.districts)),
            found.school_id)


def sidebar_filters() -> Filters:
    """Draw the shared filters (only the values in the viewer's area) and return them."""
    filters = sidebar.draw(filter_options(cursor(), _area(Filters())))
    if notice := url_state.dropped_notice():  # a link's value outside the data or the viewer's scope
        st.warning(plain(notice), icon=":material/link_off:")
    startup.load_chart_code_in_the_browser()  # a session's first run: while the page is worked out
    return filters


# What a page needs beyond reading: the viewer's capability, and what it is told without it.
_NEEDS = {"import": (Viewer.can_import, "Tài khoản của bạn không được nhập dữ liệu."),
          "plan": (Viewer.can_plan, "Phân bổ kinh phí dành cho tài khoản cấp Sở; tài khoản của bạn không dùng trang này.")}


def start_page(title: str, rows: bool = False, need: str | None = None):
    """Every page starts here: the shared filters narrowed to the viewer's scope (its area; with `rows`,
    the schools it may see by name), the header (freshness, coverage, demo note) and a cursor. A filter
    outside the scope, or a page the viewer may not use, shows why and stops: never data."""
    filters = _current_filters()
    st.title(title)
    if need is not None and not _NEEDS[need][0](viewer()):
        st.error(plain(_NEEDS[need][1]))
        st.stop()
    filters = _rows(filters) if rows else _area(filters)
    if filters is None:  # a Khách account on a page of schools
        st.stop()
    _page_header(filters)
    return filters, cursor()


def school_rows(filters: Filters) -> Filters | None:
    """The filters of a list of schools on a page of aggregates: the schools the viewer may see by name
    (a Trường account: its own), or None with a note (a Khách account sees aggregates only)."""
    try:
        return scoped_rows(filters, viewer())
    except OutOfScope as refused:
        st.info(plain(str(refused)), icon=":material/lock:")
        return None


def _area(filters: Filters) -> Filters:
    try:
        return scoped(filters, viewer())
    except OutOfScope as refused:
        st.error(plain(str(refused)), icon=":material/lock:")
        st.stop()


def _rows(filters: Filters) -> Filters | None:
    _area(filters)  # a filter outside the area is an error, said before anything else
    return school_rows(filters)


def _current_filters() -> Filters:
    """The filters chosen in the sidebar; also makes sure the page runs inside dashboard.py."""
    leave_legacy_multipage_mode()
    return sidebar.current()


def _page_header(filters: Filters) -> None:
    if viewer().role != "open":
        st.caption(plain(f"Đang xem với tài khoản {viewer().email or ''} — {viewer().describe()}"))
    info = coverage(cursor(), filters)
    last = info["last_import"].strftime("%H:%M %d/%m/%Y") if info["last_import"] else "chưa có"
    scope = (f"hiện trạng đến {filters.day.strftime('%d/%m/%Y')}" if filters.is_standing
             else f"năm học {filters.school_year}")
    text = (f"Dữ liệu nhập lần cuối: **{last}** · Trong phạm vi lọc có **{info['n_schools']}** trường, "
            f"**{info['n_assessed']}** trường có đánh giá ({scope}; mỗi trường tính một lần).")
    missing = info["n_schools"] - info["n_assessed"]
    if missing > 0:
        text += f" {missing} trường chưa có đánh giá nên không có trong các số liệu dưới đây."
    if info["n_old"]:
        text += (f" {info['n_old']} trường có dữ liệu gần nhất từ {OLD_DATA_YEARS} năm học trước trở lên "
                 "(vẫn được tính, xem cột Tuổi dữ liệu).")
    st.caption(text)
    if reader().problem:  # CURRENT was missing or bad: the newest intact version is shown instead
        st.warning(plain(reader().problem), icon=":material/warning:")
    if info["n_demo"]:
        real = info["n_assessed"] - info["n_demo"]  # the seed schools (HP-, DB-, HCM-) and files imported here
        rest = f"{count(real)} trường còn lại là hồ sơ thật" if real else "không có trường nào là hồ sơ thật"
        st.info(f"Đang hiển thị dữ liệu minh họa: {count(info['n_demo'])} trường là trường giả lập để trình diễn; "
                f"{plain(rest)} (trường mẫu có mã HP-, DB-, HCM- hoặc đã nhập từ tệp).", icon=":material/info:")


@st.cache_data(max_entries=16, show_spinner=False)
def _cost_flags(version: tuple, scope: tuple, filters: Filters, _con: CachedCursor):
    return unit_cost_flags(funding_items(_con, filters))


def cost_flags(filters: Filters):
    """The unit-cost check of the scope's plan items (metrics.unit_costs), once per store version and
    scope: writing the notes of the country's ~8,500 flags takes ~0.3 s, too much for every rerun."""
    con = cursor()
    return _cost_flags(con.version, _scope_key(), filters, con)


def stop_if_empty(data, message: str) -> None:
    """An empty selection gets a message that says what to change, never an exception."""
    empty = data.empty if hasattr(data, "empty") else not data
    if empty:
        st.warning(message + " Hãy nới bộ lọc ở thanh bên (ví dụ chọn 'Hiện trạng' hoặc 'Tất cả').")
        st.stop()


def download_buttons(frame, filters: Filters | None, title: str, key: str, cells: dict | None = None, notes: tuple = (),
                     from_store: bool = True) -> None:
    """The files are made when a button is clicked, not on every rerun: Excel for the 45,000
    schools of the country takes seconds, and a page can hold several tables. Their names and the
    lines above the table (metrics.exports) are settled now, with the store version the page was read from
    (`from_store=False`: rows that are not the schools' data, which then name no version or day)."""
    row = st.container(horizontal=True, gap="small")  # side by side, however wide the page (columns spread them)
    source, day = data_source() if from_store else None, date.today()
    row.download_button("Tải CSV", lambda: to_csv_bytes(frame, filters, title, cells, source, notes),
                        report_file_name(title, day, "csv"), CSV_TYPE, key=f"csv_{key}", on_click="ignore")
    row.download_button("Tải Excel", lambda: to_xlsx_bytes(frame, filters, title, cells, source, notes),
                        report_file_name(title, day, "xlsx"), XLSX_TYPE, key=f"xlsx_{key}", on_click="ignore")


def data_source() -> Source:
    """The store version the page reads and the day of its newest import: the lines under a report's title."""
    return _source(reader().version)


@st.cache_data(max_entries=4, show_spinner=False)
def _source(version: str) -> Source:
    """The version's name and the day of its newest import, asked once per version. Both come from one
    cursor, so they agree; a page drawn while an import is published may name the version just after its own."""
    return source_of(cursor())


def show_table(frame, filters: Filters, title: str, key: str, selectable: bool = False, height="auto",
               cells: dict | None = None, notes: tuple = (), empty: str = "Không có dòng nào với bộ lọc hiện tại."):
    """A metric's table with Vietnamese headers and number formats (metrics.present) and its two
    downloads; returns the selection, whose rows index `frame` (keys included). `empty`: what is said
    instead of an empty table (a school's list that no filter narrows says so in its own words)."""
    if frame.empty:
        st.info(empty)
        return None
    event = st.dataframe(screen_table(frame, cells), hide_index=True, key=f"table_{key}", height=height,
                         column_config=screen_layout(frame), placeholder=_MISSING,
                         on_select="rerun" if selectable else "ignore",
                         selection_mode="single-row" if selectable else "multi-row")
    download_buttons(frame, filters, title, key, cells, notes)
    return event


def show_frame(frame, title: str, key: str) -> None:
    """A table that no sidebar filter narrows (an import report, the accounts), with Vietnamese headers and
    formats and its two downloads: the grid's own CSV button is hidden (pages.vietnamese), so these are the
    only way to take it to Excel. No scope line (the sidebar's filters did not choose its rows) and no
    source line: an upload's report comes from the file sent, the accounts from the sign-in list."""
    st.dataframe(screen_table(frame), hide_index=True, placeholder=_MISSING, column_config=screen_layout(frame))
    download_buttons(frame, None, title, key, from_store=False)


def selected_row(event, frame):
    """The chosen row, or None; a choice kept from a longer table (the filters changed since) is none."""
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    return frame.iloc[rows[0]] if rows and rows[0] < len(frame) else None
