"""Điểm yếu chung: criteria and gap categories ranked by how many schools fall short."""
import streamlit as st

from metrics.category_costs import schools_behind_category
from metrics.overview import schools_behind
from metrics.tables import criteria_table, gap_table
from pages import charts, drill, ui

filters, con = ui.start_page("Điểm yếu chung")
criteria = criteria_table(con, filters)
ui.stop_if_empty(criteria, "Không có trường nào có bảng đánh giá tiêu chí trong phạm vi lọc.")

tab_criteria, tab_groups = st.tabs(["Theo tiêu chí", "Theo nhóm điểm yếu"])
with tab_criteria:
    thresholds = {2: "Dưới Mức 2", 3: "Dưới Mức 3"}
    below = st.radio("Ngưỡng", list(thresholds), format_func=thresholds.get, horizontal=True)
    threshold = thresholds[below]
    column = f"n_schools_below{below}"
    top = criteria.dropna(subset=[column]).sort_values(column, ascending=False).head(15).reset_index(drop=True)
    # The same number means different things in different circulars (3.6 is the library in TT18,
    # the toilets in TT19), so the label carries the name and the framework.
    top = top.assign(criterion_in_framework=top["criterion_id"] + " " + top["criterion_name"].map(lambda name: charts.wrap(name, 32, 1))
                     + " · " + top["framework_label"])
    figure = charts.bar_chart(top, "criterion_in_framework", column, ui.LEVEL_COLORS["level1"], horizontal=True,
                              hover=("criterion_name",), height=480,
                              titles={"criterion_in_framework": "Tiêu chí (khung)"})
    event = charts.show(figure, f"Tiêu chí {threshold}", on_select="rerun", selection_mode="points", key="criteria_chart")
    st.caption("Bấm vào một thanh để xem các trường phía sau con số đó.")
    points = event.selection.points if event and event.selection else []
    if points and (named := ui.school_rows(filters)) is not None:
        picked = top.iloc[points[0]["point_index"]]  # the bar's row: its framework key, never its label
        criterion = picked["criterion_id"]
        behind = schools_behind(con, named, criterion=(picked["framework_key"], criterion), below=below)
        st.subheader(ui.plain(f"Tiêu chí {criterion} ({picked['framework_label']}) {threshold.lower()}: {len(behind)} trường"))
        drill.school_list(behind, named, f"Trường có tiêu chí {criterion} {threshold.lower()}", "criterion_drill")
    groupings = {None: "Toàn bộ phạm vi lọc", "province": "Theo tỉnh/thành phố", "district": "Theo quận/huyện",
                 "school_level": "Theo cấp học"}
    group_by = st.selectbox("Bảng chi tiết", list(groupings), format_func=groupings.get, key="criteria_group",
                            placeholder="Chọn cách nhóm")
    detail = criteria if group_by is None else criteria_table(con, filters, group_by)
    ui.show_table(detail, filters, "Tiêu chí chưa đạt", "criteria")

with tab_groups:
    groups = gap_table(con, filters)
    figure = charts.bar_chart(groups, "category_name", "n_schools_with_gap", ui.LEVEL_COLORS["below1"],
                              horizontal=True, height=380)
    event = charts.show(figure, "Nhóm điểm yếu", on_select="rerun", selection_mode="points", key="groups_chart")
    st.caption("Nhóm được gán theo tiêu chí và theo từ khóa trong 'Nội dung chưa đạt' và kế hoạch. "
               "Một hạng mục có thể thuộc nhiều nhóm.")
    points = event.selection.points if event and event.selection else []
    if points and (named := ui.school_rows(filters)) is not None:
        picked = groups.iloc[points[0]["point_index"]]
        category = picked["category_name"]
        behind = schools_behind_category(con, named, picked["category_key"])
        st.subheader(ui.plain(f"{category}: {len(behind)} trường"))
        drill.school_list(behind, named, f"Trường có điểm yếu {category}", "group_drill",
                          caption="Kinh phí của nhóm: các hạng mục trong kế hoạch của trường thuộc nhóm này, không "
                                  "phải cả kế hoạch.")
    ui.show_table(groups, filters, "Nhóm điểm yếu", "groups")
    with st.expander("Chi tiết kỹ thuật"):  # for whoever maintains the rules, not for the reader of the figures
        st.caption("Quy tắc gán nhóm nằm trong tệp data/reference/gap_rules.csv (theo tiêu chí và theo từ khóa).")
