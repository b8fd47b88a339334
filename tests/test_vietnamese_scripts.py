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


def test_the_labels_script_mends_streamlits_words_and_leaves_names_alone():
    """pages/vietnamese_labels.py on a page drawn as Streamlit draws it, then changed as React changes it:
    its words and sizes mended, a file's name (in a title, in "Remove …") kept as sent, never as HTML."""
    from pages.vietnamese_labels import LABELS_SCRIPT
    page_html = """<button aria-label="Collapse sidebar"></button><button aria-label="Help for Tỉnh/Thành phố"></button>
      <div data-testid="stFileChip" aria-label="Search, 3.0KB"><div data-testid="stFileChipName" title="Search">Search</div>
      <div>3.0KB</div><button id="remove" aria-label="Remove &lt;b&gt;toString"></button></div>
      <div id="later"></div>"""
    with chromium_page() as page:
        page.set_content(f"<body>{page_html}<script>{LABELS_SCRIPT}</script></body>")
        labels = page.evaluate("() => [...document.querySelectorAll('[aria-label]')].map(el => el.getAttribute('aria-label'))")
        assert labels == ["Thu gọn thanh bên", "Trợ giúp: Tỉnh/Thành phố", "Search, 3,0 KB", "Bỏ tệp <b>toString"]
        assert page.locator("[data-testid=stFileChipName]").get_attribute("title") == "Search"
        assert page.locator("[data-testid=stFileChipName] + div").inner_text() == "3,0 KB"
        assert page.locator("#remove b").count() == 0
        page.evaluate("""() => { document.querySelector('[data-testid=stFileChipName] + div').firstChild.data = '53.5MB';
          document.querySelector('#later').innerHTML = '<div data-testid="stTooltipContent"><p>Search</p></div>';
          document.querySelector('#remove').setAttribute('title', 'toString'); }""")
        assert page.locator("[data-testid=stFileChipName] + div").inner_text() == "53,5 MB"
        assert page.locator("[data-testid=stTooltipContent] p").inner_text() == "Tìm trong bảng"
        assert page.locator("#remove").get_attribute("title") == "toString"
