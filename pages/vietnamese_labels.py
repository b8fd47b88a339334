"""Vietnamese for the words Streamlit writes where no style sheet reaches: the labels screen readers read
(`aria-label`: "Collapse sidebar", "Choose date", "Help for Tỉnh/Thành phố"; the one `title` of its own,
since the others hold names), the tooltips of a
table's toolbar (their text comes from the same labels, shown on hover and on keyboard focus), and the
sizes of uploaded files ("3.0KB" becomes "3,0 KB").

A script in the page (pages/vietnamese.py injects it on every run; it installs itself once) mends them as
Streamlit draws them: a MutationObserver sees each change before the browser paints it. Only the words
below are changed, and text is set as text (an attribute, a text node's data), never as HTML; a file's
name inside "Remove {name}" stays as it is."""
from __future__ import annotations

import json

# Streamlit 1.67's own words (frontend/lib/src/components/...), as they are drawn on our pages.
WORDS = {
    # a table's toolbar and column menu
    "Show/hide columns": "Hiện/ẩn cột", "Search": "Tìm trong bảng", "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình", "Clear selection": "Bỏ chọn", "Close Search": "Đóng tìm kiếm",
    "Dataframe column menu": "Trình đơn của cột", "Copy column name": "Chép tên cột",
    "Previous page": "Trang trước", "Next page": "Trang sau", "Pagination": "Phân trang",
    # the sidebar and the page's frame
    "Collapse sidebar": "Thu gọn thanh bên", "Expand sidebar": "Mở thanh bên", "Sidebar": "Thanh bên",
    "App pages": "Các trang", "Main menu": "Trình đơn", "Running...": "Đang chạy…",
    # selects, dates, numbers
    "Open": "Mở danh sách", "Close": "Đóng", "Clear value": "Xóa lựa chọn", "Clear all": "Xóa mọi lựa chọn",
    "Selected values": "Các lựa chọn", "Choose date": "Chọn ngày", "Choose date range": "Chọn khoảng ngày",
    "Clear date": "Xóa ngày", "Clear dates": "Xóa các ngày", "Previous month": "Tháng trước",
    "Next month": "Tháng sau", "Increment": "Tăng", "Decrement": "Giảm", "Help": "Trợ giúp",
    "Next": "Sau", "Previous": "Trước", "Link to heading": "Liên kết tới mục này",
    # the uploader
    "Add files": "Thêm tệp", "file upload": "tải tệp lên", "progress": "tiến độ",
}
# The one `title` of Streamlit's own on our pages; every other title holds a name (a file's, an option's).
TITLES = {"Click to retry upload": "Bấm để tải lên lại"}
# Words around a name Streamlit puts in (a widget's label, a file's name): (JavaScript regex, replacement).
PATTERNS = (
    (r"^Help for (.+)$", "Trợ giúp: $1"),
    (r"^Choose date, (.+)$", "Chọn ngày, $1"),  # the calendar's month: "Choose date, tháng 12 năm 2026"
    (r"^Remove (.+)$", "Bỏ tệp $1"),
    (r"^Cancel upload of (.+)$", "Hủy tải lên $1"),
)
# A file's size as Streamlit writes it ("53.5MB", the chip's label "a.xlsx, 3.0KB"): decimal comma, a space.
SIZE = (r"(\d+)\.(\d+)(GB|MB|KB|B)$", "$1,$2 $3")
_ATTRIBUTES = ("aria-label", "title")
_TOOLTIP = "[data-testid=stTooltipContent] p"  # a tooltip's text: the toolbar's, from the same words
_CHIP, _CHIP_SIZE = "[data-testid=stFileChip]", "[data-testid=stFileChipName] + div"  # a file's label, its size

LABELS_SCRIPT = """
if (!window.kdclLabels) {
  window.kdclLabels = true;
  const words = %(words)s, patterns = %(patterns)s.map(([re, to]) => [new RegExp(re, "s"), to]);
  const [sizeRe, sizeTo] = [new RegExp(%(size_re)s), %(size_to)s], attributes = %(attributes)s;
  const [tooltip, chip, chipSize] = [%(tooltip)s, %(chip)s, %(chip_size)s], texts = `${tooltip}, ${chipSize}`;
  const titles = %(titles)s;
  const word = (text, from = words) => Object.hasOwn(from, text) ? from[text] : text;  // never "toString"
  const say = (text) => {
    if (word(text) !== text) return word(text);
    for (const [re, to] of patterns) if (re.test(text)) return text.replace(re, to);
    return text;
  };
  const sized = (text) => text.replace(sizeRe, sizeTo);
  const mendElement = (el) => {
    for (const name of attributes) {
      const was = el.getAttribute(name);
      const now = was && (name === "title" ? word(was, titles) : el.matches(chip) ? sized(was) : say(was));
      if (was && now !== was) el.setAttribute(name, now);
    }
    const mended = el.matches(tooltip) ? say : el.matches(chipSize) ? sized : null;
    if (!mended) return;
    for (const node of el.childNodes) {
      const was = node.nodeType === Node.TEXT_NODE ? node.data.trim() : "";
      if (was && mended(was) !== was) node.data = mended(was);
    }
  };
  const mend = (root) => {
    if (!(root instanceof Element)) return;
    mendElement(root);
    for (const el of root.querySelectorAll(attributes.map((a) => `[${a}]`).join(",") + "," + texts)) mendElement(el);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") mend(change.target.parentElement?.closest(texts));
      else if (change.type === "attributes") mendElement(change.target);
      else { change.addedNodes.forEach(mend); if (change.target.matches?.(texts)) mendElement(change.target); }
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: attributes});
  mend(document.body);
}
""" % {name: json.dumps(value, ensure_ascii=False) for name, value in {
    "words": WORDS, "titles": TITLES, "patterns": PATTERNS, "size_re": SIZE[0], "size_to": SIZE[1], "attributes": _ATTRIBUTES,
    "tooltip": _TOOLTIP, "chip": _CHIP, "chip_size": _CHIP_SIZE}.items()}
