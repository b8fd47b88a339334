"""Text from files rendered as text (issue 13, case 8): a school named '![x](http://host/track.png)' makes no
browser fetch anything, links are not clickable, '**x**' is not bold, and plotly shows '<b>' as written.

Markdown reaches the browser through st.markdown, captions, headers, alerts, metrics, expander, tab and
widget labels and radio options; every value from the store gets there through pages.ui.plain (checked on
every page of a store holding such a school here, and over the pages' source in test_markdown_calls.py).
Plotly labels go through pages.charts.label."""
from __future__ import annotations

import json
import re

import plotly.io
import pytest
from google.protobuf.json_format import MessageToDict
from hypothesis import given
from hypothesis import strategies as some
from streamlit.util import AttributeDictionary

from loaders.importer import import_file
from loaders.store import Store
from pages import charts
from pages.ui import plain
from tests.apptest import PAGES, open_app
from tests.browser import choose, chromium_page, missing_browser, running_app, wait_idle
from tests.test_import import full_ratings, workbook

# Every trick at once: an image (a request to another host), a link, a javascript: link, emphasis, HTML,
# an entity, an autolink, Streamlit's colour and icon directives, maths, and a heading after a line break.
HOSTILE = ("![x](http://host/track.png) [bấm](javascript:alert(1)) **đậm** <b>in</b> <img src=x onerror=alert(1)> "
           "&amp; www.evil.example https://evil.example/x thư@evil.example :red[đỏ] :material/home: $x$ ~~gạch~~"
           "\n# Tiêu đề")
_ACTIVE = set("\\`*_[]<>#!~$|:.@&")


@given(some.text())
def test_plain_escapes_every_markdown_character_and_keeps_the_text_on_one_line(text):
    shown = plain(text)
    assert "\n" not in shown and "\r" not in shown
    # the text itself, on one line, with word joiners (U+2060) that break bare links
    unescaped = re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "")
    assert unescaped == re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x85]+", " ", text).replace("\u2060", "")
    # outside the escapes themselves no active character is left
    assert not _ACTIVE & set(re.sub(r"\\.", "", shown))


@pytest.mark.parametrize("text, shown", [("- x", r"\- x"), ("12) x", r"12\) x"), ("1. x", r"1\. x"),
                                         ("+ x", r"\+ x"), ("a - b", "a - b")])
def test_plain_escapes_what_starts_a_list_at_the_start(text, shown):
    assert plain(text) == shown


@given(some.text())
def test_a_chart_label_stands_for_its_value(text):
    shown = charts.label(text)
    assert "<" not in shown and ">" not in shown and charts.raw(shown) == text


def _figure_texts(figure) -> list[str]:
    """Every string of the figure as plotly.js receives it."""
    found = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(plotly.io.to_json(figure)))
    return found


def _assert_escaped_for_plotly(texts: list[str]) -> None:
    hostile = [t for t in texts if "track.png" in t]
    assert hostile, "the hostile text is not in the chart"
    for text in hostile:
        assert "<b>" not in text and "<img" not in text and "&lt;b&gt;in&lt;/b&gt;" in text, text
        assert "&amp;amp;" in text  # an entity in the data stays as written, not turned into '&'


def test_every_chart_escapes_the_text_it_shows_from_data():
    import pandas as pd
    frame = pd.DataFrame({"district": [HOSTILE, "Tiên Lãng"], "n_assessed": [3, 4], "criterion_name": [HOSTILE, "x"]})
    _assert_escaped_for_plotly(_figure_texts(charts.bar_chart(frame, "district", "n_assessed", "#000",
                                                              hover=("criterion_name",))))
    long = pd.DataFrame({"area": [HOSTILE, HOSTILE], "n": [1, 2], "level_group": ["level1", "level2"]})
    stacked = charts.stacked_bar_chart(long, "area", "n", "level_group", {}, {"level1": "Cấp độ 1", "level2": "Cấp độ 2"},
                                       titles={"area": "Địa bàn", "n": "Số trường", "level_group": "Cấp độ"}, unit="trường")
    _assert_escaped_for_plotly(_figure_texts(stacked))
    assert charts.raw(stacked.data[0].x[0]) == HOSTILE  # a click on the bar hands back the area it stands for
    heat = charts.heatmap([[1, 2]], ["1.1", "1.2"], [HOSTILE], [["Mức 1", "Mức 2"]], [[0, "#000"], [1, "#fff"]],
                          {0: "Không đạt", 1: "Mức 1", 2: "Mức 2", 3: "Mức 3"}, background="#ccc", x_title="Tiêu chí")
    _assert_escaped_for_plotly(_figure_texts(heat))


