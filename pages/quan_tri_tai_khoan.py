"""Quản trị tài khoản: the accounts of the admin's province, create / change / remove one, the change log.

Only a signed-in Quản trị reaches this page (dashboard.py lists it for them alone; the check below
refuses anyone else who finds its URL). Every change goes through loaders.accounts, which writes the
change log with the admin's e-mail; an admin of a province manages the accounts of that province only.
"""
import streamlit as st

from loaders.accounts import ROLES, Account, AccountError, accounts_frame, add_account, all_accounts, \
    changes_frame, remove_account, set_account
from loaders.store import StoreWriteError
from metrics.labels import ROLE_NAMES
from pages import ui

st.title("Quản trị tài khoản")
viewer = ui.viewer()
if viewer.role != "admin":
    st.error("Trang này chỉ dành cho tài khoản Quản trị.", icon=":material/lock:")
    st.stop()
store = ui.reader().store


def _mine(province) -> bool:
    """An admin without a province is national; one with a province manages that province's accounts."""
    return viewer.province is None or province == viewer.province


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("\n", ";").split(";") if part.strip())


def _save(email: str, role: str, province: str, communes: str, districts: str, school: str, name: str,
          active: bool) -> None:
    fields = dict(role=role, province=province or None, communes=_split(communes), districts=_split(districts),
                  school_id=school.strip() or None, name=name.strip() or None)
    try:
        known = {a.email: a for a in all_accounts(ui.cursor())}
        email = email.strip().lower()
        if email in known and not _mine(known[email].province):
            raise AccountError(f"tài khoản {email} thuộc tỉnh/thành phố khác; chỉ quản trị viên ở đó sửa được")
        if email in known:
            saved = set_account(store, email, viewer.email, active=active, **fields)
        else:
            saved = add_account(store, Account(email, active=active, **fields), viewer.email)
        st.session_state["account_message"] = ("ok", f"Đã lưu tài khoản {saved.email}.")
    except (AccountError, StoreWriteError) as problem:
        st.session_state["account_message"] = ("error", f"Không lưu được: {problem}")


def _remove(email: str) -> None:
    try:
        remove_account(store, email, viewer.email)
        st.session_state["account_message"] = ("ok", f"Đã xóa tài khoản {email}.")
    except (AccountError, StoreWriteError) as problem:
        st.session_state["account_message"] = ("error", f"Không xóa được: {problem}")


kind, text = st.session_state.pop("account_message", (None, None))
if kind:
    (st.success if kind == "ok" else st.error)(ui.plain(text))

accounts = accounts_frame(ui.cursor())
accounts = accounts[accounts["province"].map(_mine)]
st.subheader("Các tài khoản")
if accounts.empty:
    st.info("Chưa có tài khoản nào.")
else:
    shown = accounts.assign(communes=accounts["communes"].map(lambda v: "; ".join(v) if v is not None else ""),
                            districts=accounts["districts"].map(lambda v: "; ".join(v) if v is not None else ""))
    ui.show_frame(shown, "Các tài khoản", "accounts")

st.subheader("Tạo hoặc sửa tài khoản")
st.caption("Một email đã có thì được sửa theo các ô dưới đây. Xã/Phường và quận/huyện cũ cách nhau bằng dấu ';'. "
           "Tài khoản Trường lấy tỉnh/thành phố của trường.")
with st.form("account_form", clear_on_submit=False):
    email = st.text_input("Email")
    role = st.selectbox("Vai trò", ROLES, format_func=ROLE_NAMES.get, placeholder="Chọn vai trò")
    province = st.text_input("Tỉnh/Thành phố", value=viewer.province or "", disabled=viewer.province is not None)
    communes = st.text_input("Xã/Phường phụ trách (vai trò Xã/Phường)")
    districts = st.text_input("Quận/Huyện trước 2025 phụ trách (phòng GD&ĐT cũ, cho dữ liệu cũ)")
    school = st.text_input("Mã trường (vai trò Trường)")
    name = st.text_input("Họ tên")
    active = st.checkbox("Đang hoạt động", value=True)
    if st.form_submit_button("Lưu tài khoản", type="primary"):
        _save(email, role, viewer.province or province, communes, districts, school, name, active)
        st.rerun()

if not accounts.empty:
    st.subheader("Xóa tài khoản")
    chosen = st.selectbox("Tài khoản", accounts["email"].tolist(), key="account_to_remove", placeholder="Chọn tài khoản")
    st.button("Xóa tài khoản", on_click=_remove, args=(chosen,))

st.subheader("Lịch sử thay đổi tài khoản")
changes = changes_frame(ui.cursor())
changes = changes[changes["email"].isin(accounts["email"]) | changes["changed_by"].eq(viewer.email)] \
    if viewer.province else changes
if changes.empty:
    st.info("Chưa có thay đổi nào.")
else:
    ui.show_frame(changes, "Lịch sử thay đổi tài khoản", "account_changes")
