"""Phân bổ kinh phí: which schools the money there is brings over the bar, beside what two common
rules would do with the same money (issue 12)."""
from dataclasses import replace

import streamlit as st

from metrics.exports import to_xlsx_workbook
from metrics.formatting import format_money_short, format_vnd
from metrics.planner import Constraints, plan
from metrics.planner_compare import budget_curve, cheapest_item_first, largest_need_first, schools_with_choice
from metrics.labels import PLANNER_TARGETS
from metrics.planner_docx import budget_text, free_note, planner_docx, recognised_note
from metrics.planner_model import PlanOptions, planner_needs
from metrics.planner_priority import Priority, priority_weights, weight_map
from metrics.planner_report import annex_tables, funded_items, funding_by_year
from metrics.present import leading, without_empty
from metrics.unit_costs import flags_among
from pages import charts, drill, planner_inputs, planner_scenarios, ui


def _without_blank(frame):
    """Without the columns that only some inputs fill and these left empty: the year a school is promoted
    (budgets by year), how an amount was found (median estimates)."""
    return without_empty(frame, ("promoted_year", "estimated_by_median"))


filters, con = ui.start_page("Phân bổ kinh phí", need="plan")
st.caption("Một trường chỉ đạt khi mọi tiêu chí cần nâng đều được cấp kinh phí, nên chọn theo nhu cầu lớn nhất "
           "hay hạng mục rẻ nhất thường lãng phí. Phương án được tính chính xác bằng phương pháp tối ưu hóa, xét mọi "
           "cách chọn trường trong ngân sách.")
choice = planner_inputs.draw(con, filters)
if choice is None:
    st.stop()
options, constraints, priority = choice
# what was asked, at the head of every download of the page (as the annex and the Word draft say it)
asked = (("Ngân sách", budget_text(constraints)), ("Mục tiêu", PLANNER_TARGETS[options.target]))


@st.cache_data(max_entries=32, show_spinner="Đang tính phương án tối ưu…")
def _solved(version: str, filters_, options_: PlanOptions, constraints_: Constraints, priority_: Priority | None):
    """One solve per (store version, scope, inputs): a rerun that changes nothing never solves again.
    With the priority objective the weights are the rule's (metrics.planner_priority), shown beside the choice."""
    needs = planner_needs(ui.cursor(), filters_, options_)
    weights = None if priority_ is None else priority_weights(ui.cursor(), filters_, priority_)
    if weights is not None:
        constraints_ = replace(constraints_, weights=weight_map(weights))
    best = plan(needs, constraints_)
    rules = (largest_need_first(needs, constraints_.total), cheapest_item_first(needs, constraints_.total))
    return needs, best, rules, weights


@st.cache_data(max_entries=16, show_spinner="Đang tính đường ngân sách…")
def _curve(version: str, filters_, options_: PlanOptions, constraints_: Constraints, priority_: Priority | None):
    needs, _, _, weights = _solved(version, filters_, options_, constraints_, priority_)
    if weights is not None:
        constraints_ = replace(constraints_, weights=weight_map(weights))
    return budget_curve(needs, constraints_)


def _say_why_none(needs_, constraints_: Constraints) -> None:
    """No school reaches the target: say what it would take, not that the filters hide the rows."""
    promotable = needs_.promotable()
    if promotable.empty:
        st.info("Không trường nào trong phạm vi lọc nâng được lên mục tiêu này bằng kinh phí: xem tab “Trường chưa "
                "thể nâng bằng kinh phí” để biết kế hoạch còn thiếu gì.", icon=":material/info:")
        return
    by_year = " (kinh phí chia theo năm: mỗi năm chỉ chi được phần của năm đó)" if constraints_.years else ""
    st.info(f"Không trường nào đạt mục tiêu với ngân sách này: trường cần ít kinh phí nhất cần "
            f"{ui.money(promotable['cost_vnd'].min())}{ui.plain(by_year)}. Hãy tăng ngân sách hoặc chọn mục tiêu "
            "thấp hơn; tab “Đường ngân sách” cho biết mỗi mức ngân sách đưa được bao nhiêu trường.",
            icon=":material/info:")


def _ask_for_curve(inputs: str) -> None:
    st.session_state["planner_curve_for"] = inputs


