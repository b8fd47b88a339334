"""So sánh trường: schools x criteria heatmap by level reached; pick schools to compare."""
import pandas as pd
import streamlit as st

from metrics.labels import CRITERION_LEVELS, NO_DATA, header
from metrics.overview import assessment_labels, heatmap, heatmap_frameworks
from pages import charts, ui

filters, con = ui.start_page("So sánh trường theo tiêu chí", rows=True)
frameworks = heatmap_frameworks(con, filters)
ui.stop_if_empty(frameworks, "Không có trường nào có bảng đánh giá tiêu chí trong phạm vi lọc.")

counts = dict(zip(frameworks["framework_key"], frameworks["n"]))
names = {r.framework_key: ui.plain(f"{r.framework_label} ({r.n} trường)") for r in frameworks.itertuples()}
framework = st.radio("Khung tiêu chí", list(names), format_func=names.get, horizontal=True)
orders = {"far2": "Xa Cấp độ 2 nhất trước", "near2": "Gần Cấp độ 2 nhất trước", "far3": "Xa Cấp độ 3 nhất trước"}
order = st.radio("Sắp xếp", list(orders), format_func=orders.get, horizontal=True)
available = int(counts[framework])
limit = st.slider("Số trường hiển thị", 1, min(200, available), min(40, available)) if available > 1 else 1
cells = heatmap(con, filters, framework, order, limit)
# One row per assessment (school, year, type): two schools of one name, or a self and an external
# assessment of one year, are two rows, never merged.
cells = cells.assign(row=cells["school_id"] + "|" + cells["school_year"] + "|" + cells["assessment_type"])
schools = cells.drop_duplicates("row")
sort_column = "n_to_level3" if order == "far3" else "n_below2"
schools = schools.sort_values([sort_column, "name", "row"], ascending=[order == "near2", True, True])
row_labels = assessment_labels(schools).set_axis(schools["row"])
matrix = cells.pivot_table(index="row", columns="criterion_id", values="level", aggfunc="first", dropna=False)
matrix = matrix.reindex(index=schools["row"],
                        columns=cells.drop_duplicates("criterion_id").sort_values("sort_key")["criterion_id"])
palette = [ui.CRITERION_COLORS[level] for level in CRITERION_LEVELS]
scale = [[bound, color] for i, color in enumerate(palette) for bound in (i / 4, (i + 1) / 4)]
matrix = matrix.astype(float)
texts = matrix.map(lambda v: NO_DATA if pd.isna(v) else CRITERION_LEVELS[int(v)])
figure = charts.heatmap(matrix.values, list(matrix.columns), list(row_labels[matrix.index]), texts.values, scale,
                        CRITERION_LEVELS, background=ui.LEVEL_COLORS["no_data"], x_title="Tiêu chí")
with st.container(key="scroll_heatmap"):  # on a narrow screen it scrolls sideways (pages/vietnamese.py)
    charts.show(figure, "So sánh trường theo tiêu chí", key="heatmap")
st.caption("Ô xám: chưa có dữ liệu. Màu: đỏ cam = Không đạt, cam = Mức 1, xanh da trời = Mức 2, xanh lá = Mức 3. "
           "Trên màn hình hẹp, kéo ngang biểu đồ để xem hết các tiêu chí.")

st.subheader("So sánh chi tiết")
picked = st.multiselect("Chọn trường để so sánh cạnh nhau", list(schools["row"]), max_selections=6,
                        format_func=row_labels.get, placeholder="Chọn tối đa 6 trường", select_all=False)
if picked:
    side = texts.loc[picked].T.rename(columns=row_labels)
    summary = schools.set_index("row").loc[picked, ["accreditation", "n_below2", "n_to_level3"]]
    summary = summary.T.rename(index=header, columns=row_labels).astype(str)
    table = pd.concat([summary, side]).rename_axis("topic").reset_index()
    ui.show_table(table, filters, "So sánh trường", "compare")
