"""Theo địa bàn: districts (or provinces) side by side; choose a row to see its schools."""
import streamlit as st

from metrics.overview import schools_behind
from metrics.tables import area_table
from pages import charts, ui

filters, con = ui.start_page("So sánh theo địa bàn")
area = "district" if filters.province else "province"
label = "Quận/Huyện" if area == "district" else "Tỉnh/Thành phố"
table = area_table(con, filters, area)
ui.stop_if_empty(table, "Không có dữ liệu trong phạm vi lọc.")

metric = st.radio("Biểu đồ", ["Số trường chưa đạt Cấp độ 2", "Tỷ lệ đạt Cấp độ 2 trở lên (%)",
                             "TB số tiêu chí cần nâng để đạt Cấp độ 2", "Kinh phí dự kiến (tỷ đồng)"],
                  horizontal=True)
chart = table.assign(**{"Số trường chưa đạt Cấp độ 2": table["Chưa đạt Cấp độ 1"] + table["Cấp độ 1"],
                        "Kinh phí dự kiến (tỷ đồng)": table["Kinh phí dự kiến (đồng)"] / 1e9})
chart = chart.sort_values(metric, ascending=False)
figure = charts.bar_chart(chart, label, metric, ui.MONEY_COLOR, height=380)
st.plotly_chart(figure, key="area_chart")

st.subheader(f"Bảng so sánh ({len(table)} {label.lower()})")
st.caption("Chọn một dòng để xem các trường của địa bàn đó.")
event = ui.show_table(table, filters, f"So sánh theo {label}", "areas", selectable=True)
row = ui.selected_row(event, table)
if row is not None:
    behind = schools_behind(con, filters, area=area, area_value=row[label])
    st.subheader(f"Các trường tại {row[label]} ({len(behind)})")
    ui.show_table(behind, filters, f"Trường tại {row[label]}", "area_drill")
