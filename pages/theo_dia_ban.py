"""Theo địa bàn: provinces, districts or communes side by side, of one province or of the whole country;
choose a row to see its schools."""
from dataclasses import replace

import streamlit as st

from metrics.labels import GROUPINGS
from metrics.overview import schools_behind
from metrics.tables import area_table
from pages import charts, drill, ui

_CHART_ROWS = 30  # the country has ~700 districts and ~3,300 communes: the chart shows the first ones
_BLANK = "(chưa ghi)"  # a school whose file names no district or commune: its own row

filters, con = ui.start_page("So sánh theo địa bàn")
area = st.radio("So sánh theo", list(GROUPINGS), format_func=GROUPINGS.get, horizontal=True,
                index=1 if filters.province else 0, key="area_grouping")
label = GROUPINGS[area]
table = area_table(con, filters, area)
ui.stop_if_empty(table, "Không có dữ liệu trong phạm vi lọc.")
national = area != "province" and not filters.province
if national:
    st.caption(f"Chưa chọn Tỉnh/Thành phố: xếp hạng mọi {ui.plain(label.lower())} trong phạm vi lọc, "
               "mỗi nơi kèm tỉnh/thành phố của nó.")

# chart key -> its title; the first two are made here from the table's columns
metrics = {"n_below_level2": "Số trường chưa đạt Cấp độ 2", "share_level2_up": "Tỷ lệ đạt Cấp độ 2 trở lên (%)",
           "avg_to_level2": "TB số tiêu chí cần nâng để đạt Cấp độ 2", "cost_billions": "Kinh phí dự kiến (tỷ đồng)"}
metric = st.radio("Biểu đồ", list(metrics), format_func=metrics.get, horizontal=True)
# a district's name alone can stand in two provinces: beside its province the bars never merge
named_area = table[area].fillna(_BLANK)
place = named_area + " (" + table["province"] + ")" if national else named_area
chart = table.assign(n_below_level2=table["n_below1"] + table["n_level1"], cost_billions=table["plan_cost_vnd"] / 1e9,
                     place=place)
chart = chart.sort_values(metric, ascending=False).head(_CHART_ROWS)
figure = charts.bar_chart(chart, "place", metric, ui.MONEY_COLOR, height=380, titles={**metrics, "place": label})
charts.show(figure, f"{metrics[metric]} theo {GROUPINGS[area]}", key="area_chart")
if len(table) > _CHART_ROWS:
    st.caption(f"Biểu đồ: {_CHART_ROWS} {ui.plain(label.lower())} đầu theo chỉ số đã chọn; bảng dưới đây có đủ "
               f"{ui.count(len(table))}.")

st.subheader(f"Bảng so sánh: {ui.count(len(table))} {ui.plain(label.lower())}")
st.caption("Bấm tiêu đề một cột để xếp hạng theo cột đó. Chọn một dòng để xem các trường của địa bàn đó.")
event = ui.show_table(table, filters, f"So sánh theo {label}", "areas", selectable=True)
row = ui.selected_row(event, table)


def _scope_of_row(named, row):
    """The filters narrowed to the chosen area, so that its download's scope line names it too."""
    chosen = row[area] if isinstance(row[area], str) else None
    narrowed = replace(named, province=row["province"])
    if area == "district" and chosen:
        return replace(narrowed, district=chosen)
    if area == "commune" and chosen:
        return replace(narrowed, communes=frozenset({chosen}))
    return narrowed


if row is not None and (named := ui.school_rows(filters)) is not None:
    # the row's keys: its province, and its district or commune within it
    behind = schools_behind(con, replace(named, province=row["province"]), area=area, area_value=row[area])
    chosen = row[area] if isinstance(row[area], str) else _BLANK
    where = chosen if area == "province" else f"{chosen}, {row['province']}"
    st.subheader(ui.plain(f"Các trường tại {where} ({len(behind)})"))
    drill.school_list(behind, _scope_of_row(named, row), f"Trường tại {where}", "area_drill")
