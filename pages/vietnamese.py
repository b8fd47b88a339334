"""Vietnamese for what Streamlit and plotly.js draw themselves, not our pages: plotly's toolbar and
number format (a locale handed to each chart's config; plotly.js reads `config.locales`, Streamlit
passes the config through), and the uploader's and Streamlit's own words, which no parameter changes,
by a style sheet of constant text injected on every run. Nothing from the data goes in here.

Streamlit's file uploader writes its words as text nodes without their own element ('Upload', '50MB per
file • XLSX'), so the sheet shrinks that text to nothing and draws the Vietnamese in `::after`. What no
selector reaches (screen-reader labels, toolbar tooltips, file sizes) is mended by pages/vietnamese_labels.py's
script, injected beside the sheet."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from loaders.file_kinds import READ_SUFFIXES
from metrics.formatting import format_number
from pages.startup import WARM_UP_KEY
from pages.vietnamese_labels import LABELS_SCRIPT

# plotly.js's own words (src/components/modebar/buttons.js) and Streamlit's fullscreen button (its
# title is not looked up in the dictionary: the style sheet below relabels its tooltip).
_MODEBAR = {
    "Download plot as a PNG": "Tải biểu đồ (ảnh PNG)", "Download plot": "Tải biểu đồ",
    "Zoom": "Phóng to vùng chọn", "Pan": "Kéo", "Box Select": "Chọn vùng", "Lasso Select": "Chọn tự do",
    "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ", "Autoscale": "Tự co giãn", "Reset axes": "Đặt lại trục",
    "Reset view": "Đặt lại khung nhìn", "Toggle Spike Lines": "Bật/tắt đường dóng",
    "Show closest data on hover": "Hiện điểm gần nhất khi rê chuột",
    "Compare data on hover": "So sánh dữ liệu khi rê chuột", "Produced with Plotly.js": "Vẽ bằng Plotly.js",
    "Click to enter Colorscale title": "Bấm để nhập tiêu đề thang màu",
    "Click to enter Plot title": "Bấm để nhập tiêu đề", "Click to enter X axis title": "Bấm để nhập tiêu đề trục X",
    "Click to enter Y axis title": "Bấm để nhập tiêu đề trục Y", "Double-click to zoom back out": "Bấm đúp để thu nhỏ lại",
    "Double-click on legend to isolate one trace": "Bấm đúp vào chú giải để chỉ xem một nhóm",
    "Preparing image - this may take a few seconds": "Đang chuẩn bị ảnh, xin chờ vài giây",
    "Image download succeeded": "Đã tải ảnh", "Sorry, there was a problem downloading your image!":
    "Không tải được ảnh biểu đồ.", "Reset": "Đặt lại", "Toggle show closest data on hover":
    "Bật/tắt hiện điểm gần nhất khi rê chuột",
    "trace": "nhóm", "new text": "chữ mới",
}
# The grid's own CSV button is hidden: it wrote cells as they are ('=HYPERLINK(…)' from a plan would run
# in Excel), without the title block; every table has our "Tải CSV" and "Tải Excel" below it.
_MENU = "[data-testid=stDataFrameColumnMenu] [role=menu]"  # a column's menu: its header, then the items
_STYLE_ID = "kdcl-vietnamese"
_WITH_SORTS = ":has(> :nth-child(4):not([role]))"  # the 4th child is the sorts' divider, a div without a role
_SORTABLE = _MENU + _WITH_SORTS
_DAYS = ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"]
_LOCALE = {"dictionary": _MODEBAR, "format": {
    "decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " đ"],
    "days": _DAYS, "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [f"tháng {m}" for m in range(1, 13)], "shortMonths": [f"thg {m}" for m in range(1, 13)],
    "date": "%d/%m/%Y", "periods": ["SA", "CH"]}}
LOCALE = "vi"
SCROLLED_CHART_PX = 900


def plotly_config(file_name: str) -> dict:
    """A chart's plotly config: Vietnamese toolbar and numbers, and its PNG named `file_name`
    (ASCII, as every download of ours: 'cap-do-tu-danh-gia-theo-tinh')."""
    return {"locale": LOCALE, "locales": {LOCALE: _LOCALE}, "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2}}


def _replace(selector: str, text: str) -> str:
    """Hide an element's own text and draw `text` in its place (constant text only)."""
    return (f"{selector}{{font-size:0 !important;line-height:0}}"
            f"{selector}::after{{content:\"{text}\";font-size:0.875rem;line-height:1.6}}")


