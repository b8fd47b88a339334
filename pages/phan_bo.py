"""Phân bổ kinh phí: which schools the money there is brings over the bar, beside what two common
rules would do with the same money (issue 12)."""
import streamlit as st

from metrics.exports import to_xlsx_workbook
from metrics.formatting import format_money_short
from metrics.planner import Constraints, plan
from metrics.planner_compare import budget_curve, cheapest_item_first, largest_need_first, schools_with_choice
from metrics.planner_model import PlanOptions, planner_needs
from metrics.planner_report import funded_items, funding_by_category, funding_by_district
from pages import charts, planner_inputs, planner_scenarios, ui

filters, con = ui.start_page("Phân bổ kinh phí")
st.caption("Một trường chỉ đạt khi mọi tiêu chí cần nâng đều được cấp kinh phí, nên chọn theo nhu cầu lớn nhất "
           "hay hạng mục rẻ nhất thường lãng phí. Bài toán được giải chính xác (quy hoạch nguyên, HiGHS).")
choice = planner_inputs.draw()
if choice is None:
    st.stop()
options, constraints = choice


@st.cache_data(max_entries=32, show_spinner="Đang tính phương án tối ưu…")
def _solved(version: str, filters_, options_: PlanOptions, constraints_: Constraints):
    """One solve per (store version, scope, inputs): a rerun that changes nothing never solves again."""
    needs = planner_needs(ui.cursor(), filters_, options_)
    best = plan(needs, constraints_)
    rules = (largest_need_first(needs, constraints_.budget), cheapest_item_first(needs, constraints_.budget))
    return needs, best, rules


@st.cache_data(max_entries=16, show_spinner="Đang tính đường ngân sách…")
def _curve(version: str, filters_, options_: PlanOptions, constraints_: Constraints):
    return budget_curve(_solved(version, filters_, options_, constraints_)[0], constraints_)


needs, best, (largest, cheapest) = _solved(ui.reader().version, filters, options, constraints)
ui.stop_if_empty(needs.schools, "Không có trường nào dưới mức mục tiêu trong phạm vi lọc.")
if best.status == "infeasible":
    st.error("Không có phương án thỏa mọi ràng buộc (ví dụ: không đủ tiền để mỗi quận/huyện có ít nhất một trường). "
             "Hãy nới ràng buộc hoặc tăng ngân sách.")
    st.stop()

cards = st.columns(4)
cards[0].metric("Số trường đạt mục tiêu", ui.count(best.n_promoted),
                delta=f"{best.n_promoted - largest.n_promoted:+d} so với ưu tiên nhu cầu lớn nhất")
cards[1].metric("Kinh phí sử dụng", format_money_short(best.money_used))
cards[2].metric("Còn lại", format_money_short(best.money_left))
cards[3].metric("Độ lệch tối ưu", "0 (tối ưu)" if best.gap == 0 else f"{ui.share(best.gap, 1)}",
                help="0 khi đã chứng minh phương án là tối ưu; khác 0 khi hết thời gian giải")
st.caption(f"Cùng số tiền: ưu tiên nhu cầu lớn nhất đạt {largest.n_promoted} trường, ưu tiên hạng mục rẻ nhất đạt "
           f"{cheapest.n_promoted} trường; phương án tối ưu đạt {best.n_promoted} trường.")
scenario = planner_scenarios.current(filters, options, constraints, needs, best, (largest, cheapest))
planner_scenarios.opened_notice(scenario)

table = schools_with_choice(needs, best)
items = funded_items(con, needs, best)
districts, categories = funding_by_district(items), funding_by_category(items)
annex = [("Danh mục đầu tư", "Phụ lục: danh mục đầu tư", items, ("cost_vnd",)),
         ("Theo quận huyện", "Phụ lục: tổng hợp theo quận/huyện", districts, ("n_promoted", "money_used_vnd")),
         ("Theo nhóm điểm yếu", "Phụ lục: tổng hợp theo nhóm điểm yếu", categories, ("n_items", "money_used_vnd"))]
st.download_button("Tải phụ lục danh mục đầu tư (Excel)", lambda: to_xlsx_workbook(annex, filters),
                   f"phu-luc-danh-muc-dau-tu-{filters.day:%Y-%m-%d}.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="planner_annex",
                   on_click="ignore", type="primary")
tab_chosen, tab_area, tab_not, tab_curve = st.tabs(["Trường được chọn", "Theo quận/huyện", "Trường chưa thể nâng bằng kinh phí",
                                                    "Đường ngân sách"])
with tab_chosen:
    ui.show_table(table[table["selected"]].drop(columns=["reason", "reason_keys"]), filters,
                  "Trường được chọn", "planner_selected")
    st.caption("Các hạng mục được cấp kinh phí")
    ui.show_table(items, filters, "Phụ lục: danh mục đầu tư", "planner_items")
with tab_area:
    ui.show_table(districts, filters, "Tổng hợp theo quận/huyện", "planner_districts")
    ui.show_table(categories, filters, "Tổng hợp theo nhóm điểm yếu", "planner_categories")
with tab_not:
    blocked = table[table["reason"].fillna("") != ""]
    st.caption("Các trường này cần bổ sung kế hoạch hoặc ước tính kinh phí trước khi có thể được chọn.")
    ui.show_table(blocked.drop(columns=["selected", "promoted_year", "reason_keys"]), filters,
                  "Trường chưa thể nâng bằng kinh phí", "planner_blocked")
with tab_curve:
    curve = _curve(ui.reader().version, filters, options, constraints)
    curve = curve.assign(budget_billions=curve["budget_vnd"] / 1e9)
    figure = charts.line_chart(curve, "budget_billions", ["n_promoted", "largest_need_first", "cheapest_item_first"],
                               titles={"budget_billions": "Ngân sách (tỷ đồng)"})
    st.plotly_chart(figure, key="planner_curve")
    ui.show_table(curve.drop(columns=["budget_billions"]), filters, "Đường ngân sách", "planner_curve_table")
planner_scenarios.draw(scenario)
