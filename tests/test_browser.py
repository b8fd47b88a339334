"""The main flow in a real browser: filter to Tiên Lãng, read a figure, open a school, download.

These tests are part of `python -m pytest`: without playwright or Chromium they fail, saying what
to install, never skip. The app's output goes to a log file whose tail is added to any failure."""

import pytest

from tests.browser import browser_installed, choose, chromium_page, running_app, tien_lang_funding_csv, wait_idle  # noqa: F401 (a fixture)


pytestmark = pytest.mark.usefixtures("browser_installed")


def test_main_flow_tien_lang(seed_store, tmp_path):
    with running_app(seed_store.root, tmp_path / "app.log") as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True) as page:
        page.goto(url)
        page.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
        wait_idle(page)
        choose(page, "Tỉnh/Thành phố", "Hải Phòng")
        data = tien_lang_funding_csv(page)
        assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Vietnamese correctly
        text = data.decode("utf-8-sig")
        assert "Quận/Huyện (trước 2025): Tiên Lãng" in text and "5545000000" in text

        page.get_by_role("link", name="Hồ sơ trường").click()
        page.get_by_text("Hồ sơ trường").first.wait_for()
        wait_idle(page)
        choose(page, "Trường", "Trường THCS Toàn Thắng — Tiên Lãng, Hải Phòng (HP-THCS-TT)")
        assert page.get_by_text("tiêu chí 3.1, 3.4, 3.5, 3.6, 5.4 không đạt").first.is_visible()
        page.screenshot(path=str(tmp_path / "profile.png"), full_page=True)


def test_upload_a_bad_and_a_good_workbook_then_see_the_school(tmp_path):
    """An official drops two files: the bad one is reported by row and not imported, the good
    one (levels typed as numbers) is confirmed and its school is on the profile page at once."""
    from loaders.store import Store
    from tests.test_import import full_ratings, workbook
    school = ["HP-THCS-MOI", "Trường THCS Mới", "THCS", "Hải Phòng", "Tiên Lãng"]
    good = [[school[0]] + row[1:5] + [1 if i == 0 else 2] + row[6:] for i, row in enumerate(full_ratings())]
    bad = [[school[0]] + row[1:] for row in full_ratings()]
    bad[4][5] = "Tốt"  # sheet row 6
    files = [workbook(tmp_path / "THCS Mới - lỗi.xlsx", bad, schools=(school,)),
             workbook(tmp_path / "THCS Mới.xlsx", good, schools=(school,))]
    store = Store(tmp_path / "store")
    # a store built here is not demo data: without sign-in, uploads need the operator's opt-in
    with running_app(store.root, tmp_path / "app.log", env={"KDCL_OPEN_UPLOADS": "1"}) as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}) as page:
        page.goto(url)
        page.get_by_role("link", name="Nhập dữ liệu").click()
        page.get_by_text("Chọn tệp").wait_for(timeout=60000)
        page.locator("input[type=file]").set_input_files([str(f) for f in files])
        page.get_by_text("THCS Mới - lỗi.xlsx: error Không hợp lệ").wait_for()
        page.get_by_text("Cảnh báo: 0 · Lỗi: 1").first.wait_for()  # the rows themselves are in a canvas grid
        page.get_by_role("button", name="Xác nhận nhập 1 tệp hợp lệ").click()
        page.get_by_text("THCS Mới.xlsx: check_circle Đã nhập").first.wait_for()
        page.get_by_role("link", name="Hồ sơ trường").click()
        wait_idle(page)
        choose(page, "Trường", "Trường THCS Mới — Tiên Lãng, Hải Phòng (HP-THCS-MOI)")
        assert page.get_by_text("Chưa đạt Cấp độ 2: tiêu chí 1.1 (Mức 1) chưa đạt Mức 2").first.is_visible()
    # checking a file imports nothing, but keeps and logs it; only the confirmed one is imported
    assert [(entry["file"], entry["door"], entry["status"]) for entry in store.read_log()] == [
        ("THCS Mới - lỗi.xlsx", "upload_preview", "rejected"), ("THCS Mới.xlsx", "upload_preview", "valid"),
        ("THCS Mới.xlsx", "upload", "imported")]


def test_a_failure_inside_the_running_app_carries_the_apps_log(tmp_path):
    """The app's traceback is in the failure output, not hidden behind a browser timeout."""
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "versions").write_text("")  # a file where the versions folder goes: nothing can open
    with pytest.raises(AssertionError) as failure:
        with running_app(tmp_path / "store", tmp_path / "app.log") as url, chromium_page() as page:
            page.goto(url)
            page.locator("[data-testid=stException]").wait_for(timeout=60000)
            wait_idle(page)  # raises: the page shows an exception
    notes = "\n".join(getattr(failure.value, "__notes__", []))
    assert "the app's log" in notes and str(tmp_path / "app.log") in notes
    assert "Traceback" in notes, notes