def _style_sheet(upload_mb: int) -> str:
    dropzone = "[data-testid=stFileUploaderDropzone]"
    rules = [
        _replace(f"{dropzone} button [data-testid=stMarkdownContainer] p", "Chọn tệp từ máy"),
        # the words over the box while a file is dragged onto it (Streamlit 1.67's class name for them)
        _replace(f"{dropzone} .euud7oh2", "Thả tệp vào đây"),
        _replace("[data-testid=stFileUploaderDropzoneInstructions] span",
                 f"Kéo thả tệp vào đây · tối đa {format_number(upload_mb)} MB mỗi tệp"),
        # the empty list of a searchable select: Streamlit 1.67's own class names for it (pinned in
        # requirements.txt; tests/test_vietnamese_browser.py types a name that matches nothing)
        _replace(".equpb2c9", "Không tìm thấy lựa chọn nào"),
        _replace(".eo2qvtu11", "Không có lựa chọn nào để thêm"),  # none matches, or the most allowed are chosen
        # a file the browser refused (over the limit, or of a type not offered): its chip says so, and the
        # tooltip over it; the screen reader's English copy beside it is shrunk like the uploader's words
        _replace("[data-testid=stFileChip][aria-invalid=true] [data-testid=stFileChipName] + div",
                 f"Không nhận: quá {format_number(upload_mb)} MB hoặc sai loại tệp"),
        "[data-testid=stFileChip] [role=alert]{font-size:0 !important}",
        _replace("[data-testid=stTooltipErrorContent]",
                 f"Không nhận tệp này: chỉ đọc được {', '.join(READ_SUFFIXES)}, tối đa {format_number(upload_mb)} MB "
                 "mỗi tệp"),
        # a container keyed 'scroll_…' keeps its chart readable on a phone: as wide as a laptop's, scrolled sideways
        "[class*=\"st-key-scroll_\"]{overflow-x:auto}",
        "[class*=\"st-key-scroll_\"] [data-testid=stElementContainer]{min-width:%dpx}" % SCROLLED_CHART_PX,
        # plotly draws a button's tooltip from its data-title in ::after; Streamlit's own fullscreen button
        # is titled in English whatever the locale says
        ".modebar-btn[data-title=\"Fullscreen\"]::after{content:\"Toàn màn hình\" !important}",
        ".modebar-btn[data-title=\"Close fullscreen\"]::after{content:\"Thoát toàn màn hình\" !important}",
        f".st-key-{WARM_UP_KEY}{{display:none}}",  # pages/startup.py's empty chart: it only loads plotly.js
        "[data-testid=stElementToolbarButton]:has([aria-label=\"Download as CSV\"]){display:none}",
        # a column's menu: its two sorts in Vietnamese; the rest (statistics, format, autosize, pin, hide)
        # have English words no selector can tell apart, and are left out. The sorts are its 2nd and 3rd
        # children when the 4th is their divider (a div without a role); a table Streamlit cannot sort
        # (too many rows) has none, and its menu keeps only its header.
        _replace(f"{_SORTABLE} > [role=menuitem]:nth-child(2)", "Sắp xếp tăng dần"),
        _replace(f"{_SORTABLE} > [role=menuitem]:nth-child(3)", "Sắp xếp giảm dần"),
        f"{_SORTABLE} > :nth-child(n+4){{display:none}}",
        f"{_MENU}:not({_WITH_SORTS}) > :nth-child(n+2){{display:none}}",
        f"{_MENU} button[aria-label=\"Copy column name\"]{{display:none}}",
        f"{_MENU} > :first-child > [title]:first-child{{display:none}}",  # the column's type ('text') on hover
    ]
    # this element itself: it holds a script too, so Streamlit gives it a place (a gap) in the page
    rules.append(f"[data-testid=stElementContainer]:has(#{_STYLE_ID}){{display:none}}")
    return f"<style id={_STYLE_ID}>" + "".join(rules) + "</style>"


# Streamlit hands the browser's language (navigator.language) to its date picker, whose calendar then
# speaks it ('December', 'Su Mo Tu'); a browser set to English would show an English calendar. The page
# says it is Vietnamese once, before the picker is opened: 'Tháng 12', weeks from T2 to CN. Nothing
# else of ours reads it (plotly has its own locale above; the tables' formats are explicit; Streamlit's
# number formatting reads navigator.languages, not changed); st.context.locale then reads "vi-VN" too.
_VIETNAMESE_BROWSER = """
if (navigator.language !== "vi-VN") {
  Object.defineProperty(Navigator.prototype, "language", {get: () => "vi-VN", configurable: true});
  window.dispatchEvent(new Event("resize"));  // the app reads it as it redraws: make it redraw now
}"""


def inject_style() -> None:
    """On every run (an element not drawn again is removed). With its script the element is placed in the
    page like any other, so the style sheet hides it (no gap above the title)."""
    # two scripts: a fault in one never costs the other (the calendar's language, the labels)
    scripts = "".join(f"<script>{script}</script>" for script in (_VIETNAMESE_BROWSER, LABELS_SCRIPT))
    st.html(_style_sheet(int(st.get_option("server.maxUploadSize"))) + scripts, unsafe_allow_javascript=True)


def unknown_page(pages: list[st.Page]) -> list[st.Page]:
    """A hidden page answering an address that names none of `pages` ('/khong-co'), in Vietnamese;
    none for a known address. Streamlit would otherwise run the main page under an English dialog
    ('Page not found'); the address asked is known only to its pages manager."""
    manager = get_script_run_ctx().pages_manager
    asked = manager.intended_page_name
    if manager.intended_page_script_hash or not asked or asked in {p.url_path for p in pages} or "/" in asked:
        return []
    return [st.Page(_not_found, title="Không tìm thấy trang", url_path=asked, visibility="hidden")]


def _not_found() -> None:
    st.title("Không tìm thấy trang")
    st.warning("Địa chỉ này không ứng với trang nào của bảng điều khiển. Hãy chọn một trang ở thanh bên.",
               icon=":material/link_off:")
    st.page_link("pages/tong_quan.py", label="Về trang Tổng quan", icon=":material/dashboard:")
