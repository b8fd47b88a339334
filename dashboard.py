"""Entry point: page config, who is looking (pages/signin.py), navigation and the shared sidebar filters."""
import streamlit as st

from pages import signin, ui, vietnamese

st.set_page_config(page_title="Kiểm định chất lượng trường học", page_icon="🏫", layout="wide")  # README: why an emoji
vietnamese.inject_style()
ui.set_viewer(viewer := signin.viewer_or_sign_in())  # with sign-in on and nobody with an account: stops here
pages = [
    st.Page("pages/tong_quan.py", title="Tổng quan", icon=":material/dashboard:", default=True),
    st.Page("pages/theo_dia_ban.py", title="Theo địa bàn", icon=":material/map:"),
    st.Page("pages/so_sanh_truong.py", title="So sánh trường", icon=":material/compare:"),
    st.Page("pages/ho_so_truong.py", title="Hồ sơ trường", icon=":material/school:"),
    st.Page("pages/diem_yeu_chung.py", title="Điểm yếu chung", icon=":material/warning:"),
    st.Page("pages/kinh_phi.py", title="Kinh phí", icon=":material/payments:"),
    st.Page("pages/phan_bo.py", title="Phân bổ kinh phí", icon=":material/account_balance:"),
    st.Page("pages/cong_nhan.py", title="Công nhận", icon=":material/verified:"),
    st.Page("pages/nhap_du_lieu.py", title="Nhập dữ liệu", icon=":material/upload_file:"),
    *signin.admin_pages(viewer),
]
navigation = st.navigation([*pages, *vietnamese.unknown_page(pages)])  # '/khong-co': said in Vietnamese
signin.notices(viewer)
ui.sidebar_filters()
navigation.run()
