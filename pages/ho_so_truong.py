"""Hồ sơ trường: one school's verdicts, criteria, plan, findings, years and sources."""
import streamlit as st

from metrics.formatting import format_age, format_date
from metrics.labels import RECOGNISED_LEVELS, RECOGNISED_STANDARDS, RECOGNITION_STATUS, RECOGNITION_STATUS_SHORT
from metrics.profile import (below_recognition, criteria_detail, levels_by_year, plan_detail, school_findings,
                             school_info, school_list, school_recognitions, school_sources, school_standing,
                             school_years)
from metrics.labels import CRITERION_LEVELS_SIDE_BY_SIDE
from metrics.profile_years import plan_periods, years_held
from pages import ui, url_state

# A province holds up to a few thousand schools; the whole country 45,000, too many for one list.
_PICKER_LIMIT = 2000
_SHOWN = "profile_url_school"  # session_state: the school the picker showed on the last run
# what only a maintainer reads: shown in "Chi tiết kỹ thuật", never in the sources' table itself
_TECHNICAL = ["reader", "file_hash", "stored_path"]


# what metrics/sql/assessment_status.sql appends to a verdict (accreditation_text, standard_text)
_QUALIFIERS = ("theo báo cáo", "thiếu dữ liệu")


def _verdict_card(column, label: str, verdict: str | None, help: str | None = None) -> None:
    """A verdict on a card, its qualifier ('theo báo cáo', 'thiếu dữ liệu') on the small line below: the
    card's large type cut 'Cấp độ 2 (theo báo cáo)' at 'Cấp độ 2 (th…'."""
    text = ui.plain(verdict or "Chưa có")
    qualifier = next((q for q in _QUALIFIERS if text.endswith(f" ({q})")), None)
    main = text.removesuffix(f" ({qualifier})") if qualifier else text
    column.metric(label, main, delta=qualifier, delta_color="off", delta_arrow="off", help=help)


def _when(kind: str, school_year) -> str:
    """A card's help: 'Đánh giá ngoài năm học 2024-2025', or that the store holds none (it read 'Đánh giá ngoài —')."""
    if not school_year:
        return f"{kind}: chưa có trong kho dữ liệu."
    return f"{kind} năm học {ui.plain(school_year)}."


def _no_findings(years) -> str:
    """What an empty list of findings means: only what the store holds could be compared."""
    planned = years["n_plan_items"].fillna(0).gt(0).any()
    rated = years["level_basis"].eq("computed").any()
    if not rated and planned:
        return ("Chỉ đối chiếu được kế hoạch với khung tiêu chí: trường chỉ báo cáo kết luận, không có mức đạt "
                "từng tiêu chí trong kho để so với kết luận và kế hoạch.")
    if not rated:
        return ("Chưa đối chiếu được: trường chỉ báo cáo kết luận, không có mức đạt từng tiêu chí trong kho để so "
                "với kết luận.")
    if not planned:
        return ("Không có phát hiện nào về các mức đạt và kết luận của trường. Trường chưa có kế hoạch cải tiến "
                "trong kho nên kế hoạch chưa được đối chiếu.")
    return "Không có phát hiện nào: các mức đạt, kết luận và kế hoạch của trường khớp với nhau."

filters, con = ui.start_page("Hồ sơ trường", rows=True)
wanted = linked = st.query_params.get("truong")  # a link's school (ui.profile_link, a shared URL), by its code
known = school_info(con, wanted) if wanted else {}
if wanted is not None and not ui.viewer().allows_school(known):
    # the same words whether the code exists or not: a URL must not tell what lies outside the scope
    st.error(f"Trường có mã “{ui.plain(url_state.quoted(wanted))}” không có trong phạm vi tài khoản của bạn.",
             icon=":material/lock:")
    st.stop()
if wanted is not None and not known:  # never another school in its place: say so and let the user choose
    st.warning(f"Không tìm thấy trường có mã {ui.plain(url_state.quoted(wanted))}.", icon=":material/search_off:")
    wanted = None
    del st.query_params["truong"]