# ------------------------------------------------------------ every page of a store holding such a school
@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """X1 (Mức 2 everywhere, so the Công nhận page lists it) named, placed, assessed and planning in
    HOSTILE; Tiên Lãng's X2 beside it."""
    folder = tmp_path_factory.mktemp("hostile")
    schools = [["X1", HOSTILE, "THCS", "Hải Phòng", "Huyện " + HOSTILE, "Xã " + HOSTILE],
               ["X2", "Trường THCS Bên Cạnh", "THCS", "Hải Phòng", "Tiên Lãng"]]
    ratings = [[school, *row[1:6], HOSTILE] for school in ("X1", "X2") for row in full_ratings(level="Mức 2")]
    plan = [["X1", "2023-2024", "3.6", "Mức 1", "Mức 2", HOSTILE, HOSTILE, "Năm 2024", "2 tỷ", HOSTILE, HOSTILE]]
    store = Store(folder / "store")
    assert import_file(store, workbook(folder / "hostile.xlsx", ratings, plan, schools=schools)).status == "imported"
    return store


_PLAIN_TEXT_ELEMENTS = {"dataframe", "plotly_chart"}  # their text is never Markdown (charts: checked apart)
_PLAIN_TEXT_FIELDS = {"options", "default", "rawValues", "rawValue", "value", "page", "pageScriptHash", "id",
                      "formId", "url", "queryString", "fileName", "mimeType"}  # selectbox options are plain text


def _strings(node, skip=frozenset()) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() if key not in skip for s in _strings(value, skip)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value, skip)]
    return []


def _rendered(app) -> tuple[list[str], list[str]]:
    """(the texts Streamlit renders as Markdown, the texts plotly renders) of everything on the page."""
    markdown, plotted = [], []

    def walk(node):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is not None and kind == "plotly_chart":
            spec = MessageToDict(proto).get("spec", "{}")
            plotted.extend(_strings(json.loads(spec)))
        elif proto is not None and kind not in _PLAIN_TEXT_ELEMENTS:
            # a selectbox's options are plain text; widgets are told apart by type
            skip = _PLAIN_TEXT_FIELDS if kind in ("selectbox", "multiselect", "page_link", "download_button") \
                else frozenset({"id", "formId", "url"})
            markdown.extend(_strings(MessageToDict(proto), skip))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(app.main)
    walk(app.sidebar)
    return markdown, plotted


def _shown_as_written(app, where: str) -> tuple[int, int]:
    """Asserts the hostile texts on the page are escaped; returns how many Markdown and chart texts hold one."""
    assert not app.exception, (where, [e.value for e in app.exception])
    markdown, plotted = _rendered(app)
    hostile = [text for text in markdown if "track" in text]
    for text in hostile:
        assert plain(HOSTILE) in text, (where, text)
    unescaped = [re.sub(r"\\.", "", text) for text in markdown]  # what Markdown reads as markup
    for fragment in ("![x](", "](http", "**đậm**", "<b>", "<img", "javascript:", ":red[", "\n#", "www.evil",
                     "https://", "@evil"):
        assert not [t for t in unescaped if fragment in t], (where, fragment)
    charted = [text for text in plotted if "track" in text]
    for text in charted:
        # a category's tick text is wrapped between words by charts.wrap ('<br>', ours)
        words = " ".join(text.replace("<br>", " ").split())
        assert "<b>" not in text and "<img" not in text and " ".join(charts.label(HOSTILE).split()) in words, (where, text)
    return len(hostile), len(charted)


def _select_row(app, key: str, row: int = 0):
    app.session_state[key] = {"selection": {"rows": [row], "columns": []}}
    return app.run()


