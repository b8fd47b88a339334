"""The view in the URL (issue 15): the sidebar filters as short stable keys, so a link or a reload shows
the same schools. `?tinh=hai-phong&huyen=tien-lang&cap=thcs&nam=2025-2026&loai=tu-danh-gia`, or
`&ngay=2026-09-01` for the standing on a day; the page is the URL's path and Hồ sơ trường adds
`truong=<school_id>`.

The URL is read on a session's first run (a link opened, a reload) and when the browser's back or forward
button brings back a URL holding filters: its values seed the sidebar, each checked against the values
the viewer's sidebar offers, and one outside them (unknown, or outside the viewer's scope: the same words
for both) is dropped and named in a notice. Otherwise the sidebar is the truth and every run writes it
back: Streamlit empties the query string on a page switch (st.navigation, st.page_link), so the filters
are put back on the new page's URL (and a URL without filters, from the back button, leaves them).
"""
from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from metrics.filters import Filters
from metrics.labels import ALL, FILTERS, STANDING
from metrics.search import slug

# filter field -> its key in the URL
PARAMS = {"province": "tinh", "district": "huyen", "school_level": "cap", "school_year": "nam",
          "assessment_type": "loai"}
DAY = "ngay"
_SHOWN_CHARS = 40  # a value named in a notice: a URL may hold up to 512 K characters (Streamlit's limit)
_READ = "url_state_read"        # session_state: the URL of this session has been read
_DROPPED = "url_state_dropped"  # session_state: [(field, value as written)] dropped on that first run


def first_run() -> bool:
    """True on the runs that read the URL: a session's first, and a back or forward button's whose URL
    holds filters (the filters it does not hold are then at their defaults, as when it was written)."""
    back = _history_navigation() and any(key in st.query_params for key in (*PARAMS.values(), DAY))
    if st.session_state.get(_READ) and not back:
        return False
    st.session_state[_READ] = True
    st.session_state[_DROPPED] = []
    for field in (*PARAMS, "as_of") if back else ():
        st.session_state.pop(f"filter_{field}", None)
    return True


def _history_navigation() -> bool:
    # Streamlit reruns with the URL the browser went back to, and says so on the run's context
    ctx = get_script_run_ctx()
    return bool(ctx is not None and getattr(ctx, "is_history_navigation", False))


def seed(field: str, choices: list) -> None:
    """Put the URL's value of `field` into its sidebar widget's state, when it is one of `choices`
    (compared as slugs: 'hai-phong', 'Hải Phòng' and 'HẢI PHÒNG' are the same key); call it before the
    widget is drawn, on the first run only."""
    written = st.query_params.get(PARAMS[field])
    if written is None:
        return
    found = next((c for c in choices if slug(c) == slug(written)), None)
    if found is None:
        st.session_state[_DROPPED].append((field, written))
    else:
        st.session_state[f"filter_{field}"] = found


def seed_day() -> None:
    written = st.query_params.get(DAY)
    if written is None:
        return
    try:
        st.session_state["filter_as_of"] = date.fromisoformat(written)
    except ValueError:
        st.session_state[_DROPPED].append(("as_of", written))


def drop_unused(field: str) -> None:
    """A key the view does not use (a type without a school year, a day with one) is dropped, and said."""
    param = DAY if field == "as_of" else PARAMS[field]
    if (written := st.query_params.get(param)) is not None:
        st.session_state[_DROPPED].append((field, written))


def dropped_notice() -> str | None:
    """What the first run dropped from the URL, in one sentence (None: nothing), while it is the view
    that run made: the next interaction replaces it."""
    dropped = st.session_state.pop(_DROPPED, None) or []
    if not dropped:
        return None
    named = "; ".join(f"{FILTERS[field]} “{quoted(value)}”" for field, value in dropped)
    return (f"Đường dẫn có giá trị không có trong dữ liệu hoặc ngoài phạm vi của bạn nên đã bỏ qua: {named}. "
            "Bộ lọc tương ứng để mặc định.")


def quoted(value: str) -> str:
    """A value from the URL as a notice names it: cut after _SHOWN_CHARS characters."""
    return value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"


def encode(filters: Filters, today: date | None = None) -> dict[str, str]:
    """The URL's filter keys for `filters` (none for a filter left at Tất cả, the standing or today)."""
    values = {param: slug(getattr(filters, field)) for field, param in PARAMS.items()
              if getattr(filters, field) not in (None, ALL, STANDING)}
    if filters.is_standing and filters.as_of is not None and filters.as_of != (today or date.today()):
        values[DAY] = filters.as_of.isoformat()
    return values


def write(filters: Filters) -> None:
    """Make the URL's filter keys say `filters`, leaving its other keys (truong) alone, in one message:
    the browser adds a history entry per message, and the back button must find whole views only."""
    ours = (*PARAMS.values(), DAY)
    wanted = {**encode(filters), **{k: v for k, v in st.query_params.to_dict().items() if k not in ours}}
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)
