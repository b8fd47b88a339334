"""The main flow in a real browser: filter to Tiên Lãng, read a figure, open a school, download."""
import os
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, choose, running_app, wait_idle

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("REQUIRE_BROWSER"),
                                reason="Debian chromium is not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def app_url(seed_store):
    with running_app(seed_store.root) as url:
        yield url


def test_main_flow_tien_lang(app_url, tmp_path):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(app_url)
        page.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
        wait_idle(page)
        choose(page, "Năm học", "Tất cả")
        choose(page, "Tỉnh/Thành phố", "Hải Phòng")
        choose(page, "Quận/Huyện", "Tiên Lãng")
        page.get_by_role("link", name="Kinh phí").click()
        page.get_by_text("Kinh phí cải tiến chất lượng").wait_for()
        wait_idle(page)
        assert page.get_by_text("5,545 tỷ đồng").first.is_visible()

        with page.expect_download() as download_info:
            page.get_by_role("button", name="Tải CSV").first.click()
        data = Path(download_info.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Vietnamese correctly
        text = data.decode("utf-8-sig")
        assert "Quận/Huyện: Tiên Lãng" in text and "5545000000" in text

        page.get_by_role("link", name="Hồ sơ trường").click()
        page.get_by_text("Hồ sơ trường").first.wait_for()
        wait_idle(page)
        choose(page, "Trường", "Trường THCS Toàn Thắng — Tiên Lãng, Hải Phòng (HP-THCS-TT)")
        assert page.get_by_text("tiêu chí 3.1, 3.4, 3.5, 3.6, 5.4 không đạt").first.is_visible()
        page.screenshot(path=str(tmp_path / "profile.png"), full_page=True)
        browser.close()
