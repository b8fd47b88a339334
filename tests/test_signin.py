"""AppTest: who is looking (pages/signin.py) decides what dashboard.py serves, and the admin page."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from loaders.accounts import Account, account_row, add_account, changes_frame
from loaders.importer import import_file
from loaders.store import Store, read_only
from tests.apptest import as_read, open_app
from tests.conftest import FIXTURES

# What a secrets.toml [auth] section holds; AppTest never calls the provider, only st.user matters.
_AUTH = {"redirect_uri": "http://localhost:8632/oauth2callback", "cookie_secret": "test-only",
         "client_id": "kdcl", "client_secret": "test-only",
         "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """Two Hải Phòng schools, a Sở account, a school account of Toàn Thắng and a Quản trị."""
    store = Store(tmp_path_factory.mktemp("signin") / "store")
    for code in ("HP-THCS-TT", "HP-THCS-TL1"):
        assert import_file(store, FIXTURES / "template" / f"{code}.xlsx").status == "imported"
    add_account(store, Account("so@hp.vn", "so", "Hải Phòng", name="Cán bộ Sở"), by="test")
    add_account(store, Account("gv@tt.edu.vn", "truong", school_id="HP-THCS-TT"), by="test")
    add_account(store, Account("admin@hp.vn", "admin", "Hải Phòng"), by="test")
    return store


def _app(store: Store, monkeypatch, user: dict | None, auth: bool = True, page: str | None = None) -> AppTest:
    monkeypatch.delenv("KDCL_OPEN_UPLOADS", raising=False)
    return open_app(store, monkeypatch, page, secrets={"auth": _AUTH} if auth else {}, user=user)


def _signed_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0]}


def test_an_anonymous_visitor_sees_only_the_sign_in_page(store, monkeypatch):
    app = _app(store, monkeypatch, {"is_logged_in": False})
    assert [t.value for t in app.title] == ["Kiểm định chất lượng trường học"]
    assert [b.label for b in app.button] == ["Đăng nhập"]
    assert not app.dataframe and not app.metric and not app.selectbox and not app.sidebar.children
    # no other page is registered, so no page URL gets past it
    with pytest.raises(ValueError, match=r"Known pages: \['Đăng nhập'\]"):
        app.switch_page("pages/ho_so_truong.py")


def test_a_signed_in_email_without_an_account_is_told_so_and_sees_no_data(store, monkeypatch):
    app = _app(store, monkeypatch, _signed_in("stranger@gmail.com"))
    assert [t.value for t in app.title] == ["Chưa có quyền truy cập"]
    assert "stranger@gmail.com" in as_read(app.error[0].value) and "chưa được cấp quyền" in app.error[0].value
    assert [b.label for b in app.button] == ["Đăng xuất"] and not app.dataframe and not app.selectbox


def test_a_school_account_is_its_viewer_and_has_no_admin_page(store, monkeypatch):
    app = _app(store, monkeypatch, _signed_in("GV@tt.edu.vn"))
    assert app.session_state["viewer"].role == "truong" and app.session_state["viewer"].school_id == "HP-THCS-TT"
    assert any("Trường · HP-THCS-TT (Hải Phòng)" in c.value for c in app.caption)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/quan_tri_tai_khoan.py")


def test_open_mode_on_demo_data_says_so_on_every_page(tmp_path, monkeypatch):
    demo = Store(tmp_path / "store")
    assert import_file(demo, FIXTURES / "template" / "HP-THCS-TT.xlsx", is_demo=True).status == "imported"
    app = _app(demo, monkeypatch, None, auth=False)
    assert app.info[0].value.startswith("Chế độ minh họa: chưa cấu hình đăng nhập")
    app.switch_page("pages/nhap_du_lieu.py")
    app.run()
    assert app.info[0].value.startswith("Chế độ minh họa") and app.get("file_uploader")


def test_open_mode_on_demo_data_warns_before_the_import_that_ends_its_uploads(tmp_path, monkeypatch):
    """A new user imported the seed plans into the demo store and found the page locked afterwards, unwarned:
    the warning comes with the confirm button, and after the import the page says why it takes no files."""
    demo = Store(tmp_path / "store")
    assert import_file(demo, FIXTURES / "template" / "HP-THCS-TT.xlsx", is_demo=True).status == "imported"
    app = _app(demo, monkeypatch, None, auth=False, page="pages/nhap_du_lieu.py")
    app.file_uploader(key="uploads").upload("QT.xlsx", (FIXTURES / "template" / "HP-THPT-QT.xlsx").read_bytes()).run()
    assert any(w.value.startswith("Chế độ minh họa chưa cấu hình đăng nhập: sau khi nhập") for w in app.warning)
    next(b for b in app.button if b.label.startswith("Xác nhận nhập")).click().run()
    assert not app.get("file_uploader") and not [w for w in app.warning if "sau khi nhập" in w.value]


def test_open_mode_on_real_data_is_read_only_from_the_browser(store, monkeypatch):
    app = _app(store, monkeypatch, None, auth=False, page="pages/nhap_du_lieu.py")
    assert not app.get("file_uploader")
    assert any(t.value.startswith("Chưa cấu hình đăng nhập: ai truy cập") for t in app.sidebar.text)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # nobody is signed in as Quản trị
        app.switch_page("pages/quan_tri_tai_khoan.py")


def test_a_school_upload_naming_another_school_is_refused_and_the_history_names_the_user(store, monkeypatch):
    app = _app(store, monkeypatch, _signed_in("gv@tt.edu.vn"), page="pages/nhap_du_lieu.py")
    other = (FIXTURES / "template" / "HP-THPT-QT.xlsx").read_bytes()  # not in the store yet
    app.file_uploader(key="uploads").upload("TL1.xlsx", other).run()
    assert not app.exception
    assert any(as_read(e.label).startswith("TL1.xlsx: :material/error: Không hợp lệ") for e in app.expander), [e.label for e in app.expander]
    assert not [b for b in app.button if b.label.startswith("Xác nhận nhập")]
    assert store.read_log()[-1]["user"] == "gv@tt.edu.vn" and store.read_log()[-1]["status"] == "rejected"
    assert "ngoài phạm vi của tài khoản gv@tt.edu.vn" in store.read_log()[-1]["message"]


def test_the_admin_creates_an_account_and_the_change_is_logged_under_their_email(store, monkeypatch):
    app = _app(store, monkeypatch, _signed_in("admin@hp.vn"), page="pages/quan_tri_tai_khoan.py")
    assert [t.value for t in app.title] == ["Quản trị tài khoản"]
    app.text_input[0].set_value("xa@tienlang.vn")
    next(s for s in app.selectbox if s.label == "Vai trò").set_value("xa")
    next(t for t in app.text_input if t.label.startswith("Xã/Phường")).set_value("Xã Tiên Lãng 2")
    next(b for b in app.button if b.label == "Lưu tài khoản").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert [as_read(s.value) for s in app.success] == ["Đã lưu tài khoản xa@tienlang.vn."]
    with read_only(store.current_path()) as con:
        made = account_row(con, "xa@tienlang.vn")
        log = changes_frame(con, "xa@tienlang.vn")
    assert (made.role, made.province, made.communes) == ("xa", "Hải Phòng", ("Xã Tiên Lãng 2",))
    assert log[["changed_by", "account_action"]].values.tolist() == [["admin@hp.vn", "add"]]