search = st.text_input("Tìm trường theo tên hoặc mã", key="profile_search",
                       placeholder="ví dụ: toan thang (không cần gõ dấu)",
                       help="Không cần gõ dấu, không phân biệt hoa thường; các từ theo thứ tự bất kỳ.")
schools = school_list(con, filters, search, limit=_PICKER_LIMIT + 1, first=wanted)
if search.strip():
    ui.stop_if_empty(schools, f"Không có trường nào có tên hoặc mã chứa '{ui.plain(search)}'.")
ui.stop_if_empty(schools, "Không có trường nào trong phạm vi lọc.")
if len(schools) > _PICKER_LIMIT:
    st.caption(f"Danh sách chỉ gồm {ui.count(_PICKER_LIMIT)} trường đầu; gõ tên hoặc mã để tìm trường khác, "
               "hoặc chọn Tỉnh/Thành phố, Quận/Huyện ở thanh bên.")
    schools = schools.head(_PICKER_LIMIT)

labels = {r.school_id: f"{r.name} — {r.district or ''}, {r.province} ({r.school_id})" for r in schools.itertuples()}
if known and wanted not in labels and not search.strip():
    st.info(f"Trường {ui.plain(known['name'])} ({ui.plain(wanted)}) không thuộc bộ lọc đang chọn ở thanh bên; "
            "hãy chọn trường khác hoặc nới bộ lọc.")
# the linked school; else a search's first match or the list's first; none when a link's school is not listed
default = list(labels).index(wanted) if wanted in labels else 0 if search.strip() or linked is None else None
if linked != st.session_state.get(_SHOWN) and linked in labels:
    # the URL changed under the picker (a link, the back button): the URL's school, not the one kept
    st.session_state["profile_school"] = linked
if st.session_state.get("profile_school") in labels:
    default = 0  # the kept choice is drawn; an index besides a value set in session_state is warned about
school_id = st.selectbox("Trường", list(labels), index=default, format_func=labels.get, key="profile_school",
                         placeholder="Gõ tên hoặc mã trường")
st.session_state[_SHOWN] = school_id
if school_id is None:
    st.stop()
if st.query_params.get("truong") != school_id:
    st.query_params["truong"] = school_id
info = school_info(con, school_id)
if not ui.viewer().allows_school(info):  # the picker only lists allowed schools: this is the last guard
    st.error("Trường này không có trong phạm vi tài khoản của bạn.", icon=":material/lock:")
    st.stop()
years = school_years(con, school_id)
st.header(ui.plain(info["name"]))
st.caption(ui.plain(f"{info['school_level']} · {info.get('district') or ''}, {info['province']} · Mã trường {school_id}")
           + (" · dữ liệu minh họa" if info.get("is_demo") else ""))
if years.empty:
    st.info("Trường chưa có đánh giá hay kế hoạch nào trong kho.")
    st.stop()

standing = school_standing(con, school_id, filters)
if standing:
    st.subheader("Hiện trạng" if filters.is_standing else f"Năm học {ui.plain(filters.school_year)}")
    cards = st.columns(3)
    _verdict_card(cards[0], "Cấp độ tự đánh giá", standing["self_accreditation"], _when("Tự đánh giá",
                                                                                        standing["self_year"]))
    _verdict_card(cards[1], "Kết quả đánh giá ngoài", standing["external_accreditation"],
                  _when("Đánh giá ngoài", standing["external_year"]))
    cards[2].metric("Công nhận", RECOGNITION_STATUS_SHORT[standing["recognition_status"]],
                    help=f"{RECOGNITION_STATUS[standing['recognition_status']]}. Cấp độ KĐCL: {RECOGNISED_LEVELS[ui.whole(standing['recognised_level'])]} · Chuẩn quốc gia: "
                         f"{RECOGNISED_STANDARDS[ui.whole(standing['recognised_standard'])]} · hiệu lực đến "
                         f"{format_date(standing['recognition_valid_until']) or '—'}")
    if below_recognition(standing):
        st.info(f"Quyết định công nhận còn hiệu lực đến {format_date(standing['recognition_valid_until'])} ghi mức cao "
                f"hơn kết quả tự đánh giá gần nhất trong kho (năm học {ui.plain(standing['self_year'])}): bản tự "
                "đánh giá này có thể cũ hơn quyết định. Hãy nhập bản tự đánh giá mới nhất của trường; nếu đúng là "
                "trường đã giảm mức, cần khắc phục trước lần đánh giá ngoài tiếp theo.", icon=":material/info:")
    st.caption(f"Số liệu về khoảng cách và kế hoạch lấy từ {ui.plain(standing['assessment_type'].lower())} "
               f"{ui.plain(standing['school_year'])} ({format_age(standing['data_age_years'])}).")

