"""Key columns on screen at 1400 px, in Chromium: the amount of the largest plan items, the level in a
list of schools, a gap category's own cost per school, and every district of the country ranked without
choosing a province first.

Streamlit draws a table on a canvas; its grid keeps an accessible copy of the cells in view only (the
columns scrolled out are not in it), which is what these tests read. They fail, never skip, without
Chromium; the app's log is added to any failure. A screenshot of each table is left in tmp_path."""
from __future__ import annotations

import pytest

from tests.browser import browser_installed, chromium_page, running_app, wait_idle  # noqa: F401 (a fixture)

_WIDE = {"width": 1400, "height": 1000}


pytestmark = pytest.mark.usefixtures("browser_installed")  # the browser tests fail, never skip


def _headers_in_view(grid, shot=None) -> list[str]:
    """The headers of the columns on screen; the table's screenshot saved to `shot`."""
    grid.scroll_into_view_if_needed()
    grid.page.wait_for_timeout(500)
    if shot is not None:
        grid.screenshot(path=str(shot))
    return grid.evaluate("e => Array.from(e.querySelectorAll('[role=columnheader]')).map(h => h.textContent)")


def _table_below(page, text_start: str, wait_for: str):
    """Once `wait_for` is on the page: the first table after the text that starts with `text_start`."""
    page.get_by_text(wait_for).wait_for()
    wait_idle(page)
    return page.locator(f"xpath=//*[starts-with(normalize-space(), '{text_start}')]"
                        "/following::*[@data-testid='stDataFrame'][1]")


def _open(page, url: str, link: str, title: str) -> None:
    page.goto(url)
    page.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
    wait_idle(page)
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_text(title).first.wait_for()
    wait_idle(page)


def _table_after(page, heading: str):
    """The first table below a heading of the page."""
    return page.locator(f"xpath=//*[normalize-space()='{heading}']/following::*[@data-testid='stDataFrame'][1]")


def test_key_columns_are_on_screen_at_1400_px(shared_demo_store, tmp_path):
    with running_app(shared_demo_store.root, tmp_path / "app.log") as url, chromium_page(viewport=_WIDE) as page:
        _open(page, url, "Kinh phí", "Kinh phí cải tiến chất lượng")
        shown = _headers_in_view(_table_after(page, "Các hạng mục lớn nhất"), tmp_path / "largest.png")
        assert shown[:3] == ["Tên trường", "Kinh phí (đồng)", "Tiêu chí"], shown
        assert "Công việc/giải pháp" in shown, shown  # the action too, capped so the amount stays in view

        _open(page, url, "Tổng quan", "Tổng quan chất lượng trường học")
        page.get_by_text("Các trường chỉ còn 1 tiêu chí để đạt Cấp độ 2").first.click()
        page.wait_for_timeout(500)
        wait_idle(page)
        schools = page.locator("[data-testid=stExpander]").filter(has_text="chỉ còn 1 tiêu chí").locator(
            "[data-testid=stDataFrame]").first
        shown = _headers_in_view(schools, tmp_path / "one_away.png")
        assert shown[:3] == ["Tên trường", "Cấp độ tự đánh giá", "Số tiêu chí cần nâng để đạt Cấp độ 2"], shown

        # Điểm yếu chung: the smallest gap category's bar (Phòng học bộ môn, one school: Quang Trung, whose
        # item 3.1 "... phòng học chức năng", 50 tỷ, is the category's; its whole plan is 60 tỷ)
        _open(page, url, "Điểm yếu chung", "Điểm yếu chung")
        page.get_by_role("tab", name="Theo nhóm điểm yếu").click()
        wait_idle(page)
        page.locator("[data-testid=stPlotlyChart]").last.locator("g.trace.bars g.point path").last.click(force=True)
        drill = _table_below(page, "Kinh phí của nhóm:", "Phòng học bộ môn: 1 trường")
        shown = _headers_in_view(drill, tmp_path / "category_schools.png")
        assert shown[:3] == ["Tên trường", "Cấp độ tự đánh giá", "Kinh phí của nhóm (đồng)"], shown
        cells = drill.evaluate("e => Array.from(e.querySelectorAll('td')).map(c => c.textContent)")
        # the amount is padded on the left so that the grid sorts it by value (tests/test_screen_sort.py)
        assert [c.strip() for c in cells[:3]] == ["Trường THPT Quang Trung", "Chưa đạt", "50.000.000.000 đ"], cells


def test_every_district_of_the_country_is_ranked_without_a_province(shared_demo_store, tmp_path):
    with running_app(shared_demo_store.root, tmp_path / "app.log") as url, chromium_page(viewport=_WIDE) as page:
        _open(page, url, "Theo địa bàn", "So sánh theo địa bàn")
        page.get_by_text("Quận/Huyện (trước 2025)", exact=True).last.click()  # the radio, no province chosen
        grid = _table_below(page, "Bảng so sánh: 25", "Bảng so sánh: 25 quận/huyện (trước 2025)")
        shown = _headers_in_view(grid, tmp_path / "districts.png")
        assert shown[:2] == ["Tỉnh/Thành phố", "Quận/Huyện (trước 2025)"], shown
        # the first row (most schools below Cấp độ 2: Mường Nhé, Điện Biên) chosen by its checkbox, drawn
        # on the canvas below the header row
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
        drill = _table_below(page, "Các trường tại", "Các trường tại Mường Nhé, Điện Biên (24)")
        assert _headers_in_view(drill, tmp_path / "district_schools.png")[:2] == ["Tên trường", "Cấp độ tự đánh giá"]
