"""Screenshots of every page on the demo store, in headless Chromium: python docs/take_screenshots.py"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data.demo import build_demo_store  # noqa: E402
from loaders.store import Store  # noqa: E402
from tests.browser import choose, chromium_page, missing_browser, running_app, wait_idle  # noqa: E402

PAGES = [("Tổng quan", "1-tong-quan"), ("Theo địa bàn", "2-theo-dia-ban"), ("So sánh trường", "3-so-sanh-truong"),
         ("Hồ sơ trường", "4-ho-so-truong"), ("Điểm yếu chung", "5-diem-yeu-chung"), ("Kinh phí", "6-kinh-phi"), ("Phân bổ kinh phí", "9-phan-bo"), ("Công nhận", "8-cong-nhan"),
         ("Nhập dữ liệu", "7-nhap-du-lieu")]


def main() -> None:
    if problem := missing_browser():
        sys.exit(problem)
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        build_demo_store(store)
        # The app's output goes to app.log; if anything fails, its tail is in the traceback.
        with running_app(store.root, Path(tmp) / "app.log") as url, \
                chromium_page(viewport={"width": 1440, "height": 1000}) as page:
            page.goto(url)
            page.get_by_text("Tổng quan chất lượng trường học").wait_for(timeout=60000)
            wait_idle(page)
            for title, name in PAGES:
                page.get_by_role("link", name=title, exact=True).click()
                wait_idle(page)
                if title == "Hồ sơ trường":
                    choose(page, "Trường", "Trường THCS Toàn Thắng — Tiên Lãng, Hải Phòng (HP-THCS-TT)")
                if title == "Phân bổ kinh phí":  # the solve runs after the inputs are drawn
                    page.get_by_text("Số trường đạt mục tiêu").wait_for(timeout=60000)
                    wait_idle(page)
                charts = page.locator("[data-testid=stPlotlyChart]:visible")
                if charts.count():  # plotly.js draws after the page is idle; the first chart can lag
                    charts.first.locator(".main-svg").first.wait_for(timeout=20000)
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                print("saved", name)
                if title == "Tổng quan":
                    choose(page, "Tỉnh/Thành phố", "Hải Phòng")


if __name__ == "__main__":
    main()