needs, best, (largest, cheapest), weights = _solved(ui.reader().version, filters, options, constraints, priority)
ui.stop_if_empty(needs.schools, "Không có trường nào dưới mức mục tiêu trong phạm vi lọc.")
if best.status == "infeasible":
    st.error("Không có phương án thỏa mọi ràng buộc (ví dụ: không đủ tiền để mỗi quận/huyện có ít nhất một trường). "
             "Hãy nới ràng buộc hoặc tăng ngân sách.")
    st.stop()

cards = st.columns(4)
more = best.n_promoted - largest.n_promoted
cards[0].metric("Số trường đạt mục tiêu", ui.count(best.n_promoted),
                delta=f"{more:+d} trường", delta_color="normal" if more else "off",  # a few words fit; +0 not green
                help="So với cách ưu tiên nhu cầu lớn nhất, cùng số tiền (xem dòng dưới các thẻ).")
# rounded on the card (49,68 tỷ + 325 triệu is 50,005 tỷ); every đồng in its help, as in the downloads
cards[1].metric("Kinh phí sử dụng", format_money_short(best.money_used), help=format_vnd(best.money_used))
cards[2].metric("Còn lại", format_money_short(best.money_left), help=format_vnd(best.money_left))
cards[3].metric("Phương án", "Tối ưu" if best.gap == 0 else "Gần tối ưu",  # a short word: the card is narrow
                delta=None if best.gap == 0 else f"kém tối ưu tối đa {ui.share(best.gap, 1)}", delta_color="off",
                help="“Tối ưu”: đã chứng minh không cách chọn nào đưa được nhiều trường hơn với cùng số tiền. "
                     "“Gần tối ưu”: hết thời gian tính trước khi chứng minh được; dòng dưới cho biết phương án có thể "
                     "kém cách tốt nhất bao nhiêu.")
if best.n_promoted == 0:
    _say_why_none(needs, constraints)
st.caption(f"Cùng số tiền: ưu tiên nhu cầu lớn nhất đạt {ui.count(largest.n_promoted)} trường, ưu tiên hạng mục rẻ nhất đạt "
           f"{ui.count(cheapest.n_promoted)} trường; phương án tối ưu đạt {ui.count(best.n_promoted)} trường"
           + (" (hai cách đơn giản chỉ xét tổng kinh phí, không chia theo năm)." if constraints.years else ".")
           + ui.plain(" " + free_note(needs, best)))
if held := recognised_note(ui.cursor(), filters, needs):
    st.caption(ui.plain(held) + " Xem trang Công nhận.")
if constraints.years is not None:
    ui.show_table(funding_by_year(constraints.years, best), filters, "Kinh phí theo năm", "planner_years", notes=asked)
scenario = planner_scenarios.current(filters, options, constraints, priority, needs, best, (largest, cheapest))
planner_scenarios.opened_notice(scenario)

table = schools_with_choice(needs, best, weights)
items = funded_items(con, needs, best)
annex = annex_tables(items)  # the annex keeps its own columns; the page's tables put the figures first
_SCHOOL_FIRST = ["name", "need_cost_vnd", "n_needed", "promoted_year", "priority_weight", "reason"]
_ITEM_FIRST = ["name", "cost_vnd", "criterion_id", "category_name", "item_year", "estimated_by_median"]
downloads = st.columns([3, 2, 1])  # each button's words whole: 'Tải phụ lục danh mục đầu tư (Excel)'
# the annex says what it was read from and what was asked, as the Word draft does
annex_about = {"source": ui.data_source(), "notes": asked}
downloads[0].download_button("Tải phụ lục danh mục đầu tư (Excel)", lambda: to_xlsx_workbook(annex, filters, **annex_about),
                             f"phu-luc-danh-muc-dau-tu-{filters.day:%Y-%m-%d}.xlsx",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="planner_annex",
                             on_click="ignore", type="primary")
downloads[1].download_button("Tải dự thảo tờ trình (Word)",
                             lambda: planner_docx(ui.cursor(), filters, options, constraints, needs, best, priority),
                             f"du-thao-to-trinh-phan-bo-kinh-phi-{filters.day:%Y-%m-%d}.docx",
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                             key="planner_docx", on_click="ignore")
# flags inform, never change the choice: they are read after it, over the items it funds
flags = flags_among(ui.cost_flags(filters), needs.items[needs.items["school_id"].isin(best.selected)])
tab_chosen, tab_area, tab_flags, tab_not, tab_curve = st.tabs([
    "Trường được chọn", "Theo quận/huyện", f"Kinh phí bất thường ({ui.count(len(flags))})",
    "Trường chưa thể nâng bằng kinh phí", "Đường ngân sách"])