def test_every_page_shows_a_hostile_school_as_written(hostile_store, monkeypatch):
    shown = {page: _shown_as_written(open_app(hostile_store, monkeypatch, page), page) for page in PAGES}
    # then each place the school's texts reach Markdown or a chart, one interaction each
    app = open_app(hostile_store, monkeypatch, "pages/ho_so_truong.py")
    shown["profile"] = _shown_as_written(app.selectbox(key="profile_school").set_value("X1").run(), "profile")
    app = open_app(hostile_store, monkeypatch, "pages/tong_quan.py")
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()  # the chart is by district now
    bar = {"x": charts.label("Huyện " + HOSTILE), "curve_number": 0, "point_index": 0, "legendgroup": "level2"}
    # a click on the bar, as the browser reports it (AppTest cannot click a chart)
    app.session_state["overview_chart"] = AttributeDictionary(
        {"selection": AttributeDictionary({"points": [bar], "point_indices": [0], "box": [], "lasso": []})})
    shown["overview drill-down"] = _shown_as_written(app.run(), "overview drill-down")
    assert len(app.dataframe[-1].value) == 1  # the clicked label led back to the district's school
    app = open_app(hostile_store, monkeypatch, "pages/theo_dia_ban.py")
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    for grouping in ("district", "commune"):
        app.radio(key="area_grouping").set_value(grouping).run()
        shown[f"areas by {grouping}"] = _shown_as_written(_select_row(app, "table_areas"), grouping)
    app = open_app(hostile_store, monkeypatch, "pages/kinh_phi.py")
    app.radio[0].set_value("school").run()
    shown["funding by school"] = _shown_as_written(_select_row(app, "table_funding_school"), "funding")
    app = open_app(hostile_store, monkeypatch, "pages/cong_nhan.py")
    shown["link to the profile"] = _shown_as_written(_select_row(app, "table_recognition_candidates"), "link")
    # (Markdown texts, chart texts) that held the hostile text: each place was really reached
    # a bar chart's district is in its bar, its axis's tick value and its wrapped tick text
    assert shown["pages/so_sanh_truong.py"] == (0, 1) and shown["pages/kinh_phi.py"] == (0, 3)
    assert shown["profile"] == (2, 0)  # its header and caption (the picker's options are plain text)
    for place in ("overview drill-down", "areas by district", "areas by commune", "funding by school"):
        assert shown[place][0] == 1 and shown[place][1] >= 1, (place, shown[place])
    assert shown["link to the profile"] == (1, 0)


def test_a_browser_shows_the_hostile_school_as_written_and_fetches_nothing(hostile_store, tmp_path):
    problem = missing_browser()
    if problem:
        pytest.fail(f"{problem}. The browser tests are part of the test suite; install it, do not skip them.",
                    pytrace=False)
    with running_app(hostile_store.root, tmp_path / "app.log") as url, \
            chromium_page(viewport={"width": 1400, "height": 1000}) as page:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{url}/ho_so_truong?truong=X1")
        page.get_by_text("Hồ sơ trường").first.wait_for(timeout=60000)
        wait_idle(page)
        header = page.locator("h2").filter(has_text="track.png").first
        shown = header.inner_text().replace("\u2060", "")  # the word joiners are invisible
        assert shown == HOSTILE.replace("\n", " ")
        main = page.locator("[data-testid=stMain]")
        links = main.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href') || '')")
        assert not [href for href in links if not href.startswith("#")], links  # a heading's own anchor only
        assert main.locator("strong", has_text="đậm").count() == 0 and main.locator("img[src='x']").count() == 0
        choose(page, "Tỉnh/Thành phố", "Hải Phòng")
        page.get_by_role("link", name="Tổng quan").click()
        page.locator(".js-plotly-plot").first.wait_for()
        wait_idle(page)
        ticks = " ".join(page.locator(".js-plotly-plot .xtick text").evaluate_all("ts => ts.map(t => t.textContent)"))
        assert "<b>in</b>" in ticks and "&amp;" in ticks  # shown as written, not as bold text or as '&'
        assert not [r for r in requested if "host/" in r or "evil" in r]
