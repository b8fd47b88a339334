"""Kinh phí: money needed by district, gap category, standard and year; largest items."""
import streamlit as st

from metrics.funding import funding_headline, items_behind, largest_items
from metrics.labels import header
from metrics.tables import FUNDING_GROUPS, FUNDING_KEYS, funding_items, funding_table
from pages import charts, drill, ui

filters, con = ui.start_page("Kinh phí cải tiến chất lượng")
items = funding_items(con, filters)
ui.stop_if_empty(items, "Không có hạng mục kế hoạch nào trong phạm vi lọc.")

h = funding_headline(items)
# the totals count the whole area; a list of items or schools shows only the schools seen by name
named = filters if ui.viewer().sees_school_names() else ui.school_rows(filters)
named_items = items if named == filters or named is None else funding_items(con, named)
cards = st.columns(4)
cards[0].metric("Tổng kinh phí dự kiến", ui.money(h["cost"]))
cards[1].metric("Số hạng mục", ui.count(h["items"]))
cards[2].metric("Hạng mục chưa ước tính", f"{ui.count(h['not_estimated'])} ({ui.share(h['not_estimated'], h['items'])})")
cards[3].metric("Kế hoạch không có ước tính nào",
                f"{ui.count(h['schools_nothing_estimated'])}/{ui.count(h['schools'])} trường")

choices = {"district": "Quận/Huyện", "province": "Tỉnh/Thành phố", "category": "Nhóm điểm yếu",
           "standard": "Tiêu chuẩn", "year": "Năm thực hiện", "school_level": "Cấp học", "school": "Trường"}
if not ui.viewer().sees_school_names():  # a total per school names the schools
    choices.pop("school")
by = st.radio("Tổng hợp theo", list(choices), format_func=choices.get, horizontal=True)
table = funding_table(con, filters, by)
group = FUNDING_GROUPS[by][1]  # the column the table is grouped by
label = header(group)
chart = table.head(25)
# a name that stands twice (a district in two provinces, a school in two districts) carries where it is,
# or its bars would merge into one
place = chart[group].astype(str)
if by in ("district", "school") and place.duplicated(keep=False).any():
    where = chart["province"] if by == "district" else chart["district"] + ", " + chart["province"]
    place = place.where(~place.duplicated(keep=False), place + " (" + where.fillna("—") + ")")
chart = chart.assign(cost_billions=chart["plan_cost_vnd"].astype(float) / 1e9, place=place)
figure = charts.bar_chart(chart, "place", "cost_billions", ui.MONEY_COLOR, hover=("n_not_estimated",),
                          titles={"cost_billions": "Kinh phí (tỷ đồng)", "place": label})
charts.show(figure, f"Kinh phí theo {choices[by]}", key="funding_chart")
if by == "category":
    st.caption("Một hạng mục có thể thuộc nhiều nhóm, nên tổng các nhóm có thể lớn hơn tổng kinh phí.")
st.caption("Chọn một dòng để xem các hạng mục kế hoạch phía sau con số đó.")
event = ui.show_table(table, filters, f"Kinh phí theo {label}", f"funding_{by}", selectable=True)
row = ui.selected_row(event, table)
if row is not None and named is not None:
    behind = items_behind(named_items, by, row[group], {name: row[name] for name in FUNDING_KEYS.get(by, ())})
    st.subheader(ui.plain(f"{row[group]}: {ui.count(len(behind))} hạng mục kế hoạch"))
    ui.show_table(behind, named, f"Hạng mục kế hoạch — {row[group]}", "funding_drill")

if named is None:  # Khách: the totals only
    st.stop()
flags = ui.cost_flags(filters)  # peers are the area's items; only the named schools' flags are listed
flags = flags if named == filters else flags[flags["school_id"].isin(named_items["school_id"])]
with st.expander(f"Hạng mục có kinh phí bất thường so với cùng nhóm ({ui.count(len(flags))})"):
    drill.school_list(flags, filters, "Hạng mục có kinh phí bất thường", "unit_cost_flags",
                      caption="So với trung vị các hạng mục cùng nhóm điểm yếu và cùng cấp học trong phạm vi lọc (ít "
                              "nhất 3 hạng mục). Chỉ để tham khảo khi thẩm định, không làm thay đổi số liệu nào.")

st.subheader("Các hạng mục lớn nhất")
ui.show_table(largest_items(named_items), named, "Hạng mục lớn nhất", "largest")
