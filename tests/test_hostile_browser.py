"""Issue 13 in a real browser: the files that used to kill the server (two corner cells, 512 GB
to read; the same with a dimension that lies; a Word document expanding to 460 MB) are uploaded
on the Nhập dữ liệu page while another session keeps using the dashboard. Each gets its
Vietnamese message, and the server goes on serving."""
import urllib.request

import pytest

from loaders.importer import import_file
from loaders.store import Store
from tests import hostile_files as hostile
from tests.browser import browser_installed, chromium_page, running_app, wait_idle  # noqa: F401 (a fixture)
from tests.conftest import TEMPLATE_SEEDS

pytestmark = pytest.mark.usefixtures("browser_installed")  # the browser tests fail, never skip


def test_the_worst_uploads_get_a_message_while_another_session_is_served(tmp_path):
    files = [hostile.corner_cells(tmp_path / "hai góc.xlsx"), hostile.lying_dimension(tmp_path / "khai man.xlsx"),
             hostile.docx_bomb(tmp_path / "phình 460 MB.docx")]
    store = Store(tmp_path / "store")
    assert import_file(store, TEMPLATE_SEEDS[0]).status == "imported"
    with running_app(store.root, tmp_path / "app.log", env={"KDCL_OPEN_UPLOADS": "1"}) as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}) as page:
        other = page.context.browser.new_page()  # another browser context: its own Streamlit session
        other.goto(url)
        other.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
        wait_idle(other)
        page.goto(url)
        page.get_by_role("link", name="Nhập dữ liệu").click()
        page.get_by_text("Chọn tệp").wait_for(timeout=60000)
        page.locator("input[type=file]").set_input_files([str(f) for f in files])

        other.get_by_role("link", name="Kinh phí", exact=True).click()  # while the files are read
        other.get_by_text("Kinh phí cải tiến chất lượng").wait_for(timeout=30000)
        wait_idle(other)

        for path in files:
            page.get_by_text(f"{path.name}: error Không hợp lệ").wait_for(timeout=30000)
        wait_idle(page)
        shown = ""  # the canvas grids' accessible copies of their cells, made for a grid in view
        for index in range(page.locator("[data-testid=stDataFrame]").count()):
            grid = page.locator("[data-testid=stDataFrame]").nth(index)
            grid.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            shown += " | ".join(grid.locator("[role=gridcell]").all_text_contents())
        for fragment in ("A1:XFD1048576", "vượt giới hạn bộ nhớ dành cho việc đọc tệp (1.024 MB",
                         "vượt giới hạn dung lượng khi giải nén (100 MB"):
            assert fragment in shown, (fragment, shown)

        other.get_by_role("link", name="Hồ sơ trường").click()
        other.get_by_text("Hồ sơ trường").first.wait_for(timeout=30000)
        wait_idle(other)
        assert urllib.request.urlopen(f"{url}/_stcore/health", timeout=5).status == 200
