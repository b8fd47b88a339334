"""Công nhận: recognition decisions on the day - what lapses soon, who is ready for an external
assessment, and where a school's own verdict and the external one disagree."""
import streamlit as st

from metrics.present import leading
from metrics.standing import external_assessment_candidates, renewals_due, self_and_external_disagree
from metrics.tables import school_table
from pages import drill, ui

filters, con = ui.start_page("Công nhận kiểm định và chuẩn quốc gia", rows=True)
schools = school_table(con, filters)
ui.stop_if_empty(schools, "Không có trường nào có đánh giá trong phạm vi lọc.")
st.caption("Cấp độ tự đánh giá là kết luận của trường; cấp độ và chuẩn quốc gia được công nhận là quyết định của cơ quan "
           "có thẩm quyền sau đánh giá ngoài (Điều 34, Điều 37 của các Thông tư 17, 18, 19/2018/TT-BGDĐT), có hiệu "
           "lực 5 năm. Hai kết quả được trình bày riêng.")
# each list: its title, its question, its note, and the columns it is about (first, after the name)
lists = {
    "renewals": ("Sắp hết hiệu lực trong 12 tháng", renewals_due,
                 "Các trường có quyết định công nhận hết hiệu lực trong 12 tháng tới: cần chuẩn bị đánh giá lại.",
                 ["recognition_valid_until", "recognised_level", "recognised_standard", "recognition_status"]),
    "candidates": ("Đề nghị đánh giá ngoài", external_assessment_candidates,
                   "Trường tự đánh giá đạt Cấp độ 2 trở lên nhưng chưa có quyết định công nhận còn hiệu lực.",
                   ["self_assessed", "self_year", "recognition_status"]),
    "disagree": ("Tự đánh giá khác đánh giá ngoài", self_and_external_disagree,
                 "Kết quả tự đánh giá gần nhất khác kết quả đánh giá ngoài gần nhất.",
                 ["self_assessed", "external_result", "self_year", "external_year"]),
}
# the rest of each row after those; the school's whole row stays in the downloads' source, the schools table
_COLUMNS = ["name", "district", "recognised_level", "recognised_standard", "recognition_valid_until",
            "recognition_status", "self_year", "self_assessed", "external_year", "external_result", "data_age_years",
            "school_id", "school_level", "province"]
tables = {key: leading(build(schools)[_COLUMNS], ["name", *first]) for key, (_, build, _, first) in lists.items()}
cards = st.columns(len(lists))
for card, (key, (title, _, _, _)) in zip(cards, lists.items()):
    card.metric(title, ui.count(len(tables[key])))
for tab, (key, (title, _, note, _)) in zip(st.tabs([title for title, *_ in lists.values()]), lists.items()):
    with tab:
        drill.school_list(tables[key], filters, title, f"recognition_{key}", caption=note)
