"""Everything an official sees is Vietnamese: every page of the demo app (open mode) in Chromium, the
upload page with a file being dragged, a searchable select that finds nothing, the school picker of So
sánh trường (and its heatmap at a phone's 400 px), an unknown address and a first visit to /ui after a
start; each fails on any English word Streamlit or plotly.js would draw there (the list below), on the
screen or in a tooltip.

What is read, and which words are English: tests/english.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import ROOT, browser_installed, chromium_page, running_app, wait_idle  # noqa: F401 (a fixture)
from tests.english import SHOWN, english_on

pytestmark = pytest.mark.usefixtures("browser_installed")
PAGES = ("Tổng quan", "Theo địa bàn", "So sánh trường", "Hồ sơ trường", "Điểm yếu chung", "Kinh phí",
         "Phân bổ kinh phí", "Công nhận", "Nhập dữ liệu")


def _assert_vietnamese(page, where: str, shots) -> None:
    shots.append(where)
    page.screenshot(path=str(shots[0] / f"{len(shots):02d}.png"), full_page=True)
    assert not english_on(page), (where, english_on(page))


def _open(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_timeout(500)
    wait_idle(page, 60000)


def test_every_page_is_vietnamese(shared_demo_store, tmp_path):
    shots = [tmp_path]
    with running_app(shared_demo_store.root, tmp_path / "app.log") as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True) as page:
        outside = []  # an intranet without the internet answers nothing else (the tab's icon was fetched)
        page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:")) else outside.append(r.url))
        page.goto(url)
        page.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
        wait_idle(page, 60000)
        for name in PAGES:
            _open(page, name)
            _assert_vietnamese(page, name, shots)
            if name == "Tổng quan":
                _calendar(page, shots)
            if name == "Kinh phí":
                _chart_in_vietnamese(page)
                _table_toolbar(page, shots)
                _column_menu(page, shots)
        _search_finding_nothing(page, shots)
        _schools_to_compare(page, shots)
        _upload_page(page, shots)
        page.goto(url + "/khong-co-trang-nay")
        page.get_by_text("Không tìm thấy trang").first.wait_for(timeout=60000)
        wait_idle(page, 60000)
        _assert_vietnamese(page, "unknown address", shots)
    assert not outside, outside


def _chart_in_vietnamese(page) -> None:
    """Kinh phí's chart: a bar's amount hovers as '83,06' (tỷ đồng), and the toolbar's Vietnamese PNG
    button downloads a PNG named after the chart."""
    bar = page.locator("[data-testid=stPlotlyChart] .point path").first
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(500)
    hovered = page.locator("[data-testid=stPlotlyChart] .hoverlayer").first.text_content()
    assert re.search(r"Kinh phí \(tỷ đồng\): \d+,\d+", hovered), hovered  # never '83.06'
    with page.expect_download() as download:
        page.locator(".modebar-btn[data-title='Tải biểu đồ (ảnh PNG)']").first.click()
    assert download.value.suggested_filename == "kinh-phi-theo-quan-huyen.png"
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")


def _table_toolbar(page, shots) -> None:
    """A table's toolbar: each button's label and tooltip in Vietnamese, on hover and on keyboard focus, and
    no grid CSV beside our own downloads."""
    table = page.locator("[data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    table.hover()
    buttons = page.locator("[data-testid=stElementToolbar]").first.locator("[data-testid=stBaseButton-elementToolbar]")
    labels = [buttons.nth(i).get_attribute("aria-label") for i in range(buttons.count()) if buttons.nth(i).is_visible()]
    assert "Download as CSV" not in labels and {"Hiện/ẩn cột", "Tìm trong bảng"} <= set(labels), labels
    # reached by the keyboard (Tab, then Shift+Tab back: focus given by a script shows no tooltip), the
    # pointer on the table, not on the button
    buttons.filter(visible=True).first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    from playwright.sync_api import expect  # here: a machine without playwright fails in browser_installed
    expect(page.locator("[data-testid=stTooltipContent]").first).to_have_text("Hiện/ẩn cột", timeout=10000)
    for i in range(buttons.count()):
        if buttons.nth(i).is_visible():
            buttons.nth(i).hover()
            page.locator("[data-testid=stTooltipContent]").first.wait_for()
            _assert_vietnamese(page, f"the tooltip of '{buttons.nth(i).get_attribute('aria-label')}'", shots)


def _calendar(page, shots) -> None:
    """The date picker's calendar speaks the browser's language, and this browser's is English (en-US):
    the page tells it Vietnamese (pages/vietnamese.py), so the month is 'Tháng 12' and weeks run T2 to CN."""
    assert page.evaluate("() => navigator.languages[0]").startswith("en")
    page.locator("[data-testid=stDateInputCalendarButton]").first.click(force=True)
    calendar = page.locator("[data-testid=stDateInputCalendar]").first
    calendar.wait_for(timeout=10000)
    shown = calendar.inner_text()
    assert "Tháng" in shown and "T2" in shown and "CN" in shown, shown
    _assert_vietnamese(page, "the date picker's calendar", shots)
    page.keyboard.press("Escape")


def _column_menu(page, shots) -> None:
    """A column's menu (the ⋮ drawn on the grid's canvas at the right of a hovered header): its two
    sorts in Vietnamese, nothing else."""
    table = page.locator("[data-testid=stDataFrame]").first
    edge, header_y = _first_column_edge(page, table)
    page.mouse.move(edge - 20, header_y)
    page.wait_for_timeout(300)
    page.mouse.click(edge - 18, header_y)
    menu = page.locator("[data-testid=stDataFrameColumnMenu]").first
    menu.wait_for(timeout=10000)
    shown = page.evaluate("""() => [...document.querySelector('[data-testid=stDataFrameColumnMenu] [role=menu]').children]
      .filter(item => getComputedStyle(item).display !== 'none')
      .map(item => getComputedStyle(item, '::after').content)
      .map(drawn => drawn === 'none' ? 'its own text' : drawn.replace(/^"|"$/g, ''))""")
    assert shown[1:] == ["Sắp xếp tăng dần", "Sắp xếp giảm dần"] and len(shown) == 3, shown  # its header (the column's name), two sorts
    _assert_vietnamese(page, "a column's menu", shots)
    page.keyboard.press("Escape")


def _first_column_edge(page, table) -> tuple[int, float]:
    """The first column's right edge in the header row, where the grid's canvas shows a resize cursor.
    The grid is scrolled into view first (the mouse hovers nothing outside the viewport) and searched
    again while its canvas is still being laid out."""
    for _ in range(5):
        table.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = table.bounding_box()
        header_y = box["y"] + 17
        edges = [x for x in range(int(box["x"]) + 20, int(box["x"] + box["width"]), 4)
                 if _cursor_at(page, x, header_y) == "col-resize"]
        if edges:
            return edges[0], header_y
    raise AssertionError(f"no column edge in the header row of the table at {box}")


def _cursor_at(page, x: float, y: float) -> str:
    page.mouse.move(x, y)
    return page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stDataFrame] canvas')).cursor")


def _search_finding_nothing(page, shots) -> None:
    page.locator("[data-testid=stSelectbox]").filter(has_text="Tỉnh/Thành phố").first.click()
    page.keyboard.type("zzzz không có")
    page.get_by_text("No results").wait_for(state="attached")  # Streamlit's words, shrunk to nothing
    _assert_vietnamese(page, "a search that finds nothing", shots)
    page.keyboard.press("Escape")


def _schools_to_compare(page, shots) -> None:
    _open(page, "So sánh trường")
    picker = page.locator("[data-testid=stMultiSelect]").first
    picker.click()  # its placeholder and options are read below
    page.wait_for_timeout(300)
    _assert_vietnamese(page, "the schools' list open", shots)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # a school chosen: its tag is labelled with its name, its remove button in Vietnamese
    page.keyboard.press("Escape")
    wait_idle(page, 60000)
    tag = picker.locator("[data-tag]").first
    assert tag.locator("button").get_attribute("aria-label") == "Bỏ chọn " + tag.get_attribute("aria-label")
    _assert_vietnamese(page, "a school chosen to compare", shots)
    _heatmap_on_a_phone(page, shots)


def _heatmap_on_a_phone(page, shots) -> None:
    """At 400 px the heatmap keeps a laptop's width (cells ~20 px) and its box scrolls sideways."""
    page.set_viewport_size({"width": 400, "height": 900})
    page.wait_for_timeout(1500)
    sizes = page.evaluate("""() => { const box = document.querySelector('[class*="st-key-scroll_heatmap"]');
      const chart = box.querySelector('.main-svg');
      return {box: box.clientWidth, scrolled: box.scrollWidth, chart: chart.getBoundingClientRect().width}; }""")
    assert sizes["box"] < 400 and sizes["chart"] >= 900 and sizes["scrolled"] >= 900, sizes
    page.screenshot(path=str(shots[0] / "heatmap-400px.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.wait_for_timeout(500)


def _upload_page(page, shots) -> None:
    _open(page, "Nhập dữ liệu")
    page.evaluate("""() => { const zone = document.querySelector('[data-testid=stFileUploaderDropzone]');
      const files = new DataTransfer(); files.items.add(new File(['x'], 'a.xlsx'));
      for (const kind of ['dragenter', 'dragover']) zone.dispatchEvent(new DragEvent(kind, {dataTransfer: files, bubbles: true})); }""")
    page.get_by_text("Drag and drop files here").wait_for(state="attached")  # Streamlit's words, shrunk to nothing
    _assert_vietnamese(page, "a file dragged over the upload box", shots)
    page.evaluate("""() => { const zone = document.querySelector('[data-testid=stFileUploaderDropzone]');
      zone.dispatchEvent(new DragEvent('dragleave', {dataTransfer: new DataTransfer(), bubbles: true})); }""")
    _uploaded_file(page, shots)
    _refused_by_the_browser(page, shots)


def _uploaded_file(page, shots) -> None:
    """A file chosen: its chip gives the size the Vietnamese way ("9,9 KB", Streamlit writes "9.9KB"), and
    its label ("HP-THCS-TT.xlsx, 9,9 KB") and its remove button's ("Bỏ tệp HP-THCS-TT.xlsx") too."""
    page.locator("input[type=file]").first.set_input_files([str(ROOT / "tests" / "fixtures" / "template" /
                                                                 "HP-THCS-TT.xlsx")])
    chip = page.locator("[data-testid=stFileChip]").first
    chip.wait_for(timeout=30000)
    assert re.fullmatch(r"\d+,\d KB", chip.locator("[data-testid=stFileChipName] + div").inner_text()), chip.inner_text()
    assert re.fullmatch(r"HP-THCS-TT\.xlsx, \d+,\d KB", chip.get_attribute("aria-label")), chip.get_attribute("aria-label")
    # "Hủy tải lên HP-THCS-TT.xlsx" while it is sent
    chip.locator("[data-testid=stFileChipDeleteBtn] button[aria-label='Bỏ tệp HP-THCS-TT.xlsx']").wait_for()
    wait_idle(page, 60000)
    _assert_vietnamese(page, "a file chosen", shots)


def _refused_by_the_browser(page, shots) -> None:
    """A file over the upload limit never reaches the server: the browser refuses it, in a chip whose
    words and tooltip are Streamlit's ('File must be 50.0MB or smaller.')."""
    big = Path(shots[0]) / "qua-lon.csv"
    with open(big, "wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    page.locator("input[type=file]").first.set_input_files([str(big)])
    chip = page.locator("[data-testid=stFileChip][aria-invalid=true]").first
    chip.wait_for(timeout=30000)
    chip.hover()
    page.locator("[data-testid=stTooltipErrorContent]").first.wait_for(timeout=10000)
    drawn = " ".join(text for text in page.evaluate(SHOWN) if text.startswith('"'))
    assert "Không nhận: quá 50 MB" in drawn and "tối đa 50 MB mỗi tệp" in drawn, drawn
    _assert_vietnamese(page, "a file over the limit", shots)


def test_a_first_visit_to_a_module_address_shows_the_dashboard(shared_demo_store, tmp_path):
    """Right after a start, /ui (a shared module, not a page) once ran ui.py alone under a menu of raw
    file names; now the first import of the pages package leaves that mode and the dashboard answers."""
    with running_app(shared_demo_store.root, tmp_path / "app.log") as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}) as page:
        page.goto(url + "/ui")
        page.get_by_text("Bộ lọc").first.wait_for(timeout=60000)
        wait_idle(page, 60000)
        menu = page.locator("[data-testid=stSidebarNav]")
        assert "Tổng quan" in menu.inner_text() and "Nhập dữ liệu" in menu.inner_text()
        addresses = {link.get_attribute("href").rsplit("/", 1)[-1] for link in menu.locator("a").all()}
        assert not addresses & {"ui", "charts", "sidebar", "signin", "vietnamese", "dashboard"}, addresses
        page.screenshot(path=str(tmp_path / "ui.png"))
        assert not english_on(page), english_on(page)
