"""So sánh trường: schools x criteria heatmap by level reached; pick schools to compare."""
import pandas as pd
import streamlit as st

from metrics.compare import FOUND_LIMIT, compared_criteria, find_assessments
from metrics.labels import CRITERION_LEVELS, NO_DATA, header
from metrics.overview import assessment_labels, heatmap, heatmap_frameworks
from pages import charts, ui, url_state

_MAX_PICKED = 6  # side by side, still readable
_COMPARABLE = ["framework_label", "accreditation", "n_below2", "n_to_level3"]  # one scale for every framework


def _with_row(frame: pd.DataFrame) -> pd.DataFrame:
    """One key per assessment (school, year, type): two schools of one name, or a self and an external
    assessment of one year, are two rows, never merged."""
    return frame.assign(row=frame["school_id"] + "|" + frame["school_year"] + "|" + frame["assessment_type"])


def _ids(rows: list[str]) -> list[str]:
    return sorted({row.split("|")[0] for row in rows})


def _linked_rows(con, filters, linked: str) -> list[str]:
    """The rows of the schools a link names (at most six), within the filters and the viewer's scope; a
    code outside them is named, in the same words whether it exists or not."""
    codes = list(dict.fromkeys(code.strip() for code in linked.split(",") if code.strip()))[:_MAX_PICKED]
    rows = _with_row(compared_criteria(con, filters, codes)).drop_duplicates("school_id")
    if missing := [code for code in codes if code not in set(rows["school_id"])]:
        named = ", ".join(map(url_state.quoted, missing))
        st.warning(f"Không tìm thấy trong phạm vi lọc trường có mã {ui.plain(named)}.", icon=":material/search_off:")
    return sorted(rows["row"], key=lambda row: codes.index(row.split("|")[0]))


def _write_link(picked: list[str]) -> None:
    codes = ",".join(dict.fromkeys(row.split("|")[0] for row in picked))
    if codes and st.query_params.get("so_sanh") != codes:
        st.query_params["so_sanh"] = codes
    elif not codes and "so_sanh" in st.query_params:
        del st.query_params["so_sanh"]


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
cells = _with_row(heatmap(con, filters, framework, order, limit))
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
st.caption("Ô chọn bên dưới có sẵn các trường của bản đồ nhiệt ở trên; gõ vào ô tìm để thêm bất kỳ trường nào "
           "trong phạm vi lọc (mọi khung tiêu chí). "
           "Cấp độ và số tiêu chí cần nâng so sánh được giữa mọi trường; từng tiêu chí chỉ so sánh giữa các "
           "trường cùng khung tiêu chí, vì tiêu chí cùng số của hai thông tư là hai yêu cầu khác nhau.")
search = st.text_input("Tìm trường để so sánh", key="compare_search", placeholder="ví dụ: toan thang (không cần gõ dấu)",
                       help="Tên hoặc mã trường; không cần gõ dấu, không phân biệt hoa thường.")
found = find_assessments(con, filters, search) if search.strip() else schools
if search.strip() and found.empty:
    st.info(f"Không có trường nào có tên hoặc mã chứa '{ui.plain(search)}' trong phạm vi lọc.")
elif search.strip() and len(found) == FOUND_LIMIT:
    st.caption(f"Hiện {ui.count(FOUND_LIMIT)} trường đầu; gõ thêm chữ để thu hẹp.")
# the schools picked before stay choosable while another search lists others (and are read once);
# a link's ?so_sanh=code,code picks them on the page's first run
earlier = st.session_state.get("compare_picked")
if earlier is None and (linked := st.query_params.get("so_sanh")):
    earlier = st.session_state["compare_picked"] = _linked_rows(con, filters, linked)
earlier = earlier or []
kept = _with_row(compared_criteria(con, filters, _ids(earlier))) if earlier else _with_row(found.head(0))
pool = pd.concat([kept.drop_duplicates("row"), _with_row(found)]).drop_duplicates("row")
pool_labels = assessment_labels(pool).set_axis(pool["row"])
picked = st.multiselect("Chọn trường để so sánh cạnh nhau", list(pool["row"]), max_selections=_MAX_PICKED,
                        format_func=pool_labels.get, key="compare_picked",
                        placeholder=f"Chọn tối đa {_MAX_PICKED} trường", select_all=False)
_write_link(picked)
if picked:
    chosen = kept if set(picked) <= set(kept["row"]) else _with_row(compared_criteria(con, filters, _ids(picked)))
    picked = [row for row in picked if row in set(chosen["row"])]  # the same filters: all of them, unless changed
    chosen, columns = chosen[chosen["row"].isin(picked)], pool_labels[picked]
    summary = chosen.drop_duplicates("row").set_index("row").loc[picked, _COMPARABLE]
    summary = summary.assign(**{c: summary[c].map(lambda v: "—" if pd.isna(v) else ui.count(v))
                                for c in ("n_below2", "n_to_level3")})
    ui.show_table(summary.T.rename(index=header, columns=columns).astype(str).rename_axis("topic").reset_index(),
                  filters, "So sánh trường", "compare")
    for key, one in chosen.groupby("framework_key", sort=True):
        st.markdown(f"**Tiêu chí — {ui.plain(one['framework_label'].iloc[0])}**")
        side = one.pivot_table(index="criterion_id", columns="row", values="level", aggfunc="first", dropna=False)
        side = side.reindex(index=one.drop_duplicates("criterion_id")["criterion_id"],
                            columns=[r for r in picked if r in set(one["row"])])
        side = side.map(lambda v: NO_DATA if pd.isna(v) else CRITERION_LEVELS[int(v)]).rename(columns=columns)
        ui.show_table(side.rename_axis("topic").reset_index(), filters, f"So sánh trường — {key}", f"compare_{key}")
