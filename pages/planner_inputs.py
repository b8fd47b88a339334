"""The planner's inputs: budget (Vietnamese style: "50 tỷ", "50.000.000.000") or annual budgets
("2026=20 tỷ; 2027=30 tỷ"), target, objective (with the priority weight's inputs), constraints."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.budget_input import parse_amount, parse_annual
from metrics.formatting import format_date
from metrics.labels import PLANNER_OBJECTIVES, PLANNER_TARGETS
from metrics.planner import Constraints
from metrics.planner_model import PlanOptions
from metrics.planner_priority import COMMUNE_TERM, EXPIRING_TERM, Priority, communes_in_scope, planning_period_end
from pages import ui

# gap categories an office often funds from another budget (staff are not built)
_FAMILIES = {"doi_ngu": "Đội ngũ giáo viên, nhân viên", "thiet_bi": "Thiết bị dạy học"}
_CAP_AREAS = {"district": "Quận/Huyện", "commune": "Xã/Phường"}
_MAX_COMMUNES = 2_000  # a picker of the country's ~10,000 communes would send them all to the browser


def draw(con, filters) -> tuple[PlanOptions, Constraints, Priority | None] | None:
    """The inputs, or None (with a message saying what to write) when an amount cannot be read."""
    left, middle, right = st.columns(3)
    phased = left.toggle("Chia kinh phí theo từng năm", key="planner_phased",
                         help="Mỗi hạng mục được cấp từ năm kế hoạch của nó trở đi; kinh phí năm nào dùng trong năm đó.")
    if phased:
        first = filters.day.year
        years = _annual(left.text_input("Kinh phí từng năm", f"{first}=20 tỷ; {first + 1}=30 tỷ", key="planner_annual",
                                        help="Mỗi năm một cặp NĂM=SỐ TIỀN, cách nhau bằng dấu chấm phẩy"))
        budget = None if years is None else sum(years.values())
    else:
        years = None
        budget = _amount(left.text_input("Ngân sách", "50 tỷ", key="planner_budget",
                                         help="Ví dụ: 50 tỷ, 50.000.000.000, 800 triệu"), "Ngân sách")
    target = middle.radio("Mục tiêu", list(PLANNER_TARGETS), format_func=PLANNER_TARGETS.get, key="planner_target")
    objective = right.radio("Tối đa hóa", list(PLANNER_OBJECTIVES), format_func=PLANNER_OBJECTIVES.get,
                            key="planner_objective")
    priority = _priority(con, filters, years) if objective == "weight" else None
    with st.expander("Ràng buộc và tùy chọn"):
        caps, readable = _caps()
        at_least_one = st.checkbox("Mỗi quận/huyện có ít nhất một trường", key="planner_min_one")
        excluded = st.multiselect("Không tính vào ngân sách này", list(_FAMILIES), format_func=_FAMILIES.get,
                                  key="planner_excluded", placeholder="Chọn nhóm hạng mục",
                                  select_all=False)
        estimate = st.checkbox("Ước tính hạng mục chưa có kinh phí theo trung vị cùng nhóm và cấp học",
                               key="planner_estimate")
    if budget is None or not readable:
        return None
    return (PlanOptions(target=target, excluded_categories=frozenset(excluded), estimate_missing=estimate),
            Constraints(budget=0 if phased else budget, objective=objective, years=years,
                        min_per_district=at_least_one, **caps), priority)


def _priority(con, filters, years) -> Priority:
    """Hệ số ưu tiên = 1 + a term per reason (metrics.planner_priority): both reasons are chosen here."""
    end = planning_period_end(filters.day, years)
    with st.container(border=True):
        st.caption(f"Hệ số ưu tiên của mỗi trường = 1, cộng {EXPIRING_TERM:g} nếu quyết định công nhận đã hoặc sắp hết "
                   f"hiệu lực trong kỳ kế hoạch, cộng {COMMUNE_TERM:g} nếu trường ở xã khó khăn. Phương án chọn các "
                   "trường có tổng hệ số lớn nhất trong phạm vi ngân sách.")
        last_day = format_date(pd.Timestamp(end) - pd.Timedelta(days=1))
        expiring = st.checkbox(f"Trường có quyết định công nhận đã hết hoặc hết hiệu lực đến {ui.plain(last_day)}", value=True,
                               key="planner_priority_expiring")
        in_scope = communes_in_scope(con, filters)
        listed = in_scope[in_scope["listed"]]
        offered = in_scope if len(in_scope) <= _MAX_COMMUNES else listed
        options = list(zip(offered["province"], offered["commune"]))
        chosen = st.multiselect("Xã khó khăn", options, default=list(zip(listed["province"], listed["commune"])),
                                format_func=lambda place: f"{place[1]} ({place[0]})", key="planner_communes",
                                placeholder="Chọn xã/phường", select_all=False)
        note = ("Mặc định là các xã có trong danh mục xã khó khăn của Sở có trường trong phạm vi lọc." if len(listed)
                else "Danh mục xã khó khăn của Sở chưa có xã nào: hãy chọn các xã cần ưu tiên.")
        if len(offered) < len(in_scope):
            note += f" Phạm vi có {ui.count(len(in_scope))} xã/phường: hãy chọn tỉnh ở thanh bên để chọn xã khác."
        st.caption(note)
    return Priority(frozenset(chosen), end if expiring else None)


def _caps() -> tuple[dict, bool]:
    """The caps asked for (keyword arguments of Constraints), and whether every amount written reads."""
    cap_text = st.text_input("Trần kinh phí mỗi địa bàn (để trống = không giới hạn)", key="planner_cap")
    area = st.radio("Trần áp dụng cho mỗi", list(_CAP_AREAS), format_func=_CAP_AREAS.get, horizontal=True,
                    key="planner_cap_area")
    province_text = st.text_input("Trần kinh phí mỗi tỉnh/thành phố (để trống = không giới hạn)",
                                  key="planner_province_cap")
    caps, readable = {}, True
    for name, text in ((f"{area}_cap", cap_text), ("province_cap", province_text)):
        if text.strip():
            caps[name] = _amount(text, "Trần kinh phí")
            readable = readable and caps[name] is not None
    return caps, readable


def _amount(text: str, what: str) -> int | None:
    amount = parse_amount(text)
    if amount is None:
        st.warning(f"{ui.plain(what)}: không đọc được '{ui.plain(text)}'. Hãy ghi dạng 50 tỷ, 800 triệu hoặc 50.000.000.000.")
    return amount


def _annual(text: str) -> dict[int, int] | None:
    try:
        return parse_annual(text)
    except ValueError as problem:
        st.warning(f"Kinh phí từng năm: {ui.plain(problem)}.")
        return None
