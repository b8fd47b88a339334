"""Who is looking: Streamlit's own sign-in (st.login / st.user, OpenID Connect) and the store's accounts.

- No `[auth]` in `.streamlit/secrets.toml`: the dashboard runs open (the demo), with a banner on every
  page; on a store that is not demo data it is read-only from the browser unless the operator sets
  KDCL_OPEN_UPLOADS=1 (anyone who reaches the address could otherwise replace any school's data).
- `[auth]` configured: an anonymous visitor sees only the sign-in page; a signed-in e-mail is a Viewer
  from the accounts table (metrics.access.account_for); an e-mail with no active account gets a
  message and no data. Configuring sign-in turns this on without a code change.
"""
from __future__ import annotations

import os

import streamlit as st

from loaders.accounts import demo_only
from metrics.access import OPEN, Viewer, account_for
from pages import ui

OPEN_UPLOADS_ENV = "KDCL_OPEN_UPLOADS"


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all: nothing configured
        return False


def signed_in_viewer() -> Viewer | None:
    """The viewer of this session, or None when the sign-in page (or a refusal) must be shown instead."""
    if not auth_configured():
        return OPEN
    if not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return account_for(ui.cursor(), str(email)) if email else None


def viewer_or_sign_in() -> Viewer:
    """The viewer of this session; without one, the sign-in page (or the refusal) is the whole app: no
    other page is registered, so no page URL gets past it."""
    viewer = signed_in_viewer()
    if viewer is None:
        st.navigation([_refusal_page()]).run()
        st.stop()
    return viewer


def admin_pages(viewer: Viewer) -> list[st.Page]:
    """The admin page, for a signed-in Quản trị only; never in open mode, where anyone could grant
    themselves a role before sign-in is configured."""
    if viewer.role != "admin":
        return []
    return [st.Page("pages/quan_tri_tai_khoan.py", title="Quản trị tài khoản", icon=":material/manage_accounts:")]


def notices(viewer: Viewer) -> None:
    """The open mode's banner, or who is signed in (with the sign-out button) in the sidebar."""
    if viewer.role == "open":
        _open_mode_banner()
    else:
        st.sidebar.caption(ui.plain(f"{viewer.name or viewer.email} · {viewer.describe()}"))
        st.sidebar.button("Đăng xuất", on_click=st.logout, icon=":material/logout:")


def _refusal_page() -> st.Page:
    if auth_configured() and st.user.is_logged_in:
        return st.Page(_no_account, title="Chưa có quyền truy cập", icon=":material/lock:")
    return st.Page(_sign_in, title="Đăng nhập", icon=":material/login:")


def _sign_in() -> None:
    st.title("Kiểm định chất lượng trường học")
    st.write("Hệ thống dành cho cán bộ Sở GD&ĐT, xã/phường và nhà trường. Hãy đăng nhập bằng tài khoản "
             "email công vụ đã được quản trị viên cấp quyền.")
    st.button("Đăng nhập", type="primary", icon=":material/login:", on_click=st.login)


def _no_account() -> None:
    st.title("Chưa có quyền truy cập")
    email = st.user.get("email") or "(nhà cung cấp đăng nhập không gửi địa chỉ email)"
    st.error(f"Tài khoản {ui.plain(email)} đã đăng nhập nhưng chưa được cấp quyền xem dữ liệu, hoặc đã bị tắt. "
             "Hãy liên hệ quản trị viên của Sở để được tạo tài khoản, rồi đăng nhập lại.", icon=":material/lock:")
    st.button("Đăng xuất", on_click=st.logout)


def _open_mode_banner() -> None:
    """Said on every page while no sign-in is configured."""
    if demo_only(ui.cursor()):
        # the official reads it, not the operator: who to ask, not which file to read
        st.info("Chế độ minh họa: chưa cấu hình đăng nhập, mọi người truy cập đều xem và nhập được dữ liệu minh "
                "họa. Trước khi dùng dữ liệu thật, hãy đề nghị người quản trị hệ thống cấu hình đăng nhập.",
                icon=":material/info:")
    else:  # plain text in the sidebar: the page's own notices and captions stay what the page says
        st.sidebar.text("Chưa cấu hình đăng nhập: ai truy cập được địa chỉ này đều xem được toàn bộ dữ liệu. "
                           + ("Người vận hành đã cho phép nhập dữ liệu từ trình duyệt." if _uploads_opted_in() else
                              "Trình duyệt chỉ được xem, không được nhập dữ liệu."))


def may_upload(viewer: Viewer) -> bool:
    """Uploads from the browser: by the account's role when signed in; open, only on demo data or when
    the operator opted in."""
    if not viewer.can_import():
        return False
    return viewer.role != "open" or _uploads_opted_in() or demo_only(ui.cursor())


def uploads_end_after_import(viewer: Viewer) -> bool:
    """Open mode accepting uploads only because the store is demo data alone: the first import ends that."""
    return viewer.role == "open" and viewer.can_import() and not _uploads_opted_in() and demo_only(ui.cursor())


def user_label(viewer: Viewer) -> str | None:
    """Who a change is recorded under: the signed-in e-mail; None in open mode (nobody is known)."""
    return viewer.email if viewer.role != "open" else None


def _uploads_opted_in() -> bool:
    return os.environ.get(OPEN_UPLOADS_ENV, "").strip().lower() in ("1", "yes", "true", "co", "có")
