"""Entry point: page config, who is looking (pages/signin.py), navigation and the shared sidebar filters."""
import streamlit as st

from pages import signin, ui

st.set_page_config(page_title="Kiểm định chất lượng trường học", page_icon=":material/school:", layout="wide")
viewer = signin.signed_in_viewer()
if viewer is None:  # sign-in configured and nobody (or an e-mail without an account) signed in: no data
    st.navigation([signin.refusal_page()]).run()
    st.stop()
ui.set_viewer(viewer)
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
]
if viewer.role == "admin":  # signed in as Quản trị; never in open mode, where anyone could grant themselves a role
    pages.append(st.Page("pages/quan_tri_tai_khoan.py", title="Quản trị tài khoản", icon=":material/manage_accounts:"))
navigation = st.navigation(pages)
if viewer.role == "open":
    signin.open_mode_banner()
ui.sidebar_filters()
signin.sidebar_account(viewer)
navigation.run()