assessments = {i: ui.plain(f"{r.school_year} · {r.assessment_type}") for i, r in enumerate(years.itertuples())}
st.subheader("Các lần đánh giá")
chosen = st.radio("Năm học", list(assessments), format_func=assessments.get, horizontal=True)
current = years.iloc[chosen]
year, kind = current["school_year"], current["assessment_type"]
cards = st.columns(3)
_verdict_card(cards[0], "Cấp độ KĐCL", current["accreditation"])
_verdict_card(cards[1], "Chuẩn quốc gia", current["standard"])
if ui.whole(current["n_plan_items"]):
    cards[2].metric("Kinh phí dự kiến", ui.money(current["plan_cost_vnd"]),
                    help=f"{ui.count(current['n_not_estimated'])} hạng mục chưa ước tính")
else:
    cards[2].metric("Kinh phí dự kiến", "Chưa có kế hoạch", help="Năm học này chưa có kế hoạch cải tiến trong kho")
st.markdown(f"**Vì sao:** {ui.plain(current['explanation'])}")

# every download of the profile says which years it holds: the chosen assessment, or all of them
periods = plan_periods(con, school_id)
this_year, every_year = years_held(periods, year, kind), years_held(periods)
st.subheader("Các tiêu chí so với Mức 2 và Mức 3")
ui.show_table(criteria_detail(con, school_id, year, kind), filters, f"Tiêu chí — {info['name']} {year}", "profile_criteria",
              notes=this_year)
st.subheader("Kế hoạch cải tiến")
plan = plan_detail(con, school_id, year)
ui.show_table(plan.drop(columns="categories_with_rules"), filters, f"Kế hoạch — {info['name']} {year}",
              "profile_plan", notes=this_year, empty="Năm học này chưa có kế hoạch cải tiến trong kho.")
st.subheader("Phát hiện về tính nhất quán")
findings = school_findings(con, school_id)
ui.show_table(findings, filters, f"Phát hiện — {info['name']}", "profile_findings", notes=every_year,
              empty=_no_findings(years))
if len(years) > 1:
    st.subheader("Các năm học")
    ui.show_table(years.drop(columns="level_basis"), filters, f"Các năm — {info['name']}", "profile_years",
                  notes=every_year)
    st.caption("Mức đạt từng tiêu chí qua các năm")
    ui.show_table(levels_by_year(con, school_id), filters, f"Mức đạt qua các năm — {info['name']}",
                  "profile_levels_by_year", cells=CRITERION_LEVELS_SIDE_BY_SIDE, notes=every_year)
recognitions = school_recognitions(con, school_id)
if len(recognitions):
    st.subheader("Quyết định công nhận")
    ui.show_table(recognitions, filters, f"Công nhận — {info['name']}", "profile_recognitions", notes=every_year)
st.subheader("Nguồn dữ liệu")
sources = school_sources(con, school_id)
ui.show_table(sources.drop(columns=_TECHNICAL), filters, f"Nguồn — {info['name']}", "profile_sources", notes=every_year)
with st.expander("Chi tiết kỹ thuật"):  # for whoever checks a figure against its file, not for every reader
    st.caption("Mã tệp và nơi lưu bản gốc trên máy chủ; quy tắc đã gán mỗi hạng mục kế hoạch vào nhóm điểm yếu.")
    ui.show_table(sources[["file_name", *_TECHNICAL]], filters, f"Tệp nguồn — {info['name']}", "profile_files",
                  notes=every_year)
    if not plan.empty:
        ui.show_table(plan[["item_no", "criterion_id", "categories_with_rules"]], filters,
                      f"Quy tắc nhóm điểm yếu — {info['name']} {year}", "profile_plan_rules", notes=this_year)
