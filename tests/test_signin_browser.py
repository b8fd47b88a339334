"""Sign-in in a real browser: a local OpenID Connect provider (oidc-provider-mock) started here, the app
with a secrets.toml pointing at it, and Chromium signing in through the provider's own login form as a
school and as Sở staff. An anonymous visitor sees only the sign-in page. No secret of this test leaves
its temporary folder; like tests/test_browser.py these tests fail, never skip, without Chromium."""
from __future__ import annotations

import secrets
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from loaders.accounts import Account, add_account
from tests.browser import (browser_installed, chromium_page, free_port, running_app,  # noqa: F401 (a fixture)
                           tien_lang_funding_csv, wait_idle)
from tests.store_cases import copy_of
from tests.test_import import full_ratings, workbook


pytestmark = pytest.mark.usefixtures("browser_installed")


@contextmanager
def oidc_provider(log_path: Path):
    """oidc-provider-mock on a free port; any client id is accepted and the e-mail is what the login form gets."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                                   stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2)
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise RuntimeError(f"oidc-provider-mock did not start: {log_path.read_text(errors='replace')}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def signin_app(seed_store, tmp_path):
    """The seed store with a Sở account and a school account, served with sign-in on."""
    store = copy_of(seed_store, tmp_path / "store")
    add_account(store, Account("so@hp.vn", "so", "Hải Phòng", name="Cán bộ Sở"), by="test")
    add_account(store, Account("gv@tt.edu.vn", "truong", school_id="HP-THCS-TT"), by="test")
    port = free_port()
    with oidc_provider(tmp_path / "oidc.log") as provider:
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "kdcl-test"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
        with running_app(store.root, tmp_path / "app.log", args=["--secrets.files", str(secrets_file)],
                         port=port) as url:
            yield store, url


def _another_schools_file(folder: Path) -> Path:
    """A valid template file about a school of Tiên Lãng that is not Toàn Thắng."""
    school = ["HP-THCS-MOI", "Trường THCS Mới", "THCS", "Hải Phòng", "Tiên Lãng"]
    return workbook(folder / "THCS Mới.xlsx", [[school[0]] + row[1:] for row in full_ratings()], schools=(school,))


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("input[name=sub]").fill(email)  # the provider's own login form
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Đăng xuất").wait_for(timeout=60000)
    wait_idle(page)


def test_anonymous_school_and_so_staff_each_see_their_own_part(signin_app, tmp_path):
    store, url = signin_app
    with chromium_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True) as page:
        # anonymous: the sign-in page only, whatever the address
        page.goto(f"{url}/ho_so_truong?truong=HP-THCS-TL1")
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=60000)
        wait_idle(page)
        assert page.get_by_role("link", name="Tổng quan").count() == 0
        assert page.locator("[data-testid=stDataFrame]").count() == 0 and "Tiên Lãng" not in page.content()

        # a school: its own profile; another school's address is refused; another school's file is rejected
        _sign_in(page, url, "gv@tt.edu.vn")
        assert page.get_by_text("Trường · HP-THCS-TT (Hải Phòng)").first.is_visible()
        page.goto(f"{url}/ho_so_truong?truong=HP-THCS-TL1")
        page.get_by_text("không có trong phạm vi tài khoản").first.wait_for(timeout=60000)
        wait_idle(page)
        assert "Tiên Lãng 1" not in page.inner_text("[data-testid=stMain]")
        page.get_by_role("link", name="Nhập dữ liệu").click()
        page.get_by_text("Chọn tệp").wait_for()
        page.locator("input[type=file]").set_input_files(str(_another_schools_file(tmp_path)))
        page.get_by_text("THCS Mới.xlsx: error Không hợp lệ").wait_for()
        assert page.get_by_role("button", name="Xác nhận nhập 1 tệp hợp lệ").count() == 0
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url("**/oauth2/end_session**", timeout=30000)  # the provider's own sign-out page
        page.goto(url)
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=60000)

    # Sở staff: the province, district by district, and its downloads
    with chromium_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True) as page:
        _sign_in(page, url, "so@hp.vn")
        text = tien_lang_funding_csv(page).decode("utf-8-sig")
        assert "Tiên Lãng" in text and "Hồ Chí Minh" not in text
    log = store.read_log()
    assert [(e["file"], e["user"], e["status"]) for e in log if e.get("door") == "upload_preview"] == [
        ("THCS Mới.xlsx", "gv@tt.edu.vn", "rejected")]
