"""Tổng quan: headline numbers and the distribution of Cấp độ by area, with drill-down."""
import streamlit as st

from metrics.labels import AREAS, LEVEL_GROUPS
from metrics.overview import headline, level_distribution, level_table, schools_behind, schools_one_away_from_level2
from pages import charts, drill, ui

filters, con = ui.start_page("Tổng quan chất lượng trường học")
h = headline(con, filters)
ui.stop_if_empty(h["n_assessments"], "Không có trường nào có đánh giá trong phạm vi lọc.")

base = h["n_with_level"] or 0
cards = st.columns(4)
cards[0].metric("Số trường có đánh giá", ui.count(h["n_schools"]))
cards[1].metric("Tự đánh giá đạt Cấp độ 1 trở lên", ui.share(h["at_least_1"], base),
                help="Cấp độ tự đánh giá gần nhất của trường; tỷ lệ trên số trường có kết luận")
cards[2].metric("Tự đánh giá đạt Cấp độ 2 trở lên", ui.share(h["at_least_2"], base))
cards[3].metric("Tự đánh giá đạt Cấp độ 3 trở lên", ui.share(h["at_least_3"], base))
cards = st.columns(4)
cards[0].metric("Công nhận KĐCL còn hiệu lực", ui.share(h["recognised_level"], h["n_schools"]),
                help="Quyết định công nhận của cơ quan có thẩm quyền còn hiệu lực đến ngày đã chọn (Điều 34 của "
                     "các Thông tư 17, 18, 19/2018/TT-BGDĐT)")
cards[1].metric("Chuẩn quốc gia còn hiệu lực", ui.share(h["recognised_standard"], h["n_schools"]),
                help="Điều 37: quyết định có hiệu lực 5 năm")
cards[2].metric("Chỉ còn 1 tiêu chí để đạt Cấp độ 2", ui.count(h["one_away_from_2"]))
cards[3].metric("Kinh phí dự kiến", ui.money(h["cost"]),
                help="Kế hoạch hiện hành của mỗi trường; hạng mục chưa ước tính không được tính là 0")
st.caption(f"{ui.count(h['not_estimated'])} hạng mục chưa ước tính kinh phí trên tổng "
           f"{ui.count(h['plan_items'])} hạng mục kế hoạch. {ui.count(h['incomplete'])} trường thiếu dữ liệu "
           f"một số tiêu chí; {ui.count(h['reported'])} trường chỉ có cấp độ do trường tự báo cáo.")

with st.expander(f"Các trường chỉ còn 1 tiêu chí để đạt Cấp độ 2 ({ui.count(h['one_away_from_2'])})"):
    if (named := ui.school_rows(filters)) is not None:
        drill.school_list(schools_one_away_from_level2(con, named), named, "Trường chỉ còn 1 tiêu chí để đạt Cấp độ 2",
                          "one_away")

area = "district" if filters.province else "province"
area_label = AREAS[area]
st.subheader(f"Cấp độ tự đánh giá theo {ui.plain(area_label.lower())}")
distribution = level_distribution(con, filters, area)
figure = charts.stacked_bar_chart(distribution, "area", "n", "level_group", ui.LEVEL_COLORS, LEVEL_GROUPS,
                                  unit="trường", titles={"area": area_label, "n": "Số trường", "level_group": "Cấp độ"})
event = charts.show(figure, f"Cấp độ tự đánh giá theo {area_label}", on_select="rerun", selection_mode="points", key="overview_chart")
st.caption("Bấm vào một đoạn cột để xem danh sách các trường phía sau con số đó.")
with st.expander("Bảng số liệu của biểu đồ"):
    ui.show_table(level_table(distribution, area), filters, f"Cấp độ theo {area_label.lower()}", "overview_levels")
points = event.selection.points if event and event.selection else []
if points and (named := ui.school_rows(filters)) is not None:
    point = points[0]
    level = point.get("legendgroup") or [t.legendgroup for t in figure.data][point["curve_number"]]
    place = charts.raw(point["x"])  # the chart shows the area's name escaped for plotly
    behind = schools_behind(con, named, area=area, area_value=place, level_group=level)
    st.subheader(ui.plain(f"{place} — {LEVEL_GROUPS[level]}: {len(behind)} trường"))
    drill.school_list(behind, named, f"Trường {LEVEL_GROUPS[level]} tại {place}", "overview_drill")