with tab_chosen:
    chosen = table[table["selected"]].drop(columns=["reason", "reason_keys", "selected"])  # every one is "Có"
    drill.school_list(leading(_without_blank(chosen), _SCHOOL_FIRST), filters, "Trường được chọn", "planner_selected",
                      notes=asked,
                      empty="Phương án chưa chọn trường nào với ngân sách và mục tiêu này.")
    st.caption("Các hạng mục được cấp kinh phí")
    # its own title: the annex workbook above is 'phu-luc-danh-muc-dau-tu-….xlsx' already
    ui.show_table(leading(_without_blank(items), _ITEM_FIRST), filters, "Các hạng mục được cấp kinh phí", "planner_items",
                  notes=asked,
                  empty="Phương án chưa cấp kinh phí cho hạng mục nào.")
with tab_area:
    st.markdown("**Tổng hợp theo quận/huyện**")
    ui.show_table(annex[1][2], filters, "Tổng hợp theo quận/huyện", "planner_districts", notes=asked,
                  empty="Phương án chưa cấp kinh phí cho quận/huyện nào.")
    st.markdown("**Tổng hợp theo nhóm điểm yếu**")
    ui.show_table(annex[2][2], filters, "Tổng hợp theo nhóm điểm yếu", "planner_categories", notes=asked,
                  empty="Phương án chưa cấp kinh phí cho nhóm điểm yếu nào.")
with tab_flags:
    drill.school_list(flags, filters, "Hạng mục được chọn có kinh phí bất thường", "planner_flags", notes=asked,
                      caption="Hạng mục được chọn có kinh phí trên 2 lần hoặc dưới 0,5 lần trung vị các hạng mục cùng "
                              "nhóm điểm yếu và cùng cấp học trong phạm vi lọc. Chỉ để tham khảo khi thẩm định, không "
                              "làm thay đổi phương án.",
                      empty="Không hạng mục nào được chọn có kinh phí bất thường.")
with tab_not:
    blocked = table[table["reason"].fillna("") != ""]
    # money cannot promote them, so they have no amount to show (the column was empty in every row)
    unpaid = ["selected", "promoted_year", "reason_keys", "need_cost_vnd", "estimated_by_median"]
    drill.school_list(leading(blocked.drop(columns=unpaid), _SCHOOL_FIRST), filters,
                      "Trường chưa thể nâng bằng kinh phí", "planner_blocked", notes=asked,
                      caption="Các trường này chưa thể nâng chỉ bằng kinh phí: cột Lý do cho biết còn thiếu gì (đánh giá "
                              "tiêu chí, hạng mục trong kế hoạch hoặc ước tính kinh phí).")
with tab_curve:
    # Streamlit runs every tab: the curve (about 15 solves) is made only when asked for these inputs, then
    # cached; a change of inputs asks again instead of solving 15 times on every change
    st.caption("Số trường đạt khi ngân sách tăng dần từ 0 đến mức đủ cho mọi trường có thể nâng, so với hai cách "
               "đơn giản (mỗi điểm là một lần giải; với phân kỳ, tính theo tổng kinh phí).")
    inputs = repr((ui.reader().version, filters, options, constraints, priority))
    # a callback, not `if st.button(...)`: it runs before the script, so no rerun loses the click
    st.button("Tính đường ngân sách", key="planner_curve_button", on_click=_ask_for_curve, args=(inputs,))
    if st.session_state.get("planner_curve_for") == inputs:
        curve = _curve(ui.reader().version, filters, options, constraints, priority)
        curve = curve.assign(budget_billions=curve["budget_vnd"] / 1e9)
        figure = charts.line_chart(curve, "budget_billions", ["n_promoted", "largest_need_first", "cheapest_item_first"],
                                   titles={"budget_billions": "Ngân sách (tỷ đồng)", "n_promoted": "Phương án tối ưu",
                                           "largest_need_first": "Ưu tiên nhu cầu lớn nhất",
                                           "cheapest_item_first": "Ưu tiên hạng mục rẻ nhất"})
        figure.update_layout(yaxis_title="Số trường đạt")
        charts.show(figure, "Đường ngân sách", key="planner_curve")
        # how far from proven best only when some point is not proven (0 in every row says nothing)
        proven = ["gap"] if not curve["gap"].gt(0).any() else []
        ui.show_table(curve.drop(columns=["budget_billions", *proven]), filters, "Đường ngân sách", "planner_curve_table",
                      notes=asked)
planner_scenarios.draw(scenario)
