"""Theo địa bàn: districts (or provinces) side by side; choose a row to see its schools."""
import streamlit as st

from metrics.labels import GROUPINGS
from metrics.overview import schools_behind
from metrics.tables import area_table
from pages import charts, ui

filters, con = ui.start_page("So sánh theo địa bàn")
area = st.radio("So sánh theo", list(GROUPINGS), format_func=GROUPINGS.get, horizontal=True,
                index=1 if filters.province else 0, key="area_grouping")
label = GROUPINGS[area]
table = area_table(con, filters, area)
ui.stop_if_empty(table, "Không có dữ liệu trong phạm vi lọc.")

# chart key -> its title; the first two are made here from the table's columns
metrics = {"n_below_level2": "Số trường chưa đạt Cấp độ 2", "share_level2_up": "Tỷ lệ đạt Cấp độ 2 trở lên (%)",
           "avg_to_level2": "TB số tiêu chí cần nâng để đạt Cấp độ 2", "cost_billions": "Kinh phí dự kiến (tỷ đồng)"}
metric = st.radio("Biểu đồ", list(metrics), format_func=metrics.get, horizontal=True)
chart = table.assign(n_below_level2=table["n_below1"] + table["n_level1"],
                     cost_billions=table["plan_cost_vnd"] / 1e9)
chart = chart.sort_values(metric, ascending=False)
figure = charts.bar_chart(chart, area, metric, ui.MONEY_COLOR, height=380, titles=metrics)
charts.show(figure, f"{metrics[metric]} theo {GROUPINGS[area]}", key="area_chart")

st.subheader(f"Bảng so sánh ({len(table)} {ui.plain(label.lower())})")
st.caption("Chọn một dòng để xem các trường của địa bàn đó.")
event = ui.show_table(table, filters, f"So sánh theo {label}", "areas", selectable=True)
row = ui.selected_row(event, table)
if row is not None and (named := ui.school_rows(filters)) is not None:
    behind = schools_behind(con, named, area=area, area_value=row[area])
    st.subheader(ui.plain(f"Các trường tại {row[area]} ({len(behind)})"))
    ui.show_table(behind, named, f"Trường tại {row[area]}", "area_drill")
