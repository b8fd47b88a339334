"""So sánh trường: schools x criteria heatmap by level reached; pick schools to compare."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.overview import heatmap, heatmap_frameworks
from pages import ui

filters, con = ui.start_page("So sánh trường theo tiêu chí")
frameworks = heatmap_frameworks(con, filters)
ui.stop_if_empty(frameworks, "Không có trường nào có bảng đánh giá tiêu chí trong phạm vi lọc.")

labels = {r.framework: f"{r.framework} ({r.n} trường)" for r in frameworks.itertuples()}
framework = st.radio("Khung tiêu chí", list(labels), format_func=labels.get, horizontal=True)
orders = {"far2": "Xa Cấp độ 2 nhất trước", "near2": "Gần Cấp độ 2 nhất trước", "far3": "Xa Cấp độ 3 nhất trước"}
order = st.radio("Sắp xếp", list(orders), format_func=orders.get, horizontal=True)
available = int(frameworks.set_index("framework").loc[framework, "n"])
limit = st.slider("Số trường hiển thị", 1, min(200, available), min(40, available)) if available > 1 else 1
cells = heatmap(con, filters, framework, order, limit)
cells = cells.assign(row=cells["name"] + " · " + cells["school_year"])
schools = cells.drop_duplicates("row")
sort_column = "n_to_level3" if order == "far3" else "n_below2"
schools = schools.sort_values([sort_column, "name"], ascending=[order == "near2", True])
matrix = cells.pivot_table(
    index="row", columns="criterion_id", values="level", aggfunc="max", dropna=False)
matrix = matrix.reindex(index=schools["row"],
                        columns=cells.drop_duplicates("criterion_id").sort_values("sort_key")["criterion_id"])
scale = [[0, ui.LEVEL_COLORS["Không đạt"]], [0.25, ui.LEVEL_COLORS["Không đạt"]],
         [0.25, ui.LEVEL_COLORS["Mức 1"]], [0.5, ui.LEVEL_COLORS["Mức 1"]],
         [0.5, ui.LEVEL_COLORS["Mức 2"]], [0.75, ui.LEVEL_COLORS["Mức 2"]],
         [0.75, ui.LEVEL_COLORS["Mức 3"]], [1, ui.LEVEL_COLORS["Mức 3"]]]
matrix = matrix.astype(float)
labels = matrix.map(lambda v: "Chưa có dữ liệu" if pd.isna(v) else ("Không đạt" if v == 0 else f"Mức {int(v)}"))
figure = go.Figure(go.Heatmap(z=matrix.values, x=list(matrix.columns), y=list(matrix.index), zmin=-0.5, zmax=3.5,
                              colorscale=scale, customdata=labels.values, xgap=1, ygap=1,
                              hovertemplate="%{y}<br>Tiêu chí %{x}: %{customdata}<extra></extra>",
                              colorbar={"tickvals": [0, 1, 2, 3], "ticktext": ["Không đạt", "Mức 1", "Mức 2", "Mức 3"]}))
figure.update_layout(height=max(320, 22 * len(matrix) + 120), yaxis={"autorange": "reversed"},
                     plot_bgcolor=ui.LEVEL_COLORS["Chưa có dữ liệu"], xaxis_title="Tiêu chí",
                     xaxis={"type": "category", "side": "top"})  # '1.10' is a label, not a number
st.plotly_chart(figure, key="heatmap")
st.caption("Ô xám: chưa có dữ liệu. Màu: đỏ cam = Không đạt, cam = Mức 1, xanh da trời = Mức 2, xanh lá = Mức 3.")

st.subheader("So sánh chi tiết")
picked = st.multiselect("Chọn trường để so sánh cạnh nhau", list(schools["row"]), max_selections=6)
if picked:
    side = labels.loc[picked].T
    side.index.name = "Tiêu chí"
    summary = schools.set_index("row").loc[picked, ["accreditation_text", "n_below2", "n_to_level3"]].T
    summary.index = ["Cấp độ KĐCL", "Số tiêu chí cần nâng để đạt Cấp độ 2", "Số tiêu chí cần nâng để đạt Cấp độ 3"]
    table = pd.concat([summary.astype(str), side])
    ui.show_table(table.reset_index(names="Nội dung"), filters, "So sánh trường", "compare")
