"""Vietnamese for the words Streamlit writes where no style sheet reaches: the labels screen readers read
(`aria-label`: "Collapse sidebar", "Choose date", "Help for Tỉnh/Thành phố", "Remove a.xlsx"; the one `title`
of its own; the descriptions a field points to: "Selected Date: December 02, 2026"), the tooltips of a
table's toolbar (their text comes from the same words, shown on hover and on keyboard focus), and the
sizes of uploaded files ("3.0KB" becomes "3,0 KB").

A script in the page (pages/vietnamese_labels.js, injected by pages/vietnamese.py on every run, installed
once) mends them as Streamlit draws them: a MutationObserver sees each change before the browser paints it.
Only the words below change. A label that is a name (a chosen option, a file) is left as it is, and a
name inside Streamlit's words ("Remove {name}") is kept as sent; text is set as text, never as HTML."""
from __future__ import annotations

import json
from pathlib import Path

# Streamlit 1.67's own words (frontend/lib/src/components/...), as they are drawn on our pages.
WORDS = {
    # a table's toolbar and column menu
    "Show/hide columns": "Hiện/ẩn cột", "Search": "Tìm trong bảng", "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình", "Clear selection": "Bỏ chọn", "Close Search": "Đóng tìm kiếm",
    "Dataframe column menu": "Trình đơn của cột",  # (its "Copy column name" is hidden by the style sheet, by that label)
    "Previous page": "Trang trước", "Next page": "Trang sau", "Pagination": "Phân trang",
    # the sidebar and the page's frame
    "Collapse sidebar": "Thu gọn thanh bên", "Expand sidebar": "Mở thanh bên", "Sidebar": "Thanh bên",
    "App pages": "Các trang", "Main menu": "Trình đơn", "Running...": "Đang chạy…",
    "Link to heading": "Liên kết tới mục này",
    # selects, dates, numbers
    "Open": "Mở danh sách", "Close": "Đóng", "Clear value": "Xóa lựa chọn", "Clear all": "Xóa mọi lựa chọn",
    "Selected values": "Các lựa chọn", "Choose date": "Chọn ngày", "Choose date range": "Chọn khoảng ngày",
    "Clear date": "Xóa ngày", "Clear dates": "Xóa các ngày", "Previous month": "Tháng trước",
    "Next month": "Tháng sau", "Next": "Sau", "Previous": "Trước", "Increment": "Tăng", "Decrement": "Giảm",
    "Help": "Trợ giúp",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.":
        "Dùng các phím mũi tên để chuyển ngày, Enter để chọn, Esc để đóng.",
    # the uploader
    "Add files": "Thêm tệp", "file upload": "tải tệp lên", "progress": "tiến độ",
}
# The one `title` of Streamlit's own on our pages; every other title holds a name (a file's, an option's).
TITLES = {"Click to retry upload": "Bấm để tải lên lại"}
# Words around a name, where they are drawn: (the element's ancestor, JavaScript regex, replacement).
PATTERNS = (
    ("[data-testid=stFileChipDeleteBtn]", r"^Remove (.+)$", "Bỏ tệp $1"),
    ("[data-testid=stFileChipDeleteBtn]", r"^Cancel upload of (.+)$", "Hủy tải lên $1"),
    ("[data-tag]", r"^Remove (.+)$", "Bỏ chọn $1"),  # a multiselect's chosen option
    ("body", r"^Help for (.+)$", "Trợ giúp: $1"),
    ("body", r"^Choose date, (.+)$", "Chọn ngày, $1"),  # the calendar's month: "Choose date, tháng 12 năm 2026"
)
# A file's size as Streamlit writes it ("53.5MB", the chip's label "a.xlsx, 3.0KB"): decimal comma, a space.
SIZE = (r"(\d+)\.(\d+)(GB|MB|KB|B)$", "$1,$2 $3")
# Elements whose label is a name: a chosen option, an option, a file's name. Never changed.
NAMED = "[data-tag], [role=option], [data-testid=stFileChipName]"
# Why the browser refused a file (Streamlit's uploader, in its chip and the alert read with it).
UPLOAD_ERRORS = (
    (r"^(?:Error: )?File must be (\d+)\.(\d+)(GB|MB|KB|B) or smaller\.$", "Không nhận: tệp phải không quá $1,$2 $3."),
    (r"^(?:Error: )?(.+) files are not allowed\.$", "Không nhận loại tệp $1."),
    (r"^(?:Error: )?File type not allowed\.$", "Không nhận loại tệp này."),
)
# Elements whose whole text is mended, and how: a tooltip's words, a file chip's size or refusal, a date
# field's description.
_CHIP_TEXTS = ("[data-testid=stFileChipName] + div", "[data-testid=stFileChip] [role=alert]",
               "[data-testid=stTooltipErrorContent]")
TEXTS = {"[data-testid=stTooltipContent] p": "words", "[id^=react-aria-description]": "date",
         "[id$=-calendar-desc]": "words", **{selector: "chip" for selector in _CHIP_TEXTS}}
_CONFIG = {"words": WORDS, "titles": TITLES, "patterns": PATTERNS, "size": SIZE, "upload_errors": UPLOAD_ERRORS,
           "named": NAMED, "texts": TEXTS, "attributes": ("aria-label", "title"), "chip": "[data-testid=stFileChip]"}

LABELS_SCRIPT = (Path(__file__).with_suffix(".js").read_text(encoding="utf-8")
                 .replace("__KDCL_CONFIG__", json.dumps(_CONFIG, ensure_ascii=False)))
