"""The planner's inputs: budget (Vietnamese style: "50 tỷ", "50.000.000.000"), target, objective, constraints."""
from __future__ import annotations

import streamlit as st

from loaders.money import parse_vnd_amount
from metrics.planner import Constraints
from metrics.planner_model import PlanOptions

_TARGETS = {2: "Cấp độ 2 / Chuẩn quốc gia Mức độ 1", 3: "Cấp độ 3 / Chuẩn quốc gia Mức độ 2"}
_OBJECTIVES = {"schools": "Nhiều trường đạt nhất", "pupils": "Nhiều học sinh được hưởng nhất"}
# gap categories an office often funds from another budget (staff are not built)
_FAMILIES = {"doi_ngu": "Đội ngũ giáo viên, nhân viên", "thiet_bi": "Thiết bị dạy học"}


def draw() -> tuple[PlanOptions, Constraints] | None:
    """The inputs, or None (with a message saying what to write) when the budget cannot be read."""
    left, middle, right = st.columns(3)
    budget = _amount(left.text_input("Ngân sách", "50 tỷ", key="planner_budget",
                                     help="Ví dụ: 50 tỷ, 50.000.000.000, 800 triệu"), "Ngân sách")
    target = middle.radio("Mục tiêu", list(_TARGETS), format_func=_TARGETS.get, key="planner_target")
    objective = right.radio("Tối đa hóa", list(_OBJECTIVES), format_func=_OBJECTIVES.get, key="planner_objective")
    with st.expander("Ràng buộc và tùy chọn"):
        cap_text = st.text_input("Trần kinh phí mỗi quận/huyện (để trống = không giới hạn)", key="planner_cap")
        cap = _amount(cap_text, "Trần kinh phí") if cap_text.strip() else None
        at_least_one = st.checkbox("Mỗi quận/huyện có ít nhất một trường", key="planner_min_one")
        excluded = st.multiselect("Không tính vào ngân sách này", list(_FAMILIES), format_func=_FAMILIES.get,
                                  key="planner_excluded", placeholder="Chọn nhóm hạng mục")
        estimate = st.checkbox("Ước tính hạng mục chưa có kinh phí theo trung vị cùng nhóm và cấp học",
                               key="planner_estimate")
    if budget is None or (cap_text.strip() and cap is None):
        return None
    return (PlanOptions(target=target, excluded_categories=frozenset(excluded), estimate_missing=estimate),
            Constraints(budget=budget, objective=objective, district_cap=cap, min_per_district=at_least_one))


def _amount(text: str, what: str) -> int | None:
    parsed = parse_vnd_amount(text)
    if parsed.value is None:
        st.warning(f"{what}: không đọc được '{text}'. Hãy ghi dạng 50 tỷ, 800 triệu hoặc 50.000.000.000.")
        return None
    return int(parsed.value)
