"""pages/vietnamese.py's style sheet and pages/vietnamese_labels.py's script in Chromium, on pages drawn as
Streamlit draws them (no app): the cases the app's demo pages do not show."""
from __future__ import annotations

import pytest

from tests.browser import browser_installed, chromium_page  # noqa: F401 (a fixture)
from tests.english import SHOWN, english_on

pytestmark = pytest.mark.usefixtures("browser_installed")


def test_a_column_menu_without_sorts_keeps_only_its_header():
    """Streamlit leaves the sorts out of the menu of a table it cannot sort (too many rows): its first
    items are then statistics and autosize, which must not be relabelled as sorts, only hidden."""
    from pages.vietnamese import _style_sheet
    items = "".join(f'<div role="menuitem">{word}</div>' for word in ("Statistics", "Autosize", "Pin column"))
    with chromium_page() as page:
        page.set_content(_style_sheet(50) + '<div data-testid="stDataFrameColumnMenu"><div role="menu">'
                         f'<div>Tên trường</div>{items}</div></div>')
        assert english_on(page) == [] and "Sắp xếp" not in " ".join(page.evaluate(SHOWN))
        assert page.get_by_text("Tên trường").is_visible()


# Streamlit's markup, cut down: a help button, a file chip, a multiselect's chosen option named "Next", a
# date field described by react-aria, a spot React fills later.
_DRAWN = """<button aria-label="Collapse sidebar"></button><button aria-label="Help for Tỉnh/Thành phố"></button>
  <div data-testid="stFileChip" aria-label="Search, 3.0KB"><div data-testid="stFileChipName" title="Search">Search</div>
  <div>3.0KB</div><div data-testid="stFileChipDeleteBtn"><button aria-label="Remove &lt;b&gt;toString"></button></div></div>
  <span data-tag aria-label="Next"><span title="Next">Next</span><button aria-label="Remove Next"></button></span>
  <div id="date" aria-describedby="react-aria-description-0"></div>
  <div id="react-aria-description-0" style="display: none">Selected Date: December 02, 2026</div>
  <div id="later"></div>"""


def _labels(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('[aria-label]')].map(el => el.getAttribute('aria-label'))")


def test_the_labels_script_mends_streamlits_words_and_leaves_names_alone():
    """pages/vietnamese_labels.js on a page drawn as Streamlit draws it, then changed as React changes it:
    its words, sizes and dates mended; a name (a file "Search", an option "Next", "<b>toString") kept as sent,
    never as HTML; installed twice, it works as once."""
    from pages.vietnamese_labels import LABELS_SCRIPT
    with chromium_page() as page:
        page.set_content(f"<body>{_DRAWN}<script>{LABELS_SCRIPT}</script><script>{LABELS_SCRIPT}</script></body>")
        assert _labels(page) == ["Thu gọn thanh bên", "Trợ giúp: Tỉnh/Thành phố", "Search, 3,0 KB", "Bỏ tệp <b>toString",
                                 "Next", "Bỏ chọn Next"]
        assert page.locator("[data-testid=stFileChipName]").get_attribute("title") == "Search"
        assert page.locator("[data-tag] span").get_attribute("title") == "Next"
        assert page.locator("[data-testid=stFileChipName] + div").inner_text() == "3,0 KB"
        assert page.locator("#react-aria-description-0").text_content() == "Ngày đã chọn: 02/12/2026"
        assert page.locator("b").count() == 0
        _changed_as_react_changes_it(page)


def _changed_as_react_changes_it(page) -> None:
    page.evaluate("""() => {
      document.querySelector('[data-testid=stFileChipName] + div').firstChild.data = '53.5MB';
      document.querySelector('#later').innerHTML = '<div data-testid="stTooltipContent"><p> Search </p></div>' +
        '<div data-testid="stTooltipContent"><p id="sentence">Help <b>me</b></p></div>';
      document.querySelector('button').setAttribute('aria-label', 'Expand sidebar');
      document.querySelector('[data-testid=stFileChipDeleteBtn] button').setAttribute('title', 'toString'); }""")
    assert page.locator("[data-testid=stFileChipName] + div").inner_text() == "53,5 MB"
    assert page.locator("[data-testid=stTooltipContent] p").first.text_content() == " Tìm trong bảng "
    assert page.locator("#sentence").text_content() == "Help me"  # a sentence of several nodes: not changed in part
    assert _labels(page)[0] == "Mở thanh bên"
    assert page.locator("[data-testid=stFileChipDeleteBtn] button").get_attribute("title") == "toString"
    page.evaluate("() => { document.querySelector('[data-testid=stTooltipContent] p').textContent = 'Fullscreen'; }")
    assert page.locator("[data-testid=stTooltipContent] p").first.text_content() == "Toàn màn hình"
    page.evaluate("""() => { const alert = document.createElement('div'); alert.setAttribute('role', 'alert');
      document.querySelector('[data-testid=stFileChip]').append(alert); alert.append('Error: ', 'File must be 50.0MB or smaller.'); }""")
    assert page.locator("[role=alert]").text_content() == "Không nhận: tệp phải không quá 50,0 MB."
