"""Kinh phí: money needed by district, gap category, standard and year; largest items."""
import plotly.express as px
import streamlit as st

from metrics.funding import items_behind, largest_items
from metrics.tables import FUNDING_GROUPS, funding_items, funding_table
from pages import ui

filters, con = ui.start_page("Kinh phí cải tiến chất lượng")
items = funding_items(con, filters)
ui.stop_if_empty(items, "Không có hạng mục kế hoạch nào trong phạm vi lọc.")

estimated = items["cost_vnd"].notna()
schools = items.groupby("school_id")["cost_vnd"].apply(lambda s: s.isna().all())
cards = st.columns(4)
cards[0].metric("Tổng kinh phí dự kiến", ui.money(items["cost_vnd"].sum(min_count=1)))
cards[1].metric("Số hạng mục", ui.count(len(items)))
cards[2].metric("Hạng mục chưa ước tính", f"{ui.count((~estimated).sum())} ({ui.share((~estimated).sum(), len(items))})")
cards[3].metric("Kế hoạch không có ước tính nào", f"{ui.count(schools.sum())}/{ui.count(len(schools))} trường")

choices = {"Quận/Huyện": "district", "Tỉnh/Thành phố": "province", "Nhóm điểm yếu": "category",
           "Tiêu chuẩn": "standard", "Năm thực hiện": "year", "Cấp học": "school_level", "Trường": "school"}
by_label = st.radio("Tổng hợp theo", list(choices), horizontal=True)
by = choices[by_label]
table = funding_table(con, filters, by)
label = FUNDING_GROUPS[by][1]
chart = table.head(25)
chart = chart.assign(**{"Kinh phí (tỷ đồng)": chart["Kinh phí dự kiến (đồng)"].astype(float) / 1e9})
figure = px.bar(chart, x=label, y="Kinh phí (tỷ đồng)", hover_data=["Số hạng mục chưa ước tính kinh phí"],
                color_discrete_sequence=[ui.MONEY_COLOR])
figure.update_layout(yaxis_rangemode="tozero", height=400)
st.plotly_chart(figure, key="funding_chart")
if by == "category":
    st.caption("Một hạng mục có thể thuộc nhiều nhóm, nên tổng các nhóm có thể lớn hơn tổng kinh phí.")
st.caption("Chọn một dòng để xem các hạng mục kế hoạch phía sau con số đó.")
event = ui.show_table(table, filters, f"Kinh phí theo {label}", f"funding_{by}", selectable=True)
row = ui.selected_row(event, table)
if row is not None:
    behind = items_behind(items, by, row[label])
    st.subheader(f"{label} {row[label]}: {len(behind)} hạng mục")
    ui.show_table(behind, filters, f"Hạng mục kế hoạch — {row[label]}", "funding_drill")

st.subheader("Các hạng mục lớn nhất")
ui.show_table(largest_items(items), filters, "Hạng mục lớn nhất", "largest")
